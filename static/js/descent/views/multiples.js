// Small multiples: a comparison drawn as a grid of small maps, one run each, on the same window and contours as
// the big map, so runs that overlap there can be seen one at a time.

import { fitPlot, makeTransform } from "../../shared/geometry.js";
import { el } from "../../shared/dom.js";
import { runColor } from "../../shared/palette.js";
import { drawSurface } from "./surface.js";
import { drawTrajectories } from "./trajectory.js";

const MARGIN = { left: 30, right: 6, top: 6, bottom: 34 }; // room below for the ticks and the x₀ label

/** opts: {root, toggle, store, loop, picture() → {surface, contours, view}, runLabel(run)} */
export function createMultiples(opts) {
  const { root, toggle, store, loop } = opts;
  let on = false;
  let sig = ""; // what the maps and their paths show
  let baseSig = ""; // what the maps themselves show: the runs, the window, its contours, the size
  let upTo = null; // the time scrubber's step (null: every record), as on the big map
  const ids = new WeakMap(); // each set of contours the big map traced (one per window), numbered
  let traced = 0;
  const idOf = (c) => {
    if (!c) return 0;
    if (!ids.has(c)) ids.set(c, ++traced);
    return ids.get(c);
  };
  const cells = new Map(); // run id → {fig, base, over, caption}

  toggle.addEventListener("click", () => {
    on = !on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    root.hidden = !on;
    sig = "";
    baseSig = "";
    loop.mark("multiples");
  });

  function draw() {
    const runs = store.list;
    toggle.hidden = runs.length < 2;
    if (!on || runs.length < 2) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const { surface, contours, view } = opts.picture();
    if (!surface) return;
    const width = Math.max(140, Math.floor((root.clientWidth - 8) / Math.min(3, runs.length)) - 8);
    const dpr = window.devicePixelRatio || 1;
    const base = `${runs.map((r) => r.id).join("|")}|${width}x${dpr}|${view.flat().join(",")}|${idOf(contours)}`;
    const key = `${base}|${runs.map((r) => r.buf.length).join("|")}|${upTo}`;
    if (key === sig) return;
    sig = key;
    const fresh = base !== baseSig; // the maps are redrawn only when they change; the paths at every new key
    baseSig = base;
    const plot = fitPlot(view, width, width, MARGIN);
    const tr = makeTransform(view, plot);
    const keep = new Set(runs.map((r) => r.id));
    for (const id of [...cells.keys()]) if (!keep.has(id)) cells.delete(id);
    const figs = runs.map((run) => {
      let c = cells.get(run.id);
      if (!c) {
        const fig = el("figure", "multiple");
        const caption = el("figcaption");
        const box = el("div", "multiple-map");
        c = { fig, base: el("canvas"), over: el("canvas"), caption, box };
        box.append(c.base, c.over);
        fig.append(box, caption);
        cells.set(run.id, c);
      }
      c.fig.dataset.run = run.id;
      c.fig.style.width = `${width}px`; // a long caption wraps under its map instead of widening the row
      c.caption.textContent = opts.runLabel(run) || "";
      c.caption.style.color = runColor(run.index);
      if (fresh) {
        c.box.style.height = `${plot.canvasHeight}px`;
        for (const cv of [c.base, c.over]) {
          cv.style.width = `${width}px`;
          cv.style.height = `${plot.canvasHeight}px`;
          cv.width = Math.round(width * dpr);
          cv.height = Math.round(plot.canvasHeight * dpr);
          cv.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
        }
        drawSurface(c.base.getContext("2d"), surface, contours, tr);
      }
      drawTrajectories(c.over.getContext("2d"), [run], tr, { start: null, color: runColor, upTo });
      c.fig.dataset.upTo = upTo === null ? "" : String(upTo);
      return c.fig;
    });
    if (fresh) root.replaceChildren(...figs);
    root.dataset.contours = String(idOf(contours)); // which of the big map's contour sets the maps show
    root.dataset.count = String(runs.length);
  }

  /** Show every run only up to step k (null: all of it), as the big map does while the scrubber is moved. */
  function setUpTo(k) {
    upTo = k;
    loop.mark("multiples");
  }

  loop.add("multiples", draw);
  new ResizeObserver(() => loop.mark("multiples")).observe(root.parentElement || root); // a new width: new sizes
  return { setUpTo, relabel: () => { sig = ""; baseSig = ""; loop.mark("multiples"); } };
}
