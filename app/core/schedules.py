"""Learning-rate schedules: a schedule maps the update index t (0, 1, 2, ...) to the learning rate η_t.

constant      η_t = η
step          η_t = η · γ^⌊t / step_size⌋
exponential   η_t = η · γ^t
cosine        η_t = η_min + (η − η_min) · (1 + cos(π · min(t, T) / T)) / 2
inverse_time  η_t = η / (1 + k·t)
range_test    η_t = η · (η_max / η)^(min(t, T) / T)   rises exponentially from η to η_max over T updates
warm-up (any) η_t ← η_t · (t + 1) / (w + 1) for t < w, a linear ramp over the first w updates
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Schedule = Callable[[int], float]


@dataclass(frozen=True)
class ScheduleParam:
    """One schedule parameter, for the catalog and the page's controls."""

    name: str
    default: float
    min: float
    max: float
    log: bool = False
    integer: bool = False


SCHEDULE_PARAMS: dict[str, tuple[ScheduleParam, ...]] = {
    "constant": (),
    "step": (ScheduleParam("step_size", 30, 1, 1_000_000, integer=True), ScheduleParam("gamma", 0.5, 0.0, 1.0)),
    "exponential": (ScheduleParam("gamma", 0.99, 0.0, 1.0),),
    "cosine": (ScheduleParam("t_max", 100, 1, 1_000_000, integer=True), ScheduleParam("lr_min", 0.0, 0.0, 10.0)),
    "inverse_time": (ScheduleParam("decay", 0.01, 0.0, 100.0, log=False),),
    "range_test": (ScheduleParam("lr_max", 10.0, 1e-6, 1000.0, log=True),
                   ScheduleParam("t_max", 100, 1, 1_000_000, integer=True)),
}
SCHEDULES = tuple(SCHEDULE_PARAMS)


def make_schedule(
    name: str,
    lr: float,
    *,
    step_size: int = 30,
    gamma: float | None = None,
    t_max: int = 100,
    lr_min: float = 0.0,
    decay: float = 0.01,
    lr_max: float = 10.0,
    warmup_steps: int = 0,
) -> Schedule:
    """Build the schedule `name` starting from learning rate `lr`; raises ValueError on bad arguments."""
    if not lr > 0 or not math.isfinite(lr):
        raise ValueError("lr must be a positive finite number")
    if name == "constant":
        def base(t: int) -> float:
            return lr
    elif name == "step":
        g = 0.5 if gamma is None else gamma
        if step_size < 1:
            raise ValueError("step_size must be at least 1")

        def base(t: int) -> float:
            return lr * g ** (t // step_size)
    elif name == "exponential":
        g = 0.99 if gamma is None else gamma

        def base(t: int) -> float:
            return lr * g**t
    elif name == "cosine":
        if t_max < 1:
            raise ValueError("t_max must be at least 1")

        def base(t: int) -> float:
            return lr_min + (lr - lr_min) * (1.0 + math.cos(math.pi * min(t, t_max) / t_max)) / 2.0
    elif name == "inverse_time":
        def base(t: int) -> float:
            return lr / (1.0 + decay * t)
    elif name == "range_test":
        if not lr_max > lr:
            raise ValueError("lr_max must be above lr")

        def base(t: int) -> float:
            return lr * (lr_max / lr) ** (min(t, t_max) / t_max)
    else:
        raise ValueError(f"unknown schedule {name!r}; expected one of {SCHEDULES}")
    if warmup_steps <= 0:
        return base

    def warmed(t: int) -> float:
        return base(t) * (t + 1) / (warmup_steps + 1) if t < warmup_steps else base(t)

    return warmed
