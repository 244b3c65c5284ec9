// "Your own f(x, y)": a text field checked by the server as the learner types (debounced). A refusal is shown in
// the reader's language with the character it is about marked; an accepted formula hands its grid and surface
// (minima, saddles, kinks, notes) to onSurface. The text itself is never evaluated in the browser.

import { getLang, pick } from "../shared/i18n.js";

const DELAY_MS = 300;

/** The custom surface's grid for f and a view box [[x0, x1], [y0, y1]] (or null for the default ±5). */
export async function fetchCustomGrid(f, view, n = 100, signal = undefined) {
  const q = new URLSearchParams({ f, n: String(n) });
  if (view) q.set("view", view.flat().join(","));
  const r = await fetch(`/api/v1/surfaces/custom/grid?${q}`, { signal });
  const body = await r.json().catch(() => ({}));
  if (r.ok) return { ok: true, body };
  return { ok: false, status: r.status, errors: Array.isArray(body.detail) ? body.detail : [] };
}

/** Text with the character at pos wrapped in <mark> (past the end: a marked space), as DOM nodes. */
export function markedText(text, pos) {
  const at = Math.max(0, Math.min(pos, text.length));
  const mark = document.createElement("mark");
  mark.className = "formula-at";
  mark.textContent = text.slice(at, at + 1) || " ";
  return [document.createTextNode(text.slice(0, at)), mark, document.createTextNode(text.slice(at + 1))];
}

/**
 * opts: {input, errorEl, showEl (the formula echoed with the mark), getView(), onSurface(body), onError(err),
 * n}. Returns {check(now), value()}.
 */
export function createFormulaField({ input, errorEl, showEl, getView = () => null, onSurface, onError, n = 100 }) {
  let timer = null;
  let pending = null;
  let lastError = null;
  let accepted = null; // the formula and view the server last accepted: checking them again changes nothing

  function render() {
    if (!lastError) {
      errorEl.hidden = true;
      errorEl.textContent = "";
      if (showEl) showEl.hidden = true;
      input.removeAttribute("aria-invalid");
      return;
    }
    errorEl.hidden = false;
    errorEl.textContent = pick(lastError.messages) || lastError.msg || "";
    input.setAttribute("aria-invalid", "true");
    if (showEl) {
      const pos = lastError.loc && lastError.loc.at(-1) === "f" ? lastError.pos : null;
      showEl.hidden = pos === null || pos === undefined;
      if (!showEl.hidden) showEl.replaceChildren(...markedText(input.value, pos));
    }
  }

  async function check() {
    clearTimeout(timer);
    if (pending) pending.abort();
    pending = new AbortController();
    const f = input.value;
    const key = JSON.stringify([f, getView()]);
    if (key === accepted && !lastError) return;
    try {
      const res = await fetchCustomGrid(f, getView(), n, pending.signal);
      if (f !== input.value) return; // typed on meanwhile
      lastError = res.ok ? null : res.errors[0] || { msg: `HTTP ${res.status}`, messages: null };
      errorEl.dataset.lang = getLang();
      render();
      if (res.ok) {
        accepted = key;
        onSurface(res.body, f);
      }
      else if (onError) onError(lastError);
    } catch (e) {
      if (e.name !== "AbortError") throw e;
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, DELAY_MS);
  });
  input.addEventListener("change", () => check());
  return { check, value: () => input.value, rerender: render, get error() { return lastError; } };
}
