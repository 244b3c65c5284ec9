// A host's `set` values checked as the page checks what a learner types: a number against its field's bounds in the
// catalog (the server's own), a choice against the catalog's list. Each refusal is the sentence the page shows
// beside the box, in the page's language. Pure: no DOM.

import { check, entryOf, fieldLabel } from "../shared/bounds.js";
import { t } from "../shared/i18n.js";
import { SCHEDULE_ENTRIES } from "../shared/state.js";

/** A host's value as the text a box would hold ("?" for what no box holds: a list, an object, a boolean). */
export const textOf = (raw) => (typeof raw === "number" || typeof raw === "string" ? String(raw) : "?");

/** The key was sent with a value (null restores the default and needs no check). */
export const given = (input, key) => key in input && input[key] !== null;

/** "{field}: must be one of: a, b." */
export const literal = (path, allowed) => t("error.literal", { field: fieldLabel(path), expected: allowed.join(", ") });

/** The schedule parameters' keys (step_size, gamma, …) and their catalog paths. */
export const schedulePaths = (extra = []) => Object.fromEntries(
  [...SCHEDULE_ENTRIES.map((e) => e.key).filter((k) => k !== "sched"), ...extra].map((k) => [k, `schedule.${k}`]));

/**
 * Sentences for numbers out of bounds: `paths` maps state keys to catalog paths; bounds(key, path) gives a field's
 * {min, max, exclusive_min, exclusive_max, integer}.
 */
export function numberRefusals(input, paths, bounds) {
  const out = {};
  for (const [key, path] of Object.entries(paths)) {
    if (!given(input, key)) continue;
    const r = check(textOf(input[key]), bounds(key, path), path);
    if (r.error) out[key] = r.error;
  }
  return out;
}

/** Sentences for choices not in their lists: choices maps state keys to [catalog path, allowed values]. */
export function choiceRefusals(patch, choices) {
  const out = {};
  for (const [key, [path, allowed]] of Object.entries(choices)) {
    if (key in patch && patch[key] !== null && !allowed.includes(patch[key])) out[key] = literal(path, allowed);
  }
  return out;
}

/** A speed: a positive number of steps per second, or "max". */
export function speedRefusal(input) {
  if (!given(input, "speed") || input.speed === "max") return {};
  const r = check(textOf(input.speed), { min: 0, exclusive_min: true }, "speed");
  return r.error ? { speed: r.error } : {};
}

export const THEMES = ["auto", "light", "dark"];

const DESCENT_PATHS = {
  lr: "optimizer.lr", momentum: "optimizer.momentum", alpha: "optimizer.alpha", beta1: "optimizer.betas.0",
  beta2: "optimizer.betas.1", eps: "optimizer.eps", weight_decay: "optimizer.weight_decay", h: "gradient.h",
  steps: "steps", tol: "stop.grad_tol", bound: "stop.bound", ...schedulePaths(),
};

/** The simulator's checks of a host's values (/embed), raw and read: {key: sentence} for each refused one. */
export function checkDescentSettings(input, patch, catalog) {
  const bounds = (key, path) => entryOf(catalog, "descent", path);
  const out = { ...numberRefusals(input, DESCENT_PATHS, bounds), ...speedRefusal(input) };
  if (given(input, "start")) {
    const parts = Array.isArray(input.start) ? input.start.map(textOf) : textOf(input.start).split(",");
    const bad = parts.length === 2 ? parts.map((p, i) => check(p, bounds("start", `start.${i}`), `start.${i}`).error)
      .find(Boolean) : t("error.embed.unreadable", { field: fieldLabel("start") });
    if (bad) out.start = bad;
  }
  const keys = (list) => list.map((x) => x.key);
  return { ...out, ...choiceRefusals(patch, {
    surface: ["surface", [...keys(catalog.surfaces), "custom"]], opt: ["optimizer.name", keys(catalog.optimizers)],
    sched: ["schedule.name", keys(catalog.schedules)], grad: ["gradient.mode", catalog.gradient_modes],
    conv: ["optimizer.convention", catalog.conventions], theme: ["theme", THEMES],
  }) };
}
