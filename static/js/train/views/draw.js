// The "your own data" panel of /train: the drawing pad, the class picker, brush, undo, clear, the CSV upload
// (read by the server, POST /api/v1/datasets/csv, errors naming row and column), the point count, and the link
// note. It reports the points as a compact code (../points-codec.js); it knows nothing of runs.

import { pick, t } from "../../shared/i18n.js";
import { PALETTE } from "../../shared/palette.js";
import { createDrawPad } from "../draw-pad.js";
import { decodePoints, encodePoints } from "../points-codec.js";

export const LINK_MAX_POINTS = 600; // drawn data sets up to this size travel in the permalink (about 4 KB)

/** opts: {root, maxPoints, onChange({code, rows, kind, inLink, byLearner})}; returns {render(state), relabel(), pad} */
export function createDrawPanel({ root, maxPoints, onChange }) {
  const $ = (sel) => root.querySelector(sel);
  const status = $("[data-draw-status]");
  const error = $("[data-draw-error]");
  let shownCode = "";
  let note = "";
  let loading = false; // points set from the state (a link), not by the learner

  const pad = createDrawPad({
    canvas: $("canvas"), maxPoints,
    onChange: (rows) => {
      const code = rows.length ? encodePoints(rows) : "";
      shownCode = code;
      note = "";
      error.hidden = true;
      renderStatus(rows.length);
      onChange({ code, rows, kind: pad.kind, inLink: rows.length <= LINK_MAX_POINTS, byLearner: !loading });
    },
  });

  function renderStatus(n) {
    const parts = [t("train.ui.draw.count", { n, limit: maxPoints })];
    if (n > LINK_MAX_POINTS) parts.push(t("train.ui.draw.not_in_link", { n, limit: LINK_MAX_POINTS }));
    if (note) parts.push(note);
    status.textContent = parts.join(" ");
  }

  root.querySelectorAll(".swatch").forEach((el, k) => { el.style.background = PALETTE.classes[k]; });
  for (const radio of root.querySelectorAll("input[name=draw_class]")) {
    radio.addEventListener("change", () => pad.setLabel(Number(radio.value)));
  }
  $("[name=draw_brush]").addEventListener("change", (ev) => pad.setBrush(ev.target.checked));
  const kindSel = $("[name=draw_kind]");
  kindSel.addEventListener("change", () => {
    pad.setKind(kindSel.value);
    showKind();
  });
  const showKind = () => {
    kindSel.value = pad.kind;
    $(".draw-class").hidden = pad.kind === "regression";
  };
  $("[data-draw=undo]").addEventListener("click", () => pad.undo());
  $("[data-draw=clear]").addEventListener("click", () => pad.clear());
  $("[name=draw_csv]").addEventListener("change", async (ev) => {
    const file = ev.target.files && ev.target.files[0];
    if (!file) return;
    const r = await fetch("/api/v1/datasets/csv", { method: "POST", headers: { "content-type": "text/csv" },
      body: await file.text() });
    const body = await r.json().catch(() => ({}));
    ev.target.value = "";
    if (!r.ok) {
      const first = Array.isArray(body.detail) ? body.detail[0] : null;
      error.textContent = first ? pick(first.messages) || first.msg : `HTTP ${r.status}`;
      error.hidden = false;
      return;
    }
    pad.setPoints(body.points, { kind: body.kind });
    showKind();
    note = t("train.ui.draw.csv_read", { n: body.rows });
    renderStatus(body.rows);
  });

  return {
    pad,
    /** Show the panel for ds custom; take the points from the state's code when it is not the one drawn. */
    render(state) {
      root.hidden = state.ds !== "custom";
      const code = state.pts || state.ptsMemory || "";
      if (code !== shownCode) {
        const rows = code ? decodePoints(code, maxPoints) : [];
        shownCode = code;
        loading = true;
        if (rows) pad.setPoints(rows, { kind: rows.length && rows[0].length === 2 ? "regression" : "points2d" });
        loading = false;
      }
      showKind();
      if (!root.hidden) pad.draw();
      renderStatus(pad.points.length);
    },
    relabel() {
      renderStatus(pad.points.length);
    },
  };
}
