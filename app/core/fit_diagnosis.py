"""What happened in a finished training run, as a verdict and a sentence a learner can read.

Inputs are the epoch summaries (epoch 0 = the initial weights) and why the run stopped. "Held-out" is the
validation set, or the test set when there is no validation set. Verdicts, first match wins:
  diverged      the loss became non-finite, or the training loss ended above twice its starting value
  overfitting   the held-out loss rose above its minimum by ≥ 10 % of it and ≥ 5 % of its total fall while the
                training loss kept falling; or the train − held-out accuracy gap is ≥ 0.10, or ≥ 0.05 and grew
                by ≥ 0.02 since the best held-out epoch
  converged     a good fit: training accuracy ≥ 0.9 (classification), or a training loss within 5 % of the
                least-squares line's (regression; R² ≥ 0.9 when no reference is known)
  too_slow      the training loss fell less than 10 %, or was still falling ≥ 5 % over the last quarter of epochs
  underfitting  the training loss stopped improving at a poor fit
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from app.i18n import LANGUAGES, both
from app.i18n import t as text

from .diagnosis import Diagnosis

TRAINING_VERDICTS = ("converged", "overfitting", "underfitting", "too_slow", "diverged")


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{100.0 * share:.1f}"


def _num(x: float) -> str:
    return f"{x:.4g}"


def diagnose_training(history: Sequence[Any], reason: str, *, lr: float, t: int, epoch: int, classification: bool,
                      best_epoch: int | None = None, patience: int | None = None,
                      reference_loss: float | None = None, target_variance: float | None = None) -> Diagnosis:
    """Judge a run from its epoch records (attributes train_loss, train_accuracy, validation_*, test_*)."""
    first, last = history[0], history[-1]
    l0, l_end = first.train_loss, last.train_loss
    facts: dict[str, float | int | bool | None] = {
        "epochs": epoch, "iterations": t, "lr": lr, "loss_start": l0, "loss_end": l_end,
        "train_accuracy": last.train_accuracy, "best_epoch": best_epoch,
    }
    if reason == "diverged":
        return Diagnosis("diverged", both("training.diagnosis.diverged", t=t, epoch=epoch, lr=lr), facts)
    if l_end > 2.0 * l0 and len(history) > 1:
        return Diagnosis("diverged", both("training.diagnosis.exploded", loss_start=_num(l0), loss_end=_num(l_end),
                                          lr=lr), facts)

    held = "validation" if last.validation_loss is not None else "test" if last.test_loss is not None else None
    if held is not None:
        ho_loss = [getattr(h, f"{held}_loss") for h in history]
        ho_acc = [getattr(h, f"{held}_accuracy") for h in history]
        e_min = min(range(len(ho_loss)), key=ho_loss.__getitem__)
        rise = ho_loss[-1] - ho_loss[e_min]
        rose = (e_min < len(history) - 1 and rise > 0.1 * ho_loss[e_min] and rise > 0.05 * (ho_loss[0] - ho_loss[e_min])
                and history[-1].train_loss < history[e_min].train_loss)
        gap = gap_min = None
        if classification:
            gap = last.train_accuracy - ho_acc[-1]
            gap_min = history[e_min].train_accuracy - ho_acc[e_min]
        growing = gap is not None and (gap >= 0.10 or (gap >= 0.05 and gap - gap_min >= 0.02))
        facts.update(held_out=held, held_out_accuracy=ho_acc[-1], held_out_loss=ho_loss[-1], gap=gap,
                     best_held_out_epoch=history[e_min].epoch)
        if rose or growing:
            params = {"train_acc": _pct(last.train_accuracy), "held_acc": _pct(ho_acc[-1]),
                      "best_epoch": history[e_min].epoch, "best": _num(ho_loss[e_min]), "end": _num(ho_loss[-1])}
            if reason == "early_stopping":
                key = "training.diagnosis.overfitting_stopped"
                params["best_epoch"] = best_epoch if best_epoch is not None else params["best_epoch"]
            else:
                key = "training.diagnosis.overfitting" if classification else "training.diagnosis.overfitting_loss"
            message = {lang: text(lang, key, **params, held=text(lang, f"training.held.{held}")) for lang in LANGUAGES}
            return Diagnosis("overfitting", message, facts)

    if classification:
        good = last.train_accuracy >= 0.9
    elif reference_loss is not None:
        good = l_end <= 1.05 * reference_loss + 1e-12
    else:
        good = target_variance is not None and target_variance > 0 and 1.0 - l_end / target_variance >= 0.9
    if not classification and target_variance:
        facts["r2"] = 1.0 - l_end / target_variance
    if good:
        held_acc = facts.get("held_out_accuracy")
        if reason == "early_stopping":
            msg = both("training.diagnosis.early_stopped", epoch=epoch, patience=patience, best_epoch=best_epoch)
        elif not classification:
            msg = both("training.diagnosis.converged_regression", epochs=epoch, loss_start=_num(l0),
                       loss_end=_num(l_end), reference="–" if reference_loss is None else _num(reference_loss))
        elif held_acc is None:
            msg = both("training.diagnosis.converged_train_only", epochs=epoch, train_acc=_pct(last.train_accuracy))
        else:
            msg = both("training.diagnosis.converged", epochs=epoch, train_acc=_pct(last.train_accuracy),
                       held_acc=_pct(held_acc))
        return Diagnosis("converged", msg, facts)

    acc = "" if not classification else _pct(last.train_accuracy)
    suffix = "" if classification else "_regression"
    if l_end >= 0.9 * l0:
        return Diagnosis("too_slow", both("training.diagnosis.too_slow_barely" + suffix, iterations=t, lr=lr,
                                          loss_start=_num(l0), loss_end=_num(l_end), train_acc=acc), facts)
    q = history[max(0, math.floor(0.75 * (len(history) - 1)))].train_loss
    if len(history) > 2 and l_end < 0.95 * q:
        return Diagnosis("too_slow", both("training.diagnosis.still_improving" + suffix, loss_end=_num(l_end),
                                          train_acc=acc, lr=lr), facts)
    return Diagnosis("underfitting", both("training.diagnosis.underfitting" + suffix, loss_end=_num(l_end),
                                          train_acc=acc), facts)
