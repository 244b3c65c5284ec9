// Strings from the boot data; t(key, params); live language switch for elements marked data-i18n*.

let strings = {};
let lang = "ko";
let languages = ["ko", "en"];
const listeners = new Set();

export function initI18n(boot) {
  strings = boot.strings || {};
  languages = boot.languages || Object.keys(strings);
  lang = languages.includes(boot.lang) ? boot.lang : languages[0];
}

export function getLang() {
  return lang;
}

/** The string `key` in the current language with {placeholders} filled; the key itself when missing. */
export function t(key, params) {
  const table = strings[lang] || {};
  let s = table[key];
  if (s === undefined) s = (strings.en || {})[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return s;
}

/** A {ko, en} message in the current language. */
export function pick(message) {
  if (!message) return "";
  if (typeof message === "string") return message;
  return message[lang] ?? message.en ?? Object.values(message)[0] ?? "";
}

const ATTRS = [
  ["data-i18n-aria-label", "aria-label"],
  ["data-i18n-title", "title"],
  ["data-i18n-placeholder", "placeholder"],
];

/** Refill every marked element under root in the current language. */
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const [data, attr] of ATTRS) {
    for (const el of root.querySelectorAll(`[${data}]`)) el.setAttribute(attr, t(el.getAttribute(data)));
  }
}

/** Switch language: relabel the page and tell the views. */
export function setLang(next) {
  if (!languages.includes(next) || next === lang) return;
  lang = next;
  document.documentElement.lang = next;
  applyI18n();
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.add(fn);
}
