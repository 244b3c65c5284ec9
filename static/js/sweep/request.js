// The sweep page's settings: its URL state table, the request it sends, and the single run of a map cell. Pure.

import { stateTable } from "../shared/state.js";

/** The optimizer hyperparameter each optimizer's second map axis sweeps (lr × it). */
export const SECOND_KNOB = { momentum: "momentum", nesterov: "momentum", adam: "beta1", adamw: "beta1", rmsprop: "alpha" };
export const AXES = ["lr_momentum", "lr_steps", "start"];
export const SIDES = [64, 128, 256, 512];
export const OUTCOMES = ["converged", "diverged", "completed"];

export const SWEEP = stateTable([
  { key: "lang", type: "string", default: null },
  { key: "lesson", type: "string", default: null },
  { key: "map", type: "string", default: "sweep" }, // sweep | trainability
  { key: "surface", type: "string", default: "elongated" },
  { key: "opt", type: "string", default: "momentum" },
  { key: "axes", type: "string", default: "lr_momentum" },
  { key: "lr", type: "number", default: null }, // the start axes' learning rate; null: the surface's own
  { key: "n", type: "int", default: 128 },
  { key: "steps", type: "int", default: 300 },
  { key: "x", type: "point", default: null }, // the window: x range, y range; null: the default
  { key: "y", type: "point", default: null },
]);

/** Keep only values the catalog and the page know (mutates and returns s). */
export function normalise(s, catalog) {
  const keys = (list) => (list || []).map((x) => x.key);
  if (!["sweep", "trainability"].includes(s.map)) s.map = "sweep";
  if (!keys(catalog.surfaces).includes(s.surface)) s.surface = "elongated";
  if (!keys(catalog.optimizers).includes(s.opt)) s.opt = "momentum";
  if (!AXES.includes(s.axes)) s.axes = "lr_momentum";
  if (s.axes === "lr_momentum" && !SECOND_KNOB[s.opt]) s.axes = "lr_steps";
  if (!SIDES.includes(s.n)) s.n = 128;
  if (!(s.steps >= 1)) s.steps = 300;
  return s;
}

const range = (p) => (p && p[0] < p[1] ? [p[0], p[1]] : null);

/** The body of POST /api/v1/sweeps (or /trainability) for the page state. */
export function requestBody(s) {
  if (s.map === "trainability") {
    const body = { n: Math.min(s.n, 256), steps: s.steps };
    if (range(s.x)) body.lr1_range = range(s.x);
    if (range(s.y)) body.lr2_range = range(s.y);
    return body;
  }
  const optimizer = { name: s.opt };
  if (s.lr !== null && s.lr !== undefined) optimizer.lr = s.lr;
  const body = { surface: s.surface, axes: s.axes, optimizer, n: s.n, steps: s.steps };
  if (range(s.x)) body.x_range = range(s.x);
  if (range(s.y)) body.y_range = range(s.y);
  return body;
}

/** The lesson's own sweep request as page state. */
export function lessonState(lesson, s) {
  const b = lesson.sweep;
  return { ...s, map: "sweep", lesson: lesson.key, surface: b.surface, axes: b.axes, opt: b.optimizer.name,
    n: b.n, steps: b.steps, x: b.x_range || null, y: b.y_range || null, lr: b.optimizer.lr ?? null };
}

/**
 * The single run of cell (i, j) of a sweep map, as the main page's query: the same run the sweep computed
 * (same start, steps, tolerance and bound). meta: the stream's `meta`, level: its `level` (xs, ys).
 */
export function cellQuery(meta, level, i, j) {
  const req = meta.request;
  const q = { surface: req.surface, opt: req.optimizer.name, steps: req.steps, tol: req.grad_tol, bound: meta.bound };
  let start = meta.start;
  const x = level.xs[i];
  const y = level.ys[j];
  if (req.axes === "start") {
    start = [x, y];
    q.lr = meta.lr;
  } else {
    q.lr = x;
    if (req.axes === "lr_steps") q.steps = y;
    else q[SECOND_KNOB[req.optimizer.name]] = y;
  }
  const o = req.optimizer;
  for (const name of ["momentum", "alpha"]) if (q[name] === undefined && name in o) q[name] = o[name];
  if (q.beta1 === undefined && o.betas) q.beta1 = o.betas[0];
  if (o.betas) q.beta2 = o.betas[1];
  if (o.convention && o.convention !== "pytorch") q.conv = o.convention;
  q.start = `${start[0]},${start[1]}`;
  return new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
}

/** Which cell a point (fractions 0..1 across and up the map) falls in, on an n × n grid. */
export function cellAt(fx, fy, n) {
  const clamp = (v) => Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  return [clamp(fx), clamp(fy)];
}

/** A zoomed window: half the width and height around a value pair, on log axes (both learning rates). */
export function zoomWindow(x, y, xr, yr) {
  const half = (r, v) => {
    const w = Math.log10(r[1] / r[0]) / 4;
    return [v / 10 ** w, v * 10 ** w];
  };
  return [half(xr, x), half(yr, y)];
}
