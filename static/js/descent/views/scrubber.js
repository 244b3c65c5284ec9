// The time scrubber: after a run (or while it is paused) a slider replays the runs step by step on the map; the
// readout gives each run's loss and position at that step. Moving it to the end (or a new run) shows everything.

import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";

/** The last record index of a run with t ≤ k (−1 when none). Pure. */
export function indexAt(buf, k) {
  let lo = 0;
  let hi = buf.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (buf.t[mid] <= k) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** opts: {root, input, output, store, loop, runLabel(run), onScrub(k | null)} */
export function createScrubber(opts) {
  const { root, input, output, store } = opts;
  let phase = "idle";
  let at = null; // the step shown, null: all of it

  function lastT() {
    return store.list.reduce((m, r) => Math.max(m, r.buf.length ? r.buf.t[r.buf.length - 1] : -1), -1);
  }

  function readout() {
    if (at === null) {
      output.textContent = "";
      return;
    }
    const parts = store.list.filter((r) => !r.hidden).map((r) => {
      const i = indexAt(r.buf, at);
      if (i < 0) return null;
      const label = opts.runLabel(r);
      const where = `(${fmt(r.buf.x[i])}, ${fmt(r.buf.y[i])})`;
      return `${label ? `${label}: ` : ""}${t("ui.scrub.value", { loss: fmt(r.buf.loss[i]), where })}`;
    }).filter(Boolean);
    output.textContent = `${t("ui.scrub.step", { k: at })} · ${parts.join(" · ")}`;
  }

  function show(k) {
    const n = lastT();
    at = k === null || k >= n ? null : Math.max(0, k);
    root.dataset.at = at === null ? "" : String(at);
    opts.onScrub(at);
    readout();
  }

  input.addEventListener("input", () => show(Number(input.value)));

  function sync() {
    const n = lastT();
    const usable = (phase === "done" || phase === "paused" || phase === "idle") && n > 0;
    root.hidden = !usable;
    input.max = String(Math.max(0, n));
    if (!usable) {
      if (at !== null) show(null);
      input.value = String(Math.max(0, n));
      return;
    }
    if (at === null) input.value = String(n);
  }

  return {
    setPhase(p) {
      phase = p;
      if (p === "running") show(null);
      sync();
    },
    sync,
    relabel: readout,
  };
}
