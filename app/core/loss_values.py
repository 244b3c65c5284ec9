"""The two loss functions of the lessons, for one output vector y and a one-hot target t:

  mean squared error   E = ½ Σ_k (y_k − t_k)²
  cross-entropy        E = −Σ_k t_k log(y_k + δ)      δ = 1e-7 (the course's guard against log 0) or 0 (exact)

With p = 0.6 on the right class of the course's example these are 0.0975 and 0.5108; with 0.6 on a wrong class
(0.1 left on the right one) 0.5975 and 2.3026.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

DELTAS = {"course": 1e-7, "exact": 0.0}


def mean_squared_error(y: Sequence[float], t: Sequence[float]) -> float:
    """½ Σ (y_k − t_k)²."""
    return 0.5 * sum((a - b) ** 2 for a, b in zip(y, t, strict=True))


def cross_entropy(y: Sequence[float], t: Sequence[float], delta: float = DELTAS["course"]) -> float:
    """−Σ t_k log(y_k + δ); +∞ when a target class has y_k + δ = 0."""
    total = 0.0
    for a, b in zip(y, t, strict=True):
        if b:
            if a + delta <= 0.0:
                return math.inf
            total -= b * math.log(a + delta)
    return total


def one_hot(target: int, classes: int) -> list[float]:
    """t with a 1 at `target` and 0 elsewhere."""
    return [1.0 if k == target else 0.0 for k in range(classes)]
