"""A numerical gradient obeys the stop flag inside one iteration, not only between iterations."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.datasets import load
from app.core.gradients import STOP_EVERY, Interrupted, central_difference
from app.core.training import TrainDone, train
from app.core.training_setup import TrainConfig


def test_central_difference_stops_within_a_few_coordinates() -> None:
    calls = {"f": 0, "stop": 0}

    def f(x: np.ndarray) -> float:
        calls["f"] += 1
        return float(x @ x)

    def stop() -> bool:
        calls["stop"] += 1
        return calls["stop"] > 2  # the third poll says stop

    theta = np.arange(10_000, dtype=np.float64)
    with pytest.raises(Interrupted):
        central_difference(f, theta, stop=stop)
    assert calls["f"] == 2 * 2 * STOP_EVERY  # two polls passed, each followed by STOP_EVERY coordinates
    assert np.array_equal(theta, np.arange(10_000))  # the caller's vector is untouched


def test_without_a_stop_the_gradient_is_unchanged() -> None:
    theta = np.array([1.0, -2.0, 3.0])
    assert central_difference(lambda x: float(x @ x), theta, stop=lambda: False) == pytest.approx(2 * theta)


def test_a_numerical_training_stopped_mid_iteration_ends_as_stopped() -> None:
    data = load("spiral", seed=0, n=200)
    cfg = TrainConfig(hidden=(32, 32), batch_size=100, epochs=50, gradient="numerical", landscape=False)
    polls = {"n": 0}

    def stop() -> bool:
        polls["n"] += 1
        return polls["n"] > 40  # polled once before the iteration, then every 16 coordinates of ~1,300

    records = list(train(data, cfg, stop=stop))
    done = records[-1]
    assert isinstance(done, TrainDone) and done.reason == "stopped"
    assert polls["n"] == 41  # it stopped at the first poll that said so, inside the first iteration
