// The surface layer: filled colour bands and isolines (d3-contour on the server's grid), minima, saddle
// points, axes. Redrawn only when the surface or the layout changes.

import { drawContours } from "../../shared/contour.js";
import { drawFrame, drawStar, INK, strokeWithHalo } from "../../shared/paint.js";

const AXES = { xName: "x₀", yName: "x₁", minTicks: 3, xSpacing: 70, ySpacing: 55, yNameGap: 36 };

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
    strokeWithHalo(ctx, INK, 2.2, 5);
  }
  for (const [x, y] of surface.minima || []) {
    if (!tr.inside(x, y)) continue;
    drawStar(ctx, tr.px(x), tr.py(y), 8.5);
  }
}

/** Draw the whole base layer for a surface (its contours precomputed) with transform tr. */
export function drawSurface(ctx, surface, contours, tr) {
  const width = ctx.canvas.width;
  const height = ctx.canvas.height;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.restore();
  drawContours(ctx, contours, tr, () => drawMarks(ctx, surface, tr));
  drawFrame(ctx, tr, AXES);
}
