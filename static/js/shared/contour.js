// Filled contour maps of server grids ({shape, domain, values}, row 0 = bottom) on a canvas: the (w, b) loss
// surface of linear regression and the PCA loss landscape. Levels and colours are the simulator's.

import { thresholds, wantsLog } from "./levels.js";
import { paintBands, tracePolygons } from "./paint.js";

/**
 * Contours of a grid (d3-contour), or null when the grid is missing or flat. With a view [[x0, x1], [y0, y1]],
 * the levels are spread over the values inside it (for a zoomed picture).
 */
export function gridContours(grid, view = null) {
  if (!grid || !grid.values || !grid.values.length || !globalThis.d3) return null;
  const [ny, nx] = grid.shape;
  const values = grid.values.map((v) => (v === null ? NaN : v));
  let sample = values;
  if (view) {
    const [[gx0, gx1], [gy0, gy1]] = grid.domain;
    const [[x0, x1], [y0, y1]] = view;
    sample = values.filter((v, k) => {
      const x = gx0 + ((k % nx) / (nx - 1)) * (gx1 - gx0);
      const y = gy0 + (Math.floor(k / nx) / (ny - 1)) * (gy1 - gy0);
      return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    });
    if (sample.length < 4) sample = values;
  }
  const levels = thresholds(sample, { log: wantsLog(sample, false), count: 14 });
  if (!levels.length) return null;
  const gen = globalThis.d3.contours().size([nx, ny]).smooth(true);
  return { levels, polys: levels.map((lv) => gen.contour(values, lv)), nx, ny, domain: grid.domain };
}

/** Trace a d3 contour MultiPolygon of grid c ({domain, nx, ny}) as a canvas path. */
export const trace = tracePolygons;

/** Colour bands and isolines inside the plot rectangle. */
export function drawContours(ctx, c, tr) {
  const { plot } = tr;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  paintBands(ctx, c, tr);
  ctx.restore();
}
