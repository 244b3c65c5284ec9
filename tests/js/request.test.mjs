import assert from "node:assert/strict";
import { test } from "node:test";

import { request, retryAfterSeconds } from "../../static/js/shared/request.js";

const answer = (status, retry) => ({ status, headers: { get: (h) => (h === "Retry-After" ? retry ?? null : null) } });

function server(statuses) {
  const asked = [];
  return { asked, fetchFn: async (url) => { asked.push(url); return statuses.shift(); } };
}

test("a busy answer is waited out for its Retry-After and asked again", async () => {
  const s = server([answer(429, "2"), answer(503), answer(200)]);
  const waited = [];
  const r = await request("/api/v1/tune", {}, { fetchFn: s.fetchFn, wait: async (ms) => waited.push(ms) });
  assert.equal(r.status, 200);
  assert.equal(s.asked.length, 3);
  assert.deepEqual(waited, [2000, 1000]); // the header's 2 s, then 1 s when there is none
});

test("it gives up after `tries` and hands back the last busy answer; other errors at once", async () => {
  const s = server([answer(429, "1"), answer(429, "1"), answer(429, "1"), answer(200)]);
  const r = await request("/x", {}, { fetchFn: s.fetchFn, wait: async () => {} });
  assert.equal(r.status, 429);
  assert.equal(s.asked.length, 3);
  const bad = server([answer(422), answer(200)]);
  assert.equal((await request("/x", {}, { fetchFn: bad.fetchFn, wait: async () => {} })).status, 422);
  assert.equal(bad.asked.length, 1);
});

test("a long Retry-After is capped, and dates count from now", async () => {
  const s = server([answer(429, "3600"), answer(200)]);
  const waited = [];
  await request("/x", {}, { fetchFn: s.fetchFn, cap: 5, wait: async (ms) => waited.push(ms) });
  assert.deepEqual(waited, [5000]);
  const now = Date.parse("2026-12-02T00:00:00Z");
  assert.equal(retryAfterSeconds("Wed, 02 Dec 2026 00:00:03 GMT", now), 3);
  assert.equal(retryAfterSeconds("soon", now), 1);
});

test("an abort while waiting ends the request", async () => {
  const s = server([answer(429, "1"), answer(200)]);
  const ctl = new AbortController();
  const pending = request("/x", { signal: ctl.signal }, { fetchFn: s.fetchFn });
  await new Promise((resolve) => setTimeout(resolve, 10));
  ctl.abort();
  await assert.rejects(pending);
  assert.equal(s.asked.length, 1);
});

test("a refusal is worded in the page's language when the server gives its words", async () => {
  const { detailText } = await import("../../static/js/shared/request.js");
  const detail = [{ msg: "step: must be at most 10", messages: { ko: "스텝: 10 이하여야 합니다.", en: "Step: must be at most 10." } },
    { msg: "plain" }];
  assert.equal(detailText(detail, 422), "스텝: 10 이하여야 합니다. plain"); // the pages start in Korean
  assert.equal(detailText("busy", 429), "busy");
  assert.equal(detailText(null, 500), "HTTP 500");
});
