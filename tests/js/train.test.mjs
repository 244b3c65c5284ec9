import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRuns, compareValues, effective, parseHidden, trainConfig } from "../../static/js/train/config.js";
import { configToState, lessonPatch } from "../../static/js/train/lesson.js";
import { normaliseTrainState, scheduleEntries, trainTable, TRAIN_STATE } from "../../static/js/train/state.js";
import { bestEpoch, TrainStore } from "../../static/js/train/store.js";
import { catalog } from "./train_catalog.mjs";

const table = trainTable(scheduleEntries(catalog));
const fresh = () => normaliseTrainState(table.defaults(), catalog);

test("schedule parameters the table lacks come from the catalog, once each", () => {
  const extra = scheduleEntries(catalog);
  assert.deepEqual(extra, [{ key: "warm_steps", type: "int", default: null }]); // lr_max, t_max are in the table
  assert.ok(TRAIN_STATE.some((e) => e.key === "lr_max"));
  assert.equal(trainTable(extra), trainTable(extra)); // built once per entry list
  assert.equal(table.parse("warm_steps=5").warm_steps, 5);
  assert.equal(trainTable().parse("warm_steps=5").warm_steps, undefined);
});

test("the training state round-trips through the URL, batch sizes included", () => {
  const s = { ...fresh(), ds: "digits", bs: "full", hidden: "32,16", lr: 0.03, sched: "range_test", lr_max: 3,
    vary: "lr", values: ["0.01", "0.1"], seed: 7 };
  const q = table.serialize(s);
  assert.equal(q, "ds=digits&hidden=32,16&lr=0.03&sched=range_test&lr_max=3&bs=full&seed=7&vary=lr&values=0.01,0.1");
  assert.deepEqual(table.parse(q), s);
  assert.equal(table.parse("bs=0").bs, null);
  assert.equal(table.parse("bs=전체").bs, "full");
  assert.equal(table.serialize(fresh()), "");
});

test("normalising drops what the catalog does not know", () => {
  const s = normaliseTrainState(table.parse("ds=cifar&act=gelu&opt=lion&sched=warp&vary=epochs&hidden=a,b&speed=-1&seed=-3&lr=-1"), catalog);
  assert.deepEqual([s.ds, s.act, s.opt, s.sched, s.vary, s.hidden, s.speed, s.seed, s.lr],
    ["moons", null, null, "constant", "", null, 300, 0, null]);
});

test("the settings a run will use: the state's, else the data set's suggestion; a full batch is the server's cap", () => {
  const e = effective({ ...fresh(), ds: "digits", epochs: 3 }, catalog);
  assert.deepEqual([e.n, e.vf, e.tf, e.hidden, e.lr, e.batchWanted, e.epochs], [1797, 0.2, 0.2, [32], 0.3, 32, 3]);
  assert.equal(effective({ ...fresh(), ds: "linreg", bs: "full" }, catalog).batchWanted, "full");
  assert.equal(trainConfig({ ...fresh(), ds: "linreg", bs: "full" }, catalog).batch_size, catalog.training.max_batch_size);
  assert.deepEqual(parseHidden("16 × 8"), [16, 8]);
  assert.equal(parseHidden("16,0"), null);
});

test("a training config carries only what the state sets, plus the loop's fixed fields", () => {
  const c = trainConfig({ ...fresh(), ds: "moons", n: 200, hidden: "", sched: "step", gamma: 0.5 }, catalog);
  assert.deepEqual(c, { kind: "train", dataset: { name: "moons", n: 200 }, model: { hidden: [] },
    schedule: { name: "step", gamma: 0.5 }, sampling: "shuffle", gradient: { mode: "backprop" },
    early_stopping: { patience: null }, seed: 0 });
});

test("a compare runs one training per valid value, at most four, with the same seed", () => {
  assert.deepEqual(compareValues("bs", ["1", "full", "x", "1", "0"], catalog), [1, "full"]);
  assert.deepEqual(compareValues("opt", ["adam", "lion", "sgd"], catalog), ["adam", "sgd"]);
  assert.equal(compareValues("lr", ["1", "2", "3", "4", "5"], catalog).length, 4);
  const runs = buildRuns({ ...fresh(), ds: "linreg", vary: "bs", values: ["1", "full"] }, catalog);
  assert.deepEqual(runs.map((r) => r.config.batch_size), [1, catalog.training.max_batch_size]);
  assert.deepEqual(runs.map((r) => r.label), [{ vary: "bs", value: 1 }, { vary: "bs", value: "full" }]);
  assert.equal(buildRuns({ ...fresh(), vary: "bs", values: ["1"] }, catalog)[0].label, null);
});

test("a lesson's training runs become page settings, a compare when they differ in one setting", () => {
  const run = (bs) => ({ kind: "train", dataset: { name: "linreg" }, optimizer: { name: "sgd", lr: 0.1 }, batch_size: bs,
    epochs: 20 });
  assert.deepEqual(configToState(run(100), catalog), { ds: "linreg", opt: "sgd", lr: 0.1, bs: "full", epochs: 20 });
  const patch = lessonPatch({ runs: [run(1), run(32), run(100), { kind: "descent" }] }, catalog);
  assert.equal(patch.vary, "bs");
  assert.deepEqual(patch.values, ["1", "32", "full"]);
  assert.equal(lessonPatch({ runs: [{ kind: "descent" }] }, catalog), null);
  const two = lessonPatch({ runs: [run(1), { ...run(32), epochs: 5 }] }, catalog);
  assert.equal(two.vary, ""); // two settings differ: no compare, the first run's settings
  assert.equal(two.bs, 1);
});

test("the store files iterations and epochs of the current start only, and finds the best epoch", () => {
  const store = new TrainStore();
  store.onMeta({ run_id: "g1.r1", plan: { total_iterations: 20 } });
  store.onMeta({ run_id: "g1.r2", plan: { total_iterations: 50 } });
  store.onSteps({ run_id: "g1.r1", cols: { t: [0, 1], epoch: [0, 0], iteration: [0, 1], loss: [2, null] } });
  const r1 = store.run("g1.r1");
  assert.equal(r1.buf.length, 2);
  assert.ok(Number.isNaN(r1.buf.loss[1]));
  assert.deepEqual(r1.buf.last(), { t: 1, epoch: 0, iteration: 1, loss: NaN });
  assert.equal(store.longest.id, "g1.r2");
  assert.equal(store.onEpoch({ run_id: "old.r1", epoch: 0 }), false);
  for (const [epoch, v] of [[0, 0.5], [1, 0.3], [2, 0.4]]) store.onEpoch({ run_id: "g1.r1", epoch, validation_loss: v });
  assert.deepEqual(bestEpoch(r1), { epoch: 1, early: false });
  r1.done = { best_epoch: 2 };
  assert.deepEqual(bestEpoch(r1), { epoch: 2, early: true });
});
