"""Sweep maps: cell-steps per second of the vectorised sweep vs the same cells run one by one, the 512 × 512 ×
1,000-step sweep on one core, time to the first picture over HTTP, and the trainability map.

    python bench/bench_sweep.py [--repeats 3] [--n 512] [--steps 1000]

Times are CPU seconds of this process (time.process_time; numpy runs these elementwise loops on one core), medians
of the repeats. "computed" counts the steps actually taken (a run stops when it converges or diverges); "nominal"
is n² × steps. The per-run figure times a sample of the same cells through the fast scalar loop, in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import orjson
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.config import Settings  # noqa: E402
from app.core.runs import descent_run, take  # noqa: E402
from app.core.sweep import SweepSpec, cell_spec, run_sweep  # noqa: E402
from app.core.trainability import TrainabilitySpec, train_rows  # noqa: E402
from app.main import create_app  # noqa: E402

SWEEPS = {
    "elongated, momentum, lr × momentum, no early stop": SweepSpec(
        surface="elongated", optimizer="momentum", axes="lr_momentum", x_range=(1e-3, 0.2), grad_tol=0.0),
    "elongated, momentum, lr × momentum (the lesson's map)": SweepSpec(
        surface="elongated", optimizer="momentum", axes="lr_momentum"),
    "himmelblau, sgd, start × start (basins), no early stop": SweepSpec(
        surface="himmelblau", optimizer="sgd", axes="start", lr=0.01, grad_tol=0.0),
    "rastrigin, sgd, start × start": SweepSpec(surface="rastrigin", optimizer="sgd", axes="start", lr=0.002),
    "bowl, adam, lr × beta1": SweepSpec(surface="bowl", optimizer="adam", axes="lr_momentum"),
}


def cpu(fn) -> tuple[float, object]:
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def per_run_rate(spec: SweepSpec, n: int, sample: int = 200) -> float:
    """Steps per CPU second of the fast scalar loop over a random sample of the sweep's cells."""
    rng = random.Random(0)
    cells = [cell_spec(spec, rng.randrange(n), rng.randrange(n), n) for _ in range(sample)]
    t0 = time.process_time()
    steps = sum(len(take(descent_run(c), c.steps + 2)[0]) for c in cells)
    return steps / (time.process_time() - t0)


def first_picture_ms(repeats: int) -> tuple[float, float]:
    """Milliseconds from POST /api/v1/sweeps to its first tile line, and to the whole 128² map (in process)."""
    body = {"surface": "elongated", "axes": "lr_momentum", "n": 128, "steps": 300}
    first, whole = [], []
    with TestClient(create_app(Settings(log_runs=False))) as client:
        for _ in range(repeats):
            t0 = time.perf_counter()
            seen = None
            with client.stream("POST", "/api/v1/sweeps", json=body) as r:
                for line in r.iter_lines():
                    if seen is None and orjson.loads(line)["type"] == "tile":
                        seen = time.perf_counter() - t0
            first.append(seen * 1000)
            whole.append((time.perf_counter() - t0) * 1000)
    return statistics.median(first), statistics.median(whole)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--n", type=int, default=512)
    ap.add_argument("--steps", type=int, default=1000)
    a = ap.parse_args()
    n, steps = a.n, a.steps
    with threadpool_limits(1):
        print(f"sweep maps, {n} × {n} cells × {steps:,} steps = {n * n * steps / 1e6:,.0f} M nominal cell-steps, "
              f"one core, median of {a.repeats}")
        for name, spec in SWEEPS.items():
            spec = SweepSpec(**{**spec.__dict__, "steps": steps})
            runs = [cpu(lambda spec=spec: run_sweep(spec, n)) for _ in range(a.repeats)]
            secs = statistics.median(t for t, _ in runs)
            result = runs[0][1]
            computed = int((result.k.astype(np.int64) + 1).sum())
            single = per_run_rate(spec, n)
            rate = computed / secs
            print(f"  {name}: {secs:5.2f} s; {n * n * steps / secs / 1e6:6.1f} M nominal, "
                  f"{rate / 1e6:6.1f} M computed cell-steps/s; per-run loop {single / 1e6:4.2f} M steps/s "
                  f"-> {rate / single:5.0f}x")
        tspec = TrainabilitySpec(n=128, steps=500)
        secs = statistics.median(cpu(lambda: train_rows(tspec, 128, 0, 128))[0] for _ in range(a.repeats))
        print(f"trainability map, 128 × 128 trainings × 500 steps of an 8-8-1 tanh net on 8 points: {secs:.2f} s")
    first, whole = first_picture_ms(max(a.repeats, 5))
    print(f"POST /api/v1/sweeps 128², 300 steps, in process: first picture (32²) {first:.0f} ms, "
          f"whole map {whole:.0f} ms (median)")


if __name__ == "__main__":
    main()
