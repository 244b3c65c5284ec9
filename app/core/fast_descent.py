"""The descent loop for the built-in 2D surfaces, in plain float arithmetic, filling columns chunk by chunk.

The same run as `descent.descend` (same records, same stop reasons and details, bit for bit: see `kernels.py` and
`scalar_optimizers.py` for why the roundings agree), about ten times faster because a step is a few float
operations and list appends instead of small-array numpy calls and a generator hop. `take(n)` computes up to n
records straight into `Columns`; iterating yields `Step` and `Done` records like the general generator does.

The most common run, plain SGD at a constant learning rate with the analytic gradient and no bound, has a loop of
its own (`_sgd_loop`) that does per step only what can differ from step to step: the t and lr columns are filled
once per chunk, and the last record (t = steps) is left to the general loop. A point where a float overflows is
evaluated on the general path's own functions (`surfaces.py` on a float64 array), so it gives numpy's inf and nan.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from .columns import Columns
from .descent import _EPS, Done, Step
from .gradients import gradient_fn
from .kernels import KERNELS, ScalarGrad, with_gradient
from .scalar_optimizers import ScalarOptimizer
from .schedules import Schedule
from .surfaces import SURFACES

_INF = math.inf


class FastRun:
    """A lazy descent run on a built-in surface; `take(n) -> (Columns, Done | None)` like `runs.take`."""

    def __init__(self, surface: str, start: tuple[float, float], optimizer: ScalarOptimizer, schedule: Schedule,
                 steps: int, *, gradient: str = "analytic", h: float = 1e-4, grad_tol: float = 0.0,
                 bound: float | None = None, constant_lr: float | None = None) -> None:
        self.fg: ScalarGrad = with_gradient(KERNELS[surface], gradient, h)
        s = SURFACES[surface]
        self._f, self._grad = s.f, gradient_fn(gradient, s.f, s.grad, h)
        self.opt, self.schedule, self.steps = optimizer, schedule, steps
        self.h = None if gradient == "analytic" else h
        self.grad_tol, self.bound, self.constant_lr = grad_tol, bound, constant_lr
        self.x, self.y = float(start[0]), float(start[1])
        self.t = 0
        self.done: Done | None = None
        self._records: Iterator[Step | Done] | None = None

    def take(self, n: int) -> tuple[Columns, Done | None]:
        """Compute up to n more records; the Done as well when the run ends within them."""
        cols = Columns()
        if self.done is not None or n <= 0:
            return cols, None
        with np.errstate(all="ignore"):  # numpy's ufuncs on floats warn on overflow; the loop checks finiteness
            if (self.opt.plain_sgd and self.constant_lr is not None and self.h is None and self.bound is None
                    and self.t < self.steps):
                done = self._sgd_loop(cols, min(n, self.steps - self.t))
                if done is None and len(cols) < n:  # the record t = steps and its "completed"
                    done = self._loop(cols, n - len(cols))
            else:
                done = self._loop(cols, n)
            self.done = done
        return cols, self.done

    def _general(self, x: float, y: float) -> tuple[float, float, float]:
        """(loss, gx, gy) at a point as the general path computes them (numpy's inf/nan where floats overflow)."""
        theta = np.array((x, y), dtype=np.float64)
        gx, gy = self._grad(theta).tolist()
        return float(self._f(theta)), gx, gy

    def _sgd_loop(self, cols: Columns, n: int) -> Done | None:
        """n records of plain SGD at a constant η (t + n ≤ steps, so every record is followed by its update)."""
        fg, general, tol, eta = self.fg, self._general, self.grad_tol, self.constant_lr
        assert eta is not None
        neg = -eta  # Δ = −η g, as sgd's (−η)·g
        axy, aloss, ag, agn = cols.xy.append, cols.loss.append, cols.grad.append, cols.grad_norm.append
        hypot = math.hypot
        x, y, t0 = self.x, self.y, self.t
        t = t0 + n  # the next record when every one of the n is taken
        done: Done | None = None
        for t in range(t0, t0 + n):
            try:
                loss, gx, gy = fg(x, y)
            except (OverflowError, ValueError):
                loss, gx, gy = general(x, y)
            gn = hypot(gx, gy)
            if (loss - loss) + (x - x) + (y - y) + (gn - gn) != 0.0:  # nan unless all four are finite
                done = self._diverged(t, x, y, loss)
                break
            axy((x, y))
            aloss(loss)
            ag((gx, gy))
            agn(gn)
            if gn < tol:
                done = Done("converged", t)
                break
            x, y = x + neg * gx, y + neg * gy
        else:
            t = t0 + n
        k = len(cols.xy) - len(cols.t)
        cols.t.extend(range(t0, t0 + k))
        cols.lr.extend([eta] * k)
        self.x, self.y, self.t = x, y, t
        return done

    @staticmethod
    def _diverged(t: int, x: float, y: float, loss: float) -> Done:
        what = ("position" if not (math.isfinite(x) and math.isfinite(y))
                else "loss" if not math.isfinite(loss) else "gradient")
        return Done("diverged", t, f"{what} is not finite at step {t}")

    def _loop(self, cols: Columns, n: int) -> Done | None:
        fg, update, schedule = self.fg, self.opt.update, self.schedule
        velocity, plain_sgd = self.opt.velocity, self.opt.plain_sgd
        steps, tol, bound, h, eta = self.steps, self.grad_tol, self.bound, self.h, self.constant_lr
        check_big = bound is not None or h is not None
        at, axy, aloss, ag, agn, alr = (cols.t.append, cols.xy.append, cols.loss.append, cols.grad.append,
                                       cols.grad_norm.append, cols.lr.append)
        av = cols.velocity.append
        hypot = math.hypot
        x, y, t = self.x, self.y, self.t
        end = t + n
        done: Done | None = None
        try:
            for t in range(t, end):  # noqa: B020 - t carries on from the last chunk

                try:
                    loss, gx, gy = fg(x, y)
                except (OverflowError, ValueError):
                    loss, gx, gy = self._general(x, y)
                gn = hypot(gx, gy)
                if not ((loss - loss) + (x - x) + (y - y) == 0.0 and gn < _INF):
                    done = self._diverged(t, x, y, loss)
                    break
                lr = schedule(t) if eta is None else eta
                at(t)
                axy((x, y))
                aloss(loss)
                ag((gx, gy))
                agn(gn)
                alr(lr)
                if velocity is not None:
                    av(velocity())
                if check_big:
                    biggest = max(abs(x), abs(y))
                    if bound is not None and biggest > bound:
                        done = Done("diverged", t, f"position beyond the bound {bound:g} at step {t}")
                        break
                    if gn < tol and (h is None or biggest * _EPS < h):
                        done = Done("converged", t)
                        break
                elif gn < tol:
                    done = Done("converged", t)
                    break
                if t >= steps:
                    done = Done("completed", t)
                    break
                if plain_sgd:  # Δ = −η g, written out: the most common run skips a call
                    x, y = x + -lr * gx, y + -lr * gy
                else:
                    dx, dy = update(gx, gy, x, y, t, lr)
                    x, y = x + dx, y + dy
            else:
                t = end  # every record of the chunk taken and the last update applied: the next record is t = end
        finally:
            self.x, self.y, self.t = x, y, t
        return done

    def __iter__(self) -> Iterator[Step | Done]:
        return self

    def __next__(self) -> Step | Done:
        if self._records is None:
            self._records = self._iterate()
        return next(self._records)

    def _iterate(self) -> Iterator[Step | Done]:
        while True:
            cols, done = self.take(256)
            v = cols.velocity
            for i, t in enumerate(cols.t):
                yield Step(t, cols.xy[i], cols.loss[i], cols.grad[i], cols.grad_norm[i], cols.lr[i],
                           v[i] if v else None)
            if done is not None:
                yield done
                return
