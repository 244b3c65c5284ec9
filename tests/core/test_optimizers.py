"""Optimizers: hand-computed first steps in both conventions, convergence on the bowl, no mutation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.core.registry import OPTIMIZERS, make_optimizer, make_schedule
from app.core.runs import DescentSpec, run_all

G1, G2 = np.array([1.0, -2.0]), np.array([0.5, 1.0])
THETA = np.array([3.0, 4.0])


def two_updates(name: str, lr: float = 0.1, convention: str = "pytorch", **hp: float) -> tuple[np.ndarray, ...]:
    opt = make_optimizer(name, make_schedule("constant", lr), convention, **hp)
    state = opt.init(THETA)
    d1, state = opt.update(G1, state, THETA, 0)
    d2, state = opt.update(G2, state, THETA + d1, 1)
    return d1, d2


def test_sgd() -> None:
    d1, d2 = two_updates("sgd")
    assert np.allclose(d1, -0.1 * G1) and np.allclose(d2, -0.1 * G2)


def test_sgd_weight_decay_adds_lambda_theta() -> None:
    d1, _ = two_updates("sgd", weight_decay=0.5)
    assert np.allclose(d1, -0.1 * (G1 + 0.5 * THETA))


def test_momentum_pytorch() -> None:  # b1 = g1; b2 = 0.9 b1 + g2
    d1, d2 = two_updates("momentum", momentum=0.9)
    assert np.allclose(d1, -0.1 * G1) and np.allclose(d2, -0.1 * (0.9 * G1 + G2))


def test_momentum_book() -> None:  # v1 = −η g1; v2 = α v1 − η g2
    d1, d2 = two_updates("momentum", convention="book", momentum=0.9)
    assert np.allclose(d1, -0.1 * G1) and np.allclose(d2, 0.9 * (-0.1 * G1) - 0.1 * G2)


def test_nesterov_pytorch() -> None:  # Δ = −η (g + μ b)
    d1, d2 = two_updates("nesterov", momentum=0.9)
    b2 = 0.9 * G1 + G2
    assert np.allclose(d1, -0.1 * (G1 + 0.9 * G1)) and np.allclose(d2, -0.1 * (G2 + 0.9 * b2))


def test_nesterov_book() -> None:  # v ← μv − ηg; Δ = μ² v − (1 + μ) η g
    d1, d2 = two_updates("nesterov", convention="book", momentum=0.9)
    v1 = -0.1 * G1
    v2 = 0.9 * v1 - 0.1 * G2
    assert np.allclose(d1, 0.81 * v1 - 1.9 * 0.1 * G1) and np.allclose(d2, 0.81 * v2 - 1.9 * 0.1 * G2)


@pytest.mark.parametrize(("convention", "eps"), [("pytorch", 1e-10), ("book", 1e-7)])
def test_adagrad(convention: str, eps: float) -> None:
    d1, d2 = two_updates("adagrad", convention=convention)
    h2 = G1**2 + G2**2
    assert np.allclose(d1, -0.1 * G1 / (np.abs(G1) + eps), rtol=1e-12)
    assert np.allclose(d2, -0.1 * G2 / (np.sqrt(h2) + eps), rtol=1e-12)


@pytest.mark.parametrize(("convention", "eps"), [("pytorch", 1e-8), ("book", 1e-7)])
def test_rmsprop(convention: str, eps: float) -> None:
    d1, d2 = two_updates("rmsprop", convention=convention, alpha=0.9)
    h1 = 0.1 * G1**2
    h2 = 0.9 * h1 + 0.1 * G2**2
    assert np.allclose(d1, -0.1 * G1 / (np.sqrt(h1) + eps), rtol=1e-12)
    assert np.allclose(d2, -0.1 * G2 / (np.sqrt(h2) + eps), rtol=1e-12)


def test_adam_pytorch_first_step_is_lr_times_sign() -> None:
    d1, d2 = two_updates("adam")
    assert np.allclose(d1, -0.1 * np.sign(G1), rtol=1e-6)
    m = 0.9 * 0.1 * G1 + 0.1 * G2
    v = 0.999 * 0.001 * G1**2 + 0.001 * G2**2
    assert np.allclose(d2, -0.1 * (m / (1 - 0.81)) / (np.sqrt(v / (1 - 0.999**2)) + 1e-8), rtol=1e-12)


def test_adam_book() -> None:
    d1, d2 = two_updates("adam", convention="book")
    m1, v1 = 0.1 * G1, 0.001 * G1**2
    eta1 = 0.1 * math.sqrt(1 - 0.999) / (1 - 0.9)
    assert np.allclose(d1, -eta1 * m1 / (np.sqrt(v1) + 1e-7), rtol=1e-12)
    m2, v2 = m1 + 0.1 * (G2 - m1), v1 + 0.001 * (G2**2 - v1)
    eta2 = 0.1 * math.sqrt(1 - 0.999**2) / (1 - 0.9**2)
    assert np.allclose(d2, -eta2 * m2 / (np.sqrt(v2) + 1e-7), rtol=1e-12)


def test_adamw_decays_the_weights_apart_from_the_gradient() -> None:
    d_w, _ = two_updates("adamw", weight_decay=0.1)
    d_a, _ = two_updates("adam")
    assert np.allclose(d_w - d_a, -0.1 * 0.1 * THETA)


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("convention", ["pytorch", "book"])
def test_update_does_not_mutate_its_inputs(name: str, convention: str) -> None:
    opt = make_optimizer(name, make_schedule("constant", 0.1), convention)
    theta, g = THETA.copy(), G1.copy()
    state = opt.init(theta)
    _, state = opt.update(g, state, theta, 0)
    snapshot = [np.array(a, copy=True) for a in state]
    opt.update(g, state, theta, 1)
    assert np.array_equal(theta, THETA) and np.array_equal(g, G1)
    assert all(np.array_equal(a, b) for a, b in zip(state, snapshot, strict=True))


CONVERGING_LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 1.0, "rmsprop": 0.05, "adam": 0.2,
                 "adamw": 0.2}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_converges_on_the_bowl(name: str) -> None:
    cols, _, diagnosis = run_all(DescentSpec(optimizer=name, lr=CONVERGING_LR[name], steps=2000,
                                             hyper={"weight_decay": 0.0}))
    assert np.hypot(*cols.xy[-1]) < 1e-2, cols.xy[-1]
    assert diagnosis.verdict == "converged"


def test_unknown_optimizer_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer("lion", make_schedule("constant", 0.1))
