// The test images whose activations the network view shows (image data): a strip of thumbnails, one button each
// (click, or the arrow keys / Home / End once one has the focus), and the chosen image large with its label and what
// the network predicts for it. The images and their activations come from the server (plan.network.examples and
// each heavy snapshot's `examples`, app/web/network_feed.py); the first image's also come in every snapshot.

import { t } from "../../shared/i18n.js";
import { imageCanvas } from "./images.js";

/** The activations of example k in a snapshot (per drawn layer), or null when they have not arrived yet. */
export function activationsOf(snap, k) {
  if (!snap) return null;
  if (k === 0 && snap.example) return snap.example;
  return snap.examples && snap.examples[k] ? snap.examples[k] : null;
}

/** The class the output layer's activations (probabilities at the drawn output units) rank first, or null. */
export function predicted(acts, outputUnits) {
  const probs = acts ? acts[acts.length - 1] : null;
  if (!probs) return null;
  let best = -Infinity;
  let pred = null;
  probs.forEach((p, i) => {
    if (p !== null && p > best) {
      best = p;
      pred = outputUnits[i];
    }
  });
  return pred;
}

/** els: {figure, strip}; onChoose(k) after the learner picked image k. → {render(run), chosen(), clear()} */
export function createExampleChooser({ figure, strip, onChoose }) {
  let chosen = 0;
  let stripRun = null; // the run whose images the strip shows: a new run starts at its first image
  let stripKey = "";
  let figureKey = "";

  function choose(k, focus = false) {
    const buttons = strip.children;
    if (!buttons.length) return;
    const next = Math.max(0, Math.min(buttons.length - 1, k));
    if (focus) buttons[next].focus();
    if (next === chosen) return;
    chosen = next;
    mark();
    onChoose(chosen);
  }

  function mark() {
    Array.from(strip.children).forEach((b, i) => {
      b.setAttribute("aria-pressed", String(i === chosen));
      b.tabIndex = i === chosen ? 0 : -1; // one tab stop; the arrow keys move inside the strip
    });
    strip.dataset.chosen = String(chosen);
  }

  strip.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-k]");
    if (b) choose(Number(b.dataset.k));
  });
  strip.addEventListener("keydown", (ev) => {
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (ev.key in moves) choose(chosen + moves[ev.key], true);
    else if (ev.key === "Home") choose(0, true);
    else if (ev.key === "End") choose(strip.children.length - 1, true);
    else return;
    ev.preventDefault();
  });

  function renderStrip(run, list) {
    const key = `${run.id}|${t("train.ui.net.example_pick")}`;
    if (key === stripKey) return;
    if (run.id !== stripRun) chosen = 0;
    stripRun = run.id;
    stripKey = key;
    const shape = run.meta.plan.network.image_shape;
    strip.replaceChildren(...list.map((ex, k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "example-thumb";
      b.dataset.k = String(k);
      b.dataset.label = String(ex.label);
      const label = t("train.ui.net.example_thumb", { n: k + 1, count: list.length, label: ex.label });
      b.setAttribute("aria-label", label);
      b.title = label;
      b.append(imageCanvas(ex.pixels, shape));
      return b;
    }));
    strip.setAttribute("aria-label", t("train.ui.net.example_pick"));
    strip.dataset.count = String(list.length);
    mark();
  }

  function render(run) {
    const N = run.meta.plan.network;
    const list = N.examples || (N.example ? [N.example] : []);
    if (!list.length) {
      clear();
      return;
    }
    renderStrip(run, list);
    const ex = list[chosen];
    const pred = predicted(activationsOf(run.net, chosen), run.net.units[run.net.units.length - 1]);
    const caption = t("train.ui.net.example", { label: ex.label, predicted: pred ?? "–" });
    const key = `${stripKey}|${chosen}|${caption}`;
    if (key === figureKey) return;
    figureKey = key;
    const c = imageCanvas(ex.pixels, N.image_shape);
    c.classList.add("example-img");
    const cap = document.createElement("figcaption");
    cap.textContent = caption;
    figure.replaceChildren(c, cap);
    figure.dataset.shown = "1";
    figure.dataset.k = String(chosen);
    figure.dataset.label = String(ex.label);
  }

  function clear() {
    figure.replaceChildren();
    figure.dataset.shown = "0";
    strip.replaceChildren();
    strip.dataset.count = "0";
    stripKey = figureKey = "";
    stripRun = null;
    chosen = 0;
  }

  return { render, clear, chosen: () => chosen, reset: () => (figureKey = stripKey = "") };
}
