// 2D data sets: the points (coloured by class; training filled, validation hollow, test square) over the live
// decision boundary (the latest epoch's grid as a colour map, probability → colour, and the p = ½ line).

import { fitPlot } from "../../shared/geometry.js";
import { PALETTE } from "../../shared/palette.js";
import { widthOf, drawAxes, INK, paintedVariety, sizeCanvas } from "./canvas.js";
import { traceIsoline } from "../../shared/contour.js";
import { clipToPlot } from "../../shared/paint.js";

const CLASS_COLORS = PALETTE.classes;
const MARGIN = { left: 46, right: 12, top: 10, bottom: 40 };

function rgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const CLASS_RGB = CLASS_COLORS.map(rgb);

/** Background colour for P(class 1) = p: class 0's tint below ½, class 1's above, white at ½. */
export function probabilityColor(p) {
  const q = Math.min(1, Math.max(0, p));
  const [r, g, b] = q < 0.5 ? CLASS_RGB[0] : CLASS_RGB[1];
  const k = Math.abs(q - 0.5) * 2 * 0.4;
  return [255 + (r - 255) * k, 255 + (g - 255) * k, 255 + (b - 255) * k].map(Math.round);
}

function heatImage(grid) {
  const [ny, nx] = grid.shape;
  const off = document.createElement("canvas");
  off.width = nx;
  off.height = ny;
  const ctx = off.getContext("2d");
  const img = ctx.createImageData(nx, ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = grid.values[j * nx + i];
      let c = [238, 240, 244];
      if (v !== null && Number.isFinite(v)) {
        if (grid.quantity === "class") {
          const [r, g, b] = CLASS_RGB[Math.round(v) % CLASS_RGB.length];
          c = [255 + (r - 255) * 0.3, 255 + (g - 255) * 0.3, 255 + (b - 255) * 0.3];
        } else {
          c = probabilityColor(v);
        }
      }
      const k = ((ny - 1 - j) * nx + i) * 4; // row 0 of the grid is the bottom
      img.data[k] = c[0];
      img.data[k + 1] = c[1];
      img.data[k + 2] = c[2];
      img.data[k + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return off;
}

function decisionLine(ctx, grid, tr) {
  if (grid.quantity !== "probability" || !globalThis.d3) return;
  traceIsoline(ctx, grid, 0.5, tr);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1.8;
  ctx.stroke();
}

function marker(ctx, split, x, y, color) {
  ctx.beginPath();
  if (split === "test") ctx.rect(x - 3.2, y - 3.2, 6.4, 6.4);
  else ctx.arc(x, y, split === "train" ? 3.3 : 3.4, 0, 2 * Math.PI);
  if (split === "train") {
    ctx.fillStyle = color;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 1;
    ctx.fill();
    ctx.stroke();
  } else {
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.8;
    ctx.fill();
    ctx.stroke();
  }
}

function extentOf(points) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const part of Object.values(points)) {
    for (const [x, y] of part.x) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const px = 0.1 * (x1 - x0 || 1);
  const py = 0.1 * (y1 - y0 || 1);
  return [[x0 - px, x1 + px], [y0 - py, y1 + py]];
}

/** The boundary view: draw(run) with the run to show (its meta and latest epoch). */
export function createPointsView(canvas) {
  let heat = null;
  let heatOf = null;
  let drawn = "";
  let drawnGrid = null;
  return {
    draw(run) {
      const meta = run && run.meta;
      const data = meta && meta.dataset;
      if (!data || !data.points) return;
      const lastEpoch = run.epochs.length ? run.epochs[run.epochs.length - 1] : null;
      const grid = lastEpoch && lastEpoch.boundary;
      const key = `${run.id}|${widthOf(canvas.parentElement)}|${window.devicePixelRatio}`;
      if (key === drawn && grid === drawnGrid) return;
      drawn = key;
      drawnGrid = grid;
      const view = grid ? grid.domain : meta.plan.boundary ? meta.plan.boundary.domain : extentOf(data.points);
      const width = Math.max(240, widthOf(canvas.parentElement));
      const plot = fitPlot(view, width, Math.min(440, width * 0.9), MARGIN);
      const ctx = sizeCanvas(canvas, width, plot.canvasHeight);
      const [[x0, x1], [y0, y1]] = view;
      const tr = {
        view, plot,
        px: (x) => plot.left + ((x - x0) / (x1 - x0)) * plot.width,
        py: (y) => plot.top + ((y1 - y) / (y1 - y0)) * plot.height,
      };
      clipToPlot(ctx, plot);
      ctx.fillStyle = "#f6f7fa";
      ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
      if (grid) {
        if (heatOf !== grid) {
          heat = heatImage(grid);
          heatOf = grid;
        }
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(heat, plot.left, plot.top, plot.width, plot.height);
        decisionLine(ctx, grid, tr);
      }
      for (const split of ["train", "validation", "test"]) {
        const part = data.points[split];
        if (!part) continue;
        part.x.forEach(([x, y], i) => {
          marker(ctx, split, tr.px(x), tr.py(y), CLASS_COLORS[part.y[i] % CLASS_COLORS.length]);
        });
      }
      ctx.restore();
      drawAxes(ctx, tr, "x₁", "x₂");
      canvas.dataset.epoch = lastEpoch ? String(lastEpoch.epoch) : "";
      canvas.dataset.boundary = grid ? "1" : "0";
    },
    /** Distinct colours seen on the canvas (a blank one has 1). */
    variety: () => paintedVariety(canvas),
  };
}
