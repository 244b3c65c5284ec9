// Export of the training page: the received runs as JSON (meta, iteration columns, epochs, done) and CSV (one row
// per iteration, the columns of POST /api/v1/runs?format=csv), and a PNG of what the page drew, with a title and
// each run's setting and verdict, and each chart's title and line keys.

import { download, fileStem } from "../descent/export.js";
import { t } from "../shared/i18n.js";
import { PALETTE, runColor } from "../shared/palette.js";
import { slide, slideCanvas, TEXT_FONT } from "../shared/slide.js";

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

const TITLE_H = 22; // css px of a chart's title above it
const KEY_H = 18; // css px per row of a chart's line keys
const KEY_FONT = `12px ${TEXT_FONT}`;

/** A chart's title and line keys as the page shows them around it ({title: "", keys: []} for a picture). */
export function chartWords(canvas) {
  const block = canvas.closest(".chart-block");
  if (!block) return { title: "", keys: [] };
  const keys = [...block.querySelectorAll(".chart-keys li")].map((li) => {
    const line = li.querySelector(".key-line");
    const cs = getComputedStyle(line || li.querySelector(".key-gap") || li);
    return { text: li.textContent.trim(), color: line ? cs.borderTopColor : cs.backgroundColor, swatch: !line,
      dash: line ? { dashed: [6, 4], dotted: [2, 3] }[cs.borderTopStyle] || [] : [] };
  });
  return { title: (block.querySelector(".chart-title")?.textContent || "").trim(), keys };
}

/** Where each key goes in rows of `width`: [{key, x, row}], and the number of rows. */
function placeKeys(ctx, keys, width) {
  ctx.font = KEY_FONT;
  let x = 0;
  let row = 0;
  const out = keys.map((key) => {
    const w = 30 + ctx.measureText(key.text).width + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    const at = { key, x, row };
    x += w;
    return at;
  });
  return { placed: out, rows: keys.length ? row + 1 : 0 };
}

function drawKeys(ctx, placed, top) {
  ctx.font = KEY_FONT;
  ctx.textBaseline = "middle";
  for (const { key, x, row } of placed) {
    const y = top + KEY_H * row + KEY_H / 2;
    if (key.swatch) {
      ctx.fillStyle = key.color;
      ctx.fillRect(14 + x, y - 5, 22, 10);
    } else {
      ctx.strokeStyle = key.color;
      ctx.lineWidth = 2.5;
      ctx.setLineDash(key.dash);
      ctx.beginPath();
      ctx.moveTo(14 + x, y);
      ctx.lineTo(38 + x, y);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = PALETTE.ink;
    ctx.fillText(key.text, 14 + x + 30, y);
  }
}

/**
 * The drawn pictures (canvases on show) stacked under a title, each chart with its title and line keys as on the
 * page, and a legend row per run, at 2× css size.
 */
export function trainPicture({ title, subtitle, canvases, items }) {
  const shown = canvases.filter((c) => c && c.offsetParent && c.clientWidth > 0);
  const width = Math.max(480, ...shown.map((c) => c.clientWidth));
  const measure = slideCanvas(1, 1, 1).ctx;
  const parts = shown.map((c) => {
    const words = chartWords(c);
    const keys = placeKeys(measure, words.keys, width - 28);
    return { c, words, keys, h: (words.title ? TITLE_H : 0) + c.clientHeight + KEY_H * keys.rows + 12 };
  });
  const body = parts.reduce((h, p) => h + p.h, 0);
  return slide(width, body, { title, formula: subtitle, items, math: false }, [(ctx) => {
    let y = 0;
    for (const { c, words, keys, h } of parts) {
      const top = y;
      if (words.title) {
        ctx.fillStyle = PALETTE.ink;
        ctx.font = `700 13px ${TEXT_FONT}`;
        ctx.textBaseline = "alphabetic";
        ctx.fillText(words.title, 14, y + 15);
        y += TITLE_H;
      }
      ctx.drawImage(c, 0, y, c.clientWidth, c.clientHeight);
      drawKeys(ctx, keys.placed, y + c.clientHeight);
      y = top + h;
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
