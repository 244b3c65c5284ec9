// The trajectory layer: each run's path (clipped to the view), its current point, the negative-gradient and
// velocity arrows, an edge marker when the run has left the map, and the chosen start point.

import { arrowLength, clipSegment, edgePoint } from "../../shared/geometry.js";
import { PALETTE } from "../../shared/palette.js";

const HALO = "rgba(255,255,255,0.9)";
const INK = PALETTE.ink;

function arrow(ctx, x, y, dx, dy, len, color, dashed) {
  const d = Math.hypot(dx, dy);
  if (!(d > 0) || !(len > 0)) return;
  const ux = dx / d;
  const uy = dy / d;
  const ex = x + ux * len;
  const ey = y + uy * len;
  const head = Math.min(9, len * 0.45);
  const path = () => {
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(ex - ux * head * 0.6, ey - uy * head * 0.6);
  };
  const tip = () => {
    ctx.beginPath();
    ctx.moveTo(ex, ey);
    ctx.lineTo(ex - ux * head - uy * head * 0.5, ey - uy * head + ux * head * 0.5);
    ctx.lineTo(ex - ux * head + uy * head * 0.5, ey - uy * head - ux * head * 0.5);
    ctx.closePath();
  };
  ctx.setLineDash([]);
  ctx.strokeStyle = HALO;
  ctx.lineWidth = 5;
  path();
  ctx.stroke();
  tip();
  ctx.lineWidth = 3;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  if (dashed) ctx.setLineDash([4, 3]);
  path();
  ctx.stroke();
  ctx.setLineDash([]);
  tip();
  ctx.fill();
}

function tracePath(ctx, buf, tr, box) {
  const { x, y, length } = buf;
  const [l, t, r, b] = box;
  let px0 = NaN;
  let py0 = NaN;
  let ex = NaN; // where the path so far ends
  let ey = NaN;
  ctx.beginPath();
  for (let i = 0; i < length; i++) {
    const px = tr.px(x[i]);
    const py = tr.py(y[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      px0 = NaN;
      continue;
    }
    if (Number.isFinite(px0)) {
      const inside = px >= l && px <= r && py >= t && py <= b && px0 >= l && px0 <= r && py0 >= t && py0 <= b;
      // a move of under half a pixel changes nothing on screen: merge it into the next segment
      if (inside && i < length - 1 && Math.abs(px - px0) < 0.5 && Math.abs(py - py0) < 0.5) continue;
      const seg = inside ? [px0, py0, px, py] : clipSegment(px0, py0, px, py, l, t, r, b);
      if (seg) {
        if (seg[0] !== ex || seg[1] !== ey) ctx.moveTo(seg[0], seg[1]);
        ctx.lineTo(seg[2], seg[3]);
        ex = seg[2];
        ey = seg[3];
      }
    }
    px0 = px;
    py0 = py;
  }
}

function lastFinite(buf) {
  for (let i = buf.length - 1; i >= 0; i--) if (Number.isFinite(buf.x[i]) && Number.isFinite(buf.y[i])) return i;
  return -1;
}

function firstPositive(col, length) {
  for (let i = 0; i < length; i++) if (col[i] > 0) return col[i];
  return NaN;
}

function velocityPeak(buf) {
  let m = 0;
  for (let i = 0; i < buf.length; i++) {
    const v = Math.hypot(buf.vx[i], buf.vy[i]);
    if (v > m) m = v;
  }
  return m;
}

/** Stroke the current path twice: a white halo of width `halo` under the run's colour at `width`. */
function haloStroke(ctx, color, halo, width) {
  ctx.strokeStyle = HALO;
  ctx.lineWidth = halo;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
}

/** One run's path and dots; returns how many records went into it (all; non-finite ones break the line). */
function drawPath(ctx, run, tr, color) {
  const { buf } = run;
  const { plot } = tr;
  const box = [plot.left - 2, plot.top - 2, plot.left + plot.width + 2, plot.top + plot.height + 2];
  tracePath(ctx, buf, tr, box);
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  haloStroke(ctx, color, 4.5, 2);
  if (buf.length <= 400) {
    ctx.fillStyle = color;
    ctx.beginPath();
    for (let i = 0; i < buf.length; i++) {
      if (!tr.inside(buf.x[i], buf.y[i])) continue;
      const px = tr.px(buf.x[i]);
      const py = tr.py(buf.y[i]);
      ctx.moveTo(px + 2.2, py);
      ctx.arc(px, py, 2.2, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  return buf.length;
}

/**
 * Where a run first left the view and how many of its records lie outside it: {x, y (px, on the edge), off},
 * or null while it stays inside.
 */
export function exitOf(buf, tr) {
  let exit = null;
  let off = 0;
  const { plot } = tr;
  for (let i = 0; i < buf.length; i++) {
    const x = buf.x[i];
    const y = buf.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (tr.inside(x, y)) continue;
    off += 1;
    if (exit === null && i > 0 && tr.inside(buf.x[i - 1], buf.y[i - 1])) {
      const seg = clipSegment(tr.px(buf.x[i - 1]), tr.py(buf.y[i - 1]), tr.px(x), tr.py(y),
        plot.left, plot.top, plot.left + plot.width, plot.top + plot.height);
      if (seg) exit = { x: seg[2], y: seg[3], t: buf.t ? buf.t[i] : i };
    }
  }
  return off ? { ...(exit || { x: NaN, y: NaN, t: NaN }), off } : null;
}

/** A ring where the path left the view, and "n off the map" beside the edge marker. */
function drawExit(ctx, run, tr, color, offText) {
  const e = exitOf(run.buf, tr);
  if (!e) return;
  if (Number.isFinite(e.x)) {
    ctx.beginPath();
    ctx.arc(e.x, e.y, 6, 0, 2 * Math.PI);
    haloStroke(ctx, color, 5, 2.2);
  }
  if (!offText) return;
  const i = lastFinite(run.buf);
  if (i < 0 || tr.inside(run.buf.x[i], run.buf.y[i])) return;
  const { plot } = tr;
  const p = edgePoint(tr.px(run.buf.x[i]), tr.py(run.buf.y[i]), plot.left, plot.top, plot.left + plot.width,
    plot.top + plot.height, 30);
  const text = offText(e.off);
  ctx.font = "600 12px system-ui, sans-serif";
  const w = ctx.measureText(text).width;
  const x = Math.min(plot.left + plot.width - w - 4, Math.max(plot.left + 4, p.x - w / 2));
  const y = Math.min(plot.top + plot.height - 6, Math.max(plot.top + 14, p.y + 4));
  ctx.lineWidth = 4;
  ctx.strokeStyle = HALO;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

/** The run's head: current point with its arrows, or an edge marker when it has left the map. */
function drawHead(ctx, run, tr, color, showArrows) {
  const { buf } = run;
  const { plot } = tr;
  const i = lastFinite(buf);
  if (i < 0) return;
  const cx = tr.px(buf.x[i]);
  const cy = tr.py(buf.y[i]);
  if (tr.inside(buf.x[i], buf.y[i])) {
    if (showArrows) {
      const g = Math.hypot(buf.gx[i], buf.gy[i]);
      arrow(ctx, cx, cy, -buf.gx[i] * tr.sx, buf.gy[i] * tr.sy, arrowLength(g, firstPositive(buf.gnorm, buf.length)),
        INK, false);
      if (buf.hasVelocity) {
        const book = run.meta && run.meta.config && run.meta.config.optimizer.convention === "book";
        const sign = book ? 1 : -1;
        const v = Math.hypot(buf.vx[i], buf.vy[i]);
        arrow(ctx, cx, cy, sign * buf.vx[i] * tr.sx, -sign * buf.vy[i] * tr.sy, arrowLength(v, velocityPeak(buf)),
          color, true);
      }
    }
    ctx.beginPath();
    ctx.arc(cx, cy, 5.5, 0, 2 * Math.PI);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 2;
    ctx.stroke();
  } else {
    const e = edgePoint(cx, cy, plot.left, plot.top, plot.left + plot.width, plot.top + plot.height, 12);
    ctx.save();
    ctx.translate(e.x, e.y);
    ctx.rotate(e.angle);
    ctx.beginPath();
    ctx.moveTo(10, 0);
    ctx.lineTo(-6, -8);
    ctx.lineTo(-2, 0);
    ctx.lineTo(-6, 8);
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.fill();
    ctx.restore();
  }
}

/** The chosen start point: a hollow ring with a cross. */
function drawStart(ctx, tr, start) {
  if (!start || !tr.inside(start[0], start[1])) return;
  const x = tr.px(start[0]);
  const y = tr.py(start[1]);
  ctx.setLineDash([]);
  for (const [style, w] of [[HALO, 4.5], [INK, 1.8]]) {
    ctx.strokeStyle = style;
    ctx.lineWidth = w;
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.moveTo(x - 12, y);
    ctx.lineTo(x - 4, y);
    ctx.moveTo(x + 4, y);
    ctx.lineTo(x + 12, y);
    ctx.moveTo(x, y - 12);
    ctx.lineTo(x, y - 4);
    ctx.moveTo(x, y + 4);
    ctx.lineTo(x, y + 12);
    ctx.stroke();
  }
}

/** A finished run's counterfactual path (the run the diagnosis tried), dashed in the run's colour. */
function drawGhost(ctx, run, tr, color) {
  const cf = run.done && run.done.diagnosis.counterfactual;
  const xy = cf && cf.trace && cf.trace.xy;
  if (!xy || xy.length < 2) return false;
  const { plot } = tr;
  const box = [plot.left - 2, plot.top - 2, plot.left + plot.width + 2, plot.top + plot.height + 2];
  tracePath(ctx, { x: xy.map((p) => p[0]), y: xy.map((p) => p[1]), length: xy.length }, tr, box);
  ctx.lineJoin = "round";
  ctx.setLineDash([6, 5]);
  ctx.strokeStyle = HALO;
  ctx.lineWidth = 3.5;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.globalAlpha = 0.8;
  ctx.lineWidth = 1.8;
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  return true;
}

/** A run seen only up to step k (its records with t ≤ k): for the time scrubber. */
function upToStep(run, k) {
  const { buf } = run;
  let n = 0;
  while (n < buf.length && buf.t[n] <= k) n += 1;
  return { ...run, buf: { x: buf.x, y: buf.y, gx: buf.gx, gy: buf.gy, vx: buf.vx, vy: buf.vy, gnorm: buf.gnorm,
    t: buf.t, hasVelocity: buf.hasVelocity, length: n } };
}

/**
 * The ghost's steps as hollow dots, drawn above every path: on the bowl a tried run lies on the same line through
 * the minimum as the learner's run, so its dashed line alone is hidden under the solid one.
 */
function drawGhostSteps(ctx, run, tr, color) {
  const cf = run.done && run.done.diagnosis.counterfactual;
  const xy = cf && cf.trace && cf.trace.xy;
  if (!xy || xy.length < 2 || xy.length > 400) return;
  ctx.setLineDash([]);
  ctx.beginPath();
  for (const [x, y] of xy) {
    if (!tr.inside(x, y)) continue;
    const px = tr.px(x);
    const py = tr.py(y);
    ctx.moveTo(px + 3.2, py);
    ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
  }
  ctx.fillStyle = HALO;
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.4;
  ctx.stroke();
}

/**
 * Redraw the whole layer (hidden runs left out), counterfactual ghosts' lines underneath and their steps above the
 * paths; returns {drawn: {runId: records}, ghosts}.
 */
export function drawTrajectories(ctx, all, tr, { start, color, offText = null, upTo = null }) {
  const runs = all.filter((r) => !r.hidden).map((r) => (upTo === null ? r : upToStep(r, upTo)));
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.restore();
  const { plot } = tr;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left - 1, plot.top - 1, plot.width + 2, plot.height + 2);
  ctx.clip();
  drawStart(ctx, tr, start);
  const drawn = {};
  let ghosts = 0;
  for (const run of runs) ghosts += drawGhost(ctx, run, tr, color(run.index)) ? 1 : 0;
  const showArrows = runs.length <= 3;
  // the first run ends up on top: later runs (often the wild ones) must not hide it
  for (let k = runs.length - 1; k >= 0; k--) {
    const run = runs[k];
    drawn[run.id] = drawPath(ctx, run, tr, color(run.index));
  }
  for (const run of runs) drawGhostSteps(ctx, run, tr, color(run.index));
  for (let k = runs.length - 1; k >= 0; k--) {
    const run = runs[k];
    drawHead(ctx, run, tr, color(run.index), showArrows);
    drawExit(ctx, run, tr, color(run.index), offText);
  }
  ctx.restore();
  return { drawn, ghosts };
}

const OVERLAY_COLORS = { gradient: "#1f2a44", momentum: "#d9480f", scaled_gradient: "#1f2a44", adam_step: "#2f6fdf",
  weight_decay: "#868e96" };

/**
 * The terms of one update drawn at their true length from x_t, tip to tail (their sum ends at x_{t+1}):
 * arrows [{name, from: [x, y], vector: [dx, dy]}].
 */
export function drawOverlay(ctx, arrows, tr) {
  if (!arrows || !arrows.length) return;
  let [x, y] = arrows[0].from;
  ctx.save();
  const { plot } = tr;
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  for (const a of arrows) {
    const px = tr.px(x);
    const py = tr.py(y);
    const dx = a.vector[0] * tr.sx;
    const dy = -a.vector[1] * tr.sy;
    arrow(ctx, px, py, dx, dy, Math.hypot(dx, dy), OVERLAY_COLORS[a.name] || INK, a.name === "momentum");
    x += a.vector[0];
    y += a.vector[1];
  }
  ctx.restore();
}

/** The record nearest to pixel (px, py) within `radius` pixels: {run, index} or null. */
export function nearest(runs, tr, px, py, radius = 12) {
  let best = null;
  let bestD = radius * radius;
  for (const run of runs) {
    const { x, y, length } = run.buf;
    for (let i = 0; i < length; i++) {
      if (!tr.inside(x[i], y[i])) continue;
      const dx = tr.px(x[i]) - px;
      const dy = tr.py(y[i]) - py;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = { run, index: i };
      }
    }
  }
  return best;
}
