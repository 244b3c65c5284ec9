// Export of the training page: the received runs as JSON (meta, iteration columns, epochs, done) and CSV (one row
// per iteration, the columns of POST /api/v1/runs?format=csv), and a PNG of what the page drew, with a title and
// each run's setting and verdict.

import { download, fileStem } from "../descent/export.js";
import { t } from "../shared/i18n.js";
import { PALETTE, runColor } from "../shared/palette.js";

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
  const S = 2;
  const shown = canvases.filter((c) => c && c.offsetParent && c.clientWidth > 0);
  const width = Math.max(480, ...shown.map((c) => c.clientWidth));
  const head = 58;
  const row = 22;
  const body = shown.reduce((h, c) => h + c.clientHeight + 12, 0);
  const foot = 12 + row * Math.max(1, items.length);
  const out = document.createElement("canvas");
  out.width = width * S;
  out.height = (head + body + foot) * S;
  const ctx = out.getContext("2d");
  ctx.setTransform(S, 0, 0, S, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, head + body + foot);
  ctx.fillStyle = PALETTE.ink;
  ctx.font = '700 18px "Noto Sans KR", "Noto Sans CJK KR", system-ui, sans-serif';
  ctx.fillText(title, 14, 26);
  ctx.font = '14px "Noto Sans KR", "Noto Sans CJK KR", system-ui, sans-serif';
  ctx.fillText(subtitle, 14, 48);
  let y = head;
  for (const c of shown) {
    ctx.drawImage(c, 0, y, c.clientWidth, c.clientHeight);
    y += c.clientHeight + 12;
  }
  items.forEach((item, i) => {
    const cy = y + 8 + row * i + row / 2;
    ctx.strokeStyle = item.color;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(14, cy);
    ctx.lineTo(38, cy);
    ctx.stroke();
    ctx.fillStyle = PALETTE.ink;
    ctx.textBaseline = "middle";
    ctx.fillText(item.text, 46, cy);
  });
  return out;
}

/**
 * Wire the three export buttons. opts: {store, labelOf(run), title(), subtitle(), canvases(), showError(err)}.
 */
export function bindTrainExport(opts) {
  const stem = () => fileStem("train");
  const items = () => opts.store.list.map((r) => ({
    color: runColor(r.index),
    text: `${opts.labelOf(r)}${r.done ? ` · ${t(`train.ui.verdict.${r.done.diagnosis.verdict}`)}` : ""}`,
  }));
  const byId = (id) => document.getElementById(id);
  const guard = (fn) => () => (opts.store.runs.size ? fn() : opts.showError({ code: "export" }));
  byId("t-btn-json").addEventListener("click", guard(() => download(new Blob(
    [JSON.stringify(trainRunsJSON(opts.store), null, 1)], { type: "application/json" }), `${stem()}.json`)));
  byId("t-btn-csv").addEventListener("click", guard(() => download(new Blob([trainRunsCSV(opts.store)],
    { type: "text/csv" }), `${stem()}.csv`)));
  byId("t-btn-png").addEventListener("click", guard(() => {
    const pic = trainPicture({ title: opts.title(), subtitle: opts.subtitle(), canvases: opts.canvases(),
      items: items() });
    pic.toBlob((blob) => download(blob, `${stem()}.png`), "image/png");
  }));
}
