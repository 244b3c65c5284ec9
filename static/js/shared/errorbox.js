// The error box shared by the main page (views/errors.js) and the training page (train/errors.js): server
// `error` messages and connection problems, their fields named in the reader's language.

import { t } from "./i18n.js";

/**
 * A field namer: ["run", 1, "optimizer", "lr"] → "Run 2 · Learning rate". keys: {fields (dotted path → i18n
 * key), run (the "Run {n}" key), paramPaths (path prefixes whose last part names a parameter), param (that
 * parameter's key prefix), settings (the key for an empty path)}.
 */
export function fieldNamer(keys) {
  return function fieldName(loc) {
    const parts = [...(loc || [])];
    let prefix = "";
    if (parts[0] === "run") parts.shift();
    if (typeof parts[0] === "number") prefix = `${t(keys.run, { n: parts.shift() + 1 })} · `;
    const path = parts.filter((p) => typeof p !== "number").join(".");
    const last = parts.filter((p) => typeof p !== "number").at(-1);
    let key = keys.fields[path];
    if (!key && keys.paramPaths.some((p) => path.startsWith(p))) key = `${keys.param}${last}`;
    const name = key && t(key) !== key ? t(key) : path || t(keys.settings);
    return prefix + name;
  };
}

/**
 * The box: show(err) with err = {code, message?, fields?}; show(null) hides it. opts: {headline(err),
 * fieldMessage(field), dismiss (the close button's i18n key)}. Lists at most six fields.
 */
export function createBox(box, opts) {
  let current = null;
  const render = () => {
    box.hidden = !current;
    box.dataset.code = current ? current.code : "";
    if (!current) return;
    const title = document.createElement("strong");
    title.textContent = opts.headline(current);
    const parts = [title];
    const fields = current.fields || [];
    if (fields.length) {
      const ul = document.createElement("ul");
      for (const f of fields.slice(0, 6)) {
        const li = document.createElement("li");
        li.textContent = opts.fieldMessage(f);
        ul.append(li);
      }
      parts.push(ul);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-quiet";
    close.textContent = t(opts.dismiss);
    close.addEventListener("click", () => show(null));
    parts.push(close);
    box.replaceChildren(...parts);
  };
  function show(err) {
    current = err;
    render();
  }
  return { show, relabel: render, get current() { return current; } };
}
