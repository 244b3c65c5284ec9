// The settings form, built from the catalog. It reads and writes the page state only through
// render(state) and onChange(patch, {final}); it knows nothing of runs or the socket.

import { field, fillSelect, paramInput, readNumber } from "../../shared/fields.js";
import { effectiveLr, optimizerParams, paramDefault, scheduleParams, VARY_KEYS } from "../config.js";
import { catalogParamEntries } from "../../shared/state.js";
import { SPEEDS } from "../state.js";
import { fmt, inputText, lrFromSlider, sliderFromLr } from "../../shared/format.js";
import { pick, t } from "../../shared/i18n.js";
import { check, entryOf, refusedFields, showFieldError, typedText } from "../../shared/bounds.js";

const PARAM_PATHS = { beta1: "betas.0", beta2: "betas.1" }; // catalog names of the schema's betas pair

export const LR_SLIDER = [-5, 1]; // log10 of 1e-5 … 10

/** opts: {form, catalog, onChange(patch, info)} */
export function createControls({ form, catalog, onChange }) {
  /** Every parameter of a catalog group back to its default (null), for a new optimizer or schedule. */
  const cleared = (group) => Object.fromEntries(catalogParamEntries(catalog, group).map((e) => [e.key, null]));
  const $ = (name) => form.elements.namedItem(name);
  const surfaceSel = $("surface");
  const optSel = $("opt");
  const schedSel = $("sched");
  const gradSel = $("grad");
  const convSel = $("conv");
  const speedSel = $("speed");
  const varySel = $("vary");
  const lrSlider = $("lr_slider");
  const lrBox = $("lr");
  const optParams = form.querySelector("[data-params=optimizer]");
  const schedParams = form.querySelector("[data-params=schedule]");
  let state = null;
  const pending = new Map(); // input name → what the learner typed that the server would refuse (kept, not reverted)

  /**
   * A number box checked as the learner types against the server's bounds; `accept(value)` only for a value the
   * server takes. A refused value stays in the box with the reason beside it, and render() leaves it there.
   */
  function numberBox(input, path, accept, entry = () => entryOf(catalog, "descent", path)) {
    const verify = () => {
      const r = check(typedText(input), entry(), path);
      showFieldError(input, r.error || null);
      if (r.error) pending.set(input.name, input.value);
      else pending.delete(input.name);
      return r;
    };
    input.addEventListener("input", verify);
    input.addEventListener("change", () => {
      const r = verify();
      if (!r.error) accept(r.value);
    });
  }

  /** Put a value in a box unless the learner's own (refused) text is there. */
  function setBox(input, text) {
    if (pending.has(input.name)) {
      input.value = pending.get(input.name);
      return;
    }
    input.value = text;
    showFieldError(input, null);
  }

  fillSelect(surfaceSel, catalog.surfaces.map((s) => ({ value: s.key, text: pick(s.title) })), "bowl");
  fillSelect(optSel, catalog.optimizers.map((o) => ({ value: o.key, key: `ui.optimizer.${o.key}` })), "sgd");
  fillSelect(schedSel, catalog.schedules.map((s) => ({ value: s.key, key: `ui.schedule.${s.key}` })), "constant");
  fillSelect(gradSel, catalog.gradient_modes.map((g) => ({ value: g, key: `ui.gradient.${g}` })), "analytic");
  fillSelect(convSel, catalog.conventions.map((c) => ({ value: c, key: `ui.convention.${c}` })), "pytorch");
  fillSelect(varySel, ["", ...VARY_KEYS].map((v) => ({ value: v, key: `ui.vary.${v || "none"}` })), "");
  lrSlider.min = String(LR_SLIDER[0]);
  lrSlider.max = String(LR_SLIDER[1]);
  $("steps").max = String(catalog.limits.max_steps);

  function speedOptions() {
    const sel = state ? String(state.speed) : "20";
    fillSelect(speedSel, SPEEDS.map((v) => ({ value: v, text: v === "max" ? t("ui.speed.max") : t("ui.speed.n", { n: v }) })), sel);
  }

  function buildParams(container, params, group, key) {
    const prefix = group === "optimizers" ? "optimizer." : "schedule.";
    const inputs = params.map((p) => {
      const input = paramInput(p, state[p.name]);
      const path = prefix + (PARAM_PATHS[p.name] || p.name);
      numberBox(input, path, (v) => {
        onChange({ [p.name]: v === paramDefault(catalog, group, key, p.name) ? null : v }, { final: true });
      }, () => p);
      const wrap = field(`ui.param.${p.name}`, input);
      if (pending.has(input.name)) {
        input.value = pending.get(input.name);
        showFieldError(input, check(input.value, p, path).error || null);
      }
      return wrap;
    });
    container.replaceChildren(...inputs);
    container.hidden = inputs.length === 0;
  }

  function render(s) {
    state = s;
    surfaceSel.value = s.surface;
    const surf = catalog.surfaces.find((x) => x.key === s.surface);
    const start = s.start || (surf ? surf.start : [0, 0]);
    setBox($("start_x"), inputText(start[0]));
    setBox($("start_y"), inputText(start[1]));
    optSel.value = s.opt;
    const lr = effectiveLr(s, catalog);
    setBox(lrBox, inputText(lr));
    lrSlider.value = String(sliderFromLr(lr, ...LR_SLIDER));
    lrSlider.setAttribute("aria-valuetext", fmt(lr));
    convSel.value = s.conv;
    schedSel.value = s.sched;
    gradSel.value = s.grad;
    setBox($("h"), inputText(s.h));
    $("h").disabled = s.grad === "analytic";
    setBox($("steps"), String(s.steps));
    speedOptions();
    varySel.value = s.vary;
    $("values").value = s.values.join(", ");
    $("values").disabled = !s.vary;
    // own learning rates: for a compare over something else than the rate; a search only for optimizers
    for (const el of form.querySelectorAll("[data-own-lr]")) el.hidden = !s.vary || s.vary === "lr";
    $("lrs").value = s.lrs.join(", ");
    $("lrs").disabled = Boolean(s.tune && s.vary === "opt");
    $("tune").checked = Boolean(s.tune);
    $("tune").closest("label").hidden = s.vary !== "opt";
    buildParams(optParams, optimizerParams(catalog, s.opt), "optimizers", s.opt);
    buildParams(schedParams, scheduleParams(catalog, s.sched), "schedules", s.sched);
    for (const el of form.querySelectorAll("[data-group]")) el.hidden = s.hide.includes(el.dataset.group);
    describeSurface(surf);
  }

  function describeSurface(surf) {
    const desc = form.querySelector("[data-surface-desc]");
    if (desc && surf) desc.textContent = pick(surf.description);
  }

  function commit(patch) {
    onChange(patch, { final: true });
  }

  surfaceSel.addEventListener("change", () => {
    commit({ surface: surfaceSel.value, start: null, lr: null });
  });
  ["start_x", "start_y"].forEach((name, i) => {
    numberBox($(name), `start.${i}`, () => {
      const x = readNumber($("start_x"));
      const y = readNumber($("start_y"));
      if (x !== undefined && y !== undefined && !pending.has("start_x") && !pending.has("start_y")) commit({ start: [x, y] });
    });
  });
  optSel.addEventListener("change", () => {
    commit({ ...cleared("optimizers"), opt: optSel.value });
  });
  lrSlider.addEventListener("input", () => {
    const lr = lrFromSlider(Number(lrSlider.value));
    pending.delete(lrBox.name);
    showFieldError(lrBox, null);
    lrBox.value = inputText(lr);
    lrSlider.setAttribute("aria-valuetext", fmt(lr));
    onChange({ lr }, { final: false });
  });
  lrSlider.addEventListener("change", () => commit({ lr: lrFromSlider(Number(lrSlider.value)) }));
  numberBox(lrBox, "optimizer.lr", (lr) => commit({ lr }));
  convSel.addEventListener("change", () => commit({ conv: convSel.value }));
  schedSel.addEventListener("change", () => {
    commit({ ...cleared("schedules"), sched: schedSel.value });
  });
  gradSel.addEventListener("change", () => commit({ grad: gradSel.value }));
  numberBox($("h"), "gradient.h", (h) => commit({ h }));
  numberBox($("steps"), "steps", (n) => commit({ steps: n }));
  speedSel.addEventListener("change", () => {
    commit({ speed: speedSel.value === "max" ? "max" : Number(speedSel.value) });
  });
  varySel.addEventListener("change", () => commit({ vary: varySel.value, values: varySel.value ? state.values : [] }));
  $("values").addEventListener("change", () => {
    const values = $("values").value.split(",").map((v) => v.trim()).filter((v) => v !== "");
    commit({ values: values.slice(0, catalog.limits.max_compare_runs) });
  });
  $("lrs").addEventListener("change", () => {
    const lrs = $("lrs").value.split(",").map((v) => v.trim()).filter((v) => v !== "");
    if (lrs.some((v) => !(Number(v) > 0))) return render(state);
    commit({ lrs: lrs.slice(0, catalog.limits.max_compare_runs) });
  });
  $("tune").addEventListener("change", () => commit({ tune: $("tune").checked }));
  form.addEventListener("submit", (ev) => ev.preventDefault());

  return {
    render,
    /** The learner's refused values as {input, message}, first in the form first (Start checks these). */
    problems() {
      return refusedFields(form);
    },
    /** The start inputs only (while the point is dragged on the map). */
    setStart(point) {
      $("start_x").value = inputText(point[0]);
      $("start_y").value = inputText(point[1]);
    },
    /** Labels that carry data (surface titles, speeds, descriptions) after a language switch. */
    relabel() {
      for (const opt of surfaceSel.options) {
        const surf = catalog.surfaces.find((x) => x.key === opt.value);
        opt.textContent = pick(surf.title);
      }
      speedOptions();
      describeSurface(catalog.surfaces.find((x) => x.key === state.surface));
    },
  };
}
