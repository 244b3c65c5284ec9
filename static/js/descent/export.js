// Export the received runs (JSON, CSV) and the picture (PNG), built in the browser from what was drawn.

import { fmt } from "../shared/format.js";
import { pick, t } from "../shared/i18n.js";
import { runColor } from "../shared/palette.js";
import { prettyFormula } from "./labels.js";

export const CSV_COLUMNS = ["run_id", "t", "x", "y", "loss", "grad_x", "grad_y", "grad_norm", "lr"];

const nameOf = (r) => r.name || r.id;

/** A received message with the run's public id (r1, r2, …) in place of the page's internal one. */
function renamed(msg, name) {
  if (!msg) return null;
  const out = { ...msg, run_id: name };
  if (out.config) out.config = { ...out.config, id: null };
  return out;
}

/** All runs as one JSON-ready object: per run its meta, step columns and done message. */
export function runsJSON(store, labelOf) {
  return {
    format: "descent-lab.runs",
    protocol: 1,
    runs: store.list.map((r) => ({
      run_id: nameOf(r),
      label: labelOf(r) || null,
      meta: renamed(r.meta, nameOf(r)),
      steps: r.buf.toColumns(),
      done: renamed(r.done, nameOf(r)),
    })),
  };
}

const cell = (v) => (Number.isFinite(v) ? String(v) : "");

/** One CSV row per received record, the same columns as `POST /api/v1/runs?format=csv`. */
export function runsCSV(store) {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of store.list) {
    const b = r.buf;
    for (let i = 0; i < b.length; i++) {
      lines.push([nameOf(r), cell(b.t[i]), cell(b.x[i]), cell(b.y[i]), cell(b.loss[i]), cell(b.gx[i]), cell(b.gy[i]),
        cell(b.gnorm[i]), cell(b.lr[i])].join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Offer a Blob as a file download. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function fileStem(surfaceKey) {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `descent-lab-${surfaceKey}-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A canvas as a PNG Blob. */
export function canvasPNG(canvas) {
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

/** The exported picture's words: the surface, its formula, each run's setting and verdict. */
export function slideHeader(surface, runs, labelOf, lr) {
  const items = runs.map((r) => {
    const setting = labelOf(r) || `${t("ui.short.lr")} = ${fmt(r.meta ? r.meta.config.optimizer.lr : lr)}`;
    const verdict = r.done ? ` · ${t(`ui.verdict.${r.done.diagnosis.verdict}`)}` : "";
    return { color: runColor(r.index), text: `${setting}${verdict}` };
  });
  return { title: pick(surface.title), formula: `f = ${prettyFormula(surface.formula)}`, items };
}
