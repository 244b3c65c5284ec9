// The sweep page's pure parts: URL state, the request it sends, a cell's single run, zoom windows.

import assert from "node:assert/strict";
import { test } from "node:test";

import { cellAt, cellQuery, lessonState, normalise, requestBody, SWEEP, zoomWindow } from "../../static/js/sweep/request.js";

const CATALOG = { surfaces: [{ key: "bowl" }, { key: "elongated" }], optimizers: [{ key: "sgd" }, { key: "momentum" }, { key: "adam" }] };

test("the URL round-trips and unknown values fall back", () => {
  const s = normalise(SWEEP.parse("?surface=bowl&opt=adam&axes=start&n=256&steps=50&x=0.1,2"), CATALOG);
  assert.deepEqual([s.surface, s.opt, s.axes, s.n, s.steps, s.x], ["bowl", "adam", "start", 256, 50, [0.1, 2]]);
  assert.equal(SWEEP.serialize(s), "surface=bowl&opt=adam&axes=start&n=256&steps=50&x=0.1,2");
  const bad = normalise(SWEEP.parse("?surface=moon&opt=sgd&axes=lr_momentum&n=7"), CATALOG);
  assert.deepEqual([bad.surface, bad.axes, bad.n], ["elongated", "lr_steps", 128]); // sgd has no momentum axis
});

test("the request names the window only when it rises", () => {
  const s = { ...SWEEP.defaults(), x: [0.5, 0.1], y: [0, 0.9] };
  assert.deepEqual(requestBody(s), { surface: "elongated", axes: "lr_momentum", optimizer: { name: "momentum" },
    n: 128, steps: 300, y_range: [0, 0.9] });
  assert.deepEqual(requestBody({ ...s, map: "trainability", n: 512, x: [1, 2] }),
    { n: 256, steps: 300, lr1_range: [1, 2], lr2_range: [0, 0.9] });
});

test("a cell's query is the run the sweep computed", () => {
  const meta = { bound: 100, start: [-7, 2], lr: 0.9,
    request: { surface: "elongated", axes: "lr_momentum", steps: 200, grad_tol: 1e-6,
      optimizer: { name: "momentum", momentum: 0.9, alpha: 0.99, betas: [0.9, 0.999] } } };
  const q = new URLSearchParams(cellQuery(meta, { xs: [0.5, 1.0752154542294245], ys: [0, 0.5] }, 1, 1));
  assert.equal(q.get("lr"), "1.0752154542294245"); // exactly the cell's value: the same run bit for bit
  assert.deepEqual([q.get("momentum"), q.get("tol"), q.get("bound"), q.get("start"), q.get("steps")],
    ["0.5", "0.000001", "100", "-7,2", "200"]);
  const basins = cellQuery({ ...meta, request: { ...meta.request, axes: "start" } }, { xs: [1, 2], ys: [3, 4] }, 0, 1);
  assert.equal(new URLSearchParams(basins).get("start"), "1,4");
  assert.equal(new URLSearchParams(basins).get("lr"), "0.9");
});

test("cells under the pointer and zoom windows", () => {
  assert.deepEqual(cellAt(0, 0, 64), [0, 0]);
  assert.deepEqual(cellAt(0.999, 1, 64), [63, 63]);
  const [x, y] = zoomWindow(1, 10, [0.01, 100], [0.01, 100]);
  assert.ok(Math.abs(x[0] - 0.1) < 1e-12 && Math.abs(x[1] - 10) < 1e-12 && Math.abs(y[1] - 100) < 1e-9);
  const lesson = { key: "k", sweep: { surface: "bowl", axes: "lr_momentum", optimizer: { name: "momentum" }, n: 64,
    steps: 10, x_range: [0.1, 2] } };
  assert.deepEqual(lessonState(lesson, SWEEP.defaults()).x, [0.1, 2]);
});
