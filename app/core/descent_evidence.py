"""Facts measured on a whole descent run: the evidence every descent verdict and sentence is built from.

Notation: record t = the point θ_t after t updates, L_t its loss, g_t its gradient; L* the lowest known loss,
d_t the distance to the nearest known minimum, D the diagonal of the view box.
  progress            1 − (L_end − L*) / (L_0 − L*)
  within tolerance    d_t < 0.01·D, or L_t − L* ≤ 10⁻⁴·(L_0 − L*)
  converged_step      the first t from which every later record is within tolerance
  zigzag              share of consecutive moves Δ_t, Δ_{t+1} with Δ_t · Δ_{t+1} < 0 (zigzag_late: second half)
  amplitude_ratio     mean ‖Δ‖ over the last quarter of moves / mean ‖Δ‖ over the first quarter
  flat                ‖g_t‖ < 0.05 · s with s = (L_0 − L*) / d_0, the slope a straight path would need
  stall_step          the first record of the final run of flat records (the plateau's edge)
  grad_zero_step      the first record whose gradient is exactly 0 while not within tolerance
  left_view_step      the first record outside the view box
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FLAT = 0.05
Facts = dict[str, float | int | bool | None]


@dataclass(frozen=True)
class Landmarks:
    """What the judge knows about the surface: minima, saddles, L*, the view box and whether f is bounded."""

    minima: tuple[tuple[float, float], ...] = ()
    saddles: tuple[tuple[float, float], ...] = ()
    min_value: float | None = None
    view: tuple[tuple[float, float], tuple[float, float]] = ((-5.0, 5.0), (-5.0, 5.0))
    unbounded_below: bool = False

    @property
    def span(self) -> float:
        (x0, x1), (y0, y1) = self.view
        return math.hypot(x1 - x0, y1 - y0)


def nearest(points: tuple[tuple[float, float], ...], xy: np.ndarray) -> np.ndarray:
    """Distance from each row of xy (n, 2) to the nearest of `points` (inf when there are none)."""
    if not points:
        return np.full(len(xy), math.inf)
    p = np.asarray(points, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.hypot(xy[:, None, 0] - p[None, :, 0], xy[:, None, 1] - p[None, :, 1])
    closest = np.asarray(d.min(axis=1), dtype=np.float64)
    return np.nan_to_num(closest, nan=math.inf)


def _first(mask: np.ndarray) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if len(idx) else None


def _final_run_start(mask: np.ndarray) -> int | None:
    """The first index of the final stretch of True values (None when the last value is False)."""
    if not len(mask) or not mask[-1]:
        return None
    false = np.flatnonzero(~mask)
    return int(false[-1]) + 1 if len(false) else 0


def measure(xy: np.ndarray, loss: np.ndarray, grad_norm: np.ndarray, lm: Landmarks) -> Facts:
    """The facts of a run from its records (xy of shape (n, 2), loss and grad_norm of shape (n,)); n ≥ 1."""
    n = len(loss)
    l0, l_end = float(loss[0]), float(loss[-1])
    base = lm.min_value if lm.min_value is not None else min(l0, float(np.min(loss)))
    gap0 = l0 - base
    gaps = loss - base
    progress = 1.0 - (l_end - base) / gap0 if gap0 > 0 else 1.0
    d = nearest(lm.minima, xy)
    tol = 0.01 * lm.span
    within = d < tol
    if lm.min_value is not None and gap0 > 0:
        within |= gaps <= 1e-4 * gap0
    out_of = ~within[::-1]
    converged_step = None if not within[-1] else (n - int(np.argmax(out_of)) if out_of.any() else 0)
    moves = np.diff(xy, axis=0)
    with np.errstate(over="ignore", invalid="ignore"):
        dots = np.einsum("ij,ij->i", moves[:-1], moves[1:]) if len(moves) > 1 else np.zeros(0)
        lengths = np.hypot(moves[:, 0], moves[:, 1]) if len(moves) else np.zeros(0)
    zig = dots < 0
    q = max(1, len(lengths) // 4)
    first_q, last_q = float(np.mean(lengths[:q])) if len(lengths) else 0.0, float(np.mean(lengths[-q:])) \
        if len(lengths) else 0.0
    ratio = last_q / first_q if first_q > 0 and math.isfinite(first_q) and math.isfinite(last_q) else None
    d0 = float(d[0])
    slope = gap0 / d0 if math.isfinite(d0) and d0 > 0 and gap0 > 0 else float(grad_norm[0])
    flat = (grad_norm < FLAT * slope) & ~within
    stall = _final_run_start(flat)
    (x0, x1), (y0, y1) = lm.view
    with np.errstate(invalid="ignore"):
        outside = (xy[:, 0] < x0) | (xy[:, 0] > x1) | (xy[:, 1] < y0) | (xy[:, 1] > y1)
    i_max = int(np.argmax(loss))
    facts: Facts = {
        "steps": n - 1, "loss_start": l0, "loss_end": l_end, "loss_min_known": lm.min_value,
        "progress": progress, "tolerance": tol, "converged_step": converged_step,
        "distance_to_minimum": float(d[-1]) if math.isfinite(d[-1]) else None,
        "zigzag": round(float(np.mean(zig)), 3) if len(zig) else 0.0,
        "zigzag_late": round(float(np.mean(zig[len(zig) // 2:])), 3) if len(zig) else 0.0,
        "amplitude_ratio": ratio,
        "loss_max": float(loss[i_max]), "loss_max_step": i_max,
        "grad_norm_start": float(grad_norm[0]), "grad_norm_end": float(grad_norm[-1]),
        "flat_slope": FLAT * slope, "flat_share": round(float(np.mean(flat)), 3),
        "grad_vanished_step": _first(flat), "grad_zero_step": _first((grad_norm == 0.0) & ~within),
        "left_view_step": _first(outside), "outside_view_end": bool(outside[-1]),
        "max_abs": float(np.max(np.abs(xy))),
        "stall_step": stall,
    }
    if stall is not None:
        facts.update(stall_x=float(xy[stall, 0]), stall_y=float(xy[stall, 1]), stall_loss=float(loss[stall]),
                     stall_grad=float(np.median(grad_norm[stall:])),
                     stall_move=float(np.median(lengths[stall:])) if stall < len(lengths) else 0.0)
    if lm.saddles:
        near = nearest(lm.saddles, xy) < 0.1 * lm.span
        facts["near_saddle_share"] = round(float(np.mean(near)), 3)
        facts["near_saddle_steps"] = int(np.sum(near))
        facts["near_saddle_end"] = bool(near[-1])
    return facts
