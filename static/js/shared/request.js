// fetch() that waits out a busy server: on 429 (too many runs at once) or 503 it waits the answer's Retry-After
// (seconds; 1 when absent, at most `cap`) and asks again, up to `tries` times in all. Any other answer, the last
// busy answer, or an abort through init.signal ends it: the caller reads the Response as from fetch().

import { pick } from "./i18n.js";

const BUSY = new Set([429, 503]);

/** Seconds to wait from a Retry-After header value (a number of seconds; a date counts from now). */
export function retryAfterSeconds(value, now = Date.now()) {
  if (value === null || value === undefined || value === "") return 1;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : 1;
}

const pause = (ms, signal) => new Promise((resolve, reject) => {
  const id = setTimeout(resolve, ms);
  if (signal) {
    signal.addEventListener("abort", () => {
      clearTimeout(id);
      reject(signal.reason ?? new DOMException("aborted", "AbortError"));
    }, { once: true });
  }
});

/** opts: {tries (default 3), cap (s, default 5), fetchFn (default fetch), wait(ms, signal) (for tests)}. */
export async function request(url, init = {}, { tries = 3, cap = 5, fetchFn = fetch, wait = pause } = {}) {
  for (let attempt = 1; ; attempt++) {
    const r = await fetchFn(url, init);
    if (!BUSY.has(r.status) || attempt >= tries) return r;
    await wait(1000 * Math.min(cap, retryAfterSeconds(r.headers.get("Retry-After"))), init.signal);
  }
}

/** A refusal's `detail` in the page's language: each field error's own words (`messages`), else its `msg`. */
export function detailText(detail, status) {
  if (Array.isArray(detail)) return detail.map((x) => (x.messages ? pick(x.messages) : x.msg)).join(" ");
  return detail ? String(detail) : `HTTP ${status}`;
}

/** POST `body` as JSON and read the JSON answer; a refusal rejects with an Error worded by `detailText`. */
export async function postJSON(url, body, opts) {
  const r = await request(url, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) }, opts);
  const json = await r.json().catch(() => null);
  if (r.ok && json) return json;
  throw new Error(detailText(json && json.detail, r.status));
}
