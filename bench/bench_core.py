"""Core and HTTP speed: steps per second of the descent loop, and the latency of POST /api/v1/runs.

    python bench/bench_core.py [--repeats 7]

Prints medians of several runs. The machine is shared and noisy: compare figures from the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.runs import DescentSpec, descent_run, take  # noqa: E402
from tests.servers import app_server  # noqa: E402


def steps_per_second(spec: DescentSpec, repeats: int) -> float:
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        cols, _ = take(descent_run(spec), spec.steps + 1)
        rates.append(len(cols) / (time.perf_counter() - t0))
    return statistics.median(rates)


def http_latency(repeats: int, calls: int = 50) -> tuple[float, float]:
    """Median and best of the per-repeat median latency of a 1,000-step POST /api/v1/runs."""
    body = {"kind": "descent", "steps": 1000, "optimizer": {"name": "sgd", "lr": 0.001}}
    medians = []
    with app_server({"DESCENT_LAB_LOG_RUNS": "false"}) as base, httpx.Client(base_url=base, timeout=10) as client:
        for _ in range(repeats):
            times = []
            for _ in range(calls):
                t0 = time.perf_counter()
                r = client.post("/api/v1/runs", json=body)
                times.append(time.perf_counter() - t0)
                assert r.status_code == 200 and len(r.json()["steps"]["t"]) == 1001
            medians.append(statistics.median(times))
    return statistics.median(medians) * 1000, min(medians) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=7)
    a = ap.parse_args()
    for name, lr in [("sgd", 1e-3), ("momentum", 1e-3), ("adam", 1e-3)]:
        rate = steps_per_second(DescentSpec(optimizer=name, lr=lr, steps=100_000, grad_tol=0), a.repeats)
        print(f"core descent loop, bowl, {name:8s}: {rate:10,.0f} steps/s (median of {a.repeats})")
    rate = steps_per_second(DescentSpec(lr=1e-3, steps=5_000, gradient="central", grad_tol=0), a.repeats)
    print(f"core descent loop, bowl, sgd, central difference: {rate:10,.0f} steps/s")
    med, best = http_latency(a.repeats)
    print(f"POST /api/v1/runs, 1,000 steps, over HTTP: median {med:.1f} ms (best repeat {best:.1f} ms)")


if __name__ == "__main__":
    main()
