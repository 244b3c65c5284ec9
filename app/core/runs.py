"""A descent run from a plain specification: build it, pull its records in chunks as columns, judge it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .columns import Columns, as_array
from .descent import Done, Step, descend
from .descent_advice import advise
from .descent_evidence import Landmarks
from .diagnosis import diagnose
from .fast_descent import FastRun
from .gradients import gradient_fn
from .kernels import KERNELS
from .registry import CONVENTIONS, OPTIMIZERS, make_optimizer, make_schedule
from .scalar_optimizers import scalar_optimizer
from .surfaces import SURFACES, Surface
from .update_rule import UpdateRule
from .verdicts import Diagnosis


@dataclass(frozen=True)
class DescentSpec(UpdateRule):
    """Everything a descent run needs, as plain values (the web layer validates and fills these); the update rule's
    hyperparameters are `hyper`."""

    surface: str = "bowl"
    start: tuple[float, float] | None = None
    steps: int = 100
    hyper: dict[str, float] = field(default_factory=dict)
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
    """The lazy run for a specification (raises ValueError for unknown keys or bad hyperparameters).

    Built-in surfaces run on the scalar fast path (`FastRun`), every other one on the general generator; both give
    the same records bit for bit (tests/core/test_fast_descent.py checks every surface × optimizer × gradient).
    """
    if spec.surface not in KERNELS:
        return general_run(spec)
    if spec.optimizer not in OPTIMIZERS or spec.convention not in CONVENTIONS:
        make_optimizer(spec.optimizer, lambda t: spec.lr, spec.convention)  # raises the general path's ValueError
    schedule = make_schedule(spec.schedule, spec.lr, **spec.schedule_params)
    if spec.gradient not in ("analytic", "central", "forward"):
        gradient_fn(spec.gradient, spec.surface_obj.f)  # raises the general path's ValueError
    constant = spec.lr if spec.schedule == "constant" and not spec.schedule_params.get("warmup_steps") else None
    return FastRun(spec.surface, spec.start_point, scalar_optimizer(spec.optimizer, spec.convention, **spec.hyper),
                   schedule, spec.steps, gradient=spec.gradient, h=spec.h, grad_tol=spec.grad_tol, bound=spec.bound,
                   constant_lr=constant)


def general_run(spec: DescentSpec) -> Iterator[Step | Done]:
    """The same run on the general path: numpy arrays and the (init, update) optimizers, for any surface."""
    surface = spec.surface_obj
    schedule = make_schedule(spec.schedule, spec.lr, **spec.schedule_params)
    optimizer = make_optimizer(spec.optimizer, schedule, spec.convention, **spec.hyper)
    grad = gradient_fn(spec.gradient, surface.f, surface.grad, spec.h)
    h = None if spec.gradient == "analytic" else spec.h
    return descend(surface.f, grad, spec.start_point, optimizer, schedule, spec.steps, spec.grad_tol, spec.bound, h)


def take(run: Iterator[Step | Done], n: int) -> tuple[Columns, Done | None]:
    """Pull up to n step records from a run; the Done too if the run ends within them."""
    if isinstance(run, FastRun):
        return run.take(n)
    cols = Columns()
    for rec in run:
        if isinstance(rec, Done):
            return cols, rec
        cols.append(rec)
        if len(cols) >= n:
            break
    return cols, None


def landmarks(s: Surface) -> Landmarks:
    """What the judge knows about a surface."""
    return Landmarks(s.minima, s.saddles, s.min_value, s.view, s.unbounded_below)


def judge(spec: DescentSpec, cols: Columns, done: Done, *, advice: bool = True) -> Diagnosis:
    """The diagnosis of a finished run from all its records; with `advice`, the counterfactuals it tried."""
    s = spec.surface_obj
    xy = as_array(cols.xy).reshape(-1, 2)
    d = diagnose(xy, as_array(cols.loss), as_array(cols.grad_norm),
                 done.reason, lr=spec.lr, landmarks=landmarks(s), numerical=spec.gradient != "analytic")
    if not advice or not len(cols):
        return d
    return advise(spec, d, lambda alt: run_all(alt, advice=False), s.lr_range[1], s.span)


def run_all(spec: DescentSpec, *, advice: bool = True) -> tuple[Columns, Done, Diagnosis]:
    """Run to the end and judge it."""
    cols, done = take(descent_run(spec), spec.steps + 2)
    assert done is not None
    return cols, done, judge(spec, cols, done, advice=advice)
