"""Loop turns: a request that arrives while many sessions have a chunk ready is read after a few of those chunks,
not after all of them; first chunks before later ones, then round robin; and compute threads yield the core."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from app.config import Settings
from app.web.capacity import Capacity
from app.web.loop_turns import LoopTurns

SESSIONS = 40


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run in a thread of its own (the browser tests may leave an event loop running in this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class Reader(asyncio.Protocol):
    """Logs "request" when the loop has read the socket (where a /healthz or a `start` would be parsed)."""

    def __init__(self, log: list[object]) -> None:
        self.log = log

    def data_received(self, data: bytes) -> None:
        self.log.append("request")


async def request_among_sessions(per_turn: int) -> list[object]:
    """SESSIONS sessions, each computing 3 chunks with a frame's pause between them; a request is waiting in a
    socket before any chunk runs. Returns the order in which the loop did things: session numbers and "request"."""
    turns = LoopTurns(per_turn)
    log: list[object] = []
    ours, theirs = socket.socketpair()
    transport, _ = await asyncio.get_running_loop().create_connection(lambda: Reader(log), sock=ours)
    await asyncio.sleep(0)  # the loop watches the socket now

    async def session(i: int) -> None:
        for _ in range(3):
            await turns.enter()
            log.append(i)  # one chunk on the loop
            await asyncio.sleep(0)  # until the next frame

    tasks = [asyncio.create_task(session(i)) for i in range(SESSIONS)]
    theirs.send(b"GET /healthz")
    await asyncio.gather(*tasks)
    transport.close()
    theirs.close()
    return log


def test_a_request_is_read_after_a_few_chunks_not_after_every_sessions() -> None:
    gated = run(request_among_sessions(per_turn=4))
    ungated = run(request_among_sessions(per_turn=1_000))
    assert ungated.index("request") == SESSIONS  # without the gate: behind every session's chunk
    assert gated.index("request") <= 2 * 4  # with it: behind at most two turns' worth
    for log in (gated, ungated):  # every chunk still ran, three per session
        assert sorted(x for x in log if x != "request") == sorted(list(range(SESSIONS)) * 3)


def test_first_chunks_go_first_then_the_runs_take_turns() -> None:
    async def scenario() -> list[str]:
        turns = LoopTurns(1)
        order: list[str] = []

        async def run_chunks(name: str, chunks: int, first: bool) -> None:
            for k in range(chunks):
                await turns.enter(first and k == 0)
                order.append(name)
                await asyncio.sleep(0)

        blocker = asyncio.create_task(turns.enter())  # it takes the turn's chunk: every run below waits
        tasks = [blocker] + [asyncio.create_task(run_chunks(n, c, f)) for n, c, f in
                             (("old-a", 2, False), ("old-b", 2, False), ("new", 1, True))]
        await asyncio.gather(*tasks)
        return order

    assert run(scenario()) == ["new", "old-a", "old-b", "old-a", "old-b"]


def test_a_cancelled_waiter_leaves_the_queue() -> None:
    async def scenario() -> tuple[int, bool]:
        turns = LoopTurns(1)
        holder, waiter = asyncio.create_task(turns.enter()), asyncio.create_task(turns.enter())
        await asyncio.sleep(0)  # the holder took the turn's chunk, the waiter queued
        queued = turns.waiting
        await holder
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        after = asyncio.create_task(turns.enter())  # the next turn admits the next waiter
        await asyncio.wait_for(after, 5)
        return queued, turns.waiting == 0

    assert run(scenario()) == (1, True)


def test_a_thread_computing_a_run_yields_the_core_to_the_event_loop() -> None:
    base = os.getpriority(os.PRIO_PROCESS, 0)
    target = min(19, base + 3)

    def nice_here() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    async def scenario() -> tuple[int, int]:
        cap = Capacity(Settings(worker_nice=target))
        return await cap.compute(True, nice_here), nice_here()

    worker, loop_thread = run(scenario())
    assert worker >= target > base or base == 19
    assert loop_thread == base  # the event loop's own thread keeps its priority
