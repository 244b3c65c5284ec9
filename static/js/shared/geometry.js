// Plot geometry: world <-> pixel transforms, axis ticks, clipping. Pure.

/**
 * The plot rectangle inside a canvas of css size (width × maxHeight) for a view box, keeping 1:1 aspect.
 * Returns {left, top, width, height, canvasHeight}.
 */
export function fitPlot(view, width, maxHeight, margin) {
  const [[x0, x1], [y0, y1]] = view;
  const aspect = (y1 - y0) / (x1 - x0);
  let w = Math.max(40, width - margin.left - margin.right);
  let h = w * aspect;
  const hMax = Math.max(40, maxHeight - margin.top - margin.bottom);
  if (h > hMax) {
    h = hMax;
    w = h / aspect;
  }
  const left = margin.left + Math.max(0, (width - margin.left - margin.right - w) / 2);
  return { left, top: margin.top, width: w, height: h, canvasHeight: h + margin.top + margin.bottom };
}

/** World (x, y) <-> css pixels for a view box drawn into a plot rectangle (y up on screen). */
export function makeTransform(view, plot) {
  const [[x0, x1], [y0, y1]] = view;
  const sx = plot.width / (x1 - x0);
  const sy = plot.height / (y1 - y0);
  return {
    view, plot, sx, sy,
    px: (x) => plot.left + (x - x0) * sx,
    py: (y) => plot.top + (y1 - y) * sy,
    wx: (px) => x0 + (px - plot.left) / sx,
    wy: (py) => y1 - (py - plot.top) / sy,
    inside: (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1,
  };
}

/**
 * Clip the segment (x0, y0)–(x1, y1) to the rectangle [l, r] × [t, b] (Liang–Barsky).
 * Returns [ax, ay, bx, by] or null when the segment misses the rectangle.
 */
export function clipSegment(x0, y0, x1, y1, l, t, r, b) {
  let u0 = 0;
  let u1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const edges = [[-dx, x0 - l], [dx, r - x0], [-dy, y0 - t], [dy, b - y0]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const u = q / p;
      if (p < 0) {
        if (u > u1) return null;
        if (u > u0) u0 = u;
      } else {
        if (u < u0) return null;
        if (u < u1) u1 = u;
      }
    }
  }
  return [x0 + u0 * dx, y0 + u0 * dy, x0 + u1 * dx, y0 + u1 * dy];
}

/**
 * Where the ray from the rectangle's centre towards (x, y) leaves the rectangle (for an off-map marker).
 * Returns {x, y, angle} in the same (pixel) coordinates.
 */
export function edgePoint(x, y, l, t, r, b, inset = 0) {
  const cx = (l + r) / 2;
  const cy = (t + b) / 2;
  const dx = x - cx;
  const dy = y - cy;
  const hx = (r - l) / 2 - inset;
  const hy = (b - t) / 2 - inset;
  const k = Math.max(Math.abs(dx) / hx, Math.abs(dy) / hy) || 1;
  return { x: cx + dx / k, y: cy + dy / k, angle: Math.atan2(dy, dx) };
}

/** Arrow length in pixels for a vector of size `norm`, relative to a reference size (clamped). */
export function arrowLength(norm, ref, full = 60, min = 10, max = 90) {
  if (!(norm > 0) || !(ref > 0)) return 0;
  return Math.min(max, Math.max(min, (full * norm) / ref));
}
