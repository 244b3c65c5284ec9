import { test } from "node:test";
import assert from "node:assert/strict";
import { RunBuffer, RunStore } from "../../static/js/descent/buffer.js";

function cols(t0, n, extra = {}) {
  const t = Array.from({ length: n }, (_, i) => t0 + i);
  return {
    t, xy: t.map((k) => [k, -k]), loss: t.map((k) => k * k), grad: t.map((k) => [2 * k, -2 * k]),
    grad_norm: t.map((k) => 2 * Math.SQRT2 * k), lr: t.map(() => 0.1), ...extra,
  };
}

test("append grows past the initial capacity and keeps every record in order", () => {
  const b = new RunBuffer("r1", 4);
  let total = 0;
  for (let k = 0; k < 10; k++) total += b.append(cols(k * 7, 7));
  assert.equal(total, 70);
  assert.equal(b.length, 70);
  assert.ok(b.capacity >= 70);
  assert.deepEqual(Array.from(b.column("t")), Array.from({ length: 70 }, (_, i) => i));
  assert.equal(b.x[69], 69);
  assert.equal(b.y[69], -69);
  assert.equal(b.loss[10], 100);
  assert.equal(b.gx[3], 6);
  assert.equal(b.lr[50], 0.1);
  assert.equal(b.column("loss").length, 70);
});

test("null (a non-finite number on the wire) becomes NaN", () => {
  const b = new RunBuffer("r1");
  b.append({ t: [0, 1], xy: [[1, 2], [null, null]], loss: [5, null], grad: [[2, 4], [null, 1]], grad_norm: [4.47, null], lr: [0.1, 0.1] });
  assert.ok(Number.isNaN(b.x[1]));
  assert.ok(Number.isNaN(b.loss[1]));
  assert.ok(Number.isNaN(b.gx[1]));
  assert.equal(b.gy[1], 1);
  assert.equal(b.hasVelocity, false);
  assert.ok(Number.isNaN(b.vx[0]));
});

test("velocity is kept when the optimizer sends it", () => {
  const b = new RunBuffer("r1");
  b.append(cols(0, 3, { velocity: [[0, 0], [-6, 8], [-10.2, 13.6]] }));
  assert.equal(b.hasVelocity, true);
  assert.equal(b.vx[2], -10.2);
  assert.equal(b.vy[1], 8);
});

test("toColumns gives back the protocol's shape with null for NaN", () => {
  const b = new RunBuffer("r1");
  const c = cols(0, 3);
  c.loss[2] = null;
  b.append(c);
  const out = b.toColumns();
  assert.deepEqual(out.t, [0, 1, 2]);
  assert.deepEqual(out.xy, [[0, -0], [1, -1], [2, -2]]);
  assert.deepEqual(out.loss, [0, 1, null]);
  assert.equal(out.velocity, undefined);
  assert.deepEqual(b.record(1), { t: 1, x: 1, y: -1, loss: 1, gx: 2, gy: -2, gnorm: 2 * Math.SQRT2, lr: 0.1, vx: NaN, vy: NaN });
});

test("the store files meta, steps and done per run id, in arrival order", () => {
  const s = new RunStore();
  assert.equal(s.allDone, false);
  assert.equal(s.lastT, -1);
  s.onMeta({ run_id: "a", steps: 5 });
  s.onMeta({ run_id: "b", steps: 5 });
  assert.equal(s.onSteps({ run_id: "a", cols: cols(0, 4) }), 4);
  s.onSteps({ run_id: "b", cols: cols(0, 2) });
  assert.equal(s.received, 6);
  assert.equal(s.lastT, 3);
  assert.deepEqual(s.list.map((r) => [r.id, r.index]), [["a", 0], ["b", 1]]);
  s.onDone({ run_id: "a", reason: "completed" });
  assert.equal(s.allDone, false);
  s.onDone({ run_id: "b", reason: "converged" });
  assert.equal(s.allDone, true);
  const v = s.version;
  s.reset();
  assert.equal(s.received, 0);
  assert.ok(s.version < v);
});
