// /train in an iframe (/embed/train?… or /embed?page=train&…): the same query keys as /train, plus the embed's
// `hide=` parts and `theme`, and the embed's postMessage API (commands set, start, pause, resume, step, stop,
// reset; messages phase, progress, done, error), so a host page drives it as it drives the simulator.

import { createBridge } from "../embed/bridge.js";
import { getLang, pick, setLang } from "../shared/i18n.js";
import { setTheme } from "../shared/theme.js";

const PARTS = ["header", "toolbar", "controls", "counter", "legend", "diagnosis", "charts"];
const PROGRESS_MS = 200;

/** The embed's own keys, read from the query: {hide: [...parts], theme}. */
export function embedOptions(search) {
  const q = new URLSearchParams(search);
  const hide = (q.get("hide") || "").split(",").map((s) => s.trim()).filter((p) => PARTS.includes(p));
  return { hide, theme: q.get("theme") || "auto" };
}

/** opts: {shell, store, start(opts), labelOf(run), allowed (host origins)} → the bridge, or null when not embedded. */
export function connectTrainEmbed(opts) {
  const { shell, store } = opts;
  const { session } = shell;
  const view = embedOptions(location.search);
  document.body.dataset.hide = view.hide.join(" ");
  setTheme(view.theme);
  let timer = 0;
  const posted = new Map();
  const bridge = createBridge({ allowed: opts.allowed, onCommand: (name, msg) => command(name, msg) });
  shell.hooks.embed = bridge.stats;

  function postProgress() {
    timer = 0;
    for (const r of store.list) {
      const last = r.buf.last();
      if (!last || !r.meta || posted.get(r.id) === last.t) continue;
      posted.set(r.id, last.t);
      bridge.post("progress", { run: r.id, t: last.t + 1, n: r.meta.plan.total_iterations, epoch: last.epoch });
    }
  }
  shell.on("phase", (p, initial) => {
    if (initial) return;
    bridge.post("phase", { phase: p });
    if (p !== "done") return;
    if (timer) clearTimeout(timer);
    postProgress();
    bridge.post("done", { lang: getLang(), runs: store.list.map((r) => ({
      id: r.id, label: opts.labelOf(r), reason: r.done ? r.done.reason : "closed",
      verdict: r.done ? r.done.diagnosis.verdict : null, message: r.done ? pick(r.done.diagnosis.message) : "",
      summary: r.done ? r.done.summary : null })) });
  }).on("data", () => {
    if (!timer) timer = setTimeout(postProgress, PROGRESS_MS);
  }).on("error", (err) => {
    if (err) bridge.post("error", { code: err.code, message: err.message || "" });
  }).on("reset", () => posted.clear());

  const COMMANDS = {
    set: (msg) => {
      const s = msg.state || {};
      if (s.lang) setLang(s.lang);
      if (s.theme) setTheme(s.theme);
      if (Array.isArray(s.hide)) document.body.dataset.hide = s.hide.filter((p) => PARTS.includes(p)).join(" ");
    },
    start: () => opts.start(),
    pause: () => session.pause(),
    resume: () => session.resume(),
    step: () => session.step() || opts.start({ paused: true, stepN: 1 }),
    stop: () => session.stop(),
    reset: () => session.reset(),
  };
  const command = (name, msg) => (COMMANDS[name] ? COMMANDS[name](msg) : undefined);
  return bridge;
}
