"""`POST /api/v1/train/plan`: a training run's plan (N, split, batch, iterations per epoch and in total) before it
starts, for the page to show while the learner edits; the same arithmetic as the limit check and `meta`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from app.core.datasets import catalog as dataset_catalog

from ..custom_data_fields import data_errors, dataset_spec
from ..messages import localize
from ..train_plan import batch_table, plan_of
from ..train_schemas import TrainRun, train_limit_errors
from .api import ERRORS

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.post("/train/plan", summary="The plan of a training run, computed without running it", responses={
    400: ERRORS[400], 413: ERRORS[413],
    422: {"description": "Invalid configuration or a data set this server cannot load; `detail` names each field"}})
def train_plan(
    request: Request, run: TrainRun,
    also: Annotated[str, Query(max_length=200, pattern=r"^[0-9,]*$",
                               description="more batch sizes for the table, e.g. 8,64")] = "",
) -> dict[str, Any]:
    """`plan`: n, n_train, n_validation, n_test, batch_size, iterations_per_epoch, epochs, total_iterations,
    parameters; `batch_table`: [{batch, iterations_per_epoch, full}] for 1, 32, the plan's batch, `also` and the
    full batch; `refusals`: the field errors a start of this run would get for this server's limits (empty: it
    would start). Settings over this server's limits get their plan too, with the limits named in `refusals`: the
    page shows, while the learner edits, what a start would do or why it would be refused. Own points that cannot
    be read yet (too few, one class) have no plan: `plan` is null and `refusals` says why."""
    settings = request.app.state.settings
    entry = next((d for d in dataset_catalog(settings.mnist_dir) if d["key"] == run.dataset.name),
                 {"available": True})  # a learner's own points (custom) are not in the server's catalog
    refusals = data_errors(run, settings, ("body",))
    if refusals:  # points that cannot be read (too few, one class) have no plan: the page shows why, not an error
        return {"plan": None, "batch_table": [], "refusals": localize(refusals)}
    if not entry["available"]:
        raise HTTPException(422, [{"loc": ["body", "dataset"], "type": "unavailable",
                                   "msg": f"the data set {run.dataset.name} is not available on this server "
                                          f"({entry['unavailable']})"}])
    cfg = run.to_config()
    plan = plan_of(dataset_spec(run.dataset), run.dataset.params(), cfg, entry.get("n"))
    extra = [int(b) for b in also.split(",") if b][:8]
    return {"plan": plan, "batch_table": batch_table(plan["n_train"], plan["batch_size"], extra, cfg.drop_last),
            "refusals": localize(train_limit_errors(run, settings, ("body",)))}
