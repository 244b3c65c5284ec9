"""One WebSocket session: validates `start`, pumps the runs' steps to the client frame by frame, obeys controls.

Several runs started together (compare mode: `start` with a list) share one timeline: every frame takes the same
number of steps from each live run, so record t of every run arrives in the same frame. Steps are computed in a
worker thread, a chunk per frame; the event loop only sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from typing import Any

import orjson
from fastapi import WebSocket
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from app.config import Settings
from app.core.datasets import DatasetUnavailable

from .protocol import describe, dumps, error_body, field_errors, message
from .run_config import RunConfig, run_limit_errors
from .runlog import log_run
from .runner import Capacity
from .streams import RunStream, make_stream
from .train_schemas import TrainRun

RUN_ADAPTER: TypeAdapter[RunConfig] = TypeAdapter(RunConfig)
MAX_CHUNK = 1_000  # most steps of one run per frame at speed "max": a frame's JSON stays small to parse
HEAVY_BUDGET = 0.02  # seconds of training computed per frame and socket, so other sockets get their turn
BAD_JSON_LIMIT = 3  # malformed messages in a row before the socket is closed with 1003


class RunSession:
    """The state of one socket: its runs, pause flag, step budget and speed."""

    def __init__(self, ws: WebSocket, settings: Settings, capacity: Capacity) -> None:
        self.ws = ws
        self.settings = settings
        self.capacity = capacity
        self.seq = 0
        self.runs: list[RunStream] = []
        self.finished: set[str] = set()
        self.held = (0, 0)  # capacity held by the current runs: (runs, trainings)
        self.pump: asyncio.Task[None] | None = None
        self.computing: asyncio.Future[Any] | None = None
        self.paused = False
        self.budget = 0  # steps allowed while paused (`step {n}`)
        self.speed: float | None = None  # steps per second per run; None = as fast as possible
        self.wake = asyncio.Event()
        self.bad_json = 0

    async def send(self, msg_type: str, run_id: str | None = None, /, **body: Any) -> None:
        """Send one message; waits while the client's buffer is full (so an unread run pauses, bounded)."""
        self.seq += 1
        self.capacity.sends.in_flight += 1
        try:
            async with asyncio.timeout(self.settings.send_timeout_seconds):
                await self.ws.send_text(dumps(message(msg_type, run_id, self.seq, **body)).decode())
        finally:
            self.capacity.sends.in_flight -= 1

    async def error(self, code: str, msg: str, fields: list[dict[str, Any]] | None = None) -> None:
        await self.send("error", None, **error_body(code, msg, fields))

    async def serve(self) -> None:
        """Receive until the client goes away, then cancel whatever is running."""
        try:
            while True:
                async with asyncio.timeout(self.settings.idle_seconds):
                    event = await self.ws.receive()
                if event["type"] == "websocket.disconnect":
                    break
                if not await self.on_frame(event):
                    break
        except TimeoutError:
            await self.close(1001, "idle timeout")
        finally:
            await self.cancel()

    async def close(self, code: int, reason: str) -> None:
        """Close unless the client is already gone."""
        with contextlib.suppress(Exception):
            async with asyncio.timeout(1.0):
                await self.ws.close(code, reason)

    async def on_frame(self, event: dict[str, Any]) -> bool:
        """Handle one frame; False when the socket has been closed."""
        text = event.get("text")
        if text is None:
            await self.error("binary_frame", "Send JSON text frames, not binary.")
            await self.ws.close(1003, "binary frames are not supported")
            return False
        if len(text.encode()) > self.settings.max_message_bytes:
            await self.error("too_large", f"Message above {self.settings.max_message_bytes} bytes.")
            await self.ws.close(1009, "message too big")
            return False
        try:
            msg = orjson.loads(text)
        except orjson.JSONDecodeError:
            self.bad_json += 1
            await self.error("bad_json", "The message is not valid JSON.")
            if self.bad_json >= BAD_JSON_LIMIT:
                await self.ws.close(1003, "malformed JSON")
                return False
            return True
        self.bad_json = 0
        if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
            await self.error("bad_message", 'Each message is a JSON object with a "type".')
            return True
        handler = getattr(self, f"on_{msg['type']}", None) if msg["type"] in CONTROLS else None
        if handler is None:
            await self.error("unknown_type", f"Unknown message type; expected one of {', '.join(CONTROLS)}.")
            return True
        return await handler(msg) is not False

    async def on_start(self, msg: dict[str, Any]) -> bool:
        raw = msg.get("run", {})
        many = isinstance(raw, list)
        configs, fields = [], []
        for i, item in enumerate(raw if many else [raw]):
            loc: tuple[str | int, ...] = ("run", i) if many else ("run",)
            try:
                configs.append(RUN_ADAPTER.validate_python(item))
            except ValidationError as e:
                fields += [{**f, "loc": [*loc, *f["loc"]]} for f in field_errors(e.errors())]
        if fields:
            await self.error("invalid_run", describe(fields), fields)
            return True
        errors = [err for i, c in enumerate(configs)
                  for err in run_limit_errors(c, self.settings, ("run", i) if many else ("run",))]
        if not configs or len(configs) > self.settings.max_compare_runs:
            errors.append({"loc": ["run"], "type": "limit", "name": "max_compare_runs",
                           "limit": self.settings.max_compare_runs, "value": len(configs),
                           "msg": f"between 1 and max_compare_runs = {self.settings.max_compare_runs} runs"})
        if "speed" in msg and not await self.set_speed(msg["speed"]):
            return True
        if errors:
            await self.error("over_limit", describe(errors), errors)
            return True
        await self.cancel()
        heavy = sum(isinstance(c, TrainRun) for c in configs)
        if not self.capacity.try_acquire(len(configs), heavy):
            await self.error("busy", "The server is busy with other runs; try again in a moment.")
            await self.ws.close(1013, "try again later")
            return False
        self.held = (len(configs), heavy)
        try:
            self.runs = await run_in_threadpool(
                lambda: [make_stream(c, c.id or f"r{i + 1}", self.settings) for i, c in enumerate(configs)])
        except (DatasetUnavailable, ValueError) as e:
            self.release()
            unavailable = isinstance(e, DatasetUnavailable)
            code, loc = ("unavailable", ["run", "dataset"]) if unavailable else ("invalid_run", ["run"])
            await self.error(code, str(e), [{"loc": loc, "msg": str(e), "detail": str(e),
                                             "type": "unavailable" if unavailable else "value_error"}])
            return True
        self.finished = set()
        for r in self.runs:
            await self.send("meta", r.run_id, **await run_in_threadpool(r.meta))
        self.budget = 0
        self.paused = bool(msg.get("paused", False))
        self.pump = asyncio.create_task(self.pump_steps())
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
        if self.pump is not None and not self.pump.done():
            await self.halt()
            for r in self.live():
                await run_in_threadpool(r.pull, 0, 0.0)
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
        body = await run_in_threadpool(r.done)
        log_run("ws", "train" if r.heavy else "descent", r.config.model_dump(mode="json"), body["reason"],
                r.records, time.perf_counter() - r.started)
        await self.send("done", r.run_id, **body)

    async def pump_steps(self) -> None:
        """Send each live run's next chunk once per frame until all are done."""
        frame = 1.0 / self.settings.frames_per_second
        due = 1.0  # the start point goes out in the first frame, whatever the speed
        last = time.perf_counter()
        try:
            while self.live():
                if self.paused and self.budget == 0:
                    self.wake.clear()
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
                    taken = await self.advance(n)
                    if self.paused:  # a step budget counts what was computed (a time budget may cut a pull short)
                        self.budget = max(0, self.budget - max(taken, 1))
                await asyncio.sleep(max(0.0, frame - (time.perf_counter() - now)))
        except TimeoutError:  # a send waited send_timeout_seconds: the client is not reading
            self.capacity.sends.timeouts += 1
            await self.close(1008, "client is not reading")
        finally:
            self.release()

    async def advance(self, n: int) -> int:
        """Pull the next n steps (iterations) of every live run in a worker thread, send them, and return how many
        the furthest run produced."""
        live = self.live()
        budget = HEAVY_BUDGET / len(live) if any(r.heavy for r in live) else 1.0
        # the worker thread cannot be cancelled: keep hold of it, so stop and disconnect wait for it to finish
        async with self.capacity.lane if budget < 1.0 else self.capacity.light_lane:
            self.computing = asyncio.ensure_future(run_in_threadpool(lambda: [r.pull(n, budget) for r in live]))
            results = await asyncio.shield(self.computing)
        taken = 0
        for r, (messages, finished) in zip(live, results, strict=True):
            taken = max(taken, sum(len(body["cols"]["t"]) for kind, body in messages if kind == "steps"))
            for kind, body in messages:
                await self.send(kind, r.run_id, **body)
            if finished:
                await self.finish(r)
        return taken

    def release(self) -> None:
        if self.held != (0, 0):
            self.capacity.release(*self.held)
            self.held = (0, 0)

    async def halt(self) -> None:
        """Stop pumping and wait for a chunk still computing in a worker thread (at most one frame's work)."""
        for r in self.runs:
            r.request_stop()
        if self.pump is not None and not self.pump.done():
            self.pump.cancel()
            await asyncio.wait([self.pump])
        if self.computing is not None:
            await asyncio.wait([self.computing])
            self.computing = None

    async def cancel(self) -> None:
        await self.halt()
        self.pump = None
        self.release()


CONTROLS = ("start", "pause", "resume", "step", "stop", "speed")
