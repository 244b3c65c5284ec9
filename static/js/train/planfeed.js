// The plan of the settings being edited, from the server (POST /api/v1/train/plan): asked a moment after the last
// change (debounced), only the newest answer kept. The page does no plan arithmetic of its own.

import { request } from "../shared/request.js";

/** Ask the server for the plan of one training configuration; `also`: more batch sizes for the table. */
export async function postPlan(config, also) {
  const q = also.length ? `?also=${also.join(",")}` : "";
  const r = await request(`/api/v1/train/plan${q}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(config),
  });
  if (!r.ok) throw new Error(`plan: HTTP ${r.status}`);
  return r.json(); // {plan, batch_table, refusals}: settings over a limit get their plan and the limits named
}

/**
 * opts: {post(config, also) → Promise<body> (postPlan), delay (ms after the last change), onPlan(body)}.
 * Returns {want(config, also) → the newest answer for exactly these settings or null while it is on its way,
 * latest() → the newest answer for any settings}.
 */
export function createPlanFeed({ post = postPlan, delay = 200, onPlan = () => {} } = {}) {
  let wanted = "";
  let timer = null;
  let answer = null; // {key, body}
  let asked = 0;

  function ask(key, config, also) {
    const n = ++asked;
    post(config, also).then((body) => {
      if (n !== asked) return; // a newer question is on its way
      answer = { key, body };
      onPlan(body);
    }, () => {}); // unreadable settings: the start itself reports the field
  }

  function want(config, also = []) {
    const key = JSON.stringify([config, also]);
    if (key !== wanted) {
      wanted = key;
      clearTimeout(timer);
      timer = answer === null ? ask(key, config, also) : setTimeout(() => ask(key, config, also), delay);
    }
    return answer && answer.key === key ? answer.body : null;
  }

  return { want, latest: () => (answer ? answer.body : null) };
}
