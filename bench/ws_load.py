"""Load: the lecture-hall burst. Many WebSocket clients press Start within one second, each running a descent,
plus a few digit trainings, against one server process on 127.0.0.1.

    python bench/ws_load.py [--clients 200] [--steps 500] [--trainings 10] [--probing 0] [--spread 1.0]
                            [--placement split|shared|both] [--workers 1] [--url ws://127.0.0.1:PORT/ws/run]
                            [--distinct]
                            [--min-steps-per-s N] [--max-healthz-p99-ms N] [--deadline 120]

placement `split` (default) pins the server to core 1 and this load generator to core 0 (taskset), so the figures
describe the server; `shared` leaves both on every core, as a single-machine test would; `both` runs each and prints
two lines. Without --url it starts its own server on a free loopback port. Each line is one JSON object: sessions,
errors, lost steps, time to first step p50/p95/max, time until all were done, steps/s, GET /healthz p50/p99/max
polled every 20 ms during the burst from a process of its own (as a load balancer's health check; the same poll
from the generator's own event loop, `healthz_in_generator_*`, also waits for that loop, whose lateness is
`generator_loop_lag_*`), the server's CPU seconds per session (and this generator's own CPU seconds: on a busy machine
both get a small share of their cores, and the figures measure the machine's load), and for the trainings the time
until `done` and the longest silence between two of a training's steps/epoch messages (p50/max: a training
waiting behind other runs' chunks or probes; its own probes, between its last epoch and `done`, are in the done
time).
The descents all use the same settings, as a class pressing Start on the lesson's does (the server then judges
the first and reuses its diagnosis); `--distinct` gives each client its own learning rate, so every run is judged.
Exits 1 on any error or lost step, on the deadline, or below the given floors. Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import sys
import time
import urllib.parse
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
import orjson
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import app_process  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
SERVER_ENV = {"DESCENT_LAB_LOG_RUNS": "false", "DESCENT_LAB_MAX_SOCKETS_PER_CLIENT": "1000",
              "DESCENT_LAB_MAX_SOCKETS": "1000"}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of a process in MB, from /proc; None when unknown."""
    if pid is None:
        return None
    try:
        line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmRSS:"))
        return round(int(line.split()[1]) / 1024, 1)
    except (OSError, StopIteration, ValueError):
        return None


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process (all its threads) and of its child processes still running (the
    worker processes of `--workers N`), from /proc; None when unknown."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, IndexError, ValueError):
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(c)) or 0.0 for c in children)


async def session(url: str, run: dict, delay: float, results: dict) -> None:
    """One client: wait `delay`, start, read every message until `done`, check the steps arrived in order."""
    await asyncio.sleep(delay)
    t0 = time.perf_counter()
    first = None
    expected = run.get("steps")
    seen = 0
    heard, gap = None, 0.0  # the longest silence between two steps/epoch messages (a training waiting behind others)
    try:
        async with websockets.connect(url, open_timeout=30, close_timeout=5, max_size=2**24) as ws:
            await ws.send(json.dumps({"type": "start", "run": run, "speed": "max"}))
            async for raw in ws:
                now = time.perf_counter()  # when the message is handed over, before this client parses it
                m = orjson.loads(raw)
                if m["type"] in ("steps", "epoch"):
                    gap, heard = max(gap, now - (heard or now)), now
                if m["type"] == "steps":
                    first = first if first is not None else now - t0
                    ts = m["cols"]["t"]
                    if expected is not None and ts != list(range(seen, seen + len(ts))):
                        results["lost"] += 1
                    seen += len(ts)
                elif m["type"] == "error":
                    raise RuntimeError(f"{m['code']}: {m['message']}")
                elif m["type"] == "done":
                    if expected is not None and seen != m["summary"]["records"]:
                        results["lost"] += 1
                    break
        results["ttfs"].append(first if first is not None else float("nan"))
        if run["kind"] == "train":
            results["train_gap"].append(gap)
            results["train_done"].append(time.perf_counter() - t0)
        results["steps"] += seen
        results["sessions"] += 1
        results["ended"] = time.perf_counter()
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
            await asyncio.sleep(0.02)


def poll_process(base: str, conn: Connection) -> None:
    """In a process of its own (as a load balancer's health check is): poll /healthz every 20 ms until told to
    stop, then send back the latencies. Polled from the generator's own event loop, a reply waits for that loop
    too, which in the burst is busy with 200 sockets' messages for tens of milliseconds at a time."""

    async def run() -> list[float]:
        stop, latencies = asyncio.Event(), []
        task = asyncio.create_task(poll_health(base, stop, latencies))
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        stop.set()
        await task
        return latencies

    conn.send("ready")
    conn.send(asyncio.run(run()))


async def loop_lag(stop: asyncio.Event, lags: list[float], every: float = 0.005) -> None:
    """How late this generator's own event loop wakes from a 5 ms sleep: its share of a latency it measures."""
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(time.perf_counter() - t0 - every)


async def load(url: str, clients: int, steps: int, trainings: int, spread: float, deadline: float,
               probing: int = 0, distinct: bool = False) -> dict:
    base = url.replace("ws://", "http://", 1).rsplit("/ws/", 1)[0]
    results: dict = {"ttfs": [], "train_gap": [], "train_done": [], "steps": 0, "sessions": 0, "errors": [],
                     "lost": 0, "ended": None}
    descent = {"kind": "descent", "steps": steps, "optimizer": {"lr": 0.001}, "stop": {"grad_tol": 0}}
    train = {"kind": "train", "dataset": {"name": "digits"}, "epochs": 5}
    slow = {**train, "optimizer": {"name": "sgd", "lr": 1e-4}}  # too slow: its diagnosis probes higher rates
    stop, health, lags = asyncio.Event(), [], []
    parent, child = multiprocessing.get_context("spawn").Pipe()
    checker = multiprocessing.get_context("spawn").Process(target=poll_process, args=(base, child), daemon=True)
    checker.start()
    await asyncio.get_running_loop().run_in_executor(None, parent.recv)  # polling before the first client starts
    poller = asyncio.create_task(poll_health(base, stop, health))
    lagger = asyncio.create_task(loop_lag(stop, lags))
    rng = random.Random(0)
    t0 = time.perf_counter()
    runs = [{**descent, "optimizer": {"lr": 0.001 * (1 + i / 1000)}} if distinct else descent for i in range(clients)]
    jobs = [session(url, run, rng.uniform(0, spread), results) for run in runs] + \
           [session(url, slow if i < probing else train, rng.uniform(0, spread), results) for i in range(trainings)]
    try:
        await asyncio.wait_for(asyncio.gather(*jobs), timeout=deadline)
    except TimeoutError:
        results["errors"].append(f"deadline of {deadline} s reached")
    elapsed = (results["ended"] or time.perf_counter()) - t0
    stop.set()
    await poller
    await lagger
    parent.send("stop")
    outside = parent.recv()
    checker.join(10)
    ttfs = [v * 1000 for v in results["ttfs"] if v == v]
    return {
        "clients": clients, "distinct": distinct, "trainings": trainings, "probing": probing,
        "sessions": results["sessions"],
        "errors": len(results["errors"]), "first_errors": results["errors"][:3], "lost": results["lost"],
        "all_done_s": round(elapsed, 2), "steps_per_s": round(results["steps"] / elapsed),
        "ttfs_p50_ms": round(pct(ttfs, 0.5), 1), "ttfs_p95_ms": round(pct(ttfs, 0.95), 1),
        "ttfs_max_ms": round(max(ttfs, default=float("nan")), 1),
        "healthz_p50_ms": round(pct(outside, 0.5) * 1000, 1), "healthz_p99_ms": round(pct(outside, 0.99) * 1000, 1),
        "healthz_max_ms": round(max(outside, default=float("nan")) * 1000, 1), "healthz_samples": len(outside),
        "healthz_in_generator_p50_ms": round(pct(health, 0.5) * 1000, 1),
        "healthz_in_generator_p99_ms": round(pct(health, 0.99) * 1000, 1),
        "generator_loop_lag_p99_ms": round(pct(lags, 0.99) * 1000, 1),
        "generator_loop_lag_max_ms": round(max(lags, default=float("nan")) * 1000, 1),
        "train_done_p50_s": round(pct(results["train_done"], 0.5), 2),
        "train_done_max_s": round(max(results["train_done"], default=float("nan")), 2),
        "train_gap_p50_ms": round(pct(results["train_gap"], 0.5) * 1000, 1),
        "train_gap_max_ms": round(max(results["train_gap"], default=float("nan")) * 1000, 1),
    }


def wait_warm(base: str, timeout: float = 60.0) -> None:
    """Wait until the server has loaded its data sets (as a server started before the class has)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with contextlib.suppress(httpx.HTTPError, ValueError):
            if httpx.get(base + "/healthz", timeout=5).json().get("warmed_up", True):
                return
        time.sleep(0.1)


def measure(a: argparse.Namespace, placement: str) -> dict:
    """One burst against a fresh server (or --url), with the given core placement."""
    split = placement == "split" and len(os.sched_getaffinity(0)) >= 2 and not a.url
    cores = sorted(os.sched_getaffinity(0))
    with contextlib.ExitStack() as stack:
        pid = None
        if a.url:
            url = a.url
        else:
            command = None if a.workers == 1 else ["-m", "app.cli", "--host", "127.0.0.1", "--port", "{port}",
                                                   "--log-level", "warning", "--workers", str(a.workers)]
            base, proc = stack.enter_context(app_process(SERVER_ENV, cpus=str(cores[1]) if split else None,
                                                         command=command))
            url, pid = base.replace("http://", "ws://") + "/ws/run", proc.pid
        if urllib.parse.urlparse(url).hostname not in LOOPBACK:
            raise SystemExit("only loopback addresses are load-tested")
        wait_warm(url.replace("ws://", "http://", 1).rsplit("/ws/", 1)[0])
        mask = os.sched_getaffinity(0)
        if split:
            os.sched_setaffinity(0, {cores[0]})
        try:
            before, mine = cpu_seconds(pid), time.process_time()
            report = asyncio.run(load(url, a.clients, a.steps, a.trainings, a.spread, a.deadline,
                                    a.probing, a.distinct))
            after, rss, mine = cpu_seconds(pid), rss_mb(pid), time.process_time() - mine
        finally:
            os.sched_setaffinity(0, mask)
    cpu = None if before is None or after is None else after - before
    return {"placement": "split" if split else "shared", "workers": a.workers,
            "load_average": round(os.getloadavg()[0], 1), **report,
            "server_cpu_s": None if cpu is None else round(cpu, 2), "generator_cpu_s": round(mine, 2),
            "server_rss_mb_after": rss,
            "server_cpu_ms_per_session": None if cpu is None or not report["sessions"]
            else round(cpu * 1000 / report["sessions"], 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="ws://127.0.0.1:PORT/ws/run of a running server (default: start one)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--trainings", type=int, default=10)
    ap.add_argument("--probing", type=int, default=0,
                    help="of the trainings, this many learn too slowly, so their diagnosis runs counterfactual probes")
    ap.add_argument("--spread", type=float, default=1.0, help="seconds over which the clients press Start")
    ap.add_argument("--distinct", action="store_true", help="a learning rate of its own for each descent client")
    ap.add_argument("--placement", choices=["split", "shared", "both"], default="split")
    ap.add_argument("--workers", type=int, default=1, help="worker processes of the server it starts (split: all "
                                                           "on the server's core)")
    ap.add_argument("--deadline", type=float, default=120.0)
    ap.add_argument("--min-steps-per-s", type=float, default=0.0)
    ap.add_argument("--max-healthz-p99-ms", type=float, default=float("inf"))
    a = ap.parse_args()
    ok = True
    for placement in (["split", "shared"] if a.placement == "both" else [a.placement]):
        report = measure(a, placement)
        print(json.dumps(report), flush=True)
        ok = ok and (report["errors"] == 0 and report["lost"] == 0 and report["sessions"] == a.clients + a.trainings
                     and report["steps_per_s"] >= a.min_steps_per_s
                     and report["healthz_p99_ms"] <= a.max_healthz_p99_ms)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
