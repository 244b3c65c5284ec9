"""The network view's data: which units are drawn, bounded sizes, quantised values that decode to the truth."""

from __future__ import annotations

import numpy as np

from app.core import nets
from app.core.network_view import (
    DRAWN_UNITS,
    EXAMPLES,
    HEATMAP_GRID,
    activations,
    grid_points,
    pick_examples,
    quantise,
    select_units,
    snapshot,
)


def _net(sizes: tuple[int, ...], activation: str = "relu") -> tuple[nets.MLP, np.ndarray]:
    net = nets.make_mlp(sizes[0], list(sizes[1:-1]), sizes[-1], activation)
    return net, nets.init_params(net, np.random.default_rng(3), "he")


def test_wide_layers_draw_the_units_with_the_largest_outgoing_weights() -> None:
    net, theta = _net((784, 100, 10))
    w1, _, w2, _ = (nets.unflatten(net, theta)[k] for k in ("W1", "b1", "W2", "b2"))
    w2[[7, 42, 99], :] *= 100.0  # three hidden units with by far the strongest outgoing weights
    units = select_units(net, theta)
    assert [len(u) for u in units] == [DRAWN_UNITS, DRAWN_UNITS, 10]
    assert {7, 42, 99} <= set(units[1].tolist()) and list(units[1]) == sorted(units[1])
    strength = np.linalg.norm(w1, axis=1)
    assert np.min(strength[units[0]]) >= np.max(np.delete(strength, units[0]))
    small, th = _net((2, 5, 2))
    assert [u.tolist() for u in select_units(small, th)] == [[0, 1], [0, 1, 2, 3, 4], [0, 1]]


def test_a_784_100_10_snapshot_is_bounded_and_its_images_decode_to_the_weights() -> None:
    net, theta = _net((784, 100, 10))
    units = select_units(net, theta)
    example = np.random.default_rng(0).random(784)
    snap = snapshot(net, theta, units, image_shape=(28, 28), example=example)
    assert [w.shape for w in snap.weights] == [(16, 16), (16, 10)] and [b.shape for b in snap.biases] == [(16,), (10,)]
    assert snap.images is not None and snap.images.q.shape == (16, 784) and snap.images.q.dtype == np.uint8
    w1 = nets.unflatten(net, theta)["W1"][:, units[1]].T
    decoded = (snap.images.q / 127.5 - 1.0) * snap.images.scale[:, None]
    assert np.max(np.abs(decoded - w1) / snap.images.scale[:, None]) <= 0.5 / 127.5 + 1e-12
    acts = activations(net, theta, example[None, :])
    assert snap.example is not None and np.allclose(snap.example[0], acts[0][0, units[1]])
    assert np.isclose(snap.example[1].sum(), 1.0)  # the output is the class probabilities
    assert snap.heatmaps is None


def test_the_examples_are_the_first_of_each_class_and_their_activations_are_each_rows() -> None:
    y = np.array([3, 3, 1, 0, 1, 7, 0, 3, 2])
    assert pick_examples(y).tolist() == [0, 2, 3, 5, 8]  # first 3, 1, 0, 7, 2, in index order
    assert pick_examples(np.arange(30) % 12).tolist() == list(range(EXAMPLES))  # at most EXAMPLES of 12 classes
    net, theta = _net((64, 32, 10))
    units = select_units(net, theta)
    rows = np.random.default_rng(1).random((4, 64))
    snap = snapshot(net, theta, units, example=rows[0], examples=rows)
    assert snap.examples is not None and [a.shape for a in snap.examples] == [(4, 16), (4, 10)]
    for k in range(4):
        acts = activations(net, theta, rows[k][None, :])
        assert np.allclose(snap.examples[0][k], acts[0][0, units[1]]) and np.allclose(snap.examples[1][k], acts[1][0])
    assert np.allclose(snap.examples[0][0], snap.example[0])
    assert snapshot(net, theta, units).examples is None


def test_heatmaps_decode_to_each_units_output_over_the_plane() -> None:
    net, theta = _net((2, 6, 3, 2), "tanh")
    points = grid_points(((-1.0, 1.0), (0.0, 2.0)))
    assert points.shape == (HEATMAP_GRID ** 2, 2) and points[0].tolist() == [-1 + 1 / 16, 1 / 16]
    snap = snapshot(net, theta, select_units(net, theta), points)
    assert snap.heatmaps is not None and [h.q.shape for h in snap.heatmaps] == [(6, 256), (3, 256), (2, 256)]
    for h, a in zip(snap.heatmaps, activations(net, theta, points), strict=True):
        decoded = h.lo[:, None] + h.q / 255.0 * (h.hi - h.lo)[:, None]
        assert np.max(np.abs(decoded - a.T)) <= 0.5 * np.max(h.hi - h.lo) / 255 + 1e-12
    assert snap.heatmaps[-1].lo.tolist() == [0, 0] and snap.heatmaps[-1].hi.tolist() == [1, 1]  # probabilities


def test_quantise_clips_and_spans_the_range() -> None:
    q = quantise(np.array([[-1.0, 0.0, 0.5, 1.0, 2.0]]), np.array([0.0]), np.array([1.0]))
    assert q.tolist() == [[0, 0, 128, 255, 255]]
