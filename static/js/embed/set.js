// The host's `descent-lab:set {state}` on an embedded page: the permalink's keys as a patch of the page state,
// each value checked as the page checks what the learner types. A refused value is left out (the page keeps its
// setting) and named to the host in an `error` message in the embed's language; the rest is applied as the page
// applies a change: a lesson opened or forgotten, runs on screen cleared when a run setting changes, redrawn.

import { getLang, setLang, t } from "../shared/i18n.js";

/** Keys that change how runs look, not which runs (runs on screen stay). */
export const VIEW_KEYS = ["speed", "lang", "hide", "theme"];
const KEEP_LESSON = [...VIEW_KEYS, "autoplay"];

/**
 * The `error` message for refused keys: {code: "invalid_state", unknown: [keys the page has not],
 * invalid: [keys whose value was refused], fields: [{key, message}], message (every sentence), lang}.
 * `refused` maps each key to its sentence.
 */
export function refusal(refused, unknown) {
  const fields = [...refused].map(([key, message]) => ({ key, message }));
  return { code: "invalid_state", unknown: [...unknown], invalid: fields.map((f) => f.key).filter((k) => !unknown.includes(k)),
    fields, message: [...new Set(refused.values())].join(" "), lang: getLang() };
}

/**
 * opts: {shell, table (the page's state table, with the embed's keys), check(input, patch, state) → {key: sentence}
 * (the page's own checks), merge(state, patch) → the next state (normalised), forgetLesson(), loadLesson() (async:
 * the state's lesson, or none), applyState(), post(type, fields)}.
 * Returns set(input): a promise of the refused keys (a Map key → sentence).
 */
export function createSet(opts) {
  const { shell } = opts;
  return async function set(input) {
    const { patch, unknown, invalid } = opts.table.patch(input);
    if (typeof patch.lang === "string") setLang(patch.lang); // the answer comes in the language asked for
    const refused = new Map(unknown.map((key) => [key, t("error.embed.unknown", { key })]));
    if ("lang" in patch && patch.lang !== null && patch.lang !== getLang()) {
      refused.set("lang", t("error.literal", { field: t("error.field.lang"), expected: "ko, en" }));
    }
    for (const [key, message] of Object.entries(opts.check(input || {}, patch, shell.state))) refused.set(key, message);
    for (const key of invalid) {
      if (!refused.has(key)) refused.set(key, t("error.embed.unreadable", { field: key }));
    }
    for (const key of refused.keys()) delete patch[key];

    const keys = Object.keys(patch);
    if (keys.length) {
      const asked = patch.lesson;
      const lessonChanged = "lesson" in patch && patch.lesson !== shell.state.lesson;
      shell.state = opts.merge(shell.state, patch);
      if (!("lesson" in patch) && keys.some((k) => !KEEP_LESSON.includes(k))) opts.forgetLesson();
      if (lessonChanged) await opts.loadLesson();
      if (asked && shell.state.lesson !== asked) {
        refused.set("lesson", t("error.embed.lesson", { field: t("error.field.lesson"), key: asked }));
      }
      // a run that has started but sent nothing yet is stopped too
      const active = shell.store.runs.size || ["running", "paused"].includes(shell.session.phase);
      if (active && keys.some((k) => !VIEW_KEYS.includes(k))) shell.session.reset();
      opts.applyState();
      if (patch.speed !== undefined) shell.session.speed(shell.state.speed);
    }
    if (refused.size) opts.post("error", refusal(refused, unknown));
    return refused;
  };
}
