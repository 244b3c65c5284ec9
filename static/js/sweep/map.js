// The map view: a level's cells painted as they stream in, axes, legend, the lesson's markers, the hover line.

import { fmt } from "../shared/format.js";
import { t } from "../shared/i18n.js";
import { el } from "../shared/dom.js";
import { PALETTE, runColor } from "../shared/palette.js";
import { cellColour, drawAxes, drawMarker, frac, paintCells, plotBox } from "./picture.js";
import { cellAt, OUTCOMES } from "./request.js";
import { tileArrays } from "./stream.js";

const rgb = (c) => `rgb(${c.join(",")})`;

export function createMap({ canvas, hover, legend }) {
  let meta = null;
  let level = null; // {n, xs, ys, reason, k, minimum, known, filled}
  let markers = [];
  const off = document.createElement("canvas");

  const axisRange = (values, log) => {
    if (values.length < 2) return [values[0] * (log ? 0.9 : 1) - (log ? 0 : 1), values[0] * (log ? 1.1 : 1) + 1];
    const step = log ? Math.sqrt(values[1] / values[0]) : (values[1] - values[0]) / 2;
    return log ? [values[0] / step, values.at(-1) * step] : [values[0] - step, values.at(-1) + step];
  };
  const axes = () => level && {
    x: axisRange(level.xs, meta.x_log), y: axisRange(level.ys, meta.axes.y === "lr2"),
    xLog: meta.x_log, yLog: meta.axes.y === "lr2",
  };
  const steps = () => (meta ? meta.request.steps : 1);
  const basins = () => meta && meta.kind === "sweep" && meta.request.axes === "start" && meta.minima.length > 0;

  function redraw() {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const box = plotBox(w, h);
    ctx.fillStyle = PALETTE.grid;
    ctx.fillRect(box.x, box.y, box.w, box.h);
    if (!level) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, box.x, box.y, box.w, box.h);
    drawAxes(ctx, box, axes(), { x: t(`sweep.ui.axis.${meta.axes.x}`), y: t(`sweep.ui.axis.${meta.axes.y}`) });
    const a = axes();
    canvas.dataset.markers = String(markers.length);
    markers.forEach((m, i) => drawMarker(ctx, box, a, m.x, m.y, runColor(i), m.label));
  }

  function paint() {
    const ctx = off.getContext("2d");
    const img = ctx.createImageData(level.n, level.n);
    paintCells(img, level.n, level, steps(), basins());
    ctx.putImageData(img, 0, 0);
  }

  function outcomeText(c) {
    const reason = OUTCOMES[level.reason[c]];
    let text = t(`sweep.ui.outcome.${reason}`, { k: level.k[c] });
    if (basins() && level.minimum[c] >= 0 && reason !== "diverged") {
      const [mx, my] = meta.minima[level.minimum[c]];
      text += ` · ${t("sweep.ui.legend.minimum", { x: fmt(mx, 3), y: fmt(my, 3) })}`;
    }
    return text;
  }

  // where the pointer really is: a click reports whole pixels, the pointer events before it the fraction too (a cell
  // may be narrower than a pixel, and the cell clicked must be the one the hover line named)
  let pointer = null;
  for (const type of ["pointermove", "pointerdown"]) {
    canvas.addEventListener(type, (ev) => {
      pointer = { x: ev.clientX, y: ev.clientY };
    });
  }

  /** The cell under a pointer event, or null outside the plot. */
  function cellOf(ev) {
    if (!level) return null;
    const r = canvas.getBoundingClientRect();
    const box = plotBox(r.width, r.height);
    const near = pointer && Math.abs(pointer.x - ev.clientX) < 1 && Math.abs(pointer.y - ev.clientY) < 1;
    const [px, py] = near ? [pointer.x, pointer.y] : [ev.clientX, ev.clientY];
    const fx = (px - r.left - box.x) / box.w;
    const fy = 1 - (py - r.top - box.y) / box.h;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return null;
    const [i, j] = cellAt(fx, fy, level.n);
    return { i, j, c: j * level.n + i };
  }

  /** Page coordinates of cell (i, j)'s centre (for tests and keyboard users' tools). */
  function cellPoint(i, j) {
    const r = canvas.getBoundingClientRect();
    const box = plotBox(r.width, r.height);
    return [r.left + box.x + ((i + 0.5) / level.n) * box.w, r.top + box.y + (1 - (j + 0.5) / level.n) * box.h];
  }

  function describe(cell) {
    if (!cell || !level.known[cell.c]) return t("sweep.ui.hover.empty");
    const x = `${t(`sweep.ui.axis.${meta.axes.x}`)} ${fmt(level.xs[cell.i], 4)}`;
    const y = `${t(`sweep.ui.axis.${meta.axes.y}`)} ${fmt(level.ys[cell.j], 4)}`;
    return `${x}, ${y}: ${outcomeText(cell.c)}`;
  }

  function renderLegend() {
    const items = [];
    const ramp = (reason) => {
      const span = el("span", "ramp");
      const [fast, slow] = [cellColour(reason, 0, 1, -1, false), cellColour(reason, 1, 1, -1, false)];
      span.style.background = `linear-gradient(90deg, ${rgb(fast)}, ${rgb(slow)})`;
      span.setAttribute("aria-hidden", "true");
      return span;
    };
    const net = meta && meta.kind === "trainability";
    for (const [reason, name] of OUTCOMES.entries()) {
      const key = net ? `sweep.ui.legend.net_${name}` : `sweep.ui.legend.${name}`;
      const li = el("li");
      li.append(ramp(reason), el("span", "", t(key)));
      items.push(li);
    }
    if (basins()) {
      meta.minima.forEach(([mx, my], m) => {
        const li = el("li");
        const sw = el("span", "ramp");
        sw.style.background = rgb(cellColour(0, 0, 1, m, true));
        li.append(sw, el("span", "", t("sweep.ui.legend.minimum", { x: fmt(mx, 3), y: fmt(my, 3) })));
        items.push(li);
      });
    }
    if (meta && !net) {
      items.push(el("li", "hint", t("sweep.ui.legend.tol", { tol: fmt(meta.request.grad_tol, 3) })),
        el("li", "hint", t("sweep.ui.legend.bound", { bound: fmt(meta.bound, 3) })));
    }
    legend.replaceChildren(...items);
  }

  canvas.addEventListener("pointermove", (ev) => {
    if (level) hover.textContent = describe(cellOf(ev));
  });

  return {
    begin(m) {
      meta = m;
      level = null;
      renderLegend();
      redraw();
    },
    level(msg) {
      const size = msg.n * msg.n;
      level = { n: msg.n, xs: msg.xs, ys: msg.ys, reason: new Uint8Array(size), k: new Uint16Array(size),
        minimum: new Int8Array(size).fill(-1), known: new Uint8Array(size), filled: 0 };
      off.width = msg.n;
      off.height = msg.n;
    },
    tile(msg) {
      const a = tileArrays(msg);
      const at = msg.rows[0] * level.n;
      level.reason.set(a.reason, at);
      level.k.set(a.k, at);
      if (a.minimum) level.minimum.set(a.minimum, at);
      level.known.fill(1, at, at + a.reason.length);
      level.filled += a.reason.length;
      paint();
      redraw();
    },
    setMarkers(list) {
      markers = list;
      redraw();
    },
    relabel() {
      if (meta) renderLegend();
      redraw();
    },
    redraw, cellOf, cellPoint, describe,
    get meta() {
      return meta;
    },
    get current() {
      return level;
    },
    inWindow: (x, y) => level && [frac(x, ...axes().x, meta.x_log), frac(y, ...axes().y, false)],
  };
}
