"""The page's permalink query keys (static/js/descent/state.js and config.js) read into run configurations, so a
figure URL and a page URL with the same query show the same runs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from app.core.registry import OPTIMIZERS, SCHEDULES, WARMUP

from .registry_fields import PAIRS, single_names

# every registered parameter is a query key of its own name (app.core.registry)
OPTIMIZER_PARAMS = single_names(OPTIMIZERS, skip=("lr",))
SCHEDULE_PARAMS = (*single_names(SCHEDULES), WARMUP.name)
INT_KEYS = {"steps", *(p.name for r in (OPTIMIZERS, SCHEDULES) for e in r.values() for p in e.params if p.integer),
            *((WARMUP.name,) if WARMUP.integer else ())}
VARY_KEYS = ("lr", "opt", "grad", "momentum")
QUERY_DOC = (f"The page's permalink keys: surface, start=x,y, opt, lr, {', '.join(OPTIMIZER_PARAMS)}, conv, sched, "
             f"{', '.join(SCHEDULE_PARAMS)}, grad, h, steps, vary ({' | '.join(VARY_KEYS)}) with values=v1,v2,..., "
             "lang (ko | en).")


class QueryError(ValueError):
    """A query value that cannot be read; `field` names the key."""

    def __init__(self, field: str, msg: str) -> None:
        super().__init__(f"{field}: {msg}")
        self.field = field
        self.msg = msg


def _number(key: str, text: str) -> float | int:
    try:
        v = float(text)
    except ValueError:
        raise QueryError(key, f"{text[:40]!r} is not a number") from None
    if not math.isfinite(v):
        raise QueryError(key, "must be a finite number")
    if key in INT_KEYS:
        if v != int(v):
            raise QueryError(key, "must be a whole number")
        return int(v)
    return v


def base_config(q: Mapping[str, str]) -> dict[str, Any]:
    """One descent configuration from the page's query keys (absent keys keep the schema's defaults)."""
    optimizer: dict[str, Any] = {"name": q.get("opt", "sgd"), "lr": _number("lr", q["lr"]) if "lr" in q else 0.1}
    paired = {n: group for group, names in PAIRS.items() for n in names}
    for key in OPTIMIZER_PARAMS:
        if key in q and key not in paired:
            optimizer[key] = _number(key, q[key])
    for group, names in PAIRS.items():  # e.g. beta1, beta2 → betas: [β1, β2], a missing one at its default
        if any(n in q for n in names):
            optimizer[group] = [_number(n, q[n]) if n in q else OPTIMIZERS.shared(n).default for n in names]
    if "conv" in q:
        optimizer["convention"] = q["conv"]
    schedule: dict[str, Any] = {"name": q.get("sched", "constant")}
    for key in SCHEDULE_PARAMS:
        if key in q:
            schedule[key] = _number(key, q[key])
    gradient: dict[str, Any] = {"mode": q.get("grad", "analytic")}
    if "h" in q:
        gradient["h"] = _number("h", q["h"])
    config: dict[str, Any] = {"kind": "descent", "surface": q.get("surface", "bowl"), "optimizer": optimizer,
                              "schedule": schedule, "gradient": gradient}
    if "steps" in q:
        config["steps"] = _number("steps", q["steps"])
    if "start" in q:
        parts = q["start"].split(",")
        if len(parts) != 2:
            raise QueryError("start", "must be two numbers: x,y")
        config["start"] = [_number("start", p) for p in parts]
    return config


def configs_from_query(q: Mapping[str, str]) -> list[dict[str, Any]]:
    """The runs a permalink asks for: one, or one per value of `vary` (lr, opt, grad or momentum)."""
    vary, values = q.get("vary", ""), [v.strip() for v in q.get("values", "").split(",") if v.strip()]
    if not vary or not values:
        return [base_config(q)]
    if vary not in VARY_KEYS:
        raise QueryError("vary", f"must be one of {', '.join(VARY_KEYS)}")
    out = []
    for value in values:
        config = base_config({**q, vary: value})
        if vary == "momentum":
            config["optimizer"]["momentum"] = _number("values", value)
        out.append(config)
    return out
