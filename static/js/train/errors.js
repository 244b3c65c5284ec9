// The error box of the training page: server `error` messages with the fields named in the reader's language.

import { t } from "../i18n.js";

const FIELDS = {
  "dataset.name": "train.ui.field.ds", "dataset.n": "train.ui.field.n", "dataset.noise": "train.ui.field.noise",
  "dataset.validation_fraction": "train.ui.field.vf", "dataset.test_fraction": "train.ui.field.tf",
  dataset: "train.ui.field.ds", "model.hidden": "train.ui.field.hidden", "model.activation": "train.ui.field.act",
  "model.loss": "train.ui.field.loss", "model.init": "train.ui.field.init", "model.weight_decay": "train.ui.field.wd",
  "optimizer.lr": "train.ui.field.lr", "optimizer.name": "train.ui.field.opt", batch_size: "train.ui.field.bs",
  epochs: "train.ui.field.epochs", "early_stopping.patience": "train.ui.field.patience",
  "gradient.mode": "train.ui.field.grad", seed: "train.ui.field.seed", sampling: "train.ui.field.sampling",
};
const HEADLINES = ["invalid_run", "over_limit", "busy", "closed", "connect", "unavailable"];

/** ["run", 1, "dataset", "n"] → "Run 2 · Samples N". */
export function fieldName(loc) {
  const parts = [...(loc || [])];
  if (parts[0] === "run") parts.shift();
  let prefix = "";
  if (typeof parts[0] === "number") prefix = `${t("train.ui.run.label", { n: parts.shift() + 1 })} · `;
  const path = parts.filter((p) => typeof p !== "number").join(".");
  const last = parts.filter((p) => typeof p !== "number").at(-1);
  let key = FIELDS[path];
  if (!key && path.startsWith("schedule.")) key = `train.ui.param.${last}`;
  const name = key && t(key) !== key ? t(key) : path || t("train.ui.field.settings");
  return prefix + name;
}

/** A field error as a sentence; limits quote the server's number. */
export function fieldMessage(f) {
  const name = fieldName(f.loc);
  if (f.type === "limit") {
    const m = /limit \w+ = ([0-9.e+-]+)/.exec(f.msg || "");
    const limit = f.limit ?? (m ? m[1] : null);
    if (limit !== null) return t("train.ui.error.field_limit", { field: name, limit });
    return `${name}: ${t("train.ui.error.limit")} (${f.msg})`;
  }
  return `${name}: ${f.msg}`;
}

export function createTrainErrors(box) {
  let current = null;
  function render() {
    box.hidden = !current;
    box.dataset.code = current ? current.code : "";
    if (!current) return;
    const title = document.createElement("strong");
    title.textContent = HEADLINES.includes(current.code) ? t(`train.ui.error.${current.code}`)
      : t("train.ui.error.generic", { code: current.code });
    const parts = [title];
    const fields = current.fields || [];
    if (fields.length) {
      const ul = document.createElement("ul");
      for (const f of fields.slice(0, 6)) {
        const li = document.createElement("li");
        li.textContent = fieldMessage(f);
        ul.append(li);
      }
      parts.push(ul);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-quiet";
    close.textContent = t("train.ui.error.dismiss");
    close.addEventListener("click", () => show(null));
    parts.push(close);
    box.replaceChildren(...parts);
  }
  function show(err) {
    current = err;
    render();
  }
  return { show, relabel: render, get current() { return current; } };
}
