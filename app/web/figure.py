"""A contour map with trajectories as a standalone SVG, for pages where scripts are not allowed (`<img src=...>`).

Filled bands and isolines come from contourpy; levels are log-spaced (on f − min f) when the surface asks for it or
its range is wide. Trajectories are clipped to the view box.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

import contourpy
import numpy as np

from app.core.surfaces import Surface
from app.i18n import t

# Okabe–Ito: distinguishable with every common colour-vision deficiency
RUN_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2")
# viridis at 9 evenly spaced points
_STOPS = np.array([[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129],
                   [92, 200, 99], [170, 220, 50], [253, 231, 37]], dtype=np.float64)
W, PLOT_W, LEFT, TOP, BOTTOM, RIGHT = 640, 560, 56, 56, 40, 24
LEVELS = 16


def _colour(u: float) -> str:
    """Viridis at u in [0, 1], as #rrggbb."""
    pos = min(max(u, 0.0), 1.0) * (len(_STOPS) - 1)
    i = min(int(pos), len(_STOPS) - 2)
    r, g, b = _STOPS[i] + (pos - i) * (_STOPS[i + 1] - _STOPS[i])
    return f"#{int(r):02x}{int(g):02x}{int(b):02x}"


def _ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    """Round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi]."""
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    return [round(first + k * step, 10) for k in range(int((hi - first) / step + 1e-9) + 1)]


def _levels(z: np.ndarray, log: bool) -> tuple[np.ndarray, np.ndarray]:
    """(transformed grid, level values): log10(f − min f + δ) when log-spaced, f itself otherwise."""
    lo, hi = float(z.min()), float(z.max())
    if log or (lo >= 0 and hi > 1e3 * max(lo, 1e-3)):
        delta = max((hi - lo) * 1e-6, 1e-12)
        z = np.log10(z - lo + delta)
    return z, np.linspace(float(z.min()), float(z.max()), LEVELS + 1)


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

    def path(self, pts: np.ndarray) -> str:
        return "M" + "L".join(f"{u:.1f},{v:.1f}" for u, v in (self.px(x, y) for x, y in pts))


def _contours(surface: Surface, frame: Frame, n: int) -> list[str]:
    xs, ys, z = surface.grid(n)
    z = np.ma.masked_invalid(z)  # a learner's own f may be undefined in parts of the view (log x for x ≤ 0)
    tz, levels = _levels(z, surface.log_levels)
    gen = contourpy.contour_generator(xs, ys, tz, fill_type=contourpy.FillType.OuterOffset,
                                      line_type=contourpy.LineType.Separate)
    out = []
    for k in range(LEVELS):
        points, offsets = gen.filled(levels[k], levels[k + 1])
        d = "".join(frame.path(p[o[i]:o[i + 1]]) + "Z" for p, o in zip(points, offsets, strict=True)
                    for i in range(len(o) - 1))
        if d:
            out.append(f'<path d="{d}" fill="{_colour(k / (LEVELS - 1))}" fill-rule="evenodd"/>')
    for level in levels[1:-1]:
        d = "".join(frame.path(line) for line in gen.lines(level))
        if d:
            out.append(f'<path d="{d}" fill="none" stroke="#fff" stroke-opacity="0.45" stroke-width="0.8"/>')
    return out


def _axes(frame: Frame) -> list[str]:
    out = [f'<rect x="{LEFT}" y="{TOP}" width="{frame.w}" height="{frame.h}" fill="none" stroke="#333"/>']
    base = TOP + frame.h
    for x in _ticks(frame.x0, frame.x1):
        u, _ = frame.px(x, frame.y0)
        out.append(f'<line x1="{u:.1f}" y1="{base}" x2="{u:.1f}" y2="{base + 5}" stroke="#333"/>'
                   f'<text x="{u:.1f}" y="{base + 18}" text-anchor="middle">{x:g}</text>')
    for y in _ticks(frame.y0, frame.y1):
        _, v = frame.px(frame.x0, y)
        out.append(f'<line x1="{LEFT - 5}" y1="{v:.1f}" x2="{LEFT}" y2="{v:.1f}" stroke="#333"/>'
                   f'<text x="{LEFT - 8}" y="{v + 4:.1f}" text-anchor="end">{y:g}</text>')
    out.append(f'<text x="{LEFT + frame.w / 2}" y="{base + 34}" text-anchor="middle">x0</text>'
               f'<text x="14" y="{TOP + frame.h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {TOP + frame.h / 2})">x1</text>')
    return out


def _markers(surface: Surface, frame: Frame) -> list[str]:
    out = []
    for x, y in surface.minima:
        u, v = frame.px(x, y)
        out.append(f'<path d="M{u - 5:.1f},{v - 5:.1f}L{u + 5:.1f},{v + 5:.1f}M{u - 5:.1f},{v + 5:.1f}'
                   f'L{u + 5:.1f},{v - 5:.1f}" stroke="#fff" stroke-width="2.5"/>')
    for x, y in surface.saddles:
        u, v = frame.px(x, y)
        out.append(f'<rect x="{u - 4:.1f}" y="{v - 4:.1f}" width="8" height="8" fill="none" stroke="#fff" '
                   f'stroke-width="2" transform="rotate(45 {u:.1f} {v:.1f})"/>')
    return out


def render_svg(surface: Surface, results: list[dict[str, Any]], labels: list[str], lang: str, grid: int = 120) -> str:
    """The contour map of `surface` with each result's trajectory, start and end point, and a legend."""
    frame = Frame(surface.view)
    height = TOP + frame.h + BOTTOM + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" '
             f'font-family="sans-serif" font-size="12" role="img">',
             f"<title>{escape(surface.title[lang])}: {escape(surface.formula)}</title>",
             f'<defs><clipPath id="view"><rect x="{LEFT}" y="{TOP}" width="{frame.w}" height="{frame.h}"/>'
             f"</clipPath></defs>",
             f'<text x="{LEFT}" y="18" font-size="14" font-weight="bold">{escape(surface.title[lang])} — '
             f"{escape(surface.formula)}</text>",
             '<g clip-path="url(#view)">', *_contours(surface, frame, grid), *_markers(surface, frame)]
    for i, r in reversed(list(enumerate(results))):  # the first run is drawn last, on top
        colour = RUN_COLOURS[i % len(RUN_COLOURS)]
        xy = np.asarray(r["steps"]["xy"], dtype=np.float64).reshape(-1, 2)
        if len(xy) == 0:
            continue
        d = frame.path(xy)
        parts.append(f'<path d="{d}" fill="none" stroke="#fff" stroke-width="4" stroke-opacity="0.7"/>'
                     f'<path class="trajectory" data-run="{escape(r["run_id"])}" d="{d}" fill="none" '
                     f'stroke="{colour}" stroke-width="2"/>')
        (su, sv), (eu, ev) = frame.px(*xy[0]), frame.px(*xy[-1])
        parts.append(f'<circle cx="{su:.1f}" cy="{sv:.1f}" r="4" fill="#fff" stroke="{colour}" stroke-width="2"/>'
                     f'<circle cx="{eu:.1f}" cy="{ev:.1f}" r="4.5" fill="{colour}" stroke="#fff"/>')
    parts.append("</g>")
    parts += _axes(frame)
    x = LEFT
    for i, (r, label) in enumerate(zip(results, labels, strict=True)):
        verdict = t(lang, "verdict." + r["done"]["diagnosis"]["verdict"])
        text = escape(f"{label} · {verdict}")
        parts.append(f'<rect x="{x}" y="30" width="14" height="4" fill="{RUN_COLOURS[i % len(RUN_COLOURS)]}"/>'
                     f'<text x="{x + 18}" y="36">{text}</text>')
        x += 26 + 7 * len(text)
    parts.append("</svg>")
    return "".join(parts)
