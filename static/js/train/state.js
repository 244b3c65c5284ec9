// The training page's settings as a table {key, type, default} that round-trips through the URL query.
// Pure: no DOM. null means "the data set's suggestion"; a value equal to its default is left out of the URL.

import { SCHEDULE_ENTRIES, stateTable } from "../shared/state.js";

export { parseBatch } from "../shared/state.js";

export const TRAIN_STATE = [
  { key: "lang", type: "string", default: null },
  // data
  { key: "ds", type: "string", default: "moons" },
  { key: "n", type: "int", default: null },
  { key: "noise", type: "number", default: null },
  { key: "vf", type: "number", default: null }, // validation fraction
  { key: "tf", type: "number", default: null }, // test fraction
  { key: "pts", type: "string", default: "" }, // ds custom: your own points as a compact code (points-codec.js)
  { key: "feat", type: "list", default: [] }, // 2D data: the network's input features (empty: x1, x2)
  // model
  { key: "hidden", type: "string", default: null }, // "16,16"; "" = no hidden layer
  { key: "act", type: "string", default: null },
  { key: "loss", type: "string", default: null },
  { key: "init", type: "string", default: null },
  { key: "wd", type: "number", default: null },
  // optimizer and schedule
  { key: "opt", type: "string", default: null },
  { key: "lr", type: "number", default: null },
  ...SCHEDULE_ENTRIES,
  // the loop
  { key: "bs", type: "batch", default: null }, // an integer or "full"
  { key: "epochs", type: "int", default: null },
  { key: "sampling", type: "string", default: "shuffle" },
  { key: "patience", type: "int", default: null }, // null: no early stopping
  { key: "grad", type: "string", default: "backprop" },
  { key: "seed", type: "int", default: 0 },
  { key: "speed", type: "speed", default: 300 },
  // compare: one setting takes several values, one training each
  { key: "vary", type: "string", default: "" },
  { key: "values", type: "list", default: [] },
  { key: "autoplay", type: "bool", default: false },
  { key: "lesson", type: "string", default: null }, // a lesson's settings, until one is changed
];

export const SPEEDS = [10, 30, 100, 300, 1000, "max"];
export const VARY = ["bs", "lr", "opt", "act", "init"];
export const MAX_COMPARE = 4;

/** Settings that follow the data set: back to null (its suggestion) when the data set changes. */
export const PER_DATASET = ["n", "noise", "vf", "tf", "hidden", "act", "loss", "init", "wd", "opt", "lr", "bs",
  "epochs"];

/**
 * The next state after a host's patch, as the form makes it: a new data set takes its own suggestions for what was
 * not given, a new compared setting starts with no values.
 */
export function mergeTrain(state, patch) {
  const newDs = patch.ds !== undefined && patch.ds !== state.ds;
  const cleared = newDs ? Object.fromEntries(PER_DATASET.filter((k) => !(k in patch)).map((k) => [k, null])) : {};
  const next = { ...state, ...cleared, ...patch };
  if (patch.vary !== undefined && patch.vary !== state.vary && !("values" in patch)) next.values = [];
  return next;
}

/** State entries for schedule parameters the catalog has beyond the table (null = the schedule's default). */
export function scheduleEntries(catalog) {
  const known = new Set(TRAIN_STATE.map((e) => e.key));
  const out = [];
  for (const s of catalog.schedules) {
    for (const p of s.params) {
      if (known.has(p.name)) continue;
      known.add(p.name);
      out.push({ key: p.name, type: p.integer ? "int" : "number", default: null });
    }
  }
  return out;
}

const BASE_TABLE = stateTable(TRAIN_STATE);
const tables = new WeakMap(); // extra entries -> their table

/** The state table of TRAIN_STATE plus `extra` entries (from scheduleEntries). */
export function trainTable(extra = []) {
  if (!extra.length) return BASE_TABLE;
  if (!tables.has(extra)) tables.set(extra, stateTable([...TRAIN_STATE, ...extra]));
  return tables.get(extra);
}

/** The table a host's `set` reads on the embedded /train: the page's keys and the embed's `hide` and `theme`. */
export function embedTrainTable(catalog) {
  return stateTable([...trainTable(scheduleEntries(catalog)).entries, { key: "hide", type: "list", default: [] },
    { key: "theme", type: "string", default: "auto" }]);
}

/** Keep only values the catalog knows; fix what cannot be used. */
export function normaliseTrainState(s, catalog) {
  const datasets = catalog.datasets.map((d) => d.key);
  const tr = catalog.training;
  const one = (v, allowed, fallback) => (v === null || allowed.includes(v) ? v : fallback);
  s.ds = datasets.includes(s.ds) || s.ds === "custom" ? s.ds : "moons";
  const featureKeys = (catalog.custom_dataset && catalog.custom_dataset.feature_keys) || [];
  s.feat = [...new Set((s.feat || []).filter((k) => featureKeys.includes(k)))];
  s.act = one(s.act, tr.activations, null);
  s.loss = one(s.loss, tr.losses, null);
  s.init = one(s.init, tr.inits, null);
  s.opt = one(s.opt, catalog.optimizers.map((o) => o.key), null);
  s.sched = one(s.sched, catalog.schedules.map((o) => o.key), "constant");
  s.sampling = one(s.sampling, tr.sampling, "shuffle");
  s.grad = one(s.grad, tr.gradient_modes, "backprop");
  s.vary = VARY.includes(s.vary) ? s.vary : "";
  if (s.hidden !== null && !/^\s*(\d+\s*(,\s*\d+\s*)*)?$/.test(s.hidden)) s.hidden = null;
  if (s.speed !== "max" && !(s.speed > 0)) s.speed = 300;
  if (s.lr !== null && !(s.lr > 0)) s.lr = null;
  if (s.patience !== null && !(s.patience >= 1)) s.patience = null;
  if (!(s.seed >= 0)) s.seed = 0;
  return s;
}
