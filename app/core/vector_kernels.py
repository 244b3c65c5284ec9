"""The built-in surfaces' values and gradients on arrays of many points at once, for sweeps.

Bit for bit the scalar kernels (`kernels.py`) point by point: x² is np.float_power(x, 2.0), which calls the C
library's pow() like a float's ** does (numpy's array x**2 would square, x·x, and differ in the last bit in about
one case in a thousand); exp, tanh, cosh, sin and cos are the same numpy ufuncs the scalar kernels call.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .kernels import _K, _P, _TWO_PI
from .surfaces import MESA_A, MESA_C, PLATEAU_S

Array = np.ndarray
VectorGrad = Callable[[Array, Array], tuple[Array, Array]]
VectorF = Callable[[Array, Array], Array]


def _sq(a: Array) -> Array:
    square: Array = np.float_power(a, 2.0)
    return square


def _bowl(x: Array, y: Array) -> tuple[Array, Array]:
    return 2.0 * x, 2.0 * y


def _elongated(x: Array, y: Array) -> tuple[Array, Array]:
    return x / 10.0, 2.0 * y


def _plateau(x: Array, y: Array) -> tuple[Array, Array]:
    s = np.exp(-(_sq(x) + _sq(y)) / PLATEAU_S) * _P
    return s * x, s * y


def _mesa(x: Array, y: Array) -> tuple[Array, Array]:
    gx = 1.0 / _sq(np.cosh(x - MESA_A)) + 1.0 / _sq(np.cosh(x + MESA_A)) - np.exp(-(x + MESA_C))
    return gx, y.copy()


def _saddle(x: Array, y: Array) -> tuple[Array, Array]:
    return 2.0 * x, -2.0 * y


def _rosenbrock(x: Array, y: Array) -> tuple[Array, Array]:
    d = y - _sq(x)
    return -2.0 * (1.0 - x) - 400.0 * x * d, 200.0 * d


def _himmelblau(x: Array, y: Array) -> tuple[Array, Array]:
    a, b = _sq(x) + y - 11.0, x + _sq(y) - 7.0
    return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _rastrigin(x: Array, y: Array) -> tuple[Array, Array]:
    return 2.0 * x + _K * np.sin(_TWO_PI * x), 2.0 * y + _K * np.sin(_TWO_PI * y)


VECTOR_GRADS: dict[str, VectorGrad] = {
    "bowl": _bowl, "elongated": _elongated, "plateau": _plateau, "mesa": _mesa, "saddle": _saddle,
    "rosenbrock": _rosenbrock, "himmelblau": _himmelblau, "rastrigin": _rastrigin,
}

# The largest |x|, |y| a sweep lets a run reach before it counts as diverged: 10× the view box. Inside it every
# built-in surface's value and gradient are finite (mesa's exp(−(x + 6)) and cosh overflow only beyond |x| ≈ 700),
# so "left the box" is the only way a sweep run diverges, exactly as the single run with the same bound.
def sweep_bound(view: tuple[tuple[float, float], tuple[float, float]]) -> float:
    """10 × the largest coordinate of the view box."""
    (x0, x1), (y0, y1) = view
    return 10.0 * max(abs(x0), abs(x1), abs(y0), abs(y1))
