"""Reading a learning-rate range test: the loss against a learning rate that rises exponentially each iteration.

smoothed loss   s_t = a_t / (1 − β^(t+1)),  a_t = β a_{t−1} + (1 − β) L_t   (a bias-corrected running mean, β = 0.9)
slope           (s_{i+w} − s_i) / (log10 η_{i+w} − log10 η_i) over a window of w = max(2, n / 10) iterations
suggested rate  the η at the middle of the window where the slope is steepest (most negative), among the windows
                that end at or before the lowest s_t: where the loss falls fastest, below where it turns upwards
also reported   η at the lowest s_t, and η_min / 10 (the other common rule of thumb)
explodes at     the first η after the minimum where s_t exceeds 2 × its lowest value (None if it never does)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

BETA = 0.9
EXPLODE = 2.0


class RangeTest(NamedTuple):
    lr: list[float]
    loss: list[float]
    smoothed: list[float]
    suggested_lr: float
    suggested_index: int
    method: str
    min_lr: float
    min_index: int
    min_loss: float
    min_lr_over_10: float
    loss_start: float
    loss_end: float
    explode_lr: float | None


def smooth(loss: Sequence[float], beta: float = BETA) -> np.ndarray:
    """The bias-corrected exponential running mean of the loss."""
    out = np.empty(len(loss))
    avg = 0.0
    for t, v in enumerate(loss):
        avg = beta * avg + (1.0 - beta) * float(v)
        out[t] = avg / (1.0 - beta ** (t + 1))
    return out


def range_test(lr: Sequence[float], loss: Sequence[float], beta: float = BETA) -> RangeTest:
    """Analyse one range test's iterations (their learning rates and batch losses, in order)."""
    lrs = np.asarray(lr, dtype=np.float64)
    if len(lrs) < 3 or len(lrs) != len(loss):
        raise ValueError("a range test needs at least 3 iterations with a learning rate and a loss each")
    s = smooth(loss, beta)
    i_min = int(np.argmin(s))
    w = max(2, len(s) // 10)
    log_lr = np.log10(lrs)
    last = max(i_min - w, 0)  # windows [i, i + w] with i + w ≤ i_min (at least the first one)
    i = np.arange(last + 1)
    j = np.minimum(i + w, len(s) - 1)
    slope = (s[j] - s[i]) / np.maximum(log_lr[j] - log_lr[i], 1e-12)
    i_steep = int(i[np.argmin(slope)] + (j[np.argmin(slope)] - i[np.argmin(slope)]) // 2)
    after = np.flatnonzero(s[i_min:] > EXPLODE * s[i_min])
    explode = float(lrs[i_min + after[0]]) if len(after) else None
    return RangeTest(lrs.tolist(), [float(v) for v in loss], s.tolist(), float(lrs[i_steep]), i_steep, "steepest",
                     float(lrs[i_min]), i_min, float(s[i_min]), float(lrs[i_min]) / 10.0, float(s[0]), float(s[-1]),
                     explode if explode is None or math.isfinite(explode) else None)
