// Numerical gradient vs backpropagation: what a numerical gradient costs for this network (2 loss evaluations
// per parameter), the server's estimate when a numerical run starts, the measured rate, and the lessons' example.

import { fmt, grouped } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";
import { el } from "../../shared/dom.js";

const LESSON_PARAMS = 784 * 100 + 100 + 100 * 10 + 10; // 784-100-10: 79,510

/** Seconds as words in the reader's language: "0.4 ms", "2.3 s", "3.1 min", "2.0 h"; "44초", "7.6분". */
export function duration(s) {
  if (!Number.isFinite(s)) return "—";
  if (s < 1) return t("train.ui.unit.ms", { n: fmt(s * 1000, 2) });
  if (s < 120) return t("train.ui.unit.s", { n: fmt(s, 2) });
  if (s < 7200) return t("train.ui.unit.min", { n: fmt(s / 60, 2) });
  return t("train.ui.unit.h", { n: fmt(s / 3600, 2) });
}

/** opts: {box, limit} — render({parameters, mode, run, speed}) */
export function createNumerics({ box, limit }) {
  let sig = "";
  return {
    render({ parameters, mode, run, speed }) {
      const cost = run && run.meta ? run.meta.plan.numerical_cost : null;
      const s = run && run.done ? run.done.summary : null;
      const next = [t("train.ui.num.title"), parameters, mode, run ? run.id : "", cost ? 1 : 0, s ? 1 : 0, speed].join("|");
      if (next === sig) return;
      sig = next;
      const parts = [];
      const p = parameters;
      const runP = run && run.meta ? grouped(run.meta.plan.parameters) : "?";
      if (p !== null && p !== undefined) {
        parts.push(el("p", "", t("train.ui.num.params", { p: grouped(p), evals: grouped(2 * p) })));
        const over = p > limit;
        const lim = el("p", over ? "num-warn" : "hint", t(over ? "train.ui.num.refused" : "train.ui.num.allowed",
          { limit: grouped(limit), p: grouped(p) }));
        lim.dataset.over = over ? "1" : "0";
        parts.push(lim);
      }
      if (cost) {
        const total = run.meta.plan.total_iterations;
        const est = el("p", "num-estimate", t("train.ui.num.estimate", {
          per: duration(cost.seconds_per_evaluation), evals: grouped(cost.evaluations), it: duration(cost.seconds),
          total: duration(cost.seconds * total), T: grouped(total), p: runP }));
        est.dataset.seconds = String(cost.seconds);
        parts.push(est);
      } else if (mode !== "numerical") {
        parts.push(el("p", "hint", t("train.ui.num.no_estimate")));
      }
      if (s && s.iterations > 0 && s.elapsed_ms > 0) {
        const per = s.elapsed_ms / 1000 / s.iterations;
        const how = run.meta && run.meta.resolved ? run.meta.resolved.gradient : mode;
        const m = el("p", "num-measured", t("train.ui.num.measured", {
          mode: t(`train.ui.gradient.${how}`), rate: fmt(1 / per, 3), per: duration(per), p: runP }));
        if (speed !== "max") m.append(" ", t("train.ui.num.paced", { speed }));
        parts.push(m);
      }
      parts.push(el("p", "num-lesson", t("train.ui.num.lesson", { p: grouped(LESSON_PARAMS), evals: grouped(2 * LESSON_PARAMS) })));
      box.replaceChildren(...parts);
    },
    relabel() {
      sig = "";
    },
  };
}
