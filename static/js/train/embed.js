// /train in an iframe (/embed/train?… or /embed?page=train&…): the same query keys as /train, plus the embed's
// `hide=` parts and `theme`, and the embed's host link (../embed/link.js): the commands set, start, pause, resume,
// step, stop, reset; the messages ready, phase, progress, done, error. `set` takes every key of the /train
// permalink, checked as the form checks it (./checks.js), and applies it as the form does.

import { createSet } from "../embed/set.js";
import { connectLink } from "../embed/link.js";
import { getLang, pick } from "../shared/i18n.js";
import { setTheme } from "../shared/theme.js";
import { checkTrainSettings, TRAIN_PARTS } from "./checks.js";
import { embedTrainTable, mergeTrain } from "./state.js";

/** The embed's own keys, read from the query: {hide: [...parts], theme}. */
export function embedOptions(search) {
  const q = new URLSearchParams(search);
  const hide = (q.get("hide") || "").split(",").map((s) => s.trim()).filter((p) => TRAIN_PARTS.includes(p));
  return { hide, theme: q.get("theme") || "auto" };
}

/**
 * opts: {shell, start(opts), labelOf(run), allowed (host origins), apply() (the form, plan and views redrawn from
 * the state), openLesson(key) (async), forgetLesson() (the lesson panel closed)}.
 * Returns {bridge, ready()}: ready() tells the host the page takes commands.
 */
export function connectTrainEmbed(opts) {
  const { shell } = opts;
  Object.assign(shell.state, embedOptions(location.search));
  const table = embedTrainTable(shell.catalog);
  const next = (patch) => shell.normalise(mergeTrain(shell.state, patch));

  function applyState() {
    document.body.dataset.hide = shell.state.hide.join(" ");
    setTheme(shell.state.theme);
    opts.apply();
  }
  const forgetLesson = () => {
    shell.state.lesson = null;
    opts.forgetLesson();
  };
  const set = createSet({
    shell, table, applyState, forgetLesson, merge: (state, patch) => shell.normalise(mergeTrain(state, patch)),
    check: (input, patch) => checkTrainSettings(input, patch, next, shell.catalog),
    loadLesson: async () => {
      const key = shell.state.lesson;
      if (key) await opts.openLesson(key);
      if (!key || shell.state.lesson !== key) forgetLesson();
    },
    post: (type, fields) => bridge.post(type, fields),
  });
  const bridge = connectLink({
    shell, allowed: opts.allowed, runId: (r) => r.id, set, start: () => opts.start(),
    stepFromIdle: () => opts.start({ paused: true, stepN: 1 }),
    progressOf: (r) => {
      const last = r.buf.last();
      return last && r.meta ? { t: last.t + 1, n: r.meta.plan.total_iterations, epoch: last.epoch } : null;
    },
    doneOf: (r) => ({ label: opts.labelOf(r), reason: r.done ? r.done.reason : "closed",
      verdict: r.done ? r.done.diagnosis.verdict : null, message: r.done ? pick(r.done.diagnosis.message) : "",
      summary: r.done ? r.done.summary : null }),
  });
  document.body.dataset.hide = shell.state.hide.join(" ");
  setTheme(shell.state.theme);

  return {
    bridge,
    ready() {
      shell.hooks.ready = true;
      bridge.post("ready", { version: shell.boot.version, protocol: 1, lang: getLang(), state: table.serialize(shell.state) });
    },
  };
}
