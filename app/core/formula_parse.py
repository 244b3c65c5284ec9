"""A formula f(x, y) typed by a learner, parsed by a Lark LALR grammar into a small expression tree.

Only whitelisted operations exist in the tree: + − × ÷ ^ (right-associative, binds tighter than unary minus, so
−x^2 = −(x^2)), unary minus, juxtaposition as multiplication (2x, 2 pi x), numbers, the variables x, y (also x0, x1),
the constants pi and e, and the functions in FUNCTIONS. Nothing in the text is ever evaluated as code; a subtree
without variables is folded to a float here, so a number too large (9^9^9^9) is refused before any algebra.
Every refusal is a FormulaError with a code, the 0-based character position and the limit it crossed.
"""

from __future__ import annotations

import difflib
import math
import operator
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

MAX_CHARS = 200
MAX_DEPTH = 24
MAX_NODES = 120
MAX_ABS = 1e100  # largest magnitude of a number or a folded constant

VARIABLES = {"x": "x", "y": "y", "x0": "x", "x1": "y"}
CONSTANTS = {"pi": math.pi, "e": math.e}
# name → (smallest, largest) number of arguments
FUNCTIONS: dict[str, tuple[int, int]] = {
    "sqrt": (1, 1), "exp": (1, 1), "log": (1, 1), "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "tanh": (1, 1),
    "sigmoid": (1, 1), "abs": (1, 1), "min": (2, 8), "max": (2, 8),
}
KINKED = ("abs", "min", "max")  # not differentiable everywhere: the gradient there is a subgradient

# look-alikes a learner pastes from a document, mapped one character to one character (positions stay put)
_ALIASES = {"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/", "（": "(", "）": ")", "，": ","}
_HINTS = {"²": "^2", "³": "^3", "π": "pi", "√": "sqrt(...)", "*": "^"}

GRAMMAR = r"""
?start: sum
?sum: product
    | sum "+" product   -> add
    | sum "-" product   -> sub
?product: unary
    | product "*" unary -> mul
    | product "/" unary -> div
    | product power     -> mul
?unary: power
    | "-" unary         -> neg
    | "+" unary
?power: atom
    | atom POW unary    -> pow
?atom: NUMBER           -> number
    | NAME              -> name
    | FUNC "(" sum ("," sum)* ")" -> call
    | "(" sum ")"
POW: "^" | "**"
FUNC.2: /[A-Za-z_][A-Za-z0-9_]*(?=[ \t]*\()/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
NUMBER: /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/
%ignore /[ \t]+/
"""


class FormulaError(ValueError):
    """A formula refused: `code` (an i18n key suffix), `pos` (0-based character), `params` for the message."""

    def __init__(self, code: str, pos: int | None, **params: Any) -> None:
        self.code, self.pos, self.params = code, pos, params
        where = "" if pos is None else f" at character {pos + 1}"
        super().__init__(f"{code}{where}: {params}" if params else f"{code}{where}")


@dataclass(frozen=True)
class Node:
    """One node: op is num, var, add, sub, mul, div, pow, neg or a function name; pos is where it starts."""

    op: str
    args: tuple[Node, ...] = ()
    value: float | str | None = None
    pos: int = 0
    depth: int = field(default=1, compare=False)
    size: int = field(default=1, compare=False)

    @property
    def constant(self) -> bool:
        return self.op == "num"


@dataclass(frozen=True)
class Formula:
    """A parsed formula: the text as typed, the tree, and which kinked functions it uses."""

    text: str
    tree: Node
    kinks: tuple[str, ...]
    variables: tuple[str, ...]


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _normalise(text: str) -> str:
    """Map full-width ASCII and the few look-alikes in _ALIASES to ASCII, one character for one."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        out.append(_ALIASES.get(ch, ch))
    return "".join(out)


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '').lower()}".strip()


def _check_brackets(text: str, max_depth: int) -> None:
    """Bracket balance and depth in one pass, before the parser sees the text."""
    depth, opened = 0, []
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            opened.append(i)
            if depth > max_depth:
                raise FormulaError("too_deep", i, limit=max_depth)
        elif ch == ")":
            if not opened:
                raise FormulaError("unmatched_close", i)
            depth -= 1
            opened.pop()
    if opened:
        raise FormulaError("unclosed", opened[-1])


_TOKEN_WORDS = {"NUMBER": "a number", "NAME": "a name", "FUNC": "a function", "LPAR": "(", "RPAR": ")",
                "PLUS": "+", "MINUS": "-", "STAR": "*", "SLASH": "/", "POW": "^", "COMMA": ","}


def _syntax_error(text: str, e: UnexpectedInput) -> FormulaError:
    if isinstance(e, UnexpectedCharacters):
        at = e.pos_in_stream or 0  # Lark sets it for every character it cannot lex
        ch = text[at]
        hint = _HINTS.get(ch)
        if hint:
            return FormulaError("bad_char_hint", at, char=ch, hint=hint)
        return FormulaError("bad_char", at, char=ch, unicode=_char_name(ch))
    if isinstance(e, UnexpectedToken) and e.token.type != "$END":
        tok = str(e.token)
        return FormulaError("unexpected", e.token.start_pos, token=tok[:20])
    if isinstance(e, UnexpectedEOF | UnexpectedToken):
        return FormulaError("unexpected_end", len(text.rstrip()))
    return FormulaError("syntax", getattr(e, "pos_in_stream", None))  # pragma: no cover - Lark's three kinds above


def _num(value: float, pos: int) -> Node:
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise FormulaError("too_large", pos, limit=f"{MAX_ABS:g}")
    return Node("num", value=value, pos=pos)


# the operations that mean the same on floats and on SymPy expressions (pow differs: floats need a guard)
ARITHMETIC: dict[str, Callable[..., Any]] = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
                                             "div": operator.truediv, "neg": operator.neg}
_FOLD: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "exp": math.exp, "log": math.log, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "tanh": math.tanh, "abs": abs, "min": min, "max": max,
    "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0,
}


def _fold(op: str, args: tuple[Node, ...], pos: int) -> Node:
    """A node whose arguments are all numbers, evaluated now (so the tree keeps no constant expression)."""
    vals = [float(a.value) for a in args]  # type: ignore[arg-type]
    try:
        if op in ARITHMETIC:
            v = ARITHMETIC[op](*vals)
        elif op == "pow":
            base, expo = vals
            if abs(expo) > 1e4 and abs(base) > 1.0:
                raise OverflowError
            v = math.pow(base, expo)
        else:
            v = float(_FOLD[op](*vals))
    except OverflowError:
        raise FormulaError("too_large", pos, limit=f"{MAX_ABS:g}") from None
    except (ValueError, ZeroDivisionError):
        raise FormulaError("undefined_constant", pos) from None
    if isinstance(v, complex):
        raise FormulaError("undefined_constant", pos)
    return _num(v, pos)


_FAMILY = {"add": "sum", "sub": "sum", "mul": "product", "div": "product"}


def _make(op: str, args: tuple[Node, ...], pos: int, limits: tuple[int, int]) -> Node:
    max_depth, max_nodes = limits
    if op == "div" and args[1].constant and args[1].value == 0:
        raise FormulaError("undefined_constant", args[1].pos)
    if all(a.constant for a in args):
        return _fold(op, args, pos)
    family = _FAMILY.get(op)  # a chain x + y + z (or a·b·c) is one level deep, as a + b + c on paper
    depth = max(a.depth + (0 if family is not None and _FAMILY.get(a.op) == family else 1) for a in args)
    size = 1 + sum(a.size for a in args)
    if depth > max_depth:
        raise FormulaError("too_deep", pos, limit=max_depth)
    if size > max_nodes:
        raise FormulaError("too_many_nodes", pos, limit=max_nodes)
    return Node(op, args, pos=pos, depth=depth, size=size)


def _suggest(name: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.5)
    return found[0] if found else None


def _token(child: Tree[Token] | Token) -> Token:
    """A child that the grammar makes a token: a call's name, a power's ^."""
    if not isinstance(child, Token):  # pragma: no cover - the grammar puts a terminal there
        raise TypeError(f"expected a token, got {child!r}")
    return child


def _build(t: Tree[Token] | Token, limits: tuple[int, int], used: set[str]) -> Node:
    """The expression tree from Lark's parse tree (an explicit stack: no recursion limit to hit)."""
    out: dict[int, Node] = {}
    stack: list[tuple[Tree[Token] | Token, bool]] = [(t, False)]
    while stack:
        item, ready = stack.pop()
        if isinstance(item, Token):
            out[id(item)] = _leaf(item, used)
            continue
        kids = [c for c in item.children if not (isinstance(c, Token) and c.type in ("POW", "FUNC"))]
        if not ready:
            stack.append((item, True))
            stack.extend((c, False) for c in kids)
            continue
        pos = item.meta.start_pos if not item.meta.empty else 0
        args = tuple(out.pop(id(c)) for c in kids)
        if item.data == "call":
            fname = _token(item.children[0])
            out[id(item)] = _call(str(fname), args, fname.start_pos or 0, limits, used)
        elif item.data in ("number", "name"):  # pragma: no cover - Lark gives these as bare tokens
            out[id(item)] = args[0]
        else:
            op = str(item.data)
            if op == "pow":
                pos = _token(item.children[1]).start_pos or 0  # the ^ itself
            out[id(item)] = _make(op, args, pos, limits)
    return out[id(t)]


def _leaf(tok: Token, used: set[str]) -> Node:
    text, pos = str(tok), tok.start_pos or 0
    if tok.type == "NUMBER":
        try:
            value = float(text)
        except OverflowError:  # pragma: no cover - float() gives inf rather than raising
            value = math.inf
        return _num(value, pos)
    if text in VARIABLES:
        used.add(VARIABLES[text])
        return Node("var", value=VARIABLES[text], pos=pos)
    if text in CONSTANTS:
        return Node("num", value=CONSTANTS[text], pos=pos)
    if text in FUNCTIONS:
        raise FormulaError("needs_args", pos, name=text)
    guess = _suggest(text, [*VARIABLES, *CONSTANTS, *FUNCTIONS])
    if guess:
        raise FormulaError("unknown_name_hint", pos, name=text[:20], guess=guess)
    raise FormulaError("unknown_name", pos, name=text[:20])


def _call(name: str, args: tuple[Node, ...], pos: int, limits: tuple[int, int], used: set[str]) -> Node:
    if name not in FUNCTIONS:
        if name in VARIABLES or name in CONSTANTS:
            raise FormulaError("not_a_function", pos, name=name)
        guess = _suggest(name, list(FUNCTIONS))
        if guess:
            raise FormulaError("unknown_function_hint", pos, name=name[:20], guess=guess)
        raise FormulaError("unknown_function", pos, name=name[:20])
    lo, hi = FUNCTIONS[name]
    if not lo <= len(args) <= hi:
        raise FormulaError("arity", pos, name=name, expected=str(lo) if lo == hi else f"{lo}–{hi}", got=len(args))
    if name in KINKED:
        used.add("kink:" + name)
    return _make(name, args, pos, limits)


def parse(text: str, max_chars: int = MAX_CHARS, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Formula:
    """Parse `text` into a Formula, or raise FormulaError naming the position and the limit crossed.

    Order of the checks, cheapest first: length, brackets, grammar, names and arity, depth and node count.
    """
    if not isinstance(text, str):
        raise FormulaError("empty", None)
    if len(text) > max_chars:
        raise FormulaError("too_long", max_chars, limit=max_chars, length=len(text))
    norm = _normalise(text)
    if not norm.strip():
        raise FormulaError("empty", None)
    _check_brackets(norm, max_depth)
    try:
        tree = _parser().parse(norm)
    except UnexpectedInput as e:
        raise _syntax_error(norm, e) from None
    used: set[str] = set()
    root = _build(tree, (max_depth, max_nodes), used)
    kinks = tuple(sorted(u.split(":", 1)[1] for u in used if u.startswith("kink:")))
    variables = tuple(sorted(u for u in used if not u.startswith("kink:")))
    return Formula(text, root, kinks, variables)
