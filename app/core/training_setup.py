"""Setting up a training run: configuration, split, network, initial weights, decision-boundary grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from .batching import Part, Split, split
from .custom_data import feature_map
from .datasets import DATASETS, Dataset
from .landscape import Grid
from .nets import MLP, forward, init_params, make_mlp
from .update_rule import UpdateRule

GridSpec = tuple[tuple[int, int], tuple[tuple[float, float], tuple[float, float]]]


@dataclass(frozen=True)
class TrainConfig(UpdateRule):
    """Model, optimizer and loop settings (the update rule's hyperparameters are `optimizer_params`); the split
    fractions come from the data set's parameters."""

    hidden: tuple[int, ...] = (16, 16)
    activation: str = "relu"
    loss: str = "cross_entropy"
    init: str = "he"
    init_std: float = 0.01
    weight_decay: float = 0.0
    optimizer_params: dict[str, float] = field(default_factory=dict)
    batch_size: int = 32
    epochs: int = 20
    sampling: str = "shuffle"
    drop_last: bool = False
    gradient: str = "backprop"
    h: float = 1e-5
    patience: int | None = None
    min_delta: float = 0.0
    seed: int = 0
    dtype: str = "float64"
    boundary_size: int = 50
    max_iterations: int | None = None
    landscape: bool = True
    landscape_size: int = 25
    landscape_samples: int = 512
    max_snapshots: int = 200
    advice_seconds: float = 0.0  # time for counterfactual probes at the end (0: advice untested)
    features: tuple[str, ...] = ()  # 2D data: the network's inputs as app.core.custom_data.FEATURES keys


def config_for(key: str, **overrides: Any) -> TrainConfig:
    """TrainConfig with the data set's suggested settings (DATASETS[key].suggested), then `overrides`."""
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in DATASETS[key].suggested.items()}
    return TrainConfig(**{**params, **overrides})


class Prepared(NamedTuple):
    split: Split
    net: MLP
    theta0: np.ndarray
    batch_rng: np.random.Generator
    extra_rng: np.random.Generator
    grid_points: np.ndarray | None
    grid: GridSpec | None
    raw: Split | None = None  # the split before the input features were applied (None without features)


def prepare(data: Dataset, config: TrainConfig) -> Prepared:
    """The split, the network and θ₀ for a run, exactly as train() builds them (for drawing before training)."""
    classification = data.kind != "regression"
    if not classification and config.loss != "mse":
        raise ValueError("regression data needs loss 'mse'")
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(config.seed).spawn(4)]
    parts = split(np.asarray(data.x, dtype=config.dtype), data.y, data.params.get("validation_fraction", 0.0),
                  data.params.get("test_fraction", 0.0), rngs[0])
    raw = None
    if config.features:
        if data.kind != "points2d":
            raise ValueError("input features are for 2D point data only")
        raw, parts = parts, Split(*(Part(feature_map(p.x, config.features), p.y) for p in parts))
    n_out = data.classes if classification else (1 if data.y.ndim == 1 else data.y.shape[1])
    n_in = len(config.features) or data.features
    net = make_mlp(n_in, tuple(config.hidden), n_out, config.activation, config.loss, config.weight_decay,
                   config.dtype)
    theta0 = init_params(net, rngs[1], config.init, config.init_std)
    points = grid = None
    if data.kind == "points2d" and config.boundary_size > 1:
        lo, hi = data.x.min(axis=0), data.x.max(axis=0)
        pad = 0.1 * np.maximum(hi - lo, 1e-9)
        lo, hi = lo - pad, hi + pad
        k = config.boundary_size
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], k), np.linspace(lo[1], hi[1], k))
        points = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(config.dtype)
        if config.features:
            points = feature_map(points, config.features)
        grid = ((k, k), ((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))))
    return Prepared(parts, net, theta0, rngs[2], rngs[3], points, grid, raw)


def least_squares(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """The best linear fit Y ≈ X W + b: its loss ½·mean ‖X W + b − Y‖² and [W…, b…] in θ's layout."""
    x1 = np.hstack([np.asarray(x, dtype=np.float64), np.ones((len(x), 1))])
    t = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
    coef, *_ = np.linalg.lstsq(x1, t, rcond=None)
    r = x1 @ coef - t
    return {"loss": 0.5 * float(np.vdot(r, r)) / len(t), "params": coef.ravel().tolist()}


def boundary(prep: Prepared, theta: np.ndarray) -> Grid | None:
    if prep.grid_points is None or prep.grid is None:
        return None
    out = forward(prep.net, theta, prep.grid_points)
    if prep.net.loss == "cross_entropy" and out.shape[1] == 2:
        values, quantity = out[:, 1], "probability"
    else:
        values, quantity = np.argmax(out, axis=1).astype(np.float64), "class"
    if not np.isfinite(values).all():
        return None
    return Grid(prep.grid[0], prep.grid[1], values.reshape(prep.grid[0]).astype(np.float64), quantity)
