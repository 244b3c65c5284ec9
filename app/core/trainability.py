"""The trainability boundary of a tiny network (after J. Sohl-Dickstein, "The boundary of neural network
trainability is fractal", 2024): a grid of (learning rate of layer 1, learning rate of layer 2), each cell a full
training run, all cells trained at once with batched matrix products.

The net: ŷ = tanh(X W1ᵀ) w2 (no biases), X: N × d, W1: h × d, w2: h, on a fixed tiny data set (N = 8 points
in d = 8 dimensions, h = 8 hidden units, inputs and targets N(0, 1) from a fixed seed), loss L = mean((ŷ − y)²),
full-batch gradient descent from one fixed initialisation (every cell starts from the same weights):
  W1 ← W1 − η₁ ∂L/∂W1,   w2 ← w2 − η₂ ∂L/∂w2
  ∂L/∂w2 = Aᵀ r,  ∂L/∂W1 = ((r w2ᵀ) ⊙ (1 − A²))ᵀ X,  with A = tanh(X W1ᵀ), r = 2 (ŷ − y) / N.
A cell has converged at step k once L_k < 10⁻³ L₀, diverged once L_k > 10⁴ L₀ or is not finite, else it is
still training after `steps` (code 2). Cells are row-major: row j = η₂ value j (bottom first), column i = η₁.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

N_POINTS, DIM, HIDDEN = 8, 8, 8
CONVERGED, DIVERGED = 1e-3, 1e4  # loss ratios to the initial loss
LR_RANGE = (1e-2, 1e2)


@cache
def problem(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X (N × d), y (N), and the initial W1 (h × d, N(0, 1/d)) and w2 (h, N(0, 1/h)) from one seed."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N_POINTS, DIM))
    y = rng.standard_normal(N_POINTS)
    w1 = rng.standard_normal((HIDDEN, DIM)) / np.sqrt(DIM)
    w2 = rng.standard_normal(HIDDEN) / np.sqrt(HIDDEN)
    return x, y, w1, w2


@dataclass(frozen=True)
class TrainabilitySpec:
    """The window of learning rates (log scale on both axes), the grid side and the training steps."""

    lr1_range: tuple[float, float] = LR_RANGE
    lr2_range: tuple[float, float] = LR_RANGE
    n: int = 64
    steps: int = 500
    seed: int = 0

    def axis_values(self, n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        n = n or self.n
        return np.geomspace(*self.lr1_range, n), np.geomspace(*self.lr2_range, n)


def _loss(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                                   np.ndarray]:
    """Per cell: the loss, the hidden activations A (C × N × h) and the residual r = 2 (ŷ − y) / N."""
    a = np.tanh(np.matmul(x, w1.transpose(0, 2, 1)))  # (C, N, h)
    out = np.matmul(a, w2[:, :, None])[:, :, 0]  # (C, N)
    err = out - y
    return np.mean(err * err, axis=1), a, err * (2.0 / len(y))


def train_cells(lr1: np.ndarray, lr2: np.ndarray, steps: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Train len(lr1) copies of the net at once, copy c with learning rates (lr1[c], lr2[c]).

    Returns reason (0 converged, 1 diverged, 2 still training), k (the step it stopped at) and the loss there
    as a fraction of the initial loss.
    """
    x, y, w1_0, w2_0 = problem(seed)
    size = len(lr1)
    w1 = np.broadcast_to(w1_0, (size, *w1_0.shape)).copy()
    w2 = np.broadcast_to(w2_0, (size, *w2_0.shape)).copy()
    l1, l2 = np.asarray(lr1, dtype=np.float64)[:, None, None], np.asarray(lr2, dtype=np.float64)[:, None]
    idx = np.arange(size)
    reason = np.full(size, 2, dtype=np.uint8)
    k = np.full(size, steps, dtype=np.int32)
    final = np.full(size, np.nan)
    with np.errstate(all="ignore"):
        loss0 = float(_loss(x, y, w1_0[None], w2_0[None])[0][0])
        for t in range(steps + 1):
            loss, a, r = _loss(x, y, w1, w2)
            div = ~(loss <= DIVERGED * loss0)
            conv = loss < CONVERGED * loss0
            fin = np.ones(len(loss), dtype=bool) if t == steps else div | conv
            if fin.any():
                where = idx[fin]
                reason[where] = np.where(div[fin], 1, np.where(conv[fin], 0, 2))
                k[where], final[where] = t, loss[fin] / loss0
                keep = ~fin
                if not keep.any():
                    break
                w1, w2, l1, l2, idx, a, r = w1[keep], w2[keep], l1[keep], l2[keep], idx[keep], a[keep], r[keep]
            g2 = np.matmul(a.transpose(0, 2, 1), r[:, :, None])[:, :, 0]  # (C, h)
            dz = r[:, :, None] * w2[:, None, :] * (1.0 - a * a)  # (C, N, h)
            g1 = np.matmul(dz.transpose(0, 2, 1), x)  # (C, h, d)
            w1 = w1 - l1 * g1
            w2 = w2 - l2 * g2
    return {"reason": reason, "k": k, "loss": final, "work": np.array(k.astype(np.int64).sum() + size, dtype=np.int64)}


def train_rows(spec: TrainabilitySpec, n: int, j0: int, j1: int) -> dict[str, np.ndarray]:
    """Rows j0 ≤ j < j1 of the n × n map (one tile), row-major."""
    xs, ys = spec.axis_values(n)
    g1, g2 = np.meshgrid(xs, ys[j0:j1])
    return train_cells(g1.ravel(), g2.ravel(), spec.steps, spec.seed)
