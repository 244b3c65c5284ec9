"""The built-in surfaces as scalar kernels on Python floats, for the fast descent loop.

`f(x, y) -> loss` and `fg(x, y) -> (loss, ∂f/∂x, ∂f/∂y)` evaluate the formulas of `surfaces.py` with the same
operations in the same order, so every result is bit for bit what the numpy version gives at one point:
  + − × ÷ round identically on floats and float64 scalars (IEEE 754); x**2 is the C library's pow() in both
  (numpy's float64 scalar power and Python's float power), never x·x; exp, tanh and cosh are numpy's own ufuncs
  called on a float (numpy's SIMD versions of them differ from the `math` module's in the last bit).
  sin and cos are the `math` module's: numpy computes float64 sin and cos with the C library's sin() and cos()
  on x86 (its SIMD versions of these two are switched off), the functions `math` calls, at a sixth of the cost.
  `_same_as_numpy` checks that on this machine at import and falls back to numpy's ufuncs where they differ
  (numpy builds for other CPUs may vectorise them); tests/core/test_kernels.py checks it on a million points.
The differences: Python's float ** raises OverflowError where numpy returns inf, and math.sin/cos raise
ValueError on ±inf where numpy returns nan. The loop catches both and evaluates that point on the general path
(`surfaces.py` on a float64 array, numpy semantics), see `fast_descent.FastRun`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .surfaces import MESA_A, MESA_C, PLATEAU_S

Scalar = Callable[[float, float], float]
ScalarGrad = Callable[[float, float], tuple[float, float, float]]

_exp, _tanh, _cosh = np.exp, np.tanh, np.cosh


def _same_as_numpy(fn: Callable[[float], float], ufunc: np.ufunc) -> bool:
    """Whether `fn` gives numpy's `ufunc` bit for bit on 4,096 fixed points (wide, near zero, near multiples of π)."""
    rng = np.random.default_rng(20240217)
    pts = np.concatenate([rng.uniform(-50.0, 50.0, 2048), rng.normal(0.0, 1.0, 1024),
                          np.pi * rng.integers(-1000, 1000, 1024) + rng.normal(0.0, 1e-6, 1024)])
    with np.errstate(all="ignore"):
        ref = ufunc(pts).tolist()
    return all(fn(p) == r for p, r in zip(pts.tolist(), ref, strict=True))


def _as_float(ufunc: np.ufunc) -> Callable[[float], float]:
    return lambda v: float(ufunc(v))


_sin = math.sin if _same_as_numpy(math.sin, np.sin) else _as_float(np.sin)
_cos = math.cos if _same_as_numpy(math.cos, np.cos) else _as_float(np.cos)
_TWO_PI = 2 * np.pi  # the surfaces write 2 * np.pi * x: (2π)·x
_K = 20.0 * np.pi
_P = 2.0 / PLATEAU_S


class Kernel(NamedTuple):
    f: Scalar
    fg: ScalarGrad


def _bowl(x: float, y: float) -> float:
    return x**2 + y**2


def _bowl_fg(x: float, y: float) -> tuple[float, float, float]:
    return x**2 + y**2, 2.0 * x, 2.0 * y


def _elongated(x: float, y: float) -> float:
    return x**2 / 20.0 + y**2


def _elongated_fg(x: float, y: float) -> tuple[float, float, float]:
    return x**2 / 20.0 + y**2, x / 10.0, 2.0 * y


def _plateau(x: float, y: float) -> float:
    return 1.0 - float(_exp(-(x**2 + y**2) / PLATEAU_S))


def _plateau_fg(x: float, y: float) -> tuple[float, float, float]:
    e = float(_exp(-(x**2 + y**2) / PLATEAU_S))
    s = e * _P
    return 1.0 - e, s * x, s * y


def _mesa(x: float, y: float) -> float:
    return float(_tanh(x - MESA_A)) + float(_tanh(x + MESA_A)) + float(_exp(-(x + MESA_C))) + 0.5 * y**2


def _mesa_fg(x: float, y: float) -> tuple[float, float, float]:
    e = float(_exp(-(x + MESA_C)))
    loss = float(_tanh(x - MESA_A)) + float(_tanh(x + MESA_A)) + e + 0.5 * y**2
    # squared as floats (pow, as numpy's scalar does): a cosh beyond 1.3e154 raises OverflowError (the loop's cue)
    gx = 1.0 / float(_cosh(x - MESA_A)) ** 2 + 1.0 / float(_cosh(x + MESA_A)) ** 2 - e
    return loss, gx, y


def _saddle(x: float, y: float) -> float:
    return x**2 - y**2


def _saddle_fg(x: float, y: float) -> tuple[float, float, float]:
    return x**2 - y**2, 2.0 * x, -2.0 * y


def _rosenbrock(x: float, y: float) -> float:
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_fg(x: float, y: float) -> tuple[float, float, float]:
    d = y - x**2
    return (1.0 - x) ** 2 + 100.0 * d**2, -2.0 * (1.0 - x) - 400.0 * x * d, 200.0 * d


def _himmelblau(x: float, y: float) -> float:
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_fg(x: float, y: float) -> tuple[float, float, float]:
    a, b = x**2 + y - 11.0, x + y**2 - 7.0
    return a**2 + b**2, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _rastrigin(x: float, y: float) -> float:
    return 20.0 + x**2 - 10.0 * _cos(_TWO_PI * x) + y**2 - 10.0 * _cos(_TWO_PI * y)


def _rastrigin_fg(x: float, y: float) -> tuple[float, float, float]:
    px, py = _TWO_PI * x, _TWO_PI * y
    loss = 20.0 + x**2 - 10.0 * _cos(px) + y**2 - 10.0 * _cos(py)
    return loss, 2.0 * x + _K * _sin(px), 2.0 * y + _K * _sin(py)


KERNELS: dict[str, Kernel] = {
    "bowl": Kernel(_bowl, _bowl_fg),
    "elongated": Kernel(_elongated, _elongated_fg),
    "plateau": Kernel(_plateau, _plateau_fg),
    "mesa": Kernel(_mesa, _mesa_fg),
    "saddle": Kernel(_saddle, _saddle_fg),
    "rosenbrock": Kernel(_rosenbrock, _rosenbrock_fg),
    "himmelblau": Kernel(_himmelblau, _himmelblau_fg),
    "rastrigin": Kernel(_rastrigin, _rastrigin_fg),
}


def with_gradient(kernel: Kernel, mode: str, h: float) -> ScalarGrad:
    """(loss, gx, gy) at a point for a gradient mode, as `gradients.py` computes it one coordinate at a time:
    central (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h, forward (f(θ + h·eᵢ) − f(θ)) / h."""
    f = kernel.f
    if mode == "analytic":
        return kernel.fg
    if mode == "central":
        h2 = 2 * h

        def central(x: float, y: float) -> tuple[float, float, float]:
            gx = (f(x + h, y) - f(x - h, y)) / h2
            gy = (f(x, y + h) - f(x, y - h)) / h2
            return f(x, y), gx, gy

        return central
    if mode == "forward":
        def forward(x: float, y: float) -> tuple[float, float, float]:
            f0 = f(x, y)
            return f0, (f(x + h, y) - f0) / h, (f(x, y + h) - f0) / h

        return forward
    raise ValueError(f"unknown gradient mode {mode!r}")

