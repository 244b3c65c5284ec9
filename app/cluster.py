"""Where a sweep's tiles run: in this process (the default), or on a Dask distributed cluster.

A tile is rows [j0, j1) of one n × n level, computed by a pure function of (spec, n, j0, j1), so it gives the same
arrays wherever it runs. `run_tiles` yields (j0, j1, arrays) tile by tile, in row order (on a cluster every tile
is submitted at once and they compute in parallel). The optional extra `cluster` installs distributed;
`DESCENT_LAB_DASK_SCHEDULER` names the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

Tile = tuple[int, int]
TileFn = Callable[..., dict[str, np.ndarray]]


def run_tiles(fn: TileFn, spec: Any, n: int, tiles: Sequence[Tile], scheduler: str | None = None
              ) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
    """fn(spec, n, j0, j1) for every tile, here or on the Dask scheduler at `scheduler`."""
    if scheduler is None:
        for j0, j1 in tiles:
            yield j0, j1, fn(spec, n, j0, j1)
        return
    from distributed import Client

    with Client(scheduler, set_as_default=False, timeout="10s") as client:
        futures = [client.submit(fn, spec, n, j0, j1, pure=False) for j0, j1 in tiles]  # all queued at once
        try:
            for (j0, j1), future in zip(tiles, futures, strict=True):
                yield j0, j1, future.result()
        finally:
            client.cancel(futures)
