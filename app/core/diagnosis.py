"""What happened in a finished descent run: a verdict and a message key, judged from the facts of the whole run
(descent_evidence). Verdicts, first match wins:
  diverged            a non-finite number or the bound was hit; or the loss ended > 10× its starting gap above L*
                      and was still rising; or the point went beyond 100 view diagonals; or the zig-zag grew
                      (amplitude_ratio > 1.5) with the loss above where it started
  gradient_breakdown  a numerical gradient became exactly 0 away from any minimum after the loss had grown
                      (f(θ + h) and f(θ − h) round to the same float once |θ|·ε ≥ h)
  converged           the end is within tolerance of a minimum (named: the first step from which it stayed there)
  saddle              ≥ 20 % of the records within 0.1·D of a saddle point, or ended there
  local_minimum       the gradient vanished (‖g‖ < 10⁻⁶) at a point that is not a known minimum
  oscillating         zig-zag share ≥ 0.5 with less than 90 % of the progress
  plateau             the run ends on flat ground (‖g‖ < 0.05 · s) it entered before its last quarter, with < 90 %
  too_slow            less than 50 % of the way to the minimum, on ground that is not flat
  still_improving     50–100 % of the way, still moving
"""

from __future__ import annotations

import math

import numpy as np

from .descent_evidence import Landmarks, measure
from .verdicts import Diagnosis, Facts, Sentence

VERDICTS = ("converged", "still_improving", "too_slow", "oscillating", "diverged", "gradient_breakdown", "plateau",
            "saddle", "local_minimum")


def diagnose(xy: np.ndarray, loss: np.ndarray, grad_norm: np.ndarray, reason: str, *, lr: float,
             landmarks: Landmarks, numerical: bool = False) -> Diagnosis:
    """Judge a run from its records (positions xy of shape (n, 2), loss and gradient norm of shape (n,))."""
    if len(loss) == 0:
        return Diagnosis("diverged", Sentence("diagnosis.diverged_at_start"), {"steps": 0, "lr": lr})
    f: Facts = measure(xy, loss, grad_norm, landmarks)  # and the run's settings, below
    f["lr"] = lr
    f["reason"] = reason
    verdict, key, params = _rule(f, reason, numerical, landmarks)
    return Diagnosis(verdict, Sentence(key, params), f)


def _rule(f: Facts, reason: str, numerical: bool, lm: Landmarks) -> tuple[str, str, dict[str, object]]:
    steps, lr, l0, l_end = f["steps"], f["lr"], f["loss_start"], f["loss_end"]
    base = lm.min_value if lm.min_value is not None else min(l0, l_end)
    gap0, gap_end = l0 - base, l_end - base
    progress = f["progress"]
    if reason == "diverged":
        return "diverged", "diagnosis.diverged", {"step": steps + 1, "lr": lr, "loss_max": f["loss_max"]}
    zero = f["grad_zero_step"]
    if numerical and zero is not None and f["loss_max"] > l0 and not math.isclose(f["loss_max"], l0):
        return "gradient_breakdown", "diagnosis.gradient_breakdown", {
            "lr": lr, "loss_start": l0, "zero_step": zero, "max_abs": f["max_abs"], "loss_end": l_end}
    if f["converged_step"] is not None:
        if f["zigzag"] >= 0.5:
            return "converged", "diagnosis.converged_oscillating", {
                "step": f["converged_step"], "zigzag_pct": f["zigzag"], "tolerance": f["tolerance"]}
        return "converged", "diagnosis.converged", {"step": f["converged_step"], "tolerance": f["tolerance"],
                                                    "loss_end": l_end}
    if "near_saddle_share" in f and (f["near_saddle_share"] >= 0.2 or (reason == "converged" and f["near_saddle_end"])):
        if f["near_saddle_end"]:
            return "saddle", "diagnosis.saddle", {"lingered": f["near_saddle_steps"], "grad": f["grad_norm_end"]}
        return "saddle", "diagnosis.saddle_escaped", {"lingered": f["near_saddle_steps"]}
    far = f["max_abs"] > 100.0 * lm.span and not lm.unbounded_below
    growing_zigzag = f["zigzag"] >= 0.5 and (f["amplitude_ratio"] or 0.0) > 1.5 and gap_end > gap0
    if far or growing_zigzag or (gap0 > 0 and gap_end > 10.0 * gap0 and f["loss_max_step"] >= steps - 2):
        key = "diagnosis.overshoot" if f["zigzag"] >= 0.5 else "diagnosis.diverged_away"
        return "diverged", key, {"lr": lr, "loss_start": l0, "loss_end": l_end, "steps": steps}
    if f["grad_norm_end"] < 1e-6 or reason == "converged":
        return "local_minimum", "diagnosis.local_minimum", {"loss": l_end, "loss_min": lm.min_value}
    if f["zigzag"] >= 0.5 and progress < 0.9:
        return "oscillating", "diagnosis.oscillating", {"lr": lr, "zigzag_pct": f["zigzag"], "progress_pct": progress}
    stall = f["stall_step"]
    if stall is not None and stall <= 0.75 * steps and progress < 0.9:
        key = "diagnosis.plateau" if stall > 0 else "diagnosis.plateau_start"
        return "plateau", key, {"loss_start": l0, "stall_step": stall, "stall_loss": f["stall_loss"],
                                "x": f["stall_x"], "y": f["stall_y"], "grad": f["stall_grad"],
                                "move": f["stall_move"], "progress_pct": progress, "steps": steps}
    if progress < 0.5:
        return "too_slow", "diagnosis.too_slow", {"steps": steps, "progress_pct": progress, "loss_start": l0,
                                                  "loss_end": l_end, "lr": lr, "grad": f["grad_norm_end"]}
    key = "diagnosis.still_improving_zigzag" if f["zigzag"] >= 0.5 else "diagnosis.still_improving"
    return "still_improving", key, {"progress_pct": progress, "steps": steps}
