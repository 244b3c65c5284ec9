"""What happened in a finished descent run, as a verdict and a sentence a learner can read.

Measures (L = loss, L* = lowest known loss, d = distance to the nearest known minimum, D = view diagonal):
  progress      1 − (L_end − L*) / (L_0 − L*)            how much of the way down the run went
  growth        (L_end − L*) / (L_0 − L*)                 > 10 with the loss still rising: overshooting
  zig-zag       share of consecutive moves Δ_t, Δ_{t+1} with Δ_t · Δ_{t+1} < 0
  slope needed  (L_0 − L*) / d_0; a gradient 100× smaller than that, for most of the run, is a plateau
Verdicts, first match wins: diverged (non-finite), converged, saddle, diverged (growth), local_minimum,
oscillating, plateau, too_slow, progressing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from app.i18n import both

VERDICTS = ("converged", "too_slow", "oscillating", "diverged", "plateau", "saddle", "local_minimum", "progressing")


@dataclass(frozen=True)
class Diagnosis:
    verdict: str
    message: dict[str, str]
    facts: dict[str, float | int | bool | None] = field(default_factory=dict)


def _nearest(points: tuple[tuple[float, float], ...], p: np.ndarray) -> float:
    if not points:
        return math.inf
    return float(np.min(np.hypot(*(np.asarray(points, dtype=np.float64) - p).T)))


def diagnose(
    xy: np.ndarray,
    loss: np.ndarray,
    grad_norm: np.ndarray,
    reason: str,
    *,
    lr: float,
    minima: tuple[tuple[float, float], ...] = (),
    saddles: tuple[tuple[float, float], ...] = (),
    min_value: float | None = None,
    span: float = 10.0,
    unbounded_below: bool = False,
) -> Diagnosis:
    """Judge a run from its records (positions xy of shape (n, 2), loss and gradient norm of shape (n,))."""
    n = len(loss)
    steps = n - 1
    if n == 0:
        return Diagnosis("diverged", both("diagnosis.diverged_at_start"), {"steps": 0})
    l0, l_end = float(loss[0]), float(loss[-1])
    start, end = xy[0], xy[-1]
    facts: dict[str, float | int | bool | None] = {
        "steps": steps, "loss_start": l0, "loss_end": l_end, "grad_norm_end": float(grad_norm[-1]), "lr": lr,
    }
    moves = np.diff(xy, axis=0)
    dots = np.einsum("ij,ij->i", moves[:-1], moves[1:]) if len(moves) > 1 else np.zeros(0)
    zigzag = float(np.mean(dots < 0)) if len(dots) else 0.0
    facts["zigzag"] = round(zigzag, 3)
    oscillated = zigzag >= 0.5

    lr_text = f"{lr:g}"
    if reason == "diverged":
        return Diagnosis("diverged", both("diagnosis.diverged", steps=steps, lr=lr_text), facts)

    base = min_value if min_value is not None else min(l0, float(np.min(loss)))
    gap0, gap_end = l0 - base, l_end - base
    progress = 1.0 - gap_end / gap0 if gap0 > 0 else 1.0
    d_end = _nearest(minima, end)
    facts["distance_to_minimum"] = d_end if math.isfinite(d_end) else None
    facts["progress"] = progress
    at_minimum = d_end < 1e-2 * span or (min_value is not None and gap0 > 0 and gap_end <= 1e-4 * gap0)
    if at_minimum or (reason == "converged" and min_value is not None and gap_end <= 1e-3 * max(gap0, 1e-12)):
        key = "diagnosis.converged_oscillating" if oscillated else "diagnosis.converged"
        return Diagnosis("converged", both(key, steps=steps), facts)

    if saddles:
        near = np.array([_nearest(saddles, p) for p in xy]) < 0.1 * span
        facts["near_saddle_share"] = round(float(np.mean(near)), 3)
        if np.mean(near) >= 0.2 or (reason == "converged" and near[-1]):
            if near[-1]:
                return Diagnosis("saddle", both("diagnosis.saddle", steps=steps), facts)
            return Diagnosis("saddle", both("diagnosis.saddle_escaped", lingered=int(np.sum(near))), facts)

    far = float(np.max(np.abs(xy))) > 100.0 * span and not unbounded_below
    rising = n > 2 and loss[-1] > loss[-2] > loss[-3]
    if far or (gap0 > 0 and gap_end > 10.0 * gap0 and rising):
        facts["growth"] = gap_end / gap0 if gap0 > 0 else None
        return Diagnosis("diverged", both("diagnosis.overshoot", steps=steps, lr=lr_text), facts)

    settled = float(grad_norm[-1]) < 1e-6 or reason == "converged"
    if settled:
        return Diagnosis("local_minimum", both("diagnosis.local_minimum", loss=f"{l_end:.4g}"), facts)

    if oscillated and progress < 0.9:
        return Diagnosis("oscillating", both("diagnosis.oscillating", lr=lr_text), facts)

    d0 = _nearest(minima, start)
    slope_needed = gap0 / d0 if math.isfinite(d0) and d0 > 0 else None
    typical = float(np.median(grad_norm))
    facts["median_grad_norm"] = typical
    if slope_needed and typical < 0.01 * slope_needed and progress < 0.5:
        return Diagnosis("plateau", both("diagnosis.plateau", grad=f"{typical:.2g}"), facts)
    if progress < 0.5:
        return Diagnosis("too_slow", both("diagnosis.too_slow", progress=_percent(progress), lr=lr_text), facts)
    key = "diagnosis.progressing_zigzag" if oscillated else "diagnosis.progressing"
    return Diagnosis("progressing", both(key, progress=_percent(progress)), facts)


def _percent(share: float) -> str:
    """A share as a percentage that never rounds an unfinished run up to 100."""
    pct = 100.0 * max(share, 0.0)
    if pct < 0.01:
        return "0"
    return f"{math.floor(pct * 10) / 10:g}" if pct >= 1 else f"{pct:.2g}"

