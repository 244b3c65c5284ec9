import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBytes, heatValue, imageWeight, LayerSeries, mergeSnapshot } from "../../static/js/train/netdata.js";

const b64 = (bytes) => Buffer.from(Uint8Array.from(bytes)).toString("base64");

test("bytes decode from base64 and map back to values", () => {
  assert.deepEqual(Array.from(decodeBytes(b64([0, 128, 255]))), [0, 128, 255]);
  assert.equal(heatValue(255, -1, 1), 1);
  assert.equal(heatValue(0, 0, 4), 0);
  assert.equal(imageWeight(255, 0.5), 0.5);
  assert.equal(imageWeight(0, 0.5), -0.5);
});

test("layer series grow past their capacity and keep each layer's column, nulls as NaN", () => {
  const s = new LayerSeries(2);
  assert.equal(s.data("layer_grad_norm"), null);
  for (let k = 0; k < 3; k++) {
    const t = [2 * k, 2 * k + 1];
    s.append({ t, layer_grad_norm: t.map((v) => [v, 10 * v, 100 * v]), update_ratio: t.map(() => [1e-3, null, 2e-3]),
      inactive: t.map(() => [0.25, 0.5]) });
  }
  assert.equal(s.length, 6);
  assert.equal(s.width("layer_grad_norm"), 3);
  assert.equal(s.width("inactive"), 2);
  const [t, l1, l2, l3] = s.data("layer_grad_norm");
  assert.deepEqual(Array.from(t), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(l3), [0, 100, 200, 300, 400, 500]);
  assert.equal(l1[5] * 10, l2[5]);
  assert.ok(Number.isNaN(s.data("update_ratio")[2][4]));
  assert.equal(s.append({ t: [], layer_grad_norm: [] }), 0);
});

test("a light snapshot keeps the heatmaps of the last heavy one, with their units and t", () => {
  const heavy = { t: 5, units: [[0, 1], [3, 7]], weights: [], biases: [], example: null,
    heatmaps: [{ q: b64([1, 2]), lo: [0], hi: [1] }], images: null };
  const light = { t: 9, units: [[0, 1], [3, 8]], weights: [], biases: [], example: null, heatmaps: null, images: null };
  const a = mergeSnapshot(null, heavy);
  const b = mergeSnapshot(a, light);
  assert.equal(b.t, 9);
  assert.equal(b.heatT, 5);
  assert.deepEqual(b.heatUnits, [[0, 1], [3, 7]]);
  assert.deepEqual(Array.from(b.heatmaps[0].q), [1, 2]);
  assert.equal(b.version, 2);
  assert.equal(mergeSnapshot(b, null), b);
});

test("the test images' activations stay from the last snapshot that had them", () => {
  const heavy = { t: 5, units: [[0], [1]], weights: [], biases: [], example: [[0.5]], heatmaps: null,
    images: { q: b64([1]), scale: [1] }, examples: [[[0.5]], [[0.25]]] };
  const light = { t: 9, units: [[0], [1]], weights: [], biases: [], example: [[0.75]], heatmaps: null, images: null,
    examples: null };
  const b = mergeSnapshot(mergeSnapshot(null, heavy), light);
  assert.deepEqual(b.examples, [[[0.5]], [[0.25]]]);
  assert.deepEqual(b.example, [[0.75]]);
  const c = mergeSnapshot(b, { ...heavy, t: 12, examples: [[[0.1]], [[0.2]]] });
  assert.deepEqual(c.examples[1], [[0.2]]);
});
