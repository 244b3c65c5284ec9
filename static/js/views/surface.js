// The surface layer: filled colour bands and isolines (d3-contour on the server's grid), minima, saddle
// points, axes. Redrawn only when the surface or the layout changes.

import { rampColor, thresholds, wantsLog } from "./levels.js";
import { ticks } from "./geometry.js";
import { fmt } from "../format.js";

const INK = "#1b2333";

/** Contours of a grid {shape:[ny,nx], domain, values} (row 0 = bottom), in grid coordinates. */
export function computeContours(grid, logLevels) {
  const [ny, nx] = grid.shape;
  const values = grid.values.map((v) => (v === null ? NaN : v));
  const levels = thresholds(values, { log: wantsLog(values, logLevels), count: 16 });
  const gen = globalThis.d3.contours().size([nx, ny]).smooth(true);
  return { levels, polys: levels.map((lv) => gen.contour(values, lv)), nx, ny, domain: grid.domain };
}

function tracePolygons(ctx, contour, c, tr) {
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

function star(ctx, x, y, r) {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.45 : r;
    ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  ctx.closePath();
}

function cross(ctx, x, y, r) {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
}

/** Stars on the minima, crosses on the saddle points. */
export function drawMarks(ctx, surface, tr) {
  ctx.lineJoin = "round";
  for (const [x, y] of surface.saddles || []) {
    if (!tr.inside(x, y)) continue;
    cross(ctx, tr.px(x), tr.py(y), 6);
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 5;
    ctx.stroke();
    ctx.strokeStyle = INK;
    ctx.lineWidth = 2.2;
    ctx.stroke();
  }
  for (const [x, y] of surface.minima || []) {
    if (!tr.inside(x, y)) continue;
    star(ctx, tr.px(x), tr.py(y), 8.5);
    ctx.fillStyle = "#fff";
    ctx.strokeStyle = INK;
    ctx.lineWidth = 1.6;
    ctx.fill();
    ctx.stroke();
  }
}

function drawAxes(ctx, tr) {
  const { plot, view } = tr;
  const [[x0, x1], [y0, y1]] = view;
  ctx.strokeStyle = "#55607a";
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width - 1, plot.height - 1);
  ctx.fillStyle = "#3d465a";
  ctx.font = "11px system-ui, sans-serif";
  const bottom = plot.top + plot.height;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of ticks(x0, x1, Math.max(3, Math.round(plot.width / 70)))) {
    const x = tr.px(v);
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
    ctx.stroke();
    ctx.fillText(fmt(v, 3), x, bottom + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of ticks(y0, y1, Math.max(3, Math.round(plot.height / 55)))) {
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
  ctx.fillText("x₀", plot.left + plot.width / 2, bottom + 32);
  ctx.save();
  ctx.translate(plot.left - 36, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText("x₁", 0, 0);
  ctx.restore();
}

/** Draw the whole base layer for a surface (its contours precomputed) with transform tr. */
export function drawSurface(ctx, surface, contours, tr) {
  const { plot } = tr;
  const width = ctx.canvas.width;
  const height = ctx.canvas.height;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.restore();
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  const n = contours ? contours.levels.length : 0;
  ctx.fillStyle = rampColor(0);
  ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
  if (contours) {
    contours.polys.forEach((poly, k) => {
      tracePolygons(ctx, poly, contours, tr);
      ctx.fillStyle = rampColor((k + 1) / n);
      ctx.fill("evenodd");
    });
    ctx.lineWidth = 0.8;
    contours.polys.forEach((poly, k) => {
      tracePolygons(ctx, poly, contours, tr);
      ctx.strokeStyle = k % 4 === 3 ? "rgba(27,35,51,0.45)" : "rgba(27,35,51,0.22)";
      ctx.stroke();
    });
  }
  drawMarks(ctx, surface, tr);
  ctx.restore();
  drawAxes(ctx, tr);
}
