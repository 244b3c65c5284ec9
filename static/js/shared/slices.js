// Heavy views drawn in slices, so no animation frame does all of them at once: a view is due when the key of what
// it shows changed (or it was forced); each frame draws due views in their order and starts no further piece once
// `budgetMs` has been spent (at least one piece per frame; a piece itself may take longer), the rest in the next
// frames. A view whose drawing is too big for one frame does it in pieces: its draw() returns the next piece (a
// function, which may return the one after), run after the pieces before it, in the same frame or a later one. The views' pieces of work are timed under their names (shared/spans.js), so a long task can be traced to
// the view that caused it.

import { timed } from "./spans.js";

/**
 * opts: {budgetMs (per frame), schedule(fn) (run fn in the next animation frame), now()}.
 * Returns {add(name, key(), draw()), check(), force(...names), settled(), pending, onIdle(fn)}.
 */
export function createSlices({ budgetMs = 6, schedule = (fn) => requestAnimationFrame(fn),
  now = () => performance.now() } = {}) {
  const views = []; // {name, key, draw, drawn (the key last drawn), due, rest (the next piece of a drawing, or null)}
  let scheduled = false;
  let idle = () => {};

  function frame() {
    scheduled = false;
    const t0 = now();
    let ran = 0;
    try {
      for (const v of views) {
        while (v.due && !(ran && now() - t0 >= budgetMs)) {
          const piece = v.rest || v.draw;
          if (!v.rest) v.drawn = v.key();
          v.due = false; // a piece that throws ends its drawing: the views after it are still drawn
          v.rest = null;
          ran++;
          const next = timed(v.name, piece);
          v.rest = typeof next === "function" ? next : null;
          v.due = Boolean(v.rest);
        }
        if (v.due) break;
      }
    } finally {
      if (views.some((v) => v.due)) wake();
      else idle();
    }
  }

  function wake() {
    if (!scheduled) {
      scheduled = true;
      schedule(frame);
    }
  }

  /** Due from its first piece again (a drawing in pieces that was asked for again starts over). */
  function restart(v) {
    v.due = true;
    v.rest = null;
  }

  return {
    /** A view: `key()` names what it would show (a string); `draw()` shows it, or its first piece (it returns the
     * next). Views are drawn in this order. */
    add(name, key, draw) {
      views.push({ name, key, draw, drawn: null, due: true, rest: null }); // drawn at the first check()
      return this;
    },
    /** Mark due every view whose key changed since it was drawn; with nothing due, report idle (once more). A
     * drawing in pieces is finished first (new data arrive faster than some drawings end: none would ever end),
     * and is due again at the next check. */
    check() {
      for (const v of views) if (!v.due && v.key() !== v.drawn) restart(v);
      if (views.some((v) => v.due)) wake();
      else idle();
    },
    /** Draw these views (all when none is named) again, whatever their keys. */
    force(...names) {
      for (const v of views) if (!names.length || names.includes(v.name)) restart(v);
      wake();
    },
    /** Whether every view shows what its key names now (nothing due, no key changed). */
    settled() {
      return views.every((v) => !v.due && v.key() === v.drawn);
    },
    /** Whether some view still has to be drawn. */
    get pending() {
      return views.some((v) => v.due);
    },
    /** fn() runs whenever a frame or a check leaves nothing due. */
    onIdle(fn) {
      idle = fn;
    },
  };
}

/** A drawing in pieces over a list: the returned piece does work(item) for `per` items and returns the piece for the
 * next ones, then, after the last, `next` (the piece after them, or nothing). */
export function inPieces(items, per, work, next = undefined) {
  const piece = (k) => () => {
    for (const item of items.slice(k, k + per)) work(item);
    return k + per < items.length ? piece(k + per) : next;
  };
  return piece(0);
}
