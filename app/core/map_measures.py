"""Measures for claims about a sweep map and about per-layer training facts (see claims.py for the format).

A map result is `{"meta": {"kind": "sweep", "axes", "outcomes"}, "xs": [...], "ys": [...], "reason": [...]}`:
row-major reason codes (row j = ys[j], column i = xs[i]), codes indexing `outcomes` ("converged", "diverged",
"completed"). On the lr–momentum map the stability edge of a row is the smallest learning rate whose run diverged.
A training result carries `steps.layer_grad_norm` and `steps.update_ratio`: one row per iteration, one entry per layer
(layer 1 first, the output layer last).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

Result = Mapping[str, Any]


def _grid(r: Result) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(xs, ys, diverged[j, i]) of a map result."""
    xs = np.asarray(r["xs"], dtype=np.float64)
    ys = np.asarray(r["ys"], dtype=np.float64)
    code = r["meta"]["outcomes"].index("diverged")
    return xs, ys, np.asarray(r["reason"]).reshape(len(ys), len(xs)) == code


def _row(ys: np.ndarray, momentum: float) -> int:
    return int(np.argmin(np.abs(ys - momentum)))


def _edges(xs: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """Per row, the smallest x whose run diverged (NaN where none did)."""
    first = np.argmax(bad, axis=1)
    return np.where(bad.any(axis=1), xs[first], np.nan)


def edge_lr(r: Result, momentum: float = 0.0) -> float:
    """η_edge(μ): the smallest learning rate that diverged in the map's row nearest `momentum`, +∞ when none did."""
    xs, ys, bad = _grid(r)
    e = _edges(xs, bad)[_row(ys, momentum)]
    return math.inf if np.isnan(e) else float(e)


def edge_switches(r: Result, momentum: float = 0.0) -> float:
    """How often the outcome switches between diverged and not along that row: 1 for one sharp edge."""
    _, ys, bad = _grid(r)
    row = bad[_row(ys, momentum)]
    return float(np.count_nonzero(row[1:] != row[:-1]))


def rows_with_edge(r: Result) -> float:
    """How many rows (momentum values) have a diverging run on the map."""
    _, _, bad = _grid(r)
    return float(np.count_nonzero(bad.any(axis=1)))


def edges_before_bound(r: Result, curvature: float) -> float:
    """How many rows diverge at a learning rate below the closed-form bound 2(1 + μ)/L for the steepest curvature L
    (relative slack 1e-12): 0 when the theory's bound is never crossed early."""
    xs, ys, bad = _grid(r)
    e = _edges(xs, bad)
    bound = 2.0 * (1.0 + ys) / curvature
    has = ~np.isnan(e)
    return float(np.count_nonzero(e[has] <= bound[has] * (1 - 1e-12)))


def edge_rises(r: Result) -> bool:
    """True when η_edge(μ) never falls as μ grows (over the rows that have an edge)."""
    xs, _, bad = _grid(r)
    e = _edges(xs, bad)
    e = e[~np.isnan(e)]
    return bool(len(e) >= 2 and np.all(np.diff(e) >= 0))


def _layer_rows(r: Result, column: str, iterations: int) -> np.ndarray:
    rows = np.asarray(r["steps"][column][:iterations], dtype=np.float64)
    if rows.ndim != 2 or len(rows) == 0:
        raise ValueError(f"the run has no per-layer {column} to measure")
    return rows


def first_to_last_gradient(r: Result, iterations: int = 50) -> float:
    """median over the first `iterations` of ‖∇W₁‖ / ‖∇W_L‖: how much smaller layer 1's gradient is than the
    output layer's (≪ 1: the gradient vanishes on its way back)."""
    g = _layer_rows(r, "layer_grad_norm", iterations)
    return float(np.median(g[:, 0] / g[:, -1]))


def first_layer_update_ratio(r: Result, iterations: int = 50) -> float:
    """median over the first `iterations` of ‖ΔW₁‖ / ‖W₁‖: how much one update changes layer 1's weights."""
    return float(np.median(_layer_rows(r, "update_ratio", iterations)[:, 0]))


MAP_MEASURES = (edge_lr, edge_switches, rows_with_edge, edges_before_bound, edge_rises, first_to_last_gradient,
                first_layer_update_ratio)
