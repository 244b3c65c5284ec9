"""The JSON API, `/api/v1`: catalog, surface grids, whole runs and comparisons."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from app.config import Settings
from app.core.datasets import DatasetUnavailable
from app.core.surfaces import SURFACES

from ..catalog import catalog_body
from ..figure import render_svg
from ..permalink import QUERY_DOC, QueryError, configs_from_query
from ..protocol import dumps, field_errors
from ..run_config import CompareRequest, RunConfig, run_limit_errors
from ..runner import Capacity, result_csv, run_result
from ..schemas import DescentRun, SurfaceKey
from ..train_schemas import TrainRun

router = APIRouter(prefix="/api/v1", tags=["api"])


class JSONBytes(Response):
    media_type = "application/json"


class Grid(BaseModel):
    shape: list[int]
    domain: list[list[float]]
    values: list[float | None]


class RunResult(BaseModel):
    run_id: str
    meta: dict[str, Any]
    steps: dict[str, list[Any]]
    epochs: list[dict[str, Any]]
    done: dict[str, Any]


class CompareResult(BaseModel):
    runs: list[RunResult]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The body could not be read (not UTF-8 JSON)"},
    413: {"description": "Request body too large"},
    422: {"description": "Invalid configuration or over a server limit; `detail` names each field"},
    429: {"description": "Too many runs at once on this server; try again shortly"},
}


RUN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "JSON by default; CSV (one row per step) with `?format=csv`"},
    **ERRORS,
}


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _capacity(request: Request) -> Capacity:
    return Capacity(request.app.state.limiter, request.app.state.train_limiter)


@router.get("/catalog", summary="Surfaces, optimizers, schedules, gradient modes and limits")
def catalog(request: Request) -> dict[str, Any]:
    """The page builds its controls from this; scripts find every key here."""
    return catalog_body(_settings(request))


@router.get("/surfaces/{key}/grid", summary="f on an n×n grid over the view box", response_model=Grid,
            responses={422: ERRORS[422]})
def surface_grid(
    request: Request,
    key: Annotated[SurfaceKey, Path(description="surface key")],  # type: ignore[valid-type]
    n: Annotated[int, Query(ge=2, le=1000, description="grid points per axis (capped by max_grid)")] = 80,
) -> Response:
    """Row-major values, row j at y = domain[1][0] + j·Δy (bottom row first), for contouring."""
    limit = _settings(request).max_grid
    if n > limit:
        raise HTTPException(422, [{"loc": ["query", "n"], "type": "limit", "name": "max_grid", "limit": limit,
                                   "msg": f"n = {n} is above this server's limit max_grid = {limit}"}])
    s = SURFACES[key]
    _, _, values = s.grid(n)
    body = {"shape": [n, n], "domain": [list(s.view[0]), list(s.view[1])], "values": values.ravel()}
    return JSONBytes(dumps(body))


def _check_limits(located: list[tuple[RunConfig, tuple[str | int, ...]]], settings: Settings) -> None:
    errors = [e for run, loc in located for e in run_limit_errors(run, settings, loc)]
    if errors:
        raise HTTPException(422, errors)


async def _compute(request: Request, runs: list[RunConfig]) -> list[dict[str, Any]]:
    settings, capacity = _settings(request), _capacity(request)
    heavy = sum(isinstance(r, TrainRun) for r in runs)
    if not capacity.try_acquire(len(runs), heavy):
        raise HTTPException(429, "Too many runs at once on this server; try again in a moment.",
                            headers={"Retry-After": "1"})
    try:
        ids = [run.id or f"r{i + 1}" for i, run in enumerate(runs)]
        return await run_in_threadpool(lambda: [run_result(r, i, settings) for r, i in zip(runs, ids, strict=True)])
    except DatasetUnavailable as e:
        raise HTTPException(422, [{"loc": ["body", "dataset"], "type": "unavailable", "msg": str(e)}]) from None
    except ValueError as e:  # a combination the core refuses that no field check caught
        raise HTTPException(422, [{"loc": ["body"], "type": "value_error", "msg": str(e)}]) from None
    finally:
        capacity.release(len(runs), heavy)


@router.post("/runs", summary="Run one configuration to the end", response_model=RunResult, responses=RUN_RESPONSES)
async def post_run(
    request: Request, run: RunConfig,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
) -> Response:
    """The whole run: `meta`, the steps as columns, and `done` with the reason and diagnosis."""
    _check_limits([(run, ("body",))], _settings(request))
    result = (await _compute(request, [run]))[0]
    if format == "csv":
        return Response(result_csv([result]), media_type="text/csv")
    return JSONBytes(dumps(result))


@router.post("/compare", summary="Run several configurations", response_model=CompareResult, responses=RUN_RESPONSES)
async def post_compare(
    request: Request, body: CompareRequest,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
) -> Response:
    """Several runs (e.g. lr 0.1, 10 and 1e-10 from one start) in one call, in order."""
    settings = _settings(request)
    if len(body.runs) > settings.max_compare_runs:
        raise HTTPException(422, [{"loc": ["body", "runs"], "type": "limit", "name": "max_compare_runs",
                                   "limit": settings.max_compare_runs,
                                   "msg": f"{len(body.runs)} runs is above this server's limit "
                                          f"max_compare_runs = {settings.max_compare_runs}"}])
    _check_limits([(r, ("body", "runs", i)) for i, r in enumerate(body.runs)], settings)
    results = await _compute(request, body.runs)
    if format == "csv":
        return Response(result_csv(results), media_type="text/csv")
    return JSONBytes(dumps({"runs": results}))


FIGURE_QUERY_DOC = QUERY_DOC


@router.get("/figure.svg", summary="The contour map with trajectories as SVG", responses={
    200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}, "description": "an SVG document"},
    **ERRORS}, response_class=Response)
async def figure_svg(
    request: Request,
    surface: Annotated[SurfaceKey, Query(description="surface key")] = "bowl",  # type: ignore[valid-type]
    lang: Annotated[Literal["ko", "en"], Query(description="language of the title")] = "en",
    vary: Annotated[Literal["", "lr", "opt", "grad", "momentum"], Query(description="the setting compared")] = "",
    values: Annotated[str, Query(max_length=400, description="comma-separated values of `vary`")] = "",
) -> Response:
    """Draw the same runs as the page's permalink with these query keys. """ + FIGURE_QUERY_DOC
    settings = _settings(request)
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    try:
        configs = configs_from_query(query)
    except QueryError as e:
        raise HTTPException(422, [{"loc": ["query", e.field], "type": "value_error", "msg": e.msg}]) from None
    if len(configs) > settings.max_compare_runs:
        raise HTTPException(422, [{"loc": ["query", "values"], "type": "limit", "name": "max_compare_runs",
                                   "limit": settings.max_compare_runs,
                                   "msg": f"{len(configs)} runs is above this server's limit "
                                          f"max_compare_runs = {settings.max_compare_runs}"}])
    runs = []
    for c in configs:
        try:
            runs.append(DescentRun.model_validate(c))
        except ValidationError as e:
            raise HTTPException(422, [{**f, "loc": ["query", *f["loc"]]} for f in field_errors(e.errors())]) from None
    _check_limits([(r, ("query",)) for r in runs], settings)
    results = await _compute(request, runs)
    picked = [v.strip() for v in values.split(",") if v.strip()]
    labels = [f"{vary} = {v}" for v in picked] if vary and picked else [f"lr = {runs[0].optimizer.lr:g}"]
    svg = await run_in_threadpool(render_svg, SURFACES[runs[0].surface], results, labels, lang,
                                  min(120, settings.max_grid))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})
