"""Training advice from probes: compared at the epoch both runs reached, untested when no epoch fit the budget,
and never "helped" when the probe diverged (probes replaced by fakes, so these do not depend on timing)."""

from __future__ import annotations

from typing import Any, NamedTuple

from app.core import fit_advice as fa


class E(NamedTuple):
    epoch: int
    train_loss: float
    train_accuracy: float | None = 0.5
    validation_loss: float | None = None
    validation_accuracy: float | None = None
    test_loss: float | None = None
    test_accuracy: float | None = None


class Cfg(NamedTuple):
    lr: float = 10.0
    hidden: tuple[int, ...] = (32,)
    epochs: int = 10
    schedule: str = "constant"
    advice_seconds: float = 3.0


RUN = [E(e, 2.3) for e in range(11)]


def probe_of(history: list[E], why: str):  # type: ignore[no-untyped-def]
    def probe(change: dict[str, Any]) -> tuple[list[E], str]:
        return history, why
    return probe


def test_a_probe_cut_short_is_compared_at_the_epoch_both_reached() -> None:
    cut = [E(0, 2.3), E(1, 1.0), E(2, 0.5)]  # the budget ran out after epoch 2
    [t] = fa.try_all(RUN, [("lower_lr", {"lr": 1.0})], probe_of(cut, "stopped"), 0.0)
    assert t.helped and not t.complete and t.epoch == 2
    [a] = fa.advice_for([t], Cfg(), True, 3.0)
    assert a.tested and a.sentence.params["outcome"].key == "advice.outcome.fit_bounded"


def test_no_epoch_within_the_budget_leaves_the_advice_untested() -> None:
    [t] = fa.try_all(RUN, [("lower_lr", {"lr": 1.0})], probe_of([E(0, 2.3)], "stopped"), 0.0)
    assert t.helped is None
    [a] = fa.advice_for([t], Cfg(), True, 3.0)
    assert not a.tested and a.helped is None and a.sentence.key == "advice.untested"
    assert fa.counterfactual([t]) is None


def test_a_probe_that_diverged_did_not_help() -> None:
    [t] = fa.try_all(RUN, [("higher_lr", {"lr": 100.0})], probe_of([E(0, 2.3), E(1, 0.1)], "diverged"), 0.0)
    assert t.helped is False and t.diverged
    [a] = fa.advice_for([t], Cfg(), True, 3.0)
    assert a.sentence.key == "advice.tried_no_help"
    assert a.sentence.params["outcome"].key == "advice.outcome.fit_diverged"


def test_a_stalled_fit_stops_trying_after_the_first_change_that_helped() -> None:
    calls: list[str] = []

    def probe(change: dict[str, Any]) -> tuple[list[E], str]:
        calls.append(next(iter(change)))
        return [E(e, 2.3 if e == 0 else 0.2) for e in range(11)], "completed"
    changes = fa.candidates(None, Cfg(), batch_size=1, n_train=100, total=1000)
    assert [k for k, _ in changes] == ["decay_lr", "larger_model"]
    tried = fa.try_all(RUN, changes, probe, 0.0)
    assert [t.kind for t in tried] == ["decay_lr"] and calls == ["schedule"]


def test_more_epochs_cut_before_the_runs_own_end_is_untested() -> None:
    cut = [E(e, 2.0 - 0.1 * e) for e in range(8)]  # 8 of the 20 epochs tried, the run itself had 10
    [t] = fa.try_all(RUN, [("more_epochs", {"epochs": 20})], probe_of(cut, "stopped"), 0.0)
    assert t.helped is None
