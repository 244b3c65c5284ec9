"""The configuration of a counterfactual run in the API's shape, so the page can open it with one click: the run's
own configuration with the change the diagnosis tried (given in the core's spec terms)."""

from __future__ import annotations

import copy
from typing import Any

from app.core.training_setup import TrainConfig

from .schemas import DescentRun
from .train_schemas import TrainRun


def descent_config(run: DescentRun, change: dict[str, Any]) -> dict[str, Any]:
    """A DescentRun as JSON with `change` ({lr}, {optimizer, hyper}, {steps}, {gradient}) applied."""
    out = copy.deepcopy(run.model_dump(mode="json"))
    out["id"] = None
    if "lr" in change:
        out["optimizer"]["lr"] = change["lr"]
    if "optimizer" in change:
        out["optimizer"]["name"] = change["optimizer"]
        out["optimizer"].update(change.get("hyper", {}))
    if "steps" in change:
        out["steps"] = change["steps"]
    if "gradient" in change:
        out["gradient"]["mode"] = change["gradient"]
    return out


def train_config(run: TrainRun, cfg: TrainConfig, change: dict[str, Any]) -> dict[str, Any]:
    """A TrainRun as JSON with `change` ({lr, schedule}, {hidden}, {epochs}, {schedule, schedule_params}) applied."""
    out = copy.deepcopy(run.model_dump(mode="json"))
    out["id"] = None
    if "lr" in change:
        opt = out.get("optimizer") or {"name": cfg.optimizer}
        opt["lr"] = change["lr"]
        out["optimizer"] = opt
    if "schedule" in change:
        out["schedule"] = {"name": change["schedule"], **change.get("schedule_params", {})}
    if "hidden" in change:
        out["model"]["hidden"] = list(change["hidden"])
    if "epochs" in change:
        out["epochs"] = change["epochs"]
    return out
