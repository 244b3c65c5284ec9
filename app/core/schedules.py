"""Learning-rate schedules: a schedule maps the update index t (0, 1, 2, ...) to the learning rate η_t.

constant      η_t = η
step          η_t = η · γ^⌊t / step_size⌋
exponential   η_t = η · γ^t
cosine        η_t = η_min + (η − η_min) · (1 + cos(π · min(t, T) / T)) / 2
inverse_time  η_t = η / (1 + k·t)
range_test    η_t = η · (η_max / η)^(min(t, T) / T)   rises exponentially from η to η_max over T updates
warm-up (any) η_t ← η_t · (t + 1) / (w + 1) for t < w, a linear ramp over the first w updates

Each schedule is one factory here; app.core.registry lists them with their parameters (defaults and bounds).
"""

from __future__ import annotations

import math
from collections.abc import Callable

Schedule = Callable[[int], float]


def constant(lr: float) -> Schedule:
    def base(t: int) -> float:
        return lr

    return base


def step(lr: float, step_size: int = 30, gamma: float = 0.5) -> Schedule:
    if step_size < 1:
        raise ValueError("step_size must be at least 1")

    def base(t: int) -> float:
        return lr * gamma ** (t // step_size)

    return base


def exponential(lr: float, gamma: float = 0.99) -> Schedule:
    def base(t: int) -> float:
        return lr * gamma**t

    return base


def cosine(lr: float, t_max: int = 100, lr_min: float = 0.0) -> Schedule:
    if t_max < 1:
        raise ValueError("t_max must be at least 1")

    def base(t: int) -> float:
        return lr_min + (lr - lr_min) * (1.0 + math.cos(math.pi * min(t, t_max) / t_max)) / 2.0

    return base


def inverse_time(lr: float, decay: float = 0.01) -> Schedule:
    def base(t: int) -> float:
        return lr / (1.0 + decay * t)

    return base


def range_test(lr: float, lr_max: float = 10.0, t_max: int = 100) -> Schedule:
    if not lr_max > lr:
        raise ValueError("lr_max must be above lr")
    if t_max < 1:
        raise ValueError("t_max must be at least 1")

    def base(t: int) -> float:
        return lr * float((lr_max / lr) ** (min(t, t_max) / t_max))

    return base


def warmed_up(base: Schedule, warmup_steps: int) -> Schedule:
    """η_t · (t + 1) / (w + 1) for t < w, then η_t unchanged."""
    if warmup_steps <= 0:
        return base

    def warmed(t: int) -> float:
        return base(t) * (t + 1) / (warmup_steps + 1) if t < warmup_steps else base(t)

    return warmed
