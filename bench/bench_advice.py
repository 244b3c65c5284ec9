"""What tried advice costs: the time to judge a finished run with and without its counterfactuals.

    python bench/bench_advice.py [--repeats 5]

Descent: judge() alone vs judge() with the counterfactual runs (always done). Training: the whole run, with no
probe budget (advice untested) vs the default budget (Settings.advice_seconds), one BLAS thread as the server runs
it. Prints medians; the machine is shared and noisy: compare figures from the same run.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.core.datasets import load  # noqa: E402
from app.core.runs import DescentSpec, descent_run, judge, take  # noqa: E402
from app.core.training import train  # noqa: E402
from app.core.training_setup import config_for  # noqa: E402

DESCENT = [("bowl lr 1.05 (diverged)", DescentSpec(lr=1.05)), ("bowl lr 1e-10 (too slow)", DescentSpec(lr=1e-10)),
           ("mesa lr 0.3 (plateau)", DescentSpec(surface="mesa", lr=0.3)),
           ("rosenbrock 1000 steps (still improving)", DescentSpec(surface="rosenbrock", lr=0.001, steps=1000)),
           ("bowl 20000 steps lr 1e-6 (too slow)", DescentSpec(lr=1e-6, steps=20_000))]
TRAINING = [("digits lr 10, 50 epochs", "digits", {"lr": 10.0}), ("linreg batch 1", "linreg", {"batch_size": 1}),
            ("circle, no hidden layer", "circle", {"hidden": ()})]


def median_ms(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000.0 * statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    repeats = ap.parse_args().repeats
    print("descent: judge without / with counterfactuals (ms, median)")
    for name, spec in DESCENT:
        cols, done = take(descent_run(spec), spec.steps + 2)
        assert done is not None
        bare = median_ms(lambda: judge(spec, cols, done, advice=False), repeats)  # noqa: B023
        full = median_ms(lambda: judge(spec, cols, done), repeats)  # noqa: B023
        print(f"  {name:42s} {bare:8.2f} {full:8.2f}")
    budget = Settings().advice_seconds
    print(f"training: whole run with no probe budget / with {budget:g} s (ms, median)")
    with threadpool_limits(1, "blas"):
        for name, key, kw in TRAINING:
            data = load(key)
            cfg = config_for(key, **kw)
            bare = median_ms(lambda: list(train(data, cfg)), repeats)  # noqa: B023
            tried = dataclasses.replace(cfg, advice_seconds=budget)
            full = median_ms(lambda: list(train(data, tried)), repeats)  # noqa: B023
            print(f"  {name:42s} {bare:8.1f} {full:8.1f}")


if __name__ == "__main__":
    main()
