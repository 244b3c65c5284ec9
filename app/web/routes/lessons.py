"""Lessons as data (`/api/v1/lessons`) and the numerical-gradient timing the lessons compare with backprop."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ConfigDict, Field
from threadpoolctl import threadpool_limits

from app.core.datasets import DATASETS, DatasetUnavailable, load
from app.core.gradient_timing import time_gradients
from app.core.nets import init_params, make_mlp
from app.lessons import lessons

from ..schemas import Int, Strict
from ..train_schemas import Units
from .api import ERRORS, _capacity, _settings

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


@router.post("/gradient-timing", summary="Time backprop and a numerical gradient on the same network",
             responses=ERRORS)
async def gradient_timing(request: Request, body: GradientTiming) -> dict[str, Any]:
    """Backprop's time, the numerical gradient's time estimated from `coordinates` random coordinates
    (the full one needs 2 × parameters loss evaluations), their ratio, and how closely they agree."""
    settings = _settings(request)
    if max(body.hidden, default=0) > settings.max_hidden_units:
        raise HTTPException(422, [{"loc": ["body", "hidden"], "type": "limit", "name": "max_hidden_units",
                                   "limit": settings.max_hidden_units,
                                   "msg": f"a hidden layer above this server's limit max_hidden_units = "
                                          f"{settings.max_hidden_units}"}])
    capacity = _capacity(request)
    if not capacity.try_acquire(1, 1):
        raise HTTPException(429, "Too many runs at once on this server; try again in a moment.",
                            headers={"Retry-After": "1"})

    def measure() -> dict[str, Any]:
        data = load(body.dataset, seed=body.seed, mnist_dir=settings.mnist_dir)
        rng = np.random.default_rng(body.seed)
        net = make_mlp(data.features, tuple(body.hidden), data.classes, body.activation, "cross_entropy")
        theta = init_params(net, rng, "normal", 0.01)
        idx = rng.choice(len(data.y), size=min(body.batch_size, len(data.y)), replace=False)
        with threadpool_limits(1, "blas"):
            return {"sizes": list(net.sizes), **time_gradients(net, theta, data.x[idx], data.y[idx],
                                                                body.coordinates, rng)}

    try:
        return await run_in_threadpool(measure)
    except DatasetUnavailable as e:
        raise HTTPException(422, [{"loc": ["body", "dataset"], "type": "unavailable", "msg": str(e)}]) from None
    finally:
        capacity.release(1, 1)
