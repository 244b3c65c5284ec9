"""Running whole configurations for the HTTP API, and the process-wide cap on concurrent runs."""

from __future__ import annotations

import csv
import io
import threading
import time
from typing import Any

from app.core.descent import Done
from app.core.runs import Columns, descent_run, judge, take

from .protocol import done_body, meta_body, to_spec
from .runlog import log_run
from .schemas import RunConfig


class RunLimiter:
    """A counting gate: `try_acquire` fails at once (HTTP 429 / close 1013) when the process is at its cap."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._active = 0
        self._lock = threading.Lock()

    @property
    def active(self) -> int:
        return self._active

    def try_acquire(self, n: int = 1) -> bool:
        with self._lock:
            if self._active + n > self.limit:
                return False
            self._active += n
            return True

    def release(self, n: int = 1) -> None:
        with self._lock:
            self._active = max(0, self._active - n)


def run_result(run: RunConfig, run_id: str, wall_seconds: float) -> dict[str, Any]:
    """The whole run, gathered: {meta, steps, epochs, done} — what the WebSocket streams, in one object."""
    spec = to_spec(run)
    started = time.perf_counter()
    it = descent_run(spec)
    cols = Columns()
    done = None
    while done is None:
        chunk, done = take(it, 4096)
        cols.extend(chunk)
        if done is None and time.perf_counter() - started > wall_seconds:
            done = Done("limit", cols.t[-1] if len(cols) else 0, f"wall time above {wall_seconds:g} s")
    diagnosis = judge(spec, cols, done)
    elapsed = time.perf_counter() - started
    log_run("http", "descent", run.model_dump(mode="json"), done.reason, len(cols), elapsed)
    return {
        "run_id": run_id, "meta": meta_body(run, spec), "steps": cols.as_dict(), "epochs": [],
        "done": done_body(done, diagnosis, cols, elapsed),
    }


CSV_COLUMNS = ("t", "x", "y", "loss", "grad_x", "grad_y", "grad_norm", "lr")


def result_csv(results: list[dict[str, Any]]) -> str:
    """Step records of one or more results as CSV, one row per step, with a run_id column."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("run_id", *CSV_COLUMNS))
    for r in results:
        s = r["steps"]
        for t, xy, loss, g, gn, lr in zip(s["t"], s["xy"], s["loss"], s["grad"], s["grad_norm"], s["lr"], strict=True):
            w.writerow((r["run_id"], t, *map(repr, (*xy, loss, *g, gn, lr))))
    return out.getvalue()
