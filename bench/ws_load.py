"""Load: many WebSocket clients at once on 127.0.0.1, each running a descent, plus a few digit trainings.

    python bench/ws_load.py [--clients 200] [--steps 500] [--trainings 10] [--url ws://127.0.0.1:PORT/ws/run]
                            [--min-steps-per-s N] [--max-healthz-p99-ms N] [--deadline 120]

Without --url it starts its own server (one uvicorn process) on a free loopback port. Prints one JSON line with
sessions, errors, sessions/s, steps/s, p50/p95 time to first step and the p99 latency of GET /healthz polled during
the load; exits 1 on any error, on the deadline, or below the given floors. Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
import urllib.parse
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import app_server  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


async def session(url: str, run: dict, results: dict) -> None:
    """One client: start, read every message until `done`, count steps and the time to the first step."""
    t0 = time.perf_counter()
    first = None
    steps = 0
    try:
        async with websockets.connect(url, open_timeout=30, close_timeout=5, max_size=2**24) as ws:
            await ws.send(json.dumps({"type": "start", "run": run, "speed": "max"}))
            async for raw in ws:
                m = json.loads(raw)
                if m["type"] == "steps":
                    first = first if first is not None else time.perf_counter() - t0
                    steps += len(m["cols"]["t"])
                elif m["type"] == "error":
                    raise RuntimeError(f"{m['code']}: {m['message']}")
                elif m["type"] == "done":
                    break
        results["ttfs"].append(first if first is not None else float("nan"))
        results["steps"] += steps
        results["sessions"] += 1
    except Exception as e:  # every failure is counted and reported, none is fatal to the others
        results["errors"].append(repr(e)[:200])


async def poll_health(base: str, stop: asyncio.Event, latencies: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                r = await client.get("/healthz")
                if r.status_code == 200:
                    latencies.append(time.perf_counter() - t0)
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)


async def load(url: str, clients: int, steps: int, trainings: int, deadline: float) -> dict:
    base = url.replace("ws://", "http://", 1).rsplit("/ws/", 1)[0]
    results: dict = {"ttfs": [], "steps": 0, "sessions": 0, "errors": []}
    descent = {"kind": "descent", "steps": steps, "optimizer": {"lr": 0.001}, "stop": {"grad_tol": 0}}
    train = {"kind": "train", "dataset": {"name": "digits"}, "epochs": 5}
    stop, health = asyncio.Event(), []
    poller = asyncio.create_task(poll_health(base, stop, health))
    t0 = time.perf_counter()
    jobs = [session(url, descent, results) for _ in range(clients)] + \
           [session(url, train, results) for _ in range(trainings)]
    try:
        await asyncio.wait_for(asyncio.gather(*jobs), timeout=deadline)
    except TimeoutError:
        results["errors"].append(f"deadline of {deadline} s reached")
    elapsed = time.perf_counter() - t0
    stop.set()
    await poller
    ttfs = [v * 1000 for v in results["ttfs"] if v == v]
    return {
        "clients": clients, "trainings": trainings, "sessions": results["sessions"],
        "errors": len(results["errors"]), "first_errors": results["errors"][:3], "seconds": round(elapsed, 2),
        "sessions_per_s": round(results["sessions"] / elapsed, 1), "steps_per_s": round(results["steps"] / elapsed),
        "ttfs_p50_ms": round(pct(ttfs, 0.5), 1), "ttfs_p95_ms": round(pct(ttfs, 0.95), 1),
        "healthz_p50_ms": round(pct(health, 0.5) * 1000, 1), "healthz_p99_ms": round(pct(health, 0.99) * 1000, 1),
        "healthz_samples": len(health),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="ws://127.0.0.1:PORT/ws/run of a running server (default: start one)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--trainings", type=int, default=10)
    ap.add_argument("--deadline", type=float, default=120.0)
    ap.add_argument("--min-steps-per-s", type=float, default=0.0)
    ap.add_argument("--max-healthz-p99-ms", type=float, default=float("inf"))
    a = ap.parse_args()
    with contextlib.ExitStack() as stack:
        server = app_server({"DESCENT_LAB_LOG_RUNS": "false"})
        url = a.url or stack.enter_context(server).replace("http://", "ws://") + "/ws/run"
        if urllib.parse.urlparse(url).hostname not in LOOPBACK:
            raise SystemExit("only loopback addresses are load-tested")
        report = asyncio.run(load(url, a.clients, a.steps, a.trainings, a.deadline))
    print(json.dumps(report))
    ok = (report["errors"] == 0 and report["sessions"] == a.clients + a.trainings
          and report["steps_per_s"] >= a.min_steps_per_s and report["healthz_p99_ms"] <= a.max_healthz_p99_ms)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
