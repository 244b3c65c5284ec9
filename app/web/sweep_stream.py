"""A map of many runs as a stream of NDJSON lines, coarse to fine, tile by tile.

Lines: `meta` (the normalised request, levels, outcome names, axis names), then per level a `level` line (its n and
axis values) and `tile` lines (rows [j0, j1) as base64 little-endian arrays: reason uint8, k uint16, minimum
int8), then `done` (cells, cell-steps computed, seconds, where the tiles ran). Arrays are row-major, bottom row
first, like the surface grid. The generator is CPU work: the HTTP route iterates it in a worker thread.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from app.cluster import run_tiles
from app.core.sweep import TILE_CELLS, tiles

from .protocol import PROTOCOL_VERSION, dumps

TileFn = Callable[..., dict[str, np.ndarray]]
ENCODINGS = {"reason": "<u1", "k": "<u2", "minimum": "<i1", "loss": "<f4"}


def b64(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


def line(kind: str, /, **body: Any) -> bytes:
    return dumps({"v": PROTOCOL_VERSION, "type": kind, **body}) + b"\n"


def map_lines(meta: dict[str, Any], spec: Any, level_ns: list[int], tile_fn: TileFn,
              axis_values: Callable[[int], tuple[np.ndarray, np.ndarray]], *, scheduler: str | None,
              wall_seconds: float, tile_cells: int = TILE_CELLS, on_close: Callable[[], None] | None = None,
              ) -> Iterator[bytes]:
    """meta, then every level's tiles, then done. A level of one tile always runs here (the first picture comes
    fast); with `scheduler` set, the larger levels' tiles run on the Dask cluster."""
    t0 = time.perf_counter()
    cells = computed = 0
    reason = "completed"
    try:
        yield line("meta", **meta, levels=level_ns)
        for n in level_ns:
            xs, ys = axis_values(n)
            yield line("level", n=n, xs=xs, ys=ys)
            parts = tiles(n, tile_cells)
            where = scheduler if len(parts) > 1 else None
            for j0, j1, arrays in run_tiles(tile_fn, spec, n, parts, where):
                body = {key: b64(arrays[key], dtype) for key, dtype in ENCODINGS.items() if key in arrays}
                cells += (j1 - j0) * n
                computed += int(arrays["work"]) if "work" in arrays else 0
                yield line("tile", n=n, rows=[j0, j1], **body)
                if time.perf_counter() - t0 > wall_seconds:
                    reason = "limit"
                    break
            if reason == "limit":
                break
        yield line("done", reason=reason, cells=cells, computed_steps=computed,
                   seconds=round(time.perf_counter() - t0, 3), cluster=scheduler is not None)
    finally:
        if on_close is not None:
            on_close()
