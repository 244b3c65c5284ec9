// What the embedded simulator tells its host page (phase, progress at most every 200 ms, done, errors) and
// the host's commands (set, start, pause, resume, step, stop, reset), over the postMessage bridge.

import { getLang, pick, setLang } from "../shared/i18n.js";
import { createBridge } from "./bridge.js";
import { statePatch } from "./patch.js";

const PROGRESS_MS = 200;
const VIEW_KEYS = ["speed", "lang", "hide", "theme"]; // keys that change how runs look, not which runs
const KEEP_LESSON = [...VIEW_KEYS, "autoplay"];

/**
 * opts: {sim (createSimulator), allowed (host origins), runId(run), forgetLesson(), loadLesson() (async),
 * applyState()}. Returns the bridge.
 */
export function connectHost(opts) {
  const { sim, runId } = opts;
  const { shell, store, labelOf } = sim;
  const { session } = shell;
  const bridge = createBridge({ allowed: opts.allowed, onCommand: (name, msg) => command(name, msg) });
  shell.hooks.embed = bridge.stats;

  const posted = new Map(); // run id -> last t posted
  let timer = 0;
  function postProgress() {
    timer = 0;
    for (const r of store.list) {
      if (!r.buf.length || !r.meta) continue;
      const tNow = r.buf.t[r.buf.length - 1];
      if (posted.get(r.id) === tNow) continue;
      posted.set(r.id, tNow);
      bridge.post("progress", { run: runId(r), t: tNow, n: r.meta.steps });
    }
  }
  function postDone() {
    if (timer) {
      clearTimeout(timer);
      postProgress();
    }
    bridge.post("done", {
      lang: getLang(),
      runs: store.list.map((r) => ({
        id: runId(r), label: labelOf(r), reason: r.done ? r.done.reason : "closed",
        verdict: r.done ? r.done.diagnosis.verdict : null, message: r.done ? pick(r.done.diagnosis.message) : "",
        t: r.done ? r.done.t : (r.buf.length ? r.buf.t[r.buf.length - 1] : null),
        final: r.done && r.done.summary ? r.done.summary.final || null : null,
      })),
    });
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

  async function set(input) {
    const { patch, unknown, invalid } = statePatch(input);
    if (unknown.length || invalid.length) bridge.post("error", { code: "invalid_state", unknown, invalid });
    if (patch.lang && patch.lang !== getLang()) setLang(patch.lang);
    const lessonChanged = "lesson" in patch && patch.lesson !== shell.state.lesson;
    const keys = Object.keys(patch);
    shell.state = shell.normalise({ ...shell.state, ...patch });
    if (!("lesson" in patch) && keys.some((k) => !KEEP_LESSON.includes(k))) opts.forgetLesson();
    if (lessonChanged) await opts.loadLesson();
    if (store.runs.size && keys.some((k) => !VIEW_KEYS.includes(k))) session.reset();
    opts.applyState();
    if (patch.speed !== undefined) session.speed(shell.state.speed);
  }

  const COMMANDS = {
    set: (msg) => set(msg.state),
    start: () => sim.startRuns(),
    pause: () => session.pause(),
    resume: () => session.resume(),
    step: () => session.step() || sim.startRuns({ paused: true, stepN: 2 }),
    stop: () => session.stop(),
    reset: () => session.reset(),
  };
  const command = (name, msg) => (COMMANDS[name] ? COMMANDS[name](msg) : undefined);
  return bridge;
}
