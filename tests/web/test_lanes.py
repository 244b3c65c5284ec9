"""The compute lanes: first chunks before later ones, round robin after, and a slot held until the worker returns."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from app.config import Settings
from app.web.capacity import Capacity
from app.web.lanes import FairLane


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run in a thread of its own (the browser tests may leave an event loop running in this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_first_chunks_go_before_older_runs_later_chunks_then_round_robin() -> None:
    async def scenario() -> list[str]:
        lane = FairLane(1)
        order: list[str] = []
        await lane.acquire()  # someone is computing

        async def chunk(name: str, first: bool) -> None:
            async with lane.hold(first):
                order.append(name)

        tasks = [asyncio.create_task(chunk(n, f)) for n, f in
                 (("old-a", False), ("old-b", False), ("new-1", True), ("old-c", False), ("new-2", True))]
        await asyncio.sleep(0)  # every task is queued now
        lane.release()
        await asyncio.gather(*tasks)
        return order

    assert run(scenario()) == ["new-1", "new-2", "old-a", "old-b", "old-c"]


def test_a_cancelled_waiter_gives_its_place_away() -> None:
    async def scenario() -> tuple[int, int]:
        lane = FairLane(1)
        await lane.acquire()
        waiter = asyncio.create_task(lane.acquire())
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        lane.release()
        return lane.free, lane.waiting

    assert run(scenario()) == (1, 0)


async def cancelled_while_computing(heavy: bool, cancels: int) -> tuple[bool, int, int, bool]:
    """A lane turn whose task is cancelled `cancels` times (a loop turn apart) while its worker still computes:
    (task done before the worker returned, lane busy then, lane busy after, task ended cancelled)."""
    cap = Capacity(Settings())
    lane = cap.lane(heavy)
    release, entered = threading.Event(), threading.Event()

    def work() -> int:
        entered.set()
        release.wait(10)
        return 1

    task = asyncio.create_task(cap.compute(heavy, work))
    while not entered.is_set():
        await asyncio.sleep(0.001)
    for i in range(5):  # let each cancellation reach the task (loop turns, not a wait on time)
        if i < cancels:
            task.cancel()
        await asyncio.sleep(0)
    early, during = task.done(), lane.busy
    release.set()
    await asyncio.gather(task, return_exceptions=True)
    return early, during, lane.busy, task.cancelled()


def test_the_slot_is_held_until_the_worker_thread_returns_even_when_the_task_is_cancelled() -> None:
    assert run(cancelled_while_computing(True, 1)) == (False, 1, 0, True)


def test_a_task_cancelled_again_and_again_still_waits_for_its_worker_thread() -> None:
    # as an anyio cancel scope does: a cancel on every loop turn
    assert run(cancelled_while_computing(False, 5)) == (False, 1, 0, True)


def test_a_trainings_next_chunk_gives_way_to_pending_first_steps() -> None:
    async def scenario() -> tuple[list[str], float]:
        cap = Capacity(Settings())
        cap.GIVE_WAY = 30.0  # far longer than the scenario: only `sent` can let the chunk through
        order: list[str] = []

        async def training_chunk() -> None:
            await cap.compute(True, lambda: order.append("training"))

        cap.firsts.started()
        cap.firsts.started()
        task = asyncio.create_task(training_chunk())
        first = asyncio.create_task(cap.compute(True, lambda: order.append("training's first"), first=True))
        await first  # a run's own first chunk does not wait
        for _ in range(5):
            await asyncio.sleep(0)
        order.append("first steps sent")
        cap.firsts.sent()
        for _ in range(5):
            await asyncio.sleep(0)
        waiting = not task.done()
        cap.firsts.sent()
        await task
        cap.GIVE_WAY = 0.0  # bounded: with a first step still pending, a chunk goes after GIVE_WAY anyway
        cap.firsts.started()
        await training_chunk()
        return order, float(waiting)

    order, waited_for_the_second = run(scenario())
    assert order == ["training's first", "first steps sent", "training", "training"]
    assert waited_for_the_second == 1.0
