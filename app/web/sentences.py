"""The boundary where facts become words: a core Sentence (message key + parameters) rendered in every language,
with numbers formatted for people, and a Diagnosis in the stream protocol's shape.

Numbers: at most 4 significant digits, as the pages write them (51210, not 5.121 × 10⁴); below 10⁻³ or from 10⁵
on, a power of ten (1.2 × 10¹³, with no-break spaces). Shares (`*_pct`):
one decimal from 1 % (rounded to the nearest, as the pages round; 99.9 % at most below 1), two significant
digits below, "less than 0.01 %" when smaller, never rounded up to 100 %.
"""

from __future__ import annotations

import math
from typing import Any

from app.core.verdicts import Diagnosis, Sentence
from app.i18n import LANGUAGES, t

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(x: float | int) -> str:
    """x for a reader: ints as they are, floats with ≤ 4 significant digits."""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞" if x < 0 else "–"
    a = abs(x)
    if a == 0:
        return "0"
    r = float(f"{x:.4g}")  # 4 significant digits: 9999.5 → 10000, 51213 → 51210 (as the pages' formatter)
    if 1e-3 <= a < 1e5:
        return f"{r:.4g}" if abs(r) < 1e4 else str(int(r))
    mantissa, exponent = f"{x:.3e}".split("e")
    m = mantissa.rstrip("0").rstrip(".")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    if m in ("1", "-1"):
        return ("−" if m == "-1" else "") + power
    return f"{m}\u00a0×\u00a0{power}"  # no-break spaces: a number is never wrapped across lines


def percent(share: float | None, lang: str) -> str:
    """A share in [0, 1] as a percentage (negative shares count as 0)."""
    if share is None or not math.isfinite(share):
        return "–"
    pct = 100.0 * max(share, 0.0)
    if pct == 0:
        return "0%"
    if pct < 0.01:
        return t(lang, "fmt.less_than_pct", pct="0.01")
    if share >= 1.0:
        return "100%"
    if pct < 1:
        return f"{pct:.2g}%"
    tenths = min(round(pct * 10), 999)  # nearest tenth, as the pages' tables round (95.67 → 95.7), below 100
    return f"{tenths / 10:g}%"


def _value(name: str, v: Any, lang: str) -> str:
    if isinstance(v, Sentence):
        return render_one(v, lang)
    if isinstance(v, dict) and "key" in v:
        return render_one(Sentence(v["key"], v.get("params", {})), lang)
    if name.endswith("_pct"):
        return percent(v, lang)
    if name.endswith("_key"):
        return t(lang, str(v))
    if v is None:
        return "–"
    if isinstance(v, int | float):
        return number(v)
    if isinstance(v, list | tuple):
        return "(" + ", ".join(_value("", u, lang) for u in v) + ")"
    return str(v)


def _told_apart(params: dict[str, Any], values: dict[str, str]) -> None:
    """A start and an end that differ but read the same in 4 digits ("from 25 to 25" at lr 10⁻¹⁰) are told apart
    by the change itself: "from 25 to 25 − 10⁻⁶" (every number still in ≤ 4 significant digits)."""
    for name, start in params.items():
        if not name.endswith("_start"):
            continue
        end_name = name.removesuffix("_start") + "_end"
        end = params.get(end_name)
        if not (isinstance(start, float) and isinstance(end, float) and math.isfinite(start) and math.isfinite(end)):
            continue
        if start == end or number(start) != number(end):
            continue
        sign = "−" if end < start else "+"
        values[end_name] = f"{number(start)}\u00a0{sign}\u00a0{number(abs(end - start))}"


def render_one(s: Sentence, lang: str) -> str:
    """The sentence in one language."""
    values = {k: _value(k, v, lang) for k, v in s.params.items()}
    _told_apart(s.params, values)
    return t(lang, s.key, **values)


def render(s: Sentence) -> dict[str, str]:
    """The sentence in every language: {"ko": ..., "en": ...}."""
    return {lang: render_one(s, lang) for lang in LANGUAGES}


def _join(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)


def diagnosis_body(d: Diagnosis, counterfactual_config: dict[str, Any] | None = None) -> dict[str, Any]:
    """`done.diagnosis`: verdict, the message (verdict sentence + tried advice) in both languages, the message key
    and parameters, the facts, the advice and the counterfactual run (its configuration, ready to open)."""
    verdict = render(d.sentence)
    notes = [render(n) for n in d.notes]
    advice: list[dict[str, Any]] = [{"kind": a.kind, "tested": a.tested, "helped": a.helped,
                                     "message": render(a.sentence)} for a in d.advice]
    message = {lang: _join([verdict[lang], *(n[lang] for n in notes), *(a["message"][lang] for a in advice)])
               for lang in LANGUAGES}
    body: dict[str, Any] = {"verdict": d.verdict, "message": message, "verdict_message": verdict,
                            "key": d.sentence.key, "params": d.sentence.as_dict()["params"], "facts": d.facts,
                            "advice": advice, "counterfactual": None}
    cf = d.counterfactual
    if cf is not None:
        body["counterfactual"] = {"kind": cf.kind, "change": cf.change, "verdict": cf.verdict, "helped": cf.helped,
                                  "facts": cf.facts, "trace": cf.trace, "config": counterfactual_config}
    return body
