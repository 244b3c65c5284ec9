// From the page state to training configurations. Pure: no DOM. The plan (split sizes, iterations per epoch,
// parameter count) is the server's: POST /api/v1/train/plan (./planfeed.js) and the run's `meta`.

import { MAX_COMPARE } from "./state.js";

/** The core's own defaults, for fields a data set does not suggest. */
export const BASE = {
  hidden: [16, 16], activation: "relu", loss: "cross_entropy", init: "he", init_std: 0.01, weight_decay: 0,
  optimizer: "sgd", lr: 0.1, batch_size: 32, epochs: 20,
};

export function datasetOf(catalog, key) {
  return catalog.datasets.find((d) => d.key === key) || catalog.datasets[0];
}

/** The network's input count: the chosen features on 2D data, else the data set's own. */
export function inputCount(state, d) {
  return d.kind === "points2d" && state.feat && state.feat.length ? state.feat.length : d.features;
}

/** "16, 16" → [16, 16]; "" → []; null when unreadable. */
export function parseHidden(text) {
  const s = String(text ?? "").trim();
  if (s === "") return [];
  const parts = s.split(/[\s,×x]+/).filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  const units = parts.map(Number);
  return units.every((u) => u >= 1) ? units : null;
}

/** The batch size sent for "full": the largest the server takes; it caps a batch at the training samples. */
export const fullBatch = (catalog) => catalog.training.max_batch_size;

/** The settings a run will use: the state's choice, else the data set's suggestion, else the core default. */
export function effective(state, catalog) {
  const d = datasetOf(catalog, state.ds);
  const sug = d.suggested || {};
  const pick = (own, key) => (own !== null && own !== undefined ? own : sug[key] ?? BASE[key]);
  const defaults = d.defaults || {};
  const hidden = state.hidden !== null ? parseHidden(state.hidden) : [...(sug.hidden ?? BASE.hidden)];
  return {
    dataset: d, n: state.n ?? defaults.n ?? d.n ?? 0, vf: state.vf ?? defaults.validation_fraction ?? 0,
    tf: state.tf ?? defaults.test_fraction ?? 0, noise: state.noise ?? defaults.noise ?? null, hidden,
    activation: pick(state.act, "activation"), loss: pick(state.loss, "loss"), init: pick(state.init, "init"),
    weightDecay: pick(state.wd, "weight_decay"), optimizer: pick(state.opt, "optimizer"), lr: pick(state.lr, "lr"),
    batchWanted: state.bs ?? sug.batch_size ?? BASE.batch_size, epochs: pick(state.epochs, "epochs"),
  };
}

/** Compare values as typed ("1, 32, full") for a varied setting; invalid ones dropped, at most MAX_COMPARE. */
export function compareValues(vary, values, catalog) {
  const out = [];
  for (const raw of values) {
    const s = String(raw).trim();
    let v;
    if (vary === "bs") v = s.toLowerCase() === "full" || s === "전체" ? "full" : /^\d+$/.test(s) && +s >= 1 ? +s : undefined;
    else if (vary === "lr") v = Number.isFinite(+s) && +s > 0 && s !== "" ? +s : undefined;
    else if (vary === "opt") v = catalog.optimizers.some((o) => o.key === s) ? s : undefined;
    else if (vary === "act") v = catalog.training.activations.includes(s) ? s : undefined;
    else if (vary === "init") v = catalog.training.inits.includes(s) ? s : undefined;
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out.slice(0, MAX_COMPARE);
}

/** One training configuration (the protocol's `run`) from a state. */
export function trainConfig(state, catalog) {
  const d = datasetOf(catalog, state.ds);
  const takes = d.defaults || {};
  const dataset = { name: d.key };
  if (d.key === "custom") dataset.encoded = state.pts || state.ptsMemory || "";
  if (d.kind === "points2d" && state.feat && state.feat.length) dataset.features = [...state.feat];
  if (state.n !== null && "n" in takes) dataset.n = state.n;
  if (state.noise !== null && "noise" in takes) dataset.noise = state.noise;
  if (state.vf !== null && "validation_fraction" in takes) dataset.validation_fraction = state.vf;
  if (state.tf !== null && "test_fraction" in takes) dataset.test_fraction = state.tf;
  const model = {};
  if (state.hidden !== null) model.hidden = parseHidden(state.hidden) ?? [];
  if (state.act !== null) model.activation = state.act;
  if (state.loss !== null) model.loss = state.loss;
  if (state.init !== null) model.init = state.init;
  if (state.wd !== null) model.weight_decay = state.wd;
  const cfg = { kind: "train", dataset, model };
  if (state.opt !== null || state.lr !== null) {
    const e = effective(state, catalog);
    cfg.optimizer = { name: e.optimizer, lr: e.lr };
  }
  cfg.schedule = { name: state.sched };
  const sched = catalog.schedules.find((x) => x.key === state.sched);
  for (const p of sched ? sched.params : []) {
    if (state[p.name] !== null && state[p.name] !== undefined) cfg.schedule[p.name] = state[p.name];
  }
  if (state.bs !== null) cfg.batch_size = state.bs === "full" ? fullBatch(catalog) : state.bs;
  if (state.epochs !== null) cfg.epochs = state.epochs;
  cfg.sampling = state.sampling;
  cfg.gradient = { mode: state.grad };
  cfg.early_stopping = { patience: state.patience };
  cfg.seed = state.seed;
  return cfg;
}

const VARY_FIELD = { bs: "bs", lr: "lr", opt: "opt", act: "act", init: "init" };

/** The runs of a start: [{config, label}] — one, or one per compare value (same data, same seed). */
export function buildRuns(state, catalog) {
  const values = state.vary ? compareValues(state.vary, state.values, catalog) : [];
  if (values.length < 2) return [{ config: trainConfig(state, catalog), label: null }];
  return values.map((value) => {
    const s = { ...state, [VARY_FIELD[state.vary]]: value };
    return { config: trainConfig(s, catalog), label: { vary: state.vary, value } };
  });
}

/** The lessons' two comparisons, as state patches over the defaults. */
export const PRESETS = {
  batch: { ds: "linreg", vary: "bs", values: ["1", "32", "full"], epochs: 20, lr: 0.1, opt: "sgd" },
  lr: { ds: "moons", vary: "lr", values: ["0.01", "0.1", "1"], epochs: 30, opt: "sgd" },
};
