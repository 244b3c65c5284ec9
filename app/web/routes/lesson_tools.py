"""The lessons' calculators: loss values (`/losses`), the anatomy of one update (`/anatomy`, `/anatomy/train`)
and a fair optimizer comparison (`/tune`: each optimizer's learning rate from a short search)."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import ConfigDict, Field, field_validator, model_validator

from app.core.anatomy import anatomy_steps
from app.core.anatomy_train import train_anatomy_steps
from app.core.datasets import DatasetUnavailable
from app.core.tuning import MAX_TUNE_STEPS, tune_steps

from ..http_jobs import http_job
from ..lesson_results import loss_values
from ..protocol import dumps, to_spec
from ..schemas import DescentRun, Int, OptimizerKey, Strict, limit_errors
from ..train_preview import TrainSetup
from ..train_schemas import TrainRun, train_limit_errors
from .api import ERRORS, _settings

router = APIRouter(prefix="/api/v1", tags=["lessons"])
Probability = Annotated[float, Field(ge=0.0, le=1.0)]


def _json(body: Any) -> Response:
    return Response(dumps(body), media_type="application/json")


def _refuse(field: str, msg: str) -> HTTPException:
    return HTTPException(422, [{"loc": ["body", *field.split(".")], "type": "value_error", "msg": msg}])


class LossRequest(Strict):
    """One output vector y (a probability vector) and the right class, as one-hot `t` or as `target`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [
        {"y": [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0], "target": 2, "delta": "course"}]})

    y: list[Probability] = Field(min_length=2, max_length=1000, description="outputs, each in [0, 1], summing to 1")
    t: list[Literal[0, 1]] | None = Field(None, description="one-hot target (or give `target`)")
    target: Int | None = Field(None, ge=0, le=999, description="index of the right class (or give `t`)")
    delta: Literal["course", "exact"] = Field("course", description="course: log(y + 1e-7); exact: log(y)")

    @field_validator("y")
    @classmethod
    def _probabilities(cls, y: list[float]) -> list[float]:
        if abs(sum(y) - 1.0) > 1e-6:
            raise ValueError(f"y must sum to 1 (a probability vector); it sums to {sum(y):.6g}")
        return y

    @model_validator(mode="after")
    def _one_target(self) -> LossRequest:
        if (self.t is None) == (self.target is None):
            raise ValueError("give exactly one of t (one-hot) and target (a class index)")
        if self.t is not None and (len(self.t) != len(self.y) or sum(self.t) != 1):
            raise ValueError("t must be one-hot: as long as y, with exactly one 1")
        if self.target is not None and self.target >= len(self.y):
            raise ValueError(f"target must be below the number of classes {len(self.y)}")
        return self


@router.post("/losses", summary="Mean squared error and cross-entropy of one output",
             responses={k: ERRORS[k] for k in (400, 413, 422)})
def post_losses(body: LossRequest) -> Response:
    """MSE ½·Σ(y − t)² and cross-entropy −Σ t·log(y + δ), with δ = 1e-7 (the course) or 0 (exact).
    The course's examples: 0.6 on the right class gives 0.0975 and 0.5108; 0.6 on a wrong class 0.5975 and 2.3026."""
    target = body.target if body.target is not None else list(body.t or []).index(1)
    out = loss_values(list(body.y), target, body.delta)
    if math.isinf(out["cross_entropy"]):
        raise _refuse("y", f"y[{target}] = 0 on the right class makes the exact cross-entropy infinite; "
                           "use delta 'course' (log(y + 1e-7))")
    return _json(out)


class AnatomyRequest(Strict):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [
        {"run": {"surface": "elongated", "start": [-7, 2], "steps": 20, "optimizer": {"name": "adam", "lr": 0.3},
                 "gradient": {"mode": "central"}}, "step": 0}]})

    run: DescentRun
    step: Int = Field(0, ge=0, le=100_000, description="the update t to take apart (0 = the first)")


@router.post("/anatomy", summary="Every number of one descent update", responses=ERRORS)
async def post_anatomy(request: Request, body: AnatomyRequest) -> Response:
    """x_t, f(x_t), the gradient (with f(x ± h) for numerical gradients), η_t, the optimizer's state before and
    after (velocity; Adam's m, v, m̂, v̂ and bias corrections), the arrows whose sum is Δ_t, and x_{t+1}.
    The replay to step t computes in the compute lanes, a turn at a time (429 when the server is full)."""
    errors = await run_in_threadpool(limit_errors, body.run, _settings(request), ("body", "run"))  # a formula too
    if errors:
        raise HTTPException(422, errors)
    if body.step >= max(body.run.steps, 1):
        raise _refuse("step", f"step must be below the run's steps = {body.run.steps}")
    async with http_job(request) as job:
        try:
            return _json(await job.drive(False, anatomy_steps(to_spec(body.run), body.step)))
        except ValueError as e:
            raise _refuse("step", str(e)) from None


class TrainAnatomyRequest(Strict):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [
        {"run": {"kind": "train", "dataset": {"name": "digits"}, "epochs": 1}, "iteration": 0}]})

    run: TrainRun
    iteration: Int = Field(0, ge=0, le=1_000_000, description="the global iteration t (0 = the first mini-batch)")


@router.post("/anatomy/train", summary="One mini-batch update, layer by layer", responses=ERRORS)
async def post_train_anatomy(request: Request, body: TrainAnatomyRequest) -> Response:
    """The mini-batch's loss, each layer's gradient norm ‖g_l‖ and relative update ‖Δθ_l‖/‖θ_l‖ at iteration t
    of the run, replayed exactly as training runs it, in the training lane a turn at a time."""
    settings = _settings(request)
    errors = train_limit_errors(body.run, settings, ("body", "run"))
    if errors:
        raise HTTPException(422, errors)
    async with http_job(request, 1, 1) as job:
        try:
            setup = await job.run(True, lambda: TrainSetup(body.run, settings))
            return _json(await job.drive(True, train_anatomy_steps(setup.data, setup.cfg, body.iteration)))
        except DatasetUnavailable as e:
            raise _refuse("run.dataset", str(e)) from None
        except ValueError as e:
            raise _refuse("iteration", str(e)) from None


class TuneRequest(Strict):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [
        {"run": {"surface": "elongated", "start": [-8, 4], "steps": 30},
         "optimizers": ["sgd", "momentum", "adagrad", "adam"]}]})

    run: DescentRun
    optimizers: list[OptimizerKey] = Field(
        default_factory=lambda: ["sgd", "momentum", "adagrad", "adam"], min_length=1, max_length=7)


@router.post("/tune", summary="Each optimizer's learning rate from a short search on the same problem",
             responses=ERRORS)
async def post_tune(request: Request, body: TuneRequest) -> Response:
    """Runs the same descent (surface, start, steps, gradient) for each optimizer at 17 learning rates 10^(k/4)
    from 1e-3 to 10 and keeps, per optimizer, the rate that first gets within 1e-6 of the way to the minimum (else
    the one that ends lowest). Answers `method: "search"`, the grid and every trial. At most 500 steps.
    The trials compute in the compute lanes, a turn at a time; the search stops when the client leaves."""
    errors = await run_in_threadpool(limit_errors, body.run, _settings(request), ("body", "run"))  # a formula too
    if errors:
        raise HTTPException(422, errors)
    if body.run.steps > MAX_TUNE_STEPS:
        raise HTTPException(422, [{"loc": ["body", "run", "steps"], "type": "limit", "limit": MAX_TUNE_STEPS,
                                   "msg": f"a learning-rate search runs at most {MAX_TUNE_STEPS} steps per trial"}])
    async with http_job(request) as job:
        try:
            return _json(await job.drive(False, tune_steps(to_spec(body.run), list(dict.fromkeys(body.optimizers)))))
        except ValueError as e:  # e.g. a range test whose lr_max is below a rate on the search grid
            raise _refuse("run", f"{e} (for a learning rate the search tries)") from None
