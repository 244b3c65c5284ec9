// Words for runs and surfaces: compare labels ("lr = 0.1") and a readable formula.

import { fmt } from "../shared/format.js";
import { t } from "../shared/i18n.js";

/** A compare run's label from {vary, value}; null for a single run. */
export function runLabel(label) {
  if (!label) return null;
  const { vary, value } = label;
  const name = t(`ui.short.${vary}`);
  const own = label.lr !== undefined ? ` · ${t("ui.short.lr")} ${fmt(label.lr)}` : "";
  if (vary === "opt") return `${name} = ${t(`ui.optimizer.${value}`)}${own}`;
  if (vary === "grad") return `${name} = ${t(`ui.gradient.${value}`)}`;
  return `${name} = ${fmt(Number(value))}`;
}

/** "x0^2 + x1^2" → "x₀² + x₁²". */
export function prettyFormula(text) {
  return String(text || "")
    .replace(/\^2/g, "²")
    .replace(/\bx0\b/g, "x₀")
    .replace(/\bx1\b/g, "x₁")
    .replace(/\bpi\b/g, "π")
    .replace(/ \* /g, "·");
}
