"""Gradient descent on a surface as a lazy, deterministic generator of step records.

Record t is the point after t updates (t = 0 is the start) with the loss, the gradient and the learning rate
there; the update from record t to t + 1 is θ_{t+1} = θ_t + Δ_t with Δ_t from the optimizer. A run of `steps`
updates that goes to the end yields steps + 1 records and then a `Done`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np

from .gradients import ScalarFn
from .optimizers import Optimizer, velocity_of
from .schedules import Schedule

_HUGE = 1e50
_EPS = float(np.finfo(np.float64).eps)
STOP_REASONS = ("completed", "converged", "diverged", "limit", "stopped", "early_stopping")


class Step(NamedTuple):
    """One record of a descent run (plain floats, ready to serialise)."""

    t: int
    xy: tuple[float, ...]
    loss: float
    grad: tuple[float, ...]
    grad_norm: float
    lr: float
    velocity: tuple[float, ...] | None = None


class Done(NamedTuple):
    """The end of a run: why it stopped, after how many updates, and what went out of range if it diverged."""

    reason: str
    t: int
    detail: str | None = None


def descend(
    f: ScalarFn,
    grad: Callable[[np.ndarray], np.ndarray],
    start: tuple[float, ...] | np.ndarray,
    optimizer: Optimizer,
    schedule: Schedule,
    steps: int,
    grad_tol: float = 0.0,
    bound: float | None = None,
    h: float | None = None,
) -> Iterator[Step | Done]:
    """Yield Step records t = 0, 1, ... and finally a Done.

    Stops as `converged` when the gradient norm falls below grad_tol, as `diverged` at the first non-finite
    position, loss or gradient (that record is not yielded: nothing non-finite leaves the core) or when |θ_i|
    exceeds `bound` (that record is yielded), and as `completed` after `steps` updates.
    With a numerical gradient of step h, a zero gradient is not taken as convergence once |θ_i|·ε_machine ≥ h:
    there θ ± h rounds back to θ and the difference is zero however steep the function is.
    """
    theta = np.array(start, dtype=np.float64)
    state = optimizer.init(theta)
    update = optimizer.update
    t = 0
    quiet = False  # numpy's overflow warnings are silenced only once |θ| is huge (errstate costs a few µs)
    while True:
        if quiet:
            with np.errstate(over="ignore", invalid="ignore"):
                g, loss = grad(theta), float(f(theta))
        else:
            g, loss = grad(theta), float(f(theta))
        xy, gl = theta.tolist(), g.tolist()
        gnorm = math.hypot(*gl)
        if not (math.isfinite(loss) and math.isfinite(gnorm) and all(map(math.isfinite, xy))):
            what = "position" if not all(map(math.isfinite, xy)) else "loss" if not math.isfinite(loss) else "gradient"
            yield Done("diverged", t, f"{what} is not finite at step {t}")
            return
        v = velocity_of(state)
        yield Step(t, tuple(xy), loss, tuple(gl), gnorm, schedule(t), None if v is None else tuple(v.tolist()))
        biggest = max(map(abs, xy))
        if bound is not None and biggest > bound:
            yield Done("diverged", t, f"position beyond the bound {bound:g} at step {t}")
            return
        if gnorm < grad_tol and (h is None or biggest * _EPS < h):
            yield Done("converged", t)
            return
        if t >= steps:
            yield Done("completed", t)
            return
        quiet = quiet or biggest > _HUGE or gnorm > _HUGE
        if quiet:
            with np.errstate(over="ignore", invalid="ignore"):
                delta, state = update(g, state, theta, t)
                theta = theta + delta
        else:
            delta, state = update(g, state, theta, t)
            theta = theta + delta
        t += 1
