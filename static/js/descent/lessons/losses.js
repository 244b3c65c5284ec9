// The loss-functions widget: a 10-class output drawn as bars the learner drags (kept a probability vector: the
// other bars shrink or grow in proportion), the right class chosen by a click, and both losses from the server
// (POST /api/v1/losses) updated live. The formulas live in Python; this only draws and asks.

import { t } from "../../shared/i18n.js";
import { el } from "../../shared/dom.js";
import { postJSON } from "../../shared/request.js";

/** y with class k set to v ∈ [0, 1] and the others rescaled so the total stays 1. Pure. */
export function setShare(y, k, v) {
  const value = Math.min(1, Math.max(0, v));
  const rest = y.reduce((s, p, i) => (i === k ? s : s + p), 0);
  const out = y.map((p, i) => {
    if (i === k) return value;
    if (rest > 0) return (p * (1 - value)) / rest;
    return (1 - value) / (y.length - 1);
  });
  const total = out.reduce((s, p) => s + p, 0);
  return out.map((p) => p / total);
}

function postLosses(body) {
  return postJSON("/api/v1/losses", body);
}

/** The widget for a lesson with `presets` ([{id, y, target, delta}]): {el, relabel()}. */
export function createLossWidget(lesson) {
  const presets = lesson.presets || [];
  const first = presets[0] || { y: Array(10).fill(0.1), target: 0, delta: "course" };
  let y = [...first.y];
  let target = first.target;
  let delta = first.delta || "course";
  let seq = 0;

  const root = el("section", "loss-widget");
  root.dataset.ready = "0";
  const title = el("h4", "", "");
  const help = el("p", "hint", "");
  const bars = el("div", "loss-bars");
  const outputs = el("dl", "loss-values");
  const mse = el("dd", "loss-mse", "—");
  const ce = el("dd", "loss-ce", "—");
  const mseLabel = el("dt", "");
  const ceLabel = el("dt", "");
  outputs.append(mseLabel, mse, ceLabel, ce);
  const error = el("p", "lesson-bad loss-error");
  error.hidden = true;
  const deltaSel = el("select", "loss-delta");
  deltaSel.id = `loss-delta-${lesson.key}`;
  const deltaLabel = el("label", "", "");
  deltaLabel.htmlFor = deltaSel.id;
  const deltaRow = el("div", "field loss-delta-row");
  deltaRow.append(deltaLabel, deltaSel);
  deltaSel.addEventListener("change", () => {
    delta = deltaSel.value;
    update();
  });
  const presetRow = el("div", "row-buttons loss-presets");
  root.append(title, help, bars, outputs, deltaRow, presetRow, error);

  const columns = y.map((_, k) => {
    const col = el("div", "loss-col");
    const track = el("div", "loss-track");
    track.tabIndex = 0;
    track.setAttribute("role", "slider");
    track.setAttribute("aria-valuemin", "0");
    track.setAttribute("aria-valuemax", "1");
    track.dataset.k = String(k);
    const bar = el("div", "loss-bar");
    const value = el("span", "loss-share");
    track.append(bar);
    const choose = el("button", "loss-class", String(k));
    choose.type = "button";
    choose.addEventListener("click", () => {
      target = k;
      update();
    });
    col.append(value, track, choose);
    bars.append(col);
    const at = (ev) => {
      const box = track.getBoundingClientRect();
      return 1 - (ev.clientY - box.top) / Math.max(1, box.height);
    };
    track.addEventListener("pointerdown", (ev) => {
      track.setPointerCapture(ev.pointerId);
      y = setShare(y, k, at(ev));
      update();
    });
    track.addEventListener("pointermove", (ev) => {
      if (!track.hasPointerCapture(ev.pointerId)) return;
      y = setShare(y, k, at(ev));
      update();
    });
    track.addEventListener("keydown", (ev) => {
      const step = { ArrowUp: 0.05, ArrowRight: 0.05, ArrowDown: -0.05, ArrowLeft: -0.05 }[ev.key];
      if (step === undefined) return;
      ev.preventDefault();
      y = setShare(y, k, y[k] + step);
      update();
    });
    return { col, track, bar, value, choose };
  });

  function draw() {
    columns.forEach((c, k) => {
      c.bar.style.height = `${(100 * y[k]).toFixed(2)}%`;
      c.value.textContent = y[k].toFixed(2);
      c.track.setAttribute("aria-valuenow", y[k].toFixed(3));
      c.col.classList.toggle("is-target", k === target);
      c.choose.setAttribute("aria-pressed", k === target ? "true" : "false");
    });
  }

  async function update() {
    draw();
    const mine = ++seq;
    try {
      const body = await postLosses({ y, target, delta });
      if (mine !== seq) return; // a newer drag is already on its way
      error.hidden = true;
      mse.textContent = body.mse.toFixed(4);
      ce.textContent = body.cross_entropy.toFixed(4);
      mse.dataset.value = String(body.mse);
      ce.dataset.value = String(body.cross_entropy);
      root.dataset.target = String(target);
      root.dataset.ready = "1";
    } catch (e) {
      if (mine !== seq) return;
      error.textContent = t("ui.losses.error", { detail: e.message });
      error.hidden = false;
      mse.textContent = "—";
      ce.textContent = "—";
    }
  }

  function relabel() {
    title.textContent = t("ui.losses.title");
    help.textContent = t("ui.losses.help");
    mseLabel.textContent = t("ui.losses.mse");
    ceLabel.textContent = t("ui.losses.ce");
    deltaLabel.textContent = t("ui.losses.delta");
    deltaSel.replaceChildren(...["course", "exact"].map((d) => {
      const o = el("option", "", t(`ui.losses.delta.${d}`));
      o.value = d;
      return o;
    }));
    deltaSel.value = delta;
    columns.forEach((c, k) => {
      c.track.setAttribute("aria-label", t("ui.losses.bar", { k }));
      c.choose.title = t("ui.losses.target");
    });
    presetRow.replaceChildren(...presets.map((p) => {
      const b = el("button", "btn btn-small loss-preset", t(`ui.losses.preset.${p.id}`));
      b.type = "button";
      b.dataset.preset = p.id;
      b.addEventListener("click", () => {
        y = [...p.y];
        target = p.target;
        delta = p.delta || "course";
        deltaSel.value = delta;
        update();
      });
      return b;
    }));
  }

  relabel();
  update();
  return { el: root, relabel };
}
