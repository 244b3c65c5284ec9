// The map settings form: which map, surface, optimizer, axes, cells per side, steps.

import { pick, t } from "../shared/i18n.js";
import { AXES, SECOND_KNOB, SIDES } from "./request.js";

export function createControls({ form, catalog, onChange, onSubmit }) {
  const $ = (id) => form.querySelector(`#${id}`);
  const options = (select, items) => {
    const value = select.value;
    select.replaceChildren(...items.map(([v, label, disabled]) => {
      const o = document.createElement("option");
      o.value = String(v);
      o.textContent = label;
      o.disabled = Boolean(disabled);
      return o;
    }));
    if (items.some(([v]) => String(v) === value)) select.value = value;
  };
  const limits = catalog.limits || {};

  function render(s) {
    options($("sw-surface"), catalog.surfaces.map((x) => [x.key, pick(x.title)]));
    options($("sw-opt"), catalog.optimizers.map((x) => [x.key, t(`ui.optimizer.${x.key}`)]));
    options($("sw-axes"), AXES.map((a) => [a, t(`sweep.ui.axes.${a}`), a === "lr_momentum" && !SECOND_KNOB[s.opt]]));
    const side = s.map === "trainability" ? limits.max_trainability_side : limits.max_sweep_side;
    options($("sw-n"), SIDES.filter((n) => !side || n <= side).map((n) => [n, `${n} × ${n}`]));
    $("sw-map-kind").value = s.map;
    $("sw-surface").value = s.surface;
    $("sw-opt").value = s.opt;
    $("sw-axes").value = s.axes;
    $("sw-n").value = String(s.n);
    const steps = $("sw-steps");
    steps.max = String((s.map === "trainability" ? limits.max_trainability_steps : limits.max_sweep_steps) || 5000);
    steps.value = String(s.steps);
    form.closest("main").dataset.map = s.map;
  }

  form.addEventListener("change", (ev) => {
    const f = ev.target;
    const patch = {};
    if (f.name === "map" || f.name === "surface" || f.name === "opt" || f.name === "axes") patch[f.name] = f.value;
    if (f.name === "n") patch.n = Number(f.value);
    if (f.name === "steps") {
      const v = Math.round(Number(f.value));
      if (!(v >= 1)) return;
      patch.steps = Math.min(v, Number(f.max) || v);
    }
    onChange(patch);
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    onSubmit();
  });
  return { render, relabel: () => null };
}
