"""One update taken apart: its terms add up to the optimizer's step and x_{t+1} is the run's next record, for
every optimizer and convention; a training iteration replays to the streamed loss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.core.anatomy import anatomy
from app.core.anatomy_train import train_anatomy
from app.core.datasets import load
from app.core.registry import OPTIMIZERS
from app.core.runs import DescentSpec, run_all
from app.core.training import Iteration, train
from app.core.training_setup import config_for

CASES = [(name, conv) for name in OPTIMIZERS for conv in ("pytorch", "book")
         if conv == "pytorch" or name in ("momentum", "nesterov", "adagrad", "rmsprop", "adam")]


@pytest.mark.parametrize(("name", "convention"), CASES)
def test_terms_add_up_and_the_next_point_is_the_runs(name: str, convention: str) -> None:
    spec = DescentSpec(surface="elongated", start=(-7.0, 2.0), steps=8, optimizer=name, lr=0.2,
                       convention=convention, gradient="central", hyper={"weight_decay": 0.05})
    cols, _, _ = run_all(spec)
    for t in (0, 1, 5):
        a = anatomy(spec, t)
        assert a["x"] == pytest.approx(cols.xy[t], abs=0, rel=1e-15)
        assert a["x_next"] == pytest.approx(cols.xy[t + 1], abs=0, rel=1e-15)
        assert a["residual"] <= 1e-15 * max(1.0, max(map(abs, a["delta"])))
        assert a["lr"] == 0.2 and a["f"] == pytest.approx(cols.loss[t])


def test_central_difference_values_reproduce_the_gradient() -> None:
    spec = DescentSpec(surface="bowl", start=(-3.0, 4.0), steps=3, gradient="central", h=1e-4)
    g = anatomy(spec, 0)["gradient"]
    for i in range(2):
        assert (g["f_plus"][i] - g["f_minus"][i]) / (2 * g["h"]) == pytest.approx(g["value"][i], rel=1e-12)
    assert g["exact"] == [-6.0, 8.0] and g["max_error"] < 1e-8


def test_adam_first_step_is_the_learning_rate_in_each_coordinate() -> None:
    a = anatomy(DescentSpec(surface="elongated", start=(-7.0, 2.0), steps=5, optimizer="adam", lr=0.3), 0)
    state = a["state"]
    assert state["bias_correction1"] == pytest.approx(0.1) and state["bias_correction2"] == pytest.approx(1e-3)
    assert a["state"]["m_hat"] == pytest.approx(a["gradient"]["value"])  # m̂ = g at the first step
    assert a["delta_abs_over_lr"] == pytest.approx([1.0, 1.0], rel=1e-6)


def test_momentum_share_and_bad_steps() -> None:
    spec = DescentSpec(surface="elongated", start=(-7.0, 2.0), steps=10, optimizer="momentum", lr=0.1)
    assert anatomy(spec, 0)["momentum_share"] == 0.0  # no velocity yet
    assert anatomy(spec, 5)["momentum_share"] > 0.5
    with pytest.raises(ValueError, match="between 0 and"):
        anatomy(spec, 10)
    with pytest.raises(ValueError, match="stops at step"):
        anatomy(DescentSpec(surface="bowl", steps=2000, lr=1e3, start=(1e300, 1e300)), 1500)


def test_training_iteration_replays_to_the_streamed_numbers() -> None:
    data = load("digits", seed=0)
    cfg = config_for("digits", epochs=1, landscape=False)
    losses = [r.loss for r in train(data, cfg) if isinstance(r, Iteration)][:6]
    for t in (0, 5):
        a = train_anatomy(data, cfg, t)
        assert a["loss"] == pytest.approx(losses[t], rel=1e-12)
        assert a["lr"] == cfg.lr and len(a["layers"]) == 2
        assert math.hypot(*(layer["grad_norm"] for layer in a["layers"])) == pytest.approx(a["grad_norm"])
        for layer in a["layers"]:  # plain SGD: ‖Δθ_l‖ = η ‖g_l‖
            assert layer["update_norm"] == pytest.approx(cfg.lr * layer["grad_norm"])
            assert layer["relative_update"] == pytest.approx(layer["update_norm"] / layer["weight_norm"])
    with pytest.raises(ValueError, match="iteration must be"):
        train_anatomy(data, cfg, 10_000)
    assert np.isfinite(a["loss"])
