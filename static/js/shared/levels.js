// Contour levels and the colour ramp of the surface map (its colours in palette.js). Pure.

import { PALETTE } from "./palette.js";

/** Finite min and max of an array ([NaN, NaN] when none). */
export function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/**
 * Whether the levels should be log-spaced: asked for by the surface, or most of the map sits in the lowest
 * tenth of the value range (a deep narrow valley under high walls).
 */
export function wantsLog(values, logLevels) {
  if (logLevels) return true;
  const [lo, hi] = extent(values);
  if (!(hi > lo)) return false;
  const cut = lo + 0.1 * (hi - lo);
  let low = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    n++;
    if (v <= cut) low++;
  }
  return low / n > 0.6;
}

/** `count` thresholds over the values: evenly spaced, or log-spaced above the minimum. */
export function thresholds(values, { log = false, count = 16, floor = 1e-4 } = {}) {
  const [lo, hi] = extent(values);
  if (!(hi > lo)) return [];
  const span = hi - lo;
  const out = [];
  if (log) {
    const eps = span * floor;
    const a = Math.log(eps);
    const b = Math.log(span);
    for (let i = 0; i < count; i++) out.push(lo + Math.exp(a + ((b - a) * i) / count));
  } else {
    for (let i = 1; i <= count; i++) out.push(lo + (span * i) / (count + 1));
  }
  return out;
}

const RAMP = PALETTE.ramp;

/** The ramp colour at u in [0, 1] as "rgb(r,g,b)". */
export function rampColor(u) {
  const x = Math.min(1, Math.max(0, u)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((a, k) => Math.round(a + (RAMP[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
