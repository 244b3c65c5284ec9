// The settings form of the training page, filled from the catalog. It reads and writes the page state only
// through render(state) and onChange(patch, {final}); it knows nothing of runs or the socket.

import { field, fillSelect, paramInput } from "../shared/fields.js";
import { fmt, grouped, inputText, lrFromSlider, sliderFromLr } from "../shared/format.js";
import { t } from "../shared/i18n.js";
import { check, entryOf, refusedFields, showFieldError, typedText } from "../shared/bounds.js";
import { samplesBounds } from "./checks.js";
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
  const pending = new Map(); // box name → what the learner typed that the server would refuse (kept, not reverted)
  const entry = (path) => entryOf(catalog, "train", path);

  /** Put a value in a box unless the learner's own (refused) text is there. */
  function setBox(name, text) {
    const box = $(name);
    if (pending.has(name)) {
      box.value = pending.get(name);
      return;
    }
    box.value = text;
    showFieldError(box, null);
  }

  /**
   * A number box checked as the learner types; accept(value) for a value the server takes. With `over`, a value
   * above the field's own maximum but otherwise sound is taken too (the plan shows it, with the limit), and the
   * box keeps its warning: Start refuses it.
   */
  function numberBox(name, path, accept, { bounds = () => entry(path), optional = false, over = false } = {}) {
    const box = $(name);
    const verify = () => {
      const b = bounds();
      let r = check(typedText(box), b, path, { optional });
      showFieldError(box, r.error || null);
      if (r.error && over && b) {
        const loose = check(typedText(box), { ...b, max: undefined }, path, { optional });
        if (!loose.error) r = { value: loose.value, over: true };
      }
      if (r.error || r.over) pending.set(name, box.value);
      else pending.delete(name);
      return r;
    };
    box.addEventListener("input", verify);
    box.addEventListener("change", () => {
      const r = verify();
      if (!r.error) accept(r.value);
    });
  }

  const datasetOptions = () => catalog.datasets.map((d) => ({ value: d.key, text: t(`train.ui.ds.${d.key}`)
    + (d.available ? "" : ` (${t("train.ui.ds.unavailable_short")})`) }));
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
      const own = `train.ui.param.${p.name}`;
      const wrap = field(t(own) !== own ? own : `ui.param.${p.name}`, input);
      const path = `schedule.${p.name}`;
      const verify = () => {
        const r = check(typedText(input), p, path);
        showFieldError(input, r.error || null);
        return r;
      };
      input.addEventListener("input", verify);
      input.addEventListener("change", () => {
        const r = verify();
        if (!r.error) onChange({ [p.name]: r.value === p.default ? null : r.value }, { final: true });
      });
      return wrap;
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
    setBox("n", String(e.n ?? ""));
    $("n").max = String(d.kind === "image" && d.n ? d.n : catalog.limits.max_samples);
    setBox("noise", e.noise === null ? "" : inputText(e.noise));
    setBox("vf", inputText(e.vf));
    setBox("tf", inputText(e.tf));
    const hiddenBox = $("hidden");
    if (document.activeElement !== hiddenBox || hiddenBox.getAttribute("aria-invalid") !== "true") {
      hiddenBox.value = e.hidden ? e.hidden.join(", ") : s.hidden ?? "";
      showFieldError(hiddenBox, null);
    }
    $("act").value = e.activation;
    $("loss").value = e.loss;
    $("init").value = e.init;
    setBox("wd", inputText(e.weightDecay));
    $("opt").value = e.optimizer;
    setBox("lr", inputText(e.lr));
    lrSlider.value = String(sliderFromLr(e.lr, ...LR_SLIDER));
    lrSlider.setAttribute("aria-valuetext", fmt(e.lr));
    $("sched").value = s.sched;
    if (schedFor !== s.sched) buildSchedule(s.sched);
    setBox("bs", e.batchWanted === "full" ? t("train.ui.batch.full_value") : String(e.batchWanted));
    for (const chip of form.querySelectorAll("[data-bs]")) {
      chip.setAttribute("aria-pressed", parseBatch(chip.dataset.bs) === e.batchWanted ? "true" : "false");
    }
    setBox("epochs", String(e.epochs));
    $("sampling").value = s.sampling;
    setBox("patience", s.patience === null ? "" : String(s.patience));
    $("grad").value = s.grad;
    setBox("seed", String(s.seed));
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
    warnTotal(p);
  }

  /** Epochs × iterations per epoch over the server's limit (the server's plan): said beside the epochs box
   * before Start. */
  function warnTotal(p) {
    if (pending.has("epochs") || p === null) return;
    const limit = catalog.limits.max_train_iterations;
    const total = p.total_iterations;
    showFieldError($("epochs"), total > limit ? t("error.limit.max_train_iterations", {
      epochs: grouped(p.epochs), per_epoch: grouped(p.iterations_per_epoch), total: grouped(total),
      limit: grouped(limit) }) : null);
  }

  // ---- input → patches (a refused value stays in its box with the reason beside it; nothing reverts)
  numberBox("n", "dataset.n", (v) => onChange({ n: v }, { final: true }),
    { bounds: () => samplesBounds(catalog, state.ds) });
  numberBox("noise", "dataset.noise", (v) => onChange({ noise: v }, { final: true }));
  numberBox("vf", "dataset.validation_fraction", (v) => onChange({ vf: v }, { final: true }));
  numberBox("tf", "dataset.test_fraction", (v) => onChange({ tf: v }, { final: true }));
  numberBox("wd", "model.weight_decay", (v) => onChange({ wd: v }, { final: true }));
  numberBox("epochs", "epochs", (v) => onChange({ epochs: v }, { final: true }), { over: true });
  numberBox("patience", "early_stopping.patience", (v) => onChange({ patience: v }, { final: true }),
    { optional: true });
  numberBox("seed", "seed", (v) => onChange({ seed: v }, { final: true }));
  numberBox("lr", "optimizer.lr", (v) => onChange({ lr: v }, { final: true }));

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
      showFieldError(box, t("error.hidden"));
      return;
    }
    showFieldError(box, null);
    onChange({ hidden: units.join(",") }, { final: true });
  });
  const batchCheck = () => {
    const box = $("bs");
    const full = parseBatch(box.value) === "full" || box.value.trim() === t("train.ui.batch.full_value");
    const r = full ? { value: "full" } : check(box.value, entry("batch_size"), "batch_size");
    showFieldError(box, r.error || null);
    if (r.error) pending.set("bs", box.value);
    else pending.delete("bs");
    return r;
  };
  $("bs").addEventListener("input", batchCheck);
  $("bs").addEventListener("change", () => {
    const r = batchCheck();
    if (!r.error) onChange({ bs: r.value }, { final: true });
  });
  for (const chip of form.querySelectorAll("[data-bs]")) {
    chip.addEventListener("click", () => {
      pending.delete("bs");
      onChange({ bs: parseBatch(chip.dataset.bs) }, { final: true });
    });
  }
  $("values").addEventListener("change", () => {
    const values = $("values").value.split(",").map((v) => v.trim()).filter(Boolean);
    onChange({ values }, { final: true });
  });
  lrSlider.addEventListener("input", () => {
    const lr = lrFromSlider(Number(lrSlider.value));
    pending.delete("lr");
    showFieldError($("lr"), null);
    $("lr").value = inputText(lr);
    onChange({ lr }, { final: false });
  });
  lrSlider.addEventListener("change", () => onChange({ lr: lrFromSlider(Number(lrSlider.value)) }, { final: true }));
  form.addEventListener("submit", (ev) => ev.preventDefault());

  return {
    render,
    showPlan,
    /** Boxes whose value the server would refuse, as {input, message}, in the form's order (Start checks). */
    problems() {
      return refusedFields(form);
    },
    relabel() {
      fillAll();
      schedFor = null;
      if (state) render(state);
    },
  };
}
