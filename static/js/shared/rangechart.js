// The range test's chart: batch loss and smoothed loss against the learning rate on a log axis (x is log10 η on a
// linear scale with decade ticks), the suggested rate marked, and how it was chosen in words. The numbers come
// from the run's `done.range_test` (app/core/range_test.py); nothing is computed here but pixels.

import { fmt } from "./format.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";

const HEIGHT = 200;

/** Integer decades between lo and hi (log10 space). */
function decades(lo, hi) {
  const out = [];
  for (let k = Math.ceil(lo - 1e-9); k <= Math.floor(hi + 1e-9); k++) out.push(k);
  return out.length ? out : [lo, hi];
}

/** The chart for one range test: {el, draw(rangeTest), relabel()}. */
export function createRangeChart() {
  const root = el("section", "range-chart");
  const title = el("h4", "", "");
  const plotBox = el("div", "range-plot");
  const caption = el("p", "range-caption");
  const explode = el("p", "hint range-explode");
  root.append(title, plotBox, caption, explode);
  root.hidden = true;
  let plot = null;
  let last = null;

  function draw(rt) {
    last = rt;
    if (!rt || !rt.lr || rt.lr.length < 3) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    root.dataset.suggested = String(rt.suggested_lr);
    root.dataset.method = rt.method;
    const xs = rt.lr.map((v) => Math.log10(v));
    const mark = Math.log10(rt.suggested_lr);
    if (plot) plot.destroy();
    plot = new globalThis.uPlot({
      width: Math.max(240, plotBox.clientWidth || 360),
      height: HEIGHT,
      // the loss explodes at the largest rates: the y axis ends at twice the starting loss so the fall stays legible
      scales: { x: { time: false }, y: { range: () => [0, 2 * Math.max(rt.smoothed[0], rt.min_loss)] } },
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { label: t("ui.range.x"), labelSize: 18, size: 34, stroke: "#3d465a", grid: { stroke: "#e7eaf0" },
          splits: (u, i, lo, hi) => decades(lo, hi), values: (u, vals) => vals.map((v) => fmt(10 ** v, 2)) },
        { size: 48, stroke: "#3d465a", grid: { stroke: "#e7eaf0" } },
      ],
      series: [{}, { label: t("ui.range.loss"), stroke: "#9aa3b5", width: 1, points: { show: false } },
        { label: t("ui.range.smoothed"), stroke: "#2f6fdf", width: 2, points: { show: false } }],
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          const x = u.valToPos(mark, "x", true);
          ctx.save();
          ctx.strokeStyle = "#d9480f";
          ctx.lineWidth = 2;
          ctx.setLineDash([5, 4]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.restore();
        }],
      },
    }, [xs, rt.loss, rt.smoothed], plotBox);
    plot.root.setAttribute("aria-hidden", "true");
    relabel();
  }

  function relabel() {
    title.textContent = t("ui.range.title");
    if (!last) return;
    caption.textContent = t("ui.range.suggested", { lr: fmt(last.suggested_lr, 2), min_lr: fmt(last.min_lr, 2),
      tenth: fmt(last.min_lr_over_10, 2) });
    explode.textContent = last.explode_lr ? t("ui.range.explodes", { lr: fmt(last.explode_lr, 2) }) : "";
  }

  return { el: root, draw, relabel };
}
