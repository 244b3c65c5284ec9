import { test } from "node:test";
import assert from "node:assert/strict";
import { arrowLength, clipSegment, edgePoint, fitPlot, makeTransform } from "../../static/js/shared/geometry.js";
import { extent, rampColor, thresholds, wantsLog } from "../../static/js/shared/levels.js";
import { PALETTE, runColor } from "../../static/js/shared/palette.js";
import { fmt, grouped, lrFromSlider, sliderFromLr } from "../../static/js/shared/format.js";

test("the plot keeps a 1:1 aspect and flips y", () => {
  const plot = fitPlot([[-10, 10], [-5, 5]], 500, 1000, { left: 40, right: 10, top: 10, bottom: 30 });
  assert.equal(plot.width, 450);
  assert.equal(plot.height, 225);
  const tr = makeTransform([[-10, 10], [-5, 5]], plot);
  assert.equal(tr.px(-10), 40);
  assert.equal(tr.py(5), 10);
  assert.equal(tr.py(-5), 235);
  assert.equal(tr.wx(tr.px(3.5)), 3.5);
  assert.equal(tr.wy(tr.py(-1.25)), -1.25);
  const tall = fitPlot([[0, 1], [0, 4]], 500, 330, { left: 40, right: 10, top: 10, bottom: 30 });
  assert.equal(tall.height, 290);
  assert.equal(tall.width, 72.5);
});


test("segments are clipped to the view, even from astronomically far away", () => {
  assert.deepEqual(clipSegment(1, 1, 2, 2, 0, 0, 10, 10), [1, 1, 2, 2]);
  assert.deepEqual(clipSegment(-10, 5, 20, 5, 0, 0, 10, 10), [0, 5, 10, 5]);
  assert.equal(clipSegment(-10, -10, -5, 20, 0, 0, 10, 10), null);
  const far = clipSegment(5, 5, 5 + 2.6e15, 5 - 1.3e14, 0, 0, 10, 10);
  assert.ok(far);
  assert.equal(far[2], 10);
  const e = edgePoint(-2.6e15, 0, 0, 0, 100, 100, 10);
  assert.equal(e.x, 10);
  assert.ok(Math.abs(e.y - 50) < 1e-6);
});

test("arrows are clamped to a readable length", () => {
  assert.equal(arrowLength(10, 10), 60);
  assert.equal(arrowLength(1e-9, 10), 10);
  assert.equal(arrowLength(1e9, 10), 90);
  assert.equal(arrowLength(0, 10), 0);
});

test("levels: linear for a bowl, log for a deep valley", () => {
  const bowl = [];
  const valley = [];
  for (let i = 0; i < 50; i++) {
    for (let j = 0; j < 50; j++) {
      const x = (i - 25) / 5;
      const y = (j - 25) / 5;
      bowl.push(x * x + y * y);
      valley.push((1 - x) ** 2 + 100 * (y - x * x) ** 2);
    }
  }
  assert.equal(wantsLog(bowl, false), false);
  assert.equal(wantsLog(valley, false), true);
  assert.equal(wantsLog(bowl, true), true);
  const lin = thresholds(bowl, { count: 4 });
  assert.equal(lin.length, 4);
  assert.ok(lin.every((v, i) => i === 0 || v > lin[i - 1]));
  const log = thresholds(valley, { log: true, count: 8 });
  const [lo, hi] = extent(valley);
  assert.ok(log[0] > lo && log.at(-1) < hi);
  assert.ok(log[1] - log[0] < log.at(-1) - log.at(-2));
  assert.deepEqual(extent([null, NaN, 3, -1]), [-1, 3]);
  assert.equal(rampColor(0), "rgb(255,251,240)");
  assert.equal(rampColor(1), `rgb(${PALETTE.ramp.at(-1).join(",")})`);
  assert.equal(PALETTE.runs.length, 6);
  assert.equal(runColor(0), PALETTE.runs[0]);
  assert.equal(runColor(6), PALETTE.runs[0]);
});

test("numbers read well", () => {
  assert.equal(grouped(159020), "159,020");
  assert.equal(fmt(-1234567), "−1.23e6");
  assert.equal(fmt(0.1), "0.1");
  assert.equal(fmt(10), "10");
  assert.equal(fmt(1e-10), "1e-10");
  assert.equal(fmt(-2.5898e13), "−2.59e13");
  assert.equal(fmt(null), "—");
  assert.equal(lrFromSlider(-1), 0.1);
  assert.equal(sliderFromLr(1e-10, -5, 1), -5);
  assert.equal(sliderFromLr(10, -5, 1), 1);
});
