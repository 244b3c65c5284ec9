// Loss and gradient-norm per step (uPlot), one series per run. The y axis turns logarithmic when the values
// span more than three decades and are all positive: the chart then plots log10 of the values on a linear
// scale with decade ticks, so switching never rebuilds the chart (each uPlot is built once, up front).

import { ticks } from "../../shared/geometry.js";
import { RUN_COLORS } from "../../shared/levels.js";
import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";

const HEIGHT = 170;

/** Whether positive values spanning > 1e3 call for a log axis; false when a value is below zero. */
export function wantsLogAxis(lo, hi, minPositive) {
  if (!(hi > 0) || lo < 0 || !Number.isFinite(minPositive)) return false;
  return hi / minPositive > 1e3;
}

/** Integer exponents between lo and hi (log10 space), at most about six of them. */
export function decadeSplits(lo, hi) {
  const a = Math.ceil(lo - 1e-9);
  const b = Math.floor(hi + 1e-9);
  if (!(b >= a)) return [lo, hi];
  const step = Math.max(1, Math.ceil((b - a + 1) / 6));
  const out = [];
  for (let k = a; k <= b; k += step) out.push(k);
  return out;
}

function createChart(el, column, note) {
  let plot = null;
  let log = false;
  let ids = [];
  const xs = [];
  const series = new Map(); // run id -> {raw, shown, used, lo, hi, minPos}

  const shownValue = (v) => (v === null ? null : log ? (v > 0 ? Math.log10(v) : null) : v);

  function build(runs = []) {
    if (plot) plot.destroy();
    plot = new globalThis.uPlot({
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false }, y: { auto: true } },
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      axes: [
        { label: t("ui.chart.x"), labelSize: 18, size: 34, stroke: "#3d465a", grid: { stroke: "#e7eaf0" } },
        {
          size: 54, stroke: "#3d465a", grid: { stroke: "#e7eaf0" },
          splits: (u, i, lo, hi) => (log ? decadeSplits(lo, hi) : ticks(lo, hi, 4)),
          values: (u, vals) => vals.map((v) => (v === null || v === undefined ? "" : fmt(log ? 10 ** v : v, 2))),
        },
      ],
      series: [{}, ...runs.map((r) => ({
        label: r.id, stroke: RUN_COLORS[r.index % RUN_COLORS.length], width: 1.75, points: { show: false },
      }))],
    }, [xs, ...runs.map(() => [])], el);
    plot.root.setAttribute("aria-hidden", "true");
    ids = runs.map((r) => r.id);
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

  function syncSeries(runs) {
    if (runs.map((r) => r.id).join(",") !== ids.join(",")) build(runs);
  }

  return {
    build,
    reset() {
      series.clear();
      xs.length = 0;
      log = false;
      if (note) note.textContent = "";
      syncSeries([]);
      plot.setData([xs]);
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
      const nextLog = wantsLogAxis(lo, hi, minPos);
      if (nextLog !== log) {
        log = nextLog;
        for (const s of series.values()) for (let i = 0; i < s.raw.length; i++) s.shown[i] = shownValue(s.raw[i]);
      }
      if (note) note.textContent = log ? t("ui.chart.log") : "";
      el.dataset.scale = log ? "log" : "lin";
      el.dataset.points = String(len);
      for (const r of runs) {
        const s = series.get(r.id);
        for (let i = r.buf.length; i < len; i++) {
          s.raw[i] = null;
          s.shown[i] = null;
        }
      }
      syncSeries(runs);
      plot.setData([xs, ...runs.map((r) => series.get(r.id).shown)]);
    },
    resize() {
      if (plot) plot.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT });
    },
  };
}

/** Both charts, redrawn through the loop as "charts". */
export function createCharts({ lossEl, gradEl, loop, store }) {
  const note = (el) => el.previousElementSibling && el.previousElementSibling.querySelector(".scale-note");
  const charts = [createChart(lossEl, "loss", note(lossEl)), createChart(gradEl, "gnorm", note(gradEl))];
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
    /** After a language switch: rebuild with the new axis label (data stays). */
    relabel() {
      if (built) {
        for (const c of charts) c.build(store.list);
      }
      drawnAt.fill(-1);
      loop.mark("charts");
    },
  };
}
