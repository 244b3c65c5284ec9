"""The optimizers of `optimizers.py` as scalar updates on two Python floats, for the fast descent loop.

`update(gx, gy, x, y, t, η_t) -> (Δx, Δy)`; state lives in the closure. Every formula is the array version's,
with the same operations in the same order (so the same roundings): see `optimizers.py` for the math.
Momentum-family updates also expose `velocity() -> (vx, vy)`, the drawn velocity (PyTorch: the buffer b; book: v).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from .optimizers import BOOK_EPS

Update = Callable[[float, float, float, float, int, float], tuple[float, float]]
_sqrt = math.sqrt  # correctly rounded, as np.sqrt is


class ScalarOptimizer(NamedTuple):
    update: Update
    velocity: Callable[[], tuple[float, float]] | None = None
    plain_sgd: bool = False  # Δ = −η g exactly: the loop may apply it inline


def _sgd(wd: float) -> ScalarOptimizer:
    def update(gx: float, gy: float, x: float, y: float, t: int, eta: float) -> tuple[float, float]:
        if wd:
            gx, gy = gx + wd * x, gy + wd * y
        return -eta * gx, -eta * gy

    return ScalarOptimizer(update, plain_sgd=not wd)


def _momentum(mu: float, wd: float, nesterov: bool, book: bool) -> ScalarOptimizer:
    vx = vy = 0.0
    started = False

    def update(gx: float, gy: float, x: float, y: float, t: int, eta: float) -> tuple[float, float]:
        nonlocal vx, vy, started
        if wd:
            gx, gy = gx + wd * x, gy + wd * y
        if book:
            vx, vy = mu * vx - eta * gx, mu * vy - eta * gy
            if nesterov:
                c, d = mu * mu, (1.0 + mu) * eta
                return c * vx - d * gx, c * vy - d * gy
            return vx, vy
        if started:
            vx, vy = mu * vx + gx, mu * vy + gy
        else:
            vx, vy, started = gx, gy, True
        if nesterov:
            return -eta * (gx + mu * vx), -eta * (gy + mu * vy)
        return -eta * vx, -eta * vy

    def velocity() -> tuple[float, float]:
        return vx, vy

    return ScalarOptimizer(update, velocity)


def _accumulating(decay: float | None, eps: float, wd: float) -> ScalarOptimizer:
    """adagrad (decay None: h ← h + g²) and rmsprop (h ← α h + (1 − α) g²)."""
    hx = hy = 0.0
    one_minus = None if decay is None else 1.0 - decay
    alpha = 0.0 if decay is None else decay  # read only when one_minus is set, i.e. decay is given

    def update(gx: float, gy: float, x: float, y: float, t: int, eta: float) -> tuple[float, float]:
        nonlocal hx, hy
        if wd:
            gx, gy = gx + wd * x, gy + wd * y
        if one_minus is None:
            hx, hy = hx + gx * gx, hy + gy * gy
        else:
            hx, hy = alpha * hx + one_minus * gx * gx, alpha * hy + one_minus * gy * gy
        return -eta * gx / (_sqrt(hx) + eps), -eta * gy / (_sqrt(hy) + eps)

    return ScalarOptimizer(update)


def _adam(b1: float, b2: float, eps: float, wd: float, decoupled: bool, book: bool) -> ScalarOptimizer:
    mx = my = vx = vy = 0.0
    c1, c2 = 1.0 - b1, 1.0 - b2

    def update(gx: float, gy: float, x: float, y: float, t: int, eta: float) -> tuple[float, float]:
        nonlocal mx, my, vx, vy
        if wd and not decoupled:
            gx, gy = gx + wd * x, gy + wd * y
        n = t + 1
        if book:
            eta_t = eta * _sqrt(1.0 - b2**n) / (1.0 - b1**n)
            mx, my = mx + c1 * (gx - mx), my + c1 * (gy - my)
            vx, vy = vx + c2 * (gx * gx - vx), vy + c2 * (gy * gy - vy)
            dx, dy = -eta_t * mx / (_sqrt(vx) + BOOK_EPS), -eta_t * my / (_sqrt(vy) + BOOK_EPS)
        else:
            mx, my = b1 * mx + c1 * gx, b1 * my + c1 * gy
            vx, vy = b2 * vx + c2 * gx * gx, b2 * vy + c2 * gy * gy
            k1, k2 = 1.0 - b1**n, 1.0 - b2**n
            dx = -eta * (mx / k1) / (_sqrt(vx / k2) + eps)
            dy = -eta * (my / k1) / (_sqrt(vy / k2) + eps)
        if decoupled and wd:
            e = eta * wd
            dx, dy = dx - e * x, dy - e * y
        return dx, dy

    return ScalarOptimizer(update)


def scalar_optimizer(name: str, convention: str = "pytorch", **hp: float) -> ScalarOptimizer:
    """The scalar twin of `make_optimizer(name, ...)` (same names, defaults and conventions)."""
    book = convention == "book"
    wd = hp.get("weight_decay", 0.0)
    if name == "sgd":
        return _sgd(wd)
    if name in ("momentum", "nesterov"):
        return _momentum(hp.get("momentum", 0.9), wd, name == "nesterov", book)
    if name == "adagrad":
        return _accumulating(None, BOOK_EPS if book else hp.get("eps", 1e-10), wd)
    if name == "rmsprop":
        return _accumulating(hp.get("alpha", 0.99), BOOK_EPS if book else hp.get("eps", 1e-8), wd)
    if name in ("adam", "adamw"):
        wd = hp.get("weight_decay", 0.01 if name == "adamw" else 0.0)
        return _adam(hp.get("beta1", 0.9), hp.get("beta2", 0.999), hp.get("eps", 1e-8), wd, name == "adamw", book)
    raise ValueError(f"unknown optimizer {name!r}")
