// Canvas drawing shared by the simulator's surface layer (surface.js) and the training page's plots
// (train/views/canvas.js, train/views/contour.js): contour bands, the axes frame, the minimum star.

import { rampColor } from "./levels.js";
import { PALETTE } from "./palette.js";
import { fmt } from "./format.js";

export const INK = PALETTE.ink;
export const MUTED = PALETTE.muted;

/** Stroke the current path in `color` over a wider white halo (stays readable on any band). */
export function strokeWithHalo(ctx, color, width, halo) {
  ctx.strokeStyle = "#fff";
  ctx.lineWidth = halo;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
}

/** Save the context and clip it to the plot rectangle (the caller restores). */
export function clipToPlot(ctx, plot) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
}

/** Trace a d3 contour MultiPolygon of grid c ({domain, nx, ny}) as a canvas path, through transform tr. */
export function tracePolygons(ctx, contour, c, tr) {
  const [[x0, x1], [y0, y1]] = c.domain;
  const dx = (x1 - x0) / (c.nx - 1);
  const dy = (y1 - y0) / (c.ny - 1);
  ctx.beginPath();
  for (const polygon of contour.coordinates) {
    for (const ring of polygon) {
      ring.forEach(([gx, gy], i) => {
        const px = tr.px(x0 + (gx - 0.5) * dx);
        const py = tr.py(y0 + (gy - 0.5) * dy);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.closePath();
    }
  }
}

/** Colour bands and isolines of contours c ({levels, polys, ...} or null) over the plot rectangle (not clipped). */
export function paintBands(ctx, c, tr) {
  const { plot } = tr;
  ctx.fillStyle = rampColor(0);
  ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
  if (!c) return;
  const n = c.levels.length;
  c.polys.forEach((poly, k) => {
    tracePolygons(ctx, poly, c, tr);
    ctx.fillStyle = rampColor((k + 1) / n);
    ctx.fill("evenodd");
  });
  ctx.lineWidth = 0.8;
  c.polys.forEach((poly, k) => {
    tracePolygons(ctx, poly, c, tr);
    ctx.strokeStyle = k % 4 === 3 ? PALETTE.isoline_major : PALETTE.isoline;
    ctx.stroke();
  });
}

/**
 * Frame, ticks and axis names around tr.plot. opts: {xName, yName, minTicks (per axis), xSpacing and ySpacing
 * (css pixels per tick), yNameGap (distance of the y name left of the plot)}. Leaves the styles it set on ctx.
 */
export function drawFrame(ctx, tr, opts) {
  const { plot, view } = tr;
  const [[x0, x1], [y0, y1]] = view;
  ctx.strokeStyle = PALETTE.frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width - 1, plot.height - 1);
  ctx.fillStyle = MUTED;
  ctx.font = "11px system-ui, sans-serif";
  const bottom = plot.top + plot.height;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of globalThis.d3.ticks(x0, x1, Math.max(opts.minTicks, Math.round(plot.width / opts.xSpacing)))) {
    const x = tr.px(v);
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
    ctx.stroke();
    ctx.fillText(fmt(v, 3), x, bottom + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of globalThis.d3.ticks(y0, y1, Math.max(opts.minTicks, Math.round(plot.height / opts.ySpacing)))) {
    const y = tr.py(v);
    ctx.beginPath();
    ctx.moveTo(plot.left - 4, y);
    ctx.lineTo(plot.left, y);
    ctx.stroke();
    ctx.fillText(fmt(v, 3), plot.left - 6, y);
  }
  ctx.font = "italic 13px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(opts.xName, plot.left + plot.width / 2, bottom + 32);
  ctx.save();
  ctx.translate(plot.left - opts.yNameGap, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(opts.yName, 0, 0);
  ctx.restore();
}

/** A white star with an ink rim (a minimum), radius r. */
export function drawStar(ctx, x, y, r = 8) {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.45 : r;
    ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.fillStyle = "#fff";
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1.6;
  ctx.fill();
  ctx.stroke();
}
