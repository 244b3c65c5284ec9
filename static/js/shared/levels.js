// Contour levels and the colour ramp of the surface map. Pure.

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

// From low loss (pale) to high loss (deep slate blue): light enough for coloured paths to stand out.
const RAMP = [
  [255, 251, 240],
  [238, 243, 228],
  [208, 228, 222],
  [170, 203, 216],
  [132, 167, 201],
  [104, 128, 178],
  [84, 94, 148],
];

/** The ramp colour at u in [0, 1] as "rgb(r,g,b)". */
export function rampColor(u) {
  const x = Math.min(1, Math.max(0, u)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((a, k) => Math.round(a + (RAMP[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Okabe–Ito colours (colour-blind safe), in the order runs get them. */
export const RUN_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000"];
