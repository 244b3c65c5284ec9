// The map: sizes the two canvases to the surface's view box, redraws them through the loop, lets the user pick
// the start point (click or drag) and shows a tooltip for the recorded point under the pointer. It zooms and pans
// (wheel, pinch, shift- or middle-button drag, the buttons; double-click resets), recontouring the window from the
// server's grid of that window, and fits the view to the runs.

import { fitPlot, makeTransform } from "../../shared/geometry.js";
import { gridContours } from "../../shared/contour.js";
import { drawSurface } from "./surface.js";
import { drawOverlay, drawTrajectories, nearest } from "./trajectory.js";
import { runColor } from "../../shared/palette.js";
import { fetchGrid, fetchWindowGrid } from "../api.js";
import { fitBox, panBox, sameBox, zoomBox } from "../../shared/viewbox.js";
import { el } from "../../shared/dom.js";
import { slide } from "../../shared/slide.js";
import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";

const MARGIN = { left: 46, right: 12, top: 10, bottom: 40 };

function roundTo(v, span) {
  const d = Math.max(0, Math.ceil(-Math.log10(span / 400)));
  return Number(v.toFixed(d));
}

/**
 * opts: {root, loop, store, getStart(), onPick(point, final), runLabel(run), onDrawn(drawnById), onSurface() (the
 * surface layer was drawn: a new window or its contours)}
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
  let overlay = null; // the anatomy panel's arrows of one update
  let upTo = null; // the time scrubber's step (null: every record)
  let home = null; // the surface's own view box
  let view = null; // the window shown (home's aspect ratio)
  let homeContours = null;
  let plot = null;
  let recontour = 0; // timer of the pending window grid
  let panning = null; // {x, y} of the last pan position
  const pointers = new Map(); // touch pointers for a pinch
  let pinch = null;
  const zoomBar = el("div", "map-zoom");
  const buttons = {};
  for (const [name, text] of [["in", "+"], ["out", "−"], ["fit", "⤢"], ["reset", "⟲"]]) {
    const b = el("button", `btn btn-small map-zoom-${name}`, text);
    b.type = "button";
    b.dataset.zoom = name;
    b.dataset.i18nTitle = `ui.map.zoom.${name}`;
    b.dataset.i18nAriaLabel = `ui.map.zoom.${name}`;
    b.title = t(`ui.map.zoom.${name}`);
    b.setAttribute("aria-label", b.title);
    buttons[name] = b;
    zoomBar.append(b);
  }
  root.append(zoomBar);

  function layout() {
    if (!surface) return;
    const width = root.clientWidth || 320;
    const maxHeight = Math.max(260, Math.min(window.innerHeight * 0.78, 760));
    plot = fitPlot(home, width, maxHeight, MARGIN);
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
    tr = makeTransform(view, plot);
    loop.mark("surface", "path", "tip");
  }

  /** Show window `box` (null: the surface's own view); contours for it follow from the server. */
  function setView(box) {
    if (!surface || !plot) return;
    view = box || home;
    tr = makeTransform(view, plot);
    root.dataset.view = view.flat().map((v) => String(Number(v.toPrecision(6)))).join(",");
    root.dataset.zoomed = sameBox(view, home) ? "0" : "1";
    loop.mark("surface", "path", "tip");
    clearTimeout(recontour);
    if (sameBox(view, home)) {
      contours = homeContours;
      root.dataset.contours = "home";
      return;
    }
    root.dataset.contours = "pending";
    const key = surface.key;
    const box_ = view;
    recontour = setTimeout(() => {
      fetchWindowGrid(key, box_).then((grid) => {
        if (!surface || surface.key !== key || view !== box_) return;
        contours = gridContours(grid, { count: 16, logLevels: surface.log_levels, view: box_ }) || contours;
        root.dataset.contours = "window";
        loop.mark("surface");
      }, () => {});
    }, 120);
  }

  const worldAt = (p) => [tr.wx(p.x), tr.wy(p.y)];
  function zoomAt(p, factor) {
    const [wx, wy] = worldAt(p);
    setView(zoomBox(view, factor, wx, wy));
  }
  function centre() {
    return { x: plot.left + plot.width / 2, y: plot.top + plot.height / 2 };
  }
  /** Every finite recorded point of the shown runs, and the start. */
  function runPoints() {
    const pts = [];
    for (const run of store.list) {
      if (run.hidden) continue;
      const { x, y, length } = run.buf;
      for (let i = 0; i < length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) pts.push([x[i], y[i]]);
    }
    return pts;
  }
  buttons.in.addEventListener("click", () => zoomAt(centre(), 1.5));
  buttons.out.addEventListener("click", () => zoomAt(centre(), 1 / 1.5));
  buttons.fit.addEventListener("click", () => setView(fitBox(home, runPoints())));
  buttons.reset.addEventListener("click", () => setView(null));

  function drawBase() {
    if (!tr) return;
    drawSurface(bctx, surface, contours, tr);
    if (opts.onSurface) opts.onSurface();
  }

  function drawPath() {
    if (!tr) return;
    const runs = store.list;
    const { drawn, ghosts } = drawTrajectories(octx, runs, tr, { start: opts.getStart(), color: runColor,
      offText: (n) => t("ui.map.off_steps", { n }), upTo });
    if (upTo !== null) for (const r of runs) drawn[r.id] = r.buf.length; // scrubbing back: all were drawn before
    for (const r of runs) if (r.hidden) drawn[r.id] = r.buf.length; // hidden on purpose: every record is accounted for
    drawOverlay(octx, overlay, tr);
    const total = Object.values(drawn).reduce((a, b) => a + b, 0);
    root.dataset.points = String(total);
    root.dataset.ghosts = String(ghosts);
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
    const [[x0, x1], [y0, y1]] = view;
    opts.onPick([roundTo(tr.wx(x), x1 - x0), roundTo(tr.wy(y), y1 - y0)], final);
  }

  function inPlot(p) {
    const { plot } = tr;
    return p.x >= plot.left && p.x <= plot.left + plot.width && p.y >= plot.top && p.y <= plot.top + plot.height;
  }

  over.addEventListener("wheel", (ev) => {
    if (!tr) return;
    const p = local(ev);
    if (!inPlot(p)) return;
    ev.preventDefault();
    zoomAt(p, Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015)));
  }, { passive: false });
  // a click picks the start point once it is clearly not the first half of a double-click (which resets the
  // view and leaves the start where it was)
  let pendingPick = 0;
  let startBefore = null;
  over.addEventListener("dblclick", (ev) => {
    ev.preventDefault();
    clearTimeout(pendingPick);
    pendingPick = 0;
    if (startBefore) opts.onPick(startBefore, false);
    startBefore = null;
    setView(null);
  });

  over.addEventListener("pointerdown", (ev) => {
    if (!tr) return;
    const p = local(ev);
    if (ev.pointerType === "touch") pointers.set(ev.pointerId, p);
    if (pointers.size === 2) { // a second finger: pinch and pan instead of moving the start
      dragging = false;
      const [a, b] = [...pointers.values()];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y), m: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
      return;
    }
    if (ev.button === 1 || (ev.button === 0 && ev.shiftKey)) { // shift-drag or the middle button pans
      ev.preventDefault();
      panning = p;
      over.setPointerCapture(ev.pointerId);
      return;
    }
    if (ev.button !== 0 || !inPlot(p)) return;
    dragging = { x: p.x, y: p.y };
    if (!pendingPick) startBefore = opts.getStart();
    over.setPointerCapture(ev.pointerId);
    pick(p, false);
    loop.mark("tip");
  });
  over.addEventListener("pointermove", (ev) => {
    if (!tr) return;
    pointer = local(ev);
    if (pointers.has(ev.pointerId)) pointers.set(ev.pointerId, pointer);
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      const m = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const moved = panBox(view, (pinch.m.x - m.x) / tr.sx, (m.y - pinch.m.y) / tr.sy);
      tr = makeTransform(moved, plot);
      const [wx, wy] = worldAt(m);
      setView(zoomBox(moved, pinch.d > 0 ? d / pinch.d : 1, wx, wy));
      pinch = { d, m };
      return;
    }
    if (panning) {
      setView(panBox(view, (panning.x - pointer.x) / tr.sx, (pointer.y - panning.y) / tr.sy));
      panning = pointer;
      return;
    }
    if (dragging) pick(pointer, false);
    loop.mark("tip");
  });
  const end = (ev) => {
    pointers.delete(ev.pointerId);
    if (pointers.size < 2) pinch = null;
    if (panning) {
      panning = null;
      return;
    }
    if (!dragging) return;
    const from = dragging;
    dragging = false;
    if (ev.type !== "pointerup") return;
    const p = local(ev);
    clearTimeout(pendingPick);
    if (Math.hypot(p.x - from.x, p.y - from.y) > 4) { // a drag: final at once
      pendingPick = 0;
      pick(p, true);
      return;
    }
    pendingPick = setTimeout(() => {
      pendingPick = 0;
      startBefore = null;
      pick(p, true);
    }, 300);
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
      const id = `${info.key}:${info.version || 0}`; // your own f(x, y) is one key with a new version per formula
      if (surface && wanted === id) return;
      wanted = id;
      surface = info;
      contours = null;
      homeContours = null;
      home = info.view;
      view = home;
      root.dataset.surface = info.key;
      root.dataset.ready = "0";
      layout();
      setView(null);
      const grid = info.grid || (await fetchGrid(info.key));
      if (wanted !== id) return;
      homeContours = gridContours(grid, { count: 16, logLevels: info.log_levels });
      if (sameBox(view, home)) contours = homeContours;
      root.dataset.ready = "1";
      loop.mark("surface");
    },
    redrawPath() {
      loop.mark("path", "tip");
    },
    /** Draw the runs only up to step k (null: all of them). */
    setUpTo(k) {
      upTo = k;
      root.dataset.upTo = k === null ? "" : String(k);
      loop.mark("path");
    },
    /** Arrows of one update to draw over the paths (null clears them). */
    setOverlay(arrows) {
      overlay = arrows;
      root.dataset.overlay = arrows ? String(arrows.length) : "0";
      loop.mark("path");
    },
    /** Zoom to a window (null: the surface's own view), or fit the view to the shown runs. */
    setView,
    fitRuns() {
      setView(fitBox(home, runPoints()));
    },
    get view() {
      return view;
    },
    /** The surface shown and its contours for the current window (for the small multiples). */
    get picture() {
      return { surface, contours, view };
    },
    /** The picture: surface and trajectory layers in one canvas. */
    /**
     * The map as a slide, at 2× the page's size: the title and formula above, the axes, and a legend below with
     * each run's setting and verdict. header: {title, formula, items: [{color, text}]}.
     */
    slide(header) {
      const w = parseFloat(base.style.width) || base.width;
      const h = parseFloat(base.style.height) || base.height;
      return slide(w, h, header, tr ? [(ctx) => drawSurface(ctx, surface, contours, tr),
        (ctx) => drawTrajectories(ctx, store.list, tr, { start: opts.getStart(), color: runColor, upTo })] : []);
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
