// Painting pieces of the network view: the diverging palette for signed values, unit heatmaps and weight images
// as small offscreen canvases. Values map low → blue, 0 (or ½ for probabilities) → white, high → orange: the same
// colour-blind-safe pair as the classes and the decision boundary.

import { PALETTE } from "../../shared/palette.js";

function rgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const NEG = rgb(PALETTE.classes[0]);
const POS = rgb(PALETTE.classes[1]);

/** [r, g, b] for s in [−1, 1]: blue below 0, orange above, white at 0 (clipped). */
export function diverging(s) {
  const k = Math.min(1, Math.abs(Number.isFinite(s) ? s : 0));
  const [r, g, b] = s < 0 ? NEG : POS;
  return [Math.round(255 + (r - 255) * k), Math.round(255 + (g - 255) * k), Math.round(255 + (b - 255) * k)];
}

/** diverging(2k/255 − 1) for bytes k = 0..255, as [r, g, b] triples in one array (a lookup table). */
const BYTE_LUT = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) lut.set(diverging((2 * k) / 255 - 1), 3 * k);
  return lut;
})();

export const css = ([r, g, b], a = 1) => (a >= 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${a})`);

/**
 * How a unit's value becomes s in [−1, 1]: "prob" (sigmoid units, class probabilities) 2v − 1; "signed" (tanh,
 * raw outputs) v / max(|lo|, |hi|); "positive" (relu) v / hi.
 */
export function scaleOf(kind, lo, hi) {
  if (kind === "prob") return (v) => 2 * v - 1;
  if (kind === "positive") return (v) => (hi > 0 ? v / hi : 0);
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  return (v) => v / m;
}

/** The value kind of layer l (1..L) of a net: see scaleOf. */
export function layerKind(net, l, loss) {
  const last = l === net.sizes.length - 1;
  if (last) return loss === "cross_entropy" ? "prob" : "signed";
  return net.activation === "sigmoid" ? "prob" : net.activation === "relu" ? "positive" : "signed";
}

/**
 * An n × n canvas (or `into`, resized) of bytes q[offset …] (row 0 = bottom row of the plane unless !flipY)
 * coloured by toS(value). The colour of each of the 256 bytes is computed once.
 */
export function heatCanvas(q, offset, n, toValue, toS, flipY = true, into = null) {
  const c = into || document.createElement("canvas");
  if (c.width !== n) c.width = n;
  if (c.height !== n) c.height = n;
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const s = Math.max(-1, Math.min(1, toS(toValue(k))));
    const b = Math.round(((s + 1) / 2) * 255);
    lut[3 * k] = BYTE_LUT[3 * b];
    lut[3 * k + 1] = BYTE_LUT[3 * b + 1];
    lut[3 * k + 2] = BYTE_LUT[3 * b + 2];
  }
  const ctx = c.getContext("2d");
  const img = ctx.createImageData(n, n);
  const d = img.data;
  for (let j = 0; j < n; j++) {
    const row = (flipY ? n - 1 - j : j) * n;
    for (let i = 0; i < n; i++) {
      const v = 3 * q[offset + j * n + i];
      const k = (row + i) * 4;
      d[k] = lut[v];
      d[k + 1] = lut[v + 1];
      d[k + 2] = lut[v + 2];
      d[k + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** The plane's coordinate x_k (k = 0 or 1) as a heatmap, for the input neurons of 2D data. */
export function coordinateCanvas(k, n, domain) {
  const q = new Uint8Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) q[j * n + i] = Math.round(255 * ((k === 0 ? i : j) + 0.5) / n);
  const [lo, hi] = domain[k];
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  return heatCanvas(q, 0, n, (v) => lo + (v / 255) * (hi - lo), (v) => v / m);
}
