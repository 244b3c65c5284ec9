"""Sweep maps: a grid of descent runs computed at once (arrays with one entry per run), each cell's outcome.

Axes:
  lr_momentum  x = learning rate (log scale), y = the optimizer's second knob (momentum, β₁ or α), from one start
  lr_steps     x = learning rate (log scale), y = the step budget: the runs of one row, read at every budget
  start        x, y = the start point, one learning rate: the basins of attraction
Every cell is exactly the single run `cell_spec(spec, i, j)` (same records bit for bit): it stops at the first step
k where the single run's Done would, as `converged` (‖∇f‖ < grad_tol), `diverged` (a coordinate beyond the sweep
bound, 10× the view; inside it every built-in surface is finite) or `completed` after `steps` updates (stalled).
Cells are row-major, row j = y value j (bottom row first), column i = x value i.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .resumable import Resumable, finish
from .runs import DescentSpec
from .surfaces import SURFACES
from .vector_kernels import VECTOR_GRADS, sweep_bound
from .vector_optimizers import VectorOptimizer

AXES = ("lr_momentum", "lr_steps", "start")
SECOND_KNOB = {"momentum": "momentum", "nesterov": "momentum", "adam": "beta1", "adamw": "beta1", "rmsprop": "alpha"}
SECOND_RANGE = {"momentum": (0.0, 0.99), "beta1": (0.0, 0.99), "alpha": (0.0, 0.999)}
OUTCOMES = ("converged", "diverged", "completed")  # codes 0, 1, 2 in SweepResult.reason
TILE_CELLS = 16_384  # cells computed together: a few arrays of this size stay in the core's cache


@dataclass(frozen=True)
class SweepSpec:
    """A sweep as plain values (the web layer validates them against the server's limits)."""

    surface: str = "elongated"
    optimizer: str = "momentum"
    convention: str = "pytorch"
    axes: str = "lr_momentum"
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    n: int = 64
    steps: int = 500
    lr: float | None = None
    hyper: dict[str, float] = field(default_factory=dict)
    start: tuple[float, float] | None = None
    grad_tol: float = 1e-6

    def __post_init__(self) -> None:
        if self.surface not in VECTOR_GRADS:
            raise ValueError(f"unknown surface {self.surface!r}")
        if self.axes not in AXES:
            raise ValueError(f"unknown axes {self.axes!r}; expected one of {AXES}")
        if self.axes == "lr_momentum" and self.optimizer not in SECOND_KNOB:
            raise ValueError(f"lr_momentum needs an optimizer with momentum, beta1 or alpha, not {self.optimizer!r}")
        VectorOptimizer(self.optimizer, self.convention, 0.1, {}, 0)  # unknown optimizer: ValueError

    @property
    def bound(self) -> float:
        return sweep_bound(SURFACES[self.surface].view)

    @property
    def start_point(self) -> tuple[float, float]:
        return self.start if self.start is not None else SURFACES[self.surface].start

    @property
    def fixed_lr(self) -> float:
        return self.lr if self.lr is not None else SURFACES[self.surface].lr

    def axis_values(self, n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The x and y values of an n × n grid (n defaults to the spec's)."""
        n = n or self.n
        s = SURFACES[self.surface]
        if self.axes == "start":
            (vx0, vx1), (vy0, vy1) = s.view
            xr, yr = self.x_range or (vx0, vx1), self.y_range or (vy0, vy1)
            return np.linspace(xr[0], xr[1], n), np.linspace(yr[0], yr[1], n)
        xr = self.x_range or s.lr_range
        xs = np.geomspace(xr[0], xr[1], n)
        if self.axes == "lr_steps":
            lo, hi = self.y_range or (1, self.steps)
            return xs, np.rint(np.linspace(lo, hi, n))
        lo, hi = self.y_range or SECOND_RANGE[SECOND_KNOB[self.optimizer]]
        return xs, np.linspace(lo, hi, n)

    @property
    def max_steps(self) -> int:
        """The longest run of the sweep (for lr_steps: the largest budget on the y axis)."""
        if self.axes == "lr_steps":
            return int(self.axis_values()[1][-1])
        return self.steps


@dataclass
class SweepResult:
    """Per cell (row-major): reason code (OUTCOMES), the step k it stopped at, the point there, nearest minimum."""

    xs: np.ndarray
    ys: np.ndarray
    reason: np.ndarray
    k: np.ndarray
    x: np.ndarray
    y: np.ndarray
    minimum: np.ndarray


def cell_spec(spec: SweepSpec, i: int, j: int, n: int | None = None) -> DescentSpec:
    """The single run of cell (column i, row j) of an n × n grid: the same run the sweep computed for it."""
    xs, ys = spec.axis_values(n)
    hyper, lr, start, steps = dict(spec.hyper), spec.fixed_lr, spec.start_point, spec.steps
    if spec.axes == "start":
        start = (float(xs[i]), float(ys[j]))
    else:
        lr = float(xs[i])
        if spec.axes == "lr_momentum":
            hyper[SECOND_KNOB[spec.optimizer]] = float(ys[j])
        else:
            steps = int(ys[j])
    return DescentSpec(surface=spec.surface, start=start, steps=steps, optimizer=spec.optimizer, lr=lr,
                       hyper=hyper, convention=spec.convention, grad_tol=spec.grad_tol, bound=spec.bound)


def run_cells(spec: SweepSpec, sx: np.ndarray, sy: np.ndarray, lr: float | np.ndarray,
              hyper: dict[str, Any], steps: int) -> dict[str, np.ndarray]:
    """Run len(sx) descents at once from (sx, sy); lr and any hyperparameter may be one value per run.

    Returns reason, k, x, y per run. Finished runs are dropped from the arrays once a quarter of them are done.
    """
    size = len(sx)
    grad, bound, tol = VECTOR_GRADS[spec.surface], spec.bound, spec.grad_tol
    opt = VectorOptimizer(spec.optimizer, spec.convention, lr, hyper, size)
    tol2 = tol * tol * (1.0 + 1e-9) if tol * tol > 1e-300 else None
    x, y = np.array(sx, dtype=np.float64), np.array(sy, dtype=np.float64)
    idx, alive = np.arange(size), np.ones(size, dtype=bool)
    out_reason = np.full(size, 2, dtype=np.uint8)
    out_k = np.full(size, steps, dtype=np.int32)
    out_x, out_y = np.empty(size), np.empty(size)
    hypot = math.hypot
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            gx, gy = grad(x, y)
            out = ~((np.abs(x) <= bound) & (np.abs(y) <= bound))
            conv = np.zeros(len(x), dtype=bool)
            if tol > 0:
                near = (gx * gx + gy * gy < tol2) if tol2 is not None else (np.hypot(gx, gy) < tol * (1 + 1e-9))
                near &= alive & ~out
                if near.any():  # ‖g‖ as the single run computes it (math.hypot), for the few runs near tol
                    for c in np.flatnonzero(near):
                        conv[c] = hypot(float(gx[c]), float(gy[c])) < tol
            fin = alive if t == steps else (out | conv) & alive
            if fin.any():
                where = idx[fin]
                out_reason[where] = np.where(out[fin], 1, np.where(conv[fin], 0, 2))
                out_k[where], out_x[where], out_y[where] = t, x[fin], y[fin]
                alive &= ~fin
                live = int(alive.sum())
                if live == 0:
                    break
                if live < 0.75 * len(alive):
                    x, y, gx, gy, idx = x[alive], y[alive], gx[alive], gy[alive], idx[alive]
                    opt.keep(alive)
                    alive = np.ones(live, dtype=bool)
            dx, dy = opt.update(gx, gy, x, y, t)
            x, y = x + dx, y + dy
    work = np.array(out_k.astype(np.int64).sum() + size, dtype=np.int64)  # records computed: k + 1 per run (0-d)
    return {"reason": out_reason, "k": out_k, "x": out_x, "y": out_y, "work": work}


def run_rows(spec: SweepSpec, n: int, j0: int, j1: int) -> dict[str, np.ndarray]:
    """Rows j0 ≤ j < j1 of the n × n grid (one tile): reason, k, x, y, minimum per cell, row-major."""
    xs, ys = spec.axis_values(n)
    rows = ys[j0:j1]
    if spec.axes == "lr_steps":  # one run per learning rate to the largest budget; each row reads it at its budget
        sx, sy = np.full(n, spec.start_point[0]), np.full(n, spec.start_point[1])
        line = run_cells(spec, sx, sy, xs.copy(), dict(spec.hyper), int(ys[-1]))
        work = line["work"]
        budget = np.repeat(rows.astype(np.int64), n)
        k, reason = np.tile(line["k"].astype(np.int64), len(rows)), np.tile(line["reason"], len(rows))
        reached = (k <= budget) & (reason != 2)
        res: dict[str, np.ndarray] = {
            "reason": np.where(reached, reason, 2).astype(np.uint8), "k": np.where(reached, k, budget).astype(np.int32),
            "x": np.tile(line["x"], len(rows)), "y": np.tile(line["y"], len(rows))}
        stopped_early = ~reached  # the point at budget s is not kept for these
        res["x"][stopped_early], res["y"][stopped_early] = np.nan, np.nan
        res["work"] = work
    else:
        gx, gy = np.meshgrid(xs, rows)
        hyper: dict[str, Any] = dict(spec.hyper)
        if spec.axes == "start":
            sx, sy, lr = gx.ravel(), gy.ravel(), spec.fixed_lr
        else:
            sx = np.full(gx.size, spec.start_point[0])
            sy = np.full(gx.size, spec.start_point[1])
            lr, hyper[SECOND_KNOB[spec.optimizer]] = gx.ravel().copy(), gy.ravel().copy()
        res = run_cells(spec, sx, sy, lr, hyper, spec.steps)
    res["minimum"] = nearest_minimum(spec.surface, res["x"], res["y"], res["reason"])
    return res


def nearest_minimum(surface: str, x: np.ndarray, y: np.ndarray, reason: np.ndarray) -> np.ndarray:
    """Index of the known minimum within 1 % of the view's diagonal of each end point, or −1 (none, diverged)."""
    s = SURFACES[surface]
    out = np.full(len(x), -1, dtype=np.int8)
    if not s.minima:
        return out
    m = np.asarray(s.minima)
    with np.errstate(invalid="ignore"):
        d = np.hypot(x[:, None] - m[None, :, 0], y[:, None] - m[None, :, 1])
        best = np.argmin(np.where(np.isnan(d), np.inf, d), axis=1)
        close = d[np.arange(len(x)), best] <= 0.01 * s.span
    ok = close & (reason != 1)
    out[ok] = best[ok]
    return out


def tiles(n: int, tile_cells: int = TILE_CELLS) -> list[tuple[int, int]]:
    """Row ranges [j0, j1) of about tile_cells cells each."""
    per = max(1, tile_cells // n)
    return [(j, min(n, j + per)) for j in range(0, n, per)]


def sweep_steps(spec: SweepSpec, n: int | None = None) -> Resumable[SweepResult]:
    """The whole n × n grid, tile by tile, in this process, yielding after each tile (resumable.py)."""
    n = n or spec.n
    xs, ys = spec.axis_values(n)
    parts = []
    for j0, j1 in tiles(n):
        parts.append(run_rows(spec, n, j0, j1))
        yield
    cat = {key: np.concatenate([p[key] for p in parts]) for key in ("reason", "k", "x", "y", "minimum")}
    return SweepResult(xs, ys, **cat)


def run_sweep(spec: SweepSpec, n: int | None = None) -> SweepResult:
    """The whole n × n grid, tile by tile, in this process."""
    return finish(sweep_steps(spec, n))


def levels(n: int, first: int = 32) -> list[int]:
    """Coarse to fine: 32, 64, ... up to n (n itself last)."""
    out, m = [], first
    while m < n:
        out.append(m)
        m *= 2
    return [*out, n]
