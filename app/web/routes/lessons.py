"""Lessons as data (`/api/v1/lessons`) and the numerical-gradient timing the lessons compare with backprop."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response
from pydantic import ConfigDict, Field

from app.config import Settings
from app.core.datasets import DATASETS, DatasetUnavailable, load
from app.core.gradient_timing import time_gradients
from app.core.gradients import Interrupted
from app.core.nets import init_params, make_mlp
from app.lessons import lessons

from ..blas import one_blas_thread
from ..http_jobs import http_job
from ..lesson_results import RUN_ADAPTER, cached, conclude, lesson_extras, lesson_runs
from ..protocol import dumps
from ..run_config import run_limit_errors
from ..runner import gather
from ..schemas import Int, Strict
from ..train_schemas import Units
from .api import ERRORS, _settings

router = APIRouter(prefix="/api/v1", tags=["lessons"])
ClassificationKey = Literal[tuple(k for k, d in DATASETS.items() if d.kind != "regression")]  # type: ignore[valid-type]


@router.get("/lessons", summary="The course's experiments, in Korean and English, with their run configurations")
def get_lessons() -> list[dict[str, Any]]:
    """Each lesson: key, title, text and notice in both languages, the runs (as `POST /api/v1/runs` takes them),
    the verdict each run should end with (`expect`), a permalink and an embed link."""
    return lessons()


@router.get("/lessons/{key}", summary="One lesson", responses={404: {"description": "No such lesson"}})
def get_lesson(key: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    for lesson in lessons():
        if lesson["key"] == key:
            return lesson
    raise HTTPException(404, f"no lesson {key!r}")


@router.get("/lessons/{key}/result", summary="One lesson run to the end, with each of its claims checked",
            responses={404: {"description": "No such lesson"}, 422: ERRORS[422], 429: ERRORS[429]})
async def get_lesson_result(request: Request, key: Annotated[str, Path(max_length=40)]) -> Response:
    """Runs the lesson's runs (and its loss presets, update anatomies, gradient timing) and evaluates its claims:
    `claims` [{id, ok, op, lhs, rhs, runs, text{ko,en}}] with the measured values (a value that never happens, such
    as a tolerance never reached, is null), `ok` (all claims hold) and a short summary of each result. Lessons are
    deterministic; the result is computed once per server process."""
    lesson = next((x for x in lessons() if x["key"] == key), None)
    if lesson is None:
        raise HTTPException(404, f"no lesson {key!r}")
    settings = _settings(request)
    errors = [e for i, raw in enumerate(lesson["runs"])
              for e in run_limit_errors(RUN_ADAPTER.validate_python(raw), settings, ("lesson", "runs", i))]
    if errors:  # a server configured with smaller limits than the lesson needs says which
        raise HTTPException(422, errors)
    body = cached(lesson, settings) or await _compute_lesson(request, lesson, settings)
    return Response(dumps(body), media_type="application/json")


async def _compute_lesson(request: Request, lesson: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The lesson's runs and extras through the compute lanes, held as HTTP runs (429 beyond the cap); the runs
    stop when the client leaves."""
    heavy = sum(r.get("kind") == "train" for r in lesson["runs"]) + ("timing" in lesson)
    async with http_job(request, max(1, len(lesson["runs"])), heavy) as job:
        configs = lesson_runs(lesson)
        results: dict[str, dict[str, Any]] = {}
        for run_id, config in configs.items():
            result = await gather(config, run_id, settings, job.capacity, job.left)
            if result is None:
                raise job.refusal()
            results[run_id] = result
        for key, (heavy_work, work) in lesson_extras(lesson, configs, settings, job.stopped).items():
            try:
                results[key] = await job.drive(heavy_work, work())
            except Interrupted:
                raise job.refusal() from None
        return await job.run(False, lambda: conclude(lesson, settings, results))


class GradientTiming(Strict):
    """A network and a mini-batch on which to time backprop against a numerical gradient."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [
        {"dataset": "mnist5k", "hidden": [100], "activation": "sigmoid", "batch_size": 100, "coordinates": 200}]})

    dataset: ClassificationKey = "mnist5k"  # type: ignore[valid-type]
    hidden: list[Units] = Field(default_factory=lambda: [100], max_length=4)
    activation: Literal["sigmoid", "tanh", "relu"] = "sigmoid"
    batch_size: Int = Field(100, ge=1, le=1000)
    coordinates: Int = Field(200, ge=10, le=1000, description="coordinates differenced to estimate the full time")
    seed: Int = Field(0, ge=0, le=2**32 - 1)


def timing_work(body: GradientTiming, features: int, classes: int) -> tuple[int, int]:
    """(parameters, parameters × batch × coordinates): the multiply-adds of the differenced coordinates, / 2."""
    sizes = [features, *body.hidden, classes]
    params = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
    return params, params * body.batch_size * min(body.coordinates, params)


@router.post("/gradient-timing", summary="Time backprop and a numerical gradient on the same network",
             responses=ERRORS)
async def gradient_timing(request: Request, body: GradientTiming) -> dict[str, Any]:
    """Backprop's time, the numerical gradient's time estimated from `coordinates` random coordinates
    (the full one needs 2 × parameters loss evaluations), their ratio, and how closely they agree.

    It runs in the training lane, within `max_timing_work` and `run_wall_seconds`, and stops when the client
    leaves."""
    settings = _settings(request)
    if max(body.hidden, default=0) > settings.max_hidden_units:
        raise HTTPException(422, [{"loc": ["body", "hidden"], "type": "limit", "name": "max_hidden_units",
                                   "limit": settings.max_hidden_units, "value": max(body.hidden),
                                   "msg": f"a hidden layer above this server's limit max_hidden_units = "
                                          f"{settings.max_hidden_units}"}])
    spec = DATASETS[body.dataset]
    params, work = timing_work(body, spec.features, spec.classes)
    if work > settings.max_timing_work:
        raise HTTPException(422, [{"loc": ["body", "coordinates"], "type": "limit", "name": "max_timing_work",
                                   "limit": settings.max_timing_work,
                                   "msg": f"{params} parameters × batch {body.batch_size} × "
                                          f"{min(body.coordinates, params)} coordinates = {work} is above this "
                                          f"server's limit max_timing_work = {settings.max_timing_work}"}])
    def measure(stop: Callable[[], bool]) -> dict[str, Any]:
        data = load(body.dataset, seed=body.seed, mnist_dir=settings.mnist_dir)
        rng = np.random.default_rng(body.seed)
        net = make_mlp(data.features, tuple(body.hidden), data.classes, body.activation, "cross_entropy")
        theta = init_params(net, rng, "normal", 0.01)
        idx = rng.choice(len(data.y), size=min(body.batch_size, len(data.y)), replace=False)
        with one_blas_thread():
            return {"sizes": list(net.sizes), **time_gradients(
                net, theta, data.x[idx], data.y[idx], body.coordinates, rng, stop=stop)}

    async with http_job(request, 1, 1) as job:
        try:
            return await job.run(True, lambda: measure(job.stopped))
        except Interrupted:
            raise job.refusal() from None
        except DatasetUnavailable as e:
            raise HTTPException(422, [{"loc": ["body", "dataset"], "type": "unavailable", "msg": str(e),
                                       "detail": str(e)}]) from None
