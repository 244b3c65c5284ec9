import { test } from "node:test";
import assert from "node:assert/strict";
import { setShare } from "../../static/js/descent/lessons/losses.js";
import { comparisonText, sameRuns } from "../../static/js/shared/claims.js";
import { close } from "../../static/js/descent/lessons/runs.js";

const sum = (y) => y.reduce((s, v) => s + v, 0);

test("dragging one bar keeps the output a probability vector", () => {
  const y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0];
  const z = setShare(y, 2, 0.8);
  assert.ok(Math.abs(sum(z) - 1) < 1e-12);
  assert.ok(Math.abs(z[2] - 0.8) < 1e-12);
  assert.ok(Math.abs(z[0] / z[7] - 1) < 1e-12 && Math.abs(z[0] / z[1] - 2) < 1e-12); // the others keep their ratios
  assert.equal(z[3], 0);
  const all = setShare(y, 2, 1.5); // clamped to 1: every other class 0
  assert.equal(all[2], 1);
  assert.ok(all.every((v, i) => i === 2 || v === 0));
  const back = setShare(all, 2, 0.5); // from a one-hot vector the rest is shared equally
  assert.ok(Math.abs(back[0] - 0.5 / 9) < 1e-12 && Math.abs(sum(back) - 1) < 1e-12);
});

test("a checked claim reads as its measured comparison", () => {
  assert.equal(comparisonText({ lhs: 0.000266, op: "<", rhs: 0.02, never: [] }), "2.66e-4 < 0.02");
  assert.equal(comparisonText({ lhs: 34, op: "between", rhs: [26.6667, 53.3333], never: [] }), "34 ∈ [26.67, 53.33]");
  assert.equal(comparisonText({ lhs: null, op: ">", rhs: 3, never: ["lhs"] }), "ui.claims.never > 3");
});

test("the page's runs are the lesson's only when they end where the server's did", () => {
  const result = { results: { a: { final: { xy: [1, 2] } }, b: { final: { xy: [0, 0] } } } };
  assert.equal(sameRuns(result, { a: [1, 2], b: [0, 0] }, close), true);
  assert.equal(sameRuns(result, { a: [1, 2.001], b: [0, 0] }, close), false);
  assert.equal(sameRuns(result, { c: [1, 2] }, close), false);
});

import { fitBox, panBox, sameBox, zoomBox } from "../../static/js/shared/viewbox.js";

test("zooming keeps the point under the pointer and the aspect; panning moves; fitting holds every point", () => {
  const home = [[-10, 10], [-5, 5]];
  const z = zoomBox(home, 2, 4, 1);
  assert.deepEqual(z, [[-3, 7], [-2, 3]]);
  assert.equal((4 - z[0][0]) / (z[0][1] - z[0][0]), (4 - home[0][0]) / (home[0][1] - home[0][0]));
  assert.ok(sameBox(zoomBox(z, 0.5, 4, 1), home));
  assert.deepEqual(panBox(home, 1, -2), [[-9, 11], [-7, 3]]);
  const fit = fitBox(home, [[0, 0], [2, 0.5], [NaN, 1]]);
  assert.ok(Math.abs((fit[1][1] - fit[1][0]) / (fit[0][1] - fit[0][0]) - 0.5) < 1e-12);
  assert.ok(fit[0][0] < 0 && fit[0][1] > 2 && fit[1][0] < 0 && fit[1][1] > 0.5);
  assert.deepEqual(fitBox(home, []), home);
  const far = fitBox(home, [[0, 0], [1e300, 1e300]]); // a run that flew off: the box stays within the grid's limit
  assert.ok(far[0][1] <= 1e6 && far[0][0] >= -1e6);
});

import { indexAt } from "../../static/js/descent/views/scrubber.js";

test("the scrubber finds the last record at or before a step", () => {
  const buf = { t: [0, 1, 2, 5, 9], length: 5 };
  assert.deepEqual([-1, 0, 1, 2, 3, 4, 5, 9, 20].map((k) => indexAt(buf, k)), [-1, 0, 1, 2, 2, 2, 3, 4, 4]);
  assert.equal(indexAt({ t: [], length: 0 }, 3), -1);
});
