"""Core and HTTP speed: steps per second of the descent loop, and the latency of POST /api/v1/runs.

    python bench/bench_core.py [--repeats 7] [--no-http]

The loop is timed on the fast path (what runs serve) and on the general numpy path (the loop before it), in the
same run, every column recorded. Rates are steps per CPU second of this process (time.process_time), medians of
the repeats: the machine is shared, and CPU time is what other load disturbs least. Compare figures from one run.
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

from app.core.runs import DescentSpec, descent_run, general_run, take  # noqa: E402
from app.core.surfaces import SURFACES  # noqa: E402
from tests.servers import app_server  # noqa: E402


def steps_per_second(spec: DescentSpec, repeats: int, path=descent_run) -> float:
    rates = []
    for _ in range(repeats):
        t0 = time.process_time()
        cols, _ = take(path(spec), spec.steps + 1)
        rates.append(len(cols) / (time.process_time() - t0))
        assert len(cols) == spec.steps + 1
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
    ap.add_argument("--no-http", action="store_true", help="skip the HTTP latency (no server started)")
    a = ap.parse_args()
    print(f"descent loop, steps per CPU second, median of {a.repeats}; fast path vs the general numpy path")
    for surface in SURFACES:
        row = []
        for name in ("sgd", "momentum", "adam"):
            spec = DescentSpec(surface=surface, optimizer=name, lr=1e-5, steps=100_000, grad_tol=0)
            fast = steps_per_second(spec, a.repeats)
            general = steps_per_second(DescentSpec(**{**spec.__dict__, "steps": 10_000}), 3, general_run)
            row.append(f"{name} {fast:10,.0f} ({fast / general:4.1f}x of {general:7,.0f})")
        print(f"  {surface:10s} " + " | ".join(row))
    for mode in ("central", "forward"):
        spec = DescentSpec(lr=1e-3, steps=50_000, gradient=mode, grad_tol=0)
        fast = steps_per_second(spec, a.repeats)
        general = steps_per_second(DescentSpec(**{**spec.__dict__, "steps": 5_000}), 3, general_run)
        print(f"  bowl, sgd, {mode} difference: {fast:10,.0f} steps/s ({fast / general:4.1f}x of {general:7,.0f})")
    if a.no_http:
        return
    med, best = http_latency(a.repeats)
    print(f"POST /api/v1/runs, 1,000 steps, over HTTP: median {med:.1f} ms (best repeat {best:.1f} ms)")


if __name__ == "__main__":
    main()
