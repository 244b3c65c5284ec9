// The error box: server `error` messages and connection problems, in the reader's language.

import { pick, t } from "../../shared/i18n.js";
import { createBox, fieldNamer } from "../../shared/errorbox.js";

const RANGE = new Set(["greater_than", "greater_than_equal", "less_than", "less_than_equal", "too_long", "too_short"]);

const FIELD_KEYS = {
  steps: "ui.field.steps", surface: "ui.field.surface", start: "ui.field.start", seed: "ui.field.seed",
  "optimizer.name": "ui.field.optimizer", "optimizer.lr": "ui.field.lr", "optimizer.convention": "ui.field.convention",
  "optimizer.betas": "ui.param.beta1", "schedule.name": "ui.field.schedule", "gradient.mode": "ui.field.gradient",
  "gradient.h": "ui.field.h", f: "ui.formula.title", view: "ui.formula.view",
};

/** A field location such as ["run", 1, "optimizer", "lr"] as words: "Run 2 · Learning rate". */
export const fieldName = fieldNamer({
  fields: FIELD_KEYS, run: "ui.run.label", paramPaths: ["optimizer.", "schedule."], param: "ui.param.",
  settings: "ui.field.settings",
});

/** One field error as a sentence: the server's own, in the reader's language, when it sent one. */
export function fieldMessage(f) {
  if (f.message) return pick(f.message);
  const name = fieldName(f.loc);
  if (f.messages) return `${name}: ${pick(f.messages)}`; // the server's own sentence in both languages (a formula)
  if (f.type === "limit") {
    const m = /limit \w+ = ([0-9.e+-]+)/.exec(f.msg || "");
    return t("ui.error.field.limit", { field: name, limit: m ? m[1] : "?" });
  }
  if (RANGE.has(f.type)) return t("ui.error.field.range", { field: name, detail: f.msg });
  if (/_type$|parsing|literal_error|extra_forbidden|value_error/.test(f.type || "")) {
    return t("ui.error.field.type", { field: name, detail: f.msg });
  }
  return `${name}: ${f.msg}`;
}

function headline(err) {
  const own = err.fields && err.fields.length && err.fields.every((f) => f.messages && f.type !== "limit");
  if (own) return t("ui.error.invalid_run"); // a formula refused is not a limit of this server
  switch (err.code) {
    case "invalid_run":
    case "fix_fields":
    case "over_limit":
    case "busy":
    case "closed":
    case "connect":
    case "grid":
    case "export":
      return t(`ui.error.${err.code}`);
    default:
      return t("ui.error.generic", { code: err.code });
  }
}

/** The box: show(err) with err = {code, message?, fields?}; show(null) hides it. */
export function createErrorBox(box) {
  return createBox(box, { headline, fieldMessage, dismiss: "ui.error.dismiss" });
}
