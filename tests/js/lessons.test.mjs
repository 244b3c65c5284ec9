import { test } from "node:test";
import assert from "node:assert/strict";
import { close, distinguishing, KEPT_KEYS, lessonRuns, lessonState, sig } from "../../static/js/descent/lessons/runs.js";
import { defaultState } from "../../static/js/descent/state.js";

const lesson = {
  key: "lr-three", view: "descent", page: "surface=bowl&start=-3,4&steps=100&grad=central",
  runs: [
    { kind: "descent", id: "small", optimizer: { lr: 1e-10 }, gradient: { mode: "central" }, steps: 100 },
    { kind: "descent", id: "good", optimizer: { lr: 0.1 }, gradient: { mode: "central" }, steps: 100 },
    { kind: "train", id: "net" },
  ],
};

test("a descent lesson's runs are its descent configs, labelled by what sets them apart", () => {
  const runs = lessonRuns(lesson);
  assert.equal(runs.length, 2);
  assert.deepEqual(runs.map((r) => r.label), [
    { lesson: "lr-three", run: "small", parts: [{ key: "lr", value: 1e-10 }] },
    { lesson: "lr-three", run: "good", parts: [{ key: "lr", value: 0.1 }] },
  ]);
  assert.equal("id" in runs[0].config, false); // the session gives its own ids
  assert.equal(lessonRuns({ ...lesson, view: "train" }), null);
  assert.equal(lessonRuns(null), null);
});

test("a later aspect is named only for the runs that differ from its most common value", () => {
  const parts = distinguishing([
    { optimizer: { lr: 0.1 }, steps: 100 }, { optimizer: { lr: 0.2 }, steps: 100 }, { optimizer: { lr: 0.3 }, steps: 5 },
  ]);
  assert.deepEqual(parts, [[{ key: "lr", value: 0.1 }], [{ key: "lr", value: 0.2 }],
    [{ key: "lr", value: 0.3 }, { key: "steps", value: 5 }]]);
});

test("opening a descent lesson takes its permalink and keeps the reader's own display keys", () => {
  const current = { ...defaultState(), lang: "en", speed: 240, hide: ["charts"], surface: "rosenbrock", opt: "adam" };
  const s = lessonState(lesson, current);
  assert.deepEqual([s.surface, s.start, s.steps, s.grad, s.opt, s.lesson], ["bowl", [-3, 4], 100, "central", "sgd", "lr-three"]);
  for (const k of KEPT_KEYS) assert.deepEqual(s[k], current[k], k);
  const other = lessonState({ key: "timing", view: "gradient_timing" }, current);
  assert.deepEqual(other, { ...current, lesson: "timing" });
});

test("numbers are compared and printed the way the lessons print them", () => {
  assert.ok(close(-2.58983747e13, -2.589837470000001e13));
  assert.ok(!close(1, 1.01));
  assert.ok(!close(NaN, NaN));
  assert.equal(sig(-2.58983747e13), "−2.58983747e13");
  assert.equal(sig(0.1), "0.1");
  assert.equal(sig(1.5e-7, 3), "1.5e−7");
});
