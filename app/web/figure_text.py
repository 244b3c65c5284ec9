"""The words of the SVG figure as the page writes them: the formula typeset (x₀² + x₁²) and each run's label in
the reader's language ("학습률 = 0.1"), for GET /api/v1/figure.svg."""

from __future__ import annotations

import re

from app.i18n import t

# the page's fonts (static/css): one stack for text, one math-capable stack for formulas in both languages
TEXT_FONTS = ('Pretendard, "Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", '
              "system-ui, sans-serif")
MATH_FONTS = ('"Cambria Math", "STIX Two Math", "Latin Modern Math", "DejaVu Math TeX Gyre", "DejaVu Serif", '
              '"Times New Roman", serif')
VARY_NAMES = {"lr": "ui.field.lr", "opt": "ui.field.optimizer", "grad": "ui.field.gradient",
              "momentum": "ui.param.momentum"}
VALUE_NAMES = {"opt": "ui.optimizer.", "grad": "ui.gradient."}


def pretty_formula(text: str) -> str:
    """x0^2 + x1^2 → x₀² + x₁² (static/js/descent/labels.js prettyFormula)."""
    out = text.replace("^2", "²")
    out = re.sub(r"\bx0\b", "x₀", out, flags=re.ASCII)
    out = re.sub(r"\bx1\b", "x₁", out, flags=re.ASCII)
    out = re.sub(r"\bpi\b", "π", out, flags=re.ASCII)
    return out.replace(" * ", "·")


def run_label(lang: str, vary: str, value: str) -> str:
    """One run's label: the varied setting's name and its value, in the reader's language (학습률 = 0.1)."""
    name = t(lang, VARY_NAMES[vary]) if vary in VARY_NAMES else vary
    if vary in VALUE_NAMES:
        key = VALUE_NAMES[vary] + value
        try:
            return f"{name}: {t(lang, key)}"
        except KeyError:
            return f"{name}: {value}"
    return f"{name} = {value}"
