"""A descent run from a plain specification: build it, pull its records in chunks as columns, judge it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .descent import Done, Step, descend
from .diagnosis import Diagnosis, diagnose
from .gradients import gradient_fn
from .optimizers import make_optimizer
from .schedules import make_schedule
from .surfaces import SURFACES, Surface


@dataclass(frozen=True)
class DescentSpec:
    """Everything a descent run needs, as plain values (the web layer validates and fills these)."""

    surface: str = "bowl"
    start: tuple[float, float] | None = None
    steps: int = 100
    optimizer: str = "sgd"
    lr: float = 0.1
    hyper: dict[str, float] = field(default_factory=dict)
    convention: str = "pytorch"
    schedule: str = "constant"
    schedule_params: dict[str, float] = field(default_factory=dict)
    gradient: str = "analytic"
    h: float = 1e-4
    grad_tol: float = 1e-10
    bound: float | None = None
    custom: Surface | None = None  # the surface of a learner's own formula (surface == "custom")

    @property
    def surface_obj(self) -> Surface:
        return self.custom if self.custom is not None else SURFACES[self.surface]

    @property
    def start_point(self) -> tuple[float, float]:
        return self.start if self.start is not None else self.surface_obj.start


def descent_run(spec: DescentSpec) -> Iterator[Step | Done]:
    """The lazy run for a specification (raises ValueError for unknown keys or bad hyperparameters)."""
    surface = spec.surface_obj
    schedule = make_schedule(spec.schedule, spec.lr, **spec.schedule_params)
    optimizer = make_optimizer(spec.optimizer, schedule, spec.convention, **spec.hyper)
    grad = gradient_fn(spec.gradient, surface.f, surface.grad, spec.h)
    h = None if spec.gradient == "analytic" else spec.h
    return descend(surface.f, grad, spec.start_point, optimizer, schedule, spec.steps, spec.grad_tol, spec.bound, h)


@dataclass
class Columns:
    """Step records gathered column by column, the shape the stream protocol sends."""

    t: list[int] = field(default_factory=list)
    xy: list[tuple[float, ...]] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    grad: list[tuple[float, ...]] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    velocity: list[tuple[float, ...]] = field(default_factory=list)

    def append(self, s: Step) -> None:
        self.t.append(s.t)
        self.xy.append(s.xy)
        self.loss.append(s.loss)
        self.grad.append(s.grad)
        self.grad_norm.append(s.grad_norm)
        self.lr.append(s.lr)
        if s.velocity is not None:
            self.velocity.append(s.velocity)

    def extend(self, other: Columns) -> None:
        for name in ("t", "xy", "loss", "grad", "grad_norm", "lr", "velocity"):
            getattr(self, name).extend(getattr(other, name))

    def __len__(self) -> int:
        return len(self.t)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": self.t, "xy": self.xy, "loss": self.loss, "grad": self.grad,
                             "grad_norm": self.grad_norm, "lr": self.lr}
        if self.velocity:
            d["velocity"] = self.velocity
        return d


def take(run: Iterator[Step | Done], n: int) -> tuple[Columns, Done | None]:
    """Pull up to n step records from a run; the Done too if the run ends within them."""
    cols = Columns()
    for rec in run:
        if isinstance(rec, Done):
            return cols, rec
        cols.append(rec)
        if len(cols) >= n:
            break
    return cols, None


def judge(spec: DescentSpec, cols: Columns, done: Done) -> Diagnosis:
    """The diagnosis of a finished run from all its records."""
    s = spec.surface_obj
    xy = np.asarray(cols.xy, dtype=np.float64).reshape(-1, 2)
    return diagnose(
        xy, np.asarray(cols.loss, dtype=np.float64), np.asarray(cols.grad_norm, dtype=np.float64), done.reason,
        lr=spec.lr, minima=s.minima, saddles=s.saddles, min_value=s.min_value, span=s.span,
        unbounded_below=s.unbounded_below,
    )


def run_all(spec: DescentSpec) -> tuple[Columns, Done, Diagnosis]:
    """Run to the end and judge it."""
    cols, done = take(descent_run(spec), spec.steps + 2)
    assert done is not None
    return cols, done, judge(spec, cols, done)
