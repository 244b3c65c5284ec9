"""Where a request waits in the lecture-hall burst: every turn of the server's event loop timed.

    python bench/loop_turns.py [--clients 200] [--steps 500] [--trainings 10]

Runs the server under asyncio's own event loop (uvloop's turns cannot be timed from Python; the app is the same),
pinned to core 1, with each turn of the loop measured: the callbacks it ran, their wall time, the loop thread's
own CPU time, the time it waited in the kernel's run queue (runnable, but the core was given to another thread:
/proc/thread-self/schedstat) and the CPU time the process's other threads (the compute lanes) got meanwhile.
bench/ws_load.py's burst runs from core 0. Prints the burst's JSON line, then one JSON line about the turns: a
request that arrives during a turn is read only after it (p99 and max of the turns' wall time, the loop's own CPU
in them, the run-queue wait, the lanes' CPU during turns over 10 ms, and the most session chunks in one turn).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ws_load import SERVER_ENV, load, pct, wait_warm  # noqa: E402
from tests.servers import app_process  # noqa: E402


def ns_of(fd: int) -> tuple[int, int]:
    """(ns on the CPU, ns waiting in the run queue) from a schedstat file."""
    run, wait = os.pread(fd, 100, 0).split()[:2]
    return int(run), int(wait)


class TurnClock:
    """Times each turn of an asyncio loop (BaseEventLoop._run_once), without the time it sleeps in select."""

    def __init__(self) -> None:
        self.turns: list[dict[str, Any]] = []
        self.names: Counter[str] = Counter()
        self.ran = 0
        self.pulls = 0  # descent chunks computed on the loop's thread in this turn
        self.selecting = 0.0
        self.own = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        self.fds: dict[str, int] = {}

    def others_ns(self) -> int:
        """CPU ns of the process's other threads so far."""
        me, total = str(threading.get_native_id()), 0
        for tid in os.listdir("/proc/self/task"):
            if tid == me:
                continue
            try:
                fd = self.fds.get(tid) or self.fds.setdefault(tid, os.open(f"/proc/self/task/{tid}/schedstat",
                                                                           os.O_RDONLY))
                total += ns_of(fd)[0]
            except OSError:
                pass
        return total

    def install(self) -> None:
        from asyncio import base_events, events

        clock, run_handle, run_once = self, events.Handle._run, base_events.BaseEventLoop._run_once

        from app.web.streams import DescentStream

        pull, loop_thread = DescentStream.pull, threading.get_ident()

        def counted_pull(stream: Any, n: int, budget: float) -> Any:
            if threading.get_ident() == loop_thread:
                clock.pulls += 1
            return pull(stream, n, budget)

        def timed_handle(handle: Any) -> None:
            clock.ran += 1
            owner = getattr(handle._callback, "__self__", None)
            if isinstance(owner, asyncio.Task):
                clock.names[getattr(owner.get_coro(), "__qualname__", "?")] += 1
            run_handle(handle)

        def timed_turn(loop: Any) -> None:
            if not hasattr(loop._selector, "timed"):
                select = loop._selector.select

                def timed_select(timeout: float | None = None) -> Any:
                    t = time.perf_counter()
                    try:
                        return select(timeout)
                    finally:
                        clock.selecting += time.perf_counter() - t

                loop._selector.select, loop._selector.timed = timed_select, True
            clock.ran, clock.pulls, clock.names, clock.selecting = 0, 0, Counter(), 0.0
            others, (_, queued) = clock.others_ns(), ns_of(clock.own)
            t0, c0 = time.perf_counter(), time.thread_time()
            run_once(loop)
            wall, cpu = time.perf_counter() - t0 - clock.selecting, time.thread_time() - c0
            if clock.ran:
                clock.turns.append({"wall": wall, "cpu": cpu, "queued": (ns_of(clock.own)[1] - queued) / 1e9,
                                    "others": (clock.others_ns() - others) / 1e9, "chunks": clock.pulls,
                                    "startup": any(n.startswith(("LifespanOn", "Server.")) for n in clock.names)})

        DescentStream.pull = counted_pull  # type: ignore[method-assign]
        events.Handle._run = timed_handle  # type: ignore[method-assign]
        base_events.BaseEventLoop._run_once = timed_turn  # type: ignore[method-assign]


def serve(port: int, out: Path) -> None:
    """The app as `descent-lab` serves it, on asyncio's loop, every turn timed; the turns go to `out` on SIGTERM."""
    import signal

    from app.cli import limit_malloc_arenas

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    limit_malloc_arenas()
    import uvicorn

    from app.config import get_settings

    clock = TurnClock()
    clock.install()

    def on_term(*_: Any) -> None:
        out.write_text(json.dumps(clock.turns))
        os._exit(0)

    signal.signal(signal.SIGTERM, on_term)
    s = get_settings()
    uvicorn.run("app.main:app", host="127.0.0.1", port=port, loop="asyncio", log_level="warning",
                ws_max_size=s.max_message_bytes, ws_per_message_deflate=s.ws_compression)


def summary(turns: list[dict[str, Any]]) -> dict[str, Any]:
    burst = [t for t in turns if not t["startup"]]
    walls, cpus = [t["wall"] for t in burst], [t["cpu"] for t in burst]
    long = [t for t in burst if t["wall"] > 0.01]
    return {"turns": len(burst), "turn_wall_p99_ms": round(pct(walls, 0.99) * 1000, 1),
            "turn_wall_max_ms": round(max(walls, default=0) * 1000, 1),
            "turn_cpu_p99_ms": round(pct(cpus, 0.99) * 1000, 1),
            "turn_cpu_max_ms": round(max(cpus, default=0) * 1000, 1),
            "turns_over_20_ms": sum(w > 0.02 for w in walls),
            "run_queue_wait_ms": round(sum(t["queued"] for t in burst) * 1000),
            "long_turns": len(long), "long_turns_wall_ms": round(sum(t["wall"] for t in long) * 1000),
            "long_turns_own_cpu_ms": round(sum(t["cpu"] for t in long) * 1000),
            "long_turns_lanes_cpu_ms": round(sum(t["others"] for t in long) * 1000),
            "descent_chunks_on_the_loop": sum(t["chunks"] for t in burst),
            "most_descent_chunks_in_a_turn": max((t["chunks"] for t in burst), default=0)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--trainings", type=int, default=10)
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.serve:
        serve(a.serve, a.out)
        return 0
    cores = sorted(os.sched_getaffinity(0))
    out = Path(tempfile.mkdtemp()) / "turns.json"
    command = [str(Path(__file__).resolve()), "--serve", "{port}", "--out", str(out)]
    with app_process(SERVER_ENV, command=command, cpus=str(cores[-1])) as (base, _proc):
        wait_warm(base)
        os.sched_setaffinity(0, {cores[0]})
        report = asyncio.run(load(base.replace("http://", "ws://") + "/ws/run", a.clients, a.steps, a.trainings,
                                  1.0, 120.0))
        os.sched_setaffinity(0, set(cores))
    print(json.dumps({"load_average": round(os.getloadavg()[0], 1), **report}), flush=True)
    print(json.dumps(summary(json.loads(out.read_text()))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
