"""What makes the event loop wait while worker threads compute: the interpreter's switch interval and the garbage
collector's full collections. Both in this process, each setting right after the other, so the ratios compare
like with like on a loaded machine.

    python bench/bench_pauses.py [--runs 6] [--steps 100000] [--seconds 3]

1. wake-up: an event loop sleeps 1 ms again and again while two threads run descent chunks (pure Python, holding
   the interpreter); prints the median and p99 of how late each wake-up is, with the switch interval at
   CPython's 5 ms and at the server's setting.
2. collections: `--runs` descent runs of `--steps` steps kept in memory (as a class's HTTP runs are), the startup
   objects frozen; prints how many full collections ran, their total and longest pause, with CPython's thresholds
   and with the server's (GC_THRESHOLDS).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.main import GC_THRESHOLDS, create_app  # noqa: E402
from app.web.runner import run_result  # noqa: E402
from app.web.start import RUN_ADAPTER  # noqa: E402

SLOW = {"kind": "descent", "optimizer": {"lr": 1e-6}, "stop": {"grad_tol": 0}}


def wake_ups(interval_s: float, seconds: float) -> dict[str, float]:
    """Lateness of 1 ms sleeps on an event loop while two threads compute descent chunks."""
    sys.setswitchinterval(interval_s)
    stop = threading.Event()
    config = RUN_ADAPTER.validate_python({**SLOW, "steps": 2_000})
    settings = Settings(log_runs=False)

    def work() -> None:
        while not stop.is_set():
            run_result(config, "w", settings)

    async def probe() -> list[float]:
        late = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            await asyncio.sleep(0.001)
            late.append(time.perf_counter() - t0 - 0.001)
        return late

    threads = [threading.Thread(target=work, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        late = asyncio.run(probe())
    finally:
        stop.set()
        for t in threads:
            t.join()
    late.sort()
    return {"switch_interval_ms": interval_s * 1000, "late_median_ms": round(statistics.median(late) * 1000, 2),
            "late_p99_ms": round(late[int(0.99 * len(late))] * 1000, 2), "wake_ups": len(late)}


def collections(thresholds: tuple[int, int, int], runs: int, steps: int) -> dict[str, Any]:
    """Full collections while `runs` finished runs of `steps` steps are kept, with these thresholds."""
    pauses: list[float] = []
    start = [0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            start[0] = time.perf_counter()
        else:
            pauses.append(time.perf_counter() - start[0])

    config = RUN_ADAPTER.validate_python({**SLOW, "steps": steps})
    settings = Settings(log_runs=False)
    gc.collect()
    gc.set_threshold(*thresholds)
    gc.callbacks.append(watch)
    kept = []
    t0 = time.perf_counter()
    try:
        for i in range(runs):
            kept.append(run_result(config, f"r{i}", settings))
    finally:
        gc.callbacks.remove(watch)
    elapsed = time.perf_counter() - t0
    del kept
    return {"thresholds": list(thresholds), "runs_s": round(elapsed, 2), "full_collections": len(pauses),
            "pause_total_ms": round(sum(pauses) * 1000), "pause_longest_ms": round(max(pauses, default=0) * 1000)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--steps", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=3.0)
    a = ap.parse_args()
    logging.getLogger("descent_lab.runs").setLevel(logging.WARNING)
    create_app(Settings())  # import what the server imports
    server_interval = Settings().switch_interval_ms / 1000
    for interval in (0.005, server_interval):
        print(json.dumps({"bench": "wake_up", **wake_ups(interval, a.seconds)}), flush=True)
    gc.collect()
    gc.freeze()  # as the server does at startup
    for thresholds in ((700, 10, 10), GC_THRESHOLDS):
        print(json.dumps({"bench": "collections", **collections(thresholds, a.runs, a.steps)}), flush=True)
    print(json.dumps({"load_average": round(os.getloadavg()[0], 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
