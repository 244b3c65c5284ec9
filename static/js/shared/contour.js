// The one d3-contour setup: filled contour bands of server grids ({shape: [ny, nx], domain, values}, row 0 =
// bottom) for the simulator's surface map, the (w, b) loss surface of linear regression and the PCA loss
// landscape, and single isolines (the 0.5 decision line). Levels from levels.js, colours from palette.js.

import { thresholds, wantsLog } from "./levels.js";
import { clipToPlot, paintBands, tracePolygons } from "./paint.js";

const gridValues = (grid) => grid.values.map((v) => (v === null ? NaN : v));
const generator = (nx, ny) => globalThis.d3.contours().size([nx, ny]).smooth(true);

/** The values of a grid that lie inside view [[x0, x1], [y0, y1]] (all of them when fewer than four do). */
function insideView(values, grid, view) {
  const [ny, nx] = grid.shape;
  const [[gx0, gx1], [gy0, gy1]] = grid.domain;
  const [[x0, x1], [y0, y1]] = view;
  const inside = values.filter((v, k) => {
    const x = gx0 + ((k % nx) / (nx - 1)) * (gx1 - gx0);
    const y = gy0 + (Math.floor(k / nx) / (ny - 1)) * (gy1 - gy0);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
  });
  return inside.length < 4 ? values : inside;
}

/**
 * Contours of a grid: {levels, polys, nx, ny, domain}, or null when the grid is missing or flat. opts: {count
 * (levels), logLevels (the surface asks for log-spaced levels), view (spread the levels over the values inside it,
 * for a zoomed picture)}.
 */
export function gridContours(grid, { count = 14, logLevels = false, view = null } = {}) {
  if (!grid || !grid.values || !grid.values.length || !globalThis.d3) return null;
  const [ny, nx] = grid.shape;
  const values = gridValues(grid);
  const sample = view ? insideView(values, grid, view) : values;
  const levels = thresholds(sample, { log: wantsLog(sample, logLevels), count });
  if (!levels.length) return null;
  const gen = generator(nx, ny);
  return { levels, polys: levels.map((lv) => gen.contour(values, lv)), nx, ny, domain: grid.domain };
}

/** Trace the isoline of a grid at `level` as a canvas path through transform tr. */
export function traceIsoline(ctx, grid, level, tr) {
  const [ny, nx] = grid.shape;
  tracePolygons(ctx, generator(nx, ny).contour(gridValues(grid), level), { domain: grid.domain, nx, ny }, tr);
}

/** Colour bands and isolines inside the plot rectangle, then `inside()` (marks) under the same clip. */
export function drawContours(ctx, c, tr, inside = null) {
  clipToPlot(ctx, tr.plot);
  paintBands(ctx, c, tr);
  if (inside) inside();
  ctx.restore();
}
