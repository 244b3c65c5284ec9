// Words for a lesson run: what sets it apart from the other runs of its lesson ("lr = 10 · 1000 steps").

import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";

function part({ key, value }) {
  switch (key) {
    case "opt":
      return t(`ui.optimizer.${value}`);
    case "lr":
    case "momentum":
      return `${t(`ui.short.${key}`)} = ${fmt(Number(value))}`;
    case "sched":
      return t(`ui.schedule.${value}`);
    case "grad":
      return t(`ui.gradient.${value}`);
    case "steps":
      return t("ui.lessons.steps", { n: value });
    case "start": {
      const [x, y] = String(value).split(",").map(Number);
      return t("ui.lessons.start", { x: fmt(x), y: fmt(y) });
    }
    default:
      return String(value);
  }
}

/** A lesson run's label ({lesson, run, parts}) in the current language; null for any other label. */
export function lessonLabel(label) {
  if (!label || !label.lesson) return null;
  return label.parts && label.parts.length ? label.parts.map(part).join(" · ") : label.run;
}
