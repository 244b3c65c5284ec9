// Buttons and keys: run controls (Start, Pause/Resume, Step, Stop, Reset), the lesson preset, the language
// switch, export and the permalink.

import { canvasPNG, download, fileStem, runsCSV, runsJSON } from "./export.js";
import { getLang, t } from "./i18n.js";

const TYPING = "input, select, textarea, [contenteditable], [contenteditable=''], [contenteditable='true']";

/**
 * opts: {session, start(), stepFromIdle(), preset(), exported() -> {store, labelOf, surface, picture()},
 *        onLang(lang), showError(err)}
 */
export function bindActions(opts) {
  const { session } = opts;
  const byId = (id) => document.getElementById(id);
  const btn = {
    start: byId("btn-start"), pause: byId("btn-pause"), step: byId("btn-step"), stop: byId("btn-stop"),
    reset: byId("btn-reset"),
  };
  let phase = "idle";

  function label(el, key) {
    el.dataset.i18n = key;
    el.textContent = t(key);
  }

  function setPhase(p) {
    phase = p;
    const active = p === "running" || p === "paused";
    label(btn.start, p === "idle" ? "ui.btn.start" : "ui.btn.restart");
    label(btn.pause, p === "paused" ? "ui.btn.resume" : "ui.btn.pause");
    btn.pause.disabled = !active;
    btn.pause.setAttribute("aria-pressed", p === "paused" ? "true" : "false");
    btn.stop.disabled = !active;
    btn.reset.disabled = p === "idle";
  }

  const toggle = () => {
    if (phase === "running") session.pause();
    else if (phase === "paused") session.resume();
    else opts.start();
  };
  const step = () => {
    if (!session.step()) opts.stepFromIdle();
  };

  btn.start.addEventListener("click", () => opts.start());
  btn.pause.addEventListener("click", toggle);
  btn.step.addEventListener("click", step);
  btn.stop.addEventListener("click", () => session.stop());
  btn.reset.addEventListener("click", () => session.reset());
  byId("btn-preset").addEventListener("click", () => opts.preset());

  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.defaultPrevented) return;
    const target = ev.target instanceof Element ? ev.target : null;
    if (target && target.closest(TYPING)) return;
    if (ev.key === " " || ev.code === "Space") {
      if (target && target.closest("button, a, summary")) return; // the focused control handles space itself
      ev.preventDefault();
      toggle();
    } else if (ev.key === "ArrowRight") {
      ev.preventDefault();
      step();
    }
  });

  for (const b of document.querySelectorAll("[data-lang]")) {
    b.addEventListener("click", () => opts.onLang(b.dataset.lang));
  }
  const markLang = () => {
    for (const b of document.querySelectorAll("[data-lang]")) {
      b.setAttribute("aria-pressed", b.dataset.lang === getLang() ? "true" : "false");
    }
    for (const a of document.querySelectorAll("nav.pages a")) a.href = `${a.dataset.page}?lang=${getLang()}`;
  };
  markLang();

  function exportAs(kind) {
    const { store, labelOf, surface, picture } = opts.exported();
    const stem = fileStem(surface);
    if (kind === "png") {
      canvasPNG(picture()).then((blob) => download(blob, `${stem}.png`));
      return;
    }
    if (!store.runs.size) {
      opts.showError({ code: "export" });
      return;
    }
    if (kind === "json") {
      download(new Blob([JSON.stringify(runsJSON(store, labelOf), null, 1)], { type: "application/json" }),
        `${stem}.json`);
    } else {
      download(new Blob([runsCSV(store)], { type: "text/csv" }), `${stem}.csv`);
    }
  }
  byId("btn-json").addEventListener("click", () => exportAs("json"));
  byId("btn-csv").addEventListener("click", () => exportAs("csv"));
  byId("btn-png").addEventListener("click", () => exportAs("png"));

  const linkBox = byId("permalink");
  const copied = byId("link-copied");
  byId("btn-link").addEventListener("click", async () => {
    linkBox.value = location.href;
    try {
      await navigator.clipboard.writeText(location.href);
    } catch {
      linkBox.select();
      document.execCommand("copy");
    }
    copied.hidden = false;
    setTimeout(() => {
      copied.hidden = true;
    }, 2000);
  });

  return {
    setPhase,
    relabel() {
      setPhase(phase);
      markLang();
    },
  };
}
