import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { NUMBER_PATTERN, parseStrictNumber } from "../../static/js/shared/number.js";

test("the page reads the numbers the server reads, and refuses the same texts", () => {
  const good = { "0.1": 0.1, "1e-3": 0.001, ".5": 0.5, "5.": 5, "-3": -3, "+2": 2, "1E2": 100 };
  for (const [text, v] of Object.entries(good)) assert.equal(parseStrictNumber(text), v, text);
  for (const text of ["1_0", "١٢", " 1", "0x10", "Infinity", "NaN", "1e400", "", "1,5", "--1"]) {
    assert.equal(parseStrictNumber(text), undefined, text);
  }
});

test("the pattern is the server's, character for character", () => {
  const py = readFileSync(new URL("../../app/web/permalink.py", import.meta.url), "utf8");
  const m = py.match(/NUMBER = re\.compile\(r"(.*)"\)/);
  assert.ok(m, "permalink.py defines NUMBER");
  assert.equal(m[1], NUMBER_PATTERN.replaceAll("\\\\", "\\"));
});
