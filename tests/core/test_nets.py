from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

from app.core import nets

DEPTHS = {0: [], 1: [6], 2: [6, 5]}


def _batch(rng: np.random.Generator, n: int = 7, d: int = 4, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    return rng.standard_normal((n, d)), rng.integers(0, k, n)


def _params(net: nets.MLP, rng: np.random.Generator) -> np.ndarray:
    theta = nets.init_params(net, rng, "xavier")
    return theta + 0.1 * rng.standard_normal(theta.shape)  # non-zero biases, so every term is exercised


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
@pytest.mark.parametrize("depth", sorted(DEPTHS))
@pytest.mark.parametrize("loss", nets.LOSSES)
@pytest.mark.parametrize("activation", nets.ACTIVATIONS)
def test_backprop_matches_central_differences(activation: str, loss: str, depth: int, weight_decay: float) -> None:
    rng = np.random.default_rng(zlib.crc32(f"{activation}/{loss}/{depth}".encode()))
    x, y = _batch(rng)
    net = nets.make_mlp(4, DEPTHS[depth], 3, activation, loss, weight_decay)
    check = nets.check_gradient(net, _params(net, rng), x, y)
    assert check.backprop.shape == check.numerical.shape == (net.n_params,)
    assert check.relative_error < 1e-6
    assert check.max_relative_difference < 1e-6, (check.worst_param, check.worst_index)


@pytest.mark.parametrize("depth", sorted(DEPTHS))
def test_backprop_matches_central_differences_for_regression_targets(depth: int) -> None:
    rng = np.random.default_rng(5)
    x, t = rng.standard_normal((9, 3)), rng.standard_normal((9, 2))
    net = nets.make_mlp(3, DEPTHS[depth], 2, "tanh", "mse", 0.01)
    assert nets.check_gradient(net, _params(net, rng), x, t).max_relative_difference < 1e-6


def test_a_wrong_gradient_is_caught_by_the_check() -> None:
    rng = np.random.default_rng(0)
    x, y = _batch(rng)
    net = nets.make_mlp(4, [5], 3, "sigmoid")
    theta = _params(net, rng)
    _, good = nets.loss_and_gradient(net, theta, x, y)
    assert nets.check_gradient(net, theta, x, y, gradient=good).max_relative_difference < 1e-6
    bad = good.copy()
    bad[27] *= 1.01  # one weight of W2 (after W1: 4×5 and b1: 5) off by 1 %
    check = nets.check_gradient(net, theta, x, y, gradient=bad)
    assert check.max_relative_difference > 1e-3 and (check.worst_param, check.worst_index) == ("W2", 27)
    assert check.backprop is not None and check.backprop[27] == bad[27]


def test_layout_is_one_flat_vector_of_named_views() -> None:
    net = nets.make_mlp(784, [100], 10)
    assert net.n_params == 784 * 100 + 100 + 100 * 10 + 10 == 79510
    assert [s.name for s in net.layout] == ["W1", "b1", "W2", "b2"]
    assert [s.offset for s in net.layout] == [0, 78400, 78500, 79500]
    theta = np.zeros(net.n_params)
    blocks = nets.unflatten(net, theta)
    assert blocks["W1"].shape == (784, 100) and blocks["b2"].shape == (10,)
    blocks["W2"][3, 4] = 7.0
    assert theta[78500 + 3 * 10 + 4] == 7.0
    (w1, b1), (w2, b2) = nets.views(net, theta)
    assert all(np.shares_memory(a, theta) for a in (w1, b1, w2, b2))


@pytest.mark.parametrize(("init", "expected"), [("normal", 0.01), ("xavier", math.sqrt(1 / 400)),
                                                 ("he", math.sqrt(2 / 400))])
def test_initial_weight_scales_and_zero_biases(init: str, expected: float) -> None:
    net = nets.make_mlp(400, [300], 10)
    theta = nets.init_params(net, np.random.default_rng(0), init)
    w1, b1 = nets.views(net, theta)[0]
    assert np.std(w1) == pytest.approx(expected, rel=0.01)
    assert not b1.any()
    np.testing.assert_array_equal(theta, nets.init_params(net, np.random.default_rng(0), init))


def test_zero_weights_give_loss_log_k_and_uniform_probabilities() -> None:
    rng = np.random.default_rng(1)
    x, y = _batch(rng, k=3)
    net = nets.make_mlp(4, [5], 3, "relu")
    theta = np.zeros(net.n_params)
    assert nets.loss(net, theta, x, y) == pytest.approx(math.log(3), rel=1e-12)
    np.testing.assert_allclose(nets.forward(net, theta, x), 1.0 / 3.0)


def test_probabilities_sum_to_one_and_accuracy_counts_argmax_hits() -> None:
    rng = np.random.default_rng(2)
    net = nets.make_mlp(4, [5], 3, "tanh")
    theta = _params(net, rng)
    x, _ = _batch(rng, n=50)
    p = nets.forward(net, theta, x, chunk=16)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    y = np.argmax(p, axis=1)
    assert nets.accuracy(net, theta, x, y) == 1.0
    y_wrong = (y + 1) % 3
    assert nets.accuracy(net, theta, x, y_wrong) == 0.0


def test_evaluate_in_chunks_equals_one_pass_and_includes_the_l2_penalty() -> None:
    rng = np.random.default_rng(3)
    net = nets.make_mlp(4, [6], 3, "sigmoid", weight_decay=0.1)
    theta = _params(net, rng)
    x, y = _batch(rng, n=37)
    loss, _ = nets.evaluate(net, theta, x, y, chunk=8)
    assert loss == pytest.approx(nets.loss(net, theta, x, y), rel=1e-12)
    w1, w2 = nets.unflatten(net, theta)["W1"], nets.unflatten(net, theta)["W2"]
    plain = nets.loss(nets.make_mlp(4, [6], 3, "sigmoid"), theta, x, y)
    assert loss - plain == pytest.approx(0.05 * (np.sum(w1**2) + np.sum(w2**2)), rel=1e-10)


def test_losses_at_many_parameter_vectors_match_one_at_a_time() -> None:
    rng = np.random.default_rng(4)
    for loss in nets.LOSSES:
        net = nets.make_mlp(4, [6, 5], 3, "relu", loss, weight_decay=0.02)
        thetas = rng.standard_normal((5, net.n_params)) * 0.5
        x, y = _batch(rng, n=11)
        expected = [nets.loss(net, th, x, y) for th in thetas]
        np.testing.assert_allclose(nets.losses_at(net, thetas, x, y), expected, rtol=1e-12)


def test_float32_nets_keep_float32_and_agree_with_float64() -> None:
    rng = np.random.default_rng(6)
    net64 = nets.make_mlp(10, [8], 3, "sigmoid")
    net32 = nets.make_mlp(10, [8], 3, "sigmoid", dtype="float32")
    theta = _params(net64, rng)
    x, y = _batch(rng, n=20, d=10)
    l64, g64 = nets.loss_and_gradient(net64, theta, x, y)
    l32, g32 = nets.loss_and_gradient(net32, theta.astype(np.float32), x.astype(np.float32), y)
    assert g32.dtype == np.float32 and nets.init_params(net32, rng).dtype == np.float32
    assert l32 == pytest.approx(l64, rel=1e-5)
    np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-6)


def test_numerical_cost_counts_two_evaluations_per_parameter() -> None:
    rng = np.random.default_rng(7)
    net = nets.make_mlp(64, [32], 10)
    x, y = rng.random((16, 64)), rng.integers(0, 10, 16)
    cost = nets.numerical_cost(net, nets.init_params(net, rng), x, y, repeats=3)
    assert cost.evaluations == 2 * net.n_params == 2 * (64 * 32 + 32 + 32 * 10 + 10)
    assert cost.seconds == pytest.approx(cost.evaluations * cost.seconds_per_evaluation)
    assert cost.seconds_per_evaluation > 0


def test_bad_architectures_are_rejected() -> None:
    with pytest.raises(ValueError):
        nets.make_mlp(2, [4] * 5, 2)
    with pytest.raises(ValueError):
        nets.make_mlp(2, [0], 2)
    with pytest.raises(ValueError):
        nets.make_mlp(2, [4], 2, activation="swish")
    with pytest.raises(ValueError):
        nets.make_mlp(2, [4], 2, loss="hinge")
    with pytest.raises(ValueError):
        nets.init_params(nets.make_mlp(2, [4], 2), np.random.default_rng(0), "orthogonal")

