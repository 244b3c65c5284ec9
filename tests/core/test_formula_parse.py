"""Parsing a learner's formula: the grammar, precedence, names, positions and limits of every refusal."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.core.formula_parse import MAX_CHARS, MAX_DEPTH, MAX_NODES, FormulaError, parse
from app.core.formula_sympy import compile_formula


def value(text: str, x: float, y: float) -> float:
    return float(compile_formula(parse(text)).f(np.array([x, y])))


@pytest.mark.parametrize(("text", "x", "y", "expected"), [
    ("x^2/20 + y^2", 2.0, 3.0, 4 / 20 + 9),
    ("(1-x)^2 + 100*(y-x^2)^2", 0.5, 0.5, 0.25 + 100 * 0.0625),
    ("-x^2", 3.0, 0.0, -9.0),  # ^ binds tighter than unary minus
    ("2^3^2", 0.0, 0.0, 512.0),  # right-associative
    ("2^-1 * x", 4.0, 0.0, 2.0),
    ("x - y - 1", 5.0, 2.0, 2.0),  # left-associative
    ("x / y / 2", 8.0, 2.0, 2.0),
    ("2x + 3 pi y", 1.0, 1.0, 2 + 3 * math.pi),  # juxtaposition multiplies
    ("100 (y - x^2)^2", 1.0, 2.0, 100.0),
    ("x0^2 + x1^2", 3.0, 4.0, 25.0),
    ("x**2 + e", 2.0, 0.0, 4 + math.e),
    ("sigmoid(x) + tanh(y)", 0.0, 0.0, 0.5),
    ("max(x, y, 1) - min(x, y)", -2.0, 3.0, 5.0),
    ("abs(x) + sqrt(y) + exp(0) + log(e)", -2.0, 4.0, 6.0),
    ("sin(pi/2) + cos(0) + tan(0)", 0.0, 0.0, 2.0),
    ("x − y × 2 ÷ 4", 3.0, 2.0, 2.0),  # pasted minus, times and division signs
    ("ｘ＋１", 1.0, 0.0, 2.0),  # full-width letters from a Korean keyboard
    ("3", 1.0, 1.0, 3.0),
])
def test_values(text: str, x: float, y: float, expected: float) -> None:
    assert value(text, x, y) == pytest.approx(expected, rel=1e-12)


def test_kinked_functions_are_reported() -> None:
    assert parse("abs(x) + max(x, y)^2").kinks == ("abs", "max")
    assert parse("x^2 + y^2").kinks == ()


def test_variables_used() -> None:
    assert parse("x^2").variables == ("x",)
    assert parse("x1 + x0").variables == ("x", "y")


def refusal(text: str, **kw: int) -> FormulaError:
    with pytest.raises(FormulaError) as info:
        parse(text, **kw)
    return info.value


@pytest.mark.parametrize(("text", "code", "pos", "params"), [
    ("sni(x) + y", "unknown_function_hint", 0, {"name": "sni", "guess": "sin"}),
    ("x + sinn(y)", "unknown_function_hint", 4, {"guess": "sin"}),
    ("x + z", "unknown_name", 4, {"name": "z"}),
    ("x + pii", "unknown_name_hint", 4, {"guess": "pi"}),
    ("sin x", "needs_args", 0, {"name": "sin"}),
    ("x(y)", "not_a_function", 0, {"name": "x"}),
    ("max(x)", "arity", 0, {"name": "max", "got": 1}),
    ("sin(x, y)", "arity", 0, {"got": 2}),
    ("x +", "unexpected_end", 3, {}),
    ("x + * y", "unexpected", 4, {"token": "*"}),
    ("(x + y", "unclosed", 0, {}),
    ("x + y)", "unmatched_close", 5, {}),
    ("x²", "bad_char_hint", 1, {"hint": "^2"}),
    ("ѕin(x)", "bad_char", 0, {"char": "ѕ"}),  # Cyrillic dze, not s
    ("x ; y", "bad_char", 2, {}),
    ("1e400 * x", "too_large", 0, {}),
    ("9^9^9^9 + x", "too_large", 3, {}),
    ("log(0) + x", "undefined_constant", 0, {}),
    ("x / 0", "undefined_constant", 4, {}),
    ("   ", "empty", None, {}),
])
def test_refusals_name_the_position(text: str, code: str, pos: int | None, params: dict[str, object]) -> None:
    e = refusal(text)
    assert e.code == code
    assert e.pos == pos
    for k, v in params.items():
        assert e.params[k] == v


def test_length_limit() -> None:
    ok = "x" + "+x" * ((MAX_CHARS - 1) // 2)
    assert len(ok) <= MAX_CHARS
    e = refusal("x" * (MAX_CHARS + 1))
    assert (e.code, e.params["limit"], e.params["length"]) == ("too_long", MAX_CHARS, MAX_CHARS + 1)
    assert refusal("x+x+x", max_chars=4).code == "too_long"


def test_depth_limit_on_brackets_and_functions() -> None:
    deep = "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1)
    e = refusal(deep, max_chars=1000)
    assert (e.code, e.pos, e.params["limit"]) == ("too_deep", MAX_DEPTH, MAX_DEPTH)
    nested = "sin(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH
    assert refusal(nested, max_chars=1000).code == "too_deep"
    assert parse("sin(" * (MAX_DEPTH - 2) + "x" + ")" * (MAX_DEPTH - 2), max_chars=1000).tree.depth <= MAX_DEPTH


def test_a_long_sum_is_not_deep() -> None:
    f = parse(" + ".join(f"{k}*x*y" for k in range(1, 20)))
    assert f.tree.depth <= 4


def test_node_limit() -> None:
    e = refusal("+".join(["x*y"] * 50))
    assert (e.code, e.params["limit"]) == ("too_many_nodes", MAX_NODES)
    assert parse("x+y", max_nodes=3).tree.size == 3
    assert refusal("x+y+x", max_nodes=3).code == "too_many_nodes"


def test_constants_are_folded() -> None:
    f = parse("2^10 * x + (3 - 1)")
    assert f.tree.op == "add" and f.tree.args[0].args[0].value == 1024.0 and f.tree.args[1].value == 2.0
