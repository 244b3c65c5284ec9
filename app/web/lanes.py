"""Compute lanes: a few slots for CPU chunks, shared by every transport, served fairly.

A run computes in chunks; before each chunk it queues for a slot. Waiters for a run's *first* chunk go before
waiters for later chunks (a new session sees its first step without waiting behind older runs), and within each
class the queue is first come, first served: since a run queues again after each chunk, runs take turns (round
robin). A slot is held until the worker thread computing the chunk has returned, even when the waiting task is
cancelled, so the lane never admits more threads than it has slots.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class FairLane:
    """`slots` chunks at once; first chunks before later ones; FIFO within each."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.free = slots
        self._first: deque[asyncio.Future[None]] = deque()
        self._later: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._first) + len(self._later)

    @property
    def busy(self) -> int:
        return self.slots - self.free

    async def acquire(self, first: bool = False) -> None:
        if self.free > 0 and not self._first and not self._later:
            self.free -= 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._first if first else self._later
        queue.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():  # the slot was handed over just as we were cancelled
                self.release()
            else:
                queue.remove(fut)
            raise

    def release(self) -> None:
        """Hand the slot to the next waiter (first chunks first), or free it."""
        for queue in (self._first, self._later):
            while queue:
                fut = queue.popleft()
                if not fut.done():
                    fut.set_result(None)
                    return
        self.free = min(self.slots, self.free + 1)

    @asynccontextmanager
    async def hold(self, first: bool = False) -> AsyncIterator[None]:
        await self.acquire(first)
        try:
            yield
        finally:
            self.release()
