import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initI18n } from "../../static/js/shared/i18n.js";
import { check, humanNumber } from "../../static/js/shared/bounds.js";

const strings = {
  ko: JSON.parse(readFileSync(new URL("../../app/i18n/ko.json", import.meta.url))),
  en: JSON.parse(readFileSync(new URL("../../app/i18n/en.json", import.meta.url))),
};
initI18n({ lang: "ko", languages: ["ko", "en"], strings });

const LR = { min: 1e-10, max: 1000, exclusive_min: false, exclusive_max: false, integer: false };
const BATCH = { min: 1, max: 100000, exclusive_min: false, exclusive_max: false, integer: true };
const GAMMA = { min: 0, max: 1, exclusive_min: true, exclusive_max: false, integer: false };

test("numbers read as the server writes them", () => {
  assert.deepEqual([1e-10, 0.0000000001, 5000, 1e300, 0.999, 1e-5, 2.5, 2147483647, 0.001].map(humanNumber),
    ["1e-10", "1e-10", "5,000", "1e300", "0.999", "1e-5", "2.5", "2,147,483,647", "0.001"]);
});

test("a refused value gets the server's sentence, in Korean", () => {
  assert.deepEqual(check("0", LR, "optimizer.lr"), { error: "학습률: 1e-10 이상이어야 합니다." });
  assert.deepEqual(check("-1", LR, "optimizer.lr"), { error: "학습률: 1e-10 이상이어야 합니다." });
  assert.deepEqual(check("0", BATCH, "batch_size"), { error: "배치 크기: 1 이상이어야 합니다." });
  assert.deepEqual(check("-3", BATCH, "batch_size"), { error: "배치 크기: 1 이상이어야 합니다." });
  assert.deepEqual(check("2.5", BATCH, "batch_size"), { error: "배치 크기: 정수여야 합니다 (예: 3)." });
  assert.deepEqual(check("0", GAMMA, "schedule.gamma"), { error: "감소 비율 γ: 0보다 커야 합니다." });
  assert.deepEqual(check("abc", LR, "optimizer.lr"), { error: "학습률: 숫자여야 합니다." });
  assert.deepEqual(check("", BATCH, "batch_size"), { error: "배치 크기: 값을 입력해야 합니다." });
  assert.deepEqual(check("", BATCH, "batch_size", { optional: true }), { value: null });
  assert.deepEqual(check("32", BATCH, "batch_size"), { value: 32 });
  assert.deepEqual(check("1e-10", LR, "optimizer.lr"), { value: 1e-10 });
});

test("and in English", () => {
  initI18n({ lang: "en", languages: ["ko", "en"], strings });
  assert.deepEqual(check("1e-11", LR, "optimizer.lr"), { error: "Learning rate: must be at least 1e-10." });
  assert.deepEqual(check("501", { ...BATCH, max: 500 }, "epochs"), { error: "Epochs: must be at most 500." });
});

test("durations use 초 and 분 in Korean sentences", async () => {
  const { duration } = await import("../../static/js/train/views/numerics.js");
  initI18n({ lang: "ko", languages: ["ko", "en"], strings });
  assert.deepEqual([0.0004, 44, 456, 9000].map(duration), ["0.4밀리초", "44초", "7.6분", "2.5시간"]);
  initI18n({ lang: "en", languages: ["ko", "en"], strings });
  assert.deepEqual([0.0004, 44, 456].map(duration), ["0.4 ms", "44 s", "7.6 min"]);
});
