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
 * A table with a caption and a row of column headers (their words): {table, tbody}; the caller fills the body and
 * appends it once its rows are in.
 */
export function headedTable(cls, caption, headers) {
  const table = el("table", cls);
  table.append(el("caption", "", caption));
  const head = el("tr");
  for (const key of headers) {
    const th = el("th", "", key);
    th.scope = "col";
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
  return { table, tbody: el("tbody") };
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
