"""The trainability map: a cell trained among thousands equals the same training alone, bit for bit; small
learning rates train, large ones diverge; a zoomed window recomputes the same cells."""

from __future__ import annotations

import numpy as np

from app.core.trainability import CONVERGED, DIVERGED, TrainabilitySpec, _loss, problem, train_cells, train_rows


def test_a_cell_among_many_is_its_training_alone() -> None:
    spec = TrainabilitySpec(n=24, steps=300)
    whole = train_rows(spec, 24, 0, 24)
    xs, ys = spec.axis_values()
    assert len(set(whole["reason"].tolist())) == 3  # converged, diverged and still-training cells all occur
    for c in range(0, 24 * 24, 37):
        alone = train_cells(np.array([xs[c % 24]]), np.array([ys[c // 24]]), 300)
        got = (int(whole["reason"][c]), int(whole["k"][c]), repr(float(whole["loss"][c])))
        assert got == (int(alone["reason"][0]), int(alone["k"][0]), repr(float(alone["loss"][0]))), c


def plain_training(lr1: float, lr2: float, steps: int) -> tuple[int, int]:
    """The same training written for one net with 2-D arrays: (reason, k)."""
    x, y, w1, w2 = problem(0)
    loss0 = None
    for t in range(steps + 1):
        a = np.tanh(x @ w1.T)
        err = a @ w2 - y
        loss = float(np.mean(err * err))
        loss0 = loss if loss0 is None else loss0
        if not loss <= DIVERGED * loss0:
            return 1, t
        if loss < CONVERGED * loss0:
            return 0, t
        if t == steps:
            return 2, t
        r = err * (2.0 / len(y))
        w1, w2 = w1 - lr1 * ((r[:, None] * w2[None, :] * (1 - a * a)).T @ x), w2 - lr2 * (a.T @ r)
    raise AssertionError


def test_the_batched_training_is_the_textbook_one() -> None:
    xs, ys = TrainabilitySpec().axis_values(12)
    cells = train_cells(np.repeat(xs, 12), np.tile(ys, 12), 400)
    agree = sum((int(cells["reason"][c]), int(cells["k"][c])) == plain_training(xs[c // 12], ys[c % 12], 400)
                for c in range(144))
    assert agree >= 140  # the same maths; a run right at a threshold may tip over on the last bit of a matmul
    x, y, w1, w2 = problem(0)
    assert np.isclose(float(_loss(x, y, w1[None], w2[None])[0][0]), float(np.mean((np.tanh(x @ w1.T) @ w2 - y) ** 2)))


def test_small_rates_train_large_rates_diverge() -> None:
    r = train_cells(np.array([1e-2, 0.3, 50.0, 100.0]), np.array([1e-2, 0.3, 50.0, 100.0]), 400)
    assert r["reason"][0] != 1 and r["reason"][1] != 1
    assert (r["reason"][2:] == 1).all() and (r["k"][2:] < 50).all()


def test_zooming_recomputes_the_window_with_the_same_cells() -> None:
    coarse = TrainabilitySpec(lr1_range=(0.1, 10.0), lr2_range=(0.1, 10.0), n=9, steps=200)
    zoom = TrainabilitySpec(lr1_range=(1.0, 10.0), lr2_range=(1.0, 10.0), n=5, steps=200)
    a, b = train_rows(coarse, 9, 0, 9), train_rows(zoom, 5, 0, 5)
    assert np.isclose(coarse.axis_values()[0][4], zoom.axis_values()[0][0])
    # the zoom's corner cells are the coarse map's upper-right quarter corners (same learning rates)
    for (zi, zj), (ci, cj) in [((0, 0), (4, 4)), ((4, 4), (8, 8)), ((0, 4), (4, 8))]:
        za, ca = zj * 5 + zi, cj * 9 + ci
        assert (b["reason"][za], b["k"][za]) == (a["reason"][ca], a["k"][ca])
