"""Running whole configurations for the HTTP API and the CLI: a run's messages gathered into one result.

Over HTTP a run computes chunk by chunk through the same lanes as the WebSocket runs (`Capacity.compute`), so a
long HTTP run takes turns with everyone else, stops when its client leaves, and never holds more than one worker
thread at a time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from app.config import Settings

from .capacity import Capacity
from .run_config import RunConfig
from .runlog import log_stream
from .streams import RunStream, make_stream
from .train_schemas import TrainRun

DESCENT_CHUNK = 2_000  # steps per lane turn: about 20 ms of pure Python
TRAIN_CHUNK, TRAIN_BUDGET = 10_000, 0.05  # iterations and seconds per lane turn of a training run


class Gathered:
    """A run's `steps` and `epoch` messages collected into columns and a list of epochs."""

    def __init__(self, stream: RunStream) -> None:
        self.stream = stream
        self.steps: dict[str, list[Any]] = {}
        self.epochs: list[dict[str, Any]] = []
        self.started = time.perf_counter()

    def add(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        for kind, body in messages:
            if kind == "epoch":
                self.epochs.append(body)
            else:
                for key, column in body["cols"].items():
                    self.steps.setdefault(key, []).extend(column)

    def over_wall(self, settings: Settings) -> bool:
        return time.perf_counter() - self.started > settings.run_wall_seconds

    def pull(self) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        return self.stream.pull(TRAIN_CHUNK, TRAIN_BUDGET) if self.stream.heavy else \
            self.stream.pull(DESCENT_CHUNK, 1.0)

    def result(self, meta: dict[str, Any], done: dict[str, Any], settings: Settings,
               transport: str) -> dict[str, Any]:
        """{run_id, meta, steps, epochs, done}; a run stopped by the wall limit ends as `limit`."""
        s = self.stream
        if done["reason"] == "stopped":
            done.update(reason="limit", detail=f"wall time above this server's limit run_wall_seconds = "
                                               f"{settings.run_wall_seconds:g}")
        log_stream(transport, s, done["reason"], time.perf_counter() - self.started)
        return {"run_id": s.run_id, "meta": meta, "steps": self.steps, "epochs": self.epochs, "done": done}


def run_result(run: RunConfig, run_id: str, settings: Settings) -> dict[str, Any]:
    """The whole run in this thread (the CLI): what the WebSocket streams, in one object."""
    acc = Gathered(make_stream(run, run_id, settings))
    finished = False
    while not finished:
        if acc.over_wall(settings):
            acc.stream.request_stop()
        messages, finished = acc.pull()
        acc.add(messages)
    return acc.result(acc.stream.meta(), acc.stream.done(), settings, "cli")


async def gather(run: RunConfig, run_id: str, settings: Settings, capacity: Capacity,
                 gone: Callable[[], Awaitable[bool]]) -> dict[str, Any] | None:
    """The whole run, computed through the lanes; None when `gone()` says the client left (the run is stopped)."""
    heavy = isinstance(run, TrainRun)
    stream = await capacity.compute(heavy, lambda: make_stream(run, run_id, settings), first=True)
    acc = Gathered(stream)
    finished = False
    try:
        while not finished:
            if await gone():
                stream.request_stop()
                return None
            if acc.over_wall(settings):
                stream.request_stop()
            messages, finished = await capacity.compute(heavy, acc.pull)
            acc.add(messages)
        while not stream.settled:  # a training's probes, one lane turn at a time
            await capacity.compute(heavy, lambda: stream.settle(TRAIN_BUDGET))
        done = await capacity.compute(heavy, stream.done)
        meta = await capacity.compute(heavy, stream.meta)
        return acc.result(meta, done, settings, "http")
    except asyncio.CancelledError:
        stream.request_stop()
        raise
