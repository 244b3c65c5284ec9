import { test } from "node:test";
import assert from "node:assert/strict";
import { makeTransform } from "../../static/js/shared/geometry.js";
import { drawTrajectories } from "../../static/js/descent/views/trajectory.js";

/** A 2D context that records, for every stroke and fill, the style and the points of its path. */
function recorder() {
  const log = [];
  let points = [];
  const ctx = {
    canvas: { width: 300, height: 300 }, lineWidth: 1, strokeStyle: "", fillStyle: "", globalAlpha: 1,
    dash: [],
    save() {}, restore() {}, setTransform() {}, clearRect() {}, rect() {}, clip() {}, translate() {}, rotate() {},
    setLineDash(d) { this.dash = d; },
    beginPath() { points = []; },
    moveTo(x, y) { points.push([x, y]); }, lineTo(x, y) { points.push([x, y]); },
    arc(x, y) { points.push([x, y]); }, closePath() {},
    stroke() {
      log.push({ op: "stroke", style: this.strokeStyle, width: this.lineWidth, dash: this.dash.length > 0, points });
    },
    fill() { log.push({ op: "fill", style: this.fillStyle, points }); },
  };
  return { ctx, log };
}

test("a tried run on the same line as the learner's (bowl, lr 1.05 → 0.525) shows its steps above the path", () => {
  const view = [[-5, 5], [-5, 5]];
  const tr = makeTransform(view, { left: 0, top: 0, width: 300, height: 300 });
  // the run: x → −1.1·x from (−3, 4); the counterfactual at lr 0.525: x → −0.05·x, on the same line
  const run = (k) => [-3 * (-1.1) ** k, 4 * (-1.1) ** k];
  const ghost = [0, 1, 2].map((k) => [-3 * (-0.05) ** k, 4 * (-0.05) ** k]);
  const pts = [0, 1, 2, 3, 4, 5].map(run);
  const buf = { x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), vx: pts.map(() => 0), vy: pts.map(() => 0),
    length: pts.length };
  const done = { diagnosis: { counterfactual: { trace: { xy: ghost } } } };
  const { ctx, log } = recorder();
  const out = drawTrajectories(ctx, [{ id: "a", index: 0, buf, done }], tr, { start: [-3, 4], color: () => "#1f5" });
  assert.equal(out.ghosts, 1);
  const isPath = (e) => e.op === "stroke" && !e.dash && e.style === "#1f5" && e.width === 2;
  const lastPathStroke = log.findLastIndex(isPath);
  assert.ok(lastPathStroke >= 0, "the run's path is drawn");
  const near = (p, [x, y]) => Math.hypot(p[0] - tr.px(x), p[1] - tr.py(y)) < 1e-9;
  const ghostDots = log.findIndex((e, i) => i > lastPathStroke && e.op === "stroke" && !e.dash &&
    ghost.every((g) => e.points.some((p) => near(p, g))));
  assert.ok(ghostDots > lastPathStroke, "every step of the tried run is marked after (above) the run's path");
});
