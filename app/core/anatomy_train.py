"""The anatomy of one training update: one mini-batch, its loss, and what the update does to each layer.

The run is replayed exactly as training.train() runs it (same split, initial weights, batch order and optimizer) up
to iteration t; then, for layer l with weights W_l and biases b_l (θ_l = both):
  gradient norm   ‖g_l‖ = √(‖∂L/∂W_l‖² + ‖∂L/∂b_l‖²)
  relative step   ‖Δθ_l‖ / ‖θ_l‖, Δθ_l the optimizer's update of that layer (≈ η‖g_l‖/‖θ_l‖ for plain SGD)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .batching import epoch_batches, iterations_per_epoch
from .datasets import Dataset
from .nets import Workspace
from .registry import make_optimizer, make_schedule
from .resumable import Resumable, finish
from .training_setup import TrainConfig, prepare


def train_anatomy(data: Dataset, cfg: TrainConfig, t: int) -> dict[str, Any]:
    """Loss, per-layer gradient norms and relative update sizes at iteration t (0-based, global)."""
    return finish(train_anatomy_steps(data, cfg, t))


def train_anatomy_steps(data: Dataset, cfg: TrainConfig, t: int) -> Resumable[dict[str, Any]]:
    """`train_anatomy`, yielding after each replayed iteration (a caller takes turns with others between them)."""
    prep = prepare(data, cfg)
    net, train = prep.net, prep.split.train
    batch_size = min(cfg.batch_size, train.n)
    ipe = iterations_per_epoch(train.n, batch_size, cfg.drop_last)
    if not 0 <= t < ipe * cfg.epochs:
        raise ValueError(f"iteration must be between 0 and epochs × iterations per epoch − 1 = {ipe * cfg.epochs - 1}")
    schedule = make_schedule(cfg.schedule, cfg.lr, **cfg.schedule_params)
    opt = make_optimizer(cfg.optimizer, schedule, cfg.convention, **cfg.optimizer_params)
    ws = Workspace(net, batch_size)
    theta = prep.theta0.copy()
    state = opt.init(theta)
    grad = np.empty(net.n_params, dtype=net.dtype)
    k = 0
    with np.errstate(all="ignore"):
        for epoch in range(1, cfg.epochs + 1):
            for i, idx in enumerate(epoch_batches(train.n, batch_size, prep.batch_rng, cfg.sampling, cfg.drop_last)):
                xb, yb = np.take(train.x, idx, axis=0), train.y[idx]
                loss = ws.loss_and_grad(theta, xb, yb, grad)
                if not (math.isfinite(loss) and np.all(np.isfinite(grad))):
                    raise ValueError(f"the run diverges at iteration {k}, before iteration {t}")
                delta, state = opt.update(grad, state, theta, k)
                if k == t:
                    return _report(net, theta, grad, delta, loss, schedule(k), epoch, i, k, len(idx))
                theta = theta + delta
                k += 1
                yield
    raise AssertionError("unreachable: t was checked against the number of iterations")


def _report(net: Any, theta: np.ndarray, grad: np.ndarray, delta: np.ndarray, loss: float, lr: float, epoch: int,
            iteration: int, t: int, batch: int) -> dict[str, Any]:
    layers = []
    for l in range(net.depth):  # noqa: E741
        ws, bs = net.layout[2 * l], net.layout[2 * l + 1]
        sl = slice(ws.offset, bs.offset + bs.size)
        norm_theta = float(np.linalg.norm(theta[sl]))
        norm_delta = float(np.linalg.norm(delta[sl]))
        layers.append({"layer": l + 1, "shape": [net.sizes[l], net.sizes[l + 1]], "parameters": ws.size + bs.size,
                       "grad_norm": float(np.linalg.norm(grad[sl])), "weight_norm": norm_theta,
                       "update_norm": norm_delta, "relative_update": norm_delta / norm_theta if norm_theta else None})
    return {"t": t, "epoch": epoch, "iteration": iteration, "batch": batch, "loss": float(loss), "lr": lr,
            "grad_norm": float(np.linalg.norm(grad)), "layers": layers}
