"""The scalar kernels' shortcuts are numpy's results bit for bit: math.sin/cos against numpy's float64 sin/cos on a
million points, and a float's ** 2 against a float64 scalar's on the values the mesa squares."""

from __future__ import annotations

import math

import numpy as np

from app.core import kernels
from app.core.surfaces import MESA_A


def _points(n: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    return np.concatenate([rng.uniform(-100.0, 100.0, n), rng.normal(0.0, 1.0, n // 4),
                           2 * np.pi * rng.uniform(-8.0, 8.0, n // 4),  # Rastrigin's (2π)·x over its view and beyond
                           rng.uniform(-1e8, 1e8, n // 8), np.pi / 2 * rng.integers(-10**6, 10**6, n // 8)])


def test_the_kernels_sin_and_cos_are_numpys_bit_for_bit() -> None:
    pts = _points(600_000)
    for fn, ufunc in ((kernels._sin, np.sin), (kernels._cos, np.cos)):
        got = np.array([fn(p) for p in pts.tolist()])
        ref = ufunc(pts)
        assert got.tobytes() == ref.tobytes(), int((got != ref).sum())


def test_the_import_check_tells_a_different_function_apart() -> None:
    assert kernels._same_as_numpy(math.sin, np.sin) is (kernels._sin is math.sin)
    assert not kernels._same_as_numpy(math.tanh, np.tanh)  # numpy's SIMD tanh differs in the last bit
    assert not kernels._same_as_numpy(lambda v: math.nextafter(math.sin(v), 2.0), np.sin)  # one ulp off


def test_a_floats_square_is_a_float64_scalars_square() -> None:
    """Where the float's ** 2 raises OverflowError (the fast loop's cue to ask the general path), numpy's is inf."""
    overflowed = 0
    with np.errstate(over="ignore"):
        for v in np.random.default_rng(3).uniform(-360.0, 360.0, 60_000).tolist():
            c = np.cosh(np.float64(v) - MESA_A)
            try:
                assert float(c) ** 2 == float(c**2)
            except OverflowError:
                assert c**2 == np.inf
                overflowed += 1
    assert 0 < overflowed < 60_000
