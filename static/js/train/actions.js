// Buttons and keys of the training page: Start, Pause/Resume, Step (one iteration), Stop, Reset, the compare
// presets, the language switch and the permalink.

import { getLang, t } from "../i18n.js";

const TYPING = "input, select, textarea, [contenteditable], [contenteditable=''], [contenteditable='true']";

/** opts: {session, start(), stepFromIdle(), preset(name), onLang(lang)} */
export function bindTrainActions(opts) {
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
    label(btn.start, p === "idle" ? "train.ui.btn.start" : "train.ui.btn.restart");
    label(btn.pause, p === "paused" ? "train.ui.btn.resume" : "train.ui.btn.pause");
    btn.pause.disabled = !active;
    btn.pause.setAttribute("aria-pressed", p === "paused" ? "true" : "false");
    btn.stop.disabled = !active;
    btn.reset.disabled = p === "idle";
    btn.step.disabled = p === "done";
  }

  const toggle = () => {
    if (phase === "running") session.pause();
    else if (phase === "paused") session.resume();
    else opts.start();
  };
  const step = () => {
    if (phase === "done") return;
    if (!session.step()) opts.stepFromIdle();
  };

  btn.start.addEventListener("click", () => opts.start());
  btn.pause.addEventListener("click", toggle);
  btn.step.addEventListener("click", step);
  btn.stop.addEventListener("click", () => session.stop());
  btn.reset.addEventListener("click", () => session.reset());
  for (const b of document.querySelectorAll("[data-preset]")) {
    b.addEventListener("click", () => opts.preset(b.dataset.preset));
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.defaultPrevented) return;
    const target = ev.target instanceof Element ? ev.target : null;
    if (target && target.closest(TYPING)) return;
    if (ev.key === " " || ev.code === "Space") {
      if (target && target.closest("button, a, summary")) return;
      ev.preventDefault();
      toggle();
    } else if (ev.key === "ArrowRight") {
      ev.preventDefault();
      step();
    }
  });

  const markLang = () => {
    for (const b of document.querySelectorAll("[data-lang]")) {
      b.setAttribute("aria-pressed", b.dataset.lang === getLang() ? "true" : "false");
    }
  };
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.addEventListener("click", () => opts.onLang(b.dataset.lang));
  }
  markLang();

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
