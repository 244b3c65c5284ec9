// What a lesson adds below its text on the page: the predict-then-run question, the claims table (✓/✗ from the
// server's check, trusted once the page's runs are the lesson's), the loss-functions widget and the update-anatomy
// panel. The lessons panel calls parts() when it renders a lesson and update() when its runs change.

import { answerOf, questionBox } from "../../shared/question.js";
import { claimsTable, fetchResult, sameRuns } from "../../shared/claims.js";
import { createAnatomyPanel } from "./anatomy.js";
import { createLossWidget } from "./losses.js";
import { close } from "./runs.js";
import { t } from "../../shared/i18n.js";
import { el } from "../../shared/dom.js";

/** opts: {onArrows(arrows | null, body)} for the anatomy arrows on the map; onRun() starts the lesson's runs. */
export function createLessonExtras(opts = {}) {
  let lesson = null;
  let result = null;
  let verified = null;
  let claimsBox = null;
  let questionSlot = null;
  let widget = null;
  let anatomy = null;
  let onPage = false; // the lesson's runs are drawn on this page (descent lessons)
  let seen = null; // the last update(): [runs, attached], replayed when the server's result arrives
  let started = false; // some of the lesson's runs are on this page

  /** Predict, then run: "ask" until the learner answers or the runs start, "running", then "settled". */
  function phase() {
    if (!lesson || !lesson.question) return "settled";
    if (!onPage) return answerOf(lesson.key) ? "settled" : "ask";
    if (verified === true) return "settled";
    return started ? "running" : "ask";
  }

  function drawClaims() {
    if (!claimsBox || !lesson) return;
    claimsBox.dataset.verified = verified === null ? "" : verified ? "1" : "0";
    // the measured values would give the answer away: the claims wait until the learner has predicted
    claimsBox.hidden = phase() === "ask";
    drawQuestion();
    if (!result) return;
    claimsBox.replaceChildren(claimsTable(result, verified));
    if (verified === true && !onPage && lesson.runs && lesson.runs.length) {
      claimsBox.append(el("p", "hint", t("ui.claims.server_runs")));
    }
    claimsBox.dataset.ready = "1";
  }

  function drawQuestion() {
    if (!questionSlot || !lesson) return;
    const box = questionBox(lesson, { result, phase: phase() }, {
      onAnswer: () => (onPage ? opts.onRun && opts.onRun() : drawClaims()),
    });
    questionSlot.replaceChildren(...(box ? [box] : []));
  }

  /**
   * The elements to show for `lesson`: {before} the runs (the question) and {after} them (widgets, claims);
   * `pageRuns` says whether this page runs its runs (descent lessons).
   */
  function parts(next, pageRuns) {
    if (!lesson || next.key !== lesson.key) {
      lesson = next;
      seen = null;
      started = false;
      result = null;
      verified = pageRuns ? null : true;
      widget = null;
      anatomy = null;
      if (opts.onArrows) opts.onArrows(null, null);
    }
    onPage = pageRuns;
    claimsBox = el("section", "lesson-claims-box");
    claimsBox.dataset.ready = "0";
    claimsBox.append(el("p", "hint", t("ui.claims.loading")));
    questionSlot = el("div", "lesson-question-slot");
    drawClaims();
    const key = lesson.key;
    fetchResult(key).then((body) => {
      if (!lesson || lesson.key !== key) return;
      result = body;
      if (seen) update(...seen);
      drawClaims();
    }, () => {
      if (claimsBox && lesson && lesson.key === key) claimsBox.replaceChildren(el("p", "lesson-bad", t("ui.claims.failed")));
    });
    const out = [];
    if (lesson.view === "losses") {
      widget = widget || createLossWidget(lesson);
      widget.relabel();
      out.push(widget.el);
    }
    if (lesson.anatomy && pageRuns) {
      const runs = lesson.runs.filter((r) => r.kind === "descent").map((r) => {
        const config = { ...r };
        delete config.id;
        return { id: r.id, config, label: r.id };
      });
      anatomy = anatomy || createAnatomyPanel({ runs, onArrows: opts.onArrows });
      anatomy.relabel();
      out.push(anatomy.el);
    }
    out.push(claimsBox);
    return { before: [questionSlot], after: out };
  }

  /**
   * The page's runs of the open lesson changed: `runs` are {id, started, done, end: [x, y] | null}; `attached`
   * whether they are still the lesson's. The ✓/✗ appear once every run has finished where the server's did.
   */
  function update(runs, attached) {
    seen = [runs, attached];
    if (!lesson || !onPage) return;
    const now = attached && runs.some((r) => r.started);
    if (now !== started) {
      started = now;
      drawClaims();
    }
    let next = null;
    if (!attached) next = false;
    else if (runs.length && runs.every((r) => r.done)) {
      next = result ? sameRuns(result, Object.fromEntries(runs.map((r) => [r.id, r.end])), close) : null;
    }
    if (next !== verified) {
      verified = next;
      drawClaims();
      if (verified && anatomy && !anatomy.el.dataset.step) anatomy.show(0);
    }
  }

  return { parts, update, asking: () => phase() === "ask", answer: () => (lesson ? answerOf(lesson.key) : "") };
}
