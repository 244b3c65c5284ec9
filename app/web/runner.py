"""Running whole configurations for the HTTP API, and the process-wide cap on concurrent runs."""

from __future__ import annotations

import asyncio
import csv
import io
import threading
import time
from dataclasses import dataclass
from typing import Any

from app.config import Settings

from .run_config import RunConfig
from .runlog import log_run
from .streams import make_stream


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


@dataclass
class SendGauge:
    """Messages being written to clients right now; one that stays up means a client is not reading."""

    in_flight: int = 0
    timeouts: int = 0  # sockets dropped because their client stopped reading


class Capacity:
    """The process's two gates: all runs, and the heavier training runs among them."""

    def __init__(self, runs: RunLimiter, trainings: RunLimiter, lane: asyncio.Semaphore | None = None,
                 sends: SendGauge | None = None, light_lane: asyncio.Semaphore | None = None) -> None:
        self.runs, self.trainings = runs, trainings
        self.lane = lane or asyncio.Semaphore(1)  # training chunks compute one at a time: one core stays free
        # descent chunks are pure Python and hold the GIL: a few at a time, so the event loop gets its turns
        self.light_lane = light_lane or asyncio.Semaphore(2)
        self.sends = sends or SendGauge()

    def try_acquire(self, n: int, heavy: int) -> bool:
        if not self.runs.try_acquire(n):
            return False
        if heavy and not self.trainings.try_acquire(heavy):
            self.runs.release(n)
            return False
        return True

    def release(self, n: int, heavy: int) -> None:
        self.runs.release(n)
        if heavy:
            self.trainings.release(heavy)


def run_result(run: RunConfig, run_id: str, settings: Settings) -> dict[str, Any]:
    """The whole run, gathered: {run_id, meta, steps, epochs, done} — what the WebSocket streams, in one object.

    A run still computing after `run_wall_seconds` stops as `limit`.
    """
    stream = make_stream(run, run_id, settings)
    started = time.perf_counter()
    steps: dict[str, list[Any]] = {}
    epochs: list[dict[str, Any]] = []
    finished = False
    while not finished:
        if time.perf_counter() - started > settings.run_wall_seconds:
            stream.request_stop()
        messages, finished = stream.pull(10_000, 0.5)
        for kind, body in messages:
            if kind == "epoch":
                epochs.append(body)
            else:
                for key, column in body["cols"].items():
                    steps.setdefault(key, []).extend(column)
    done = stream.done()
    if done["reason"] == "stopped":
        done.update(reason="limit", detail=f"wall time above this server's limit run_wall_seconds = "
                                           f"{settings.run_wall_seconds:g}")
    kind = "train" if stream.heavy else "descent"
    log_run("http", kind, run.model_dump(mode="json"), done["reason"], stream.records, time.perf_counter() - started)
    return {"run_id": run_id, "meta": stream.meta(), "steps": steps, "epochs": epochs, "done": done}


DESCENT_COLUMNS = ("t", "x", "y", "loss", "grad_x", "grad_y", "grad_norm", "lr")
TRAIN_COLUMNS = ("t", "epoch", "iteration", "loss", "grad_norm", "lr")


def _rows(r: dict[str, Any], columns: tuple[str, ...]) -> Any:
    s = r["steps"]
    n = len(s.get("t", []))
    flat: dict[str, list[Any]] = {k: v for k, v in s.items() if k not in ("xy", "grad", "velocity")}
    if s.get("xy"):
        flat["x"], flat["y"] = [p[0] for p in s["xy"]], [p[1] for p in s["xy"]]
    if "grad" in s:
        flat["grad_x"], flat["grad_y"] = [g[0] for g in s["grad"]], [g[1] for g in s["grad"]]
    for i in range(n):
        yield [r["run_id"], *(repr(flat[c][i]) if c in flat and c != "t" and c not in ("epoch", "iteration")
                              else flat[c][i] if c in flat else "" for c in columns)]


def result_csv(results: list[dict[str, Any]]) -> str:
    """Step records of one or more results as CSV, one row per step (descent) or iteration (training)."""
    kinds = {r["meta"]["kind"] for r in results}
    columns = DESCENT_COLUMNS if kinds == {"descent"} else TRAIN_COLUMNS if kinds == {"train"} else \
        tuple(dict.fromkeys(TRAIN_COLUMNS + DESCENT_COLUMNS))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("run_id", *columns))
    for r in results:
        w.writerows(_rows(r, columns))
    return out.getvalue()
