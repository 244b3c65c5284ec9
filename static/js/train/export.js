// Export of the training page: the received runs as JSON (meta, iteration columns, epochs, done) and CSV (one row
// per iteration, the columns of POST /api/v1/runs?format=csv), and a PNG of what the page drew, with a title and
// each run's setting and verdict.

import { download, fileStem } from "../descent/export.js";
import { t } from "../shared/i18n.js";
import { runColor } from "../shared/palette.js";
import { slide } from "../shared/slide.js";

export const TRAIN_CSV_COLUMNS = ["run_id", "t", "epoch", "iteration", "loss", "grad_norm", "lr"];
const cell = (v) => (Number.isFinite(v) ? String(v) : "");

/** All runs as one JSON-ready object. */
export function trainRunsJSON(store) {
  return {
    format: "descent-lab.runs", protocol: 1,
    runs: store.list.map((r) => {
      const b = r.buf;
      const col = (name) => Array.from(b[name].subarray(0, b.length), (v) => (Number.isFinite(v) ? v : null));
      return { run_id: r.id, meta: r.meta || null, epochs: r.epochs, done: r.done || null,
        steps: { t: col("t"), epoch: col("epoch"), iteration: col("iteration"), loss: col("loss"),
          grad_norm: col("gnorm"), lr: col("lr") } };
    }),
  };
}

/** One CSV row per received iteration. */
export function trainRunsCSV(store) {
  const lines = [TRAIN_CSV_COLUMNS.join(",")];
  for (const r of store.list) {
    const b = r.buf;
    for (let i = 0; i < b.length; i++) {
      lines.push([r.id, cell(b.t[i]), cell(b.epoch[i]), cell(b.iteration[i]), cell(b.loss[i]), cell(b.gnorm[i]),
        cell(b.lr[i])].join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The drawn pictures (canvases on show) stacked under a title, with a legend row per run, at 2× css size. */
export function trainPicture({ title, subtitle, canvases, items }) {
  const shown = canvases.filter((c) => c && c.offsetParent && c.clientWidth > 0);
  const width = Math.max(480, ...shown.map((c) => c.clientWidth));
  const body = shown.reduce((h, c) => h + c.clientHeight + 12, 0);
  return slide(width, body, { title, formula: subtitle, items, math: false }, [(ctx) => {
    let y = 0;
    for (const c of shown) {
      ctx.drawImage(c, 0, y, c.clientWidth, c.clientHeight);
      y += c.clientHeight + 12;
    }
  }]);
}

/**
 * Wire the three export buttons. opts: {store, labelOf(run), showError(err)}; the picture is the page's title, the
 * network line and the pictures on show (boundary, fit, (w, b) path, charts).
 */
export function bindTrainExport(opts) {
  const byId = (id) => document.getElementById(id);
  const stem = () => fileStem("train");
  const items = () => opts.store.list.map((r) => ({
    color: runColor(r.index),
    text: `${opts.labelOf(r)}${r.done ? ` · ${t(`train.ui.verdict.${r.done.diagnosis.verdict}`)}` : ""}`,
  }));
  const canvases = () => [byId("t-boundary"), byId("t-fit"), byId("t-wb"),
    ...document.querySelectorAll("#t-charts canvas")];
  const guard = (fn) => () => (opts.store.runs.size ? fn() : opts.showError({ code: "export" }));
  byId("t-btn-json").addEventListener("click", guard(() => download(new Blob(
    [JSON.stringify(trainRunsJSON(opts.store), null, 1)], { type: "application/json" }), `${stem()}.json`)));
  byId("t-btn-csv").addEventListener("click", guard(() => download(new Blob([trainRunsCSV(opts.store)],
    { type: "text/csv" }), `${stem()}.csv`)));
  byId("t-btn-png").addEventListener("click", guard(() => {
    const pic = trainPicture({ title: t("train.ui.title"), subtitle: byId("t-net").textContent,
      canvases: canvases(), items: items() });
    pic.toBlob((blob) => download(blob, `${stem()}.png`), "image/png");
  }));
}
