// "Your own f(x, y)" in the settings: the formula field and the view box, shown when the surface is `custom`.
// The server checks the text as it is typed (../formula-field.js); an accepted formula becomes the custom
// catalog entry (title, formula, view, start, lr, minima, saddles, notes, grid), which the map then draws.

import { fmt, inputText } from "../../shared/format.js";
import { pick, t } from "../../shared/i18n.js";
import { viewOf } from "../config.js";
import { createFormulaField } from "../formula-field.js";

const GRID_N = 100;

/** The custom entry a page starts with (before the server has read a formula). */
export function customEntry(catalog, state) {
  const base = catalog.custom_surface;
  const view = viewOf(state) || base.view;
  return {
    ...base, formula: state.f || base.examples[0], view, start: [view[0][0] + 0.75 * (view[0][1] - view[0][0]),
      view[1][0] + 0.75 * (view[1][1] - view[1][0])],
    lr: 0.1, lr_range: [1e-4, 1], minima: [], saddles: [], log_levels: false, notes: [], grid: null, version: 0,
  };
}

/** opts: {form, entry, getState(), onAccept(f, view)}; returns {check(), render(state), relabel(), notesText()} */
export function createFormulaPanel({ form, entry, getState, onAccept }) {
  const box = form.querySelector("[data-formula]");
  const input = form.elements.namedItem("formula");
  const names = ["view_x0", "view_x1", "view_y0", "view_y1"];
  const viewInputs = names.map((n) => form.elements.namedItem(n));
  const examples = form.querySelector("[data-formula-examples]");
  let version = 0;

  const readView = () => {
    const v = viewInputs.map((el) => Number(el.value));
    return v.every(Number.isFinite) && v[1] > v[0] && v[3] > v[2] ? [[v[0], v[1]], [v[2], v[3]]] : null;
  };

  const field = createFormulaField({
    input, errorEl: box.querySelector("[data-formula-error]"), showEl: box.querySelector("[data-formula-echo]"),
    getView: readView, n: GRID_N,
    onSurface: (body, f) => {
      const { surface, ...grid } = body;
      version += 1;
      Object.assign(entry, surface, { grid, version });
      box.querySelector("[data-formula-lowest]").textContent = lowestText();
      onAccept(f, readView());
    },
  });

  function lowestText() {
    if (!entry.lowest) return "";
    return t("ui.formula.lowest", { x: fmt(entry.lowest[0]), y: fmt(entry.lowest[1]), f: fmt(entry.lowest_value) });
  }

  for (const el of viewInputs) el.addEventListener("change", () => field.check());
  if (examples) {
    examples.replaceChildren(...entry.examples.map((text) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-small btn-quiet formula-example";
      b.textContent = text;
      b.addEventListener("click", () => {
        input.value = text;
        field.check();
      });
      return b;
    }));
  }

  return {
    check: () => field.check(),
    get ready() { return Boolean(entry.grid); },
    render(state) {
      box.hidden = state.surface !== "custom";
      if (document.activeElement !== input && !field.error) input.value = state.f || entry.formula;
      const view = viewOf(state) || entry.view;
      viewInputs.forEach((el, i) => {
        if (document.activeElement !== el) el.value = inputText(view[i >> 1][i & 1]);
      });
    },
    relabel() {
      field.rerender();
      box.querySelector("[data-formula-lowest]").textContent = lowestText();
    },
    /** The notes the page states about this formula (kinks: a subgradient; a lowest point that is no minimum). */
    notesText: () => (entry.notes || []).map((n) => pick(n.text)).join(" "),
  };
}
