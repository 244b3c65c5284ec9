// What an embedded page (/embed, /embed/train) tells its host (ready, phase, progress at most every 200 ms, done,
// errors) and the host's commands (set, start, pause, resume, step, stop, reset), over the postMessage bridge.
// A page gives how one of its runs reports progress and its end; the rest is the same for both pages.

import { getLang } from "../shared/i18n.js";
import { createBridge } from "./bridge.js";

const PROGRESS_MS = 200;

/**
 * opts: {shell, allowed (host origins), runId(run), progressOf(run) → {t, n, …} | null (nothing new to say),
 * doneOf(run) → the run's fields in `done`, set(state) (the `set` command), start(), stepFromIdle()}.
 * Returns the bridge.
 */
export function connectLink(opts) {
  const { shell } = opts;
  const { session, store } = shell;
  const bridge = createBridge({ allowed: opts.allowed, onCommand: (name, msg) => command(name, msg) });
  shell.hooks.embed = bridge.stats;

  const posted = new Map(); // run id -> last t posted
  let timer = 0;
  function postProgress() {
    timer = 0;
    for (const r of store.list) {
      const p = opts.progressOf(r);
      if (!p || posted.get(r.id) === p.t) continue;
      posted.set(r.id, p.t);
      bridge.post("progress", { run: opts.runId(r), ...p });
    }
  }
  function postDone() {
    if (timer) {
      clearTimeout(timer);
      postProgress();
    }
    bridge.post("done", { lang: getLang(), runs: store.list.map((r) => ({ id: opts.runId(r), ...opts.doneOf(r) })) });
  }

  shell.on("phase", (p, initial) => {
    if (initial) return;
    bridge.post("phase", { phase: p });
    if (p === "done") postDone();
  }).on("data", () => {
    if (!timer) timer = setTimeout(postProgress, PROGRESS_MS);
  }).on("error", (err) => {
    if (err) bridge.post("error", { code: err.code, message: err.message || "" });
  }).on("reset", () => posted.clear());

  const COMMANDS = {
    set: (msg) => opts.set(msg.state),
    start: () => opts.start(),
    pause: () => session.pause(),
    resume: () => session.resume(),
    step: () => session.step() || opts.stepFromIdle(),
    stop: () => session.stop(),
    reset: () => session.reset(),
  };
  const command = (name, msg) => (COMMANDS[name] ? COMMANDS[name](msg) : undefined);
  return bridge;
}
