"""Learning-rate schedules, from large to small."""

from __future__ import annotations

import itertools
import math

import pytest

from app.core.registry import SCHEDULES, make_schedule


def test_constant() -> None:
    s = make_schedule("constant", 0.3)
    assert [s(t) for t in (0, 10, 1000)] == [0.3, 0.3, 0.3]


def test_step_decay_halves_every_step_size() -> None:
    s = make_schedule("step", 1.0, step_size=10, gamma=0.5)
    assert [s(t) for t in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]


def test_exponential() -> None:
    assert make_schedule("exponential", 2.0, gamma=0.9)(3) == pytest.approx(2.0 * 0.9**3)


def test_cosine_goes_from_lr_to_lr_min_and_stays() -> None:
    s = make_schedule("cosine", 1.0, t_max=100, lr_min=0.1)
    assert s(0) == 1.0 and s(50) == pytest.approx(0.55) and s(100) == pytest.approx(0.1) and s(500) == s(100)


def test_inverse_time() -> None:
    assert make_schedule("inverse_time", 1.0, decay=0.5)(4) == pytest.approx(1 / 3)


def test_warmup_ramps_linearly_then_hands_over() -> None:
    s = make_schedule("constant", 1.0, warmup_steps=4)
    assert [s(t) for t in range(6)] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0, 1.0])


def test_range_test_rises_exponentially_to_lr_max() -> None:
    s = make_schedule("range_test", 1e-4, lr_max=1.0, t_max=100)
    assert s(0) == pytest.approx(1e-4) and s(50) == pytest.approx(1e-2) and s(100) == pytest.approx(1.0)
    assert s(200) == s(100)


@pytest.mark.parametrize("name", [s for s in SCHEDULES if s != "range_test"])
def test_every_decaying_schedule_is_positive_and_never_grows(name: str) -> None:
    s = make_schedule(name, 0.5)
    values = [s(t) for t in range(300)]
    assert all(v >= 0 and math.isfinite(v) for v in values)
    assert all(b <= a + 1e-15 for a, b in itertools.pairwise(values))


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        make_schedule("constant", 0.0)
    with pytest.raises(ValueError):
        make_schedule("step", 0.1, step_size=0)
    with pytest.raises(ValueError):
        make_schedule("sawtooth", 0.1)
