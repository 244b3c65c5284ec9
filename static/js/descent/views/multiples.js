// Small multiples: a comparison drawn as a grid of small maps, one run each, on the same window and contours as
// the big map, so runs that overlap there can be seen one at a time.

import { fitPlot, makeTransform } from "../../shared/geometry.js";
import { el } from "../../shared/dom.js";
import { runColor } from "../../shared/palette.js";
import { drawSurface } from "./surface.js";
import { drawTrajectories } from "./trajectory.js";

const MARGIN = { left: 30, right: 6, top: 6, bottom: 26 };

/** opts: {root, toggle, store, loop, picture() → {surface, contours, view}, runLabel(run)} */
export function createMultiples(opts) {
  const { root, toggle, store, loop } = opts;
  let on = false;
  let sig = "";
  const cells = new Map(); // run id → {fig, base, over, caption}

  toggle.addEventListener("click", () => {
    on = !on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    root.hidden = !on;
    sig = "";
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
    const key = `${runs.map((r) => `${r.id}:${r.buf.length}`).join("|")}|${width}|${view.flat().join(",")}|${contours ? 1 : 0}`;
    if (key === sig) return;
    sig = key;
    const plot = fitPlot(view, width, width, MARGIN);
    const tr = makeTransform(view, plot);
    const dpr = window.devicePixelRatio || 1;
    const keep = new Set(runs.map((r) => r.id));
    for (const id of [...cells.keys()]) if (!keep.has(id)) cells.delete(id);
    root.replaceChildren(...runs.map((run) => {
      let c = cells.get(run.id);
      if (!c) {
        const fig = el("figure", "multiple");
        const base = el("canvas");
        const over = el("canvas");
        const caption = el("figcaption");
        const box = el("div", "multiple-map");
        box.append(base, over);
        fig.append(box, caption);
        c = { fig, base, over, caption, box };
        cells.set(run.id, c);
      }
      c.fig.dataset.run = run.id;
      c.caption.textContent = opts.runLabel(run) || "";
      c.caption.style.color = runColor(run.index);
      c.box.style.height = `${plot.canvasHeight}px`;
      for (const cv of [c.base, c.over]) {
        cv.style.width = `${width}px`;
        cv.style.height = `${plot.canvasHeight}px`;
        cv.width = Math.round(width * dpr);
        cv.height = Math.round(plot.canvasHeight * dpr);
        cv.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
      }
      drawSurface(c.base.getContext("2d"), surface, contours, tr);
      drawTrajectories(c.over.getContext("2d"), [run], tr, { start: null, color: runColor });
      return c.fig;
    }));
    root.dataset.count = String(runs.length);
  }

  loop.add("multiples", draw);
  return { relabel: () => { sig = ""; loop.mark("multiples"); } };
}
