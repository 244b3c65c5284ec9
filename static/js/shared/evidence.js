// A diagnosis's evidence for people: the facts a sentence quotes, formatted, and the button that opens the
// counterfactual run the server tried (its ghost is drawn dashed on the map or the loss chart).

import { fmt, significant } from "./format.js";
import { t } from "./i18n.js";
import { el, node } from "./dom.js";

/** Facts shown under a diagnosis, in this order, when the run has them; shares are shown as percentages. */
export const FACTS = [
  "progress", "converged_step", "zigzag", "loss_max", "loss_max_step", "stall_step", "stall_loss", "stall_grad",
  "grad_zero_step", "max_abs", "exact_max_abs", "left_view_step", "near_saddle_steps",
  "spike_ratio", "spike_iteration", "lr_at_spike", "chance_loss", "majority_share", "dead_share", "gap", "gap_se",
  "best_held_out_epoch", "late_fall", "reference_loss",
];
const SHARES = new Set(["progress", "zigzag", "majority_share", "dead_share", "gap", "gap_se", "late_fall"]);

/** Counts (steps, iterations, epochs) are whole and below this; a float as large as 6.7e26 is whole too. */
const COUNT_MAX = 1e6;

/**
 * A fact's value for a reader: a share as a percentage, a count as it is, anything else in 4 significant digits
 * as the sentences print it (6.724e26 for 6.724 × 10²⁶); progress below 0 (the loss ended above where it
 * started) in words, not as "−2.7e27%".
 */
export function factText(key, v) {
  if (key === "progress" && v < 0) return t("ui.fact.progress_negative");
  if (SHARES.has(key)) return `${fmt(100 * v, 3)}%`;
  return Number.isInteger(v) && Math.abs(v) < COUNT_MAX ? String(v) : significant(v, 4, 3);
}

/** [{key, label, value}] for the facts a diagnosis has, in FACTS order. */
export function factRows(facts) {
  return FACTS.filter((k) => typeof facts[k] === "number" && Number.isFinite(facts[k]))
    .map((k) => ({ key: k, label: t(`ui.fact.${k}`), value: factText(k, facts[k]) }));
}

/** <details> with the facts behind the sentence (nothing when there are none). */
export function factsBox(facts) {
  const rows = factRows(facts || {});
  if (!rows.length) return null;
  const list = el("dl", "diag-facts-list");
  for (const r of rows) {
    const item = node("div", { "data-fact": r.key });
    item.append(el("dt", "", r.label), el("dd", "", r.value));
    list.append(item);
  }
  const box = node("details", { class: "diag-facts" });
  box.append(el("summary", "", t("ui.diag.facts")), list);
  return box;
}

/** The "open the tried run" button for a diagnosis with a counterfactual, or null. */
export function ghostButton(diagnosis, onOpen) {
  const cf = diagnosis && diagnosis.counterfactual;
  if (!cf || !cf.config) return null;
  const b = node("button", { type: "button", class: "btn diag-ghost", "data-ghost-open": cf.kind });
  b.append(el("span", "ghost-line"), document.createTextNode(t(cf.helped ? "ui.diag.ghost" : "ui.diag.ghost_no_help")));
  b.addEventListener("click", () => onOpen(cf));
  return b;
}

/** A page-state patch from a counterfactual's change: renamed keys, plus the nested parameters as they are. */
function patchOf(change, keys, nested) {
  const p = { vary: "", values: [] };
  for (const [from, to] of Object.entries(keys)) if (change[from] !== undefined) p[to] = change[from];
  return Object.assign(p, change[nested] || {});
}

/** The simulator's state patch that reproduces a descent counterfactual's change. */
export const descentPatch = (change) =>
  patchOf(change, { lr: "lr", optimizer: "opt", steps: "steps", gradient: "grad" }, "hyper");

/** The training page's state patch that reproduces a training counterfactual's change. */
export function trainPatch(change) {
  const p = patchOf(change, { lr: "lr", schedule: "sched", epochs: "epochs" }, "schedule_params");
  if (change.hidden !== undefined) p.hidden = change.hidden.join(",");
  return p;
}
