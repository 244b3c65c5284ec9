"""The JSON API, `/api/v1`: catalog, surface grids, whole runs and comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from app.config import Settings
from app.core.datasets import DatasetUnavailable
from app.core.formula_parse import FormulaError
from app.core.surfaces import SURFACES
from app.core.tuning import MAX_TUNE_STEPS, tune_steps

from ..capacity import Capacity
from ..catalog import catalog_body
from ..export import csv_chunks, json_chunks
from ..figure import render_svg
from ..figure_text import run_label
from ..formula_fields import formula_field_error, surface_of
from ..formula_query import custom_from_query
from ..http_jobs import hold, http_job, through_lane
from ..permalink import QUERY_DOC, QueryError, configs_from_query, unknown_keys
from ..protocol import dumps, field_errors, safe_key, surface_info, to_spec
from ..run_config import CompareRequest, RunConfig, run_limit_errors
from ..runner import gather
from ..schemas import DescentRun, SurfaceKey
from ..train_schemas import TrainRun

router = APIRouter(prefix="/api/v1", tags=["api"])


class JSONBytes(Response):
    media_type = "application/json"


class Grid(BaseModel):
    shape: list[int]
    domain: list[list[float]]
    values: list[float | None]
    surface: dict[str, Any] | None = None


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
    settings: Settings = request.app.state.settings
    return settings


def _capacity(request: Request) -> Capacity:
    capacity: Capacity = request.app.state.capacity
    return capacity




@router.get("/catalog", summary="Surfaces, optimizers, schedules, gradient modes and limits")
def catalog(request: Request) -> dict[str, Any]:
    """The page builds its controls from this; scripts find every key here."""
    return catalog_body(_settings(request))


@router.get("/surfaces/{key}/grid", summary="f on an n×n grid over the view box", response_model=Grid,
            responses={422: ERRORS[422]})
async def surface_grid(
    request: Request,
    key: Annotated[SurfaceKey, Path(description="surface key, or custom with f")],
    n: Annotated[int, Query(ge=2, le=1000, description="grid points per axis (capped by max_grid)")] = 80,
    f: Annotated[str | None, Query(max_length=4096, description="custom: the formula f(x, y)")] = None,
    view: Annotated[str | None, Query(max_length=200, description="custom: x_min,x_max,y_min,y_max")] = None,
    x0: Annotated[float | None, Query(ge=-1e6, le=1e6, description="a zoomed window: left edge")] = None,
    x1: Annotated[float | None, Query(ge=-1e6, le=1e6, description="right edge")] = None,
    y0: Annotated[float | None, Query(ge=-1e6, le=1e6, description="bottom edge")] = None,
    y1: Annotated[float | None, Query(ge=-1e6, le=1e6, description="top edge")] = None,
) -> Response:
    """Row-major values, row j at y = domain[1][0] + j·Δy (bottom row first), for contouring; null where f is not
    finite; over the surface's view box, or over the window x0..x1 × y0..y1 when all four are given (the map
    recontours a zoomed view). For `custom`, also `surface`: its minima, saddles, kinks and notes (or 422 naming
    the position)."""
    settings = _settings(request)
    limit = settings.max_grid
    if n > limit:
        raise HTTPException(422, [{"loc": ["query", "n"], "type": "limit", "name": "max_grid", "limit": limit,
                                   "value": n, "msg": f"n = {n} is above this server's limit max_grid = {limit}"}])
    if key == "custom":
        s = await run_in_threadpool(custom_from_query, f, view, settings)
    elif f is not None or view is not None:
        raise HTTPException(422, [formula_field_error(FormulaError("not_custom", None), ("query",),
                                                      "f" if f is not None else "view")])
    else:
        s = SURFACES[key]
    edges = (x0, x1, y0, y1)
    box = s.view
    if any(e is not None for e in edges):
        if any(e is None for e in edges) or not (x0 < x1 and y0 < y1):  # type: ignore[operator]
            raise HTTPException(422, [{"loc": ["query", "x0"], "type": "value_error",
                                       "msg": "a window needs all of x0 < x1 and y0 < y1"}])
        box = ((float(x0), float(x1)), (float(y0), float(y1)))  # type: ignore[arg-type]
    with np.errstate(over="ignore", invalid="ignore"):
        _, _, values = s.grid(n, box)
    body: dict[str, Any] = {"shape": [n, n], "domain": [list(box[0]), list(box[1])], "values": values.ravel()}
    if key == "custom":
        body["surface"] = surface_info(s)
    return JSONBytes(dumps(body))


def _check_limits(located: list[tuple[RunConfig, tuple[str | int, ...]]], settings: Settings) -> None:
    errors = [e for run, loc in located for e in run_limit_errors(run, settings, loc)]
    total = sum(run.steps for run, _ in located if isinstance(run, DescentRun))
    if total > settings.max_http_steps:
        first = located[0][1]
        errors.append({"loc": [*first[:2]] if "runs" in first else [*first, "steps"], "type": "limit",
                       "name": "max_http_steps", "limit": settings.max_http_steps,
                       "msg": f"{total} steps in all is above this server's limit max_http_steps = "
                              f"{settings.max_http_steps} for one HTTP call; use fewer steps or the WebSocket"})
    if errors:
        raise HTTPException(422, errors)


async def _compute(request: Request, runs: Sequence[RunConfig]) -> list[dict[str, Any]]:
    """Every run to its end through the compute lanes; 429 with Retry-After when the HTTP runs are at their cap.

    The client leaving stops the runs (the answer is then never sent)."""
    settings, capacity = _settings(request), _capacity(request)
    release = hold(capacity, len(runs), sum(isinstance(r, TrainRun) for r in runs))
    try:
        results = []
        for i, run in enumerate(runs):
            result = await gather(run, run.id or f"r{i + 1}", settings, capacity, request.is_disconnected)
            if result is None:
                raise HTTPException(499, "client closed the request")
            results.append(result)
        return results
    except DatasetUnavailable as e:
        raise HTTPException(422, [{"loc": ["body", "dataset"], "type": "unavailable", "msg": str(e),
                                   "detail": str(e)}]) from None
    except ValueError as e:  # a combination the core refuses that no field check caught
        raise HTTPException(422, [{"loc": ["body"], "type": "value_error", "msg": str(e), "detail": str(e)}]) from None
    finally:
        release()


def _answer(request: Request, body: Any, results: list[dict[str, Any]], format: str) -> Response:
    """JSON or CSV, encoded a slice per turn of the light lane (in a worker thread) and sent slice by slice."""
    capacity = _capacity(request)
    if format == "csv":
        return StreamingResponse(through_lane(capacity, False, csv_chunks(results)), media_type="text/csv")
    return StreamingResponse(through_lane(capacity, False, json_chunks(body)), media_type="application/json")


@router.post("/runs", summary="Run one configuration to the end", response_model=RunResult, responses=RUN_RESPONSES)
async def post_run(
    request: Request, run: RunConfig,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
) -> Response:
    """The whole run: `meta`, the steps as columns, and `done` with the reason and diagnosis."""
    await run_in_threadpool(_check_limits, [(run, ("body",))], _settings(request))  # a formula compiles here
    results = await _compute(request, [run])
    return _answer(request, results[0], results, format)


@router.post("/compare", summary="Run several configurations", response_model=CompareResult, responses=RUN_RESPONSES)
async def post_compare(
    request: Request, body: CompareRequest,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
) -> Response:
    """Several runs (e.g. lr 0.1, 10 and 1e-10 from one start) in one call, in order."""
    settings = _settings(request)
    if len(body.runs) > settings.max_compare_runs:
        raise HTTPException(422, [{"loc": ["body", "runs"], "type": "limit", "name": "max_compare_runs",
                                   "limit": settings.max_compare_runs, "value": len(body.runs),
                                   "msg": f"{len(body.runs)} runs is above this server's limit "
                                          f"max_compare_runs = {settings.max_compare_runs}"}])
    await run_in_threadpool(_check_limits, [(r, ("body", "runs", i)) for i, r in enumerate(body.runs)], settings)
    results = await _compute(request, body.runs)
    return _answer(request, {"runs": results}, results, format)


FIGURE_QUERY_DOC = QUERY_DOC


async def _tuned(request: Request, configs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same configurations with each optimizer's learning rate from app.core.tuning's search."""
    try:
        first = DescentRun.model_validate(configs[0])
    except ValidationError as e:
        raise HTTPException(422, [{**f, "loc": ["query", *f["loc"]]} for f in field_errors(e.errors())]) from None
    if first.steps > MAX_TUNE_STEPS:
        raise HTTPException(422, [{"loc": ["query", "steps"], "type": "limit", "limit": MAX_TUNE_STEPS,
                                   "msg": f"a learning-rate search runs at most {MAX_TUNE_STEPS} steps per trial"}])
    names = [c["optimizer"]["name"] for c in configs]
    try:
        async with http_job(request) as job:
            found = await job.drive(False, tune_steps(to_spec(first), names))
    except ValueError as e:
        raise HTTPException(422, [{"loc": ["query", "tune"], "type": "value_error", "msg": str(e)}]) from None
    best = {o["optimizer"]: o["lr"] for o in found["optimizers"]}
    return [{**c, "optimizer": {**c["optimizer"], "lr": best.get(c["optimizer"]["name"], c["optimizer"]["lr"])}}
            for c in configs]


@router.get("/figure.svg", summary="The contour map with trajectories as SVG", responses={
    200: {"content": {"image/svg+xml": {"schema": {"type": "string"}}}, "description": "an SVG document"},
    **ERRORS}, response_class=Response)
async def figure_svg(
    request: Request,
    surface: Annotated[SurfaceKey, Query(description="surface key")] = "bowl",
    lang: Annotated[Literal["ko", "en"], Query(description="language of the title")] = "en",
    vary: Annotated[Literal["", "lr", "opt", "grad", "momentum"], Query(description="the setting compared")] = "",
    values: Annotated[str, Query(max_length=400, description="comma-separated values of `vary`")] = "",
    lrs: Annotated[str, Query(max_length=400, description="each compared run's own learning rate")] = "",
    tune: Annotated[Literal["", "0", "1"], Query(description="1 with vary=opt: each optimizer's learning rate from "
                                                             "a short search (POST /api/v1/tune)")] = "",
) -> Response:
    """Draw the same runs as the page's permalink with these query keys. """ + FIGURE_QUERY_DOC
    settings = _settings(request)
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "tune")}
    unknown = unknown_keys(query)
    if unknown:
        raise HTTPException(422, [{"loc": ["query", safe_key(k)], "type": "unknown_key",
                                   "msg": f"unknown query key {safe_key(k)!r}; the keys are those of the page's "
                                          f"permalink"} for k in unknown[:10]])
    try:
        configs = configs_from_query(query)
    except QueryError as e:
        raise HTTPException(422, [e.error()]) from None
    if tune == "1" and vary == "opt" and len(configs) > 1:
        configs = await _tuned(request, configs)
    if len(configs) > settings.max_compare_runs:
        raise HTTPException(422, [{"loc": ["query", "values"], "type": "limit", "name": "max_compare_runs",
                                   "limit": settings.max_compare_runs, "value": len(configs),
                                   "msg": f"{len(configs)} runs is above this server's limit "
                                          f"max_compare_runs = {settings.max_compare_runs}"}])
    runs = []
    for c in configs:
        try:
            runs.append(DescentRun.model_validate(c))
        except ValidationError as e:
            raise HTTPException(422, [{**f, "loc": ["query", *f["loc"]]} for f in field_errors(e.errors())]) from None
    await run_in_threadpool(_check_limits, [(r, ("query",)) for r in runs], settings)
    results = await _compute(request, runs)
    picked = [v.strip() for v in values.split(",") if v.strip()]
    labels = ([run_label(lang, vary, v) for v in picked] if vary and picked
              else [run_label(lang, "lr", f"{runs[0].optimizer.lr:g}")])
    if vary == "opt" and (lrs or tune == "1"):
        labels = [f"{label} (lr {r.optimizer.lr:.3g})" for label, r in zip(labels, runs, strict=False)]
    svg = await _capacity(request).compute(False, lambda: render_svg(surface_of(runs[0]), results, labels, lang,
                                                                     min(120, settings.max_grid)))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})
