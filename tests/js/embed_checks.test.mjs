// A host's `set` on the embedded /train: each value checked as the form checks it, refusals named in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initI18n } from "../../static/js/shared/i18n.js";
import { checkTrainSettings } from "../../static/js/train/checks.js";
import { embedTrainTable, mergeTrain, normaliseTrainState } from "../../static/js/train/state.js";
import { checkDescentSettings } from "../../static/js/embed/checks.js";
import { refusal } from "../../static/js/embed/set.js";
import { catalog as base } from "./train_catalog.mjs";

const strings = {
  ko: JSON.parse(readFileSync(new URL("../../app/i18n/ko.json", import.meta.url))),
  en: JSON.parse(readFileSync(new URL("../../app/i18n/en.json", import.meta.url))),
};
const inLang = (lang) => initI18n({ lang, languages: ["ko", "en"], strings });

const range = (min, max, integer = false, more = {}) => ({ min, max, exclusive_min: false, exclusive_max: false,
  integer, ...more });
// the bounds the server's catalog gives these fields (app/web/field_bounds.py; tests/web check the real ones)
const catalog = {
  ...base,
  datasets: [...base.datasets, { key: "mnist", kind: "image", n: 70000, features: 784, classes: 10, available: false }]
    .map((d) => ({ available: true, ...d })),
  // the catalog's schedule parameters come narrowed to the server's bounds, as the form's boxes use them
  schedules: base.schedules.map((sc) => ({ ...sc, params: sc.params.map((p) => (p.name === "gamma"
    ? { ...p, ...range(0, 1, false, { exclusive_min: true }) } : p)) })),
  limits: { max_epochs: 500, max_samples: 100000, max_train_iterations: 200000 },
  fields: {
    train: {
      "optimizer.lr": range(1e-10, 1000), batch_size: range(1, 100000, true), epochs: range(1, 500, true),
      "model.hidden.0": range(1, 512, true), "dataset.n": range(10, 100000, true), seed: range(0, 2 ** 31 - 1, true),
    },
    descent: { "optimizer.lr": range(1e-10, 1000), steps: range(1, 100000, true), "start.0": range(-1e6, 1e6),
      "start.1": range(-1e6, 1e6) },
  },
  surfaces: [{ key: "bowl" }], conventions: ["pytorch"], gradient_modes: ["analytic", "central"],
};
const table = embedTrainTable(catalog);
const state = normaliseTrainState(table.defaults(), catalog);
const checkTrain = (input) => {
  const { patch } = table.patch(input);
  return checkTrainSettings(input, patch, (p) => normaliseTrainState(mergeTrain(state, p), catalog), catalog);
};

test("a good patch has nothing refused", () => {
  inLang("en");
  assert.deepEqual(checkTrain({ lr: 0.05, bs: 16, epochs: 30, opt: "adam", hidden: "8,8", ds: "digits", seed: 3 }), {});
  assert.deepEqual(checkTrain({ bs: "full", lr: null, sched: "step", gamma: "0.5" }), {});
});

test("each refused value is named with its limit, in English and in Korean", () => {
  inLang("en");
  assert.deepEqual(checkTrain({ lr: 0, bs: 2.5, epochs: 501, hidden: "16,a" }), {
    lr: "Learning rate: must be at least 1e-10.",
    bs: "Batch size: must be a whole number (e.g. 3).",
    epochs: "Epochs: must be at most 500.",
    hidden: strings.en["error.hidden"],
  });
  inLang("ko");
  assert.deepEqual(checkTrain({ lr: -1, bs: 0, hidden: [600], gamma: 0 }), {
    lr: "학습률: 1e-10 이상이어야 합니다.",
    bs: "배치 크기: 1 이상이어야 합니다.",
    hidden: `${strings.ko["error.field.model.hidden"]}: 512 이하여야 합니다.`,
    gamma: `${strings.ko["error.field.schedule.gamma"]}: 0보다 커야 합니다.`,
  });
});

test("choices outside the catalog, an unavailable data set and N beyond an image set are refused", () => {
  inLang("en");
  const got = checkTrain({ opt: "lbfgs", act: "gelu", ds: "mnist", theme: "neon", hide: ["charts", "map"] });
  assert.equal(got.opt, "Optimizer: must be one of: sgd, adam.");
  assert.equal(got.act, "Activation: must be one of: sigmoid, tanh, relu.");
  assert.match(got.ds, /^Data set: /);
  assert.equal(got.theme, "Theme: must be one of: auto, light, dark.");
  assert.match(got.hide, /^Hidden parts: must be one of: header, toolbar/);
  assert.equal(checkTrain({ ds: "digits", n: 5000 }).n, "Samples N: must be at most 1,797.");
  assert.deepEqual(checkTrain({ ds: "moons", n: 5000 }), {});
});

test("the error message lists unknown and refused keys with every sentence", () => {
  inLang("ko");
  const msg = refusal(new Map([["bogus", "bogus: 이 페이지에는 없는 설정입니다."], ["lr", "학습률: 1e-10 이상이어야 합니다."]]),
    ["bogus"]);
  assert.deepEqual(msg, { code: "invalid_state", unknown: ["bogus"], invalid: ["lr"], lang: "ko",
    fields: [{ key: "bogus", message: "bogus: 이 페이지에는 없는 설정입니다." }, { key: "lr", message: "학습률: 1e-10 이상이어야 합니다." }],
    message: "bogus: 이 페이지에는 없는 설정입니다. 학습률: 1e-10 이상이어야 합니다." });
});

test("the simulator's set is checked the same way", () => {
  inLang("en");
  assert.deepEqual(checkDescentSettings({ lr: 10, steps: 40, start: [-3, 4] }, { lr: 10, steps: 40 }, catalog), {});
  assert.deepEqual(checkDescentSettings({ lr: "1e-11", steps: 0, start: "1,2,3", speed: 0 }, {}, catalog), {
    lr: "Learning rate: must be at least 1e-10.", steps: "Steps: must be at least 1.",
    start: "Start point: this value cannot be read.", speed: "Speed: must be greater than 0." });
  assert.equal(checkDescentSettings({}, { opt: "nesterov" }, catalog).opt, "Optimizer: must be one of: sgd, adam.");
});
