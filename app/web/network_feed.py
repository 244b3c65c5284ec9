"""The network view's data on the wire: a bounded snapshot of the net in the frame's last message.

Every `pull` (one per frame) ends with a message carrying `network`: the drawn units (at most DRAWN_UNITS per layer,
the ones with the largest outgoing weights, chosen again at every epoch), their weights and biases (4 significant
digits) and the activations of the first test image (`example`). The heavy parts — neuron heatmaps over a
HEATMAP_GRID² grid (2D data), first-layer weight images (image data), one byte per value, base64, and the activations
of the EXAMPLES test images the learner can choose from (`examples`, image data: the first test image of each class,
listed with their pixels in `plan.network.examples`) — come at most HEAVY_PER_SECOND times a second, always when the
run is stepped while paused, at the end, and in `done` at the weights the run returns.
Per-layer facts (gradient norm, update ratio, inactive share) travel per iteration in the `steps` columns.
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING, Any

import numpy as np

from app.core.custom_data import feature_map
from app.core.layer_stats import INACTIVE_KIND, SATURATION
from app.core.network_view import (
    DRAWN_UNITS,
    HEATMAP_GRID,
    NetworkSnapshot,
    grid_points,
    pick_examples,
    select_units,
    snapshot,
)

if TYPE_CHECKING:
    from .train_preview import TrainSetup

HEAVY_PER_SECOND = 10.0


def sig(values: Any, digits: int = 4) -> list[Any]:
    """Numbers rounded to `digits` significant digits (nested lists kept), non-finite as None."""
    a = np.asarray(values, dtype=np.float64)
    if a.ndim > 1:
        return [sig(row, digits) for row in a]
    return [float(f"{v:.{digits}g}") if np.isfinite(v) else None for v in a.tolist()]


def _b64(q: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(q, dtype=np.uint8).tobytes()).decode("ascii")


def snapshot_body(snap: NetworkSnapshot, t: int, heavy: bool) -> dict[str, Any]:
    """The protocol shape of a snapshot; heatmaps and images only when `heavy` (else null)."""
    body: dict[str, Any] = {
        "t": t, "units": [u.tolist() for u in snap.units], "weights": [sig(w) for w in snap.weights],
        "biases": [sig(b) for b in snap.biases],
        "example": None if snap.example is None else [sig(a) for a in snap.example],
        "heatmaps": None, "images": None, "examples": None,
    }
    if heavy and snap.heatmaps is not None:
        body["heatmaps"] = [{"q": _b64(h.q), "lo": sig(h.lo), "hi": sig(h.hi)} for h in snap.heatmaps]
    if heavy and snap.images is not None:
        body["images"] = {"q": _b64(snap.images.q), "scale": sig(snap.images.scale)}
    if heavy and snap.examples is not None:  # per example, per layer: examples[k][l - 1] = A_l of example k
        body["examples"] = [[sig(layer[k]) for layer in snap.examples] for k in range(len(snap.examples[0]))]
    return body


class NetworkFeed:
    """The snapshots of one training run: which units are drawn, when the heavy parts are due."""

    def __init__(self, setup: TrainSetup, heavy_per_second: float = HEAVY_PER_SECOND) -> None:
        prep, data = setup.prep, setup.data
        self.net = prep.net
        plane = None if prep.grid is None else grid_points(prep.grid[1], HEATMAP_GRID)
        features = setup.cfg.features  # the net sees the plane through the run's input features
        self.points = feature_map(plane, features) if plane is not None and features else plane
        self.domain = None if prep.grid is None else prep.grid[1]
        self.image_shape = data.image_shape if data.kind == "image" else None
        parts = prep.split
        self.example_split, part = next(((name, p) for name, p in (("test", parts.test), ("validation",
                                         parts.validation), ("train", parts.train)) if p.n > 0))
        self.picked = pick_examples(part.y) if self.image_shape else np.arange(0)
        self.examples = np.asarray(part.x[self.picked], dtype=np.float64) if self.image_shape else None
        self.labels = [int(v) for v in np.asarray(part.y)[self.picked]]
        self.example = self.examples[0] if self.examples is not None else None  # index 0 (the first of its class)
        self.units = select_units(self.net, prep.theta0)
        self.interval = 1.0 / heavy_per_second
        self.last_heavy = -np.inf
        self.heavy_t = -1

    def meta(self) -> dict[str, Any]:
        """`plan.network`: the bounds, the heatmap grid, the test images to choose from and what "inactive" means."""
        examples = [{"split": self.example_split, "index": int(i), "label": label,
                     "pixels": np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8).tolist()}
                    for i, label, x in zip(self.picked, self.labels, self.examples if self.examples is not None else [],
                                           strict=True)]
        return {
            "sizes": list(self.net.sizes), "activation": self.net.activation, "drawn": DRAWN_UNITS,
            "selection": "largest_outgoing", "inactive_kind": INACTIVE_KIND[self.net.activation],
            "saturation": SATURATION, "heavy_per_second": 1.0 / self.interval,
            "grid": None if self.domain is None else {"shape": [HEATMAP_GRID, HEATMAP_GRID],
                                                      "domain": [list(self.domain[0]), list(self.domain[1])]},
            "image_shape": list(self.image_shape) if self.image_shape else None,
            "example": examples[0] if examples else None, "examples": examples or None,
        }

    def reselect(self, theta: np.ndarray) -> None:
        """Choose the drawn units again (at each epoch), so a wide layer shows its strongest units."""
        self.units = select_units(self.net, theta)

    def body(self, theta: np.ndarray, t: int, force_heavy: bool = False) -> dict[str, Any]:
        """The snapshot at θ after t updates; heavy when forced or when the last heavy one is old enough."""
        now = time.perf_counter()
        heavy = force_heavy or now - self.last_heavy >= self.interval
        snap = snapshot(self.net, theta, self.units, self.points if heavy else None,
                        self.image_shape if heavy else None, self.example, self.examples if heavy else None)
        if heavy:
            self.last_heavy, self.heavy_t = now, t
        return snapshot_body(snap, t, heavy)

    def stale(self, t: int) -> bool:
        """Whether the heavy parts lag behind update t."""
        return (self.points is not None or self.image_shape is not None) and self.heavy_t != t
