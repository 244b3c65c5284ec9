"""Fuzzing the formula parser: generated expressions and hostile text are parsed or refused with a FormulaError,
never another exception, a hang or code execution; the worst formula the limits allow stays bounded."""

from __future__ import annotations

import builtins
import threading

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.formula_parse import MAX_CHARS, FormulaError, parse
from app.core.formula_surface import custom_surface
from app.core.formula_sympy import MAX_GRADIENT_OPS, compile_formula

ATOMS = st.sampled_from(["x", "y", "pi", "e", "0", "1", "2", "0.5", "10", "1e3", "x0", "x1"])
UNARY = ["sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "abs"]


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "^", " "]), children).map(
        lambda t: f"({t[0]}){t[1]}({t[2]})")
    unary = st.tuples(st.sampled_from(UNARY), children).map(lambda t: f"{t[0]}({t[1]})")
    pair = st.tuples(st.sampled_from(["min", "max"]), children, children).map(lambda t: f"{t[0]}({t[1]}, {t[2]})")
    neg = children.map(lambda c: f"-{c}")
    return st.one_of(binary, unary, pair, neg)


EXPRESSIONS = st.recursive(ATOMS, _combine, max_leaves=30)


def _parse_or_refuse(text: str) -> None:
    try:
        formula = parse(text)
    except FormulaError as e:
        assert e.code and (e.pos is None or 0 <= e.pos <= len(text))
        return
    c = compile_formula(formula)
    assert c.gradient_ops <= MAX_GRADIENT_OPS


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_generated_expressions_parse_or_are_refused(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_generated_surfaces_build_or_are_refused(text: str) -> None:
    try:
        s = custom_surface(text)
    except FormulaError as e:
        assert e.code
        return
    z = s.grid(21)[2]
    assert z.shape == (21, 21)
    for m in s.minima:
        assert np.isfinite(s.value(np.array(m)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_arbitrary_text_is_parsed_or_refused(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="xy()+-*/^,. 0123456789episqrtmaxbcl", max_size=80))
def test_formula_like_text_is_parsed_or_refused(text: str) -> None:
    _parse_or_refuse(text)


HOSTILE = [
    "__import__('os').system('echo pwned')", "__import__", "().__class__", "().__class__.__bases__[0]",
    "x.__class__", "eval('1')", "exec", "lambda: 0", "open('/etc/passwd')", "globals()", "x if y else 0",
    "(" * 10_000 + "x" + ")" * 10_000, "(" * 10_000, ")" * 10_000, "9^9^9^9", "9**9**9**9", "x^9^9^9^9",
    "1" * 400, "1" * 150 + "*x", "1e308*10*x", "1e309", "0x1f", "1_000", "sin(x", "sin()", "max()", "x,y",
    "ѕin(x)", "ⅹ^2", "х + у", "x\u200b+y", "x\x00", "\ufeffx", "𝑥^2", "x²+y²", "√x", "x\n+y", "π x",
    "sigmoid(" * 30 + "x" + ")" * 30, "-" * 199 + "x", "+-" * 99 + "x", "x" + "^x" * 99,
    "1/0 + x", "log(-1) + x", "sqrt(-4) * x", "tan(pi/2)", "e^1000 + x", "exp(1e5) + x", "0^-1 + x",
]


def test_hostile_strings_are_refused_with_a_code_and_run_nothing(monkeypatch: object) -> None:
    called: list[str] = []
    real_import = builtins.__import__

    def spy(name: str, *args: object, **kwargs: object) -> object:
        if name in ("os", "subprocess"):
            called.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", spy)  # type: ignore[attr-defined]
    for text in HOSTILE:
        try:
            s = custom_surface(text)
        except FormulaError as e:
            assert e.code, text
            continue
        assert np.isfinite(s.grid(11)[2]).any(), text  # accepted: then an ordinary, finite-somewhere surface
    assert called == []


def test_hostile_strings_refused_for_the_right_reason() -> None:
    codes = {}
    for text in ("(" * 10_000 + "x" + ")" * 10_000, "9^9^9^9", "__import__", "().__class__", "1e309", "ѕin(x)"):
        try:
            parse(text)
        except FormulaError as e:
            codes[text[:12]] = e.code
    assert codes == {"(((((((((((("[:12]: "too_long", "9^9^9^9": "too_large", "__import__": "unknown_name",
                     "().__class__": "unexpected", "1e309": "too_large", "ѕin(x)": "bad_char"}


# the worst formulas the limits allow: nesting at the depth limit, node count at the node limit, towers of powers
WORST = [
    "sigmoid(" * 22 + "x" + ")" * 22,
    "sigmoid(" * 10 + "x*y" + ")" * 10 + "*" + "sigmoid(" * 10 + "y-x" + ")" * 10,
    "x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^y))))))))))))))))))))",
    "*".join(["sin(x+y)"] * 22),
    "max(" * 11 + "x" + ",y)" * 11 + "+abs(" * 5 + "x" + ")" * 5,
    "+".join(f"x^{i}*y^{i}" for i in range(1, 12)),
    "tanh(sin(" * 11 + "x*y" + "))" * 11,
    "exp(x^y^x^y^x^y^x^y^x^y^x^y^x^y)*sin(x^y^x^y^x^y^x^y)*cos(y^x^y^x^y^x^y^x^y^x^y)",
]


def test_worst_case_formulas_are_bounded() -> None:
    """Parse, differentiate, compile and search each within the limits; bounded by counting the gradient's
    operations (SymPy's count_ops) and, as a guard against a hang, a generous join timeout per formula."""
    for text in WORST:
        assert len(text) <= MAX_CHARS, len(text)
        out: dict[str, object] = {}

        def work(t: str = text, out: dict[str, object] = out) -> None:
            try:
                c = compile_formula(parse(t))
                out["ops"] = c.gradient_ops
                out["nodes"] = sum(1 for _ in sp.preorder_traversal(c.expr))
                custom_surface(t)
            except FormulaError as e:
                out["refused"] = e.code

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), f"still computing after 60 s: {text}"
        assert "refused" in out or int(out["ops"]) <= MAX_GRADIENT_OPS, (text, out)  # type: ignore[call-overload]
