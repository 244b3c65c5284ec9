// Small DOM builders shared by every view.

import { runColor } from "./palette.js";

/** <tag class=cls>text</tag> (cls and text optional). */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * <tag ...attrs>children</tag>. attrs: class, i18n (data-i18n), text, or any attribute (true: present,
 * false/null/undefined: absent).
 */
export function node(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "i18n") e.dataset.i18n = v;
    else if (k === "text") e.textContent = v;
    else if (v === true) e.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** A small square in run `index`'s colour (hidden from screen readers). */
export function swatch(index) {
  const s = el("span", "swatch");
  s.style.background = runColor(index);
  s.setAttribute("aria-hidden", "true");
  return s;
}
