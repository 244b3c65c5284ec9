"""The health of training, layer by layer: gradient norm, update ratio, and dead or saturated units.

Layer l = 1..L of an MLP has the parameters θ_l = (W_l, b_l) (one contiguous block of θ, see app.core.nets). For one
iteration with batch gradient g = ∂L/∂θ at θ_t and update Δ = θ_{t+1} − θ_t:

  gradient norm   ‖g_l‖ = √(Σ ∂L/∂W_l² + Σ ∂L/∂b_l²)
  update ratio    ‖Δ_l‖ / ‖θ_l‖ with θ_l before the update (0 when Δ_l = 0; inf when only θ_l = 0); about 1e-3 is
                  the usual healthy range: far below, the layer barely learns; near 1, each step rewrites it
  inactive share  for each hidden layer (l < L, n_l units, activations A_l of the B rows of the batch), the share of
                  units that are inactive on every row of the batch, so that no gradient reaches their weights:
                    relu      dead:      A = 0 on every row (f′ = 0)
                    sigmoid   saturated: |2A − 1| ≥ 0.99 on every row (A ≤ 0.005 or A ≥ 0.995, f′ = A(1 − A) < 0.005)
                    tanh      saturated: |A| ≥ 0.99 on every row (f′ = 1 − A² < 0.02)
Plain SGD has Δ_l = −η g_l, so its update ratio is η‖g_l‖/‖θ_l‖ without forming Δ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from .nets import MLP

__all__ = ["INACTIVE_KIND", "SATURATION", "LayerStats", "inactive_share", "inactive_units", "layer_norms",
           "layer_stats", "update_ratios"]

SATURATION = 0.99  # |2A − 1| (sigmoid) or |A| (tanh) at or above this counts as saturated
INACTIVE_KIND = {"relu": "dead", "sigmoid": "saturated", "tanh": "saturated"}


class LayerStats(NamedTuple):
    """One iteration's facts per layer: grad_norm and update_ratio for layers 1..L, inactive for the hidden
    layers 1..L−1 (dead ReLU or saturated sigmoid/tanh share, INACTIVE_KIND[activation])."""

    grad_norm: tuple[float, ...]
    update_ratio: tuple[float, ...]
    inactive: tuple[float, ...]


def layer_norms(net: MLP, vec: np.ndarray) -> np.ndarray:
    """‖v_l‖ for each layer l, where v_l is the block (W_l, b_l) of a vector laid out like θ."""
    out = np.empty(net.depth)
    for l in range(net.depth):  # noqa: E741
        w, b = net.layout[2 * l], net.layout[2 * l + 1]
        block = vec[w.offset:b.offset + b.size]
        out[l] = float(np.dot(block, block))
    return np.sqrt(out)


def update_ratios(theta_norms: np.ndarray, delta_norms: np.ndarray) -> np.ndarray:
    """‖Δ_l‖ / ‖θ_l‖ elementwise; 0 where Δ_l = 0 and inf where only θ_l = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.asarray(delta_norms, dtype=np.float64) / np.asarray(theta_norms, dtype=np.float64)
    return np.where(np.asarray(delta_norms) == 0, 0.0, r)


def inactive_units(activation: str, a: np.ndarray) -> np.ndarray:
    """Which of the columns (units) of A (rows = batch) are dead (relu) or saturated (sigmoid, tanh) on every row."""
    inactive: np.ndarray
    if activation == "relu":
        inactive = ~np.any(a > 0, axis=0)
    elif activation == "sigmoid":
        inactive = np.all(np.abs(2.0 * a - 1.0) >= SATURATION, axis=0)
    elif activation == "tanh":
        inactive = np.all(np.abs(a) >= SATURATION, axis=0)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return inactive


def inactive_share(activation: str, a: np.ndarray) -> float:
    """The share of the units of A (rows = batch) that are inactive on every row (inactive_units)."""
    return float(np.mean(inactive_units(activation, a))) if a.shape[1] else 0.0


def layer_stats(net: MLP, theta: np.ndarray, grad: np.ndarray, delta: np.ndarray,
                hidden: list[np.ndarray]) -> LayerStats:
    """The facts of one iteration from θ_t, g, Δ and the hidden activations A_1..A_{L−1} of the batch at θ_t."""
    return LayerStats(tuple(layer_norms(net, grad).tolist()),
                      tuple(update_ratios(layer_norms(net, theta), layer_norms(net, delta)).tolist()),
                      tuple(inactive_share(net.activation, a) for a in hidden))
