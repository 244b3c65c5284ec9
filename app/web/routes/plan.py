"""`POST /api/v1/train/plan`: a training run's plan (N, split, batch, iterations per epoch and in total) before it
starts, for the page to show while the learner edits; the same arithmetic as the limit check and `meta`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from app.core.datasets import catalog as dataset_catalog

from ..train_plan import plan_of
from ..train_schemas import TrainRun, train_limit_errors

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.post("/train/plan", summary="The plan of a training run, computed without running it", responses={
    422: {"description": "Invalid configuration or a data set this server cannot load; `detail` names each field"}})
def train_plan(request: Request, run: TrainRun) -> dict[str, Any]:
    """`plan`: n, n_train, n_validation, n_test, batch_size, iterations_per_epoch, epochs, total_iterations,
    parameters; `refusals`: the field errors a start of this run would get for this server's limits (empty: it
    would start)."""
    settings = request.app.state.settings
    entry = next(d for d in dataset_catalog(settings.mnist_dir) if d["key"] == run.dataset.name)
    if not entry["available"]:
        raise HTTPException(422, [{"loc": ["body", "dataset"], "type": "unavailable",
                                   "msg": f"the data set {run.dataset.name} is not available on this server "
                                          f"({entry['unavailable']})"}])
    return {"plan": plan_of(run, run.to_config(), entry["n"]),
            "refusals": train_limit_errors(run, settings, ("body",))}
