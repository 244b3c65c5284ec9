"""Per-layer facts against a small net computed by hand, and the training loop's records against them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.core import nets
from app.core.datasets import load
from app.core.layer_stats import inactive_share, inactive_units, layer_norms, layer_stats, update_ratios
from app.core.network_view import activations
from app.core.training import Iteration, train
from app.core.training_setup import config_for, prepare

# 2 inputs → 2 ReLU units → 1 linear output, mse.  Z1 = X W1 + b1 = [[1, −4], [3, −4]]: unit 2 is dead on both rows.
# O = A1 W2 + b2 = [3, 7], T = [1, 5]: L = (1/2B) Σ (O − T)² = 2, δ2 = (O − T)/B = [1, 1].
# ∂L/∂W2 = A1ᵀ δ2 = [4, 0], ∂L/∂b2 = 2 → ‖g2‖ = √20;  δ1 = δ2 W2ᵀ ⊙ [Z1 > 0] = [[2, 0], [2, 0]],
# ∂L/∂W1 = Xᵀ δ1 = [[8, 0], [4, 0]], ∂L/∂b1 = [4, 0] → ‖g1‖ = √96;  ‖θ1‖ = √4 = 2, ‖θ2‖ = √6.
X = np.array([[1.0, 2.0], [3.0, 0.0]])
T = np.array([[1.0], [5.0]])
W1, B1 = np.array([[1.0, -1.0], [0.0, -1.0]]), np.array([0.0, -1.0])
W2, B2 = np.array([[2.0], [1.0]]), np.array([1.0])


def _hand_net() -> tuple[nets.MLP, np.ndarray]:
    net = nets.make_mlp(2, [2], 1, "relu", "mse")
    return net, np.concatenate([W1.ravel(), B1, W2.ravel(), B2])


def test_gradient_norms_update_ratios_and_dead_units_of_the_hand_computed_net() -> None:
    net, theta = _hand_net()
    loss, grad = nets.loss_and_gradient(net, theta, X, T)
    assert loss == pytest.approx(2.0)
    lr = 0.1
    stats = layer_stats(net, theta, grad, -lr * grad, activations(net, theta, X)[:-1])
    assert stats.grad_norm == pytest.approx((math.sqrt(96), math.sqrt(20)))
    assert stats.update_ratio == pytest.approx((lr * math.sqrt(96) / 2, lr * math.sqrt(20) / math.sqrt(6)))
    assert stats.inactive == (0.5,)
    assert layer_norms(net, theta) == pytest.approx([2.0, math.sqrt(6)])


def test_update_ratio_edge_cases() -> None:
    assert update_ratios(np.array([2.0, 0.0, 0.0]), np.array([1.0, 0.0, 3.0])).tolist() == [0.5, 0.0, math.inf]


def test_saturated_sigmoid_and_tanh_units_are_saturated_on_every_row() -> None:
    tanh = np.array([[0.995, 0.5, -0.991], [-0.999, 0.2, 0.98]])
    assert inactive_units("tanh", tanh).tolist() == [True, False, False]
    sigmoid = np.array([[0.996, 0.004, 0.5], [0.9999, 0.001, 0.996]])
    assert inactive_units("sigmoid", sigmoid).tolist() == [True, True, False]
    assert inactive_share("sigmoid", sigmoid) == pytest.approx(2 / 3)
    relu = np.array([[0.0, 0.1], [0.0, 0.0]])
    assert inactive_units("relu", relu).tolist() == [True, False]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
def test_the_first_iteration_reports_the_facts_of_the_full_batch_at_the_initial_weights(optimizer: str) -> None:
    data = load("moons", seed=1, n=60)
    cfg = config_for("moons", hidden=(5, 4), batch_size=1000, epochs=1, optimizer=optimizer, lr=0.3,
                     landscape=False)
    prep = prepare(data, cfg)
    first = next(r for r in train(data, cfg) if isinstance(r, Iteration))
    x, y = prep.split.train.x, prep.split.train.y
    _, grad = nets.loss_and_gradient(prep.net, prep.theta0, x, y)
    want = layer_stats(prep.net, prep.theta0, grad, -0.3 * grad, activations(prep.net, prep.theta0, x)[:-1])
    assert first.layers is not None and len(first.layers.grad_norm) == 3 and len(first.layers.inactive) == 2
    assert first.layers.grad_norm == pytest.approx(want.grad_norm, rel=1e-9)
    assert first.layers.update_ratio == pytest.approx(want.update_ratio, rel=1e-9)  # momentum's first step is −ηg
    assert first.layers.inactive == pytest.approx(want.inactive)
    assert first.grad_norm == pytest.approx(math.sqrt(sum(g * g for g in want.grad_norm)))
    assert first.weights is not None and not first.weights.flags.writeable
