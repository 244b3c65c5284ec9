// The one number formatter for people (labels, tooltips, legends, lesson values, counts). Pure.

/**
 * v in `digits` significant digits (trailing zeros dropped), with a true minus sign; exponent form (with
 * `expDigits` digits after the point) when |v| ≥ 1e5 or < 1e-3. "—" for a missing value, "∞" for an infinite one.
 */
export function significant(v, digits, expDigits) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3
    ? v.toExponential(Math.max(0, expDigits)).replace(/\.?0+e/, "e").replace("e+", "e")
    : String(Number(v.toPrecision(digits)));
  return s.replace(/^-/, "−");
}

/** A number in at most `digits` significant digits; exponent form when very large or very small. */
export const fmt = (v, digits = 4) => significant(v, digits, digits - 2);

/** A whole number with thousands separators: 159020 → "159,020" (the same in Korean). */
export const grouped = (n) => Number(n).toLocaleString("en-US");

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
