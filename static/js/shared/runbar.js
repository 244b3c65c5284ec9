// Wiring shared by the main page (actions.js) and the training page (train/actions.js): the run buttons
// (Start, Pause/Resume, Step, Stop, Reset), the keys (space, →), the language switch and the permalink.

import { getLang, t } from "./i18n.js";

const TYPING = "input, select, textarea, [contenteditable], [contenteditable=''], [contenteditable='true']";
const byId = (id) => document.getElementById(id);

/** Space toggles and → steps, unless a text field has the focus (or, for space, a button/link/summary). */
export function bindRunKeys(toggle, step) {
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
}

/**
 * The five run buttons and the keys. opts: {session, start(), stepFromIdle(), keys ({start, restart, pause,
 * resume}: the buttons' i18n keys), stepDoneLock (Step is disabled and ignored in phase "done")}.
 * Returns {setPhase(p), relabel()}.
 */
export function bindRunButtons(opts) {
  const { session, keys } = opts;
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
    label(btn.start, p === "idle" ? keys.start : keys.restart);
    label(btn.pause, p === "paused" ? keys.resume : keys.pause);
    btn.pause.disabled = !active;
    btn.pause.setAttribute("aria-pressed", p === "paused" ? "true" : "false");
    btn.stop.disabled = !active;
    btn.reset.disabled = p === "idle";
    if (opts.stepDoneLock) btn.step.disabled = p === "done";
  }

  const toggle = () => {
    if (phase === "running") session.pause();
    else if (phase === "paused") session.resume();
    else opts.start();
  };
  const step = () => {
    if (opts.stepDoneLock && phase === "done") return;
    if (!session.step()) opts.stepFromIdle();
  };

  btn.start.addEventListener("click", () => opts.start());
  btn.pause.addEventListener("click", toggle);
  btn.step.addEventListener("click", step);
  btn.stop.addEventListener("click", () => session.stop());
  btn.reset.addEventListener("click", () => session.reset());
  bindRunKeys(toggle, step);

  return { setPhase, relabel: () => setPhase(phase) };
}

/**
 * The language buttons ([data-lang]) call onLang(lang); returns markLang(), which marks the current language
 * (and, with navLinks, points the page links of nav.pages at it). markLang runs once here.
 */
export function bindLangSwitch(onLang, { navLinks = false } = {}) {
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.addEventListener("click", () => onLang(b.dataset.lang));
  }
  const markLang = () => {
    for (const b of document.querySelectorAll("[data-lang]")) {
      b.setAttribute("aria-pressed", b.dataset.lang === getLang() ? "true" : "false");
    }
    if (!navLinks) return;
    for (const a of document.querySelectorAll("nav.pages a")) a.href = `${a.dataset.page}?lang=${getLang()}`;
  };
  markLang();
  return markLang;
}

/** The permalink button: copies the address (or selects it in the box) and shows "copied" for two seconds. */
export function bindPermalink() {
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
}

/**
 * A page's run bar: bindRunButtons(opts), the language switch (opts.onLang(lang), opts.navLinks) and the
 * permalink. Returns {setPhase(p), relabel()}.
 */
export function bindRunBar(opts) {
  const run = bindRunButtons(opts);
  const markLang = bindLangSwitch((lang) => opts.onLang(lang), { navLinks: opts.navLinks });
  bindPermalink();
  return {
    setPhase: run.setPhase,
    relabel() {
      run.relabel();
      markLang();
    },
  };
}
