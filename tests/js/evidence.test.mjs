import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { descentPatch, factText, trainPatch } from "../../static/js/shared/evidence.js";
import { initI18n } from "../../static/js/shared/i18n.js";

const strings = (lang) => JSON.parse(readFileSync(new URL(`../../app/i18n/${lang}.json`, import.meta.url), "utf8"));

test("facts read like the sentences: shares as percentages, counts whole, numbers in 4 digits", () => {
  assert.equal(factText("progress", 0.348), "34.8%");
  assert.equal(factText("converged_step", 16), "16");
  assert.equal(factText("max_abs", 25898374737328.36), "2.59e13");
  assert.equal(factText("stall_loss", 1.99459), "1.995");
});

test("opening a tried descent run changes only what the counterfactual changed", () => {
  assert.deepEqual(descentPatch({ lr: 0.1 }), { vary: "", values: [], lr: 0.1 });
  assert.deepEqual(descentPatch({ optimizer: "momentum", hyper: { momentum: 0.9 } }),
    { vary: "", values: [], opt: "momentum", momentum: 0.9 });
  assert.deepEqual(descentPatch({ steps: 400 }), { vary: "", values: [], steps: 400 });
});

test("opening a tried training run maps the core's change onto the page's settings", () => {
  assert.deepEqual(trainPatch({ lr: 1, schedule: "constant", schedule_params: {} }),
    { vary: "", values: [], lr: 1, sched: "constant" });
  assert.deepEqual(trainPatch({ hidden: [32, 32] }), { vary: "", values: [], hidden: "32,32" });
  assert.deepEqual(trainPatch({ schedule: "cosine", schedule_params: { t_max: 5000, lr_min: 0 } }),
    { vary: "", values: [], sched: "cosine", t_max: 5000, lr_min: 0 });
});

test("a huge whole-valued loss is a number in 4 digits, not 6.724034830146604e+26 (lr 10, central difference)", () => {
  assert.equal(factText("loss_max", 6.724034830146604e+26), "6.724e26");
  assert.equal(factText("exact_max_abs", 3.002064967930081e+128), "3.002e128");
  assert.equal(factText("loss_max_step", 10), "10");
});

test("progress below zero (the loss rose) is said in words in both languages, not as −2.7e27%", () => {
  for (const lang of ["en", "ko"]) {
    initI18n({ strings: { en: strings("en"), ko: strings("ko") }, lang });
    const text = factText("progress", -2.7e25);
    assert.equal(text, strings(lang)["ui.fact.progress_negative"]);
    assert.ok(!text.includes("e2") && !text.includes("%"), text);
  }
  assert.equal(factText("progress", 0.347), "34.7%");
});
