"""The page's permalink query keys (static/js/descent/state.js and config.js) read into run configurations, so a
figure URL and a page URL with the same query show the same runs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

OPTIMIZER_PARAMS = ("momentum", "alpha", "eps", "weight_decay")
SCHEDULE_PARAMS = ("step_size", "gamma", "t_max", "lr_min", "decay", "lr_max")
INT_KEYS = {"steps", "step_size", "t_max"}
VARY_KEYS = ("lr", "opt", "grad", "momentum")


class QueryError(ValueError):
    """A query value that cannot be read; `field` names the key, `type` and `ctx` say why (as pydantic would)."""

    def __init__(self, field: str, msg: str, type: str = "value_error", ctx: dict[str, Any] | None = None) -> None:
        super().__init__(f"{field}: {msg}")
        self.field = field
        self.msg = msg
        self.type = type
        self.ctx = ctx

    def error(self) -> dict[str, Any]:
        """The refusal as a field error at ["query", field]."""
        e: dict[str, Any] = {"loc": ["query", self.field], "type": self.type, "msg": self.msg}
        return {**e, "ctx": self.ctx} if self.ctx else e


def _number(key: str, text: str) -> float | int:
    try:
        v = float(text)
    except ValueError:
        raise QueryError(key, f"{text[:40]!r} is not a number", "float_parsing") from None
    if not math.isfinite(v):
        raise QueryError(key, "must be a finite number", "finite_number")
    if key in INT_KEYS:
        if v != int(v):
            raise QueryError(key, "must be a whole number", "int_from_float")
        return int(v)
    return v


def base_config(q: Mapping[str, str]) -> dict[str, Any]:
    """One descent configuration from the page's query keys (absent keys keep the schema's defaults)."""
    optimizer: dict[str, Any] = {"name": q.get("opt", "sgd"), "lr": _number("lr", q["lr"]) if "lr" in q else 0.1}
    for key in OPTIMIZER_PARAMS:
        if key in q:
            optimizer[key] = _number(key, q[key])
    if "beta1" in q or "beta2" in q:
        optimizer["betas"] = [_number("beta1", q.get("beta1", "0.9")), _number("beta2", q.get("beta2", "0.999"))]
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
            raise QueryError("start", "must be two numbers: x,y", "two_numbers")
        config["start"] = [_number("start", p) for p in parts]
    return config


def configs_from_query(q: Mapping[str, str]) -> list[dict[str, Any]]:
    """The runs a permalink asks for: one, or one per value of `vary` (lr, opt, grad or momentum)."""
    vary, values = q.get("vary", ""), [v.strip() for v in q.get("values", "").split(",") if v.strip()]
    if not vary or not values:
        return [base_config(q)]
    if vary not in VARY_KEYS:
        raise QueryError("vary", f"must be one of {', '.join(VARY_KEYS)}", "literal_error",
                         {"expected": ", ".join(repr(k) for k in VARY_KEYS)})
    out = []
    for value in values:
        config = base_config({**q, vary: value})
        if vary == "momentum":
            config["optimizer"]["momentum"] = _number("values", value)
        out.append(config)
    return out
