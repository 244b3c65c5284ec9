"""The colours the pages use, read from static/js/shared/palette.js, so the SVG figure draws run 1 in the same colour
as the page does. The file is `export const PALETTE = ` followed by plain JSON and a semicolon."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

PALETTE_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "shared" / "palette.js"
_MARK = "\nexport const PALETTE = "  # at the start of a line


@cache
def palette() -> dict[str, Any]:
    """The palette as a dict: runs, classes, splits, ramp ([[r, g, b], ...]), ink, muted, frame, grid, isoline."""
    text = PALETTE_JS.read_text(encoding="utf-8")
    start = text.index(_MARK) + len(_MARK)
    end = text.index("};", start) + 1
    table: dict[str, Any] = json.loads(text[start:end])
    return table


def run_colour(i: int) -> str:
    """Run i's colour (0-based), as on the page."""
    runs = palette()["runs"]
    return str(runs[i % len(runs)])


def ramp_colour(u: float) -> str:
    """The contour ramp at u in [0, 1] as rgb(r,g,b), interpolated as static/js/shared/levels.js rampColor does."""
    ramp = palette()["ramp"]
    x = min(1.0, max(0.0, u)) * (len(ramp) - 1)
    i = min(len(ramp) - 2, int(x))
    f = x - i
    r, g, b = (math.floor(a + (c - a) * f + 0.5) for a, c in zip(ramp[i], ramp[i + 1], strict=True))  # Math.round
    return f"rgb({r},{g},{b})"
