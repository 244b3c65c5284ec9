// The error box of the training page: server `error` messages with the fields named in the reader's language.

import { pick, t } from "../shared/i18n.js";
import { createBox, fieldNamer } from "../shared/errorbox.js";

const FIELDS = {
  "dataset.name": "train.ui.field.ds", "dataset.n": "train.ui.field.n", "dataset.noise": "train.ui.field.noise",
  "dataset.validation_fraction": "train.ui.field.vf", "dataset.test_fraction": "train.ui.field.tf",
  dataset: "train.ui.field.ds", "model.hidden": "train.ui.field.hidden", "model.activation": "train.ui.field.act",
  "model.loss": "train.ui.field.loss", "model.init": "train.ui.field.init", "model.weight_decay": "train.ui.field.wd",
  "optimizer.lr": "train.ui.field.lr", "optimizer.name": "train.ui.field.opt", batch_size: "train.ui.field.bs",
  epochs: "train.ui.field.epochs", "early_stopping.patience": "train.ui.field.patience",
  "gradient.mode": "train.ui.field.grad", seed: "train.ui.field.seed", sampling: "train.ui.field.sampling",
  "dataset.points": "train.ui.draw.title", "dataset.encoded": "train.ui.draw.title",
  "dataset.features": "train.ui.features.title",
};
const HEADLINES = ["invalid_run", "fix_fields", "export", "over_limit", "busy", "closed", "connect", "unavailable"];

/** ["run", 1, "dataset", "n"] → "Run 2 · Samples N". */
export const fieldName = fieldNamer({
  fields: FIELDS, run: "train.ui.run.label", paramPaths: ["schedule."], param: "train.ui.param.",
  settings: "train.ui.field.settings",
});

/** A field error as a sentence; limits quote the server's number. */
export function fieldMessage(f) {
  if (f.message) return pick(f.message); // the server's sentence in the reader's language
  const name = fieldName(f.loc);
  if (f.messages) return `${name}: ${pick(f.messages)}`; // your own data: row and column in the reader's language
  if (f.type === "limit") {
    const m = /limit \w+ = ([0-9.e+-]+)/.exec(f.msg || "");
    const limit = f.limit ?? (m ? m[1] : null);
    if (f.name === "max_train_iterations") return t("train.ui.error.total_iterations", { limit });
    if (limit !== null) return t("train.ui.error.field_limit", { field: name, limit });
    return `${name}: ${t("train.ui.error.limit")} (${f.msg})`;
  }
  return `${name}: ${f.msg}`;
}

const headline = (err) => {
  if (err.fields && err.fields.length && err.fields.every((f) => f.messages && f.type !== "limit")) {
    return t("train.ui.error.invalid_run"); // your own data refused is not a limit of this server
  }
  return HEADLINES.includes(err.code) ? t(`train.ui.error.${err.code}`)
    : t("train.ui.error.generic", { code: err.code });
};

export function createTrainErrors(box) {
  return createBox(box, { headline, fieldMessage, dismiss: "train.ui.error.dismiss" });
}
