"""Loop turns: at most a few chunks computed on the event loop per turn of the loop, first chunks first.

The event loop runs every callback that is ready before it polls its sockets again. In a burst, 200 sessions each
computing a ~1 ms chunk on the loop become ready together (their frame timers fire together, or the first steps
they gave way to have all gone out), and a request that arrives meanwhile (a `/healthz`, a new student's `start`)
is not even read until all of them have run. `LoopTurns` admits `per_turn` chunks per turn; the others wait for
later turns, between which the loop reads its sockets. A wait for a run's *first* chunk goes before waits for
later chunks, and within each class it is first come, first served; a session queues again after each chunk, so
the runs take turns (round robin). So the loop's longest stretch without reading a socket holds at most
2 × `per_turn` chunks (a turn runs the chunks the previous turn admitted, then admits as many again while nobody
waits), whatever the number of sessions.
"""

from __future__ import annotations

import asyncio
from collections import deque


class LoopTurns:
    """`per_turn` admissions per event-loop turn; first chunks before later ones; FIFO within each."""

    def __init__(self, per_turn: int) -> None:
        self.per_turn = per_turn
        self.used = 0  # admissions in the current turn
        self._first: deque[asyncio.Future[None]] = deque()
        self._later: deque[asyncio.Future[None]] = deque()
        self._tick_due = False

    @property
    def waiting(self) -> int:
        return len(self._first) + len(self._later)

    async def enter(self, first: bool = False) -> None:
        """Return when this chunk may be computed on the loop: at once while the turn has room and nobody waits,
        else in a later turn."""
        if self.used < self.per_turn and not self._first and not self._later:
            self.used += 1
            self._schedule()
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._first if first else self._later
        queue.append(fut)
        self._schedule()
        try:
            await fut
        except asyncio.CancelledError:
            if not fut.done():
                queue.remove(fut)
            raise

    def _schedule(self) -> None:
        """A tick in the next turn (a callback scheduled now runs after the loop has polled its sockets)."""
        if not self._tick_due:
            self._tick_due = True
            asyncio.get_running_loop().call_soon(self._tick)

    def _tick(self) -> None:
        """A new turn: admit up to `per_turn` waiters (first chunks first); they run in the turn after this."""
        self._tick_due = False
        self.used = 0
        for queue in (self._first, self._later):
            while queue and self.used < self.per_turn:
                fut = queue.popleft()
                if not fut.done():
                    fut.set_result(None)
                    self.used += 1
        if self.used or self.waiting:
            self._schedule()
