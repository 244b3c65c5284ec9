// Per-layer health over iterations for the shown run: gradient norm ‖g_l‖ and update ratio ‖Δθ_l‖/‖θ_l‖ on log
// axes, and the share of dead ReLU (or saturated sigmoid/tanh) units of each hidden layer. One line per layer.

import { getLang, t } from "../../shared/i18n.js";
import { PALETTE } from "../../shared/palette.js";
import { inPieces } from "../../shared/slices.js";
import { createUChart } from "../../shared/uchart.js";

const MAX_POINTS = 2000; // longer runs are drawn with every k-th iteration
const LAYER_COLORS = [0, 4, 2, 3, 1].map((i) => PALETTE.runs[i]); // layer 1 … L: Okabe–Ito

function thin(cols, log) {
  const n = cols[0].length;
  const k = Math.max(1, Math.ceil(n / MAX_POINTS));
  return cols.map((c, ci) => {
    const out = [];
    for (let i = 0; i < n; i += k) {
      const v = c[i];
      out.push(ci === 0 ? v : !Number.isFinite(v) ? null : log ? (v > 0 ? Math.log10(v) : null) : v);
    }
    return out;
  });
}

/** els: {grad, ratio, inactive, inactiveTitle, keys} → {draw(run) (returns the next piece), clear()} */
export function createLayerCharts(els) {
  const charts = {
    layer_grad_norm: createUChart({ el: els.grad, height: 150 }),
    update_ratio: createUChart({ el: els.ratio, height: 150 }),
    inactive: createUChart({ el: els.inactive, height: 150 }),
  };

  /** Draw the run's per-layer charts, one chart a piece: returns the next chart's drawing (shared/slices.js runs it
   * in a later frame), or nothing after the last. */
  function draw(run) {
    const series = run && run.layers;
    if (!series || !series.length) {
      clear();
      return undefined;
    }
    const depth = series.width("layer_grad_norm");
    const kind = run.meta.plan.network ? run.meta.plan.network.inactive_kind : "dead";
    const title = t(kind === "dead" ? "train.ui.layers.dead" : "train.ui.layers.saturated");
    if (els.inactiveTitle.textContent !== title) els.inactiveTitle.textContent = title;
    els.inactive.parentElement.hidden = series.width("inactive") === 0; // no hidden layer: nothing can be dead
    keys(depth);
    const todo = Object.entries(charts).filter(([metric]) => series.width(metric) > 0);
    return todo.length ? inPieces(todo, 1, ([metric, chart]) => drawChart(run, depth, metric, chart)) : undefined;
  }

  function drawChart(run, depth, metric, chart) {
    const series = run.layers;
    const width = series.width(metric);
    const log = metric !== "inactive";
    chart.ensure({
      key: `${metric}|${run.id}|${width}|${getLang()}`,
      xLabel: t("train.ui.chart.x_iteration"),
      log,
      yRange: log ? undefined : () => [0, 1],
      series: Array.from({ length: width }, (_, l) => ({
        label: l === depth - 1 && metric !== "inactive" ? t("train.ui.net.outputs") : t("train.ui.net.layer", { l: l + 1 }),
        stroke: LAYER_COLORS[l % LAYER_COLORS.length], width: 1.5,
      })),
    });
    chart.setData(thin(series.data(metric), log));
    const el = metric === "layer_grad_norm" ? els.grad : metric === "update_ratio" ? els.ratio : els.inactive;
    el.dataset.points = String(series.length);
    el.dataset.layers = String(width);
  }

  let keysKey = "";
  function keys(depth) {
    const key = `${depth}|${getLang()}`;
    if (key === keysKey) return;
    keysKey = key;
    els.keys.replaceChildren(...Array.from({ length: depth }, (_, l) => {
      const li = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "key-line";
      sw.style.borderColor = LAYER_COLORS[l % LAYER_COLORS.length];
      sw.setAttribute("aria-hidden", "true");
      const label = document.createElement("span");
      label.textContent = l === depth - 1 ? t("train.ui.net.outputs") : t("train.ui.net.layer", { l: l + 1 });
      li.append(sw, label);
      return li;
    }));
  }

  function clear() {
    for (const [metric, chart] of Object.entries(charts)) {
      chart.destroy();
      const el = metric === "layer_grad_norm" ? els.grad : metric === "update_ratio" ? els.ratio : els.inactive;
      el.dataset.points = "0";
    }
    els.keys.replaceChildren();
    keysKey = "";
  }

  return {
    draw, clear, resize() {
      for (const c of Object.values(charts)) c.resize();
    },
  };
}
