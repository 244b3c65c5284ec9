"""Numerical gradients of a scalar function of one flat parameter vector.

central:  ∂f/∂θi ≈ (f(θ + h·ei) − f(θ − h·ei)) / 2h    error O(h²), 2n evaluations
forward:  ∂f/∂θi ≈ (f(θ + h·ei) − f(θ)) / h            error O(h),  n + 1 evaluations

Each coordinate is nudged in place and restored, so f sees the same vector object every time (as in the lessons);
the caller's array is left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

GRADIENT_MODES = ("analytic", "central", "forward")
DEFAULT_H = 1e-4

# f(θ) → a number: a float, or a numpy scalar typed as an array (the surfaces' f serves grids too)
ScalarFn = Callable[[np.ndarray], float | np.ndarray]
STOP_EVERY = 16  # coordinates between two polls of the stop flag


class Interrupted(Exception):
    """The stop flag was raised in the middle of a numerical gradient."""


def central_difference(f: ScalarFn, theta: np.ndarray, h: float = DEFAULT_H,
                       stop: Callable[[], bool] | None = None) -> np.ndarray:
    """Central-difference gradient (f(θ+h) − f(θ−h)) / 2h, one coordinate at a time.

    `stop()` is polled every STOP_EVERY coordinates; True raises Interrupted (θ is restored first)."""
    x = np.array(theta, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        if stop is not None and i % STOP_EVERY == 0 and stop():
            raise Interrupted
        orig = flat[i]
        flat[i] = float(orig) + h
        f_plus = f(x)
        flat[i] = orig - h
        f_minus = f(x)
        gflat[i] = (f_plus - f_minus) / (2 * h)
        flat[i] = orig
    return grad


def forward_difference(f: ScalarFn, theta: np.ndarray, h: float = DEFAULT_H) -> np.ndarray:
    """Forward-difference gradient (f(θ+h) − f(θ)) / h, one coordinate at a time."""
    x = np.array(theta, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    f0 = f(x)
    for i in range(flat.size):
        orig = flat[i]
        flat[i] = float(orig) + h
        gflat[i] = (f(x) - f0) / h
        flat[i] = orig
    return grad


def gradient_fn(
    mode: str, f: ScalarFn, analytic: Callable[[np.ndarray], np.ndarray] | None = None, h: float = DEFAULT_H
) -> Callable[[np.ndarray], np.ndarray]:
    """The gradient function for a mode: the analytic one, or a numerical difference of f with step h."""
    if mode == "analytic":
        if analytic is None:
            raise ValueError("no analytic gradient for this function")
        return analytic
    if mode == "central":
        return lambda theta: central_difference(f, theta, h)
    if mode == "forward":
        return lambda theta: forward_difference(f, theta, h)
    raise ValueError(f"unknown gradient mode {mode!r}; expected one of {GRADIENT_MODES}")
