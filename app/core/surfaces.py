"""Two-dimensional loss surfaces f(x0, x1) with their analytic gradients.

Every function takes ``p`` with ``p[0] = x0`` and ``p[1] = x1``: a 2-vector for one point, or an array of shape
``(2, ...)`` for a whole grid, so the same code draws the contour map and runs the descent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Array = np.ndarray
FloatArray = npt.NDArray[np.float64]
Point = tuple[float, float]
Box = tuple[Point, Point]


@dataclass(frozen=True)
class Surface:
    """A loss surface: its formula, value, gradient and the view a learner starts from."""

    key: str
    title: dict[str, str]
    description: dict[str, str]
    formula: str
    latex: str
    f: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    view: Box
    start: Point
    lr: float
    lr_range: Point
    minima: tuple[Point, ...] = ()
    saddles: tuple[Point, ...] = ()
    log_levels: bool = False
    unbounded_below: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def value(self, point: Array) -> float:
        """f at one point, as a Python float."""
        return float(self.f(np.asarray(point, dtype=np.float64)))

    @property
    def min_value(self) -> float | None:
        """The lowest known value (the global minimum), or None when f is unbounded below."""
        if self.unbounded_below or not self.minima:
            return None
        return min(self.value(np.array(m)) for m in self.minima)

    @property
    def span(self) -> float:
        """Diagonal length of the view box: the scale for 'near' and 'far'."""
        (x0, x1), (y0, y1) = self.view
        return math.hypot(x1 - x0, y1 - y0)

    def grid(self, n: int, box: Box | None = None) -> tuple[Array, Array, Array]:
        """f on an n×n grid over the view box (or `box`, a zoomed window): (xs, ys, values) with
        values[j, i] = f(xs[i], ys[j])."""
        (x0, x1), (y0, y1) = box if box is not None else self.view
        xs = np.linspace(x0, x1, n)
        ys = np.linspace(y0, y1, n)
        gx, gy = np.meshgrid(xs, ys)
        return xs, ys, self.f(np.stack([gx, gy]))


def _xy(p: Array) -> tuple[FloatArray, FloatArray]:
    """(x0, x1) of p: two numpy scalars for one point, two grids for a grid (typed as arrays either way)."""
    return p[0], p[1]


def _stack(gx: Array, gy: Array) -> Array:
    """(∂f/∂x, ∂f/∂y) as one array: shape (2,) for a point, (2, ...) for a grid."""
    if np.ndim(gx) == 0 and np.ndim(gy) == 0:
        return np.array((gx, gy), dtype=np.float64)
    return np.stack(np.broadcast_arrays(np.asarray(gx, dtype=np.float64), np.asarray(gy, dtype=np.float64)))


# 1. bowl: f = x0² + x1², ∇f = (2x0, 2x1)
def _bowl(p: Array) -> Array:
    x, y = _xy(p)
    return x**2 + y**2


def _bowl_grad(p: Array) -> Array:
    return 2.0 * p


# 2. elongated: f = x²/20 + y², ∇f = (x/10, 2y)
def _elongated(p: Array) -> Array:
    x, y = _xy(p)
    return x**2 / 20.0 + y**2


def _elongated_grad(p: Array) -> Array:
    return _stack(p[0] / 10.0, 2.0 * p[1])


# 3. plateau: f = 1 − exp(−(x²+y²)/s), ∇f = (2/s)·exp(−r²/s)·(x, y)
PLATEAU_S = 2.0


def _plateau(p: Array) -> Array:
    x, y = _xy(p)
    return 1.0 - np.exp(-(x**2 + y**2) / PLATEAU_S)


def _plateau_grad(p: Array) -> Array:
    e = np.exp(-(p[0] ** 2 + p[1] ** 2) / PLATEAU_S) * (2.0 / PLATEAU_S)
    return _stack(e * p[0], e * p[1])


# 4. mesa: f = tanh(x−a) + tanh(x+a) + exp(−(x+c)) + y²/2
#    ∂f/∂x = sech²(x−a) + sech²(x+a) − exp(−(x+c)), ∂f/∂y = y
MESA_A, MESA_C = 2.5, 6.0
MESA_MIN_X = -4.102263566414863  # root of ∂f/∂x, by Newton's method (checked in the tests)


def _mesa(p: Array) -> Array:
    x, y = _xy(p)
    return np.tanh(x - MESA_A) + np.tanh(x + MESA_A) + np.exp(-(x + MESA_C)) + 0.5 * y**2


def _mesa_grad(p: Array) -> Array:
    x, y = _xy(p)
    gx = 1.0 / np.cosh(x - MESA_A) ** 2 + 1.0 / np.cosh(x + MESA_A) ** 2 - np.exp(-(x + MESA_C))
    return _stack(gx, y)


# 5. saddle: f = x² − y², ∇f = (2x, −2y)
def _saddle(p: Array) -> Array:
    x, y = _xy(p)
    return x**2 - y**2


def _saddle_grad(p: Array) -> Array:
    return _stack(2.0 * p[0], -2.0 * p[1])


# 6. rosenbrock: f = (1−x)² + 100(y−x²)², ∇f = (−2(1−x) − 400x(y−x²), 200(y−x²))
def _rosenbrock(p: Array) -> Array:
    x, y = _xy(p)
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(p: Array) -> Array:
    x, y = _xy(p)
    return _stack(-2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2))


# 7. himmelblau: f = (x²+y−11)² + (x+y²−7)²
#    ∇f = (4x(x²+y−11) + 2(x+y²−7), 2(x²+y−11) + 4y(x+y²−7))
def _himmelblau(p: Array) -> Array:
    x, y = _xy(p)
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_grad(p: Array) -> Array:
    x, y = _xy(p)
    a, b = x**2 + y - 11.0, x + y**2 - 7.0
    return _stack(4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b)


# 8. rastrigin: f = 20 + Σ (xi² − 10 cos 2πxi), ∇f = 2xi + 20π sin 2πxi
def _rastrigin(p: Array) -> Array:
    x, y = _xy(p)
    return 20.0 + x**2 - 10.0 * np.cos(2 * np.pi * x) + y**2 - 10.0 * np.cos(2 * np.pi * y)


def _rastrigin_grad(p: Array) -> Array:
    x, y = _xy(p)
    k = 20.0 * np.pi
    return _stack(2.0 * x + k * np.sin(2 * np.pi * x), 2.0 * y + k * np.sin(2 * np.pi * y))


def _t(ko: str, en: str) -> dict[str, str]:
    return {"ko": ko, "en": en}


SURFACES: dict[str, Surface] = {
    s.key: s
    for s in [
        Surface(
            "bowl", _t("그릇 모양", "Bowl"),
            _t("가장 단순한 손실 함수: 어디서 출발해도 기울기가 최솟값 (0, 0)을 가리킵니다.",
               "The simplest loss: from anywhere, the gradient points at the minimum (0, 0)."),
            "x0^2 + x1^2", r"f(x_0, x_1) = x_0^2 + x_1^2", _bowl, _bowl_grad,
            ((-5.0, 5.0), (-5.0, 5.0)), (-3.0, 4.0), 0.1, (1e-4, 1.2), minima=((0.0, 0.0),),
        ),
        Surface(
            "elongated", _t("길쭉한 그릇", "Elongated bowl"),
            _t("한쪽 방향만 가파른 그릇: 경사 하강법이 지그재그로 움직입니다.",
               "Steep in one direction, shallow in the other: plain gradient descent zig-zags."),
            "x^2/20 + y^2", r"f(x, y) = \frac{x^2}{20} + y^2", _elongated, _elongated_grad,
            ((-10.0, 10.0), (-5.0, 5.0)), (-7.0, 2.0), 0.9, (1e-3, 1.2), minima=((0.0, 0.0),),
        ),
        Surface(
            "plateau", _t("고원", "Plateau"),
            _t("좁은 우물을 넓고 평평한 땅이 둘러쌉니다: 평평한 곳에서는 기울기가 거의 0이라 움직이지 못합니다.",
               "A narrow well in a wide flat land: on the flat part the gradient almost vanishes."),
            "1 - exp(-(x^2 + y^2)/2)", r"f(x, y) = 1 - e^{-(x^2 + y^2)/2}", _plateau, _plateau_grad,
            ((-6.0, 6.0), (-6.0, 6.0)), (3.5, 2.5), 0.5, (1e-3, 10.0), minima=((0.0, 0.0),),
        ),
        Surface(
            "mesa", _t("계단식 고원", "Mesa"),
            _t("비탈, 길고 거의 평평한 단, 다시 비탈: 하강이 느려졌다가 다시 빨라집니다.",
               "A slope, a long almost-flat shelf, another slope: descent crawls, then speeds up again."),
            "tanh(x-2.5) + tanh(x+2.5) + exp(-(x+6)) + y^2/2",
            r"f(x, y) = \tanh(x-2.5) + \tanh(x+2.5) + e^{-(x+6)} + \tfrac{1}{2}y^2", _mesa, _mesa_grad,
            ((-7.0, 7.0), (-4.0, 4.0)), (5.5, 2.0), 0.3, (1e-3, 2.0), minima=((MESA_MIN_X, 0.0),),
        ),
        Surface(
            "saddle", _t("안장점", "Saddle"),
            _t("원점에서 기울기가 0이지만 최솟값이 아닙니다: 한 방향으로는 오르막, 다른 방향으로는 내리막입니다.",
               "The gradient is zero at the origin, which is not a minimum: uphill one way, downhill the other."),
            "x^2 - y^2", r"f(x, y) = x^2 - y^2", _saddle, _saddle_grad,
            ((-3.0, 3.0), (-3.0, 3.0)), (-2.5, 0.001), 0.1, (1e-3, 1.0),
            saddles=((0.0, 0.0),), unbounded_below=True,
        ),
        Surface(
            "rosenbrock", _t("로젠브록 함수", "Rosenbrock"),
            _t("휘어진 좁은 골짜기: 골짜기에 들어가기는 쉽지만 (1, 1)까지 따라가기는 어렵습니다.",
               "A curved narrow valley: easy to fall into, hard to follow to the minimum at (1, 1)."),
            "(1 - x)^2 + 100 (y - x^2)^2", r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
            _rosenbrock, _rosenbrock_grad,
            ((-2.0, 2.0), (-1.0, 3.0)), (-1.5, 2.0), 0.001, (1e-5, 0.005), minima=((1.0, 1.0),), log_levels=True,
        ),
        Surface(
            "himmelblau", _t("힘멜블라우 함수", "Himmelblau"),
            _t("최솟값이 네 개: 어디서 출발하느냐가 어느 최솟값에 도착할지를 정합니다.",
               "Four minima: the starting point decides which one descent reaches."),
            "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            _himmelblau, _himmelblau_grad,
            ((-5.0, 5.0), (-5.0, 5.0)), (0.0, 0.0), 0.01, (1e-4, 0.03),
            minima=((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                    (-3.779310253377747, -3.2831859912861696), (3.5844283403304917, -1.8481265269644036)),
            saddles=((0.08667750455539634, 2.884254701174776), (-3.0730257507643897, -0.08135304428796751),
                     (3.385154183607021, 0.07385187983774928), (-0.12796134673068005, -1.9537149802445766)),
            log_levels=True,
            extra={"maxima": ((-0.2708445906673476, -0.9230385564799815),)},
        ),
        Surface(
            "rastrigin", _t("라스트리긴 함수", "Rastrigin"),
            _t("작은 웅덩이(지역 최솟값)가 가득한 표면: 경사 하강법은 가장 가까운 웅덩이에 멈춥니다.",
               "Full of small dips (local minima): gradient descent stops in the nearest one."),
            "20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y)",
            r"f(x, y) = 20 + x^2 - 10\cos 2\pi x + y^2 - 10\cos 2\pi y", _rastrigin, _rastrigin_grad,
            ((-5.12, 5.12), (-5.12, 5.12)), (3.2, -2.7), 0.002, (1e-4, 0.02), minima=((0.0, 0.0),),
            extra={"local_minima": True},
        ),
    ]
}
