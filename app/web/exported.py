"""A run's configuration as exported (`meta.config`): only the settings its optimizer and schedule use.

Plain SGD has no momentum, so its exported configuration has none; a constant schedule has no step_size. Taking
the exported configuration back to `POST /api/v1/runs` gives the same run (dropped keys are the unused defaults).
"""

from __future__ import annotations

from typing import Any

from app.core.registry import HYPERPARAMS, SCHEDULE_PARAMS

ALWAYS_OPTIMIZER = ("name", "convention")
ALWAYS_SCHEDULE = ("name", "warmup_steps")
SCHEMA_NAMES = {"beta1": "betas", "beta2": "betas"}  # the core's names for the schema's betas pair


def used_optimizer(optimizer: dict[str, Any]) -> dict[str, Any]:
    """The optimizer's name, convention and the hyperparameters it reads (HYPERPARAMS)."""
    used = {SCHEMA_NAMES.get(p.name, p.name) for p in HYPERPARAMS.get(optimizer.get("name", "sgd"), ())}
    return {k: v for k, v in optimizer.items() if k in used or k in ALWAYS_OPTIMIZER}


def used_schedule(schedule: dict[str, Any]) -> dict[str, Any]:
    """The schedule's name, warm-up and the parameters it reads (SCHEDULE_PARAMS)."""
    used = {p.name for p in SCHEDULE_PARAMS.get(schedule.get("name", "constant"), ())}
    return {k: v for k, v in schedule.items() if k in used or k in ALWAYS_SCHEDULE}


def exported(config: dict[str, Any]) -> dict[str, Any]:
    """A dumped DescentRun or TrainRun without the hyperparameters its optimizer and schedule do not use."""
    out = dict(config)
    if isinstance(out.get("optimizer"), dict):
        out["optimizer"] = used_optimizer(out["optimizer"])
    if isinstance(out.get("schedule"), dict):
        out["schedule"] = used_schedule(out["schedule"])
    return out
