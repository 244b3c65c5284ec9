import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRuns, compareValues } from "../../static/js/train/config.js";
import { lessonPatch } from "../../static/js/train/lesson.js";
import { normaliseTrainState, scheduleEntries, trainTable } from "../../static/js/train/state.js";
import { TrainStore } from "../../static/js/train/store.js";
import { catalog } from "./train_catalog.mjs";

const table = trainTable(scheduleEntries(catalog));
const fresh = () => normaliseTrainState(table.defaults(), catalog);

test("the initialisation can be compared, and a lesson that varies only it opens as that compare", () => {
  assert.deepEqual(compareValues("init", ["normal", "he", "bogus", "he"], catalog), ["normal", "he"]);
  const runs = buildRuns({ ...fresh(), ds: "digits", vary: "init", values: ["normal", "xavier", "he"] }, catalog);
  assert.deepEqual(runs.map((r) => r.config.model.init), ["normal", "xavier", "he"]);
  assert.deepEqual(runs.map((r) => r.label.vary), ["init", "init", "init"]);
  const run = (init) => ({ kind: "train", dataset: { name: "digits" }, model: { hidden: [32, 32], activation: "relu", init } });
  const patch = lessonPatch({ runs: [run("normal"), run("he")] }, catalog);
  assert.equal(patch.vary, "init");
  assert.deepEqual(patch.values, ["normal", "he"]);
  assert.equal(normaliseTrainState({ ...fresh(), vary: "init" }, catalog).vary, "init");
});

test("the store keeps each run's per-layer facts and its latest network snapshot, not in the epoch list", () => {
  const s = new TrainStore();
  s.onMeta({ run_id: "r1", plan: { total_iterations: 2 } });
  const net = { t: 2, units: [[0], [0]], weights: [[[0.5]]], biases: [[0.1]], example: null, heatmaps: null, images: null };
  s.onSteps({ run_id: "r1", cols: { t: [0, 1], epoch: [1, 1], iteration: [0, 1], loss: [1, 0.9], grad_norm: [1, 1],
    lr: [0.1, 0.1], layer_grad_norm: [[1], [0.5]], update_ratio: [[1e-3], [2e-3]], inactive: [[], []] }, network: net });
  s.onEpoch({ run_id: "r1", epoch: 1, network: { ...net, t: 3 } });
  const r = s.run("r1");
  assert.equal(r.layers.length, 2);
  assert.deepEqual(Array.from(r.layers.data("update_ratio")[1]), [1e-3, 2e-3]);
  assert.equal(r.net.t, 3);
  assert.equal("network" in r.epochs[0], false);
});
