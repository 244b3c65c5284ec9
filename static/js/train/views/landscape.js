// The loss landscape at the end of a run: the loss on the plane through the final weights spanned by the two
// main directions (PCA) of the weight path, with the path itself, one point per saved epoch.

import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";
import { PALETTE } from "../../shared/palette.js";
import { widthOf, drawAxes, drawStar, plotTransform, polyline, sizeCanvas } from "./canvas.js";
import { drawContours, gridContours } from "../../shared/contour.js";
import { clipToPlot, strokeWithHalo } from "../../shared/paint.js";

const MARGIN = { left: 50, right: 12, top: 10, bottom: 40 };
const PATH = PALETTE.runs[1]; // the path of weights through the landscape

/** opts: {canvas, note} — draw(run) shows run.done.landscape, or clears when there is none; prepare(run) traces its
 * contours ahead, so the tracing and the painting can fall in different frames. */
export function createLandscapeView({ canvas, note }) {
  let contours = null;
  let contoursOf = null;

  function clear(reason) {
    canvas.hidden = true;
    canvas.dataset.points = "0";
    note.textContent = reason ? t(reason) : "";
  }

  /** The contour bands of the run's landscape, traced once per grid (the heavier half of the drawing). */
  function prepare(run) {
    const scape = run && run.done ? run.done.landscape : null;
    if (scape && scape.grid && contoursOf !== scape.grid) {
      contours = gridContours(scape.grid);
      contoursOf = scape.grid;
    }
  }

  return {
    prepare,
    draw(run) {
      const scape = run && run.done ? run.done.landscape : null;
      if (!scape || !scape.grid) {
        clear(run && run.done ? "train.ui.landscape.none" : "train.ui.landscape.waiting");
        return;
      }
      prepare(run);
      canvas.hidden = false;
      const view = scape.grid.domain;
      const width = Math.max(220, widthOf(canvas.parentElement));
      const height = Math.round(Math.min(300, Math.max(200, width * 0.8)));
      const plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right,
        height: height - MARGIN.top - MARGIN.bottom };
      const ctx = sizeCanvas(canvas, width, height);
      const tr = plotTransform(view, plot);
      drawContours(ctx, contours, tr);
      clipToPlot(ctx, plot);
      const pts = scape.path.map(([a, b]) => [tr.px(a), tr.py(b)]);
      polyline(ctx, pts);
      ctx.lineJoin = "round";
      strokeWithHalo(ctx, PATH, 2, 4);
      ctx.font = "11px system-ui, sans-serif";
      ctx.textBaseline = "bottom";
      const every = Math.max(1, Math.ceil(pts.length / 8));
      pts.forEach(([x, y], i) => {
        ctx.beginPath();
        ctx.arc(x, y, 3, 0, 2 * Math.PI);
        ctx.fillStyle = PATH;
        ctx.fill();
        if (i % every === 0 || i === pts.length - 1) {
          const label = String(scape.epochs[i]);
          ctx.lineWidth = 3;
          ctx.strokeStyle = "rgba(255,255,255,0.9)";
          ctx.strokeText(label, x + 5, y - 3);
          ctx.fillStyle = PALETTE.ink;
          ctx.fillText(label, x + 5, y - 3);
        }
      });
      if (pts.length) drawStar(ctx, pts[pts.length - 1][0], pts[pts.length - 1][1], 7);
      ctx.restore();
      drawAxes(ctx, tr, t("train.ui.landscape.axis1"), t("train.ui.landscape.axis2"));
      const [v1, v2] = scape.explained_variance;
      const params = run.meta ? run.meta.plan.parameters : "?";
      let text = t("train.ui.landscape.note", { p: params, v1: fmt(100 * v1, 3), v2: fmt(100 * v2, 3) });
      if (scape.capped) text += ` ${t("train.ui.landscape.capped", { n: scape.capped })}`;
      note.textContent = text;
      canvas.dataset.points = String(pts.length);
    },
    clear() {
      clear("train.ui.landscape.waiting");
    },
  };
}
