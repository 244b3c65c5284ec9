// The network view's data as received: per-layer facts per iteration (growable columns) and the latest network
// snapshot, keeping the last heatmaps / weight images (they come at most ~10 times a second, see
// app/web/network_feed.py). Pure: no DOM, no socket.

import { num } from "../shared/columns.js";

/** Bytes of a base64 string (the server's quantised heatmaps and weight images). */
export function decodeBytes(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Value of byte q on a [lo, hi] scale (heatmaps): lo + q/255 · (hi − lo). */
export const heatValue = (q, lo, hi) => lo + (q / 255) * (hi - lo);

/** Weight of byte q in an image of scale s: (q/127.5 − 1) · s. */
export const imageWeight = (q, s) => (q / 127.5 - 1) * s;

const METRICS = ["layer_grad_norm", "update_ratio", "inactive"];

/** Per-layer facts: for each metric one Float64Array per layer, beside the iteration numbers t. */
export class LayerSeries {
  constructor(capacity = 256) {
    this.length = 0;
    this.capacity = capacity;
    this.t = new Float64Array(capacity);
    this.layers = null; // {layer_grad_norm: [Float64Array per layer], ...}
  }

  #grow(n) {
    if (n <= this.capacity) return;
    let cap = this.capacity;
    while (cap < n) cap *= 2;
    const copy = (a) => {
      const next = new Float64Array(cap);
      next.set(a.subarray(0, this.length));
      return next;
    };
    this.t = copy(this.t);
    for (const m of METRICS) this.layers[m] = this.layers[m].map(copy);
    this.capacity = cap;
  }

  /** Append a `steps` message's per-layer columns; returns how many iterations carried them. */
  append(cols) {
    const rows = cols.layer_grad_norm;
    if (!rows || !rows.length) return 0;
    if (!this.layers) {
      this.layers = {};
      for (const m of METRICS) {
        const width = cols[m] && cols[m][0] ? cols[m][0].length : 0;
        this.layers[m] = Array.from({ length: width }, () => new Float64Array(this.capacity));
      }
    }
    const n = rows.length;
    this.#grow(this.length + n);
    for (let i = 0; i < n; i++) {
      const j = this.length + i;
      this.t[j] = num(cols.t[i]);
      for (const m of METRICS) {
        const row = cols[m] ? cols[m][i] : null;
        this.layers[m].forEach((col, l) => {
          col[j] = num(row ? row[l] : null);
        });
      }
    }
    this.length += n;
    return n;
  }

  /** [t, layer 1, layer 2, …] as filled views, for uPlot; null before any data. */
  data(metric) {
    if (!this.layers || !this.length) return null;
    return [this.t.subarray(0, this.length), ...this.layers[metric].map((c) => c.subarray(0, this.length))];
  }

  /** How many layers a metric has (hidden layers only for "inactive"). */
  width(metric) {
    return this.layers ? this.layers[metric].length : 0;
  }
}

/**
 * The latest snapshot of a run: weights, biases, units, the first test image's activations from the newest message;
 * heatmaps, images and the activations of the test images to choose from (`examples`) from the newest message that had
 * them (heatmaps and images with their own t). Returns the merged view state.
 */
export function mergeSnapshot(prev, snap) {
  if (!snap) return prev;
  const next = { ...snap, heatT: prev ? prev.heatT : null, heatUnits: prev ? prev.heatUnits : null,
    heatmaps: prev ? prev.heatmaps : null, images: prev ? prev.images : null,
    examples: snap.examples || (prev ? prev.examples : null), version: (prev ? prev.version : 0) + 1 };
  if (snap.heatmaps || snap.images) {
    next.heatT = snap.t;
    next.heatUnits = snap.units; // the units the heatmaps and images belong to (the drawn ones may change)
    next.heatmaps = snap.heatmaps ? snap.heatmaps.map((h) => ({ q: decodeBytes(h.q), lo: h.lo, hi: h.hi })) : null;
    next.images = snap.images ? { q: decodeBytes(snap.images.q), scale: snap.images.scale } : null;
  }
  return next;
}
