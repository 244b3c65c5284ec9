// The end of a run in words: the verdict and the server's diagnosis, why it stopped, and the final figures.

import { fmt } from "../../shared/format.js";
import { getLang, pick, t } from "../../shared/i18n.js";
import { el, swatch } from "../../shared/dom.js";
import { factsBox, ghostButton } from "../../shared/evidence.js";

const VERDICTS = ["converged", "overfitting", "underfitting", "too_slow", "diverged", "exploded_collapsed",
  "noise_floor", "plateau", "still_improving"];
const REASONS = ["completed", "early_stopping", "diverged", "stopped", "limit"];

const pct = (v) => (v === null || v === undefined ? null : `${fmt(100 * v, 3)}%`);

export function verdictText(v) {
  return VERDICTS.includes(v) ? t(`train.ui.verdict.${v}`) : v;
}

function figures(run) {
  const s = run.done.summary || {};
  const out = [];
  const plan = run.meta ? run.meta.plan : {};
  for (const split of ["train", "validation", "test"]) {
    const a = pct(s[`${split}_accuracy`]);
    const l = s[`${split}_loss`];
    if (a === null && (l === null || l === undefined)) continue;
    const name = t(`train.ui.split.${split}`);
    out.push(a !== null ? t("train.ui.result.acc_loss", { split: name, acc: a, loss: fmt(l) })
      : t("train.ui.result.loss", { split: name, loss: fmt(l) }));
  }
  if (plan.least_squares) out.push(t("train.ui.result.lsq", { loss: fmt(plan.least_squares.loss) }));
  return out;
}

function item(run, many, labelOf, onGhost) {
  const d = run.done;
  const verdict = d.diagnosis.verdict;
  const box = el("article", "diag");
  box.dataset.verdict = verdict;
  box.dataset.reason = d.reason;
  box.dataset.run = run.id;
  const head = el("h3", "diag-head");
  if (many) head.append(swatch(run.index), el("span", "diag-run", labelOf(run)));
  head.append(el("span", `verdict tverdict-${verdict}`, verdictText(verdict)));
  box.append(head, el("p", "diag-msg", pick(d.diagnosis.message)));
  const ghost = ghostButton(d.diagnosis, onGhost);
  if (ghost) box.append(ghost);
  const facts = factsBox(d.diagnosis.facts);
  if (facts) box.append(facts);
  const reason = el("p", "diag-reason");
  const key = REASONS.includes(d.reason) ? `train.ui.reason.${d.reason}` : "train.ui.reason.other";
  reason.append(el("span", "diag-label", `${t("train.ui.reason.label")}: `),
    t(key, { epoch: d.epoch, t: d.t, reason: d.reason }));
  box.append(reason);
  const s = d.summary || {};
  if (s.restored && d.best_epoch !== null) {
    box.append(el("p", "diag-final", t("train.ui.result.restored", { epoch: d.best_epoch })));
  }
  const list = el("ul", "diag-figures");
  for (const f of figures(run)) list.append(el("li", "", f));
  box.append(list);
  if (s.elapsed_ms !== undefined) {
    box.append(el("p", "diag-final", t("train.ui.result.time", {
      iterations: s.iterations, epochs: s.epochs_completed, seconds: fmt(s.elapsed_ms / 1000, 3) })));
  }
  return box;
}

/** opts: {box, store, labelOf(run), onGhost(counterfactual)} — render() redraws when something changed. */
export function createResults({ box, store, labelOf, onGhost }) {
  let sig = "";
  return {
    render(phase) {
      const runs = store.list;
      const next = [getLang(), phase, ...runs.map((r) => `${r.id}:${r.done ? r.done.reason : "-"}`)].join("|");
      if (next === sig) return;
      sig = next;
      const done = runs.filter((r) => r.done);
      box.dataset.done = runs.length && done.length === runs.length ? "1" : "0";
      if (!done.length) {
        const key = runs.length ? "train.ui.diag.waiting" : "train.ui.diag.empty";
        box.replaceChildren(el("p", "diag-empty", t(key)));
        return;
      }
      box.replaceChildren(...done.map((r) => item(r, runs.length > 1, labelOf, onGhost)));
    },
    relabel() {
      sig = "";
    },
  };
}
