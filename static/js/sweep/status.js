// The map's progress line, its error box in the reader's language, and the live run of a clicked cell.

import { fmt, grouped } from "../shared/format.js";
import { applyI18n, t } from "../shared/i18n.js";
import { streamMap } from "./stream.js";

/** Stream one map into `map`, keeping the status line and the test hooks up to date. */
export async function drawStatus(url, body, map, status, hooks, signal) {
  let level = null;
  let drawn = 0;
  await streamMap(url, body, (msg) => {
    if (msg.type === "meta") {
      map.begin(msg);
      document.getElementById("sw-net").hidden = msg.kind !== "trainability";
      document.getElementById("sw-net").textContent = t("sweep.ui.net", { steps: msg.request.steps });
    } else if (msg.type === "level") {
      level = msg.n;
      drawn = 0;
      map.level(msg);
    } else if (msg.type === "tile") {
      map.tile(msg);
      drawn += (msg.rows[1] - msg.rows[0]) * msg.n;
      hooks.tiles += 1;
      status.textContent = t("sweep.ui.status.level", { n: level, done: grouped(drawn), total: grouped(level * level) });
      if (drawn === level * level) hooks.level = level;
    } else if (msg.type === "done") {
      status.textContent = msg.reason === "limit" ? t("sweep.ui.status.limit")
        : t("sweep.ui.status.done", { cells: grouped(msg.cells), seconds: fmt(msg.seconds, 2) });
    }
  }, signal);
}

const FIELD_KEYS = { n: "sweep.ui.field.n", steps: "sweep.ui.field.steps" };

/** Show a refused request or a broken connection (null hides the box). */
export function drawError(box, err) {
  box.hidden = !err;
  if (!err) return;
  const lines = [t("sweep.ui.error.title")];
  if (err.status === 429) lines.push(t("sweep.ui.error.busy"));
  else if (Array.isArray(err.detail)) {
    for (const d of err.detail.slice(0, 6)) {
      const field = t(FIELD_KEYS[d.loc && d.loc.at(-1)] || "ui.field.surface");
      lines.push(d.type === "limit" ? t("sweep.ui.error.limit", { field, value: grouped(d.value), limit: grouped(d.limit) })
        : d.msg);
    }
  } else lines.push(err.status ? `HTTP ${err.status}` : t("sweep.ui.error.connect"));
  box.replaceChildren(...lines.map((line, i) => {
    const e = document.createElement(i ? "p" : "strong");
    e.textContent = line;
    return e;
  }));
}

/** Play a cell's run in the live panel (the embedded simulator, started at once) and link the main page. */
export function playCell(query, label, lang) {
  const frame = document.getElementById("sw-live-frame");
  const langPart = lang ? `&lang=${lang}` : "";
  frame.src = `/embed?${query}&autoplay=1&speed=max&hide=controls,charts,legend${langPart}`;
  frame.hidden = false;
  const open = document.getElementById("sw-live-open");
  open.href = `/?${query}${langPart}`;
  open.hidden = false;
  document.getElementById("sw-live-cell").textContent = label;
  return frame.src;
}

/** The texts that depend on the map: a trainability cell is a training and a click zooms. */
export function applyMode(kind, axes) {
  const net = kind === "trainability";
  const hint = net ? "sweep.ui.hint_net" : axes === "start" ? "sweep.ui.hint_basins" : "sweep.ui.hint";
  document.getElementById("sw-hint").dataset.i18n = hint;
  document.getElementById("sw-live-title").dataset.i18n = net ? "sweep.ui.zoom.title" : "sweep.ui.live.title";
  document.getElementById("sw-live-hint").dataset.i18n = net ? "sweep.ui.zoom.hint" : "sweep.ui.live.hint";
  for (const id of ["sw-live-frame", "sw-live-open"]) if (net) document.getElementById(id).hidden = true;
  if (net) document.getElementById("sw-live-cell").textContent = "";
  applyI18n();
}
