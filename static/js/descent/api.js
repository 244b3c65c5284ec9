// The HTTP API: surface grids, fetched once per surface.

import { request } from "../shared/request.js";

const grids = new Map();

/** f on an n×n grid over the surface's view box: {shape, domain, values}; row 0 is the bottom row. */
export function fetchGrid(key, n = 100) {
  const id = `${key}:${n}`;
  if (!grids.has(id)) {
    const p = request(`/api/v1/surfaces/${encodeURIComponent(key)}/grid?n=${n}`).then((r) => {
      if (!r.ok) throw new Error(`grid ${key}: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => grids.delete(id));
    grids.set(id, p);
  }
  return grids.get(id);
}

/** f on an n×n grid over a zoomed window [[x0, x1], [y0, y1]] (the latest one only; not cached). */
export function fetchWindowGrid(key, box, n = 100) {
  const [[x0, x1], [y0, y1]] = box;
  const q = new URLSearchParams({ n: String(n), x0: String(x0), x1: String(x1), y0: String(y0), y1: String(y1) });
  return request(`/api/v1/surfaces/${encodeURIComponent(key)}/grid?${q}`).then((r) => {
    if (!r.ok) throw new Error(`grid ${key}: HTTP ${r.status}`);
    return r.json();
  });
}

/**
 * Each optimizer's learning rate from a short search on the same descent (POST /api/v1/tune): resolves to
 * {method, grid, steps, optimizers: [{optimizer, lr, ...}]}; rejects with {code, message, fields} on a refusal.
 */
export async function fetchTune(run, optimizers) {
  const r = await request("/api/v1/tune", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ run, optimizers }),
  });
  const body = await r.json().catch(() => null);
  if (r.ok && body) return body;
  const detail = body && body.detail;
  throw { code: "invalid_run", message: typeof detail === "string" ? detail : `HTTP ${r.status}`,
    fields: Array.isArray(detail) ? detail : [] };
}
