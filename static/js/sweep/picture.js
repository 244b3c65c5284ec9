// The map picture: every cell coloured by how its run ended, axes with ticks, the lesson's runs as markers.

import { fmt } from "../shared/format.js";
import { PALETTE } from "../shared/palette.js";

export const PAD = { left: 58, right: 12, top: 10, bottom: 44 };
const CLASSES = PALETTE.classes;

function mix(a, b, f) {
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f));
}

function hexRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * The colour of one cell: converged blue, diverged red, still going grey, deep when it ended early
 * (f = k / steps); on a basins map a converged cell takes its minimum's colour.
 */
export function cellColour(reason, k, steps, minimum, basins) {
  const f = Math.min(1, Math.sqrt(k / Math.max(1, steps)));
  if (basins && minimum >= 0 && reason !== 1) {
    const hue = hexRgb(CLASSES[minimum % CLASSES.length]);
    return mix(hue, [255, 255, 255], reason === 0 ? 0.55 * f : 0.7);
  }
  const [fast, slow] = PALETTE.outcomes[["converged", "diverged", "completed"][reason]];
  return mix(fast, slow, reason === 2 ? 0.5 : f);
}

/** The plot's box inside a canvas of css size w × h. */
export function plotBox(w, h) {
  return { x: PAD.left, y: PAD.top, w: w - PAD.left - PAD.right, h: h - PAD.top - PAD.bottom };
}

/** Fill an offscreen canvas of n × n pixels from a level's cells (row 0 = bottom row). */
export function paintCells(img, n, cells, steps, basins) {
  const data = img.data;
  for (let j = 0; j < n; j += 1) {
    for (let i = 0; i < n; i += 1) {
      const c = j * n + i;
      if (!cells.known[c]) continue;
      const [r, g, b] = cellColour(cells.reason[c], cells.k[c], steps, cells.minimum ? cells.minimum[c] : -1,
        basins);
      const p = ((n - 1 - j) * n + i) * 4;
      data[p] = r;
      data[p + 1] = g;
      data[p + 2] = b;
      data[p + 3] = 255;
    }
  }
}

/** Where value v falls across an axis [lo, hi] (0..1), log or linear. */
export function frac(v, lo, hi, log) {
  return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
}

function ticks(lo, hi, log) {
  if (log) {
    const out = [];
    for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e += 1) out.push(10 ** e);
    if (out.length >= 2) return out;
    return [lo, Math.sqrt(lo * hi), hi];
  }
  const raw = (hi - lo) / 4;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * unit).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Axes, ticks and labels around the plot box. */
export function drawAxes(ctx, box, axes, labels) {
  ctx.save();
  ctx.strokeStyle = PALETTE.frame;
  ctx.fillStyle = PALETTE.ink;
  ctx.font = "12px system-ui, sans-serif";
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of ticks(axes.x[0], axes.x[1], axes.xLog)) {
    const px = box.x + frac(v, axes.x[0], axes.x[1], axes.xLog) * box.w;
    ctx.fillRect(px, box.y + box.h, 1, 4);
    ctx.fillText(fmt(v, 3), px, box.y + box.h + 6);
  }
  ctx.fillText(labels.x, box.x + box.w / 2, box.y + box.h + 24);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of ticks(axes.y[0], axes.y[1], axes.yLog)) {
    const py = box.y + box.h - frac(v, axes.y[0], axes.y[1], axes.yLog) * box.h;
    ctx.fillRect(box.x - 4, py, 4, 1);
    ctx.fillText(fmt(v, 3), box.x - 6, py);
  }
  ctx.translate(14, box.y + box.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
}

/** A marker (ring with a halo) at value pair (x, y) in run colour `colour`, labelled. */
export function drawMarker(ctx, box, axes, x, y, colour, label) {
  const px = box.x + frac(x, axes.x[0], axes.x[1], axes.xLog) * box.w;
  const py = box.y + box.h - frac(y, axes.y[0], axes.y[1], axes.yLog) * box.h;
  ctx.save();
  ctx.lineWidth = 5;
  ctx.strokeStyle = "#fff";
  ctx.beginPath();
  ctx.arc(px, py, 7, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = colour;
  ctx.stroke();
  ctx.font = "bold 12px system-ui, sans-serif";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "#fff";
  ctx.strokeText(label, px + 10, py - 8);
  ctx.fillStyle = colour;
  ctx.fillText(label, px + 10, py - 8);
  ctx.restore();
  return [px, py];
}
