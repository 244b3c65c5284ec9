// Small DOM builders for labelled form fields (every input gets a <label>).

import { applyI18n } from "./i18n.js";
import { inputText } from "./format.js";

let uid = 0;

/** <div class=field><label for=id data-i18n=labelKey></label>input</div> */
export function field(labelKey, input, extra = "") {
  const wrap = document.createElement("div");
  wrap.className = `field ${extra}`.trim();
  if (!input.id) input.id = `f-auto-${++uid}`;
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.dataset.i18n = labelKey;
  wrap.append(label, input);
  applyI18n(wrap);
  return wrap;
}

/** A number box for one catalog parameter {name, default, min, max, integer}. */
export function paramInput(p, value) {
  const input = document.createElement("input");
  input.type = "number";
  input.name = p.name;
  input.id = `f-param-${p.name}`;
  input.inputMode = "decimal";
  input.step = p.integer ? "1" : "any";
  if (p.min !== null && p.min !== undefined) input.min = String(p.min);
  if (p.max !== null && p.max !== undefined) input.max = String(p.max);
  input.placeholder = inputText(p.default);
  input.value = inputText(value ?? p.default);
  return input;
}

/** Fill a <select> with options [{value, key}] (key: i18n key of the option text) or [{value, text}]. */
export function fillSelect(select, options, selected) {
  select.replaceChildren(
    ...options.map((o) => {
      const opt = document.createElement("option");
      opt.value = String(o.value);
      if (o.key) opt.dataset.i18n = o.key;
      else opt.textContent = o.text;
      return opt;
    }),
  );
  applyI18n(select);
  select.value = String(selected);
}

/** The number in an input, or undefined when it is empty or unreadable. */
export function readNumber(input) {
  if (input.value.trim() === "") return undefined;
  const v = Number(input.value);
  return Number.isFinite(v) ? v : undefined;
}
