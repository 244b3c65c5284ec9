// Canvas helpers shared by the training views: sharp (device-pixel) sizing, axes with ticks, markers.

import { drawFrame } from "../../shared/paint.js";

export { drawStar, INK, MUTED } from "../../shared/paint.js";

const widths = new WeakMap();
let observer = null;

/** An element's content width, read once and then kept up to date by a ResizeObserver (no layout per frame). */
export function widthOf(el) {
  if (!widths.has(el)) {
    if (!observer) {
      observer = new ResizeObserver((entries) => {
        for (const e of entries) widths.set(e.target, e.contentRect.width);
      });
    }
    widths.set(el, el.clientWidth);
    observer.observe(el);
  }
  return widths.get(el);
}

/** Size a canvas to css (w × h) at the device pixel ratio; returns its 2D context in css pixels. */
export function sizeCanvas(canvas, w, h) {
  const dpr = Math.min(3, window.devicePixelRatio || 1);
  const W = Math.max(1, Math.round(w * dpr));
  const H = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W;
    canvas.height = H;
  }
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

/** A transform for any plot rectangle (x and y scaled separately; y up). */
export function plotTransform(view, plot) {
  const [[x0, x1], [y0, y1]] = view;
  const sx = plot.width / (x1 - x0 || 1);
  const sy = plot.height / (y1 - y0 || 1);
  return {
    view, plot, sx, sy,
    px: (x) => plot.left + (x - x0) * sx,
    py: (y) => plot.top + (y1 - y) * sy,
    inside: (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1,
  };
}

/** Frame, ticks and axis names around a plot (ctx's styles are restored afterwards). */
export function drawAxes(ctx, tr, xName, yName) {
  ctx.save();
  drawFrame(ctx, tr, { xName, yName, minTicks: 2, xSpacing: 70, ySpacing: 50, yNameGap: 38 });
  ctx.restore();
}

/** A polyline through pixel points [[x, y], ...] (NaN points break it). */
export function polyline(ctx, pts) {
  ctx.beginPath();
  let pen = false;
  for (const [x, y] of pts) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
}

/** Count of canvas pixels that are not (almost) one colour: a test hook for "something was drawn". */
export function paintedVariety(canvas) {
  const d = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4 * 7) seen.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
  return seen.size;
}
