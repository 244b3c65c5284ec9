// The training charts: loss per iteration (raw mini-batch loss and its moving average), accuracy per epoch
// (training vs held-out, the gap shaded, the best epoch marked) and loss per epoch. One run, or several in
// Okabe–Ito colours when comparing.

import { PALETTE, runColor } from "../../shared/palette.js";
import { fmt } from "../../shared/format.js";
import { getLang, t } from "../../shared/i18n.js";
import { bestEpoch } from "../store.js";
import { createUChart, epochTicks, markX, shadeGap, wantsLogAxis } from "../../shared/uchart.js";

export const EMA_BETA = 0.9;
const SPLIT_COLORS = PALETTE.splits;
const SPLIT_DASH = { train: undefined, validation: [7, 4], test: [2, 3] };
const GHOST_DASH = [6, 5];

function alpha(hex, a) {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${a})`;
}

/** Per run: x, raw loss and its bias-corrected exponential moving average, extended as iterations arrive. */
function iterSeries(cache, run) {
  let s = cache.get(run.id);
  if (!s) {
    s = { used: 0, raw: [], ema: [], m: 0, k: 0, lo: Infinity, hi: -Infinity, minPos: Infinity };
    cache.set(run.id, s);
  }
  const { buf } = run;
  for (let i = s.used; i < buf.length; i++) {
    const v = buf.loss[i];
    if (Number.isFinite(v)) {
      s.m = EMA_BETA * s.m + (1 - EMA_BETA) * v;
      s.k++;
      s.raw.push(v);
      s.ema.push(s.m / (1 - EMA_BETA ** s.k));
      s.lo = Math.min(s.lo, v);
      s.hi = Math.max(s.hi, v);
      if (v > 0) s.minPos = Math.min(s.minPos, v);
    } else {
      s.raw.push(null);
      s.ema.push(null);
    }
  }
  s.used = buf.length;
  return s;
}

/** The counterfactual the server tried for a single finished run (its epoch trace), or null. */
export function ghostOf(runs) {
  const d = runs.length === 1 && runs[0].done ? runs[0].done.diagnosis : null;
  return d && d.counterfactual && d.counterfactual.trace && d.counterfactual.trace.epoch ? d.counterfactual : null;
}

/** Epoch data extended to the ghost's epochs, with the ghost's training loss as the last column. */
export function withGhost(data, trace) {
  const last = Math.max(data[0].length - 1, ...trace.epoch);
  const xs = Array.from({ length: last + 1 }, (_, i) => i);
  const pad = (col) => xs.map((_, i) => (i < col.length ? col[i] : null));
  const byEpoch = new Map(trace.epoch.map((e, i) => [e, trace.train_loss[i]]));
  const ghost = xs.map((x) => (byEpoch.has(x) && Number.isFinite(byEpoch.get(x)) ? byEpoch.get(x) : null));
  return [xs, ...data.slice(1).map(pad), ghost];
}

const heldOf = (plan) => (plan.n_validation > 0 ? "validation" : plan.n_test > 0 ? "test" : null);

/** opts: {iterEl, accEl, lossEl, keys: {iter, acc, loss}} */
export function createTrainCharts({ iterEl, accEl, lossEl, keys }) {
  const iter = createUChart({ el: iterEl, height: 190 });
  const acc = createUChart({ el: accEl, height: 180 });
  const loss = createUChart({ el: lossEl, height: 180 });
  const cache = new Map();
  let keySig = "";

  function drawIterations(runs) {
    const series = runs.map((r) => iterSeries(cache, r));
    const ipes = runs.map((r) => r.meta.plan.iterations_per_epoch);
    const sameIpe = ipes.every((v) => v === ipes[0]);
    const lo = Math.min(...series.map((s) => s.lo));
    const hi = Math.max(...series.map((s) => s.hi));
    const log = wantsLogAxis(lo, hi, Math.min(...series.map((s) => s.minPos)));
    const many = runs.length > 1;
    const spec = {
      key: `i|${getLang()}|${runs.map((r) => r.id).join(",")}|${sameIpe}|${log}`,
      xLabel: t(sameIpe ? "train.ui.chart.x_iteration" : "train.ui.chart.x_epoch"),
      log, integerX: sameIpe, // iterations are whole numbers
      series: runs.flatMap((r) => {
        const c = many ? runColor(r.index) : SPLIT_COLORS.train;
        return [{ label: "raw", stroke: alpha(c, many ? 0.25 : 0.35), width: 1 }, { label: "ema", stroke: c, width: 2 }];
      }),
      under: sameIpe && !many ? (u) => {
        const plan = runs[0].meta.plan;
        if (plan.epochs <= 60) epochTicks(u, plan.iterations_per_epoch, plan.epochs);
      } : null,
    };
    iter.ensure(spec);
    const shown = (v) => (v === null ? null : log ? (v > 0 ? Math.log10(v) : null) : v);
    let data;
    if (sameIpe) {
      const len = Math.max(...series.map((s) => s.raw.length));
      const xs = Array.from({ length: len }, (_, i) => i + 1);
      data = [xs, ...series.flatMap((s) => [0, 1].map((k) => {
        const src = k ? s.ema : s.raw;
        return xs.map((_, i) => (i < src.length ? shown(src[i]) : null));
      }))];
    } else {
      data = globalThis.uPlot.join(series.map((s, j) => {
        const ipe = ipes[j];
        return [s.raw.map((_, i) => (i + 1) / ipe), s.raw.map(shown), s.ema.map(shown)];
      }));
    }
    iter.setData(data);
    iterEl.dataset.points = String(Math.max(...runs.map((r) => r.buf.length)));
    iterEl.dataset.scale = log ? "log" : "lin";
  }

  function epochData(runs, fields) {
    const maxEpoch = Math.max(...runs.map((r) => (r.epochs.length ? r.epochs[r.epochs.length - 1].epoch : -1)));
    const xs = Array.from({ length: maxEpoch + 1 }, (_, i) => i);
    const cols = [];
    for (const r of runs) {
      const byEpoch = new Map(r.epochs.map((e) => [e.epoch, e]));
      for (const f of fields(r)) {
        cols.push(xs.map((x) => {
          const e = byEpoch.get(x);
          const v = e ? (typeof f === "function" ? f(e) : e[f]) : null;
          return v === null || v === undefined || !Number.isFinite(v) ? null : v;
        }));
      }
    }
    return [xs, ...cols];
  }

  function bestMarks(u, runs, many) {
    for (const r of runs) {
      const best = bestEpoch(r);
      if (!best || (many && !best.early)) continue;
      const color = many ? runColor(r.index) : PALETTE.ink;
      const label = many ? null : t(best.early ? "train.ui.chart.best_early" : "train.ui.chart.best_val",
        { epoch: best.epoch });
      markX(u, best.epoch, color, label);
    }
  }

  function splitSeries(kind, runs, splits) {
    const many = runs.length > 1;
    return runs.flatMap((r) => splits(r).map((split) => ({
      label: `${r.id}.${split}.${kind}`,
      stroke: many ? runColor(r.index) : SPLIT_COLORS[split],
      dash: SPLIT_DASH[split],
      width: many && split === "train" ? 1.5 : 2,
      points: r.epochs.length <= 30,
    })));
  }

  function drawEpochs(runs) {
    const many = runs.length > 1;
    const plan = runs[0].meta.plan;
    const classification = plan.kind !== "regression";
    const splits = (r) => {
      const p = r.meta.plan;
      if (many) return ["train", heldOf(p)].filter(Boolean);
      return ["train", ...(p.n_validation > 0 ? ["validation"] : []), ...(p.n_test > 0 ? ["test"] : [])];
    };
    const sig = `${getLang()}|${runs.map((r) => `${r.id}:${splits(r).join("+")}:${r.epochs.length <= 30}`).join(",")}`;
    if (classification) {
      acc.ensure({
        key: `a|${sig}`, xLabel: t("train.ui.chart.x_epoch"), integerX: true,
        series: splitSeries("acc", runs, splits),
        yFormat: (v) => `${Math.round(v * 100)}%`,
        yRange: (lo, hi) => [Math.max(0, Math.min(lo, 0.5) - 0.02), 1.0],
        under: many ? null : (u) => shadeGap(u, 1, 2, "rgba(213,94,0,0.16)"),
        over: (u) => bestMarks(u, runs, many),
      });
      acc.setData(epochData(runs, (r) => splits(r).map((s) => `${s}_accuracy`)));
    }
    const lsq = !many && plan.least_squares ? plan.least_squares.loss : null;
    const ghost = ghostOf(runs);
    const lossSeries = splitSeries("loss", runs, splits);
    if (lsq !== null) lossSeries.push({ label: "lsq", stroke: "#6b7385", dash: [3, 4], width: 1.5 });
    if (ghost) lossSeries.push({ label: "ghost", stroke: alpha(SPLIT_COLORS.train, 0.75), dash: GHOST_DASH, width: 2 });
    loss.ensure({
      key: `l|${sig}|${lsq !== null}|${ghost ? ghost.kind : ""}`, xLabel: t("train.ui.chart.x_epoch"), integerX: true,
      series: lossSeries, over: classification ? (u) => bestMarks(u, runs, many) : null,
    });
    let data = epochData(runs, (r) => splits(r).map((s) => `${s}_loss`));
    if (lsq !== null) data.push(data[0].map(() => lsq));
    if (ghost) data = withGhost(data, ghost.trace);
    loss.setData(data);
    lossEl.dataset.ghost = ghost ? "1" : "0";
    const points = String(runs[0].epochs.length ? data[0].length : 0);
    accEl.dataset.points = classification ? points : "0";
    lossEl.dataset.points = points;
    drawKeys(runs, splits, lsq !== null, ghost);
  }

  function keyItem(text, color, dash) {
    const li = document.createElement("li");
    const line = document.createElement("span");
    line.className = `key-line${dash ? (dash[0] > 3 ? " dashed" : " dotted") : ""}`;
    line.style.borderTopColor = color;
    line.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.textContent = text;
    li.append(line, label);
    return li;
  }

  function drawKeys(runs, splits, lsq, ghost) {
    const many = runs.length > 1;
    const sig = `${getLang()}|${runs.map((r) => r.id).join()}|${splits(runs[0]).join()}|${lsq}|${runs[0].meta.plan.kind}|${ghost ? 1 : 0}`;
    if (sig === keySig) return;
    keySig = sig;
    const ink = PALETTE.muted;
    const c = (s) => (many ? ink : SPLIT_COLORS[s]);
    const splitItems = splits(runs[0]).map((s) => keyItem(t(`train.ui.split.${s}`), c(s), SPLIT_DASH[s]));
    keys.iter.replaceChildren(
      keyItem(t("train.ui.chart.raw"), many ? alpha(ink, 0.35) : alpha(SPLIT_COLORS.train, 0.5)),
      keyItem(t("train.ui.chart.ema", { beta: EMA_BETA }), many ? ink : SPLIT_COLORS.train),
    );
    const accItems = [...splitItems.map((li) => li.cloneNode(true))];
    if (!many) {
      const gap = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "key-gap";
      sw.setAttribute("aria-hidden", "true");
      const label = document.createElement("span");
      label.textContent = t("train.ui.chart.gap");
      gap.append(sw, label);
      accItems.push(gap);
    }
    keys.acc.replaceChildren(...accItems);
    // several runs: each run's colour first (the lines are coloured per run), then the splits' line styles
    const runItems = many
      ? runs.map((r) => keyItem(t("train.ui.run.label", { n: r.index + 1 }), runColor(r.index))) : [];
    keys.acc.prepend(...runItems.map((li) => li.cloneNode(true)));
    keys.iter.prepend(...runItems.map((li) => li.cloneNode(true)));
    const lossItems = [...runItems, ...splitItems.map((li) => li.cloneNode(true))];
    if (lsq) lossItems.push(keyItem(t("train.ui.chart.lsq"), "#6b7385", [3, 4]));
    if (ghost) lossItems.push(keyItem(t("train.ui.chart.ghost"), alpha(SPLIT_COLORS.train, 0.75), GHOST_DASH));
    keys.loss.replaceChildren(...lossItems);
  }

  const resize = new ResizeObserver(() => [iter, acc, loss].forEach((c) => c.resize()));
  for (const el of [iterEl, accEl, lossEl]) resize.observe(el);

  return {
    /** Redraw from the runs that have their meta. */
    draw(runs) {
      this.drawIterations(runs);
      this.drawEpochs(runs);
    },
    /** The loss per iteration only. */
    drawIterations(runs) {
      const ready = runs.filter((r) => r.meta);
      if (ready.length) drawIterations(ready);
    },
    /** The accuracy and loss per epoch only. */
    drawEpochs(runs) {
      const ready = runs.filter((r) => r.meta);
      if (ready.length) drawEpochs(ready);
    },
    reset() {
      cache.clear();
      keySig = "";
      for (const c of [iter, acc, loss]) c.destroy();
      for (const el of [iterEl, accEl, lossEl]) el.dataset.points = "0";
      lossEl.dataset.ghost = "0";
      for (const k of Object.values(keys)) k.replaceChildren();
    },
    relabel() {
      keySig = "";
    },
    /** The latest figures as text, for screen readers. */
    summary(run) {
      const e = run && run.epochs.length ? run.epochs[run.epochs.length - 1] : null;
      if (!e) return "";
      return t("train.ui.chart.summary", { epoch: e.epoch, loss: fmt(e.train_loss), acc: e.train_accuracy === null
        ? "—" : `${fmt(100 * e.train_accuracy, 3)}%` });
    },
  };
}
