// The URL state table factory: a page's settings as entries {key, type, default} that round-trip through the
// URL query. Pure: no DOM. A value equal to its default (or null) is left out of the URL.
// Types: string, number, int, bool, point ("x,y"), list ("a,b"), speed (a number or "max"), batch (an integer
// or "full").
import { parseStrictNumber } from "./number.js";

/** @typedef {{key: string, type: string, default: any}} StateEntry */

/** Entries of one type and default for several keys. */
export const entriesOf = (type, dflt, keys) => keys.map((key) => ({ key, type, default: dflt }));

/** The learning-rate schedule and its parameters, the same on every page (null: the schedule's default). */
export const SCHEDULE_ENTRIES = [
  { key: "sched", type: "string", default: "constant" },
  { key: "step_size", type: "int", default: null },
  { key: "gamma", type: "number", default: null },
  { key: "t_max", type: "int", default: null },
  { key: "lr_min", type: "number", default: null },
  { key: "decay", type: "number", default: null },
  { key: "lr_max", type: "number", default: null }, // range_test
];

/**
 * State entries for the parameters of one catalog group ("optimizers" or "schedules"), each named as the catalog
 * names it (the permalink key), default null (the entry's own default); the learning rate has its own entry.
 */
export function catalogParamEntries(catalog, group) {
  const seen = new Set(["lr"]);
  const out = [];
  for (const item of catalog[group] || []) {
    for (const p of item.params || []) {
      if (seen.has(p.name)) continue;
      seen.add(p.name);
      out.push({ key: p.name, type: p.integer ? "int" : "number", default: null });
    }
  }
  return out;
}

function parseNumber(text) {
  if (text === null) return undefined;
  return parseStrictNumber(text); // the server's grammar too (app/web/permalink.py NUMBER)
}

/** A batch size as typed or read from the URL: a positive integer, "full", or undefined. */
export function parseBatch(text) {
  const s = String(text ?? "").trim().toLowerCase();
  if (s === "full" || s === "전체") return "full";
  if (!/^\d+$/.test(s)) return undefined;
  const v = Number(s);
  return v >= 1 ? v : undefined;
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
      return text === "max" ? "max" : parseNumber(text);
    case "batch":
      return parseBatch(text);
    default:
      return undefined;
  }
}

/** A typed value to its URL text (numbers in their shortest round-trip form). */
export function formatValue(type, v) {
  switch (type) {
    case "bool":
      return v ? "1" : "0";
    case "point":
      return v.map(String).join(",");
    case "list":
      return v.join(",");
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

/**
 * A state table over `entries`: {entries, entry(key), defaults(), parse(query), serialize(state), patch(input),
 * extend(more, after)}. parse ignores unknown keys and unreadable values; serialize writes table order without
 * defaults and nulls; extend adds the entries of `more` the table lacks, in place, after the entry `after`.
 * @param {StateEntry[]} initial
 */
export function stateTable(initial) {
  const entries = [...initial];
  const byKey = new Map(entries.map((e) => [e.key, e]));

  function extend(more, after) {
    const fresh = more.filter((e) => !byKey.has(e.key));
    const at = entries.findIndex((e) => e.key === after);
    entries.splice(at < 0 ? entries.length : at + 1, 0, ...fresh);
    for (const e of fresh) byKey.set(e.key, e);
    return table;
  }

  function defaults() {
    const s = {};
    for (const e of entries) s[e.key] = Array.isArray(e.default) ? [...e.default] : e.default;
    return s;
  }

  /** "?a=1&b=2" or "a=1&b=2" to a full state. */
  function parse(query) {
    const s = defaults();
    for (const [key, text] of new URLSearchParams(query)) {
      const e = byKey.get(key);
      if (!e) continue;
      const v = parseValue(e.type, text);
      if (v !== undefined) s[key] = v;
    }
    return s;
  }

  /** A state to a query string (no "?"). */
  function serialize(state) {
    const params = new URLSearchParams();
    for (const e of entries) {
      const v = state[e.key];
      if (v === null || v === undefined || same(v, e.default)) continue;
      if (e.type === "list" && v.length === 0) continue;
      params.set(e.key, formatValue(e.type, v));
    }
    return params.toString().replaceAll("%2C", ",");
  }

  /**
   * A host's partial state (URL text such as "0.1", "-3,4", or JSON values such as 0.1, [-3, 4], true; null restores
   * the default) as a typed patch: {patch, unknown: [keys not in the table], invalid: [keys that could not be read]}.
   */
  function patch(input) {
    const out = { patch: {}, unknown: [], invalid: [] };
    if (!input || typeof input !== "object" || Array.isArray(input)) return out;
    const base = defaults();
    for (const [key, raw] of Object.entries(input)) {
      const e = byKey.get(key);
      if (!e) {
        out.unknown.push(key);
        continue;
      }
      if (raw === null) {
        out.patch[key] = base[key];
        continue;
      }
      let text;
      if (typeof raw === "string") text = raw;
      else if (Array.isArray(raw)) text = raw.map(String).join(",");
      else if (typeof raw === "number" || typeof raw === "boolean") text = formatValue(e.type, raw);
      const v = text === undefined ? undefined : parseValue(e.type, text);
      if (v === undefined) out.invalid.push(key);
      else out.patch[key] = v;
    }
    return out;
  }

  const table = { entries, entry: (key) => byKey.get(key), defaults, parse, serialize, patch, extend };
  return table;
}
