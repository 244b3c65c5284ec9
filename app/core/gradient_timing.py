"""Numerical gradient versus backpropagation on the same network and mini-batch: time and agreement.

A full central-difference gradient needs 2P loss evaluations (P parameters): for 784-100-10 that is 159,020
forward passes. Timing all of them would take minutes, so k random coordinates are differenced, timed, and the
time scaled by P / k; the same k coordinates are compared with backprop:
    relative difference = |g_num − g_bp| / max(|g_num| + |g_bp|, 1e-12)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .backprop import Workspace
from .gradients import Interrupted
from .nets import MLP


def time_gradients(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray, coordinates: int,
                   rng: np.random.Generator, h: float = 1e-4, repeats: int = 5,
                   stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Backprop time (median of `repeats`), numerical time estimated from `coordinates` random coordinates.

    `stop()` is polled before each coordinate; True raises Interrupted."""
    ws = Workspace(net, len(x))
    grad = np.empty(net.n_params, dtype=net.dtype)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ws.loss_and_grad(theta, x, y, grad)
        times.append(time.perf_counter() - t0)
    backprop = statistics.median(times)
    k = min(coordinates, net.n_params)
    idx = rng.choice(net.n_params, size=k, replace=False)
    th = np.array(theta, dtype=np.float64)
    numeric = np.empty(k)
    t0 = time.perf_counter()
    for j, i in enumerate(idx):
        if stop is not None and stop():
            raise Interrupted
        orig = th[i]
        th[i] = orig + h
        f_plus = ws.loss(th, x, y)
        th[i] = orig - h
        f_minus = ws.loss(th, x, y)
        th[i] = orig
        numeric[j] = (f_plus - f_minus) / (2 * h)
    per_coordinate = (time.perf_counter() - t0) / k
    bp = grad[idx].astype(np.float64)
    rel = np.abs(numeric - bp) / np.maximum(np.abs(numeric) + np.abs(bp), 1e-12)
    estimated = per_coordinate * net.n_params
    return {
        "parameters": net.n_params, "batch": len(x), "coordinates": k, "h": h,
        "backprop_seconds": backprop, "numerical_seconds_per_coordinate": per_coordinate,
        "numerical_seconds_estimated": estimated, "ratio": estimated / backprop if backprop > 0 else None,
        "max_relative_difference": float(rel.max()), "median_relative_difference": float(np.median(rel)),
    }
