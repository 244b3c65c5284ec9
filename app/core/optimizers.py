"""Optimizers as pure (init, update) pairs on one flat float parameter vector θ.

`update(g, state, θ, t) -> (Δ, new_state)`; the caller applies θ ← θ + Δ. Nothing passed in is mutated.
η_t is the schedule's learning rate at update t (0-based); λ is weight_decay (L2, added to g: g ← g + λθ).

PyTorch convention (default):
  sgd       Δ = −η g
  momentum  b ← μ b + g (b = g at t = 0);            Δ = −η b
  nesterov  b ← μ b + g (b = g at t = 0);            Δ = −η (g + μ b)
  adagrad   h ← h + g²;                              Δ = −η g / (√h + ε)          ε = 1e-10
  rmsprop   h ← α h + (1 − α) g²;                    Δ = −η g / (√h + ε)          α = 0.99, ε = 1e-8
  adam      m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²;
            Δ = −η m̂ / (√v̂ + ε), m̂ = m / (1 − β1^(t+1)), v̂ = v / (1 − β2^(t+1))   ε = 1e-8
  adamw     adam with decoupled decay: Δ ← Δ − η λ θ (λ not added to g)

Book convention ("convention": "book", the lessons' textbook):
  momentum  v ← α v − η g;                           Δ = v
  nesterov  v ← μ v − η g;                           Δ = μ² v − (1 + μ) η g
  adagrad   h ← h + g²;                              Δ = −η g / (√h + 1e-7)
  rmsprop   h ← ρ h + (1 − ρ) g²;                    Δ = −η g / (√h + 1e-7)
  adam      η_t' = η_t √(1 − β2^(t+1)) / (1 − β1^(t+1)); m ← m + (1 − β1)(g − m); v ← v + (1 − β2)(g² − v);
            Δ = −η_t' m / (√v + 1e-7)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from .schedules import Schedule

Array = np.ndarray
BOOK_EPS = 1e-7
CONVENTIONS = ("pytorch", "book")


class Optimizer(NamedTuple):
    """init(θ) -> state; update(g, state, θ, t) -> (Δ, new_state)."""

    name: str
    init: Callable[[Array], Any]
    update: Callable[[Array, Any, Array, int], tuple[Array, Any]]


class EmptyState(NamedTuple):
    pass


class VelocityState(NamedTuple):
    velocity: Array
    started: bool


class AccumState(NamedTuple):
    h: Array


class AdamState(NamedTuple):
    m: Array
    v: Array


def _with_decay(g: Array, theta: Array, weight_decay: float) -> Array:
    return g + weight_decay * theta if weight_decay else g


def sgd(lr: Schedule, weight_decay: float = 0.0) -> Optimizer:
    def init(theta: Array) -> EmptyState:
        return EmptyState()

    def update(g: Array, state: EmptyState, theta: Array, t: int) -> tuple[Array, EmptyState]:
        return -lr(t) * _with_decay(g, theta, weight_decay), state

    return Optimizer("sgd", init, update)


def momentum(lr: Schedule, momentum: float = 0.9, weight_decay: float = 0.0, *, nesterov: bool = False,
             convention: str = "pytorch") -> Optimizer:
    mu = momentum

    def init(theta: Array) -> VelocityState:
        return VelocityState(np.zeros_like(theta, dtype=np.float64), False)

    def update(g: Array, state: VelocityState, theta: Array, t: int) -> tuple[Array, VelocityState]:
        g = _with_decay(g, theta, weight_decay)
        eta = lr(t)
        if convention == "book":
            v = mu * state.velocity - eta * g
            delta = mu * mu * v - (1.0 + mu) * eta * g if nesterov else v
            return delta, VelocityState(v, True)
        b = mu * state.velocity + g if state.started else np.array(g, dtype=np.float64)
        direction = g + mu * b if nesterov else b
        return -eta * direction, VelocityState(b, True)

    return Optimizer("nesterov" if nesterov else "momentum", init, update)


def adagrad(lr: Schedule, eps: float = 1e-10, weight_decay: float = 0.0, *, convention: str = "pytorch") -> Optimizer:
    eps = BOOK_EPS if convention == "book" else eps

    def init(theta: Array) -> AccumState:
        return AccumState(np.zeros_like(theta, dtype=np.float64))

    def update(g: Array, state: AccumState, theta: Array, t: int) -> tuple[Array, AccumState]:
        g = _with_decay(g, theta, weight_decay)
        h = state.h + g * g
        return -lr(t) * g / (np.sqrt(h) + eps), AccumState(h)

    return Optimizer("adagrad", init, update)


def rmsprop(lr: Schedule, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0, *,
            convention: str = "pytorch") -> Optimizer:
    eps = BOOK_EPS if convention == "book" else eps

    def init(theta: Array) -> AccumState:
        return AccumState(np.zeros_like(theta, dtype=np.float64))

    def update(g: Array, state: AccumState, theta: Array, t: int) -> tuple[Array, AccumState]:
        g = _with_decay(g, theta, weight_decay)
        h = alpha * state.h + (1.0 - alpha) * g * g
        return -lr(t) * g / (np.sqrt(h) + eps), AccumState(h)

    return Optimizer("rmsprop", init, update)


def adam(lr: Schedule, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.0, *,
         decoupled: bool = False, convention: str = "pytorch") -> Optimizer:
    def init(theta: Array) -> AdamState:
        z = np.zeros_like(theta, dtype=np.float64)
        return AdamState(z, z)

    def update(g: Array, state: AdamState, theta: Array, t: int) -> tuple[Array, AdamState]:
        if not decoupled:
            g = _with_decay(g, theta, weight_decay)
        eta, n = lr(t), t + 1
        if convention == "book":
            eta_t = eta * np.sqrt(1.0 - beta2**n) / (1.0 - beta1**n)
            m = state.m + (1.0 - beta1) * (g - state.m)
            v = state.v + (1.0 - beta2) * (g * g - state.v)
            delta = -eta_t * m / (np.sqrt(v) + BOOK_EPS)
        else:
            m = beta1 * state.m + (1.0 - beta1) * g
            v = beta2 * state.v + (1.0 - beta2) * g * g
            delta = -eta * (m / (1.0 - beta1**n)) / (np.sqrt(v / (1.0 - beta2**n)) + eps)
        if decoupled and weight_decay:
            delta = delta - eta * weight_decay * theta
        return delta, AdamState(m, v)

    return Optimizer("adamw" if decoupled else "adam", init, update)


def velocity_of(state: Any) -> Array | None:
    """The momentum velocity in a state, for drawing it; None for optimizers without one."""
    return state.velocity if isinstance(state, VelocityState) else None
