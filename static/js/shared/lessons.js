// The lessons from GET /api/v1/lessons (fetched once) and the gradient timing from POST /api/v1/gradient-timing.

import { pick } from "./i18n.js";
import { request } from "./request.js";

let lessons = null;

export function fetchLessons() {
  if (!lessons) {
    lessons = request("/api/v1/lessons").then((r) => {
      if (!r.ok) throw new Error(`lessons: HTTP ${r.status}`);
      return r.json();
    });
    lessons.catch(() => {
      lessons = null;
    });
  }
  return lessons;
}

/** {ok: true, body} or {ok: false, status, detail} */
export async function measureGradients(body) {
  let r;
  try {
    r = await request("/api/v1/gradient-timing", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
  } catch (e) {
    return { ok: false, status: 0, detail: String(e.message || e) };
  }
  let json = null;
  try {
    json = await r.json();
  } catch {
    json = null;
  }
  if (r.ok && json) return { ok: true, body: json };
  let detail = json && json.detail !== undefined ? json.detail : `HTTP ${r.status}`;
  if (Array.isArray(detail)) detail = detail.map((d) => (d.message ? pick(d.message) : d.msg || "?")).join(" ");
  return { ok: false, status: r.status, detail: String(detail) };
}

/** The lesson with this key, or null (none such, or the lessons could not be fetched). */
export async function findLesson(key) {
  try {
    return (await fetchLessons()).find((l) => l.key === key) || null;
  } catch {
    return null;
  }
}
