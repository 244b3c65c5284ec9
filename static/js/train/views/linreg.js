// Linear regression (two parameters, w and b): the data with each run's current line and the least-squares
// line, and the (w, b) loss surface as contours with each run's trajectory, one point per iteration — the same
// picture as the descent page's map, so batch size 1 / 32 / full shows as a noisy or a smooth path.

import { PALETTE, runColor } from "../../shared/palette.js";
import { fitPlot } from "../../shared/geometry.js";
import { widthOf, drawAxes, drawStar, plotTransform, polyline, sizeCanvas } from "./canvas.js";
import { drawContours, gridContours } from "../../shared/contour.js";
import { clipToPlot } from "../../shared/paint.js";

const MARGIN = { left: 48, right: 12, top: 10, bottom: 40 };

function lastFinite(buf) {
  for (let i = buf.length - 1; i >= 0; i--) if (Number.isFinite(buf.w[i]) && Number.isFinite(buf.b[i])) return i;
  return -1;
}

function drawFit(canvas, runs) {
  const meta = runs[0].meta;
  const pts = meta.dataset.points.train;
  const xs = pts.x.map((p) => p[0]);
  const ys = pts.y;
  const pad = (lo, hi) => [lo - 0.08 * (hi - lo || 1), hi + 0.08 * (hi - lo || 1)];
  const view = [pad(Math.min(...xs), Math.max(...xs)), pad(Math.min(...ys), Math.max(...ys))];
  const width = Math.max(240, widthOf(canvas.parentElement));
  const height = Math.min(300, Math.max(200, width * 0.62));
  const ctx = sizeCanvas(canvas, width, height);
  const plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom };
  const tr = plotTransform(view, plot);
  clipToPlot(ctx, plot);
  ctx.fillStyle = "#fbfcfe";
  ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
  ctx.fillStyle = "rgba(61,70,90,0.55)";
  xs.forEach((x, i) => {
    ctx.beginPath();
    ctx.arc(tr.px(x), tr.py(ys[i]), 2.6, 0, 2 * Math.PI);
    ctx.fill();
  });
  const [x0, x1] = view[0];
  const line = (w, b) => {
    ctx.beginPath();
    ctx.moveTo(tr.px(x0), tr.py(w * x0 + b));
    ctx.lineTo(tr.px(x1), tr.py(w * x1 + b));
  };
  const lsq = meta.plan.least_squares;
  if (lsq && lsq.params && lsq.params.length === 2) {
    line(lsq.params[0], lsq.params[1]);
    ctx.setLineDash([6, 5]);
    ctx.strokeStyle = PALETTE.ink;
    ctx.lineWidth = 1.4;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  for (const r of runs) {
    const i = lastFinite(r.buf);
    if (i < 0) continue;
    line(r.buf.w[i], r.buf.b[i]);
    ctx.strokeStyle = runColor(r.index);
    ctx.lineWidth = 2.4;
    ctx.stroke();
  }
  ctx.restore();
  drawAxes(ctx, tr, "x", "y");
}

/** The part of the surface grid around the paths, the start and the minimum (padded, square, inside the grid). */
export function zoomView(runs, surface) {
  const [[gx0, gx1], [gy0, gy1]] = surface.grid.domain;
  let [x0, x1, y0, y1] = [surface.minimum[0], surface.minimum[0], surface.minimum[1], surface.minimum[1]];
  for (const r of runs) {
    const { buf } = r;
    for (let i = 0; i < buf.length; i++) {
      const w = buf.w[i];
      const b = buf.b[i];
      if (!Number.isFinite(w) || !Number.isFinite(b)) continue;
      x0 = Math.min(x0, w);
      x1 = Math.max(x1, w);
      y0 = Math.min(y0, b);
      y1 = Math.max(y1, b);
    }
  }
  const half = Math.max(1, 0.65 * Math.max(x1 - x0, y1 - y0));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const clamp = (lo, hi, a, b) => {
    const span = Math.min(hi - lo, b - a);
    const start = Math.min(Math.max(a, lo), hi - span);
    return [start, start + span];
  };
  return [clamp(gx0, gx1, cx - half, cx + half), clamp(gy0, gy1, cy - half, cy + half)];
}

/** The (w, b) view; contours are computed once per surface grid. */
export function createLinregView(fitCanvas, wbCanvas) {
  let contours = null;
  let contoursOf = null;
  let contoursKey = "";

  function drawWB(runs) {
    const surface = runs[0].meta.dataset.surface;
    if (!surface) return;
    const view = zoomView(runs, surface);
    const viewKey = view.flat().map((v) => v.toPrecision(3)).join(",");
    if (contoursOf !== surface.grid || contoursKey !== viewKey) {
      contours = gridContours(surface.grid, { view });
      contoursOf = surface.grid;
      contoursKey = viewKey;
    }
    const width = Math.max(240, widthOf(wbCanvas.parentElement));
    const plot = fitPlot(view, width, Math.min(420, width), MARGIN);
    const ctx = sizeCanvas(wbCanvas, width, plot.canvasHeight);
    const tr = plotTransform(view, plot);
    drawContours(ctx, contours, tr);
    clipToPlot(ctx, plot);
    ctx.lineJoin = "round";
    for (const r of runs) {
      const { buf } = r;
      const color = runColor(r.index);
      const pts = [];
      for (let i = 0; i < buf.length; i++) pts.push([tr.px(buf.w[i]), tr.py(buf.b[i])]);
      polyline(ctx, pts);
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = runs.length > 1 ? 3 : 3.6;
      ctx.globalAlpha = 0.7;
      ctx.stroke();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = color;
      ctx.lineWidth = runs.length > 1 ? 1.5 : 1.9;
      ctx.stroke();
      if (buf.length <= 400) {
        ctx.fillStyle = color;
        for (const [x, y] of pts) {
          ctx.beginPath();
          ctx.arc(x, y, 2, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      const end = lastFinite(buf);
      if (end >= 0) {
        ctx.beginPath();
        ctx.arc(tr.px(buf.w[end]), tr.py(buf.b[end]), 5, 0, 2 * Math.PI);
        ctx.fillStyle = color;
        ctx.strokeStyle = "#fff";
        ctx.lineWidth = 2;
        ctx.fill();
        ctx.stroke();
      }
    }
    const [w, b] = surface.minimum;
    drawStar(ctx, tr.px(w), tr.py(b), 8.5);
    if (runs[0].buf.length) {
      const x = tr.px(runs[0].buf.w[0]);
      const y = tr.py(runs[0].buf.b[0]);
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.moveTo(x - 9, y);
      ctx.lineTo(x + 9, y);
      ctx.moveTo(x, y - 9);
      ctx.lineTo(x, y + 9);
      ctx.strokeStyle = PALETTE.ink;
      ctx.lineWidth = 1.6;
      ctx.stroke();
    }
    ctx.restore();
    drawAxes(ctx, tr, "w", "b");
    wbCanvas.dataset.points = runs.map((r) => r.buf.length).join(",");
  }

  return {
    draw(runs) {
      const ready = runs.filter((r) => r.meta && r.meta.dataset.kind === "regression");
      if (!ready.length) return;
      drawFit(fitCanvas, ready);
      drawWB(ready);
    },
  };
}
