// The Lessons panel: the course's experiments from the API in the page's language. A descent lesson shows
// its runs with the verdict each should reach (and, where the lessons print numbers, the end points beside
// them); a training lesson links to the training view; the numerical-gradient lesson measures on the server.

import { fetchLessons } from "../../shared/lessons.js";
import { lessonLabel } from "./labels.js";
import { close, lessonRuns, sig } from "./runs.js";
import { createLessonExtras } from "./extras.js";
import { createTiming } from "./timing.js";
import { answerOf } from "../../shared/question.js";
import { copyText } from "../views/share.js";
import { getLang, pick, t } from "../../shared/i18n.js";
import { el, headedTable, swatch } from "../../shared/dom.js";

/** An end point of a finished run: the server's final position, else the last finite recorded one. */
export function endPoint(run) {
  const fin = run.done && run.done.summary && run.done.summary.final;
  if (fin && Array.isArray(fin.xy)) return fin.xy;
  const b = run.buf;
  for (let i = b.length - 1; i >= 0; i--) if (Number.isFinite(b.x[i]) && Number.isFinite(b.y[i])) return [b.x[i], b.y[i]];
  return null;
}

const pointText = (p) => (p ? `(${sig(p[0])}, ${sig(p[1])})` : "—");

/**
 * opts: {root, loop, store, onChoose(lesson|null), onRun(lesson)}
 * The page tells it which lesson is open (show) and when its runs stop being the lesson's (detach).
 */
export function createLessonsPanel(opts) {
  const { root, loop, store } = opts;
  let lessons = [];
  let current = null;
  let attached = false;
  let timing = null;
  let drawnSig = "";
  const extras = createLessonExtras({ onArrows: opts.onArrows, onRun: () => current && opts.onRun(current) });

  const select = el("select");
  select.id = "lesson-select";
  const label = el("label");
  label.htmlFor = select.id;
  label.dataset.i18n = "ui.lessons.choose";
  const chooser = el("div", "field lesson-choose");
  chooser.append(label, select);
  const status = el("p", "hint lesson-status");
  status.setAttribute("role", "status");
  const body = el("article", "lesson");
  body.hidden = true;
  root.append(chooser, status, body);
  root.dataset.ready = "0";

  select.addEventListener("change", () => {
    const lesson = lessons.find((l) => l.key === select.value) || null;
    opts.onChoose(lesson);
  });

  function options() {
    const keep = select.value;
    const none = el("option", "", t("ui.lessons.none"));
    none.value = "";
    select.replaceChildren(none, ...lessons.map((l, i) => {
      const o = el("option");
      o.value = l.key;
      const where = l.view === "descent" ? "" : ` (${t(`ui.lessons.view.${l.view}`)})`;
      o.textContent = `${i + 1}. ${pick(l.title)}${where}`;
      return o;
    }));
    select.value = keep;
  }

  function linkRow(labelKey, url, id) {
    const wrap = el("div", "field");
    const input = el("input");
    input.type = "text";
    input.readOnly = true;
    input.id = id;
    input.value = url;
    const lab = el("label", "", t(labelKey));
    lab.htmlFor = id;
    const btn = el("button", "btn btn-small", t("ui.btn.copy_link"));
    btn.type = "button";
    const done = el("span", "copied", t("ui.copied"));
    done.hidden = true;
    done.setAttribute("role", "status");
    btn.addEventListener("click", () => copyText(input, done));
    const row = el("div", "link-row");
    row.append(input, btn);
    wrap.append(lab, row, done);
    return wrap;
  }

  function runsTable(runs) {
    const { table, tbody } = headedTable("lesson-runs", t("ui.lessons.runs"),
      ["run", "expected", "result"].map((k) => t(`ui.lessons.col.${k}`)));
    runs.forEach((r, i) => {
      const tr = el("tr");
      tr.dataset.runId = r.label.run;
      const expect = current.expect ? current.expect[r.label.run] : undefined;
      tr.dataset.expect = expect || "*";
      tr.dataset.verdict = "";
      const name = el("th", "lesson-run");
      name.scope = "row";
      name.append(swatch(i), el("span", "", lessonLabel(r.label)));
      const exp = el("td", "lesson-expect");
      if (expect && expect !== "*") exp.append(el("span", `verdict verdict-${expect}`, t(`ui.verdict.${expect}`)));
      else exp.append(el("span", "hint", t("ui.lessons.any")));
      tr.append(name, exp, el("td", "lesson-result", "—"));
      tbody.append(tr);
    });
    table.append(tbody);
    return table;
  }

  function pointsList(runs) {
    const quoted = current.quoted || {};
    const list = el("ul", "lesson-points");
    runs.forEach((r, i) => {
      const q = quoted[r.label.run];
      if (!q) return;
      const li = el("li");
      li.dataset.runId = r.label.run;
      const head = el("div", "lesson-point-head");
      head.append(swatch(i), el("span", "", lessonLabel(r.label)));
      const here = el("div", "lesson-point");
      here.append(el("span", "lesson-point-label", t("ui.lessons.here")), el("code", "lesson-end", "—"));
      const there = el("div", "lesson-point");
      there.append(el("span", "lesson-point-label", t("ui.lessons.quoted")), el("code", "lesson-quoted", pointText(q)),
        el("span", "lesson-same"));
      li.append(head, here, there);
      list.append(li);
    });
    if (!list.children.length) return null;
    const wrap = el("section", "lesson-points-box");
    wrap.append(el("h4", "", t("ui.lessons.points")), list);
    return wrap;
  }

  function render() {
    drawnSig = "";
    if (!current) {
      body.hidden = true;
      body.replaceChildren();
      root.dataset.lesson = "";
      timing = null;
      return;
    }
    const lesson = current;
    root.dataset.lesson = lesson.key;
    body.dataset.view = lesson.view;
    body.hidden = false;
    // while the question waits for a prediction, the words that give its answer away (the text, what to notice,
    // the expected verdicts, the course's printed end points) stay hidden
    const parts = [el("h3", "lesson-title", pick(lesson.title)),
      el("p", "lesson-hidden-note hint", t("ui.question.hidden")), el("p", "lesson-text", pick(lesson.text))];
    const notice = el("div", "lesson-notice");
    notice.append(el("strong", "", t("ui.lessons.notice")), el("p", "", pick(lesson.notice)));
    parts.push(notice);
    const runs = lessonRuns(lesson);
    const more = extras.parts(lesson, Boolean(runs));
    parts.push(...more.before);
    if (runs) {
      const detached = el("p", "lesson-detached hint", t("ui.lessons.detached"));
      detached.hidden = attached;
      const buttons = el("div", "row-buttons");
      const run = el("button", "btn btn-small btn-primary", t(extras.asking() ? "ui.question.just_run" : "ui.lessons.run"));
      run.type = "button";
      run.id = "btn-lesson-run";
      run.addEventListener("click", () => opts.onRun(lesson));
      buttons.append(run);
      parts.push(detached, buttons, runsTable(runs));
      const points = pointsList(runs);
      if (points) parts.push(points);
    }
    if (lesson.view === "gradient_timing") {
      timing = timing && timing.key === lesson.key ? timing : { key: lesson.key, view: createTiming(lesson) };
      timing.view.relabel();
      parts.push(timing.view.el);
    } else {
      timing = null;
    }
    parts.push(...more.after);
    const lang = `lang=${getLang()}`;
    const page = String(lesson.permalink || "").match(/^\/(train|sweep)\b/);
    const elsewhere = lesson.view !== "descent" && page ? page[1] : "";
    if (elsewhere) {
      const a = el("a", "btn btn-small lesson-train", `${t(`ui.lessons.open_${elsewhere}`)} →`);
      a.href = `/${elsewhere}?lesson=${encodeURIComponent(lesson.key)}&${lang}`;
      parts.push(a);
    }
    const links = el("div", "lesson-links");
    const origin = location.origin;
    if (lesson.view === "descent") {
      links.append(linkRow("ui.lessons.link", `${origin}/?lesson=${encodeURIComponent(lesson.key)}`, "lesson-permalink"),
        linkRow("ui.lessons.embed", `${origin}/embed?lesson=${encodeURIComponent(lesson.key)}`, "lesson-embed"));
    } else {
      links.append(linkRow("ui.lessons.link", `${origin}/${elsewhere}?lesson=${encodeURIComponent(lesson.key)}`,
        "lesson-permalink"));
      if (elsewhere === "train") { // a training lesson embeds as /train in an iframe
        links.append(linkRow("ui.lessons.embed", `${origin}/embed/train?lesson=${encodeURIComponent(lesson.key)}`,
          "lesson-embed"));
      }
    }
    const closeBtn = el("button", "btn btn-small btn-quiet lesson-close", t("ui.lessons.close"));
    closeBtn.type = "button";
    closeBtn.addEventListener("click", () => opts.onChoose(null));
    parts.push(links, closeBtn);
    body.replaceChildren(...parts);
    body.dataset.asking = extras.asking() ? "1" : "0";
    loop.mark("lesson");
  }

  /** Fill in verdicts and end points of the lesson's runs as they finish. */
  function drawRuns() {
    if (!current || body.hidden) return;
    const mine = attached ? store.list.filter((r) => r.label && r.label.lesson === current.key) : [];
    const sig = [getLang(), attached, ...mine.map((r) => `${r.label.run}:${r.done ? r.done.diagnosis.verdict : "-"}`)]
      .join("|");
    if (sig === drawnSig) return;
    drawnSig = sig;
    const byRun = new Map(mine.map((r) => [r.label.run, r]));
    const own = lessonRuns(current);
    if (own) {
      extras.update(own.map(({ label }) => {
        const r = byRun.get(label.run);
        return { id: label.run, started: Boolean(r), done: Boolean(r && r.done), end: r && r.done ? endPoint(r) : null };
      }), attached);
    }
    const runBtn = body.querySelector("#btn-lesson-run");
    if (runBtn) runBtn.textContent = t(extras.asking() ? "ui.question.just_run" : "ui.lessons.run");
    body.dataset.asking = extras.asking() ? "1" : "0";
    for (const tr of body.querySelectorAll("tr[data-run-id]")) {
      const r = byRun.get(tr.dataset.runId);
      const cell = tr.querySelector(".lesson-result");
      const verdict = r && r.done ? r.done.diagnosis.verdict : "";
      tr.dataset.verdict = verdict;
      if (!verdict) {
        cell.textContent = r ? "…" : "—";
        continue;
      }
      const expect = tr.dataset.expect;
      const ok = expect === "*" || expect === verdict;
      const mark = expect === "*" ? "" : ok ? " ✓" : " ✗";
      const span = el("span", `verdict verdict-${verdict}`, t(`ui.verdict.${verdict}`));
      const note = el("span", ok ? "lesson-ok" : "lesson-bad", mark);
      if (mark) note.title = t(ok ? "ui.lessons.match" : "ui.lessons.mismatch");
      cell.replaceChildren(span, note);
      tr.dataset.match = ok ? "1" : "0";
    }
    const quoted = current.quoted || {};
    for (const li of body.querySelectorAll(".lesson-points li[data-run-id]")) {
      const r = byRun.get(li.dataset.runId);
      const end = r && r.done ? endPoint(r) : null;
      const q = quoted[li.dataset.runId];
      li.querySelector(".lesson-end").textContent = pointText(end);
      const same = li.querySelector(".lesson-same");
      if (!end) {
        same.textContent = "";
        delete li.dataset.same;
        continue;
      }
      const ok = close(end[0], q[0]) && close(end[1], q[1]);
      li.dataset.same = ok ? "1" : "0";
      same.className = `lesson-same ${ok ? "lesson-ok" : "lesson-bad"}`;
      same.textContent = ok ? `✓ ${t("ui.lessons.same")}` : `✗ ${t("ui.lessons.differs")}`;
    }
  }
  loop.add("lesson", drawRuns);

  function setStatus(key) {
    status.textContent = key ? t(key) : "";
    status.dataset.key = key || "";
    status.hidden = !key;
  }
  setStatus("ui.lessons.loading");

  return {
    /** Fetch the lessons (once); resolves to the list, or [] when they could not be loaded. */
    async load() {
      try {
        lessons = await fetchLessons();
        setStatus(lessons.length ? null : "ui.lessons.failed");
      } catch {
        lessons = [];
        setStatus("ui.lessons.failed");
      }
      options();
      root.dataset.ready = "1";
      return lessons;
    },
    find(key) {
      return lessons.find((l) => l.key === key) || null;
    },
    /** Whether opening `lesson` should wait for the learner's prediction (it asks one, not yet answered here). */
    asks(lesson) {
      return Boolean(lesson && lesson.question && !answerOf(lesson.key));
    },
    /** The runs to start for a lesson key (null for an unknown lesson or one without descent runs). */
    runsFor(key) {
      return lessonRuns(lessons.find((l) => l.key === key));
    },
    /** Open a lesson (null closes the panel's lesson); its runs are the page's runs from now on. */
    show(lesson) {
      current = lesson;
      attached = Boolean(lesson);
      select.value = lesson ? lesson.key : "";
      render();
    },
    /** The page's settings no longer are the lesson's: keep the text, mark the runs as the reader's. */
    detach() {
      if (!current || !attached) return;
      attached = false;
      const note = body.querySelector(".lesson-detached");
      if (note) note.hidden = false;
      drawnSig = "";
      loop.mark("lesson");
    },
    get current() {
      return current;
    },
    relabel() {
      options();
      if (status.dataset.key) setStatus(status.dataset.key);
      render();
    },
  };
}
