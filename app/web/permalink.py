"""The page's permalink query keys (static/js/descent/state.js and config.js) read into run configurations, so a
figure URL and a page URL with the same query show the same runs. A learner's own surface is `f=` (URL-encoded)
with `view=x_min,x_max,y_min,y_max`."""

from __future__ import annotations

import math
import re
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
# every key the page writes (static/js/descent/state.js): the runs' keys, and those that only change the view
RUN_KEYS = tuple(dict.fromkeys(("surface", "f", "view", "start", "opt", "lr", *OPTIMIZER_PARAMS,
                                *(n for names in PAIRS.values() for n in names), "conv", "sched", *SCHEDULE_PARAMS,
                                "grad", "h", "steps", "tol", "bound", "vary", "values", "lrs", "tune")))
VIEW_KEYS = ("lang", "lesson", "speed", "autoplay", "hide", "theme")
QUERY_DOC = (f"The page's permalink keys: surface, f (your own formula f(x, y), sets surface=custom), "
             f"view=x_min,x_max,y_min,y_max, start=x,y, opt, lr, {', '.join(OPTIMIZER_PARAMS)}, conv, sched, "
             f"{', '.join(SCHEDULE_PARAMS)}, grad, h, steps, tol (stop when |∇f| < tol), bound (stop when |θ| > "
             f"bound), vary ({' | '.join(VARY_KEYS)}) with values=v1,v2,... and lrs=η1,η2,... (each run's own rate), "
             "tune=1 (vary=opt: each optimizer's rate from a short search), lang (ko | en).")
# the one number grammar of the permalink, here and in static/js/shared/number.js: ASCII digits, an optional
# sign, fraction and exponent; no spaces, underscores, other digits, hex, "inf" or "nan"
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


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


def unknown_keys(q: Mapping[str, str]) -> list[str]:
    """Query keys the page does not write."""
    return [k for k in q if k not in RUN_KEYS and k not in VIEW_KEYS]


def _number(key: str, text: str) -> float | int:
    if not NUMBER.fullmatch(text):
        raise QueryError(key, f"{text[:40]!r} is not a number (write digits 0-9, e.g. 0.1 or 1e-3)",
                         "float_parsing")
    v = float(text)
    if not math.isfinite(v):
        raise QueryError(key, "must be a finite number", "finite_number")
    if key in INT_KEYS:
        if v != int(v):
            raise QueryError(key, "must be a whole number", "int_from_float")
        return int(v)
    return v


def view_from_query(text: str) -> list[list[float]]:
    """`view=x_min,x_max,y_min,y_max` as [[x_min, x_max], [y_min, y_max]]."""
    parts = text.split(",")
    if len(parts) != 4:
        raise QueryError("view", "must be four numbers: x_min,x_max,y_min,y_max")
    v = [_number("view", p) for p in parts]
    return [[v[0], v[1]], [v[2], v[3]]]


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
    config: dict[str, Any] = {"kind": "descent", "optimizer": optimizer, "schedule": schedule, "gradient": gradient}
    if "surface" in q or "f" not in q:  # f= alone means surface custom (see DescentRun)
        config["surface"] = q.get("surface", "bowl")
    if "f" in q:
        config["f"] = q["f"]
    if "view" in q:
        config["view"] = view_from_query(q["view"])
    if "steps" in q:
        config["steps"] = _number("steps", q["steps"])
    stop = {name: _number(key, q[key]) for key, name in (("tol", "grad_tol"), ("bound", "bound")) if key in q}
    if stop:
        config["stop"] = stop
    if "start" in q:
        parts = q["start"].split(",")
        if len(parts) != 2:
            raise QueryError("start", "must be two numbers: x,y", "two_numbers")
        config["start"] = [_number("start", p) for p in parts]
    return config


def run_lrs(q: Mapping[str, str], n: int) -> list[float] | None:
    """`lrs=v1,v2,...`: each compared run's own learning rate (one per value of `vary`), or None."""
    if not q.get("lrs", "").strip():
        return None
    lrs = [_number("lrs", v.strip()) for v in q["lrs"].split(",") if v.strip()]
    if len(lrs) != n:
        raise QueryError("lrs", f"needs one learning rate per compared run: {n}, not {len(lrs)}")
    return [float(v) for v in lrs]


def configs_from_query(q: Mapping[str, str]) -> list[dict[str, Any]]:
    """The runs a permalink asks for: one, or one per value of `vary` (lr, opt, grad or momentum); with `lrs`
    (not for vary=lr) each run has its own learning rate, e.g. vary=opt&values=sgd,adam&lrs=0.9,0.3."""
    vary, values = q.get("vary", ""), [v.strip() for v in q.get("values", "").split(",") if v.strip()]
    if not vary or not values:
        return [base_config(q)]
    if vary not in VARY_KEYS:
        raise QueryError("vary", f"must be one of {', '.join(VARY_KEYS)}", "literal_error",
                         {"expected": ", ".join(repr(k) for k in VARY_KEYS)})
    lrs = run_lrs(q, len(values)) if vary != "lr" else None
    out = []
    for i, value in enumerate(values):
        config = base_config({**q, vary: value} if lrs is None else {**q, vary: value, "lr": repr(lrs[i])})
        if vary == "momentum":
            config["optimizer"]["momentum"] = _number("values", value)
        out.append(config)
    return out
