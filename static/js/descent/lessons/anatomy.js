// The anatomy panel: every number of one descent update from POST /api/v1/anatomy — x_t, f(x_t), the gradient
// (with f(x + h) and f(x − h) for a central difference), η_t, the optimizer's state, the terms of the step and
// x_{t+1} — with previous/next buttons to walk through the run in slow motion, and play/pause to walk through it
// on a timer at a readable pace (slower when the reader prefers reduced motion). `onArrows` receives the terms as
// arrows {name, from, vector} for the map to draw.

import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";
import { el } from "../../shared/dom.js";
import { postJSON } from "../../shared/request.js";

/** Milliseconds each step stays on show while playing: long enough to read the numbers that changed. */
export const PACE_MS = 1400;
export const REDUCED_PACE_MS = 3000;

const reducedMotion = () => Boolean(globalThis.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches);

const vec = (v) => (Array.isArray(v) ? `(${v.map((x) => fmt(x, 5)).join(", ")})` : fmt(v, 5));

function postAnatomy(run, step) {
  return postJSON("/api/v1/anatomy", { run, step });
}

/** opts: {runs: [{id, config}], onArrows(arrows | null)}. Returns {el, relabel(), show(step)}. */
export function createAnatomyPanel(opts) {
  const root = el("section", "anatomy");
  root.dataset.ready = "0";
  const head = el("div", "anatomy-head");
  const runSel = el("select", "anatomy-run");
  runSel.id = "anatomy-run";
  const runLabel = el("label", "", "");
  runLabel.htmlFor = runSel.id;
  const prev = el("button", "btn btn-small anatomy-prev", "");
  prev.type = "button";
  const next = el("button", "btn btn-small anatomy-next", "");
  next.type = "button";
  const play = el("button", "btn btn-small anatomy-play", "");
  play.type = "button";
  play.setAttribute("aria-pressed", "false");
  head.append(runLabel, runSel, prev, play, next);
  const title = el("h4", "anatomy-title", "");
  const table = el("table", "anatomy-table");
  const error = el("p", "lesson-bad");
  error.hidden = true;
  root.append(head, title, table, error);
  let step = 0;
  let body = null;
  let seq = 0;

  let timer = 0;
  let playing = false;

  const current = () => opts.runs.find((r) => r.id === runSel.value) || opts.runs[0];
  const lastStep = () => Math.max(0, (current() ? current().config.steps ?? 100 : 1) - 1);
  runSel.addEventListener("change", () => show(0));
  prev.addEventListener("click", () => { pause(); show(Math.max(0, step - 1)); });
  next.addEventListener("click", () => { pause(); show(step + 1); });
  play.addEventListener("click", () => (playing ? pause() : start()));

  function labelPlay() {
    play.textContent = t(playing ? "ui.anatomy.pause" : "ui.anatomy.play");
    play.setAttribute("aria-pressed", playing ? "true" : "false");
    root.dataset.playing = playing ? "1" : "0";
  }

  /** Play: the next step after each pause of PACE_MS, counted from when the step's numbers are on show. */
  function start() {
    if (step >= lastStep()) show(0);
    playing = true;
    labelPlay();
    schedule();
  }

  function pause() {
    playing = false;
    clearTimeout(timer);
    labelPlay();
  }

  function schedule() {
    clearTimeout(timer);
    if (!playing) return;
    timer = setTimeout(async () => {
      if (!playing || !root.isConnected || step >= lastStep()) return pause();
      await show(step + 1);
      schedule();
    }, reducedMotion() ? REDUCED_PACE_MS : PACE_MS);
  }

  function row(label, value, cls = "") {
    const tr = el("tr", cls);
    const th = el("th", "", label);
    th.scope = "row";
    tr.append(th, el("td", "", value));
    table.append(tr);
  }

  function render() {
    table.replaceChildren();
    if (!body) return;
    title.textContent = t("ui.anatomy.title", { t: body.t });
    row(t("ui.anatomy.x"), vec(body.x));
    row(t("ui.anatomy.f"), fmt(body.f, 6));
    const g = body.gradient;
    row(t("ui.anatomy.gradient"), vec(g.value));
    if (g.mode === "central") {
      row(t("ui.anatomy.central", { h: fmt(g.h, 2) }),
        g.f_plus.map((fp, i) => `${fmt(fp, 8)} − ${fmt(g.f_minus[i], 8)}`).join(" ; "), "anatomy-sub");
      row(t("ui.anatomy.exact"), vec(g.exact), "anatomy-sub");
    }
    row(t("ui.anatomy.lr"), fmt(body.lr, 4));
    for (const [k, v] of Object.entries(body.state)) row(`${t("ui.anatomy.state")}: ${k}`, vec(v), "anatomy-sub");
    for (const a of body.arrows) row(t(`ui.anatomy.arrow.${a.name}`), vec(a.vector), `anatomy-arrow arrow-${a.name}`);
    row(t("ui.anatomy.delta"), vec(body.delta));
    row(t("ui.anatomy.next"), vec(body.x_next));
    row(t("ui.anatomy.f_next"), fmt(body.f_next, 6));
  }

  async function show(s) {
    const run = current();
    if (!run) return;
    const steps = run.config.steps ?? 100;
    step = Math.min(Math.max(0, s), Math.max(0, steps - 1));
    prev.disabled = step === 0;
    next.disabled = step >= steps - 1;
    const mine = ++seq;
    try {
      const got = await postAnatomy(run.config, step);
      if (mine !== seq) return;
      body = got;
      error.hidden = true;
      root.dataset.step = String(step);
      root.dataset.run = run.id;
      root.dataset.ready = "1";
      render();
      if (opts.onArrows) opts.onArrows(body.arrows.map((a) => ({ name: a.name, from: body.x, vector: a.vector })), body);
    } catch (e) {
      if (mine !== seq) return;
      error.textContent = t("ui.anatomy.failed", { detail: e.message });
      error.hidden = false;
    }
  }

  function relabel() {
    runLabel.textContent = t("ui.anatomy.run");
    prev.textContent = t("ui.anatomy.prev");
    labelPlay();
    next.textContent = t("ui.anatomy.next_step");
    const keep = runSel.value;
    runSel.replaceChildren(...opts.runs.map((r) => {
      const o = el("option", "", r.label || r.id);
      o.value = r.id;
      return o;
    }));
    if (keep) runSel.value = keep;
    render();
  }

  relabel();
  return { el: root, relabel, show, pause, step: () => step };
}
