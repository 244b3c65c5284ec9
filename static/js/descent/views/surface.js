// The surface layer: filled colour bands and isolines (d3-contour on the server's grid), minima, saddle
// points, axes. Redrawn only when the surface or the layout changes.

import { thresholds, wantsLog } from "../../shared/levels.js";
import { drawFrame, drawStar, INK, paintBands } from "../../shared/paint.js";

const AXES = { xName: "x₀", yName: "x₁", minTicks: 3, xSpacing: 70, ySpacing: 55, yNameGap: 36 };

/** Contours of a grid {shape:[ny,nx], domain, values} (row 0 = bottom), in grid coordinates. */
export function computeContours(grid, logLevels) {
  const [ny, nx] = grid.shape;
  const values = grid.values.map((v) => (v === null ? NaN : v));
  const levels = thresholds(values, { log: wantsLog(values, logLevels), count: 16 });
  const gen = globalThis.d3.contours().size([nx, ny]).smooth(true);
  return { levels, polys: levels.map((lv) => gen.contour(values, lv)), nx, ny, domain: grid.domain };
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
    drawStar(ctx, tr.px(x), tr.py(y), 8.5);
  }
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
  paintBands(ctx, contours, tr);
  drawMarks(ctx, surface, tr);
  ctx.restore();
  drawFrame(ctx, tr, AXES);
}
