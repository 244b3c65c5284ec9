"""A training run judged end to end: its facts (fit_evidence), the verdict (fit_diagnosis), the counterfactuals
tried within the time budget (fit_advice), and the message key and parameters that say it."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any

from . import fit_advice as fa
from .fit_diagnosis import first_verdict, near_chance, overfit, stalled_verdict
from .verdicts import Diagnosis, Facts, Sentence


def judge_training(history: Sequence[Any], facts: Facts, reason: str, *, cfg: Any, classification: bool,
                   probe: fa.ProbeSteps | None, batch_size: int, n_train: int, total: int, best_epoch: int | None,
                   patience: int | None) -> Generator[Any, None, Diagnosis]:
    """The diagnosis of a finished training run, as a generator that passes on what the probes yield (so the
    caller can compute them turn by turn) and returns the Diagnosis; `probe(change)` runs a counterfactual
    (None: no budget)."""
    f = dict(facts)
    verdict = first_verdict(f, reason, classification)
    changes = fa.candidates(verdict, cfg, batch_size, n_train, total, f.get("lr_at_spike"))
    if probe is None:
        tried = [fa.Tried(k, c, [], False, None, 0) for k, c in changes]
    else:
        tried = yield from fa.trying(history, changes, probe, f.get("reference_loss") or 0.0)
    if verdict is None:
        verdict = stalled_verdict({t.kind: t.helped for t in tried})
        if verdict == "converged":
            f["limit"] = True
    advice = list(fa.advice_for(tried, cfg, classification, cfg.advice_seconds))
    cf = fa.counterfactual(tried)
    if verdict == "overfitting" and (f.get("best_held_out_epoch") or 0) >= 1:
        a, cf = fa.stop_earlier(history, f["best_held_out_epoch"], f["held_out"])
        advice.append(a)
    sentence, notes = _sentence(verdict, f, reason, cfg, classification, best_epoch, patience, n_train)
    f["probes"] = {t.kind: t.helped for t in tried}
    return Diagnosis(verdict, sentence, f, notes, tuple(advice), cf)


def _sentence(v: str, f: Facts, reason: str, cfg: Any, classification: bool, best_epoch: int | None,
              patience: int | None, n_train: int) -> tuple[Sentence, tuple[Sentence, ...]]:
    reg = "" if classification else "_regression"
    common = {"lr": f.get("lr_end"), "loss_start": f["loss_start"], "loss_end": f["loss_end"],
              "epochs": f["epochs"], "iterations": f.get("iterations"), "train_acc_pct": f.get("train_accuracy")}
    spike = {"spike_loss": f.get("spike_loss"), "spike_iteration": f.get("spike_iteration"),
             "batch_loss_start": f.get("batch_loss_start"), "spike_ratio": f.get("spike_ratio"),
             "lr_at_spike": f.get("lr_at_spike")}
    notes: list[Sentence] = []
    if cfg.schedule == "range_test" and f.get("lr_at_spike") is not None:
        notes.append(Sentence("training.diagnosis.range_test", {**spike, "lr_start": f.get("lr_start"),
                                                                "lr_best": f.get("lr_at_lowest")}))
    if v == "diverged":
        key = "training.diagnosis.diverged" if reason == "diverged" else "training.diagnosis.exploded"
        return Sentence(key, {**common, **spike, "t": f.get("iterations"), "epoch": f["epochs"]}), tuple(notes)
    if v == "exploded_collapsed":
        params = {**common, **spike, "chance": f.get("chance_loss"), "majority_pct": f.get("majority_share"),
                  "majority_class": f.get("majority_class")}
        if f.get("dead_share"):
            notes.append(Sentence("training.diagnosis.dead_units", {"dead_pct": f["dead_share"]}))
        far = "" if near_chance(f) or not classification else "_confident"
        return Sentence("training.diagnosis.exploded_collapsed" + reg + far, params), tuple(notes)
    held_key = f"training.held.{f['held_out']}" if f.get("held_out") else None
    if v == "overfitting":
        params = {"train_acc_pct": f.get("train_accuracy"), "held_acc_pct": f.get("held_out_accuracy"),
                  "held_key": held_key, "best_epoch": f["best_held_out_epoch"], "best": f["best_held_out_loss"],
                  "end": f["held_out_loss"], "gap_pct": f.get("gap"), "se_pct": f.get("gap_se")}
        if reason == "early_stopping":
            return Sentence("training.diagnosis.overfitting_stopped", params), tuple(notes)
        key = "training.diagnosis.overfitting" if classification else "training.diagnosis.overfitting_loss"
        return Sentence(key, params), tuple(notes)
    rose, beyond = overfit(f, classification)
    if rose and not beyond:
        notes.append(Sentence("training.diagnosis.held_out_rose", {
            "held_key": held_key, "best_epoch": f["best_held_out_epoch"], "best": f["best_held_out_loss"],
            "end": f["held_out_loss"]}))
    if f.get("gap") is not None and (rose or f["gap"] > 0.02) and not beyond:
        notes.append(Sentence("training.diagnosis.gap_within_noise", {
            "gap_pct": f["gap"], "se2_pct": 2.0 * f["gap_se"], "n": f.get("n_held_out"), "held_key": held_key}))
    if v == "converged":
        if f.get("limit"):
            key = "training.diagnosis.converged_limit" + reg
            common["hidden"] = list(fa.larger(tuple(cfg.hidden)))
        elif reason == "early_stopping":
            key = "training.diagnosis.early_stopped"
        elif not classification:
            key = "training.diagnosis.converged_regression"
        elif f.get("held_out_accuracy") is None:
            key = "training.diagnosis.converged_train_only"
        else:
            key = "training.diagnosis.converged"
        return Sentence(key, {**common, "held_acc_pct": f.get("held_out_accuracy"), "patience": patience,
                              "best_epoch": best_epoch, "reference": f.get("reference_loss")}), tuple(notes)
    if v in ("too_slow", "still_improving") and cfg.batch_size >= n_train:
        notes.append(Sentence("training.diagnosis.full_batch", {"epochs": f["epochs"]}))
    if v == "too_slow":
        return Sentence("training.diagnosis.too_slow_barely" + reg, common), tuple(notes)
    if v == "still_improving":
        return Sentence("training.diagnosis.still_improving" + reg, {**common, "late_fall_pct": f.get("late_fall")}), \
            tuple(notes)
    extra = {"reference": f.get("reference_loss"), "batch_size": cfg.batch_size}
    return Sentence(f"training.diagnosis.{v}{reg}", {**common, **extra}), tuple(notes)
