// The map: sizes the two canvases to the surface's view box, redraws them through the loop, lets the user pick
// the start point (click or drag) and shows a tooltip for the recorded point under the pointer.

import { fitPlot, makeTransform } from "../../shared/geometry.js";
import { gridContours } from "../../shared/contour.js";
import { drawSurface } from "./surface.js";
import { drawTrajectories, nearest } from "./trajectory.js";
import { runColor } from "../../shared/palette.js";
import { drawHead, drawLegend, HEAD, legendHeight, slideCanvas } from "../../shared/slide.js";
import { fetchGrid } from "../api.js";
import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";

const MARGIN = { left: 46, right: 12, top: 10, bottom: 40 };

function roundTo(v, span) {
  const d = Math.max(0, Math.ceil(-Math.log10(span / 400)));
  return Number(v.toFixed(d));
}

/**
 * opts: {root, loop, store, getStart(), onPick(point, final), runLabel(run), onDrawn(drawnById)}
 */
export function createMapView(opts) {
  const { root, loop, store } = opts;
  const base = root.querySelector("[data-layer=surface]");
  const over = root.querySelector("[data-layer=path]");
  const tip = root.querySelector("[data-layer=tip]");
  const bctx = base.getContext("2d");
  const octx = over.getContext("2d");
  let surface = null;
  let contours = null;
  let tr = null;
  let pointer = null; // last hover position in css px
  let dragging = false;
  let wanted = null; // surface key being loaded

  function layout() {
    if (!surface) return;
    const width = root.clientWidth || 320;
    const maxHeight = Math.max(260, Math.min(window.innerHeight * 0.78, 760));
    const plot = fitPlot(surface.view, width, maxHeight, MARGIN);
    const dpr = window.devicePixelRatio || 1;
    for (const [c, ctx] of [[base, bctx], [over, octx]]) {
      c.style.width = `${width}px`;
      c.style.height = `${plot.canvasHeight}px`;
      c.width = Math.round(width * dpr);
      c.height = Math.round(plot.canvasHeight * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    root.style.height = `${plot.canvasHeight}px`;
    root.dataset.plot = [plot.left, plot.top, plot.width, plot.height].map((v) => v.toFixed(2)).join(",");
    tr = makeTransform(surface.view, plot);
    loop.mark("surface", "path", "tip");
  }

  function drawBase() {
    if (tr) drawSurface(bctx, surface, contours, tr);
  }

  function drawPath() {
    if (!tr) return;
    const runs = store.list;
    const drawn = drawTrajectories(octx, runs, tr, { start: opts.getStart(), color: runColor });
    const total = Object.values(drawn).reduce((a, b) => a + b, 0);
    root.dataset.points = String(total);
    opts.onDrawn(drawn);
  }

  function row(label, value) {
    const tr_ = document.createElement("tr");
    const th = document.createElement("th");
    const td = document.createElement("td");
    th.textContent = label;
    td.textContent = value;
    tr_.append(th, td);
    return tr_;
  }

  function drawTip() {
    if (!tr || !pointer || dragging) {
      tip.hidden = true;
      return;
    }
    const hit = nearest(store.list, tr, pointer.x, pointer.y);
    if (!hit) {
      tip.hidden = true;
      return;
    }
    const r = hit.run.buf.record(hit.index);
    const table = document.createElement("table");
    const label = opts.runLabel(hit.run);
    if (label) {
      const cap = document.createElement("caption");
      cap.textContent = label;
      cap.style.color = runColor(hit.run.index);
      table.append(cap);
    }
    table.append(
      row(t("ui.tip.step"), String(r.t)),
      row(t("ui.tip.position"), `(${fmt(r.x)}, ${fmt(r.y)})`),
      row(t("ui.tip.loss"), fmt(r.loss)),
      row(t("ui.tip.grad_norm"), fmt(r.gnorm)),
      row(t("ui.tip.lr"), fmt(r.lr)),
    );
    tip.replaceChildren(table);
    tip.hidden = false;
    const px = tr.px(r.x);
    const py = tr.py(r.y);
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = px + 14 + w > root.clientWidth ? px - 14 - w : px + 14;
    const top = Math.max(0, Math.min(root.clientHeight - h, py - h / 2));
    tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  loop.add("surface", drawBase);
  loop.add("path", drawPath);
  loop.add("tip", drawTip);

  function local(ev) {
    const rect = over.getBoundingClientRect();
    return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
  }

  function pick(p, final) {
    const { plot } = tr;
    const x = Math.min(plot.left + plot.width, Math.max(plot.left, p.x));
    const y = Math.min(plot.top + plot.height, Math.max(plot.top, p.y));
    const [[x0, x1], [y0, y1]] = surface.view;
    opts.onPick([roundTo(tr.wx(x), x1 - x0), roundTo(tr.wy(y), y1 - y0)], final);
  }

  function inPlot(p) {
    const { plot } = tr;
    return p.x >= plot.left && p.x <= plot.left + plot.width && p.y >= plot.top && p.y <= plot.top + plot.height;
  }

  over.addEventListener("pointerdown", (ev) => {
    if (!tr || ev.button !== 0) return;
    const p = local(ev);
    if (!inPlot(p)) return;
    dragging = true;
    over.setPointerCapture(ev.pointerId);
    pick(p, false);
    loop.mark("tip");
  });
  over.addEventListener("pointermove", (ev) => {
    if (!tr) return;
    pointer = local(ev);
    if (dragging) pick(pointer, false);
    loop.mark("tip");
  });
  const end = (ev) => {
    if (!dragging) return;
    dragging = false;
    if (ev.type === "pointerup") pick(local(ev), true);
  };
  over.addEventListener("pointerup", end);
  over.addEventListener("pointercancel", end);
  over.addEventListener("pointerleave", () => {
    pointer = null;
    loop.mark("tip");
  });

  new ResizeObserver(() => layout()).observe(root.parentElement);

  return {
    /** Show a surface (catalog entry); its grid is fetched once and contoured. */
    async setSurface(info) {
      if (surface && surface.key === info.key) return;
      wanted = info.key;
      surface = info;
      contours = null;
      root.dataset.surface = info.key;
      root.dataset.ready = "0";
      layout();
      const grid = await fetchGrid(info.key);
      if (wanted !== info.key) return;
      contours = gridContours(grid, { count: 16, logLevels: info.log_levels });
      root.dataset.ready = "1";
      loop.mark("surface");
    },
    redrawPath() {
      loop.mark("path", "tip");
    },
    /** The picture: surface and trajectory layers in one canvas. */
    /**
     * The map as a slide, at 2× the page's size: the title and formula above, the axes, and a legend below with
     * each run's setting and verdict. header: {title, formula, items: [{color, text}]}.
     */
    picture(header) {
      const S = 2;
      const w = parseFloat(base.style.width) || base.width;
      const h = parseFloat(base.style.height) || base.height;
      const layer = (draw) => {
        const { canvas, ctx } = slideCanvas(w, h, S);
        if (tr) draw(ctx);
        return canvas;
      };
      const surf = layer((ctx) => drawSurface(ctx, surface, contours, tr));
      const path = layer((ctx) => drawTrajectories(ctx, store.list, tr, { start: opts.getStart(), color: runColor }));
      const foot = legendHeight(header.items.length);
      const { canvas: c, ctx } = slideCanvas(w, HEAD + h + foot, S);
      drawHead(ctx, header.title, header.formula, { math: true });
      ctx.drawImage(surf, 0, HEAD, w, h);
      ctx.drawImage(path, 0, HEAD, w, h);
      drawLegend(ctx, header.items, HEAD + h);
      c.dataset.scale = String(S);
      return c;
    },
    composite() {
      const c = document.createElement("canvas");
      c.width = base.width;
      c.height = base.height;
      const ctx = c.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.drawImage(base, 0, 0);
      ctx.drawImage(over, 0, 0);
      return c;
    },
  };
}
