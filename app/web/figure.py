"""A contour map with trajectories as a standalone SVG, for pages where scripts are not allowed (`<img src=...>`).

It draws what the page's map draws: the colours of static/js/shared/palette.js (run 1 is the same colour on both),
the contour levels of static/js/shared/levels.js (filled regions and isolines from contourpy) and the axis ticks of
d3.ticks. Trajectories are clipped to the view box.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, Any, cast

import contourpy
import numpy as np

from app.core.surfaces import Surface
from app.i18n import t
from app.web.figure_text import MATH_FONTS, TEXT_FONTS, pretty_formula
from app.web.palette import palette, ramp_colour, run_colour

if TYPE_CHECKING:  # the return types of the fill and line types used below
    from contourpy._contourpy import FillReturn_OuterOffset, LineReturn_Separate

W, PLOT_W, LEFT, TOP, BOTTOM, RIGHT = 640, 560, 56, 56, 40, 24
LEVELS = 16  # as on the page's map
MAX_PATH_POINTS = 4_000  # far more than 560 px can show distinctly
X_SPACING, Y_SPACING, MIN_TICKS = 70, 55, 3  # pixels per axis tick, as on the page
_E10, _E5, _E2 = math.sqrt(50), math.sqrt(10), math.sqrt(2)


def _round(v: float) -> int:
    """JavaScript's Math.round: halves go up."""
    return math.floor(v + 0.5)


def _ticks(lo: float, hi: float, count: int) -> list[float]:
    """About `count` round ticks in [lo, hi], 1, 2 or 5 × 10^k apart: d3.ticks (d3-array 3), as the page draws."""
    if not hi > lo or count <= 0:
        return [lo]
    step = (hi - lo) / count
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = 10 if error >= _E10 else 5 if error >= _E5 else 2 if error >= _E2 else 1
    if power < 0:
        inc = 10**-power / factor
        i1, i2 = _round(lo * inc), _round(hi * inc)
        i1 += i1 / inc < lo
        i2 -= i2 / inc > hi
        return [(i1 + k) / inc for k in range(i2 - i1 + 1)]
    inc = 10**power * factor
    i1, i2 = _round(lo / inc), _round(hi / inc)
    i1 += i1 * inc < lo
    i2 -= i2 * inc > hi
    return [(i1 + k) * inc for k in range(i2 - i1 + 1)]


def _wants_log(z: np.ndarray, log_levels: bool) -> bool:
    """Log-spaced levels: asked for, or most of the map (60 %) sits in the lowest tenth of the range (levels.js)."""
    if log_levels:
        return True
    lo, hi = float(z.min()), float(z.max())
    return hi > lo and float(np.mean(z <= lo + 0.1 * (hi - lo))) > 0.6


def _levels(z: np.ndarray, log: bool, count: int = LEVELS) -> list[float]:
    """The page's contour thresholds (levels.js): lo + span·i/(count+1), i = 1…count, or, log-spaced,
    lo + exp(a + (b − a)·i/count), i = 0…count−1, with a = ln(span·1e-4), b = ln(span)."""
    lo, hi = float(z.min()), float(z.max())
    span = hi - lo
    if not span > 0:
        return []
    if log:
        a, b = math.log(span * 1e-4), math.log(span)
        return [lo + math.exp(a + (b - a) * i / count) for i in range(count)]
    return [lo + span * i / (count + 1) for i in range(1, count + 1)]


class Frame:
    """Maps surface coordinates to SVG pixels for one view box."""

    def __init__(self, view: tuple[tuple[float, float], tuple[float, float]]) -> None:
        (self.x0, self.x1), (self.y0, self.y1) = view
        self.w = PLOT_W
        self.h = int(min(max(PLOT_W * (self.y1 - self.y0) / (self.x1 - self.x0), 280), 560))

    def px(self, x: float, y: float) -> tuple[float, float]:
        u = LEFT + (x - self.x0) / (self.x1 - self.x0) * self.w
        v = TOP + (self.y1 - y) / (self.y1 - self.y0) * self.h
        clamp = 1e5  # far outside the clip box: keeps SVG numbers sane for |x| ≈ 1e13
        return max(-clamp, min(clamp, u)), max(-clamp, min(clamp, v))

    def thin(self, pts: np.ndarray, most: int = MAX_PATH_POINTS) -> np.ndarray:
        """The points of a trajectory that the picture can show: consecutive points falling in the same
        half-pixel cell are drawn as one (the first and last always kept), then at most `most` evenly spaced."""
        if len(pts) <= 2:
            return pts
        u = (pts[:, 0] - self.x0) / (self.x1 - self.x0) * self.w
        v = (self.y1 - pts[:, 1]) / (self.y1 - self.y0) * self.h
        with np.errstate(invalid="ignore", over="ignore"):
            cells = np.stack([np.clip(np.nan_to_num(u * 2), -2e5, 2e5), np.clip(np.nan_to_num(v * 2), -2e5, 2e5)],
                             axis=1).round()
        keep = np.ones(len(pts), dtype=bool)
        keep[1:] = np.any(cells[1:] != cells[:-1], axis=1)
        keep[-1] = True
        out = pts[keep]
        if len(out) > most:
            idx = np.unique(np.linspace(0, len(out) - 1, most).round().astype(int))
            out = out[idx]
        return out

    def path(self, pts: np.ndarray) -> str:
        return "M" + "L".join(f"{u:.1f},{v:.1f}" for u, v in (self.px(x, y) for x, y in pts))


def _contours(surface: Surface, frame: Frame, n: int) -> list[str]:
    """The page's picture of the surface: the lowest ramp colour under everything, then each region above a level
    in the ramp colour of its rank, then the isolines (every fourth one darker)."""
    xs, ys, z = surface.grid(n)
    finite = z[np.isfinite(z)]
    levels = _levels(finite, _wants_log(finite, surface.log_levels)) if finite.size else []
    # a learner's own f may be undefined in parts of the view (log x for x ≤ 0): those cells are masked
    gen = contourpy.contour_generator(xs, ys, np.ma.masked_invalid(z), fill_type=contourpy.FillType.OuterOffset,
                                      line_type=contourpy.LineType.Separate)
    colours = palette()
    out = [f'<rect x="{LEFT}" y="{TOP}" width="{frame.w}" height="{frame.h}" fill="{ramp_colour(0)}"/>']
    top = float(finite.max()) + 1.0 if finite.size else 0.0
    for k, level in enumerate(levels):
        # the stubs give the union over every fill type: OuterOffset was asked for above
        points, offsets = cast("FillReturn_OuterOffset", gen.filled(level, top))
        d = "".join(frame.path(p[o[i]:o[i + 1]]) + "Z" for p, o in zip(points, offsets, strict=True)
                    for i in range(len(o) - 1))
        if d:
            out.append(f'<path d="{d}" fill="{ramp_colour((k + 1) / len(levels))}" fill-rule="evenodd"/>')
    for k, level in enumerate(levels):
        d = "".join(frame.path(line) for line in cast("LineReturn_Separate", gen.lines(level)))
        if d:
            stroke = colours["isoline_major"] if k % 4 == 3 else colours["isoline"]
            out.append(f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="0.8"/>')
    return out + _undefined(xs, ys, z, frame, colours)


def _undefined(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, frame: Frame, colours: dict[str, Any]) -> list[str]:
    """Cells where a learner's own f is not defined, grey, so they never read as low (one rect per run of a row)."""
    bad = ~np.isfinite(z)
    if not bad.any():
        return []
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    rects = []
    for j in range(bad.shape[0]):
        i = 0
        while i < bad.shape[1]:
            if not bad[j, i]:
                i += 1
                continue
            k = i
            while k + 1 < bad.shape[1] and bad[j, k + 1]:
                k += 1
            u0, v0 = frame.px(xs[i] - dx / 2, ys[j] + dy / 2)
            u1, v1 = frame.px(xs[k] + dx / 2, ys[j] - dy / 2)
            rects.append(f"M{u0:.1f},{v0:.1f}H{u1:.1f}V{v1:.1f}H{u0:.1f}Z")
            i = k + 1
    return [f'<path class="undefined" d="{"".join(rects)}" fill="{colours["grid"]}"/>']


def _axes(frame: Frame) -> list[str]:
    out = [f'<rect x="{LEFT}" y="{TOP}" width="{frame.w}" height="{frame.h}" fill="none" stroke="#333"/>']
    base = TOP + frame.h
    for x in _ticks(frame.x0, frame.x1, max(MIN_TICKS, round(frame.w / X_SPACING))):
        u, _ = frame.px(x, frame.y0)
        out.append(f'<line x1="{u:.1f}" y1="{base}" x2="{u:.1f}" y2="{base + 5}" stroke="#333"/>'
                   f'<text x="{u:.1f}" y="{base + 18}" text-anchor="middle">{x:g}</text>')
    for y in _ticks(frame.y0, frame.y1, max(MIN_TICKS, round(frame.h / Y_SPACING))):
        _, v = frame.px(frame.x0, y)
        out.append(f'<line x1="{LEFT - 5}" y1="{v:.1f}" x2="{LEFT}" y2="{v:.1f}" stroke="#333"/>'
                   f'<text x="{LEFT - 8}" y="{v + 4:.1f}" text-anchor="end">{y:g}</text>')
    math = f"font-family='{MATH_FONTS}' font-style=\"italic\""
    out.append(f'<text x="{LEFT + frame.w / 2}" y="{base + 34}" text-anchor="middle" {math}>x₀</text>'
               f'<text x="14" y="{TOP + frame.h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {TOP + frame.h / 2})" {math}>x₁</text>')
    return out


def _star(u: float, v: float, r: float = 7.0) -> str:
    """A five-pointed star's path around (u, v): the page's minimum mark (★)."""
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.45
        pts.append(f"{u + rr * math.cos(a):.1f},{v + rr * math.sin(a):.1f}")
    return "M" + "L".join(pts) + "Z"


def _markers(surface: Surface, frame: Frame) -> list[str]:
    """The minima as ★ and the saddle points as ×, as the page's map marks them."""
    ink = palette()["ink"]
    out = []
    for x, y in surface.minima:
        u, v = frame.px(x, y)
        out.append(f'<path class="minimum" d="{_star(u, v)}" fill="#fff" stroke="{ink}" stroke-width="1.4"/>')
    for x, y in surface.saddles:
        u, v = frame.px(x, y)
        out.append(f'<path class="saddle" d="M{u - 5:.1f},{v - 5:.1f}L{u + 5:.1f},{v + 5:.1f}M{u - 5:.1f},'
                   f'{v + 5:.1f}L{u + 5:.1f},{v - 5:.1f}" stroke="{ink}" stroke-width="2"/>')
    return out


CAPTION_LINE = 16


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to at most `width` characters a line (a word longer than that gets its own line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _caption(results: list[dict[str, Any]], labels: list[str], lang: str, top: float) -> list[str]:
    """Each run's diagnosis, the same sentence the page and the API give, as wrapped lines under the map."""
    width = 60 if lang == "ko" else 92  # Hangul glyphs are about twice as wide as Latin ones at 12 px
    out, y = [], top
    for i, (r, label) in enumerate(zip(results, labels, strict=True)):
        colour = run_colour(i)
        lines = _wrap(f"{label}: {r['done']['diagnosis']['message'][lang]}", width)
        out.append(f'<rect x="{LEFT}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        spans = "".join(f'<tspan x="{LEFT + 16}" dy="{0 if k == 0 else CAPTION_LINE}">{escape(line)}</tspan>'
                        for k, line in enumerate(lines))
        out.append(f'<text class="caption" data-run="{escape(r["run_id"])}" y="{y}">{spans}</text>')
        y += CAPTION_LINE * len(lines) + 8
    return out


def _caption_height(results: list[dict[str, Any]], labels: list[str], lang: str) -> int:
    width = 60 if lang == "ko" else 92
    return sum(CAPTION_LINE * len(_wrap(f"{label}: {r['done']['diagnosis']['message'][lang]}", width)) + 8
               for r, label in zip(results, labels, strict=True))


def _barely_moved(xy: np.ndarray, frame: Frame, k: int, colour: str, run_id: str) -> str:
    """A run whose whole path fits under the start marker (lr = 1e-10): a coloured dot beside the start, joined
    to it, so the run is still seen (the k-th such run sits one step further right)."""
    pts = np.array([frame.px(x, y) for x, y in xy])
    if float(np.ptp(pts[:, 0]) + np.ptp(pts[:, 1])) > 4.0:
        return ""
    su, sv = pts[0]
    du = su + 14 + 10 * k
    return (f'<g class="barely-moved" data-run="{escape(run_id)}"><path d="M{su + 4:.1f},{sv:.1f}L{du - 4:.1f},'
            f'{sv:.1f}" stroke="{colour}" stroke-width="1.5"/><circle cx="{du:.1f}" cy="{sv:.1f}" r="4" '
            f'fill="{colour}" stroke="#fff"/></g>')


def render_svg(surface: Surface, results: list[dict[str, Any]], labels: list[str], lang: str, grid: int = 120) -> str:
    """The contour map of `surface` with each result's trajectory, start and end point, a legend, and each run's
    diagnosis as the caption."""
    frame = Frame(surface.view)
    plot_bottom = TOP + frame.h + BOTTOM + 8
    height = plot_bottom + 12 + _caption_height(results, labels, lang)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" '
             f"font-family='{TEXT_FONTS}' font-size=\"12\" role=\"img\">",
             f"<title>{escape(surface.title[lang])}: f = {escape(pretty_formula(surface.formula))}</title>",
             f'<defs><clipPath id="view"><rect x="{LEFT}" y="{TOP}" width="{frame.w}" height="{frame.h}"/>'
             f"</clipPath></defs>",
             f'<text x="{LEFT}" y="18" font-size="14"><tspan font-weight="bold">{escape(surface.title[lang])}'
             f"</tspan>  <tspan class=\"formula\" font-family='{MATH_FONTS}' font-style=\"italic\">"
             f"f = {escape(pretty_formula(surface.formula))}</tspan></text>",
             '<g clip-path="url(#view)">', *_contours(surface, frame, grid), *_markers(surface, frame)]
    still = 0  # runs so far drawn as "barely moved" beside the start
    for i, r in reversed(list(enumerate(results))):  # the first run is drawn last, on top
        colour = run_colour(i)
        xy = np.asarray(r["steps"]["xy"], dtype=np.float64).reshape(-1, 2)
        if len(xy) == 0:
            continue
        d = frame.path(frame.thin(xy))
        parts.append(f'<path d="{d}" fill="none" stroke="#fff" stroke-width="4" stroke-opacity="0.7"/>'
                     f'<path class="trajectory" data-run="{escape(r["run_id"])}" d="{d}" fill="none" '
                     f'stroke="{colour}" stroke-width="2"/>')
        (su, sv), (eu, ev) = frame.px(*xy[0]), frame.px(*xy[-1])
        parts.append(f'<circle cx="{su:.1f}" cy="{sv:.1f}" r="4" fill="#fff" stroke="{colour}" stroke-width="2"/>'
                     f'<circle cx="{eu:.1f}" cy="{ev:.1f}" r="4.5" fill="{colour}" stroke="#fff"/>')
        mark = _barely_moved(xy, frame, still, colour, r["run_id"])
        still += bool(mark)
        parts.append(mark)
    parts.append("</g>")
    parts += _axes(frame)
    x = LEFT
    for i, (r, label) in enumerate(zip(results, labels, strict=True)):
        verdict = t(lang, "verdict." + r["done"]["diagnosis"]["verdict"])
        text = escape(f"{label} · {verdict}")
        parts.append(f'<rect x="{x}" y="30" width="14" height="4" fill="{run_colour(i)}"/>'
                     f'<text x="{x + 18}" y="36">{text}</text>')
        x += 26 + 7 * len(text)
    parts += _caption(results, labels, lang, plot_bottom + 16)
    parts.append("</svg>")
    return "".join(parts)
