// The simulator's settings (/ and /embed) as a URL state table (../shared/state.js). Pure: no DOM.

import { catalogParamEntries, SCHEDULE_ENTRIES, stateTable } from "../shared/state.js";

/** @type {import("../shared/state.js").StateEntry[]} */
export const STATE_TABLE = [
  { key: "lang", type: "string", default: null },
  { key: "lesson", type: "string", default: null }, // a lesson's key: its runs replace the settings' runs
  { key: "surface", type: "string", default: "bowl" },
  { key: "f", type: "string", default: "" }, // surface custom: your own f(x, y), as typed
  { key: "view", type: "list", default: [] }, // surface custom: x_min,x_max,y_min,y_max (empty: ±5)
  { key: "start", type: "point", default: null }, // null: the surface's own start
  { key: "opt", type: "string", default: "sgd" },
  { key: "lr", type: "number", default: null }, // null: the surface's own learning rate
  // optimizer hyperparameters come from the catalog (withCatalog): each under its own name, null its default
  { key: "conv", type: "string", default: "pytorch" },
  ...SCHEDULE_ENTRIES,
  // gradient
  { key: "grad", type: "string", default: "analytic" },
  { key: "h", type: "number", default: 1e-4 },
  // run
  { key: "steps", type: "int", default: 100 },
  { key: "tol", type: "number", default: null }, // stop as converged below this gradient norm; null: the server's
  { key: "bound", type: "number", default: null }, // stop as diverged beyond this |x_i|; null: no bound
  { key: "speed", type: "speed", default: 20 },
  // compare: one setting takes several values, one run each
  { key: "vary", type: "string", default: "" },
  { key: "values", type: "list", default: [] },
  // a fair comparison: each compared run's own learning rate, or each optimizer's from a short search (vary=opt)
  { key: "lrs", type: "list", default: [] },
  { key: "tune", type: "bool", default: false },
  { key: "autoplay", type: "bool", default: false },
  { key: "hide", type: "list", default: [] },
  { key: "theme", type: "string", default: "auto" }, // embedded view only: auto (the reader's system) | light | dark
];

export const SPEEDS = [1, 5, 20, 60, 240, "max"];

export const STATE = stateTable(STATE_TABLE);

/** The table with every optimizer and schedule parameter the catalog lists (once per page; the same object). */
export function withCatalog(catalog) {
  return STATE.extend(catalogParamEntries(catalog, "optimizers"), "lr")
    .extend(catalogParamEntries(catalog, "schedules"), SCHEDULE_ENTRIES[SCHEDULE_ENTRIES.length - 1].key);
}
export const defaultState = STATE.defaults;
export const parseState = STATE.parse;
export const serializeState = STATE.serialize;
