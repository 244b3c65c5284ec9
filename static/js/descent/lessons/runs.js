// A lesson's runs as the session starts them, each labelled by what sets it apart from the others, and the
// page state a lesson opens with. Pure: no DOM.

import { significant } from "../../shared/format.js";
import { parseState } from "../state.js";

/** What can tell a lesson's runs apart, in the order labels list it; `value` reads it from a run config. */
export const ASPECTS = [
  { key: "opt", value: (c) => (c.optimizer && c.optimizer.name) || "sgd" },
  { key: "lr", value: (c) => (c.optimizer ? c.optimizer.lr : undefined) },
  { key: "momentum", value: (c) => (c.optimizer ? c.optimizer.momentum : undefined) },
  { key: "sched", value: (c) => (c.schedule && c.schedule.name) || "constant" },
  { key: "grad", value: (c) => (c.gradient && c.gradient.mode) || "analytic" },
  { key: "steps", value: (c) => c.steps },
  { key: "start", value: (c) => (Array.isArray(c.start) ? c.start.join(",") : undefined) },
  { key: "surface", value: (c) => c.surface },
];

/**
 * For each config, the aspects that set it apart. The first aspect that varies is listed for every run; a later
 * one only for the runs that differ from its one most common value (for every run when no value is most common).
 * Returns [[{key, value}], ...].
 */
export function distinguishing(configs) {
  const out = configs.map(() => []);
  let first = true;
  for (const aspect of ASPECTS) {
    const values = configs.map((c) => aspect.value(c));
    const counts = new Map();
    for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
    if (counts.size < 2) continue;
    const top = Math.max(...counts.values());
    const leaders = [...counts].filter(([, n]) => n === top);
    const common = !first && top > 1 && leaders.length === 1 ? leaders[0][0] : Symbol("none");
    first = false;
    values.forEach((v, i) => {
      if (v !== common && v !== undefined) out[i].push({ key: aspect.key, value: v });
    });
  }
  return out;
}

/** The lesson's runs for session.start: [{config, label: {lesson, run, parts}}]; null for a lesson with none. */
export function lessonRuns(lesson) {
  if (!lesson || lesson.view !== "descent") return null;
  const configs = lesson.runs.filter((c) => c.kind === "descent");
  if (!configs.length) return null;
  const parts = distinguishing(configs);
  return configs.map((c, i) => {
    const config = { ...c };
    delete config.id;
    return { config, label: { lesson: lesson.key, run: c.id, parts: parts[i] } };
  });
}

/** The page settings a lesson opens with, as a query ("surface=bowl&start=-3,4…"; "" when it has none). */
export function permalinkQuery(lesson) {
  return String((lesson && lesson.page) || "");
}

/** Keys of the reader's own that opening a lesson keeps. */
export const KEPT_KEYS = ["lang", "speed", "hide", "autoplay", "theme"];

/**
 * The state a descent lesson opens with: its permalink's settings, the reader's language, speed and display
 * keys, and `lesson`. Other lessons keep the current settings and only set `lesson`.
 */
export function lessonState(lesson, current) {
  if (!lesson || lesson.view !== "descent") return { ...current, lesson: lesson ? lesson.key : null };
  const next = parseState(permalinkQuery(lesson));
  for (const k of KEPT_KEYS) next[k] = current[k];
  next.lesson = lesson.key;
  return next;
}

/** Whether two finite numbers agree to `rel` relative difference. */
export function close(a, b, rel = 1e-6) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-300;
}

/** A number in `digits` significant digits, the way the lessons print them ("-2.58983747e13", "0.1"). */
export const sig = (v, digits = 9) => significant(v, digits, digits - 1).replace("e-", "e−");
