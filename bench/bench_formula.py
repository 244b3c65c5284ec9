"""Your own f(x, y): how long parsing, differentiating, compiling and searching a formula takes, and how fast a
descent runs on it compared with the same built-in surface.

    python bench/bench_formula.py [--repeats 5]

Prints medians. Surfaces are built with the cache cleared each time (the server caches the last 128).
The machine is shared and noisy: compare figures from the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.formula_surface import custom_surface  # noqa: E402
from app.core.runs import DescentSpec  # noqa: E402
from app.core.surfaces import SURFACES  # noqa: E402
from bench.bench_core import steps_per_second  # noqa: E402

FORMULAS = {
    "elongated": "x^2/20 + y^2",
    "rosenbrock": "(1-x)^2 + 100*(y-x^2)^2",
    "sin·cos + bowl": "sin(3*x)*cos(3*y) + 0.1*(x^2+y^2)",
    "abs + square": "abs(x) + y^2",
    "worst: sigmoid nested 22 deep": "sigmoid(" * 22 + "x" + ")" * 22,
    "worst: tower of powers": "x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^(y^(x^y))))))))))))))))))))",
}


def build_ms(text: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        custom_surface.cache_clear()
        t0 = time.perf_counter()
        custom_surface(text)
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print("parse + symbolic gradient + compile + minimum search (median ms):")
    for name, text in FORMULAS.items():
        print(f"  {name:32s} {build_ms(text, args.repeats):8.1f} ms   ({len(text)} characters)")
    print("descent steps per second, 2,000 steps of SGD (median):")
    for key in ("elongated", "rosenbrock"):
        built = SURFACES[key]
        text = built.formula.replace("x0", "x").replace("x1", "y")
        mine = custom_surface(text, built.view)
        common = {"start": built.start, "lr": built.lr, "steps": 2000, "grad_tol": 0.0}
        a = steps_per_second(DescentSpec(surface=key, **common), args.repeats)
        b = steps_per_second(DescentSpec(surface="custom", custom=mine, **common), args.repeats)
        print(f"  {key:12s} built-in {a:9.0f}/s   typed as a formula {b:9.0f}/s   ratio {b / a:.2f}")


if __name__ == "__main__":
    main()
