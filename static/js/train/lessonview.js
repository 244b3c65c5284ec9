// What /train shows of an open lesson: its box (title, notice, text), its claims checked on the lesson's runs, and
// — for any run with a range-test schedule — the loss-versus-learning-rate chart from `done.range_test`.

import { createRangeChart } from "../shared/rangechart.js";
import { createBatchAnatomy } from "./views/batchanatomy.js";
import { createLessonClaims } from "./views/lessonclaims.js";
import { createLessonBox } from "./views/panels.js";

/**
 * opts: {byId, store, runs() (the runs a start would start)}. show(lesson | null) opens or closes;
 * update(attached) after every message. Also the one-mini-batch anatomy card.
 */
export function createTrainLesson({ byId, store, runs }) {
  const batch = createBatchAnatomy({ box: byId("t-batch-anatomy"), runs });
  const box = createLessonBox({ box: byId("t-lesson"), title: byId("t-lesson-title"),
    notice: byId("t-lesson-notice"), text: byId("t-lesson-text") });
  const claims = createLessonClaims(byId("t-lesson-claims"));
  const range = createRangeChart();
  byId("t-range").append(range.el);
  let rangeOf = null;
  return {
    show(lesson) {
      box.show(lesson);
      claims.show(lesson);
    },
    update(attached) {
      claims.update(store.list, attached);
      const run = store.list.find((r) => r.done && r.done.range_test);
      const rt = run ? run.done.range_test : null;
      if (rt !== rangeOf) {
        rangeOf = rt;
        range.draw(rt);
      }
    },
    views: [box, claims, range, batch],
  };
}
