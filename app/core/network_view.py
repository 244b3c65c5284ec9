"""What the network view draws, bounded whatever the net: the drawn units of each layer, their weights and biases,
each drawn unit's output over a coarse grid of the input plane (2D data), the first layer's weights as images (image
data) and the activations of a few test images (image data), one of which the learner looks at.

Bounds of one snapshot: at most K = DRAWN_UNITS units per layer, so at most K² weights per layer; heatmaps on a
HEATMAP_GRID × HEATMAP_GRID grid, one byte per value; first-layer weight images of at most K units, one byte per pixel;
the activations of at most EXAMPLES test images (the first of each class), at the drawn units only.
Selection: a layer of n_l ≤ K units is drawn whole; a wider input or hidden layer by the K units j with the largest
outgoing weights ‖W_{l+1}[j, :]‖₂ (listed by index); the output layer whole (its first K when wider).
Quantisation to uint8: q = round(255 · (a − lo) / (hi − lo)) clipped, with [lo, hi] = [0, 1] for sigmoid units and
class probabilities, [−1, 1] for tanh, [0, max over the grid] for relu (1 when the unit is 0 everywhere), [min, max]
for raw (mse) outputs; weight images q = round(127.5 · (1 + w / s)) with s = max |w| of the unit's image.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .backprop import activate, views

if TYPE_CHECKING:
    from .nets import MLP

__all__ = ["DRAWN_UNITS", "EXAMPLES", "HEATMAP_GRID", "Heatmaps", "NetworkSnapshot", "WeightImages", "activations",
           "grid_points", "pick_examples", "quantise", "select_units", "snapshot"]

DRAWN_UNITS = 16
HEATMAP_GRID = 16
EXAMPLES = 10


class Heatmaps(NamedTuple):
    """One layer's drawn units over the grid: q[u] is unit u's row-major grid in bytes, mapped from [lo[u], hi[u]]."""

    q: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


class WeightImages(NamedTuple):
    """First-layer weights of the drawn layer-1 units as images: q[u] in bytes, 127.5 ↔ 0, 0/255 ↔ ∓scale[u]."""

    q: np.ndarray
    scale: np.ndarray


class NetworkSnapshot(NamedTuple):
    """units[l]: drawn unit indices of layer l = 0..L; weights[l − 1] = W_l[units[l − 1]][:, units[l]];
    biases[l − 1] = b_l[units[l]]; heatmaps[l − 1] for layers 1..L (2D data); images (image data); example[l − 1]:
    A_l of the chosen example at the drawn units of layer l; examples[l − 1]: A_l of each example row (one row per
    example) at the drawn units of layer l."""

    units: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    heatmaps: tuple[Heatmaps, ...] | None
    images: WeightImages | None
    example: tuple[np.ndarray, ...] | None
    examples: tuple[np.ndarray, ...] | None = None


def pick_examples(y: np.ndarray, k: int = EXAMPLES) -> np.ndarray:
    """Indices of the first row of each class in y, in index order, at most k of them (so index 0 comes first)."""
    labels = np.asarray(y).ravel()
    _, first = np.unique(labels, return_index=True)
    return np.sort(first)[:k]


def select_units(net: MLP, theta: np.ndarray, k: int = DRAWN_UNITS) -> tuple[np.ndarray, ...]:
    """The drawn units of each layer 0..L: all of a layer with at most k units, else the k with the largest
    outgoing weight norm (output layer: the first k), in index order."""
    layers = views(net, theta)
    out = []
    for l, n in enumerate(net.sizes):  # noqa: E741
        if n <= k:
            out.append(np.arange(n))
        elif l == net.depth:
            out.append(np.arange(k))
        else:
            w = np.asarray(layers[l][0], dtype=np.float64)
            strength = np.einsum("ij,ij->i", w, w)
            out.append(np.sort(np.argsort(-strength, kind="stable")[:k]))
    return tuple(out)


def activations(net: MLP, theta: np.ndarray, x: np.ndarray) -> list[np.ndarray]:
    """A_1..A_L for the rows of x: hidden layers after f, the output as class probabilities (cross_entropy) or raw."""
    a, out = np.asarray(x, dtype=np.float64), []
    layers = views(net, theta)
    for l, (w, b) in enumerate(layers):  # noqa: E741
        z = a @ w + b
        if l < net.depth - 1:
            activate(z, net.activation)
        elif net.loss == "cross_entropy":
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
        out.append(z)
        a = z
    return out


def grid_points(domain: tuple[tuple[float, float], tuple[float, float]], k: int = HEATMAP_GRID) -> np.ndarray:
    """The k × k cell centres of the domain ((x0, x1), (y0, y1)) as rows (x, y), row-major with y rising."""
    (x0, x1), (y0, y1) = domain
    xs = x0 + (np.arange(k) + 0.5) * (x1 - x0) / k
    ys = y0 + (np.arange(k) + 0.5) * (y1 - y0) / k
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def quantise(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """round(255 (v − lo) / (hi − lo)) clipped to 0..255, per row of `values` (lo, hi one per row)."""
    lo, hi = np.asarray(lo, dtype=np.float64)[:, None], np.asarray(hi, dtype=np.float64)[:, None]
    span = np.where(hi > lo, hi - lo, 1.0)
    return np.clip(np.rint(255.0 * (values - lo) / span), 0, 255).astype(np.uint8)


def _ranges(net: MLP, layer: int, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[lo, hi] per unit (column of a) of layer 1..L, as in the module docstring."""
    n = a.shape[1]
    if layer == net.depth:
        if net.loss == "cross_entropy":
            return np.zeros(n), np.ones(n)
        return a.min(axis=0), a.max(axis=0)
    if net.activation == "sigmoid":
        return np.zeros(n), np.ones(n)
    if net.activation == "tanh":
        return -np.ones(n), np.ones(n)
    top = a.max(axis=0)
    return np.zeros(n), np.where(top > 0, top, 1.0)


def snapshot(net: MLP, theta: np.ndarray, units: tuple[np.ndarray, ...], points: np.ndarray | None = None,
             image_shape: tuple[int, int] | None = None, example: np.ndarray | None = None,
             examples: np.ndarray | None = None) -> NetworkSnapshot:
    """The view's data at θ for the drawn `units`: heatmaps over `points` (rows (x, y)), weight images when the
    inputs are images of `image_shape`, the activations of `example` (one input row) and of `examples` (rows)."""
    layers = views(net, theta)
    weights = tuple(np.asarray(w, dtype=np.float64)[np.ix_(units[l], units[l + 1])]
                    for l, (w, _) in enumerate(layers))  # noqa: E741
    biases = tuple(np.asarray(b, dtype=np.float64)[units[l + 1]] for l, (_, b) in enumerate(layers))  # noqa: E741
    heat: tuple[Heatmaps, ...] | None = None
    if points is not None:
        maps = []
        for l, a in enumerate(activations(net, theta, points), start=1):  # noqa: E741
            picked = a[:, units[l]]
            lo, hi = _ranges(net, l, picked)
            maps.append(Heatmaps(quantise(picked.T, lo, hi), lo, hi))
        heat = tuple(maps)
    images = None
    if image_shape is not None and net.sizes[0] == image_shape[0] * image_shape[1]:
        w = np.asarray(layers[0][0], dtype=np.float64)[:, units[1]].T
        scale = np.abs(w).max(axis=1)
        scale = np.where(scale > 0, scale, 1.0)
        images = WeightImages(np.clip(np.rint(127.5 * (1.0 + w / scale[:, None])), 0, 255).astype(np.uint8), scale)
    ex = None
    if example is not None:
        ex = tuple(a[0, units[k]] for k, a in enumerate(activations(net, theta, example[None, :]), start=1))
    many = None
    if examples is not None:
        many = tuple(a[:, units[k]] for k, a in enumerate(activations(net, theta, examples), start=1))
    return NetworkSnapshot(units, weights, biases, heat, images, ex, many)
