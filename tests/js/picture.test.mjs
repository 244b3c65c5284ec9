// The page's picture rules that GET /api/v1/figure.svg repeats in Python (tests/web/test_figure.py checks the
// same fixture): d3.ticks for the axes, the contour thresholds, and the palette file the server parses.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import vm from "node:vm";
import { rampColor, thresholds, wantsLog } from "../../static/js/shared/levels.js";
import { PALETTE, runColor } from "../../static/js/shared/palette.js";

const fixture = JSON.parse(fs.readFileSync(new URL("../fixtures/picture.json", import.meta.url), "utf8"));
const d3 = (() => {
  const ctx = {};
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(new URL("../../static/vendor/d3-array.min.js", import.meta.url), "utf8"), ctx);
  return ctx.d3;
})();

test("the vendored d3.ticks gives the fixture's ticks", () => {
  for (const { lo, hi, count, ticks } of fixture.ticks) assert.deepEqual(Array.from(d3.ticks(lo, hi, count)), ticks);
});

test("the contour thresholds are the fixture's", () => {
  for (const c of fixture.levels) {
    assert.equal(wantsLog(c.values, false), c.log);
    assert.deepEqual(thresholds(c.values, { count: 16 }), c.lin);
    assert.deepEqual(thresholds(c.values, { log: true, count: 16 }), c.logspaced);
  }
});

test("palette.js is one JSON object the server can read as the server reads it", () => {
  const text = fs.readFileSync(new URL("../../static/js/shared/palette.js", import.meta.url), "utf8");
  const mark = "\nexport const PALETTE = ";
  const start = text.indexOf(mark) + mark.length;
  assert.ok(start > mark.length);
  assert.deepEqual(JSON.parse(text.slice(start, text.indexOf("};", start) + 1)), PALETTE);
  assert.equal(runColor(0), PALETTE.runs[0]);
  assert.equal(rampColor(0), `rgb(${PALETTE.ramp[0].join(",")})`);
});
