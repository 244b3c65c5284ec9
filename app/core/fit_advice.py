"""Advice for a training run that the product has tried: a bounded probe re-runs the same data, split, seed and
initial weights with one change, within a time budget, and the advice is kept only when the probe did better.

A probe that the budget cuts short is compared with the run at the last epoch both completed (a bounded probe);
a probe that completes no epoch (for more epochs: none past the run's own end) leaves the advice untested.
"Better", on the training loss at that epoch:
  lower_lr, higher_lr   ≤ 80 % of the run's loss (higher: × 10, then × 100; the first that helps is kept)
  decay_lr              ≥ 10 % closer to the reference (least squares for regression, else 0)
  larger_model          ≤ 90 % of the run's loss
  more_epochs           ≤ 95 % of the run's final loss
Stopping earlier needs no probe: a run with epochs = the best held-out epoch is this run up to that epoch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any

from .verdicts import Advice, Counterfactual, Sentence

Probe = Callable[[dict[str, Any]], tuple[list[Any], str]]  # change → (epoch summaries, why the probe ended)
# the same as a generator: it may yield (anything) between its records, so its caller can pause it and resume later
ProbeSteps = Callable[[dict[str, Any]], Generator[Any, None, tuple[list[Any], str]]]
Change = tuple[str, dict[str, Any]]  # (kind, the fields of the run it changes)


@dataclass(frozen=True)
class Tried:
    kind: str
    change: dict[str, Any]
    history: list[Any]
    complete: bool
    helped: bool | None  # None: untested (no epoch within the budget)
    epoch: int  # the epoch both runs reached, where they were compared
    diverged: bool = False


class ComputeClock:
    """The probes' time budget, counting only time spent computing: a pause at a yield (the caller waiting for its
    next turn on a shared core) is not charged, so a probe reaches the same epochs on a busy server as alone."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.spent, self.since = seconds, 0.0, time.perf_counter()

    def out(self) -> bool:
        """True once the budget is spent."""
        return self.spent + (time.perf_counter() - self.since) > self.seconds

    def pause(self, mark: Any) -> Generator[Any, None, None]:
        """Yield `mark` with the clock stopped until the caller resumes."""
        self.spent += time.perf_counter() - self.since
        yield mark
        self.since = time.perf_counter()


def larger(hidden: tuple[int, ...]) -> tuple[int, ...]:
    """A larger model: every hidden layer twice as wide and at least 32 (at most 512), or one layer of 32."""
    return tuple(min(max(2 * h, 32), 512) for h in hidden) if hidden else (32,)


def candidates(verdict: str | None, cfg: Any, batch_size: int, n_train: int, total: int,
               lr_at_spike: float | None = None) -> list[Change]:
    """The changes to try for a verdict (None: a stalled fit); a loss that exploded is retried at a constant
    learning rate ten times below the one it exploded at."""
    if verdict in ("diverged", "exploded_collapsed"):
        lr = float(f"{(lr_at_spike or cfg.lr) / 10.0:.3g}")
        return [("lower_lr", {"lr": lr, "schedule": "constant", "schedule_params": {}})]
    if verdict == "too_slow":
        return [("higher_lr", {"lr": float(f"{cfg.lr * k:.3g}")}) for k in (10.0, 100.0)]
    if verdict == "still_improving":
        return [("more_epochs", {"epochs": 2 * cfg.epochs})]
    if verdict is None:
        out: list[Change] = []
        if batch_size < n_train and cfg.schedule == "constant":
            out.append(("decay_lr", {"schedule": "cosine", "schedule_params": {"t_max": max(total, 1), "lr_min": 0.0}}))
        out.append(("larger_model", {"hidden": larger(tuple(cfg.hidden))}))
        return out
    return []


def _better(kind: str, orig: float, alt: float, reference: float) -> bool:
    if kind == "decay_lr":
        return orig - alt >= 0.1 * max(orig - reference, 1e-12)
    limit = {"lower_lr": 0.8, "higher_lr": 0.8, "larger_model": 0.9, "more_epochs": 0.95}[kind]
    return alt <= limit * orig


def try_all(history: Sequence[Any], changes: list[Change], probe: Probe, reference: float) -> list[Tried]:
    """Run each change (in order) at once and compare it with the run."""
    def at_once(change: dict[str, Any]) -> Generator[Any, None, tuple[list[Any], str]]:
        yield from ()
        return probe(change)

    steps = trying(history, changes, at_once, reference)
    while True:
        try:
            next(steps)
        except StopIteration as end:
            tried: list[Tried] = end.value
            return tried


def trying(history: Sequence[Any], changes: list[Change], probe: ProbeSteps,
           reference: float) -> Generator[Any, None, list[Tried]]:
    """try_all as a generator: passes on whatever the probes yield; returns what each change did."""
    out: list[Tried] = []
    for kind, change in changes:
        if out and out[-1].helped:
            break  # the first change that helped answers the question
        hist, why = yield from probe(change)
        if why == "diverged":
            out.append(Tried(kind, change, hist, True, False, hist[-1].epoch if hist else 0, diverged=True))
            continue
        complete = why in ("completed", "early_stopping")
        if len(hist) < 2 or (kind == "more_epochs" and hist[-1].epoch <= history[-1].epoch):
            # nothing to compare: no epoch within the budget, or not past the run's own end
            out.append(Tried(kind, change, hist, False, None, 0))
            continue
        e = len(hist) - 1 if kind == "more_epochs" else min(len(hist), len(history)) - 1
        orig = history[-1] if kind == "more_epochs" else history[e]
        out.append(Tried(kind, change, hist, complete, _better(kind, orig.train_loss, hist[e].train_loss, reference),
                         hist[e].epoch))
    return out


def _held(h: Any) -> tuple[float | None, float | None]:
    if h.validation_loss is not None:
        return h.validation_loss, h.validation_accuracy
    return h.test_loss, h.test_accuracy


def epochs_trace(history: Sequence[Any]) -> dict[str, list[Any]]:
    """The epoch summaries a chart draws: epoch, training and held-out loss and accuracy."""
    held = [_held(h) for h in history]
    return {"epoch": [h.epoch for h in history], "train_loss": [h.train_loss for h in history],
            "train_accuracy": [h.train_accuracy for h in history], "held_out_loss": [x[0] for x in held],
            "held_out_accuracy": [x[1] for x in held]}


def change_sentence(kind: str, change: dict[str, Any], cfg: Any) -> Sentence:
    if kind == "lower_lr" and cfg.schedule != "constant":
        return Sentence("advice.change.lr_constant", {"lr": change["lr"],
                                                      "schedule_key": f"ui.schedule.{cfg.schedule}"})
    if kind in ("lower_lr", "higher_lr"):
        return Sentence("advice.change.lr", {"lr": change["lr"], "lr_was": cfg.lr})
    if kind == "decay_lr":
        return Sentence("advice.change.decay", {"lr": cfg.lr})
    if kind == "larger_model" and not cfg.hidden:
        return Sentence("advice.change.hidden_add", {"units": change["hidden"][0]})
    if kind == "larger_model":
        return Sentence("advice.change.hidden", {"hidden": list(change["hidden"]), "hidden_was": list(cfg.hidden)})
    return Sentence("advice.change.epochs", {"epochs": change["epochs"], "epochs_was": cfg.epochs})


def outcome(t: Tried, classification: bool) -> Sentence:
    """What a probe reached at the epoch it was compared at."""
    if t.diverged:
        return Sentence("advice.outcome.fit_diverged", {"epochs": t.epoch})
    h = t.history[-1] if t.kind == "more_epochs" else next(x for x in t.history if x.epoch == t.epoch)
    _, acc_held = _held(h)
    acc = acc_held if acc_held is not None else h.train_accuracy
    key = "advice.outcome.fit" if classification and acc is not None else "advice.outcome.fit_regression"
    params: dict[str, Any] = {"loss": h.train_loss, "epochs": h.epoch}
    if key == "advice.outcome.fit":
        params["acc_pct"] = acc
        params["part_key"] = "advice.part.held_out" if acc_held is not None else "advice.part.train"
    if not t.complete:
        key += "_bounded"
    return Sentence(key, params)


def advice_for(tried: list[Tried], cfg: Any, classification: bool, seconds: float) -> tuple[Advice, ...]:
    """Advice sentences: only the change that helped when one did, else every change tried or left untested."""
    out = []
    helped = [t for t in tried if t.helped]
    for t in helped or tried:
        change = change_sentence(t.kind, t.change, cfg)
        if t.helped is None:
            out.append(Advice(t.kind, False, None, Sentence("advice.untested", {"change": change, "seconds": seconds})))
        else:
            key = "advice.tried" if t.helped else "advice.tried_no_help"
            out.append(Advice(t.kind, True, t.helped, Sentence(key, {"change": change,
                                                                      "outcome": outcome(t, classification)})))
    return tuple(out)


def counterfactual(tried: list[Tried]) -> Counterfactual | None:
    """The probe to draw: the first that helped, else the first that ran."""
    ran = [t for t in tried if t.helped is not None]
    if not ran:
        return None
    t = next((x for x in ran if x.helped), ran[0])
    if not t.history:
        return None
    last = t.history[-1]
    facts = {"epochs": last.epoch, "loss_end": last.train_loss, "train_accuracy": last.train_accuracy,
             "held_out_loss": _held(last)[0], "held_out_accuracy": _held(last)[1], "complete": t.complete,
             "compared_at_epoch": t.epoch}
    change = {k: list(v) if isinstance(v, tuple) else v for k, v in t.change.items()}
    return Counterfactual(t.kind, change, "", facts, epochs_trace(t.history), bool(t.helped))


def stop_earlier(history: Sequence[Any], best_epoch: int, held: str) -> tuple[Advice, Counterfactual]:
    """Stopping at the best held-out epoch: this run itself up to that epoch."""
    upto = [h for h in history if h.epoch <= best_epoch]
    loss, acc = _held(upto[-1])
    params: dict[str, Any] = {"epoch": best_epoch, "loss": loss, "held_key": f"training.held.{held}"}
    key = "advice.stop_earlier"
    if acc is not None:
        params["acc_pct"] = acc
        key += "_acc"
    facts = {"epochs": best_epoch, "loss_end": upto[-1].train_loss, "held_out_loss": loss, "held_out_accuracy": acc,
             "complete": True, "compared_at_epoch": best_epoch}
    cf = Counterfactual("stop_earlier", {"epochs": best_epoch}, "", facts, epochs_trace(upto), True)
    return Advice("stop_earlier", True, True, Sentence(key, params)), cf
