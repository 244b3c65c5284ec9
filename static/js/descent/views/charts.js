// Loss and gradient-norm per step (uPlot), one series per run. The y axis turns logarithmic when the values
// span more than three decades and are all positive: the chart then plots log10 of the values on a linear
// scale with decade ticks, so switching never rebuilds the chart (each uPlot is built once, up front).
// While the time scrubber replays step k, each run is drawn up to its record at step k (the x axis keeps the
// whole run) with a dashed marker at k, so the charts show the same moment as the map.
// The loss chart also draws, dashed in the run's colour, the loss of the run the diagnosis tried (its counterfactual,
// the dashed path on the map) over the same steps, so the advice can be checked on the chart too.

import { getLang, t } from "../../shared/i18n.js";
import { PALETTE, runColor } from "../../shared/palette.js";
import { createUChart, markX, wantsLogAxis } from "../../shared/uchart.js";
import { indexAt } from "./scrubber.js";

const HEIGHT = 170;

/** The loss of the run the diagnosis tried for `run`, as [[step, loss], …] (finite values only); null if none. */
function ghostLoss(run) {
  const cf = run.done && run.done.diagnosis && run.done.diagnosis.counterfactual;
  const tr = cf && cf.trace;
  if (!tr || !tr.t || !tr.loss || tr.t.length < 2) return null;
  return tr.t.map((k, i) => [k, tr.loss[i]]).filter(([, v]) => Number.isFinite(v));
}

function createChart(el, column, note, withGhosts = false) {
  const chart = createUChart({ el, height: HEIGHT });
  let log = false;
  const xs = [];
  const series = new Map(); // run id -> {raw, shown, used, lo, hi, minPos}
  let upTo = null; // the scrubbed step, null: all of it
  let markAt = null; // its x on the chart (the record index of step upTo)

  const shownValue = (v) => (v === null ? null : log ? (v > 0 ? Math.log10(v) : null) : v);

  /** (Re)build for these runs when they, the language or the axis kind changed. */
  function build(runs = [], ghosts = []) {
    chart.ensure({
      key: `${getLang()}|${runs.map((r) => r.id).join(",")}|${ghosts.map((r) => r.id).join(",")}`,
      xLabel: t("ui.chart.x"), log, integerX: true, // steps
      series: [...runs.map((r) => ({ label: r.id, stroke: runColor(r.index), spanGaps: false })),
        ...ghosts.map((r) => ({ label: `${r.id} ~`, stroke: runColor(r.index), dash: [6, 5], width: 1.5 }))],
      over: (u) => markAt !== null && markX(u, markAt, PALETTE.ink, t("ui.scrub.step", { k: upTo })),
    });
  }

  function ingest(run) {
    let s = series.get(run.id);
    if (!s) {
      s = { raw: [], shown: [], used: 0, lo: Infinity, hi: -Infinity, minPos: Infinity };
      series.set(run.id, s);
    }
    const col = run.buf[column];
    for (let i = s.used; i < run.buf.length; i++) {
      const v = col[i];
      const ok = Number.isFinite(v);
      s.raw[i] = ok ? v : null;
      s.shown[i] = shownValue(s.raw[i]);
      if (ok) {
        if (v < s.lo) s.lo = v;
        if (v > s.hi) s.hi = v;
        if (v > 0 && v < s.minPos) s.minPos = v;
      }
    }
    s.used = run.buf.length;
    return s;
  }

  return {
    build,
    reset() {
      series.clear();
      xs.length = 0;
      log = false;
      if (note) note.textContent = "";
      build([]);
      chart.setData([xs]);
      el.dataset.points = "0";
    },
    draw(runs) {
      let len = 0;
      let lo = Infinity;
      let hi = -Infinity;
      let minPos = Infinity;
      for (const r of runs) {
        const s = ingest(r);
        len = Math.max(len, r.buf.length);
        lo = Math.min(lo, s.lo);
        hi = Math.max(hi, s.hi);
        minPos = Math.min(minPos, s.minPos);
      }
      for (let i = xs.length; i < len; i++) xs.push(i);
      // the tried runs' losses at their sampled steps within the chart's steps (they may have been run longer)
      // (one that runs the same steps as the run there, e.g. more steps of it, would hide under it: left out)
      const differs = (r, g) => g.some(([k, v]) => k < r.buf.length && Math.abs(v - r.buf[column][k]) > 1e-9 * Math.abs(v));
      const ghosts = withGhosts ? runs.map((r) => [r, ghostLoss(r)]).filter(([r, g]) => g && differs(r, g)) : [];
      for (const [, g] of ghosts) {
        for (const [k, v] of g) {
          if (k >= len) continue;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
          if (v > 0) minPos = Math.min(minPos, v);
        }
      }
      const nextLog = wantsLogAxis(lo, hi, minPos);
      if (nextLog !== log) {
        log = nextLog;
        for (const s of series.values()) for (let i = 0; i < s.raw.length; i++) s.shown[i] = shownValue(s.raw[i]);
      }
      el.dataset.scale = log ? "log" : "lin";
      el.dataset.points = String(len);
      for (const r of runs) {
        const s = series.get(r.id);
        for (let i = r.buf.length; i < len; i++) {
          s.raw[i] = null;
          s.shown[i] = null;
        }
      }
      build(runs, ghosts.map(([r]) => r));
      // replaying step upTo: each run up to its last record at or before it
      const cut = upTo === null ? null : runs.map((r) => indexAt(r.buf, upTo));
      markAt = cut ? Math.max(0, ...cut) : null;
      const data = runs.map((r, j) => {
        const shown = series.get(r.id).shown;
        return cut ? shown.map((v, i) => (i <= cut[j] ? v : null)) : shown;
      });
      el.dataset.upTo = upTo === null ? "" : String(upTo);
      el.dataset.last = String(Math.max(-1, ...data.map((d) => d.findLastIndex((v) => v !== null))));
      const tried = ghosts.map(([, g]) => {
        const line = new Array(len).fill(null);
        for (const [k, v] of g) if (k < len && (upTo === null || k <= upTo)) line[k] = shownValue(v);
        return line;
      });
      // the note names the dashed line only while one is drawn (two points of it or more up to the scrubbed step)
      const shown = tried.filter((line) => line.filter((v) => v !== null).length >= 2).length;
      if (note) {
        const text = [log ? t("ui.chart.log") : "", shown ? t("ui.chart.ghost") : ""].filter(Boolean).join(" · ");
        if (note.textContent !== text) note.textContent = text;
      }
      el.dataset.ghosts = String(shown);
      chart.setData([xs, ...data, ...tried]);
    },
    /** Replay up to step k (null: the whole run); drawn at the next draw(). */
    setUpTo(k) {
      upTo = k;
    },
    resize: chart.resize,
  };
}

/** Both charts, redrawn through the loop as "charts". */
export function createCharts({ lossEl, gradEl, loop, store }) {
  const note = (el) => el.previousElementSibling && el.previousElementSibling.querySelector(".scale-note");
  const charts = [createChart(lossEl, "loss", note(lossEl), true), createChart(gradEl, "gnorm", note(gradEl))];
  const card = lossEl.closest("section");
  let built = false;
  let turn = 0;
  const drawnAt = charts.map(() => -1); // store.version each chart last showed
  // At most one chart per frame, taking turns, until both show the latest data: keeps each frame short.
  loop.add("charts", () => {
    const runs = store.list;
    card.dataset.empty = runs.length ? "0" : "1";
    if (!built) {
      charts.forEach((c) => c.build());
      built = true;
    }
    if (!runs.length) return;
    const stale = charts.map((c, k) => k).filter((k) => drawnAt[k] !== store.version);
    if (!stale.length) return;
    const k = stale.includes(turn) ? turn : stale[0];
    charts[k].draw(runs);
    drawnAt[k] = store.version;
    turn = (k + 1) % charts.length;
    if (stale.length > 1) loop.mark("charts");
  });
  new ResizeObserver(() => charts.forEach((c) => c.resize())).observe(lossEl);
  return {
    reset() {
      if (built) charts.forEach((c) => c.reset());
      drawnAt.fill(-1);
      loop.mark("charts");
    },
    /** The scrubber's step (null: all): the charts show each run up to it, with a marker. */
    setUpTo(k) {
      charts.forEach((c) => c.setUpTo(k));
      drawnAt.fill(-1);
      loop.mark("charts");
    },
    /** After a language switch: rebuild with the new axis label (data stays). */
    relabel() {
      if (built) for (const c of charts) c.build(store.list);
      drawnAt.fill(-1);
      loop.mark("charts");
    },
  };
}
