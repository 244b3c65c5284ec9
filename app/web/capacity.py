"""What one server process can hold at once: runs, trainings, HTTP runs, sockets (per client too), and the lanes.

One `Capacity` per app, shared by the WebSocket and the HTTP API, so both transports queue for the same compute
lanes and count against the same caps.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from app.config import Settings

from .lanes import FairLane
from .loop_turns import LoopTurns
from .niceness import niced

T = TypeVar("T")


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


class FirstSteps:
    """Descents started whose first steps have not gone out yet. A training's next chunk gives way to them (for at
    most `most` seconds a chunk): in a burst, the class's first steps go before the trainings' next slices."""

    def __init__(self) -> None:
        self.pending = 0
        self._waiters: list[asyncio.Future[None]] = []

    def started(self) -> None:
        self.pending += 1

    def sent(self) -> None:
        self.pending = max(0, self.pending - 1)
        if self.pending == 0:
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(None)
            self._waiters.clear()

    async def give_way(self, most: float) -> None:
        """Return once no first step is pending, or after `most` seconds."""
        if self.pending == 0:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            async with asyncio.timeout(most):
                await fut
        except TimeoutError:
            pass
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(fut)


class Sockets:
    """Open WebSocket connections, in all and per client address."""

    def __init__(self, limit: int, per_client: int) -> None:
        self.limit, self.per_client = limit, per_client
        self.by_client: Counter[str] = Counter()

    @property
    def open(self) -> int:
        return sum(self.by_client.values())

    def refusal(self, client: str) -> str | None:
        """None when one more socket from `client` fits; else which limit it would cross."""
        if self.open >= self.limit:
            return "max_sockets"
        if self.by_client[client] >= self.per_client:
            return "max_sockets_per_client"
        return None

    def add(self, client: str) -> None:
        self.by_client[client] += 1

    def remove(self, client: str) -> None:
        self.by_client[client] -= 1
        if self.by_client[client] <= 0:
            del self.by_client[client]


class Capacity:
    """The process's gates (all runs, trainings, HTTP runs) and its two compute lanes.

    heavy lane: one training chunk at a time (numpy, one BLAS thread), so one core stays free for the event loop.
    light lane: descent chunks are pure Python and hold the GIL: two at a time, so the event loop gets its turns.
    A heavy chunk that is not a run's first waits (at most GIVE_WAY seconds) while descents' first steps are pending.
    """

    GIVE_WAY = 0.2

    def __init__(self, settings: Settings) -> None:
        self.runs = RunLimiter(settings.max_concurrent_runs)
        self.trainings = RunLimiter(settings.max_concurrent_trainings)
        self.http = RunLimiter(settings.max_concurrent_http_runs)
        self.heavy_lane = FairLane(1)
        self.light_lane = FairLane(2)
        self.sends = SendGauge()
        self.firsts = FirstSteps()
        self.sockets = Sockets(settings.max_sockets, settings.max_sockets_per_client)
        self.turns = LoopTurns(settings.loop_chunks_per_turn)  # descent chunks computed on the event loop
        self.worker_nice = settings.worker_nice

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

    def lane(self, heavy: bool) -> FairLane:
        return self.heavy_lane if heavy else self.light_lane

    async def compute(self, heavy: bool, fn: Callable[[], T], first: bool = False) -> T:
        """fn() in a worker thread, inside a lane slot that is held until the thread returns.

        A worker thread cannot be interrupted: when the awaiting task is cancelled (once, or again and again as
        anyio's cancel scopes do), the slot stays taken and the task waits until fn returns (the run's stop flag
        makes that prompt), so nothing fn uses is touched by two threads at once. A heavy chunk that is not a
        run's first gives way (at most GIVE_WAY seconds) while first steps are pending."""
        if heavy and not first:
            await self.firsts.give_way(self.GIVE_WAY)
        async with self.lane(heavy).hold(first):
            fut = asyncio.ensure_future(run_in_threadpool(niced(fn, self.worker_nice)))
            try:
                return await asyncio.shield(fut)
            except asyncio.CancelledError:
                while not fut.done():  # anyio's cancel scopes cancel again and again: keep waiting for the thread
                    with contextlib.suppress(asyncio.CancelledError):
                        await asyncio.wait([fut])
                raise

    def health(self) -> dict[str, Any]:
        return {"active_runs": self.runs.active, "active_trainings": self.trainings.active,
                "http_runs": self.http.active, "sockets": self.sockets.open,
                "sends_in_flight": self.sends.in_flight, "send_timeouts": self.sends.timeouts,
                "lane_waiting": self.light_lane.waiting + self.heavy_lane.waiting, "loop_waiting": self.turns.waiting,
                "first_steps_pending": self.firsts.pending}
