"""The symbolic gradient of a learner's formula against the central difference, subgradients at kinks, and the
minimum, saddles and start a custom surface finds in its view."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.core.descent import Done
from app.core.formula_parse import FormulaError, parse
from app.core.formula_surface import custom_surface
from app.core.formula_sympy import compile_formula
from app.core.gradients import central_difference
from app.core.runs import DescentSpec, run_all
from app.core.surfaces import SURFACES

SMOOTH = [
    "x^2/20 + y^2", "(1-x)^2 + 100*(y-x^2)^2", "sin(3*x)*cos(3*y) + 0.1*(x^2+y^2)", "x^2 - y^2",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)",
    "1 - exp(-(x^2 + y^2)/2)", "tanh(x-2.5) + tanh(x+2.5) + exp(-(x+6)) + y^2/2", "sigmoid(x*y) + x^2",
    "log(1 + x^2 + y^2)", "sqrt(1 + x^2 + y^2)", "exp(x/3) * cos(y)", "tan(x/4) + y^3/10", "x*y*exp(-x^2-y^2)",
    "(x - y)^4 + x/3", "1/(1 + x^2) + y^2", "x^y + y^2", "sin(x)^2 + cos(y)^3", "2^x + 3^y",
    "tanh(tanh(x*y)) + 0.01 x^2", "sigmoid(sigmoid(x) - y)", "x^3 - 3*x*y^2", "(x + 2y)^2 / (1 + y^2)",
    "log(x^2 + 1) * sin(y)",
]


@pytest.mark.parametrize("text", SMOOTH)
def test_symbolic_gradient_matches_the_central_difference(text: str) -> None:
    c = compile_formula(parse(text))
    rng = np.random.default_rng(len(text))
    points = rng.uniform([0.2, 0.2], [2.0, 2.0], size=(8, 2))  # x^y needs x > 0
    for p in points:
        g = c.grad(p)
        numeric = central_difference(lambda q: float(c.f(q)), p, 1e-6)
        assert np.allclose(g, numeric, rtol=1e-5, atol=1e-6), (text, p, g, numeric)


def test_gradient_on_a_grid_has_the_grid_shape() -> None:
    c = compile_formula(parse("x^2 + 3*y"))
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3)))
    g = c.grad(grid)
    assert g.shape == (2, 3, 4)
    assert np.allclose(g[0], 2 * grid[0]) and np.allclose(g[1], 3.0)
    assert c.f(grid).shape == (3, 4)


@pytest.mark.parametrize(("text", "point", "expected"), [
    ("abs(x) + y^2", (0.0, 1.0), (0.0, 2.0)),  # sign(0) = 0: a subgradient of |x| at 0
    ("abs(x - y)", (1.0, 1.0), (0.0, 0.0)),
    ("max(x, y)", (2.0, 2.0), (0.5, 0.5)),  # a tie: the average of both sides
    ("min(x, y)", (2.0, 2.0), (0.5, 0.5)),
    ("max(x, y)", (3.0, 2.0), (1.0, 0.0)),
    ("max(x, y, 0)", (-1.0, -2.0), (0.0, 0.0)),
])
def test_subgradient_at_kinks(text: str, point: tuple[float, float], expected: tuple[float, float]) -> None:
    g = compile_formula(parse(text)).grad(np.array(point))
    assert np.allclose(g, expected)


def test_subgradient_lies_between_the_one_sided_slopes() -> None:
    c = compile_formula(parse("abs(x) + max(y, 2*y)"))
    g = c.grad(np.array([0.0, 0.0]))
    h = 1e-6
    for i in range(2):
        e = np.eye(2)[i] * h
        right = (float(c.f(e)) - float(c.f(np.zeros(2)))) / h
        left = (float(c.f(np.zeros(2))) - float(c.f(-e))) / h
        assert left - 1e-9 <= g[i] <= right + 1e-9


@pytest.mark.parametrize("key", ["bowl", "elongated", "rosenbrock", "himmelblau", "rastrigin", "mesa", "plateau"])
def test_the_lowest_point_found_is_the_known_minimum_of_each_built_in(key: str) -> None:
    s = SURFACES[key]
    text = s.formula.replace("x0", "x").replace("x1", "y")
    custom = custom_surface(text, s.view)
    assert custom.min_value == pytest.approx(s.min_value, abs=1e-8)
    found = np.array(custom.minima)
    for m in s.minima:
        assert np.min(np.hypot(*(found - np.array(m)).T)) < 1e-5, (key, m, custom.minima)
    assert len(custom.minima) == len(s.minima)


def test_himmelblau_saddles_are_found() -> None:
    s = SURFACES["himmelblau"]
    custom = custom_surface("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", s.view)
    found = np.array(custom.saddles)
    for sd in s.saddles:
        assert np.min(np.hypot(*(found - np.array(sd)).T)) < 1e-5


def test_a_saddle_with_no_minimum_in_view() -> None:
    s = custom_surface("x^2 - y^2", ((-3.0, 3.0), (-3.0, 3.0)))
    assert s.minima == () and s.min_value is None
    assert s.extra["edge_minimum"] is True
    assert np.allclose(s.saddles, [(0.0, 0.0)], atol=1e-9)


def test_a_singularity_is_not_a_minimum() -> None:
    s = custom_surface("log(x) + y^2")
    assert s.minima == () and s.extra["lowest_is_minimum"] is False and s.extra["edge_minimum"] is False
    assert 0 < s.extra["finite_share"] < 1


def test_a_flat_bottom_picks_a_point_inside_the_view() -> None:
    s = custom_surface("max(x, y)^2")
    assert s.min_value == 0.0 and s.minima
    x, y = s.minima[0]
    assert max(x, y) == pytest.approx(0.0, abs=1e-9)


def test_a_kinked_minimum_is_refined_exactly() -> None:
    s = custom_surface("abs(x - 0.3) + (y + 1.2)^2")
    assert np.allclose(s.minima, [(0.3, -1.2)], atol=1e-6)
    assert s.extra["kinks"] == ("abs",)


def test_view_box_and_start() -> None:
    s = custom_surface("x^2 + y^2", ((0.0, 4.0), (-1.0, 1.0)))
    assert s.view == ((0.0, 4.0), (-1.0, 1.0))
    assert s.start == pytest.approx((3.0, 0.5))
    assert math.isfinite(s.value(np.array(s.start)))


@pytest.mark.parametrize(("view", "code"), [
    (((1.0, 0.0), (0.0, 1.0)), "view_order"),
    (((0.0, 1e-6), (0.0, 1.0)), "view_order"),
    (((0.0, math.inf), (0.0, 1.0)), "view_range"),
    (((0.0, 1e9), (0.0, 1.0)), "view_range"),
    (((0.0, 1.0),), "view_shape"),
])
def test_bad_view_boxes(view: object, code: str) -> None:
    with pytest.raises(FormulaError) as info:
        custom_surface("x^2", view)  # type: ignore[arg-type]
    assert info.value.code == code


def test_not_finite_anywhere_in_the_view() -> None:
    with pytest.raises(FormulaError) as info:
        custom_surface("log(x)", ((-5.0, -1.0), (-1.0, 1.0)))
    assert info.value.code == "not_finite"
    with pytest.raises(FormulaError):
        custom_surface("sqrt(-1 - x^2)")


@pytest.mark.parametrize("mode", ["analytic", "central", "forward"])
def test_descent_on_a_custom_surface_reaches_its_minimum(mode: str) -> None:
    s = custom_surface("x^2/20 + y^2", ((-10.0, 10.0), (-5.0, 5.0)))
    spec = DescentSpec(surface="custom", custom=s, start=(-7.0, 2.0), lr=0.9, steps=300, gradient=mode)
    cols, done, diagnosis = run_all(spec)
    assert isinstance(done, Done)
    assert diagnosis.verdict == "converged", diagnosis
    assert math.hypot(*cols.xy[-1]) < 1e-2


def test_descent_the_same_as_the_built_in_surface() -> None:
    s = custom_surface("(1 - x)^2 + 100 (y - x^2)^2", SURFACES["rosenbrock"].view)
    built = DescentSpec(surface="rosenbrock", lr=0.001, steps=200)
    mine = DescentSpec(surface="custom", custom=s, start=SURFACES["rosenbrock"].start, lr=0.001, steps=200)
    a, b = run_all(built), run_all(mine)
    assert np.allclose(a[0].xy, b[0].xy, rtol=1e-12, atol=1e-12)
    assert a[2].verdict == b[2].verdict
    assert a[2].facts["progress"] == pytest.approx(b[2].facts["progress"], rel=1e-9)


@pytest.mark.parametrize("text", [*SMOOTH, "abs(x) + max(x, y)^2 - min(x, 2 y)", "sqrt(x) + log(y)", "x^0.5",
                                  "exp(x * 300)", "1/x + y", "(x - y)^(1/3)"])
def test_one_point_and_a_grid_give_the_same_numbers(text: str) -> None:
    """A descent step evaluates one point with Python's math, a grid with numpy: the same values, and nan exactly
    where f is undefined (math raises or gives a complex number there; numpy gives nan or inf)."""
    c = compile_formula(parse(text))
    rng = np.random.default_rng(5)
    pts = np.concatenate([rng.uniform(-4, 4, size=(40, 2)), [[0.0, 0.0], [1.0, 1.0], [-1.0, 2.0], [3.0, 3.0]]])
    grid_f, grid_g = c.f(pts.T), c.grad(pts.T)
    for k, p in enumerate(pts):
        one_f, one_g = c.f(p), c.grad(p)
        for a, b in ((one_f, grid_f[k]), *zip(one_g, grid_g[:, k], strict=True)):
            if np.isfinite(a) and np.isfinite(b):
                assert a == pytest.approx(b, rel=1e-9, abs=1e-12), (text, p)
            else:
                assert not np.isfinite(a) and not np.isfinite(b), (text, p, a, b)


@pytest.mark.parametrize("key", ["bowl", "elongated", "plateau", "mesa", "rosenbrock", "himmelblau", "rastrigin"])
def test_contour_spacing_matches_the_built_in_choice(key: str) -> None:
    s = SURFACES[key]
    assert custom_surface(s.formula.replace("x0", "x").replace("x1", "y"), s.view).log_levels == s.log_levels


@pytest.mark.parametrize("text", ["1/(x-x)", "log(0*x) + y", "sqrt(-x^2)", "x^(1/(y-y))", "log(x-x)+y"])
def test_what_sympy_makes_infinite_or_imaginary_is_not_finite(text: str) -> None:
    """SymPy simplifies 1/(x − x) to complex infinity and √(−x²) to i|x|: refused as not finite, never compiled
    into code numpy cannot run."""
    with pytest.raises(FormulaError) as info:
        custom_surface(text)
    assert info.value.code == "not_finite"
