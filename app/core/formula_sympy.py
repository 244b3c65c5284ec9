"""A parsed formula's tree as a SymPy expression, its symbolic gradient, and both compiled to numpy.

The SymPy expression is built node by node from the whitelisted tree (app.core.formula_parse), never from text, so
nothing the learner typed is evaluated. `lambdify` then prints that trusted expression as numpy code.
Kinks: d|u|/du = sign(u) (0 at u = 0) and d max(u, v) = Heaviside(u − v) du + Heaviside(v − u) dv with
Heaviside(0) = ½, so at a kink the gradient is a subgradient (for abs, 0; for a tie in max, the average).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .formula_parse import Formula, Node

X, Y = sp.symbols("x y", real=True)
MAX_GRADIENT_OPS = 20_000  # operations in the symbolic gradient; the limits on the tree keep far below this

_FUNCS: dict[str, Callable[..., sp.Expr]] = {
    "sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "tanh": sp.tanh,
    "abs": sp.Abs, "min": sp.Min, "max": sp.Max, "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
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
        elif op == "add":
            e = a[0] + a[1]
        elif op == "sub":
            e = a[0] - a[1]
        elif op == "mul":
            e = a[0] * a[1]
        elif op == "div":
            e = a[0] / a[1]
        elif op == "pow":
            e = a[0] ** a[1]
        elif op == "neg":
            e = -a[0]
        else:
            e = _FUNCS[op](*a)
        done[id(node)] = e
    return done[id(tree)]


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
    expr = to_sympy(formula.tree)
    gx, gy = sp.diff(expr, X), sp.diff(expr, Y)
    ops = int(sp.count_ops(gx)) + int(sp.count_ops(gy))
    if ops > max_ops:
        raise TooComplex(ops)
    f_np = sp.lambdify((X, Y), expr, modules="numpy", cse=True)
    g_np = sp.lambdify((X, Y), [gx, gy], modules="numpy", cse=True)

    def f(p: np.ndarray) -> np.ndarray:
        x, y = p[0], p[1]
        with np.errstate(all="ignore"):
            v = np.asarray(f_np(x, y), dtype=np.float64)
        return v if v.shape == np.shape(x) else np.broadcast_to(v, np.shape(x)).copy()

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p[0], p[1]
        shape = np.shape(x)
        with np.errstate(all="ignore"):
            parts = [np.broadcast_to(np.asarray(c, dtype=np.float64), shape) for c in g_np(x, y)]
        return np.stack(parts).astype(np.float64, copy=False) if shape else np.array(
            [float(parts[0]), float(parts[1])])

    return Compiled(expr, (gx, gy), f, grad, sp.latex(expr), ops)
