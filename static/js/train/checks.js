// /train's checks of settings that do not come from its form (a host's `set` on /embed/train): the same bounds and
// sentences as the form's boxes (./controls.js). The plan's limit on the total number of iterations is the server's
// (its plan preview names it beside the epochs box, and a start over it is refused with the field named). Pure: no DOM.

import { check, entryOf, fieldLabel } from "../shared/bounds.js";
import { t } from "../shared/i18n.js";
import { choiceRefusals, given, literal, numberRefusals, schedulePaths, speedRefusal, textOf, THEMES }
  from "../embed/checks.js";
import { datasetOf, parseHidden } from "./config.js";
import { parseBatch, VARY } from "./state.js";

/** Parts of the embedded /train that `hide=` removes. */
export const TRAIN_PARTS = ["header", "toolbar", "controls", "counter", "legend", "diagnosis", "charts"];

/** The bounds of N: the field's, at most the image set's own size or the server's sample limit. */
export function samplesBounds(catalog, ds) {
  const d = datasetOf(catalog, ds);
  return { ...entryOf(catalog, "train", "dataset.n"), max: d.kind === "image" && d.n ? d.n : catalog.limits.max_samples };
}

const PATHS = {
  n: "dataset.n", noise: "dataset.noise", vf: "dataset.validation_fraction", tf: "dataset.test_fraction",
  wd: "model.weight_decay", lr: "optimizer.lr", epochs: "epochs", patience: "early_stopping.patience", seed: "seed",
};

/**
 * A host's values for /train (input: as sent; patch: as read; next(patch): the state they would make) checked as
 * the form checks them: {key: sentence} for each refused one.
 */
export function checkTrainSettings(input, patch, next, catalog) {
  const params = new Map(catalog.schedules.flatMap((s) => s.params).map((p) => [p.name, p]));
  const ds = given(patch, "ds") ? patch.ds : next({}).ds;
  const bounds = (key, path) => (key === "n" ? samplesBounds(catalog, ds)
    : path.startsWith("schedule.") && params.has(key) ? params.get(key) : entryOf(catalog, "train", path));
  const out = { ...numberRefusals(input, { ...PATHS, ...schedulePaths([...params.keys()]) }, bounds),
    ...speedRefusal(input) };
  if (given(input, "bs") && parseBatch(textOf(input.bs)) === undefined) {
    out.bs = check(textOf(input.bs), entryOf(catalog, "train", "batch_size"), "batch_size").error
      || t("error.embed.unreadable", { field: fieldLabel("batch_size") });
  }
  if (given(patch, "hidden")) {
    const units = parseHidden(patch.hidden);
    const unit = entryOf(catalog, "train", "model.hidden.0");
    const over = units && units.map((u) => check(String(u), unit, "model.hidden").error).find(Boolean);
    if (!units || over) out.hidden = over || t("error.hidden");
  }
  const tr = catalog.training;
  const keys = (list) => list.map((x) => x.key);
  Object.assign(out, choiceRefusals(patch, {
    ds: ["dataset.name", keys(catalog.datasets)], act: ["model.activation", tr.activations],
    loss: ["model.loss", tr.losses], init: ["model.init", tr.inits], opt: ["optimizer.name", keys(catalog.optimizers)],
    sched: ["schedule.name", keys(catalog.schedules)], sampling: ["sampling", tr.sampling],
    grad: ["gradient.mode", tr.gradient_modes], vary: ["vary", ["", ...VARY]], theme: ["theme", THEMES],
  }));
  if (!out.ds && given(patch, "ds") && !datasetOf(catalog, patch.ds).available) {
    out.ds = t("error.unavailable", { field: fieldLabel("dataset.name") });
  }
  const features = (catalog.custom_dataset && catalog.custom_dataset.feature_keys) || [];
  if (given(patch, "feat") && !patch.feat.every((k) => features.includes(k))) {
    out.feat = literal("dataset.features", features);
  }
  if (given(patch, "hide") && !patch.hide.every((p) => TRAIN_PARTS.includes(p))) out.hide = literal("hide", TRAIN_PARTS);
  return out;
}
