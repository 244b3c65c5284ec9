"""What happened in a finished training run: a verdict and a message key, judged from the facts of the whole run
(fit_evidence) and, where the verdict depends on it, from a counterfactual the product ran (fit_advice).
Verdicts, first match wins:
  diverged            a loss or gradient became non-finite; or the training loss ended above twice its start, or
                      above its start after a mini-batch spike ≥ 10×
  exploded_collapsed  a mini-batch spike ≥ 10× the starting loss (or a late blow-up, see exploded()), after
                      which the net predicts one class for ≥ 80 % of the samples or its loss sits at the
                      chance level ([0.9, 1.5] × ln K, or ½·var y); or a spike ≥ 2× after which the net
                      predicts one class for ≥ 90 % of the samples at the chance level
  overfitting         the held-out loss rose above its minimum by ≥ 10 % of it and ≥ 5 % of its fall while the
                      training loss kept falling, and (classification) the train − held-out accuracy gap is
                      beyond noise: gap > 2·SE
  converged           a good fit: training accuracy ≥ 0.9, or a training loss within 5 % of the least-squares
                      line's (R² ≥ 0.9 without a reference)
  too_slow            the training loss fell less than 10 %
  still_improving     it was still falling ≥ 5 % over the last quarter of the epochs
  noise_floor         it stopped falling with mini-batches and a constant learning rate, and the same run with the
                      learning rate decayed (tried) reached a loss ≥ 10 % closer to the reference
  underfitting        it stopped falling and a larger model (tried) fit the training data ≥ 10 % better
  converged (limit)   it stopped falling and a larger model did no better: the data's own limit
  plateau             it stopped falling and no counterfactual could be run within the time budget
"""

from __future__ import annotations

from typing import Any

from .verdicts import Facts

TRAINING_VERDICTS = ("converged", "still_improving", "too_slow", "diverged", "exploded_collapsed", "overfitting",
                     "underfitting", "noise_floor", "plateau")


def overfit(f: Facts, classification: bool) -> tuple[bool, bool]:
    """(the held-out loss rose while the training loss kept falling, the accuracy gap is beyond noise)."""
    if f.get("held_out") is None:
        return False, False
    rose = (f["best_held_out_epoch"] < f["epochs"] and f["held_out_rise"] > 0.1 * f["best_held_out_loss"]
            and f["held_out_rise"] > 0.05 * f["held_out_fall"] and f["loss_end"] < f["train_loss_at_best"])
    if not classification:
        return rose, rose
    gap = f.get("gap")
    return rose, gap is not None and gap > 2.0 * f["gap_se"]


def good_fit(f: Facts, classification: bool) -> bool:
    if classification:
        return (f.get("train_accuracy") or 0.0) >= 0.9
    loss_end: float = f["loss_end"]
    reference: float | None = f.get("reference_loss")
    if reference is not None:
        return loss_end <= 1.05 * reference + 1e-12
    chance: float | None = f.get("chance_loss")
    if not chance:
        return False
    return 1.0 - loss_end / chance >= 0.9


def exploded(f: Facts) -> bool:
    """A mini-batch spike ≥ 10× the start, or a late blow-up: the last 5 % of the mini-batch losses average
    ≥ 2× their lowest 5-iteration average and ≥ half the starting loss (a learning rate that rose too far)."""
    late = f.get("late_batch_loss")
    blew_up = late is not None and late >= 2.0 * f["lowest_batch_loss"] and late >= 0.5 * f["batch_loss_start"]
    return (f.get("spike_ratio") or 0.0) >= 10.0 or blew_up


def near_chance(f: Facts) -> bool:
    """The training loss ended at the chance level: within [0.9, 1.5] × ln K (or × ½·var y)."""
    chance = f.get("chance_loss") or 0.0
    return chance > 0 and 0.9 * chance <= f["loss_end"] <= 1.5 * chance


def collapsed(f: Facts, classification: bool) -> bool:
    return near_chance(f) or (classification and (f.get("majority_share") or 0.0) >= 0.8)


def jumped_then_one_class(f: Facts, classification: bool) -> bool:
    """A smaller blow-up with the same ending: the mini-batch loss at least doubled (spike ≥ 2×), and afterwards
    the net predicts one class for ≥ 90 % of the samples with its loss at the chance level. A learning rate that
    is too small cannot double the loss; one that is too large throws the net into saturated or dead units."""
    return (classification and (f.get("spike_ratio") or 0.0) >= 2.0 and near_chance(f)
            and (f.get("majority_share") or 0.0) >= 0.9)


def first_verdict(f: Facts, reason: str, classification: bool) -> str | None:
    """The verdict when it follows from the run alone; None when it needs a counterfactual (a stalled fit)."""
    l0, l_end = f["loss_start"], f["loss_end"]
    if reason == "diverged":
        return "diverged"
    if exploded(f) and collapsed(f, classification):
        return "exploded_collapsed"
    if jumped_then_one_class(f, classification):
        return "exploded_collapsed"
    if l_end > 2.0 * l0 or (exploded(f) and l_end > l0):
        return "diverged"
    rose, beyond = overfit(f, classification)
    if rose and beyond:
        return "overfitting"
    if good_fit(f, classification):
        return "converged"
    if l_end >= 0.9 * l0:
        return "too_slow"
    if (f.get("late_fall") or 0.0) >= 0.05:
        return "still_improving"
    return None


def stalled_verdict(probes: dict[str, Any]) -> str:
    """A stalled fit judged by what its counterfactuals did: {kind: helped (bool) or None when not run}."""
    if probes.get("decay_lr"):
        return "noise_floor"
    if probes.get("larger_model"):
        return "underfitting"
    if probes.get("larger_model") is False:
        return "converged"
    return "plateau"
