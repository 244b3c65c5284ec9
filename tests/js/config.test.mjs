import { test } from "node:test";
import assert from "node:assert/strict";
import { baseConfig, buildRuns, effectiveLr, isCompare, lessonPreset } from "../../static/js/descent/config.js";
import { defaultState, parseState, serializeState, withCatalog } from "../../static/js/descent/state.js";

const catalog = {
  surfaces: [{ key: "bowl", lr: 0.1, start: [-3, 4] }, { key: "rosenbrock", lr: 0.001, start: [-1.5, 2] }],
  optimizers: [
    { key: "sgd", params: [{ name: "lr", default: 0.1 }, { name: "weight_decay", default: 0 }] },
    { key: "momentum", params: [{ name: "lr", default: 0.1 }, { name: "momentum", default: 0.9 }] },
    { key: "adam", params: [{ name: "lr", default: 0.1 }, { name: "beta1", default: 0.9 }, { name: "beta2", default: 0.999 }, { name: "eps", default: 1e-8 }] },
  ],
  schedules: [{ key: "constant", params: [] }, { key: "step", params: [{ name: "step_size", default: 30 }, { name: "gamma", default: 0.5 }] },
    { key: "range_test", params: [{ name: "lr_max", default: 10 }, { name: "t_max", default: 100 }] }],
  pairs: { betas: ["beta1", "beta2"] },
};
withCatalog(catalog);

test("the default state is one plain run with the surface's own learning rate", () => {
  const runs = buildRuns(defaultState(), catalog);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].label, null);
  assert.deepEqual(runs[0].config, {
    kind: "descent", surface: "bowl", steps: 100, optimizer: { name: "sgd", lr: 0.1 },
    schedule: { name: "constant" }, gradient: { mode: "analytic" },
  });
  assert.equal(effectiveLr({ ...defaultState(), surface: "rosenbrock" }, catalog), 0.001);
});

test("hyperparameters map to the protocol's names (beta1/beta2 -> betas)", () => {
  const s = { ...defaultState(), opt: "adam", lr: 0.3, beta2: 0.99, sched: "step", gamma: 0.1, grad: "forward", h: 1e-3, start: [1, 2], conv: "book" };
  const c = baseConfig(s, catalog);
  assert.deepEqual(c.optimizer, { name: "adam", lr: 0.3, betas: [0.9, 0.99], convention: "book" });
  assert.deepEqual(c.schedule, { name: "step", gamma: 0.1 });
  assert.deepEqual(c.gradient, { mode: "forward", h: 1e-3 });
  assert.deepEqual(c.start, [1, 2]);
});

test("parameters of another optimizer are not sent", () => {
  const c = baseConfig({ ...defaultState(), opt: "sgd", momentum: 0.5 }, catalog);
  assert.equal("momentum" in c.optimizer, false);
});

test("the lesson preset gives three runs labelled by learning rate", () => {
  const s = { ...defaultState(), beta2: 0.5, gamma: 0.1, ...lessonPreset(catalog) };
  assert.equal(s.beta2, null); // every parameter the catalog lists is back at its default
  assert.equal(s.gamma, null);
  assert.ok(isCompare(s));
  const runs = buildRuns(s, catalog);
  assert.deepEqual(runs.map((r) => r.config.optimizer.lr), [0.1, 10, 1e-10]);
  assert.deepEqual(runs.map((r) => r.label), [0.1, 10, 1e-10].map((value) => ({ vary: "lr", value })));
  for (const r of runs) {
    assert.deepEqual(r.config.start, [-3, 4]);
    assert.equal(r.config.steps, 100);
    assert.deepEqual(r.config.gradient, { mode: "central", h: 1e-4 });
  }
  assert.deepEqual(parseState(serializeState(s)), { ...s, values: ["0.1", "10", "1e-10"] });
});

test("comparing optimizers or gradient modes", () => {
  const byOpt = buildRuns({ ...defaultState(), vary: "opt", values: ["sgd", "momentum"] }, catalog);
  assert.deepEqual(byOpt.map((r) => r.config.optimizer.name), ["sgd", "momentum"]);
  const byGrad = buildRuns({ ...defaultState(), vary: "grad", values: ["analytic", "central"] }, catalog);
  assert.deepEqual(byGrad.map((r) => r.config.gradient.mode), ["analytic", "central"]);
  const byMu = buildRuns({ ...defaultState(), opt: "momentum", vary: "momentum", values: ["0", "0.9"] }, catalog);
  assert.deepEqual(byMu.map((r) => r.config.optimizer.momentum), [0, 0.9]);
});

test("a range test's lr_max survives the URL and reaches the run", () => {
  const s = parseState("sched=range_test&lr_max=3&lr=0.01");
  assert.equal(s.lr_max, 3);
  assert.equal(serializeState(s), "lr=0.01&sched=range_test&lr_max=3");
  assert.deepEqual(baseConfig(s, catalog).schedule, { name: "range_test", lr_max: 3 });
});
