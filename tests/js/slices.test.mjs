import { test } from "node:test";
import assert from "node:assert/strict";

import { createSlices, inPieces } from "../../static/js/shared/slices.js";
import { spans } from "../../static/js/shared/spans.js";

globalThis.performance ??= { now: () => Date.now() };

/** Slices on a fake clock: each view's draw advances it by its cost; frames run when the test says. */
function fixture(costs, budgetMs = 10) {
  let clock = 0;
  const queue = [];
  const drawn = [];
  const data = Object.fromEntries(Object.keys(costs).map((k) => [k, 0]));
  const slices = createSlices({ budgetMs, schedule: (fn) => queue.push(fn), now: () => clock });
  for (const name of Object.keys(costs)) {
    slices.add(name, () => String(data[name]), () => {
      clock += costs[name];
      drawn.push(name);
    });
  }
  const frame = () => {
    const before = drawn.length;
    const fn = queue.shift();
    if (fn) fn();
    return drawn.slice(before);
  };
  return { slices, frame, data, drawn, queue };
}

test("each frame draws due views until the budget is spent, at least one, the rest in the next frames", () => {
  const f = fixture({ a: 4, b: 4, c: 30, d: 1 });
  assert.deepEqual(f.frame(), [], "nothing before the first check");
  f.slices.check();
  assert.deepEqual(f.frame(), ["a", "b", "c"]); // 0 → 4 → 8 < 10: c still starts, then the budget is spent
  assert.deepEqual(f.frame(), ["d"]);
  assert.equal(f.slices.pending, false);
  assert.equal(f.queue.length, 0);
});

test("only the views whose key changed are drawn again, and idle reports whether everything shows its data", () => {
  const f = fixture({ a: 1, b: 1, c: 1 });
  const idle = [];
  f.slices.onIdle(() => idle.push(f.slices.settled()));
  f.slices.check();
  f.frame();
  assert.deepEqual(idle, [true]);
  f.data.b++;
  assert.equal(f.slices.settled(), false);
  f.slices.check();
  assert.deepEqual(f.frame(), ["b"]);
  f.slices.force("c");
  assert.deepEqual(f.frame(), ["c"]);
  f.data.a++; // changed after the last check: not drawn until the next check, and not settled
  f.slices.force("b");
  f.frame();
  assert.deepEqual(idle, [true, true, true, false]);
});

test("a view's draw is recorded under its name when it takes a millisecond or more", () => {
  spans.length = 0;
  const f = fixture({ slow: 0 });
  f.slices.check();
  f.slices.add("busy", () => "1", () => { // a real 2 ms of work (spans time with performance.now)
    const t1 = performance.now();
    while (performance.now() - t1 < 2);
  });
  f.frame();
  assert.ok(spans.some(([name, a, b]) => name === "busy" && b - a >= 1));
  assert.ok(!spans.some(([name]) => name === "slow"));
});

/** A view drawn in `n` pieces of `cost` each: its draw returns the next piece until the last. */
function pieces(f, name, n, cost, log) {
  const piece = (k) => () => {
    f.tick(cost);
    log.push(`${name}${k}`);
    return k + 1 < n ? piece(k + 1) : undefined;
  };
  f.slices.add(name, () => String(f.data[name] ?? 0), piece(0));
}

test("a drawing in pieces goes on in the next frames, in order, before the views after it", () => {
  let clock = 0;
  const queue = [];
  const log = [];
  const slices = createSlices({ budgetMs: 10, schedule: (fn) => queue.push(fn), now: () => clock });
  const f = { slices, data: {}, tick: (ms) => { clock += ms; } };
  pieces(f, "net", 3, 6, log);
  slices.add("after", () => "0", () => {
    clock += 1;
    log.push("after");
  });
  slices.check();
  queue.shift()();
  assert.deepEqual(log, ["net0", "net1"]); // 0 → 6 < 10: the second piece still starts, then the budget is spent
  assert.equal(slices.settled(), false, "a drawing half done is not settled");
  queue.shift()();
  assert.deepEqual(log, ["net0", "net1", "net2", "after"]);
  assert.equal(slices.settled(), true);
  assert.equal(queue.length, 0);
});

test("new data while a drawing is in pieces: it ends first, then is drawn again; force starts it over", () => {
  let clock = 0;
  const queue = [];
  const log = [];
  const slices = createSlices({ budgetMs: 5, schedule: (fn) => queue.push(fn), now: () => clock });
  const f = { slices, data: { net: 0 }, tick: (ms) => { clock += ms; } };
  pieces(f, "net", 3, 6, log);
  slices.check();
  queue.shift()(); // net0
  f.data.net = 1;
  slices.check(); // a new key: the drawing under way is not thrown away
  queue.shift()(); // net1
  queue.shift()(); // net2: the old drawing ends
  assert.deepEqual(log, ["net0", "net1", "net2"]);
  assert.equal(slices.settled(), false, "the new data are not drawn yet");
  slices.check();
  queue.shift()();
  assert.deepEqual(log.slice(3), ["net0"]);
  slices.force("net");
  queue.shift()();
  assert.deepEqual(log.slice(4), ["net0"], "force begins the drawing again from its first piece");
});

test("a view whose drawing throws costs only that view: the views after it are drawn, and it is not retried", () => {
  let clock = 0;
  const queue = [];
  const log = [];
  const slices = createSlices({ budgetMs: 10, schedule: (fn) => queue.push(fn), now: () => clock });
  slices.add("broken", () => "0", () => () => {
    throw new Error("a bad snapshot");
  });
  slices.add("after", () => "0", () => log.push("after"));
  slices.check();
  assert.throws(() => queue.shift()(), /a bad snapshot/); // the first piece, then its next one throws
  assert.deepEqual(log, []);
  queue.shift()(); // woken again for the rest
  assert.deepEqual(log, ["after"]);
  assert.equal(slices.pending, false);
  assert.equal(slices.settled(), true, "the broken view is left as drawn; new data would draw it again");
  assert.equal(queue.length, 0);
});

test("inPieces works through a list a few items a piece, then hands on the piece after", () => {
  const done = [];
  const after = () => "after";
  let piece = inPieces([1, 2, 3, 4, 5], 2, (v) => done.push(v), after);
  const seen = [];
  while (typeof piece === "function" && piece !== after) {
    piece = piece();
    seen.push([...done]);
  }
  assert.deepEqual(seen, [[1, 2], [1, 2, 3, 4], [1, 2, 3, 4, 5]]);
  assert.equal(piece, after);
  assert.equal(inPieces([1], 1, () => {})(), undefined, "no piece after: nothing");
});
