"""One WebSocket session: validates `start`, pumps the runs' steps to the client frame by frame, obeys controls.

Several runs started together (compare mode: `start` with a list) share one timeline: every frame takes the same
number of steps from each live run, so record t of every run arrives in the same frame. Steps are computed in a
worker thread through the shared compute lanes (a new run's first chunk first, then round robin); the event loop
only sends. Every run of a socket gets its own id (r1, r2, … unless the client names it), and every run ends with
`done`: a `start` during a run, or `stop`, ends the running ones as `stopped` after sending every step computed.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Mapping
from functools import partial
from typing import Any

from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketDisconnected

from app.config import Settings
from app.core.datasets import DatasetUnavailable

from .capacity import Capacity
from .protocol import dumps, error_body, message
from .runlog import log_stream
from .start import compiles_formula, parse_frame, validate_start
from .streams import RunStream, make_stream
from .train_schemas import TrainRun
from .wsguard import abort_of

MAX_CHUNK = 1_000  # most steps of one run per frame at speed "max": a frame's JSON stays small to parse
FIRST_CHUNK = 64  # a run's first frame is small, so in a burst every new run shows its start within moments
INLINE_STEPS = MAX_CHUNK  # fast-path descent chunks up to this many steps in all (about 1 ms) are computed on the
# event loop: cheaper than the hop to a worker thread, and no thread holding the interpreter while the loop waits
HEAVY_BUDGET = 0.02  # seconds of training computed per frame and socket, so other sockets get their turn
BAD_JSON_LIMIT = 3  # malformed messages in a row before the socket is closed with 1003
INLINE_DONE = 2_000  # a descent with at most this many records is judged on the event loop (no thread hop)
GONE = (WebSocketDisconnect, WebSocketDisconnected, OSError)  # the client left while we were sending


class RunSession:
    """The state of one socket: its runs, pause flag, step budget and speed."""

    def __init__(self, ws: WebSocket, settings: Settings, capacity: Capacity) -> None:
        self.ws = ws
        self.settings = settings
        self.capacity = capacity
        self.seq = 0
        self.started_runs = 0  # runs started on this socket: the next default id is r{started_runs + 1}
        self.runs: list[RunStream] = []
        self.finished: set[str] = set()
        self.held = (0, 0)  # capacity held by the current runs: (runs, trainings)
        self.pump: asyncio.Task[None] | None = None
        self.stopping = False  # the pump ends after the chunk it is on
        self.paused = False
        self.budget = 0  # steps allowed while paused (`step {n}`)
        self.speed: float | None = None  # steps per second per run; None = as fast as possible
        self.wake = asyncio.Event()
        self.bad_json = 0
        self.active_at = time.monotonic()  # last frame in or out: the idle timeout counts from here
        self.awaiting_first = False  # counted in capacity.firsts until this start's first steps are sent

    async def send(self, msg_type: str, run_id: str | None = None, /, **body: Any) -> None:
        """Send one message; waits while the client's buffer is full (so an unread run pauses, bounded)."""
        self.seq += 1
        self.capacity.sends.in_flight += 1
        try:
            async with asyncio.timeout(self.settings.send_timeout_seconds):
                await self.ws.send_text(dumps(message(msg_type, run_id, self.seq, **body)).decode())
            self.active_at = time.monotonic()
        finally:
            self.capacity.sends.in_flight -= 1

    async def error(self, code: str, msg: str, fields: list[dict[str, Any]] | None = None) -> None:
        await self.send("error", None, **error_body(code, msg, fields))

    def streaming(self) -> bool:
        return self.pump is not None and not self.pump.done() and not (self.paused and self.budget == 0)

    async def serve(self) -> None:
        """Receive until the client goes away or stays idle (no frame either way and no run streaming), then
        cancel whatever is running."""
        try:
            while True:
                wait = self.settings.idle_seconds - (time.monotonic() - self.active_at)
                try:
                    async with asyncio.timeout(max(wait, 0.0)):
                        event = await self.ws.receive()
                except TimeoutError:
                    if self.streaming():
                        self.active_at = time.monotonic()
                    if time.monotonic() - self.active_at >= self.settings.idle_seconds:
                        await self.close(1001, "idle timeout")
                        break
                    continue
                self.active_at = time.monotonic()
                if event["type"] == "websocket.disconnect" or not await self.on_frame(event):
                    break
        except GONE:
            pass
        finally:
            await self.cancel()

    async def close(self, code: int, reason: str) -> None:
        """Close unless the client is already gone; a client that cannot take the close frame is cut off."""
        try:
            async with asyncio.timeout(1.0):
                await self.ws.close(code, reason)
        except (TimeoutError, *GONE):
            abort_of(self.ws.scope)()

    async def on_frame(self, event: Mapping[str, Any]) -> bool:
        """Handle one frame; False when the socket has been closed."""
        msg, problem = parse_frame(event, self.settings.max_message_bytes)
        if problem is not None:
            code, text, close = problem
            self.bad_json = self.bad_json + 1 if code == "bad_json" else 0
            await self.error(code, text)
            if close is not None or self.bad_json >= BAD_JSON_LIMIT:
                await self.ws.close(*(close or (1003, "malformed JSON")))
                return False
            return True
        self.bad_json = 0
        assert msg is not None
        handler = getattr(self, f"on_{msg['type']}", None) if msg["type"] in CONTROLS else None
        if handler is None:
            await self.error("unknown_type", f"Unknown message type; expected one of {', '.join(CONTROLS)}.")
            return True
        return await handler(msg) is not False

    async def on_start(self, msg: dict[str, Any]) -> bool:
        if compiles_formula(msg):  # a learner's formula compiles in tens of ms: in a lane turn, off the loop
            configs, problem = await self.capacity.compute(False, lambda: validate_start(msg, self.settings), True)
        else:  # a built-in surface validates in microseconds
            configs, problem = validate_start(msg, self.settings)
        if problem is not None:
            await self.error(*problem)
            return True
        if "speed" in msg and not await self.set_speed(msg["speed"]):
            return True
        await self.end_runs()  # a run still going ends as stopped before the new one begins
        heavy = sum(isinstance(c, TrainRun) for c in configs)
        if not self.capacity.try_acquire(len(configs), heavy):
            await self.error("busy", "The server is busy with other runs; try again in a moment.")
            await self.ws.close(1013, "try again later")
            return False
        self.held = (len(configs), heavy)
        ids = [c.id or f"r{self.started_runs + i + 1}" for i, c in enumerate(configs)]
        self.started_runs += len(configs)
        try:
            if heavy:
                self.runs = await self.capacity.compute(True, lambda: [
                    make_stream(c, i, self.settings) for c, i in zip(configs, ids, strict=True)], first=True)
            else:  # a descent is built in microseconds: no thread hop
                self.runs = [make_stream(c, i, self.settings) for c, i in zip(configs, ids, strict=True)]
        except (DatasetUnavailable, ValueError) as e:
            self.release()
            unavailable = isinstance(e, DatasetUnavailable)
            code, loc = ("unavailable", ["run", "dataset"]) if unavailable else ("invalid_run", ["run"])
            await self.error(code, str(e), [{"loc": loc, "msg": str(e), "detail": str(e),
                                             "type": "unavailable" if unavailable else "value_error"}])
            return True
        self.finished = set()
        metas = await self.capacity.compute(True, lambda: [r.meta() for r in self.runs], first=True) if heavy \
            else [r.meta() for r in self.runs]
        for r, meta in zip(self.runs, metas, strict=True):
            await self.send("meta", r.run_id, **meta)
        self.budget = 0
        self.paused = bool(msg.get("paused", False))
        self.stopping = False
        if not heavy and not self.paused:
            self.awaiting_first = True
            self.capacity.firsts.started()
        self.pump = asyncio.create_task(self.pump_steps())
        self.pump.add_done_callback(_retrieve)
        return True

    async def on_pause(self, msg: dict[str, Any]) -> None:
        self.paused = True

    async def on_resume(self, msg: dict[str, Any]) -> None:
        self.paused = False
        self.wake.set()

    async def on_step(self, msg: dict[str, Any]) -> None:
        n = msg.get("n", 1)
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= self.settings.max_steps:
            await self.error("invalid_step", f"step.n must be an integer from 1 to {self.settings.max_steps}.",
                             [{"loc": ["n"], "msg": "out of range", "type": "value_error"}])
            return
        self.paused = True
        self.budget += n
        self.wake.set()

    async def on_stop(self, msg: dict[str, Any]) -> None:
        await self.end_runs()

    async def end_runs(self) -> None:
        """Let the pump finish the chunk it is on (its steps are sent), then end every live run as `stopped`."""
        if self.pump is None:
            return
        for r in self.runs:
            r.request_stop()
        self.stopping = True
        self.wake.set()
        await asyncio.wait([self.pump])
        self.pump = None
        for r in self.live():
            await self.capacity.compute(r.heavy, partial(r.pull, 0, 0.0))
            await self.finish(r)
        self.release()

    async def on_speed(self, msg: dict[str, Any]) -> None:
        await self.set_speed(msg.get("steps_per_second", "max"))

    async def set_speed(self, v: Any) -> bool:
        """Steps per second per run, or "max"; False (and an `error`) when the value is out of range."""
        if v == "max" or v is None:
            self.speed = None
        elif isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and 0.1 <= v <= 1e6:
            self.speed = float(v)
        else:
            await self.error("invalid_speed", 'speed.steps_per_second must be "max" or a number from 0.1 to 1e6.',
                             [{"loc": ["steps_per_second"], "msg": "out of range", "type": "value_error"}])
            return False
        self.wake.set()
        return True

    def live(self) -> list[RunStream]:
        return [r for r in self.runs if r.run_id not in self.finished]

    async def finish(self, r: RunStream) -> None:
        """Send `done` for a run whose last `pull` said it finished."""
        self.finished.add(r.run_id)
        while not r.settled:  # a training's probes: a lane turn each, so other runs' chunks go in between
            await self.capacity.compute(r.heavy, lambda: r.settle(HEAVY_BUDGET))
        body = r.done() if not r.heavy and r.records <= INLINE_DONE else \
            await self.capacity.compute(r.heavy, r.done)
        log_stream("ws", r, body["reason"], time.perf_counter() - r.started)
        await self.send("done", r.run_id, **body)

    async def pump_steps(self) -> None:
        """Send each live run's next chunk once per frame until all are done (or `stopping`)."""
        frame = 1.0 / self.settings.frames_per_second
        due = 1.0  # the start point goes out in the first frame, whatever the speed
        last = time.perf_counter()
        first = True
        try:
            while self.live() and not self.stopping:
                if self.paused and self.budget == 0:
                    self.wake.clear()  # before the flush: a control arriving during it must still wake the pump
                    await self.flush_views()
                    await self.wake.wait()
                    last = time.perf_counter()
                    continue
                now = time.perf_counter()
                if self.paused:
                    n = min(self.budget, MAX_CHUNK)
                elif self.speed is None:
                    n = MAX_CHUNK
                else:
                    due = min(due + self.speed * (now - last), max(self.speed, 1.0))
                    n = min(int(due), MAX_CHUNK)
                    due -= n
                last = now
                if n > 0:
                    taken = await self.advance(min(n, FIRST_CHUNK) if first else n, first)
                    first = False
                    self.first_sent()
                    if self.paused:  # a step budget counts what was computed (a time budget may cut a pull short)
                        self.budget = max(0, self.budget - max(taken, 1))
                if self.live() and not self.stopping:
                    await asyncio.sleep(max(0.0, frame - (time.perf_counter() - now)))
        except TimeoutError:  # a send waited send_timeout_seconds: the client is not reading
            self.capacity.sends.timeouts += 1
            for r in self.runs:
                r.request_stop()
            abort_of(self.ws.scope)()  # its close frame could not be flushed either: drop the connection
        except GONE:
            pass
        finally:
            self.first_sent()
            self.release()

    def first_sent(self) -> None:
        if self.awaiting_first:
            self.awaiting_first = False
            self.capacity.firsts.sent()

    async def advance(self, n: int, first: bool = False) -> int:
        """Pull the next n steps (iterations) of every live run (in a worker thread, or on the event loop for a
        fast-path descent's chunk of up to INLINE_STEPS), send them, and return how many the furthest run produced."""
        live = self.live()
        for r in live:
            r.stepping = self.paused
        heavy = any(r.heavy for r in live)
        budget = HEAVY_BUDGET / len(live) if heavy else 1.0
        if not first and not heavy:  # other sockets' first steps go first (a training's chunk waits in compute)
            await self.capacity.firsts.give_way(self.capacity.GIVE_WAY)
        if not heavy and n * len(live) <= INLINE_STEPS and all(getattr(r, "quick", False) for r in live):
            await self.capacity.turns.enter(first)  # a few chunks per loop turn: the loop reads its sockets between
            results = [r.pull(n, budget) for r in live]  # about a microsecond a step: no thread hop
        else:
            results = await self.capacity.compute(heavy, lambda: [r.pull(n, budget) for r in live], first=first)
        taken = 0
        for r, (messages, finished) in zip(live, results, strict=True):
            taken = max(taken, sum(len(body["cols"]["t"]) for kind, body in messages if kind == "steps"))
            for kind, body in messages:
                await self.send(kind, r.run_id, **body)
            if finished:
                await self.finish(r)
        return taken

    async def flush_views(self) -> None:
        """Before idling (paused): send each live run's network snapshot whole if its heavy parts lag behind."""
        for r in self.live():
            for kind, body in await self.capacity.compute(r.heavy, r.flush):
                await self.send(kind, r.run_id, **body)

    def release(self) -> None:
        if self.held != (0, 0):
            self.capacity.release(*self.held)
            self.held = (0, 0)

    async def cancel(self) -> None:
        """The client left: stop the runs and wait for the pump (and a chunk still computing) to end."""
        for r in self.runs:
            r.request_stop()
        if self.pump is not None and not self.pump.done():
            self.pump.cancel()
            await asyncio.wait([self.pump])
        self.pump = None
        self.first_sent()
        self.release()


def _retrieve(task: asyncio.Task[None]) -> None:
    """Read a finished pump's exception, so asyncio never logs it as never retrieved."""
    with contextlib.suppress(asyncio.CancelledError):
        task.exception()


CONTROLS = ("start", "pause", "resume", "step", "stop", "speed")
