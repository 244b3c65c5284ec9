// The surface layer: filled colour bands and isolines (d3-contour on the server's grid), minima, saddle
// points, axes. Redrawn only when the surface or the layout changes.

import { drawContours } from "../../shared/contour.js";
import { drawFrame, drawStar, INK, strokeWithHalo } from "../../shared/paint.js";
import { PALETTE } from "../../shared/palette.js";

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

/** Cells where f is not defined (null in the grid of your own f): grey with a hatch, so they never read as low. */
export function drawUndefined(ctx, grid, tr) {
  if (!grid || !grid.values.includes(null)) return;
  const [ny, nx] = grid.shape;
  const [[x0, x1], [y0, y1]] = grid.domain;
  const dx = (x1 - x0) / (nx - 1);
  const dy = (y1 - y0) / (ny - 1);
  ctx.beginPath();
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (grid.values[j * nx + i] !== null) continue;
      let k = i;
      while (k + 1 < nx && grid.values[j * nx + k + 1] === null) k++;
      const left = tr.px(x0 + (i - 0.5) * dx);
      const top = tr.py(y0 + (j + 0.5) * dy);
      ctx.rect(left, top, tr.px(x0 + (k + 0.5) * dx) - left, tr.py(y0 + (j - 0.5) * dy) - top);
      i = k;
    }
  }
  ctx.save();
  ctx.fillStyle = PALETTE.grid;
  ctx.fill();
  ctx.clip();
  ctx.beginPath();
  const { left, top, width, height } = tr.plot;
  for (let d = -height; d < width; d += 8) {
    ctx.moveTo(left + d, top + height);
    ctx.lineTo(left + d + height, top);
  }
  ctx.strokeStyle = PALETTE.frame;
  ctx.lineWidth = 0.6;
  ctx.stroke();
  ctx.restore();
}

/** Draw the whole base layer for a surface (its contours precomputed) with transform tr. */
export function drawSurface(ctx, surface, contours, tr) {
  const width = ctx.canvas.width;
  const height = ctx.canvas.height;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.restore();
  drawContours(ctx, contours, tr, () => {
    drawUndefined(ctx, surface.grid, tr);
    drawMarks(ctx, surface, tr);
  });
  drawFrame(ctx, tr, AXES);
}
