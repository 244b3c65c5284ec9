// What /train shows of an open lesson: its box (title, notice, text), its question asked before the runs (answering
// starts them), its claims checked on the lesson's runs, and — for any run with a range-test schedule — the
// loss-versus-learning-rate chart from `done.range_test`.

import { fetchResult } from "../shared/claims.js";
import { questionBox } from "../shared/question.js";
import { createRangeChart } from "../shared/rangechart.js";
import { createBatchAnatomy } from "./views/batchanatomy.js";
import { createLessonClaims } from "./views/lessonclaims.js";
import { createLessonBox } from "./views/panels.js";

/**
 * opts: {byId, store, runs() (the runs a start would start), start() (start them)}. show(lesson | null) opens or
 * closes; update(attached) after every message. Also the one-mini-batch anatomy card.
 */
export function createTrainLesson({ byId, store, runs, start }) {
  const batch = createBatchAnatomy({ box: byId("t-batch-anatomy"), runs });
  const box = createLessonBox({ box: byId("t-lesson"), title: byId("t-lesson-title"),
    notice: byId("t-lesson-notice"), text: byId("t-lesson-text") });
  const claims = createLessonClaims(byId("t-lesson-claims"));
  const range = createRangeChart();
  byId("t-range").append(range.el);
  let rangeOf = null;
  const slot = byId("t-lesson-question");
  const notice = byId("t-lesson-notice");
  let open = null;
  let result = null;
  let drawn = "";
  let attachedNow = false;

  /** Predict, then run: "ask" until an answer or a start, "running", "settled" once the claims are trusted. */
  function phase(attached) {
    if (claims.verified === true) return "settled";
    return attached && store.list.length ? "running" : "ask";
  }

  function drawQuestion(attached = attachedNow) {
    attachedNow = attached;
    const p = open ? phase(attached) : "";
    const sig = `${open ? open.key : ""}|${p}|${result ? 1 : 0}`;
    if (sig === drawn) return;
    drawn = sig;
    const q = open && questionBox(open, { result, phase: p }, { onAnswer: () => start(), onJustRun: () => start() });
    slot.replaceChildren(...(q ? [q] : []));
    claims.box.hidden = Boolean(q) && p !== "settled"; // the measured values would give the answer away
    notice.hidden = Boolean(q) && p === "ask"; // what to notice comes with the runs; first the question
  }

  return {
    show(lesson) {
      box.show(lesson);
      claims.show(lesson);
      open = lesson && lesson.question ? lesson : null;
      result = null;
      drawn = "";
      drawQuestion(false);
      if (open) {
        const key = open.key;
        fetchResult(key).then((body) => {
          if (open && open.key === key) {
            result = body;
            drawn = "";
            drawQuestion(false);
          }
        }, () => {});
      }
    },
    update(attached) {
      claims.update(store.list, attached);
      drawQuestion(attached);
      const run = store.list.find((r) => r.done && r.done.range_test);
      const rt = run ? run.done.range_test : null;
      if (rt !== rangeOf) {
        rangeOf = rt;
        range.draw(rt);
      }
    },
    views: [box, claims, range, batch, { relabel: () => { drawn = ""; drawQuestion(); } }],
  };
}
