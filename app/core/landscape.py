"""The loss landscape around a trained network, in the plane of its weight trajectory (Li et al., 2018).

Snapshots θ_0 … θ_k (one per epoch) are mean-centred, M = S − mean(S), and decomposed M = U Σ Vᵀ; the first two
rows of Vᵀ are the principal directions d₁, d₂, with explained variance σ_j² / Σ σ². Each snapshot is drawn at
(α_i, β_i) = ((θ_i − θ*)·d₁, (θ_i − θ*)·d₂), θ* the final weights, which sit at the origin; the landscape is
L(θ* + α d₁ + β d₂) on a grid covering the path with a margin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np


class Grid(NamedTuple):
    """Values on a regular grid: values[j, i] at x = domain[0] spread over nx columns, y over ny rows."""

    shape: tuple[int, int]
    domain: tuple[tuple[float, float], tuple[float, float]]
    values: np.ndarray
    quantity: str


class Landscape(NamedTuple):
    path: np.ndarray
    epochs: tuple[int, ...]
    grid: Grid
    explained_variance: tuple[float, float]
    capped: int


class Snapshots:
    """Flat parameter vectors kept at most `limit` at a time: past it, every other one is dropped and the stride
    between kept epochs doubles, so the path stays evenly spread over the whole run."""

    def __init__(self, limit: int) -> None:
        self.limit, self.stride = max(limit, 3), 1
        self.items: list[np.ndarray] = []
        self.epochs: list[int] = []

    def add(self, epoch: int, theta: np.ndarray) -> None:
        """Keep θ of this epoch if it falls on the current stride."""
        if epoch % self.stride:
            return
        self.items.append(np.array(theta, copy=True))
        self.epochs.append(epoch)
        if len(self.items) > self.limit:
            self.items, self.epochs = self.items[::2], self.epochs[::2]
            self.stride *= 2

    def finish(self, epoch: int, theta: np.ndarray) -> None:
        """Make sure the path ends at the last epoch reached."""
        if not self.epochs or self.epochs[-1] != epoch:
            self.items.append(np.array(theta, copy=True))
            self.epochs.append(epoch)


def principal_plane(snapshots: np.ndarray, center: np.ndarray, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """(directions (2, P), path coordinates (k, 2), explained variance ratios) from k ≥ 2 snapshots (k, P).

    Directions are oriented so the first snapshot has non-positive coordinates. When the path has only one
    direction (k = 2, or a straight path), the second is a random direction orthogonal to it, explaining 0.
    """
    s = np.asarray(snapshots, dtype=np.float64)
    m = s - s.mean(axis=0)
    _, sigma, vt = np.linalg.svd(m, full_matrices=False)
    var = sigma**2
    total = float(var.sum())
    ratios = [float(v / total) if total > 0 else 0.0 for v in var[:2]] + [0.0, 0.0]
    dirs = [vt[i] for i in range(min(2, len(vt))) if total > 0 and var[i] > 1e-24 * total]
    while len(dirs) < 2:
        r = rng.standard_normal(s.shape[1])
        for d in dirs:
            r -= (r @ d) * d
        dirs.append(r / np.linalg.norm(r))
        ratios[len(dirs) - 1] = 0.0
    d = np.stack(dirs)
    coords = (s - np.asarray(center, dtype=np.float64)) @ d.T
    signs = np.where(coords[0] > 0, -1.0, 1.0)
    return d * signs[:, None], coords * signs, (ratios[0], ratios[1])


def plane_grid(losses: Callable[[np.ndarray], np.ndarray], center: np.ndarray, directions: np.ndarray,
               path: np.ndarray, size: int = 25, margin: float = 0.25) -> tuple[Grid, int]:
    """L(θ* + α d₁ + β d₂) on a size × size grid over the path's box (and the origin), widened by `margin`.

    `losses` maps a stack of parameter vectors (G, P) to their losses (G,); it is called once per grid row.
    Non-finite values (weights far out) are replaced by the largest finite one; returns the grid and how many
    were replaced.
    """
    pts = np.vstack([path, np.zeros((1, 2))])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    lo, hi = lo - margin * span, hi + margin * span
    alphas, betas = np.linspace(lo[0], hi[0], size), np.linspace(lo[1], hi[1], size)
    row = np.asarray(center, dtype=np.float64) + alphas[:, None] * directions[0]
    values = np.empty((size, size))
    with np.errstate(all="ignore"):
        for j, b in enumerate(betas):
            values[j] = losses(row + b * directions[1])
    bad = ~np.isfinite(values)
    capped = int(bad.sum())
    if capped:
        finite = values[~bad]
        values[bad] = finite.max() if finite.size else 0.0
    domain = ((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])))
    return Grid((size, size), domain, values, "loss"), capped


def landscape(snapshots: Snapshots, center: np.ndarray, losses: Callable[[np.ndarray], np.ndarray],
              rng: np.random.Generator, size: int = 25) -> Landscape | None:
    """The PCA plane of the trajectory and the loss on it; None with fewer than two snapshots."""
    if len(snapshots.items) < 2:
        return None
    d, coords, ratios = principal_plane(np.stack(snapshots.items), center, rng)
    grid, capped = plane_grid(losses, center, d, coords, size)
    finite = np.isfinite(coords).all()
    return Landscape(coords if finite else np.nan_to_num(coords), tuple(snapshots.epochs), grid, ratios, capped)
