// The one wrapper around uPlot (the simulator's and the training page's charts): rebuilt when its series change (run set, mode, language), data set
// every frame; optional drawing under the series (shading) and over them (markers).

import { fmt } from "./format.js";
import { PALETTE } from "./palette.js";

const AXIS = { stroke: PALETTE.muted, grid: { stroke: PALETTE.grid }, ticks: { stroke: "#cfd5e0" } };
const ticks = (lo, hi, n) => globalThis.d3.ticks(lo, hi, n);

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

/** Tick labels with as few significant digits (2 to 6) as tell every tick from its neighbours: 4e-4 four times
 * over is 3.98e-4, 3.99e-4, … instead. `format(v, digits)`; a null value is an empty label. */
export function tickLabels(values, format) {
  let labels = [];
  for (let digits = 2; digits <= 6; digits++) {
    labels = values.map((v) => (v === null ? "" : format(v, digits)));
    if (labels.every((l, i) => i === 0 || l === "" || l !== labels[i - 1])) break;
  }
  return labels;
}

/**
 * opts: {el, height}. build(spec) with spec = {key, xLabel, series:[{label, stroke, width, dash, points, spanGaps}],
 * yFormat(v, digits), yRange(min, max), log, under(u), over(u)}; setData(data).
 */
export function createUChart({ el, height = 180 }) {
  let plot = null;
  let key = "";
  let spec = null;

  function build(next) {
    if (plot) plot.destroy();
    spec = next;
    key = next.key;
    const series = [{}, ...next.series.map((s) => ({
      label: s.label, stroke: s.stroke, width: s.width ?? 1.75, dash: s.dash, spanGaps: s.spanGaps ?? true,
      points: { show: s.points ?? false, size: 5, fill: s.stroke },
    }))];
    plot = new globalThis.uPlot({
      width: Math.max(200, el.clientWidth),
      height,
      scales: {
        x: { time: false },
        y: next.yRange ? { auto: true, range: (u, lo, hi) => next.yRange(lo, hi) } : { auto: true },
      },
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      axes: [
        { ...AXIS, label: next.xLabel, labelSize: 18, size: 34,
          splits: next.integerX ? (u, i, lo, hi) => ticks(lo, hi, 6).filter((v) => Number.isInteger(v)) : undefined },
        {
          ...AXIS, size: 52,
          splits: (u, i, lo, hi) => (next.log ? decadeSplits(lo, hi) : ticks(lo, hi, 4)),
          values: (u, vals) => tickLabels(vals.map((v) => (v === null || v === undefined ? null
            : next.log ? 10 ** v : v)), next.yFormat || fmt),
        },
      ],
      series,
      hooks: {
        drawAxes: [(u) => spec.under && withCtx(u, spec.under)],
        draw: [(u) => spec.over && withCtx(u, spec.over)],
      },
    }, [[], ...next.series.map(() => [])], el);
    plot.root.setAttribute("aria-hidden", "true");
    el.dataset.series = String(next.series.length);
  }

  function withCtx(u, fn) {
    u.ctx.save();
    try {
      fn(u);
    } finally {
      u.ctx.restore();
    }
  }

  return {
    get key() {
      return key;
    },
    get plot() {
      return plot;
    },
    /** Build when the spec's key differs from the current one. */
    ensure(next) {
      if (!plot || next.key !== key) build(next);
      else spec = Object.assign(spec, next);
    },
    setData(data) {
      if (plot) plot.batch(() => plot.setData(data)); // drawn now, not in a microtask: its time is the caller's
    },
    resize() {
      if (plot) plot.setSize({ width: Math.max(200, el.clientWidth), height });
    },
    destroy() {
      if (plot) plot.destroy();
      plot = null;
      key = "";
    },
  };
}

/** A vertical marker line at x (data units) with a label at the top. */
export function markX(u, x, color, label) {
  const ctx = u.ctx;
  const px = u.valToPos(x, "x", true);
  const { top, height, left, width } = u.bbox;
  if (!(px >= left - 1 && px <= left + width + 1)) return;
  const r = devicePixelRatio || 1;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * r;
  ctx.setLineDash([5 * r, 4 * r]);
  ctx.beginPath();
  ctx.moveTo(px, top);
  ctx.lineTo(px, top + height);
  ctx.stroke();
  ctx.setLineDash([]);
  if (label) {
    ctx.font = `${Math.round(11 * r)}px system-ui, sans-serif`;
    ctx.textBaseline = "top";
    const w = ctx.measureText(label).width;
    const right = px + 4 * r + w > left + width;
    ctx.textAlign = right ? "right" : "left";
    const tx = right ? px - 4 * r : px + 4 * r;
    // a thin white halo keeps the label legible without an opaque box hiding the curves under it
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 * r;
    ctx.strokeStyle = "rgba(255,255,255,0.85)";
    ctx.strokeText(label, tx, top + 3 * r);
    ctx.fillStyle = color;
    ctx.fillText(label, tx, top + 3 * r);
  }
}

/** Shade between series a and b where a lies above b (the gap between training and held-out accuracy). */
export function shadeGap(u, a, b, fill) {
  const xs = u.data[0];
  const ya = u.data[a];
  const yb = u.data[b];
  if (!ya || !yb) return;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.fillStyle = fill;
  for (let i = 0; i + 1 < xs.length; i++) {
    const v = [ya[i], ya[i + 1], yb[i], yb[i + 1]];
    if (v.some((q) => q === null || q === undefined || !Number.isFinite(q))) continue;
    if (!(v[0] > v[2] || v[1] > v[3])) continue;
    const X = (x) => u.valToPos(x, "x", true);
    const Y = (y) => u.valToPos(y, "y", true);
    ctx.beginPath();
    ctx.moveTo(X(xs[i]), Y(Math.max(v[0], v[2])));
    ctx.lineTo(X(xs[i + 1]), Y(Math.max(v[1], v[3])));
    ctx.lineTo(X(xs[i + 1]), Y(v[3]));
    ctx.lineTo(X(xs[i]), Y(v[2]));
    ctx.closePath();
    ctx.fill();
  }
}

/** Faint vertical lines at every epoch boundary (x in iterations). */
export function epochTicks(u, ipe, count, color = "rgba(27,35,51,0.13)") {
  const ctx = u.ctx;
  const { top, height } = u.bbox;
  ctx.strokeStyle = color;
  ctx.lineWidth = devicePixelRatio || 1;
  ctx.beginPath();
  for (let k = 1; k < count; k++) {
    const px = u.valToPos(k * ipe, "x", true);
    ctx.moveTo(px, top);
    ctx.lineTo(px, top + height);
  }
  ctx.stroke();
}
