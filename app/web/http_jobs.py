"""HTTP calls that compute (lesson results, `/tune`, the anatomies, the gradient timing, maps) held like HTTP runs.

A job counts against the HTTP runs' cap and the process's run (and training) caps, so beyond them the call gets 429
with Retry-After; it computes in the compute lanes, a turn at a time (`Job.drive`: a resumable computation advanced
for TURN_SECONDS per lane turn, then it queues again behind the others); between turns it stops when its client
has left (499) or its wall time is above `run_wall_seconds` (422 naming the limit).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, nullcontext
from typing import TypeVar

from fastapi import HTTPException, Request

from app.core.resumable import Resumable, advance

from .blas import one_blas_thread
from .capacity import Capacity

T = TypeVar("T")
TURN_SECONDS = {False: 0.02, True: 0.05}  # a light lane turn (as a descent chunk), a heavy one (a training chunk)
BUSY = "Too many runs at once on this server; try again in a moment."
WATCH_SECONDS = 0.2  # how often a job asks whether its client is still there


def busy() -> HTTPException:
    return HTTPException(429, BUSY, headers={"Retry-After": "2"})


class Job:
    """One HTTP call's computation: its capacity, whether its client left, and its wall deadline."""

    def __init__(self, capacity: Capacity, wall_seconds: float) -> None:
        self.capacity = capacity
        self.wall_seconds = wall_seconds
        self.gone = threading.Event()
        self.deadline = time.monotonic() + wall_seconds

    def stopped(self) -> bool:
        """The client left or the wall time is over (callable from worker threads)."""
        return self.gone.is_set() or time.monotonic() > self.deadline

    async def left(self) -> bool:
        return self.gone.is_set()

    def refusal(self) -> HTTPException:
        """Why the job stopped: its client left (499), or the wall limit (422)."""
        if self.gone.is_set():
            return HTTPException(499, "client closed the request")
        return HTTPException(422, [{"loc": ["body"], "type": "limit", "name": "run_wall_seconds",
                                    "limit": self.wall_seconds,
                                    "msg": f"the computation took longer than this server's limit "
                                           f"run_wall_seconds = {self.wall_seconds:g}"}])

    async def run(self, heavy: bool, fn: Callable[[], T], first: bool = True) -> T:
        """fn() as one lane turn (short work: building a run, one timing with its own stop check)."""
        if self.stopped():
            raise self.refusal()
        return await self.capacity.compute(heavy, fn, first)

    async def drive(self, heavy: bool, work: Resumable[T]) -> T:
        """`work` to its end, TURN_SECONDS per lane turn (heavy turns with one BLAS thread), stopping between turns
        when the client has left or the wall time is over. Each turn runs in another worker thread, but all of
        them in one contextvars context: a context variable set before a yield (np.errstate) is reset after it."""
        budget = TURN_SECONDS[heavy]
        context = contextvars.copy_context()  # every turn in one context: numpy's errstate may span a yield

        def turn() -> tuple[bool, T | None]:
            with one_blas_thread() if heavy else nullcontext():
                return context.run(advance, work, budget)

        first = True
        try:
            while True:
                if self.stopped():
                    raise self.refusal()
                done, value = await self.capacity.compute(heavy, turn, first)
                first = False
                if done:
                    return value  # type: ignore[return-value]
        finally:
            work.close()


async def through_lane(capacity: Capacity, heavy: bool, items: Iterator[T]) -> AsyncIterator[T]:
    """Each next(items) as one lane turn (an answer's encoding, a map's tile): a response that computes as it
    streams takes turns with the runs and never holds more than one worker thread. A client that leaves cancels
    the response's task; the lane waits for the item being computed, then `items` is closed."""
    end = object()
    context = contextvars.copy_context()  # every item in one context, as a generator expects
    try:
        first = True
        while (item := await capacity.compute(heavy, lambda: context.run(next, items, end), first)) is not end:
            first = False
            yield item  # type: ignore[misc]
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


async def _watch(request: Request, gone: threading.Event) -> None:
    """Set `gone` when the client disconnects."""
    while not gone.is_set():
        if await request.is_disconnected():
            gone.set()
        await asyncio.sleep(WATCH_SECONDS)


def hold(capacity: Capacity, runs: int, heavy: int) -> Callable[[], None]:
    """Take `runs` HTTP runs (of which `heavy` trainings) or raise 429; returns the release."""
    if not capacity.http.try_acquire(runs):
        raise busy()
    if not capacity.try_acquire(runs, heavy):
        capacity.http.release(runs)
        raise busy()

    def release() -> None:
        capacity.release(runs, heavy)
        capacity.http.release(runs)

    return release


@asynccontextmanager
async def http_job(request: Request, runs: int = 1, heavy: int = 0) -> AsyncIterator[Job]:
    """A Job holding `runs` HTTP runs (`heavy` of them trainings) for the call, watching for its client leaving."""
    capacity: Capacity = request.app.state.capacity
    release = hold(capacity, runs, heavy)
    job = Job(capacity, request.app.state.settings.run_wall_seconds)
    watcher = asyncio.create_task(_watch(request, job.gone))
    try:
        yield job
    finally:
        job.gone.set()
        watcher.cancel()
        release()
