// Number formatting for people (labels, tooltips, legends). Pure.

/** A number in at most `digits` significant digits; exponent form when very large or very small. */
export function fmt(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let s;
  if (a >= 1e5 || a < 1e-3) {
    s = v.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, "e").replace("e+", "e");
  } else {
    s = String(Number(v.toPrecision(digits)));
  }
  return s.replace(/^-/, "−");
}

/** A number for an input box: shortest round-trip text, trimmed to 6 significant digits. */
export function inputText(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "";
  return String(Number(v.toPrecision(6)));
}

/** A learning rate from a log10 slider position, rounded to 2 significant digits. */
export function lrFromSlider(pos) {
  return Number((10 ** pos).toPrecision(2));
}

/** Where a learning rate sits on a log10 slider spanning [lo, hi] (both log10). */
export function sliderFromLr(lr, lo, hi) {
  if (!(lr > 0)) return lo;
  return Math.min(hi, Math.max(lo, Math.log10(lr)));
}
