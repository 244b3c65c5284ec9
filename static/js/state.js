// The page state as a table {key, type, default} that round-trips through the URL query.
// Pure: no DOM. A value equal to its default is left out of the URL.

/** @typedef {{key: string, type: string, default: any}} StateEntry */

/** @type {StateEntry[]} */
export const STATE_TABLE = [
  { key: "lang", type: "string", default: null },
  { key: "lesson", type: "string", default: null }, // a lesson's key: its runs replace the settings' runs
  { key: "surface", type: "string", default: "bowl" },
  { key: "start", type: "point", default: null }, // null: the surface's own start
  { key: "opt", type: "string", default: "sgd" },
  { key: "lr", type: "number", default: null }, // null: the surface's own learning rate
  // optimizer hyperparameters (catalog names); null: the optimizer's default
  { key: "momentum", type: "number", default: null },
  { key: "alpha", type: "number", default: null },
  { key: "beta1", type: "number", default: null },
  { key: "beta2", type: "number", default: null },
  { key: "eps", type: "number", default: null },
  { key: "weight_decay", type: "number", default: null },
  { key: "conv", type: "string", default: "pytorch" },
  // learning-rate schedule and its parameters; null: the schedule's default
  { key: "sched", type: "string", default: "constant" },
  { key: "step_size", type: "int", default: null },
  { key: "gamma", type: "number", default: null },
  { key: "t_max", type: "int", default: null },
  { key: "lr_min", type: "number", default: null },
  { key: "decay", type: "number", default: null },
  // gradient
  { key: "grad", type: "string", default: "analytic" },
  { key: "h", type: "number", default: 1e-4 },
  // run
  { key: "steps", type: "int", default: 100 },
  { key: "speed", type: "speed", default: 20 },
  // compare: one setting takes several values, one run each
  { key: "vary", type: "string", default: "" },
  { key: "values", type: "list", default: [] },
  { key: "autoplay", type: "bool", default: false },
  { key: "hide", type: "list", default: [] },
  { key: "theme", type: "string", default: "light" }, // embedded view only: light | dark
];

export const OPTIMIZER_PARAMS = ["momentum", "alpha", "beta1", "beta2", "eps", "weight_decay"];
export const SCHEDULE_PARAMS = ["step_size", "gamma", "t_max", "lr_min", "decay"];
export const SPEEDS = [1, 5, 20, 60, 240, "max"];

const BY_KEY = new Map(STATE_TABLE.map((e) => [e.key, e]));

/** A fresh state with every default. */
export function defaultState() {
  const s = {};
  for (const e of STATE_TABLE) s[e.key] = Array.isArray(e.default) ? [...e.default] : e.default;
  return s;
}

function parseNumber(text) {
  if (text === null || text.trim() === "") return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** One URL value to its typed value; undefined when it cannot be read (the default then applies). */
export function parseValue(type, text) {
  switch (type) {
    case "string":
      return text;
    case "number":
      return parseNumber(text);
    case "int": {
      const v = parseNumber(text);
      return v !== undefined && Number.isInteger(v) ? v : undefined;
    }
    case "bool":
      return text === "1" || text === "true";
    case "point": {
      const parts = text.split(",").map(parseNumber);
      return parts.length === 2 && parts.every((p) => p !== undefined) ? parts : undefined;
    }
    case "list":
      return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    case "speed":
      if (text === "max") return "max";
      return parseNumber(text);
    default:
      return undefined;
  }
}

/** Shortest text that reads back as the same number. */
export function formatNumber(v) {
  return String(v);
}

/** A typed value to its URL text. */
export function formatValue(type, v) {
  switch (type) {
    case "bool":
      return v ? "1" : "0";
    case "point":
      return v.map(formatNumber).join(",");
    case "list":
      return v.join(",");
    case "number":
    case "int":
      return formatNumber(v);
    default:
      return String(v);
  }
}

function same(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}

/** Read a query string ("?a=1&b=2" or "a=1&b=2") into a full state; unknown keys are ignored. */
export function parseState(query) {
  const params = new URLSearchParams(query);
  const s = defaultState();
  for (const [key, text] of params) {
    const entry = BY_KEY.get(key);
    if (!entry) continue;
    const v = parseValue(entry.type, text);
    if (v !== undefined) s[key] = v;
  }
  return s;
}

/** Write a state as a query string (no "?"), in table order, leaving out defaults and nulls. */
export function serializeState(state) {
  const params = new URLSearchParams();
  for (const e of STATE_TABLE) {
    const v = state[e.key];
    if (v === null || v === undefined || same(v, e.default)) continue;
    if (e.type === "list" && v.length === 0) continue;
    params.set(e.key, formatValue(e.type, v));
  }
  return params.toString().replaceAll("%2C", ",");
}
