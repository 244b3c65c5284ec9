// Where the page's main-thread time goes: named pieces of work (a chart's draw, a message's handling) recorded as
// [name, start, end] in ms of performance.now(), the last LIMIT of those that took at least MIN_MS. bench/bench_page.py
// matches them with the browser's long tasks (> 50 ms) to say which piece of the page each long task came from.

const LIMIT = 20000;
const MIN_MS = 1;

export const spans = [];

/** Run fn() and record its time under `name` (when it took at least MIN_MS); returns what fn returns. */
export function timed(name, fn) {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    const t1 = performance.now();
    if (t1 - t0 >= MIN_MS) {
      if (spans.length >= LIMIT) spans.splice(0, LIMIT / 2);
      spans.push([name, t0, t1]);
    }
  }
}
