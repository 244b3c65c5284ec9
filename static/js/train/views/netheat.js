// The network view's neuron heatmaps (2D data): each drawn neuron's output over the input plane as a small canvas,
// made once per heatmap snapshot and kept until the next one.

import { coordinateCanvas, heatCanvas, layerKind, scaleOf } from "./netdraw.js";

/** The snapshot's heatmaps a cache entry belongs to: the run, the step they were taken at, the units drawn. */
const heatKey = (run) => `${run.id}|${run.net.heatT}|${run.net.heatUnits.map((u) => u.join(",")).join("/")}`;

/** → {get(run, l, unit) (the canvas of unit `unit` of layer l, or null), cold(run) ([l, unit] not made yet)} */
export function createHeatmaps() {
  let cache = { key: "", canvases: new Map() };
  const has = (run) => {
    const N = run && run.meta && run.meta.plan.network;
    return Boolean(run && run.net && N && N.grid && run.net.heatmaps && run.net.heatUnits);
  };

  function get(run, l, unit) {
    if (!has(run)) return null;
    const snap = run.net;
    const N = run.meta.plan.network;
    const key = heatKey(run);
    if (cache.key !== key) cache = { key, canvases: new Map() };
    const id = `${l}:${unit}`;
    if (cache.canvases.has(id)) return cache.canvases.get(id);
    const n = N.grid.shape[0];
    let c = null;
    if (l === 0) {
      c = coordinateCanvas(unit, n, N.grid.domain);
    } else {
      const idx = snap.heatUnits[l].indexOf(unit);
      const h = snap.heatmaps[l - 1];
      if (idx >= 0 && h) {
        const lo = h.lo[idx];
        const hi = h.hi[idx];
        const toS = scaleOf(layerKind(N, l, run.meta.resolved.loss), lo, hi);
        c = heatCanvas(h.q, idx * n * n, n, (q) => lo + (q / 255) * (hi - lo), toS);
      }
    }
    cache.canvases.set(id, c);
    return c;
  }

  /** [layer, unit] of every drawn neuron whose heatmap is not made yet (none without 2D heatmaps). */
  function cold(run) {
    if (!has(run)) return [];
    const made = cache.key === heatKey(run) ? cache.canvases : new Map();
    const out = [];
    run.net.units.forEach((units, l) => units.forEach((unit) => {
      if (!made.has(`${l}:${unit}`)) out.push([l, unit]);
    }));
    return out;
  }

  return { get, cold };
}
