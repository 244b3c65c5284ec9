// Drawing your own 2D data on a plot: a click adds a point of the chosen class (shift-click: the other class),
// the brush adds a spray of points while dragging, undo takes back the last click or stroke, clear empties it.
// For regression (x, y) a click adds a point (x, y). Points are [x1, x2, label] or [x, y], as the API takes them.

import { fitPlot, makeTransform } from "../shared/geometry.js";
import { PALETTE } from "../shared/palette.js";
import { drawAxes, sizeCanvas, widthOf } from "./views/canvas.js";

const CLASS_COLORS = PALETTE.classes;

export const DRAW_VIEW = [[-6, 6], [-6, 6]];
const MARGIN = { left: 46, right: 12, top: 10, bottom: 40 };
const BRUSH_RADIUS_PX = 14;
const BRUSH_STEP_PX = 9;

/** opts: {canvas, kind: "points2d" | "regression", maxPoints, onChange(points)} */
export function createDrawPad({ canvas, kind = "points2d", maxPoints = 5000, onChange = () => {} }) {
  let points = [];
  let strokes = []; // undo stack: the number of points each action added
  let label = 0;
  let brush = false;
  let view = DRAW_VIEW;
  let tr = null;
  let stroke = null;
  let mode = kind;

  function draw() {
    const width = Math.max(240, widthOf(canvas.parentElement) || 320);
    const plot = fitPlot(view, width, Math.min(440, width * 0.9), MARGIN);
    const ctx = sizeCanvas(canvas, width, plot.canvasHeight);
    tr = makeTransform(view, plot);
    ctx.save();
    ctx.fillStyle = "#f6f7fa";
    ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    for (const p of points) {
      ctx.beginPath();
      ctx.arc(tr.px(p[0]), tr.py(p[1]), 3.6, 0, 2 * Math.PI);
      ctx.fillStyle = mode === "regression" ? PALETTE.ink : CLASS_COLORS[p[2] % CLASS_COLORS.length];
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 1;
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
    drawAxes(ctx, tr, mode === "regression" ? "x" : "x₁", mode === "regression" ? "y" : "x₂");
    canvas.dataset.points = String(points.length);
  }

  function changed() {
    draw();
    onChange(points.slice());
  }

  function toWorld(ev) {
    const r = canvas.getBoundingClientRect();
    const x = tr.wx(ev.clientX - r.left);
    const y = tr.wy(ev.clientY - r.top);
    return tr.inside(x, y) ? [x, y] : null;
  }

  function add(xy, cls) {
    if (!xy || points.length >= maxPoints) return false;
    const r = (v) => Math.round(v * 1000) / 1000;
    points.push(mode === "regression" ? [r(xy[0]), r(xy[1])] : [r(xy[0]), r(xy[1]), cls]);
    return true;
  }

  function spray(ev, cls) {
    const r = canvas.getBoundingClientRect();
    const angle = Math.random() * 2 * Math.PI;
    const dist = Math.sqrt(Math.random()) * BRUSH_RADIUS_PX;
    const fake = { clientX: ev.clientX + dist * Math.cos(angle), clientY: ev.clientY + dist * Math.sin(angle) };
    if (fake.clientX < r.left || fake.clientY < r.top) return 0;
    return add(toWorld(fake), cls) ? 1 : 0;
  }

  canvas.addEventListener("pointerdown", (ev) => {
    if (!tr || ev.button > 0) return;
    const cls = ev.shiftKey ? 1 - label : label;
    if (brush) {
      canvas.setPointerCapture?.(ev.pointerId);
      stroke = { cls, added: 0, x: ev.clientX, y: ev.clientY };
      for (let k = 0; k < 3; k++) stroke.added += spray(ev, cls);
      draw();
      return;
    }
    if (add(toWorld(ev), cls)) {
      strokes.push(1);
      changed();
    }
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (!stroke) return;
    if (Math.hypot(ev.clientX - stroke.x, ev.clientY - stroke.y) < BRUSH_STEP_PX) return;
    stroke.x = ev.clientX;
    stroke.y = ev.clientY;
    stroke.added += spray(ev, stroke.cls) + spray(ev, stroke.cls);
    draw();
  });
  const endStroke = () => {
    if (!stroke) return;
    if (stroke.added) strokes.push(stroke.added);
    stroke = null;
    changed();
  };
  canvas.addEventListener("pointerup", endStroke);
  canvas.addEventListener("pointercancel", endStroke);

  return {
    draw,
    get points() { return points.slice(); },
    get label() { return label; },
    setLabel(v) { label = v; },
    setBrush(on) { brush = Boolean(on); },
    /** Replace the points (from a permalink or a CSV): one undo step takes them all back. */
    setPoints(rows, { kind: k } = {}) {
      if (k) mode = k;
      points = rows.slice(0, maxPoints).map((p) => p.slice());
      strokes = points.length ? [points.length] : [];
      view = extentOrDefault(points);
      changed();
    },
    /** Draw classification points [x1, x2, label] or regression points [x, y]: starts an empty set. */
    setKind(k) {
      if (k === mode) return;
      mode = k;
      points = [];
      strokes = [];
      view = DRAW_VIEW;
      changed();
    },
    undo() {
      const n = strokes.pop();
      if (!n) return;
      points.splice(points.length - n, n);
      changed();
    },
    clear() {
      points = [];
      strokes = [];
      view = DRAW_VIEW;
      changed();
    },
    get kind() { return mode; },
  };
}

/** The drawing view for loaded points: the default box, grown to hold them all. */
export function extentOrDefault(points) {
  let [[x0, x1], [y0, y1]] = DRAW_VIEW;
  for (const p of points) {
    x0 = Math.min(x0, p[0]);
    x1 = Math.max(x1, p[0]);
    y0 = Math.min(y0, p[1]);
    y1 = Math.max(y1, p[1]);
  }
  return [[x0, x1], [y0, y1]];
}
