// What the /sweep map does: ask for the map (streamed coarse to fine; a new ask aborts the last), and a click on a
// cell: play that cell's run live (a sweep) or zoom into it (the trainability map, which recomputes the window).

import { OUTCOMES, cellQuery, requestBody, zoomWindow } from "./request.js";
import { drawError, drawStatus, playCell } from "./status.js";

/** opts: {byId, map, hooks, state() (the page's state now), writeURL()} → {draw()} */
export function createDrawing({ byId, map, hooks, state, writeURL }) {
  let abort = null;

  async function draw() {
    if (abort) abort.abort();
    abort = new AbortController();
    const s = state();
    Object.assign(hooks, { done: false, level: 0, tiles: 0 });
    byId("btn-zoom-reset").hidden = !(s.map === "trainability" && s.x);
    drawError(byId("error-box"), null);
    const url = s.map === "trainability" ? "/api/v1/trainability" : "/api/v1/sweeps";
    try {
      await drawStatus(url, requestBody(s), map, byId("sw-status"), hooks, abort.signal);
      hooks.done = true; // the whole answer read
    } catch (err) {
      if (err && err.name === "AbortError") return;
      drawError(byId("error-box"), err);
    }
  }

  byId("sw-map").addEventListener("click", (ev) => {
    const cell = map.cellOf(ev);
    if (!cell || !map.current.known[cell.c]) return;
    const { meta, current } = map;
    if (meta.kind === "trainability") {
      const s = state();
      [s.x, s.y] = zoomWindow(current.xs[cell.i], current.ys[cell.j], meta.request.lr1_range, meta.request.lr2_range);
      writeURL();
      draw();
      return;
    }
    hooks.live = playCell(cellQuery(meta, current, cell.i, cell.j), map.describe(cell), state().lang);
  });
  hooks.cellPoint = (i, j) => map.cellPoint(i, j);
  hooks.cell = (i, j) => {
    const l = map.current;
    return { reason: OUTCOMES[l.reason[j * l.n + i]], k: l.k[j * l.n + i], n: l.n, xs: l.xs, ys: l.ys };
  };
  return { draw };
}
