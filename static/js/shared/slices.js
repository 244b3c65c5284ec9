// Heavy views drawn in slices, so no animation frame does all of them at once: a view is due when the key of what
// it shows changed (or it was forced); each frame draws due views in their order until `budgetMs` has been spent
// (at least one view per frame), and the rest in the next frames. The views' own pieces of work are timed under
// their names (shared/spans.js), so a long task can be traced to the view that caused it.

import { timed } from "./spans.js";

/**
 * opts: {budgetMs (per frame), schedule(fn) (run fn in the next animation frame), now()}.
 * Returns {add(name, key(), draw()), check(), force(...names), settled(), pending, onIdle(fn)}.
 */
export function createSlices({ budgetMs = 12, schedule = (fn) => requestAnimationFrame(fn),
  now = () => performance.now() } = {}) {
  const views = []; // {name, key, draw, drawn (the key last drawn), due}
  let scheduled = false;
  let idle = () => {};

  function frame() {
    scheduled = false;
    const t0 = now();
    let ran = 0;
    for (const v of views) {
      if (!v.due) continue;
      if (ran && now() - t0 >= budgetMs) break;
      v.due = false;
      v.drawn = v.key();
      timed(v.name, v.draw);
      ran++;
    }
    if (views.some((v) => v.due)) wake();
    else idle();
  }

  function wake() {
    if (!scheduled) {
      scheduled = true;
      schedule(frame);
    }
  }

  return {
    /** A view: `key()` names what it would show (a string); `draw()` shows it. Views are drawn in this order. */
    add(name, key, draw) {
      views.push({ name, key, draw, drawn: null, due: true }); // drawn at the first check()
      return this;
    },
    /** Mark due every view whose key changed since it was drawn; with nothing due, report idle (once more). */
    check() {
      for (const v of views) if (!v.due && v.key() !== v.drawn) v.due = true;
      if (views.some((v) => v.due)) wake();
      else idle();
    },
    /** Draw these views (all when none is named) again, whatever their keys. */
    force(...names) {
      for (const v of views) if (!names.length || names.includes(v.name)) v.due = true;
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
