"""A parsed formula's tree as a SymPy expression, its symbolic gradient, and both compiled to numpy.

The SymPy expression is built node by node from the whitelisted tree (app.core.formula_parse), never from text, so
nothing the learner typed is evaluated. `lambdify` then prints that trusted expression as numpy code.
Kinks: d|u|/du = sign(u) (0 at u = 0) and d max(u, v) = H(u − v) du + H(v − u) dv with the step H(0) = ½, so
at a kink the gradient is a subgradient (for abs, 0; for a tie in max or min, the average of both sides).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .formula_parse import ARITHMETIC, Formula, Node

X, Y = sp.symbols("x y", real=True)
MAX_GRADIENT_OPS = 20_000  # operations in the symbolic gradient; the limits on the tree keep far below this

def _call_tex(name: str, printer: Any, args: tuple[sp.Expr, ...]) -> str:
    return name + r"\left(" + ", ".join(printer._print(a) for a in args) + r"\right)"


def _power(tex: str, exp: str | None) -> str:
    return tex if exp is None else f"{tex}^{{{exp}}}"


class Step(sp.Function):  # type: ignore[misc]  # SymPy is untyped here: Function is Any to mypy
    """H(u) with H(0) = ½; its derivative is 0 wherever it exists (used only inside gradients)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.S.Zero

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return _power(r"H\left(" + printer._print(self.args[0]) + r"\right)", exp)


class _Pair(sp.Function):  # type: ignore[misc]  # SymPy is untyped here: Function is Any to mypy
    """A binary max (_sign = 1) or min (_sign = −1), kept binary: SymPy's Max and Min flatten and differentiate
    into piecewise conditions numpy's select rejects. With d = _sign·(a − b): ∂/∂a = H(d), ∂/∂b = H(−d)."""

    nargs = 2
    _sign = 1
    _tex = r"\max"

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        a, b = self.args
        d = self._sign * (a - b)
        return Step(d) if argindex == 1 else Step(-d)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return _power(_call_tex(self._tex, printer, self.args), exp)


class MaxPair(_Pair):
    """max(a, b): ∂/∂a = H(a − b), ∂/∂b = H(b − a); at a tie both ½."""


class MinPair(_Pair):
    """min(a, b): ∂/∂a = H(b − a), ∂/∂b = H(a − b); at a tie both ½."""

    _sign = -1
    _tex = r"\min"


def _pairwise(kind: type[sp.Function]) -> Callable[..., sp.Expr]:
    def build(*args: sp.Expr) -> sp.Expr:
        out = args[0]
        for a in args[1:]:
            out = kind(out, a)
        return out
    return build


def _step(u: np.ndarray) -> np.ndarray:
    heaviside: np.ndarray = 0.5 * (1.0 + np.sign(u))
    return heaviside


def _step_scalar(u: float) -> float:
    return 1.0 if u > 0 else 0.0 if u < 0 else 0.5


# SymPy may write re(u) / im(u) for parts of a derivative (log of a negative, a power of one): on the real values
# evaluated here re(u) is u and im(u) is 0 (a complex value never reaches them: math raises, numpy gives nan)
NUMPY_NAMES = {"MaxPair": np.maximum, "MinPair": np.minimum, "Step": _step, "re": np.real, "im": np.imag}
MATH_NAMES = {"MaxPair": max, "MinPair": min, "Step": _step_scalar, "re": lambda u: u, "im": lambda u: 0.0}
# what Python's math raises where numpy would give nan or inf (log(−1), 1/0, 10.0**400, (−1)**0.5 is complex)
_SCALAR_ERRORS = (ValueError, OverflowError, ZeroDivisionError, TypeError)
_NAN = float("nan")
_FUNCS: dict[str, Callable[..., sp.Expr]] = {
    "sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "tanh": sp.tanh,
    "abs": sp.Abs, "min": _pairwise(MinPair), "max": _pairwise(MaxPair), "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
}


class TooComplex(ValueError):
    """The symbolic gradient has more operations than MAX_GRADIENT_OPS."""

    def __init__(self, ops: int) -> None:
        super().__init__(f"the gradient has {ops} operations")
        self.ops = ops


def _number(v: float) -> sp.Expr:
    if float(v).is_integer() and abs(v) <= 1e6:
        return sp.Integer(int(v))
    return sp.Float(v)


def to_sympy(tree: Node) -> sp.Expr:
    """The SymPy expression of a tree, built bottom-up with an explicit stack."""
    done: dict[int, sp.Expr] = {}
    stack: list[tuple[Node, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if not ready and node.args:
            stack.append((node, True))
            stack.extend((a, False) for a in node.args)
            continue
        a = [done[id(c)] for c in node.args]
        op = node.op
        if op == "num":
            e = _number(float(node.value))  # type: ignore[arg-type]
        elif op == "var":
            e = X if node.value == "x" else Y
        elif op in ARITHMETIC:
            e = ARITHMETIC[op](*a)
        elif op == "pow":
            e = a[0] ** a[1]
        else:
            e = _FUNCS[op](*a)
        done[id(node)] = e
    return done[id(tree)]


_NOT_REAL = {sp.zoo: sp.nan, sp.oo: sp.nan, sp.S.NegativeInfinity: sp.nan, sp.I: sp.nan}


def _real_or_nan(e: sp.Expr) -> sp.Expr:
    """SymPy's own simplifications can leave ∞ (1/(x − x) = zoo) or i (√(−x²) = i|x|) in an expression: those
    parts have no real value, so they become nan (and the view check then says where f is not finite)."""
    return e.xreplace(_NOT_REAL) if e.has(*_NOT_REAL) else e


@dataclass(frozen=True)
class Compiled:
    """f and ∇f as numpy functions of p with p[0] = x, p[1] = y (a point or a (2, ...) grid)."""

    expr: sp.Expr
    gradient: tuple[sp.Expr, sp.Expr]
    f: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    latex: str
    gradient_ops: int


def compile_formula(formula: Formula, max_ops: int = MAX_GRADIENT_OPS) -> Compiled:
    """Differentiate symbolically and compile; raises TooComplex when the gradient is too big."""
    expr = _real_or_nan(to_sympy(formula.tree))
    gx, gy = _real_or_nan(sp.diff(expr, X)), _real_or_nan(sp.diff(expr, Y))
    ops = int(sp.count_ops(gx)) + int(sp.count_ops(gy))
    if ops > max_ops:
        raise TooComplex(ops)
    f_np = sp.lambdify((X, Y), expr, modules=[NUMPY_NAMES, "numpy"], cse=True)
    g_np = sp.lambdify((X, Y), [gx, gy], modules=[NUMPY_NAMES, "numpy"], cse=True)
    # one point (each descent step) with Python floats and math: several times faster than numpy on 1 element
    f_math = sp.lambdify((X, Y), expr, modules=[MATH_NAMES, "math"], cse=True)
    gx_math, gy_math = (sp.lambdify((X, Y), g, modules=[MATH_NAMES, "math"], cse=True) for g in (gx, gy))

    def at(fn: Callable[[float, float], Any], x: float, y: float) -> float:
        try:
            v = fn(x, y)
            return v if isinstance(v, float) else float(v)
        except _SCALAR_ERRORS:
            return _NAN

    def f_point(x: float, y: float) -> float:
        return at(f_math, x, y)

    def g_point(x: float, y: float) -> np.ndarray:
        return np.array((at(gx_math, x, y), at(gy_math, x, y)))  # each part alone: ∂/∂x of x^y is fine at x < 0

    def f(p: np.ndarray) -> np.ndarray:
        if np.ndim(p[0]) == 0:
            return f_point(float(p[0]), float(p[1]))  # type: ignore[return-value]
        shape = np.shape(p[0])
        x, y = np.atleast_1d(np.asarray(p[0], dtype=np.float64)), np.atleast_1d(np.asarray(p[1], dtype=np.float64))
        with np.errstate(all="ignore"):
            v = np.broadcast_to(np.asarray(f_np(x, y), dtype=np.float64), x.shape)
        return v.reshape(shape).copy() if shape else v[0]

    def grad(p: np.ndarray) -> np.ndarray:
        if np.ndim(p[0]) == 0:
            return g_point(float(p[0]), float(p[1]))
        shape = np.shape(p[0])
        x, y = np.atleast_1d(np.asarray(p[0], dtype=np.float64)), np.atleast_1d(np.asarray(p[1], dtype=np.float64))
        with np.errstate(all="ignore"):  # numpy's select (Heaviside) needs arrays, hence atleast_1d
            parts = [np.broadcast_to(np.asarray(c, dtype=np.float64), x.shape) for c in g_np(x, y)]
        out = np.stack(parts)
        return out.reshape((2, *shape)) if shape else out[:, 0].copy()

    return Compiled(expr, (gx, gy), f, grad, sp.latex(expr), ops)
