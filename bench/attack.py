"""The load review's attacks, repeatable and bounded, on 127.0.0.1: one client staying within the documented limits
must not stall the class.

    python bench/attack.py [--cases http_runs,numeric,...] [--seconds 8]

Each case starts a fresh server (pinned to the last core; this script on the first), runs its attack for at most
`--seconds` plus a drain, and meanwhile polls GET /healthz every 50 ms and runs one small bystander after another
(a 10-step descent over the WebSocket, connect to `done`). It prints one JSON line per case: the /healthz p50/p99,
the worst bystander latency and how many bystanders finished, what the attack got (status codes, refusals), and
whether the server was back to idle afterwards. Goal on a 2-core machine: /healthz p99 < 200 ms, bystander < 1 s.
Exits 1 when a bystander failed or the server did not return to idle.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ws_load import rss_mb, wait_warm  # noqa: E402
from tests.servers import app_process  # noqa: E402

SLOW = {"kind": "descent", "steps": 100_000, "optimizer": {"lr": 1e-6}, "stop": {"grad_tol": 0}}
NUMERIC = {"kind": "train", "dataset": {"name": "spiral", "n": 400}, "batch_size": 40, "epochs": 500,
           "model": {"hidden": [64, 64], "activation": "tanh"}, "gradient": {"mode": "numerical"}}
REVIEWED_NUMERIC = {"kind": "train", "dataset": {"name": "spiral", "n": 20_000}, "batch_size": 20_000, "epochs": 1,
                    "model": {"hidden": [48, 48, 48], "activation": "tanh"}, "gradient": {"mode": "numerical"}}
TIMING = {"dataset": "digits", "hidden": [512, 512, 512], "batch_size": 3, "coordinates": 1000}


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


class Attack:
    """The server under attack: its URLs, a record of what the attacker got, and the clock."""

    def __init__(self, base: str, seconds: float) -> None:
        self.base, self.ws = base, base.replace("http://", "ws://") + "/ws/run"
        self.seconds = seconds
        self.got: Counter[str] = Counter()
        self.until = time.monotonic() + seconds

    async def post(self, client: httpx.AsyncClient, path: str, body: Any, leave_after: float | None = None) -> None:
        """POST and record the status; with `leave_after`, disconnect after that many seconds instead."""
        try:
            if leave_after is None:
                r = await client.post(path, json=body)
                self.got[f"http {r.status_code}"] += 1
                return
            async with asyncio.timeout(leave_after):
                r = await client.post(path, json=body)
                self.got[f"http {r.status_code}"] += 1
        except TimeoutError:
            self.got["left"] += 1
        except httpx.HTTPError as e:
            self.got[type(e).__name__] += 1

    async def socket(self, start: dict[str, Any], hold: float = 0.0, read: bool = True,
                     origin: str | None = None) -> None:
        """Open a socket, send `start`, read (or not) for `hold` seconds or until `done`, then leave."""
        try:
            headers = {"Origin": origin} if origin else None
            async with websockets.connect(self.ws, open_timeout=20, max_queue=1 if not read else 16,
                                          additional_headers=headers, max_size=2**24) as ws:
                await ws.send(json.dumps(start))
                end = time.monotonic() + hold
                while read and time.monotonic() < end:
                    m = json.loads(await asyncio.wait_for(ws.recv(), timeout=max(0.01, end - time.monotonic())))
                    if m["type"] in ("done", "error"):
                        self.got[m["type"] + (" " + m.get("code", m.get("reason", "")))] += 1
                        if m["type"] == "done":
                            return
                if not read:
                    await asyncio.sleep(hold)
                self.got["left"] += 1
        except TimeoutError:
            self.got["left"] += 1
        except websockets.InvalidStatus as e:
            self.got[f"refused {e.response.status_code}"] += 1
        except (websockets.ConnectionClosed, OSError) as e:
            self.got[f"closed {getattr(getattr(e, 'rcvd', None), 'code', type(e).__name__)}"] += 1


async def http_runs(a: Attack) -> None:
    """60 concurrent valid POST /api/v1/runs of 100,000 steps."""
    async with httpx.AsyncClient(base_url=a.base, timeout=a.seconds + 30) as c:
        await asyncio.gather(*[a.post(c, "/api/v1/runs", SLOW, leave_after=a.seconds) for _ in range(60)])


async def numeric(a: Attack) -> None:
    """The reviewed numerical training (now refused), then 41 connect/start/close cycles of the largest allowed."""
    async with httpx.AsyncClient(base_url=a.base, timeout=30) as c:
        await a.post(c, "/api/v1/runs", REVIEWED_NUMERIC)
    for _ in range(41):
        await a.socket({"type": "start", "run": NUMERIC}, hold=a.seconds / 41)


async def csv(a: Attack) -> None:
    """A CSV compare at the largest allowed size, three at once, repeated."""
    body = {"runs": [{**SLOW, "steps": 16_000}] * 6}
    async with httpx.AsyncClient(base_url=a.base, timeout=60) as c:
        while time.monotonic() < a.until:
            await asyncio.gather(*[a.post(c, "/api/v1/compare?format=csv", body) for _ in range(3)])


async def streaming(a: Attack) -> None:
    """20 runs streaming at 50 steps/s with a short idle timeout: all must get `done`."""
    steps = int(a.seconds * 50 * 0.8)
    await asyncio.gather(*[a.socket({"type": "start", "run": {**SLOW, "steps": steps}, "speed": 50},
                                    hold=a.seconds + 20) for _ in range(20)])


async def not_reading(a: Attack) -> None:
    """20 clients that stop reading big outputs, and one address asking for 400 sockets."""
    big = {"type": "start", "run": [SLOW] * 6, "speed": "max"}
    await asyncio.gather(*[a.socket(big, hold=a.seconds, read=False) for _ in range(20)],
                         *[a.socket({"type": "pause"}, hold=a.seconds / 2) for _ in range(380)])


async def origin(a: Attack) -> None:
    """A foreign page's visitors opening sockets (the server allows only its own CORS origin)."""
    start = {"type": "start", "run": SLOW, "speed": "max"}
    await asyncio.gather(*[a.socket(start, hold=a.seconds, origin="https://evil.example") for _ in range(100)])


async def timing(a: Attack) -> None:
    """16 gradient timings at once, the clients leaving after a moment."""
    async with httpx.AsyncClient(base_url=a.base, timeout=a.seconds + 30) as c:
        await asyncio.gather(*[a.post(c, "/api/v1/gradient-timing", TIMING, leave_after=1.0) for _ in range(16)])
        await a.post(c, "/api/v1/gradient-timing", {**TIMING, "batch_size": 1000})  # over the work limit


async def limits(a: Attack) -> None:
    """The review's largest compare (6 × 100,000 steps), long figure.svg paths, clients leaving mid-run."""
    async with httpx.AsyncClient(base_url=a.base, timeout=60) as c:
        await a.post(c, "/api/v1/compare", {"runs": [SLOW] * 6})
        for _ in range(3):
            r = await c.get("/api/v1/figure.svg?steps=100000&lr=0.000001")
            a.got[f"svg {r.status_code} {len(r.content) // 1024} KiB"] += 1
        await asyncio.gather(*[a.post(c, "/api/v1/runs", SLOW, leave_after=0.3) for _ in range(8)])


CASES: dict[str, tuple[Callable[[Attack], Awaitable[None]], dict[str, str]]] = {
    "http_runs": (http_runs, {}), "numeric": (numeric, {}), "csv": (csv, {}),
    "streaming": (streaming, {"DESCENT_LAB_IDLE_SECONDS": "3"}),
    "not_reading": (not_reading, {"DESCENT_LAB_SEND_TIMEOUT_SECONDS": "3"}),
    "origin": (origin, {"DESCENT_LAB_CORS_ORIGINS": '["https://school.example"]'}),
    "timing": (timing, {}), "limits": (limits, {}),
}


async def bystanders(a: Attack, stop: asyncio.Event, latencies: list[float], failures: list[str]) -> None:
    """One small run after another: connect, start 10 steps, read to `done`."""
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            async with asyncio.timeout(30), websockets.connect(a.ws, open_timeout=30) as ws:
                await ws.send(json.dumps({"type": "start", "run": {"steps": 10}, "speed": "max"}))
                while json.loads(await ws.recv())["type"] != "done":
                    pass
            latencies.append(time.perf_counter() - t0)
        except Exception as e:  # counted and reported
            failures.append(repr(e)[:120])
        await asyncio.sleep(0.1)


async def poll(base: str, stop: asyncio.Event, latencies: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while not stop.is_set():
            t0 = time.perf_counter()
            with contextlib.suppress(httpx.HTTPError):
                await c.get("/healthz")
                latencies.append(time.perf_counter() - t0)
            await asyncio.sleep(0.05)


async def idle(base: str, timeout: float = 30.0) -> bool:
    """Wait until the server holds no run, socket or HTTP run."""
    end = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base, timeout=10) as c:
        while time.monotonic() < end:
            h = (await c.get("/healthz")).json()
            if h["active_runs"] == h["sockets"] == h["http_runs"] == 0:
                return True
            await asyncio.sleep(0.1)
    return False


async def run_case(name: str, base: str, seconds: float) -> dict[str, Any]:
    attack_fn, _ = CASES[name]
    a = Attack(base, seconds)
    stop, health, bystand, failures = asyncio.Event(), [], [], []
    tasks = [asyncio.create_task(poll(base, stop, health)),
             asyncio.create_task(bystanders(a, stop, bystand, failures))]
    t0 = time.perf_counter()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds + 30):
            await attack_fn(a)
    attack_s = time.perf_counter() - t0
    stop.set()
    await asyncio.gather(*tasks)
    back = await idle(base)
    ms = [round(v * 1000, 1) if v is not None else None
          for v in (pct(health, 0.5), pct(health, 0.99), max(bystand, default=None))]
    return {"case": name, "healthz_p50_ms": ms[0], "healthz_p99_ms": ms[1], "bystander_worst_ms": ms[2],
            "bystanders": len(bystand), "bystander_failures": len(failures), "attack_s": round(attack_s, 1),
            "idle_after": back, "attack_got": dict(a.got.most_common(8))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--placement", choices=["split", "shared"], default="split",
                    help="split: server on the last core, attacker on the first; shared: both on every core")
    a = ap.parse_args()
    cores = sorted(os.sched_getaffinity(0)) if a.placement == "split" else [0]
    ok = True
    for name in a.cases.split(","):
        env = {"DESCENT_LAB_LOG_RUNS": "false", **CASES[name][1]}
        with app_process(env, cpus=str(cores[-1]) if len(cores) > 1 else None) as (base, proc):
            wait_warm(base)
            mask = os.sched_getaffinity(0)
            if len(cores) > 1:
                os.sched_setaffinity(0, {cores[0]})
            try:
                report = asyncio.run(run_case(name, base, a.seconds))
            finally:
                os.sched_setaffinity(0, mask)
            report["server_rss_mb_after"] = rss_mb(proc.pid)
        print(json.dumps({"placement": a.placement, "load_average": round(os.getloadavg()[0], 1), **report}),
              flush=True)
        ok = ok and report["bystander_failures"] == 0 and report["idle_after"] and report["bystanders"] > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
