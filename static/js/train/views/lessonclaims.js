// The lesson's claims on /train: the server's check of the lesson's runs, with ✓/✗ shown once the page's own runs
// have finished with the same final training losses (they are then the lesson's runs the learner sees).

import { claimsTable, fetchResult } from "../../shared/claims.js";
import { el } from "../../shared/dom.js";
import { t } from "../../shared/i18n.js";

const close = (a, b) => Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

/** The final training loss of a finished page run (its last epoch summary). */
const finalLoss = (run) => (run.epochs.length ? run.epochs[run.epochs.length - 1].train_loss : NaN);

export function createLessonClaims(box) {
  let lesson = null;
  let result = null;
  let verified = null;
  let drawn = "";

  function draw() {
    const sig = `${lesson ? lesson.key : ""}|${result ? 1 : 0}|${verified}`;
    if (sig === drawn) return;
    drawn = sig;
    box.dataset.verified = verified === null ? "" : verified ? "1" : "0";
    box.dataset.ready = result ? "1" : "0";
    if (!lesson) return box.replaceChildren();
    if (!result) return box.replaceChildren(el("p", "hint", t("ui.claims.loading")));
    // folded until the page's own runs have settled the claims, so Start and the data stay in the first screen
    const fold = el("details", "claims-fold");
    fold.open = verified !== null;
    fold.append(el("summary", "", t("ui.claims.summary", { n: result.claims.length })), claimsTable(result, verified));
    box.replaceChildren(fold);
  }

  return {
    show(next) {
      if (next && lesson && next.key === lesson.key) return;
      lesson = next;
      result = null;
      verified = null;
      drawn = "";
      draw();
      if (!next) return;
      fetchResult(next.key).then((body) => {
        if (lesson && lesson.key === next.key) {
          result = body;
          draw();
        }
      }, () => box.replaceChildren(el("p", "lesson-bad", t("ui.claims.failed"))));
    },
    /** The page's runs (in the lesson's order) and whether they are still the lesson's. */
    update(runs, attached) {
      if (!lesson || !result) return;
      const ids = lesson.runs.filter((c) => c.kind === "train").map((c) => c.id);
      let next = null;
      if (!attached) next = false;
      else if (runs.length === ids.length && runs.every((r) => r.done)) {
        next = ids.every((id, i) => close(finalLoss(runs[i]), (result.results[id] || {}).train_loss));
      }
      if (next !== verified) {
        verified = next;
        draw();
      }
    },
    relabel() {
      drawn = "";
      draw();
    },
    /** null while the page's runs are unsettled, true when they are the lesson's, false when they differ. */
    get verified() {
      return verified;
    },
    box,
  };
}
