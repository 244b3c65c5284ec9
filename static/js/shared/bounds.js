// A number field checked as the learner types, against the bounds the server checks (catalog.fields), in the same
// words the server uses (the error.* strings). What the learner typed stays in the box; nothing reverts silently.

import { t } from "./i18n.js";

/** A number as people write it, as the server's messages do: 1e-10, 0.001, 2.5, 5,000, 1e300. */
export function humanNumber(v) {
  if (typeof v !== "number" || !Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString("en-US");
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e15)) {
    const [m, e] = Number(v.toPrecision(6)).toExponential().split("e");
    return `${m}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(6)));
}

/** The field's name in the reader's language (error.field.<path>), the path itself when unnamed. */
export function fieldLabel(path) {
  const key = `error.field.${path}`;
  const bare = `error.field.${path.replace(/\.\d+/g, "")}`;
  const name = t(key);
  if (name !== key) return name;
  const plain = t(bare);
  return plain === bare ? path : plain;
}

/**
 * Check typed text against a catalog entry {min, max, exclusive_min, exclusive_max, integer}.
 * Returns {value} (null for an empty optional field) or {error} (a sentence naming the field and the limit).
 */
export function check(text, entry, path, { optional = false } = {}) {
  const field = fieldLabel(path);
  const s = String(text ?? "").trim();
  if (s === "") return optional ? { value: null } : { error: t("error.missing", { field }) };
  const v = Number(s);
  if (!Number.isFinite(v)) return { error: t(Number.isNaN(v) ? "error.number" : "error.finite", { field }) };
  if (!entry) return { value: v };
  if (entry.integer && !Number.isInteger(v)) return { error: t("error.int", { field }) };
  if (entry.min !== undefined && entry.min !== null) {
    if (entry.exclusive_min ? !(v > entry.min) : !(v >= entry.min)) {
      return entry.exclusive_min ? { error: t("error.gt", { field, gt: humanNumber(entry.min) }) }
        : { error: t("error.ge", { field, ge: humanNumber(entry.min) }) };
    }
  }
  if (entry.max !== undefined && entry.max !== null) {
    if (entry.exclusive_max ? !(v < entry.max) : !(v <= entry.max)) {
      return entry.exclusive_max ? { error: t("error.lt", { field, lt: humanNumber(entry.max) }) }
        : { error: t("error.le", { field, le: humanNumber(entry.max) }) };
    }
  }
  return { value: v };
}

/** The catalog entry of a field: catalog.fields[kind][path] (undefined when the catalog has none). */
export function entryOf(catalog, kind, path) {
  const fields = catalog && catalog.fields && catalog.fields[kind];
  return fields ? fields[path] : undefined;
}

let uid = 0;

/**
 * Show a field's problem beside it: aria-invalid on the input and a message element after it, tied with
 * aria-describedby. show(input, null) clears it. The input's value is never touched.
 */
export function showFieldError(input, message) {
  const holder = input.closest(".field") || input.parentElement;
  let note = holder ? holder.querySelector(":scope > .field-error") : null;
  if (!message) {
    input.removeAttribute("aria-invalid");
    if (note) note.remove();
    return;
  }
  if (!note) {
    note = document.createElement("p");
    note.className = "field-error";
    note.id = `field-error-${++uid}`;
    note.setAttribute("role", "alert");
    (holder || input).append(note);
  }
  note.textContent = message;
  input.setAttribute("aria-invalid", "true");
  const described = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== note.id);
  input.setAttribute("aria-describedby", [...described, note.id].join(" "));
}

/** What the learner typed, "?" for text a number box cannot read ("1e" reads as "" there). */
export function typedText(input) {
  return input.validity && input.validity.badInput ? "?" : input.value;
}

/**
 * Check a number input as the learner types: onValue(value) only for an accepted value; a refused one stays
 * in the box with the reason beside it. Returns {check(): value|undefined} for Start to re-check.
 */
export function watchNumber(input, { entry, path, optional = false, onValue }) {
  const run = () => {
    const r = check(typedText(input), typeof entry === "function" ? entry() : entry, path, { optional });
    showFieldError(input, r.error || null);
    if (!r.error && onValue) onValue(r.value);
    return r;
  };
  input.addEventListener("input", run);
  input.addEventListener("change", run);
  return { check: run, get invalid() { return input.getAttribute("aria-invalid") === "true"; } };
}

/** The boxes of a form holding a value the server would refuse, as {input, message}, in the form's order. */
export function refusedFields(form) {
  return [...form.querySelectorAll("[aria-invalid=true]")].filter((i) => !i.disabled)
    .map((input) => ({ input, message: input.closest(".field")?.querySelector(".field-error")?.textContent || "" }));
}

/**
 * Before a start: when boxes hold values the server would refuse, say which (each beside its box, and all in the
 * error box through `showError`), reveal the first (a phone's settings drawer opens) and focus it.
 * `bad`: refusedFields(form). Returns true when the start must wait.
 */
export function holdStart(bad, showError) {
  if (!bad.length) return false;
  showError({ code: "fix_fields", fields: bad.map((b) => ({ message: b.message })) });
  bad[0].input.dispatchEvent(new CustomEvent("reveal", { bubbles: true }));
  bad[0].input.focus();
  return true;
}
