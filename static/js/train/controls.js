// The settings form of the training page, filled from the catalog. It reads and writes the page state only
// through render(state) and onChange(patch, {final}); it knows nothing of runs or the socket.

import { field, fillSelect, paramInput, readNumber } from "../shared/fields.js";
import { fmt, grouped, inputText, lrFromSlider, sliderFromLr } from "../shared/format.js";
import { t } from "../shared/i18n.js";
import { datasetOf, effective, parseHidden } from "./config.js";
import { parseBatch, SPEEDS, VARY } from "./state.js";

export const LR_SLIDER = [-4, 1]; // log10 of 1e-4 … 10

/** opts: {form, catalog, onChange(patch, {final})}; showPlan(plan) shows what the server's plan says. */
export function createControls({ form, catalog, onChange }) {
  const $ = (name) => form.elements.namedItem(name);
  const byId = (id) => document.getElementById(id);
  const schedBox = form.querySelector("[data-params=schedule]");
  const tr = catalog.training;
  let state = null;
  let schedFor = null;
  let plan = null; // the server's plan of the settings (POST /api/v1/train/plan), once it answers

  const datasetOptions = () => catalog.datasets.map((d) => ({ value: d.key, text: t(`train.ui.ds.${d.key}`)
    + (d.available ? "" : ` — ${t("train.ui.ds.unavailable")}`) }));
  function fillAll() {
    fillSelect($("ds"), datasetOptions(), state ? state.ds : "moons");
    for (const opt of $("ds").options) opt.disabled = !datasetOf(catalog, opt.value).available;
    fillSelect($("act"), tr.activations.map((v) => ({ value: v, key: `train.ui.act.${v}` })), "relu");
    fillSelect($("loss"), tr.losses.map((v) => ({ value: v, key: `train.ui.loss.${v}` })), "cross_entropy");
    fillSelect($("init"), tr.inits.map((v) => ({ value: v, key: `train.ui.init.${v}` })), "he");
    fillSelect($("opt"), catalog.optimizers.map((o) => ({ value: o.key, key: `ui.optimizer.${o.key}` })), "sgd");
    fillSelect($("sched"), catalog.schedules.map((s) => ({ value: s.key, key: `ui.schedule.${s.key}` })), "constant");
    fillSelect($("sampling"), tr.sampling.map((v) => ({ value: v, key: `train.ui.sampling.${v}` })), "shuffle");
    fillSelect($("grad"), tr.gradient_modes.map((v) => ({ value: v, key: `train.ui.gradient.${v}` })), "backprop");
    fillSelect($("vary"), ["", ...VARY].map((v) => ({ value: v, key: `train.ui.vary.${v || "none"}` })), "");
    fillSelect($("speed"), SPEEDS.map((v) => ({ value: v,
      text: v === "max" ? t("train.ui.speed.max") : t("train.ui.speed.n", { n: v }) })), "300");
  }
  fillAll();
  const lrSlider = $("lr_slider");
  lrSlider.min = String(LR_SLIDER[0]);
  lrSlider.max = String(LR_SLIDER[1]);
  $("epochs").max = String(catalog.limits.max_epochs);
  $("n").max = String(catalog.limits.max_samples);

  function buildSchedule(key) {
    const sched = catalog.schedules.find((s) => s.key === key);
    const params = sched ? sched.params : [];
    schedBox.replaceChildren(...params.map((p) => {
      const input = paramInput(p, state[p.name]);
      input.id = `t-param-${p.name}`;
      input.addEventListener("change", () => {
        const v = readNumber(input);
        if (v === undefined) input.value = inputText(state[p.name] ?? p.default);
        else onChange({ [p.name]: v === p.default ? null : v }, { final: true });
      });
      const own = `train.ui.param.${p.name}`;
      return field(t(own) !== own ? own : `ui.param.${p.name}`, input);
    }));
    schedBox.hidden = params.length === 0;
    schedFor = key;
  }

  function show(name, on) {
    const f = $(name).closest(".field");
    f.hidden = !on;
    $(name).disabled = !on;
  }

  function render(s) {
    state = s;
    const e = effective(s, catalog);
    const d = e.dataset;
    const takes = d.defaults || {};
    $("ds").value = s.ds;
    byId("t-ds-desc").textContent = t(`train.ui.dsdesc.${d.key}`);
    show("n", "n" in takes);
    show("noise", "noise" in takes);
    $("n").value = String(e.n ?? "");
    $("n").max = String(d.kind === "image" && d.n ? d.n : catalog.limits.max_samples);
    $("noise").value = e.noise === null ? "" : inputText(e.noise);
    $("vf").value = inputText(e.vf);
    $("tf").value = inputText(e.tf);
    const hiddenBox = $("hidden");
    if (document.activeElement !== hiddenBox || hiddenBox.getAttribute("aria-invalid") !== "true") {
      hiddenBox.value = e.hidden ? e.hidden.join(", ") : s.hidden ?? "";
      hiddenBox.removeAttribute("aria-invalid");
    }
    $("act").value = e.activation;
    $("loss").value = e.loss;
    $("init").value = e.init;
    $("wd").value = inputText(e.weightDecay);
    $("opt").value = e.optimizer;
    $("lr").value = inputText(e.lr);
    lrSlider.value = String(sliderFromLr(e.lr, ...LR_SLIDER));
    lrSlider.setAttribute("aria-valuetext", fmt(e.lr));
    $("sched").value = s.sched;
    if (schedFor !== s.sched) buildSchedule(s.sched);
    $("bs").value = e.batchWanted === "full" ? t("train.ui.batch.full_value") : String(e.batchWanted);
    for (const chip of form.querySelectorAll("[data-bs]")) {
      chip.setAttribute("aria-pressed", parseBatch(chip.dataset.bs) === e.batchWanted ? "true" : "false");
    }
    $("epochs").value = String(e.epochs);
    $("sampling").value = s.sampling;
    $("patience").value = s.patience === null ? "" : String(s.patience);
    $("grad").value = s.grad;
    $("seed").value = String(s.seed);
    $("speed").value = String(s.speed);
    $("vary").value = s.vary;
    $("values").value = s.values.join(", ");
    $("values").disabled = !s.vary;
    showPlan(plan);
  }

  /** What the server's plan of these settings says: N for the full-batch chip, the parameters for the note. */
  function showPlan(p) {
    plan = p;
    byId("t-bs-full-n").textContent = t("train.ui.batch.full_chip", { n: p ? p.n_train : "N" });
    const limit = catalog.limits.max_numeric_params;
    const over = p !== null && p.parameters > limit;
    const note = byId("t-grad-note");
    note.textContent = p === null ? "" : t(over ? "train.ui.grad.note_over" : "train.ui.grad.note",
      { p: grouped(p.parameters), limit: grouped(limit) });
    note.dataset.over = over ? "1" : "0";
  }

  // ---- input → patches
  const numberField = (name, key, { int = false, nullable = false, min = -Infinity } = {}) => {
    $(name).addEventListener("change", () => {
      const box = $(name);
      if (nullable && box.value.trim() === "") {
        onChange({ [key]: null }, { final: true });
        return;
      }
      const v = readNumber(box);
      if (v === undefined || (int && !Number.isInteger(v)) || v < min) {
        render(state);
        return;
      }
      onChange({ [key]: v }, { final: true });
    });
  };
  numberField("n", "n", { int: true, min: 10 });
  numberField("noise", "noise", { min: 0 });
  numberField("vf", "vf", { min: 0 });
  numberField("tf", "tf", { min: 0 });
  numberField("wd", "wd", { min: 0 });
  numberField("epochs", "epochs", { int: true, min: 1 });
  numberField("patience", "patience", { int: true, nullable: true, min: 1 });
  numberField("seed", "seed", { int: true, min: 0 });
  numberField("lr", "lr", { min: 1e-12 });

  const selectField = (name, key, value = (v) => v) => {
    $(name).addEventListener("change", () => onChange({ [key]: value($(name).value) }, { final: true }));
  };
  selectField("ds", "ds");
  selectField("act", "act");
  selectField("loss", "loss");
  selectField("init", "init");
  selectField("opt", "opt");
  selectField("sched", "sched");
  selectField("sampling", "sampling");
  selectField("grad", "grad");
  selectField("vary", "vary");
  selectField("speed", "speed", (v) => (v === "max" ? "max" : Number(v)));

  $("hidden").addEventListener("change", () => {
    const box = $("hidden");
    const units = parseHidden(box.value);
    if (units === null) {
      box.setAttribute("aria-invalid", "true");
      return;
    }
    box.removeAttribute("aria-invalid");
    onChange({ hidden: units.join(",") }, { final: true });
  });
  $("bs").addEventListener("change", () => {
    const v = parseBatch($("bs").value);
    if (v === undefined) render(state);
    else onChange({ bs: v }, { final: true });
  });
  for (const chip of form.querySelectorAll("[data-bs]")) {
    chip.addEventListener("click", () => onChange({ bs: parseBatch(chip.dataset.bs) }, { final: true }));
  }
  $("values").addEventListener("change", () => {
    const values = $("values").value.split(",").map((v) => v.trim()).filter(Boolean);
    onChange({ values }, { final: true });
  });
  lrSlider.addEventListener("input", () => {
    const lr = lrFromSlider(Number(lrSlider.value));
    $("lr").value = inputText(lr);
    onChange({ lr }, { final: false });
  });
  lrSlider.addEventListener("change", () => onChange({ lr: lrFromSlider(Number(lrSlider.value)) }, { final: true }));
  form.addEventListener("submit", (ev) => ev.preventDefault());

  return {
    render,
    showPlan,
    relabel() {
      fillAll();
      schedFor = null;
      if (state) render(state);
    },
  };
}
