"""Numerical gradients reproduce the lessons' numbers exactly (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.gradients import central_difference, forward_difference, gradient_fn
from app.core.runs import DescentSpec, run_all


def bowl(x: np.ndarray) -> float:
    return x[0] ** 2 + x[1] ** 2


@pytest.mark.parametrize(("point", "expected"), [((3.0, 4.0), (6, 8)), ((0.0, 2.0), (0, 4)), ((3.0, 0.0), (6, 0))])
def test_central_gradient_of_the_bowl(point: tuple[float, float], expected: tuple[float, float]) -> None:
    assert np.allclose(central_difference(bowl, np.array(point)), expected, atol=1e-6, rtol=0)


@pytest.mark.parametrize(("x", "expected"), [(5.0, 0.2), (10.0, 0.3)])
def test_central_derivative_of_the_lessons_function(x: float, expected: float) -> None:
    def f(v: np.ndarray) -> float:
        return 0.01 * v[0] ** 2 + 0.1 * v[0]

    assert central_difference(f, np.array([x]))[0] == pytest.approx(expected, abs=1e-9)


def test_forward_difference_is_first_order() -> None:
    g = forward_difference(bowl, np.array([3.0, 4.0]), 1e-4)
    assert np.allclose(g, [6.0001, 8.0001], atol=1e-6)  # f(x+h) − f(x) = 2xh + h², so the error is h


def test_numerical_gradient_leaves_its_input_untouched() -> None:
    x = np.array([1.5, -2.5])
    before = x.copy()
    central_difference(bowl, x)
    forward_difference(bowl, x)
    assert np.array_equal(x, before)


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown gradient mode"):
        gradient_fn("backwards", bowl)


def _end(lr: float, mode: str = "central") -> tuple[tuple[float, ...], str, str]:
    cols, done, diagnosis = run_all(DescentSpec(lr=lr, gradient=mode, steps=100, start=(-3.0, 4.0)))
    return cols.xy[-1], done.reason, diagnosis.verdict


def test_lesson_lr_0_1_reaches_the_minimum() -> None:
    xy, _, verdict = _end(0.1)
    assert np.allclose(xy, (0, 0), atol=1e-9)
    assert verdict == "converged"


def test_lesson_lr_10_ends_where_the_numerical_gradient_collapses() -> None:
    xy, reason, verdict = _end(10.0)
    assert np.allclose(xy, (-2.58983747e13, -1.29524862e12), rtol=1e-8, atol=0)
    assert reason == "completed"  # it runs its 100 steps: a zero gradient from rounding is not convergence
    assert verdict == "gradient_breakdown"


def test_lesson_lr_1e_10_barely_moves() -> None:
    xy, _, verdict = _end(1e-10)
    assert np.allclose(xy, (-2.99999994, 3.99999992), atol=1e-8, rtol=0)
    assert verdict == "too_slow"


def test_analytic_lr_10_is_huge_but_finite_after_100_steps() -> None:
    xy, reason, verdict = _end(10.0, "analytic")
    assert reason == "completed" and verdict == "diverged"
    assert 1e127 < abs(xy[1]) < 1e129


def test_analytic_lr_10_stops_as_diverged_where_it_overflows() -> None:
    cols, done, diagnosis = run_all(DescentSpec(lr=10.0, steps=1000))
    assert done.reason == "diverged" and diagnosis.verdict == "diverged"
    assert done.t == len(cols) == 120  # record 120 would overflow: records 0..119 are all finite
    assert all(np.isfinite(cols.loss)) and np.isfinite(np.asarray(cols.xy)).all()


def test_a_bound_stops_the_run_as_diverged_where_it_is_crossed() -> None:
    cols, done, _ = run_all(DescentSpec(lr=10.0, steps=1000, bound=1e6))
    assert done.reason == "diverged" and "bound" in (done.detail or "")
    assert max(map(abs, cols.xy[-1])) > 1e6 >= max(map(abs, cols.xy[-2]))
