// A lesson opened on the map (/sweep?lesson=key): its texts, and its runs marked on the map with their outcomes
// (each run computed by POST /api/v1/compare, so a marker says what that exact run did), and its claims about the
// map and the runs as the server checked them on the same map and runs, each with ✓/✗.

import { claimsTable, fetchResult } from "../shared/claims.js";
import { el, swatch } from "../shared/dom.js";
import { fmt } from "../shared/format.js";
import { pick, t } from "../shared/i18n.js";
import { request } from "../shared/request.js";

export async function lessonOutcomes(lesson) {
  const r = await request("/api/v1/compare", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ runs: lesson.runs }) });
  if (!r.ok) return lesson.runs.map(() => null);
  return (await r.json()).runs.map((run) => run.done);
}

/** Markers for the map: each run at (learning rate, its second knob). */
export function lessonMarkers(lesson, knob) {
  return lesson.runs.map((run, i) => ({ x: run.optimizer.lr, y: run.optimizer[knob] ?? 0, label: String(i + 1) }));
}

export function createLessonBox({ box, title, text, notice, table, claims }) {
  let shown = null;
  let result = null;
  function render() {
    box.hidden = !shown;
    if (!shown) return;
    claims.dataset.ready = result ? "1" : "0";
    // the map drawn here is the lesson's own request, the one the server checked: the marks are trusted
    claims.replaceChildren(result ? claimsTable(result, true) : el("p", "hint", t("ui.claims.loading")));
    const { lesson, outcomes } = shown;
    title.textContent = pick(lesson.title);
    text.textContent = pick(lesson.text);
    notice.textContent = pick(lesson.notice);
    const head = el("tr");
    head.append(el("th", "", t("sweep.ui.lesson.run")), el("th", "", t("sweep.ui.axis.lr")),
      el("th", "", t("sweep.ui.axis.momentum")), el("th", "", t("sweep.ui.lesson.outcome")));
    const rows = lesson.runs.map((run, i) => {
      const tr = el("tr");
      tr.dataset.runId = run.id;
      const done = outcomes[i];
      tr.dataset.reason = done ? done.reason : "";
      const name = el("td");
      name.append(swatch(i), document.createTextNode(`${i + 1} · ${run.id}`));
      const outcome = done ? t(`sweep.ui.outcome.${done.reason}`, { k: done.t }) : "—";
      tr.append(name, el("td", "", fmt(run.optimizer.lr, 4)), el("td", "", fmt(run.optimizer.momentum ?? 0, 3)),
        el("td", "", outcome));
      return tr;
    });
    const caption = el("caption", "", t("sweep.ui.lesson.runs"));
    table.replaceChildren(caption, head, ...rows);
  }
  return {
    show(lesson, outcomes) {
      shown = lesson ? { lesson, outcomes } : null;
      result = null;
      render();
      if (!lesson) return;
      fetchResult(lesson.key).then((body) => {
        if (shown && shown.lesson.key === lesson.key) {
          result = body;
          render();
        }
      }, () => claims.replaceChildren(el("p", "lesson-bad", t("ui.claims.failed"))));
    },
    relabel: render,
  };
}
