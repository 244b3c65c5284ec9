"""A fair optimizer comparison: each optimizer's learning rate picked by a short search on the same problem.

For each optimizer, every η on a log grid (GRID: 10^(k/4), 1e-3 … 10, 17 rates) runs the same descent (surface,
start, steps, gradient). A run is scored by
  reached   the first step t with L_t − L* ≤ tol · (L_0 − L*)  (tol = 1e-6; +∞ if never; diverged runs: +∞)
  gap       (L_end − L*) / (L_0 − L*)                           (+∞ for a diverged or non-finite run)
and the best rate is the one that gets there first, else the one that ends lowest (ties: the smaller η).
On a surface without a known minimum L* is taken as the lowest loss any tried run reached.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from .resumable import Resumable, finish
from .runs import DescentSpec, run_all

GRID = tuple(float(10.0 ** (k / 4)) for k in range(-12, 5))
TOL = 1e-6
MAX_TUNE_STEPS = 500


def _score(spec: DescentSpec) -> dict[str, Any]:
    cols, done, _ = run_all(spec)
    loss = np.asarray(cols.loss, dtype=np.float64)
    ok = done.reason != "diverged" and len(loss) > 0 and bool(np.all(np.isfinite(loss)))
    return {"lr": spec.lr, "loss": loss, "ok": ok}


def tune(spec: DescentSpec, optimizers: list[str], grid: tuple[float, ...] = GRID) -> dict[str, Any]:
    """{method, grid, tol, optimizers: [{optimizer, lr, reached, gap, tried: [{lr, reached, gap}]}]}."""
    return finish(tune_steps(spec, optimizers, grid))


def tune_steps(spec: DescentSpec, optimizers: list[str],
               grid: tuple[float, ...] = GRID) -> Resumable[dict[str, Any]]:
    """`tune` one trial at a time: yields after each trial (a caller may pause or stop between them) and returns
    the answer."""
    if spec.steps > MAX_TUNE_STEPS:
        raise ValueError(f"a learning-rate search runs at most {MAX_TUNE_STEPS} steps per trial")
    base = spec.surface_obj.min_value
    trials: dict[str, list[dict[str, Any]]] = {}
    for name in optimizers:
        trials[name] = []
        for lr in grid:
            trials[name].append(_score(dataclasses.replace(spec, optimizer=name, lr=lr)))
            yield
    if base is None:
        finite = [float(np.min(r["loss"])) for rs in trials.values() for r in rs if r["ok"]]
        base = min(finite) if finite else 0.0
    out = []
    for name, rs in trials.items():
        tried = []
        for r in rs:
            loss = r["loss"]
            gap0 = float(loss[0]) - base if len(loss) else math.inf
            if not r["ok"] or gap0 <= 0:
                tried.append({"lr": r["lr"], "reached": math.inf, "gap": math.inf if not r["ok"] else 0.0})
                continue
            rel = (loss - base) / gap0
            hit = np.flatnonzero(rel <= TOL)
            tried.append({"lr": r["lr"], "reached": float(hit[0]) if len(hit) else math.inf, "gap": float(rel[-1])})
        best = min(tried, key=lambda x: (x["reached"], x["gap"], x["lr"]))
        out.append({"optimizer": name, "lr": best["lr"], "reached": best["reached"], "gap": best["gap"],
                    "tried": tried})
    return {"method": "search", "grid": list(grid), "tol": TOL, "steps": spec.steps, "optimizers": out}
