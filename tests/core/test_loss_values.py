"""The course's printed loss values, and the learning-rate search that makes an optimizer comparison fair."""

from __future__ import annotations

import math

import pytest

from app.core.loss_values import DELTAS, cross_entropy, mean_squared_error, one_hot
from app.core.runs import DescentSpec, run_all
from app.core.tuning import GRID, tune

RIGHT = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
WRONG = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]


def test_the_course_values() -> None:
    t = one_hot(2, 10)
    assert mean_squared_error(RIGHT, t) == pytest.approx(0.0975)
    assert cross_entropy(RIGHT, t) == pytest.approx(0.510825457099, rel=1e-11)
    assert mean_squared_error(WRONG, t) == pytest.approx(0.5975)
    assert cross_entropy(WRONG, t) == pytest.approx(2.30258409299, rel=1e-11)
    assert cross_entropy(RIGHT, t, DELTAS["exact"]) == pytest.approx(-math.log(0.6), rel=1e-15)
    assert cross_entropy(one_hot(0, 2)[::-1], one_hot(0, 2), 0.0) == math.inf
    assert cross_entropy([0.0, 1.0], one_hot(0, 2)) == pytest.approx(-math.log(1e-7))


def test_search_picks_each_optimizers_best_rate_from_the_grid() -> None:
    spec = DescentSpec(surface="elongated", start=(-8.0, 4.0), steps=30)
    found = tune(spec, ["sgd", "adam"])
    assert found["method"] == "search" and found["grid"] == list(GRID) and found["steps"] == 30
    for entry in found["optimizers"]:
        assert entry["lr"] in GRID and len(entry["tried"]) == len(GRID)
        best = min(entry["tried"], key=lambda x: (x["reached"], x["gap"]))
        assert (entry["reached"], entry["gap"]) == (best["reached"], best["gap"])
        # the chosen rate, rerun on its own, ends where the search says
        cols, _, _ = run_all(DescentSpec(surface="elongated", start=(-8.0, 4.0), steps=30, optimizer=entry["optimizer"],
                                         lr=entry["lr"]))
        assert cols.loss[-1] / cols.loss[0] == pytest.approx(entry["gap"], rel=1e-9)
    sgd = next(e for e in found["optimizers"] if e["optimizer"] == "sgd")
    assert sgd["lr"] < 1.0  # above 1 plain SGD diverges across this valley (y ← (1 − 2η) y)
    assert all(x["gap"] > 1.0 for x in sgd["tried"] if x["lr"] > 1.0)  # they end above their start
    with pytest.raises(ValueError, match="at most"):
        tune(DescentSpec(steps=5000), ["sgd"])
