// The network view: layers of neurons with the weights between them (line width by |w|, colour by sign), biases as
// the neuron's ring, per-neuron heatmaps over the input plane (2D data), first-layer weights as images and the
// activations of one test image (image data). Hover or tap for values; click a neuron for its large heatmap.
// Draws the server's bounded snapshot (app/web/network_feed.py): at most `drawn` units per layer.

import { fmt } from "../../shared/format.js";
import { t } from "../../shared/i18n.js";
import { inPieces } from "../../shared/slices.js";
import { MUTED, sizeCanvas, widthOf } from "./canvas.js";
import { activationsOf, createExampleChooser } from "./examples.js";
import { css, diverging, layerKind } from "./netdraw.js";
import { createFilters, filterImage } from "./netfilters.js";
import { createHeatmaps } from "./netheat.js";

const PAD = { left: 34, right: 40, top: 12, bottom: 34 };
const HEAT_BATCH = 12; // neurons' heatmaps made in one piece of the drawing

function layerName(l, depth) {
  if (l === 0) return t("train.ui.net.inputs");
  if (l === depth) return t("train.ui.net.outputs");
  return t("train.ui.net.layer", { l });
}

function segmentDistance(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const k = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (x1 + k * dx), py - (y1 + k * dy));
}

/** els: {canvas, tip, notes, focus, focusCanvas, focusCaption, filters, example, examples (the strip of test images),
 * onExample(k) (the learner chose test image k: draw again)} */
export function createNetworkView(els) {
  let hit = { neurons: [], lines: [] };
  const heatmaps = createHeatmaps();
  const filters = els.filters && createFilters(els.filters, (unit) => setFocus(1, unit));
  const chooser = els.example && createExampleChooser({ figure: els.example, strip: els.examples,
    onChoose: (k) => els.onExample && els.onExample(k) });
  let focused = null; // {l, unit}
  let current = null; // the run drawn last

  /** Draw the run's latest snapshot; `force` repaints the weight images and the test image even if unchanged.
   * Returns the rest of the drawing (the notes and weight images, then the test images and the large heatmap) as a
   * piece for a later frame (shared/slices.js); `drawAll` runs every piece at once. */
  function draw(run, force = false) {
    const cold = heatmaps.cold(run);
    if (!cold.length) return paint(run, force);
    // the neurons' heatmaps not made yet (a new heatmap snapshot): HEAT_BATCH a piece, then the drawing itself
    return inPieces(cold, HEAT_BATCH, ([l, unit]) => heatmaps.get(run, l, unit), () => paint(run, force))();
  }

  function paint(run, force) {
    current = run;
    if (force) {
      if (filters) filters.reset();
      if (chooser) chooser.reset();
    }
    const snap = run && run.net;
    const canvas = els.canvas;
    if (!snap || !run.meta || !run.meta.plan.network) {
      clear();
      return;
    }
    const N = run.meta.plan.network;
    const sizes = N.sizes;
    const depth = sizes.length - 1;
    const plane = Boolean(N.grid);
    const maxUnits = Math.max(...snap.units.map((u) => u.length));
    const row = plane ? 34 : 24;
    const W = Math.max(280, widthOf(canvas.parentElement));
    const H = PAD.top + PAD.bottom + Math.max(4, maxUnits) * row;
    const ctx = sizeCanvas(canvas, W, H);
    const gap = (W - PAD.left - PAD.right) / depth;
    const size = plane ? Math.min(row - 6, 28) : 8;
    const pos = snap.units.map((units, l) => {
      const x = PAD.left + l * gap;
      const top = PAD.top + ((maxUnits - units.length) * row) / 2 + row / 2;
      return units.map((_, i) => [x, top + i * row]);
    });
    // weights, weakest first so the strongest lie on top
    const lines = [];
    snap.weights.forEach((m, l) => {
      let max = 0;
      for (const r of m) for (const w of r) if (w !== null) max = Math.max(max, Math.abs(w));
      m.forEach((r, i) => r.forEach((w, j) => {
        if (w === null) return;
        lines.push({ l, i, j, w, a: max ? Math.abs(w) / max : 0 });
      }));
    });
    lines.sort((p, q) => p.a - q.a);
    ctx.lineCap = "round";
    for (const s of lines) {
      const [x1, y1] = pos[s.l][s.i];
      const [x2, y2] = pos[s.l + 1][s.j];
      ctx.strokeStyle = css(diverging(Math.sign(s.w) * Math.max(0.45, s.a)), 0.25 + 0.7 * s.a);
      ctx.lineWidth = 0.4 + 3.6 * s.a;
      ctx.beginPath();
      ctx.moveTo(x1 + size / 2, y1);
      ctx.lineTo(x2 - size / 2, y2);
      ctx.stroke();
    }
    // neurons: heatmap squares (2D data) or circles filled with the example's activation; the ring is the bias
    const neurons = [];
    let heatDrawn = 0;
    const k = chooser ? chooser.chosen() : 0;
    const example = activationsOf(snap, k);
    const shownImage = N.examples ? N.examples[k] : N.example;
    snap.units.forEach((units, l) => {
      const biases = l > 0 ? snap.biases[l - 1] : null;
      const bmax = biases ? Math.max(1e-12, ...biases.map((b) => Math.abs(b ?? 0))) : 1;
      const kind = l > 0 ? layerKind(N, l, run.meta.resolved.loss) : "positive";
      const acts = l > 0 && example ? example[l - 1] : null;
      const hiAct = acts ? Math.max(1e-12, ...acts.map((a) => Math.abs(a ?? 0))) : 1;
      units.forEach((unit, i) => {
        const [x, y] = pos[l][i];
        const b = biases ? biases[i] : null;
        const ring = b === null ? [150, 158, 172] : diverging(b / bmax);
        const heat = plane ? heatmaps.get(run, l, unit) : null;
        ctx.lineWidth = 2.5;
        ctx.strokeStyle = b === null ? "#9aa3b2" : css(ring);
        if (heat) {
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(heat, x - size / 2, y - size / 2, size, size);
          ctx.strokeRect(x - size / 2 - 1.5, y - size / 2 - 1.5, size + 3, size + 3);
          heatDrawn++;
        } else {
          let fill = "#ffffff";
          if (acts && acts[i] !== null) {
            const s = kind !== "prob" ? acts[i] / hiAct : l === depth ? acts[i] : 2 * acts[i] - 1;
            fill = css(diverging(Math.max(-1, Math.min(1, s))));
          } else if (l === 0 && shownImage) {
            const p = shownImage.pixels[unit] / 255;
            fill = css(diverging(p));
          }
          ctx.fillStyle = fill;
          ctx.beginPath();
          ctx.arc(x, y, size, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
        const value = acts ? acts[i] : null;
        neurons.push({ l, unit, x, y, r: plane ? size / 2 + 2 : size + 2, bias: b, value });
      });
    });
    // class numbers beside the output units
    ctx.fillStyle = MUTED;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    if (run.meta.resolved.loss === "cross_entropy") {
      snap.units[depth].forEach((unit, i) => {
        const [x, y] = pos[depth][i];
        ctx.fillText(String(unit), x + (plane ? size / 2 : size) + 5, y);
      });
    }
    // layer names and sizes
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    snap.units.forEach((units, l) => {
      const x = PAD.left + l * gap;
      const name = layerName(l, depth);
      const count = units.length < sizes[l] ? `${units.length}/${sizes[l]}` : String(sizes[l]);
      ctx.fillText(`${name} · ${count}`, Math.min(W - 40, Math.max(40, x)), H - 12);
    });
    hit = { neurons, lines: lines.map((s) => ({ ...s, from: pos[s.l][s.i], to: pos[s.l + 1][s.j] })), snap, depth };
    canvas.dataset.lines = String(lines.length);
    canvas.dataset.neurons = String(neurons.length);
    canvas.dataset.heatmaps = String(heatDrawn);
    canvas.dataset.t = String(snap.t);
    canvas.dataset.drawn = "1";
    return () => { // the pieces that need no drawing of the network itself, in the next frames
      notes(run);
      if (filters) filters.render(run);
      return () => {
        if (els.example) chooser.render(run);
        if (focused) showFocus(run);
      };
    };
  }

  function notes(run) {
    const N = run.meta.plan.network;
    const snap = run.net;
    const lines = [];
    snap.units.forEach((units, l) => {
      if (units.length < N.sizes[l] && l < N.sizes.length - 1) {
        lines.push(t(l === 0 ? "train.ui.net.subset_inputs" : "train.ui.net.subset",
          { l, shown: units.length, n: N.sizes[l] }));
      }
    });
    if (N.grid) lines.push(t("train.ui.net.heat_note", { t: snap.heatT ?? snap.t }));
    const text = lines.join(" ");
    if (els.notes.textContent !== text) els.notes.textContent = text;
    els.notes.dataset.subsets = String(snap.units.filter((u, l) => u.length < N.sizes[l]).length);
  }

  function setFocus(l, unit) {
    focused = { l, unit };
    if (current) showFocus(current);
  }

  function showFocus(run) {
    const N = run.meta.plan.network;
    const snap = run.net;
    const { l, unit } = focused;
    let src = null;
    let caption = "";
    if (N.grid) {
      src = heatmaps.get(run, l, unit);
      caption = l === N.sizes.length - 1 ? t("train.ui.net.focus_output", { unit, t: snap.heatT ?? snap.t })
        : t("train.ui.net.focus_heat", { name: layerName(l, N.sizes.length - 1), unit, t: snap.heatT ?? snap.t });
    } else if (N.image_shape && l === 1 && snap.images && snap.heatUnits) {
      const idx = snap.heatUnits[1].indexOf(unit);
      if (idx >= 0) {
        src = filterImage(snap, N, idx);
        caption = t("train.ui.net.focus_filter", { unit, scale: fmt(snap.images.scale[idx], 3) });
      }
    }
    if (!src) {
      els.focus.hidden = true;
      return;
    }
    els.focus.hidden = false;
    const side = Math.min(200, Math.max(120, widthOf(els.focus) - 8));
    const ctx = sizeCanvas(els.focusCanvas, side, side);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(src, 0, 0, side, side);
    els.focusCanvas.dataset.unit = `${l}:${unit}`;
    if (els.focusCaption.textContent !== caption) els.focusCaption.textContent = caption;
  }

  function find(ev) {
    const r = els.canvas.getBoundingClientRect();
    const x = ev.clientX - r.left;
    const y = ev.clientY - r.top;
    const n = hit.neurons.find((q) => Math.hypot(q.x - x, q.y - y) <= q.r + 2);
    if (n) return { n, x, y };
    let best = null;
    let bd = 5;
    for (const s of hit.lines) {
      const d = segmentDistance(x, y, s.from[0], s.from[1], s.to[0], s.to[1]);
      if (d < bd) {
        bd = d;
        best = s;
      }
    }
    return best ? { s: best, x, y } : null;
  }

  function describe(found) {
    const snap = hit.snap;
    if (found.n) {
      const { l, unit, bias, value } = found.n;
      const name = layerName(l, hit.depth);
      const parts = [t("train.ui.net.tip_unit", { name, unit })];
      if (bias !== null) parts.push(t("train.ui.net.tip_bias", { b: fmt(bias, 3) }));
      if (value !== null && value !== undefined) parts.push(t("train.ui.net.tip_act", { a: fmt(value, 3) }));
      return parts.join(" · ");
    }
    const s = found.s;
    const from = snap.units[s.l][s.i];
    const to = snap.units[s.l + 1][s.j];
    return t("train.ui.net.tip_weight", { l: s.l + 1, from, to, w: fmt(s.w, 3) });
  }

  function showTip(ev) {
    const found = find(ev);
    if (!found) {
      els.tip.hidden = true;
      return null;
    }
    els.tip.textContent = describe(found);
    els.tip.hidden = false;
    const wrapW = els.canvas.clientWidth;
    els.tip.style.left = `${Math.min(Math.max(0, found.x + 12), Math.max(0, wrapW - 200))}px`;
    els.tip.style.top = `${found.y + 12}px`;
    return found;
  }

  els.canvas.addEventListener("pointermove", showTip);
  els.canvas.addEventListener("pointerleave", () => {
    els.tip.hidden = true;
  });
  els.canvas.addEventListener("pointerdown", (ev) => {
    const found = showTip(ev);
    if (found && found.n) setFocus(found.n.l, found.n.unit);
  });

  function clear() {
    const ctx = els.canvas.getContext("2d");
    ctx.clearRect(0, 0, els.canvas.width, els.canvas.height);
    els.canvas.dataset.drawn = "0";
    els.canvas.dataset.lines = "0";
    els.canvas.dataset.heatmaps = "0";
    hit = { neurons: [], lines: [] };
    els.notes.textContent = "";
    els.focus.hidden = true;
    focused = null;
    if (filters) filters.clear();
    if (chooser) chooser.clear();
  }

  /** The centre of the last neuron drawn (the last output unit), in css pixels of the canvas; null before. */
  function lastNeuron() {
    const n = hit.neurons[hit.neurons.length - 1];
    return n ? [n.x, n.y] : null;
  }

  /** The test image shown (image data): {k, label, hidden (the first hidden layer's activations drawn)}; else null. */
  function example() {
    const N = current && current.meta && current.meta.plan.network;
    if (!chooser || !N || !current.net || !(N.examples || N.example)) return null;
    const k = chooser.chosen();
    const acts = activationsOf(current.net, k);
    return { k, label: (N.examples ? N.examples[k] : N.example).label, hidden: acts ? acts[0] : null };
  }

  /** The whole drawing at once: draw() and every piece it returns. */
  function drawAll(run, force = false) {
    let next = draw(run, force);
    while (typeof next === "function") next = next();
  }

  return { draw, drawAll, clear, lastNeuron, example };
}
