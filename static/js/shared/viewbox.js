// Zooming and panning a map's view box [[x0, x1], [y0, y1]]: the aspect ratio never changes (the plot keeps its
// size), zooming keeps the world point under the pointer fixed. Pure.

const MIN_SPAN = 1e-9;
const MAX_ABS = 1e6; // the grid endpoint's window limit

function clampBox([[x0, x1], [y0, y1]]) {
  const k = Math.max(1, (x1 - x0) / (2 * MAX_ABS), (y1 - y0) / (2 * MAX_ABS)); // never wider than the limit
  const w = (x1 - x0) / k;
  const h = (y1 - y0) / k;
  const cx = Math.min(MAX_ABS - w / 2, Math.max(-MAX_ABS + w / 2, (x0 + x1) / 2));
  const cy = Math.min(MAX_ABS - h / 2, Math.max(-MAX_ABS + h / 2, (y0 + y1) / 2));
  return [[cx - w / 2, cx + w / 2], [cy - h / 2, cy + h / 2]];
}

/** The box zoomed by `factor` (> 1 zooms in) about world point (wx, wy). */
export function zoomBox(box, factor, wx, wy) {
  const [[x0, x1], [y0, y1]] = box;
  const f = Math.max(factor, (x1 - x0) / (2 * MAX_ABS), (y1 - y0) / (2 * MAX_ABS));
  if ((x1 - x0) / f < MIN_SPAN || (y1 - y0) / f < MIN_SPAN) return box;
  return clampBox([[wx - (wx - x0) / f, wx + (x1 - wx) / f], [wy - (wy - y0) / f, wy + (y1 - wy) / f]]);
}

/** The box moved by (dx, dy) in world units. */
export function panBox(box, dx, dy) {
  const [[x0, x1], [y0, y1]] = box;
  return clampBox([[x0 + dx, x1 + dx], [y0 + dy, y1 + dy]]);
}

/**
 * The smallest box with `home`'s aspect ratio that holds every finite point (with a 10 % margin), centred on
 * them; `home` when there is no point.
 */
export function fitBox(home, points) {
  const xs = points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!xs.length) return home;
  let [lx, hx, ly, hy] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of xs) {
    lx = Math.min(lx, x);
    hx = Math.max(hx, x);
    ly = Math.min(ly, y);
    hy = Math.max(hy, y);
  }
  const aspect = (home[1][1] - home[1][0]) / (home[0][1] - home[0][0]);
  let w = Math.max((hx - lx) * 1.2, MIN_SPAN * 10);
  let h = Math.max((hy - ly) * 1.2, MIN_SPAN * 10);
  if (h / w > aspect) w = h / aspect;
  else h = w * aspect;
  const cx = (lx + hx) / 2;
  const cy = (ly + hy) / 2;
  return clampBox([[cx - w / 2, cx + w / 2], [cy - h / 2, cy + h / 2]]);
}

/** Whether two boxes are the same (to a millionth of their span). */
export function sameBox(a, b) {
  const tol = 1e-6 * Math.max(a[0][1] - a[0][0], a[1][1] - a[1][0]);
  return a.every((r, i) => Math.abs(r[0] - b[i][0]) <= tol && Math.abs(r[1] - b[i][1]) <= tol);
}
