"""Every surface: analytic gradient against the central difference, minima and saddles where they claim to be."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.gradients import central_difference
from app.core.surfaces import SURFACES

KEYS = sorted(SURFACES)


def test_at_least_the_eight_named_surfaces() -> None:
    assert {"bowl", "elongated", "plateau", "mesa", "saddle", "rosenbrock", "himmelblau", "rastrigin"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=40, deadline=None)
@given(u=st.floats(0, 1), v=st.floats(0, 1))
def test_analytic_gradient_matches_central_difference(key: str, u: float, v: float) -> None:
    s = SURFACES[key]
    (x0, x1), (y0, y1) = s.view
    p = np.array([x0 + u * (x1 - x0), y0 + v * (y1 - y0)])
    analytic = s.grad(p)
    numeric = central_difference(s.f, p, 1e-6)
    scale = max(1.0, float(np.abs(analytic).max()))
    assert np.allclose(analytic, numeric, atol=1e-5 * scale, rtol=1e-5)


@pytest.mark.parametrize("key", KEYS)
def test_gradient_vanishes_at_minima_and_saddles(key: str) -> None:
    s = SURFACES[key]
    for p in (*s.minima, *s.saddles):
        assert np.linalg.norm(s.grad(np.array(p))) < 1e-8, p


@pytest.mark.parametrize("key", KEYS)
def test_grid_is_vectorised_and_matches_pointwise(key: str) -> None:
    s = SURFACES[key]
    xs, ys, values = s.grid(7)
    assert values.shape == (7, 7)
    assert values[2, 5] == pytest.approx(s.value(np.array([xs[5], ys[2]])))
    g = s.grad(np.stack(np.meshgrid(xs, ys)))
    assert g.shape == (2, 7, 7)


def test_minima_are_lowest_and_saddles_are_not_minima() -> None:
    s = SURFACES["himmelblau"]
    assert all(s.value(np.array(m)) < 1e-20 for m in s.minima)
    for p in s.saddles:  # a saddle has a lower neighbour
        around = [s.value(np.array(p) + 0.05 * np.array([np.cos(a), np.sin(a)])) for a in np.linspace(0, 6.28, 16)]
        assert min(around) < s.value(np.array(p)) < max(around)


def test_every_surface_has_both_languages_and_a_sane_view() -> None:
    for s in SURFACES.values():
        assert s.title["ko"] and s.title["en"] and s.description["ko"] and s.description["en"]
        (x0, x1), (y0, y1) = s.view
        assert x0 < s.start[0] < x1 and y0 < s.start[1] < y1
        assert s.lr_range[0] < s.lr <= s.lr_range[1]
