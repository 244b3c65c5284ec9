// The HTTP API: surface grids, fetched once per surface.

const grids = new Map();

/** f on an n×n grid over the surface's view box: {shape, domain, values}; row 0 is the bottom row. */
export function fetchGrid(key, n = 100) {
  const id = `${key}:${n}`;
  if (!grids.has(id)) {
    const p = fetch(`/api/v1/surfaces/${encodeURIComponent(key)}/grid?n=${n}`).then((r) => {
      if (!r.ok) throw new Error(`grid ${key}: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => grids.delete(id));
    grids.set(id, p);
  }
  return grids.get(id);
}
