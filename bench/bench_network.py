"""What the network view costs on the wire: bytes per second per client for training runs at full speed.

One WebSocket client at a time trains each configuration at speed "max" and counts the bytes of every message it
receives, split into the network snapshots (`network` in frame messages), the per-layer columns of `steps`
(layer_grad_norm, update_ratio, inactive), everything else, and the largest single snapshot. Medians of --runs runs.
First it times, in the core, what the per-layer facts add to one SGD iteration of 784-100-10 at batch 100 (two
per-layer norms and the dead-unit share, against loss_and_grad; medians of 200, one BLAS thread).

    python bench/bench_network.py [--url http://127.0.0.1:PORT] [--runs 3]

Without --url it starts its own server on a free loopback port. Prints one JSON line per configuration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import orjson
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import app_server  # noqa: E402

LAYER_COLUMNS = ("layer_grad_norm", "update_ratio", "inactive")
CONFIGS = {
    "moons 2-16-16-2": {"kind": "train", "dataset": {"name": "moons"}, "epochs": 100},
    "digits 64-32-10": {"kind": "train", "dataset": {"name": "digits"}, "epochs": 30},
    "digits 64-32-32-32-32-10 (the lesson's net)": {"kind": "train", "dataset": {"name": "digits"},
                                                    "model": {"hidden": [32, 32, 32, 32]}, "epochs": 20},
    "mnist5k 784-100-10": {"kind": "train", "dataset": {"name": "mnist5k"}, "model": {"hidden": [100]},
                           "batch_size": 100, "epochs": 5},
}


def size(obj: object) -> int:
    return len(orjson.dumps(obj))


async def one_run(url: str, run: dict) -> dict[str, float] | str:
    """Train once at full speed; the bytes received by kind, the seconds from start to done."""
    total = network = layers = frames = heavy = biggest = 0
    async with websockets.connect(url, max_size=2**24) as ws:
        await ws.send(json.dumps({"type": "start", "run": run, "speed": "max"}))
        t0 = time.perf_counter()
        async for raw in ws:
            total += len(raw)
            m = orjson.loads(raw)
            if m["type"] == "error":
                return f"{m['code']}: {m['message']}"
            if "network" in m and m["type"] != "done":
                n = size(m["network"])
                network, frames, biggest = network + n, frames + 1, max(biggest, n)
                heavy += m["network"]["heatmaps"] is not None or m["network"]["images"] is not None
            if m["type"] == "steps":
                layers += sum(size(m["cols"][k]) for k in LAYER_COLUMNS if k in m["cols"])
            if m["type"] == "done":
                break
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "total": total / seconds, "network": network / seconds, "layers": layers / seconds,
            "frames_per_s": frames / seconds, "heavy_per_s": heavy / seconds, "largest_snapshot": biggest}


def core_cost() -> None:
    """What the per-layer facts cost per iteration next to the backprop they describe."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from app.core.layer_stats import inactive_share, layer_norms
    from app.core.nets import Workspace, init_params, make_mlp

    net = make_mlp(784, [100], 10, "relu")
    rng = np.random.default_rng(0)
    theta = init_params(net, rng, "he")
    x, y = rng.random((100, 784)), rng.integers(0, 10, 100)
    ws, grad = Workspace(net, 100), np.empty(net.n_params)

    def timed(fn: object, n: int = 200) -> float:
        out = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            out.append(time.perf_counter() - t0)
        return statistics.median(out) * 1e6

    with threadpool_limits(1, "blas"):
        step = timed(lambda: ws.loss_and_grad(theta, x, y, grad))
        facts = timed(lambda: (layer_norms(net, grad), layer_norms(net, theta),
                               [inactive_share("relu", a) for a in ws.acts[:-1]]))
    print(json.dumps({"core": "784-100-10, batch 100", "backprop_us": round(step, 1), "layer_facts_us": round(facts, 1),
                      "overhead_percent": round(100 * facts / step, 1)}))


async def main(base: str, runs: int) -> None:
    url = base.replace("http", "ws", 1) + "/ws/run"
    for name, run in CONFIGS.items():
        results = []
        for _ in range(runs):
            r = await one_run(url, run)
            if isinstance(r, str):
                print(json.dumps({"config": name, "skipped": r}))
                break
            results.append(r)
        if len(results) == runs:
            med = {k: statistics.median(r[k] for r in results) for k in results[0]}
            print(json.dumps({"config": name, "seconds": round(med["seconds"], 2),
                              "kB_per_s_total": round(med["total"] / 1e3, 1),
                              "kB_per_s_network_snapshots": round(med["network"] / 1e3, 1),
                              "kB_per_s_layer_columns": round(med["layers"] / 1e3, 1),
                              "snapshots_per_s": round(med["frames_per_s"], 1),
                              "with_heatmaps_or_images_per_s": round(med["heavy_per_s"], 1),
                              "largest_snapshot_kB": round(med["largest_snapshot"] / 1e3, 1)}))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a running server, e.g. http://127.0.0.1:8000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    core_cost()
    if args.url:
        asyncio.run(main(args.url, args.runs))
    else:
        with app_server() as base:
            asyncio.run(main(base, args.runs))
