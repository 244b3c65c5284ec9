"""A learner's formula as a Surface: parsed, differentiated, checked over the view box, its minimum located.

The lowest value in the view stands in for the known minimum: the lowest point of a GRID×GRID grid of f, then a
few damped Newton steps θ ← θ − H⁻¹∇f (H by central differences of the symbolic gradient), falling back to a
backtracking gradient step when H is not positive definite or the step does not lower f; every step stays in
the view. A minimum that ends on the edge of the view is not reported as one (f may keep falling outside).
Saddles: grid points where ‖∇f‖ is a local minimum, refined by Newton steps on ∇f = 0, kept when det H < 0.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .formula_parse import MAX_CHARS, MAX_DEPTH, MAX_NODES, FormulaError, parse
from .formula_sympy import Compiled, TooComplex, compile_formula
from .surfaces import Box, Point, Surface

DEFAULT_VIEW: Box = ((-5.0, 5.0), (-5.0, 5.0))
MAX_COORD = 1e4
MIN_SIDE = 1e-3
GRID = 101
REFINE_STEPS = 12
MAX_MARKERS = 6
# log-spaced contour levels when the range is this many times the lowest tenth's (the built-ins: Rosenbrock 320,
# Himmelblau 41 are log-spaced; the bowl 15, the elongated bowl 21 are not)
LOG_SPREAD = 30.0


def check_view(view: Box) -> Box:
    """A view box ((x_min, x_max), (y_min, y_max)): finite, each side at least MIN_SIDE, inside ±MAX_COORD."""
    try:
        (x0, x1), (y0, y1) = ((float(a), float(b)) for a, b in view)
    except (TypeError, ValueError):
        raise FormulaError("view_shape", None) from None
    for lo, hi in ((x0, x1), (y0, y1)):
        if not (math.isfinite(lo) and math.isfinite(hi)) or max(abs(lo), abs(hi)) > MAX_COORD:
            raise FormulaError("view_range", None, limit=f"{MAX_COORD:g}")
        if not hi - lo >= MIN_SIDE:
            raise FormulaError("view_order", None, limit=f"{MIN_SIDE:g}")
    return (x0, x1), (y0, y1)


def _hessian(c: Compiled, p: np.ndarray, h: float) -> np.ndarray:
    cols = []
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        cols.append((c.grad(p + e) - c.grad(p - e)) / (2 * h))
    hm = np.array(cols, dtype=np.float64).T
    return 0.5 * (hm + hm.T)


def _clip(p: np.ndarray, view: Box) -> np.ndarray:
    return np.array([min(max(p[0], view[0][0]), view[0][1]), min(max(p[1], view[1][0]), view[1][1])])


def refine_minimum(c: Compiled, p: np.ndarray, view: Box, steps: int = REFINE_STEPS) -> np.ndarray:
    """A few damped Newton or backtracking gradient steps down from p, inside the view; never raises f."""
    span = math.hypot(view[0][1] - view[0][0], view[1][1] - view[1][0])
    h = 1e-5 * span
    best, fbest = p.copy(), float(c.f(p))
    for _ in range(steps):
        g = c.grad(best)
        if not np.all(np.isfinite(g)) or float(np.hypot(*g)) < 1e-12:
            break
        moved = False
        hm = _hessian(c, best, h)
        candidates = []
        if np.all(np.isfinite(hm)) and np.all(np.linalg.eigvalsh(hm) > 0):
            candidates.append(best - np.linalg.solve(hm, g))
        step = 0.05 * span / max(float(np.hypot(*g)), 1e-300)
        candidates += [best - step * (0.5 ** k) * g for k in range(0, 30, 3)]
        for q in candidates:
            q = _clip(q, view)
            fq = float(c.f(q))
            if math.isfinite(fq) and fq < fbest:
                best, fbest, moved = q, fq, True
                break
        if not moved:
            break
    return best


def _refine_stationary(c: Compiled, p: np.ndarray, view: Box, span: float) -> np.ndarray | None:
    """Newton's method on ∇f = 0 from p; None when it leaves the view or does not settle."""
    h = 1e-5 * span
    q = p.copy()
    for _ in range(20):
        g = c.grad(q)
        hm = _hessian(c, q, h)
        if not (np.all(np.isfinite(g)) and np.all(np.isfinite(hm))) or abs(np.linalg.det(hm)) < 1e-14:
            return None
        q = q - np.linalg.solve(hm, g)
        if not (view[0][0] <= q[0] <= view[0][1] and view[1][0] <= q[1] <= view[1][1]):
            return None
    g = c.grad(q)
    return q if float(np.hypot(*g)) < 1e-6 * max(1.0, float(np.max(np.abs(c.f(q))))) else None


def _local_minima(z: np.ndarray) -> list[tuple[int, int]]:
    """Interior grid cells lower than their 8 neighbours (non-finite cells count as high)."""
    zz = np.where(np.isfinite(z), z, np.inf)
    core = zz[1:-1, 1:-1]
    lower = np.ones_like(core, dtype=bool)
    for dj in (-1, 0, 1):
        for di in (-1, 0, 1):
            if dj or di:
                lower &= core < zz[1 + dj:zz.shape[0] - 1 + dj, 1 + di:zz.shape[1] - 1 + di]
    js, is_ = np.nonzero(lower & np.isfinite(core))
    return [(int(j) + 1, int(i) + 1) for j, i in zip(js, is_, strict=True)]


def _on_edge(p: np.ndarray, view: Box, tol: float) -> bool:
    return bool(min(p[0] - view[0][0], view[0][1] - p[0], p[1] - view[1][0], view[1][1] - p[1]) < tol)


def _dedupe(points: list[np.ndarray], tol: float) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for p in points:
        if all(float(np.hypot(*(p - q))) > tol for q in out):
            out.append(p)
    return out


def _saddles(c: Compiled, xs: np.ndarray, ys: np.ndarray, view: Box, span: float,
             near: np.ndarray) -> list[np.ndarray]:
    """Saddle points in the view, the MAX_MARKERS nearest `near` (the lowest point) first."""
    gx, gy = np.meshgrid(xs, ys)
    g = c.grad(np.stack([gx, gy]))
    norm = np.hypot(g[0], g[1])
    found = []
    for j, i in sorted(_local_minima(norm), key=lambda ji: norm[ji])[:8 * MAX_MARKERS]:
        q = _refine_stationary(c, np.array([xs[i], ys[j]]), view, span)
        if q is not None and np.linalg.det(_hessian(c, q, 1e-5 * span)) < 0 and not _on_edge(q, view, 1e-3 * span):
            found.append(q)
    found = sorted(_dedupe(found, 1e-3 * span), key=lambda q: float(np.hypot(*(q - near))))
    return found[:MAX_MARKERS]


def _start(xs: np.ndarray, ys: np.ndarray, finite: np.ndarray, view: Box) -> Point:
    """The finite grid point nearest three quarters of the way along each side of the view."""
    (x0, x1), (y0, y1) = view
    want = np.array([x0 + 0.75 * (x1 - x0), y0 + 0.75 * (y1 - y0)])
    js, is_ = np.nonzero(finite)
    d = np.hypot(xs[is_] - want[0], ys[js] - want[1])
    k = int(np.argmin(d))
    return float(xs[is_[k]]), float(ys[js[k]])


def _suggested_lr(c: Compiled, p: np.ndarray, span: float, smooth: bool, typical_grad: float) -> float:
    """The larger of 1/λ_max of the Hessian at the lowest point (plain SGD on a quadratic is stable below
    2/λ_max; smooth f only) and a step that moves 1% of the view at the median gradient norm."""
    hm = _hessian(c, p, 1e-5 * span)
    lam = float(np.max(np.abs(np.linalg.eigvalsh(hm)))) if smooth and np.all(np.isfinite(hm)) else 0.0
    by_view = 0.01 * span / typical_grad if typical_grad > 0 else 0.1
    lr = max(1.0 / lam, by_view) if lam > 1e-9 else by_view  # a cusp (√(x²+y²) at 0) has no finite curvature
    return float(f"{min(max(lr, 1e-5), 1.0):.2g}")


def is_local_minimum(c: Compiled, p: np.ndarray, span: float) -> bool:
    """f(p) ≤ f at 8 neighbours 10⁻³·span away, all finite (so a singularity like log x at 0⁺ is not a minimum)."""
    d = 1e-3 * span
    fp = float(c.f(p))
    offsets = np.array([(a, b) for a in (-d, 0, d) for b in (-d, 0, d) if a or b])
    around = c.f(p[:, None] + offsets.T)
    return bool(np.all(np.isfinite(around)) and np.all(around >= fp - 1e-9 * max(abs(fp), 1.0)))


@lru_cache(maxsize=128)
def custom_surface(text: str, view: Box = DEFAULT_VIEW, max_chars: int = MAX_CHARS, max_depth: int = MAX_DEPTH,
                   max_nodes: int = MAX_NODES) -> Surface:
    """The Surface for a formula and view box; raises FormulaError (with a position where there is one)."""
    with np.errstate(all="ignore"):  # f may be undefined or overflow in parts of the view: those parts are masked
        return _build(text, check_view(view), max_chars, max_depth, max_nodes)


def _build(text: str, view: Box, max_chars: int, max_depth: int, max_nodes: int) -> Surface:
    formula = parse(text, max_chars, max_depth, max_nodes)
    try:
        c = compile_formula(formula)
    except TooComplex as e:
        raise FormulaError("too_complex", None, ops=e.ops, limit=20_000) from None
    (x0, x1), (y0, y1) = view
    xs, ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
    gx, gy = np.meshgrid(xs, ys)
    z = c.f(np.stack([gx, gy]))
    finite = np.isfinite(z) & (np.abs(z) < 1e150)
    if not finite.any():
        raise FormulaError("not_finite", None)
    span = math.hypot(x1 - x0, y1 - y0)
    zf = np.where(finite, z, np.inf)
    zmin = float(zf.min())
    ties = np.argwhere(zf <= zmin + 1e-9 * max(abs(zmin), 1.0))  # a flat bottom: the tie nearest the centre
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    j, i = min(ties, key=lambda ji: math.hypot(xs[ji[1]] - centre[0], ys[ji[0]] - centre[1]))
    low = refine_minimum(c, np.array([xs[i], ys[j]]), view)
    f_low = float(c.f(low))
    cells = sorted(_local_minima(np.where(finite, z, np.nan)), key=lambda ji: z[ji])[:MAX_MARKERS]
    others = [refine_minimum(c, np.array([xs[ii], ys[jj]]), view) for jj, ii in cells]
    scale = max(abs(f_low), 1.0)
    tol = 1e-3 * span
    def real(q: np.ndarray) -> bool:
        return not _on_edge(q, view, tol) and is_local_minimum(c, q, span)

    best = [q for q in _dedupe([low, *others], tol) if float(c.f(q)) <= f_low + 1e-6 * scale]
    edge = _on_edge(low, view, tol)
    is_min = not edge and is_local_minimum(c, low, span)
    minima = tuple((float(p[0]), float(p[1])) for p in best if real(p)) if is_min else ()
    local = tuple((float(p[0]), float(p[1])) for p in _dedupe(others, tol)
                  if float(c.f(p)) > f_low + 1e-6 * scale and real(p))
    saddles = tuple((float(p[0]), float(p[1])) for p in _saddles(c, xs, ys, view, span, low))
    g = c.grad(np.stack([gx, gy]))
    gnorm = np.hypot(g[0], g[1])[finite]
    typical = float(np.median(gnorm[np.isfinite(gnorm)])) if np.isfinite(gnorm).any() else 0.0
    lr = _suggested_lr(c, low, span, not formula.kinks, typical)
    finite_z = z[finite]
    lo, hi, q10 = float(finite_z.min()), float(finite_z.max()), float(np.quantile(finite_z, 0.1))
    return Surface(
        "custom", {"ko": "내 함수 f(x, y)", "en": "Your own f(x, y)"},
        {"ko": "직접 입력한 함수입니다.", "en": "A function you typed."},
        formula.text.strip(), c.latex, c.f, c.grad, view, _start(xs, ys, finite, view), lr,
        (lr * 1e-3, min(lr * 20.0, 1000.0)), minima=minima, saddles=saddles,
        log_levels=bool(hi - lo > LOG_SPREAD * max(q10 - lo, 1e-12)),
        extra={"kinks": formula.kinks, "edge_minimum": edge, "lowest_is_minimum": is_min,
               "lowest": (float(low[0]), float(low[1])),
               "lowest_value": f_low, "local_minima": local, "finite_share": float(finite.mean()),
               "variables": formula.variables},
    )
