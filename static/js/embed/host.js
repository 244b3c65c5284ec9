// The simulator's side of the host link (./link.js): how its runs report progress and their end, and its `set`
// (./set.js) over the simulator's state table.

import { pick } from "../shared/i18n.js";
import { STATE } from "../descent/state.js";
import { checkDescentSettings } from "./checks.js";
import { connectLink } from "./link.js";
import { createSet } from "./set.js";

/**
 * opts: {sim (createSimulator), allowed (host origins), runId(run), forgetLesson(), loadLesson() (async),
 * applyState()}. Returns the bridge.
 */
export function connectHost(opts) {
  const { sim, runId } = opts;
  const { shell, labelOf } = sim;
  const set = createSet({
    shell, table: STATE, forgetLesson: opts.forgetLesson, loadLesson: opts.loadLesson, applyState: opts.applyState,
    check: (input, patch) => checkDescentSettings(input, patch, shell.catalog),
    merge: (state, patch) => shell.normalise({ ...state, ...patch }),
    post: (type, fields) => bridge.post(type, fields),
  });
  const bridge = connectLink({
    shell, allowed: opts.allowed, runId, set, start: () => sim.startRuns(),
    stepFromIdle: () => sim.startRuns({ paused: true, stepN: 2 }),
    progressOf: (r) => (r.buf.length && r.meta ? { t: r.buf.t[r.buf.length - 1], n: r.meta.steps } : null),
    doneOf: (r) => ({
      label: labelOf(r), reason: r.done ? r.done.reason : "closed",
      verdict: r.done ? r.done.diagnosis.verdict : null, message: r.done ? pick(r.done.diagnosis.message) : "",
      t: r.done ? r.done.t : (r.buf.length ? r.buf.t[r.buf.length - 1] : null),
      final: r.done && r.done.summary ? r.done.summary.final || null : null,
    }),
  });
  return bridge;
}
