// A host's `descent-lab:set` state as a typed patch of the page state. Pure: no DOM.
// Values may be given as URL text ("0.1", "-3,4") or as JSON (0.1, [-3, 4], ["0.1", "10"], true); null
// restores a key's default.

import { STATE_TABLE, defaultState, formatValue, parseValue } from "../state.js";

const BY_KEY = new Map(STATE_TABLE.map((e) => [e.key, e]));

/** {patch, unknown: [keys not in the state table], invalid: [keys whose value could not be read]} */
export function statePatch(input) {
  const patch = {};
  const unknown = [];
  const invalid = [];
  if (!input || typeof input !== "object" || Array.isArray(input)) return { patch, unknown, invalid };
  const defaults = defaultState();
  for (const [key, raw] of Object.entries(input)) {
    const entry = BY_KEY.get(key);
    if (!entry) {
      unknown.push(key);
      continue;
    }
    if (raw === null) {
      patch[key] = defaults[key];
      continue;
    }
    let text;
    if (typeof raw === "string") text = raw;
    else if (typeof raw === "number" || typeof raw === "boolean" || Array.isArray(raw)) {
      text = entry.type === "list" && Array.isArray(raw) ? raw.map(String).join(",") : formatValue(entry.type, raw);
    }
    const v = text === undefined ? undefined : parseValue(entry.type, text);
    if (v === undefined) invalid.push(key);
    else patch[key] = v;
  }
  return { patch, unknown, invalid };
}
