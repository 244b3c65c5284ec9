"""Sweep maps: every sampled cell is the single run done alone, bit for bit; the stability edge of a quadratic is
where the closed form puts it; Himmelblau's basins reach all four minima."""

from __future__ import annotations

import random

import numpy as np
import pytest

from app.core.runs import descent_run, take
from app.core.surfaces import SURFACES
from app.core.sweep import OUTCOMES, SweepSpec, cell_spec, levels, run_rows, run_sweep, sweep_steps, tiles

CASES = [(surface, opt, axes) for surface in SURFACES
         for opt, axes in [("momentum", "lr_momentum"), ("adam", "lr_momentum"), ("sgd", "lr_steps"),
                           ("nesterov", "start"), ("rmsprop", "lr_momentum"), ("adagrad", "start"),
                           ("adamw", "lr_momentum")]]


@pytest.mark.parametrize(("surface", "optimizer", "axes"), CASES)
def test_a_cell_is_the_run_done_alone_bit_for_bit(surface: str, optimizer: str, axes: str) -> None:
    conv = "book" if optimizer in ("nesterov", "adagrad", "adamw") else "pytorch"
    spec = SweepSpec(surface=surface, optimizer=optimizer, axes=axes, steps=150, convention=conv,
                     hyper={"weight_decay": 0.01} if optimizer == "adam" else {})
    n = 12
    result = run_sweep(spec, n)
    rng = random.Random(f"{surface}{optimizer}{axes}")
    seen = set()
    for _ in range(12):
        i, j = rng.randrange(n), rng.randrange(n)
        c = j * n + i
        cols, done = take(descent_run(cell_spec(spec, i, j, n)), 10**6)
        assert (OUTCOMES[result.reason[c]], int(result.k[c])) == (done.reason, done.t), (i, j)
        if np.isfinite(result.x[c]) and done.t == cols.t[-1]:
            assert repr((float(result.x[c]), float(result.y[c]))) == repr(cols.xy[-1]), (i, j)
        seen.add(done.reason)
    assert seen  # at least one outcome was compared


def test_tiles_cover_the_grid_and_give_the_same_cells() -> None:
    spec = SweepSpec(surface="himmelblau", optimizer="sgd", axes="start", lr=0.01, steps=200)
    whole = run_rows(spec, 40, 0, 40)
    parts = [run_rows(spec, 40, j0, j1) for j0, j1 in tiles(40, tile_cells=300)]
    assert len(parts) > 1
    for key in ("reason", "k", "x", "y", "minimum"):
        assert np.array_equal(np.concatenate([p[key] for p in parts]), whole[key], equal_nan=True)
    assert levels(512) == [32, 64, 128, 256, 512] and levels(100) == [32, 64, 100] and levels(20) == [20]


def heavy_ball_radius(lr: np.ndarray, mu: np.ndarray, curvature: float) -> np.ndarray:
    """Spectral radius of θ ← θ − η b, b ← μ b + λ θ on f = λθ²/2: roots of z² − (1 + μ − ηλ) z + μ."""
    b = 1.0 + mu - lr * curvature
    disc = np.sqrt((b * b - 4 * mu).astype(complex))
    return np.maximum(abs((b + disc) / 2), abs((b - disc) / 2))


def test_the_stability_bound_2_over_L_is_a_sharp_edge() -> None:
    # the bowl x² + y²: L = 2, plain SGD is stable exactly for lr < 2/L = 1; with heavy-ball momentum μ, lr < 2(1+μ)/L
    n, steps = 64, 400
    spec = SweepSpec(surface="bowl", optimizer="momentum", axes="lr_momentum", x_range=(0.3, 3.0),
                     y_range=(0.0, 0.9), steps=steps, grad_tol=1e-8)
    r = run_sweep(spec, n)
    lr, mu = np.meshgrid(r.xs, r.ys)
    lr, mu = lr.ravel(), mu.ravel()
    rho = heavy_ball_radius(lr, mu, 2.0)
    diverged = r.reason == 1
    # the bound: |θ| grows like ρ^k from |θ0| = 4 to beyond 50; a run that must get there within the steps diverges
    must = np.log(50 / 4) / np.log(np.maximum(rho, 1 + 1e-12)) < steps * 0.5
    assert diverged[must].all()
    assert not diverged[rho < 1].any()
    assert (lr[diverged] * 2.0 > 2 * (1 + mu[diverged]) - 1e-9).all()  # nothing diverges inside the bound



def test_sgd_diverges_exactly_above_lr_1_at_the_step_the_closed_form_gives() -> None:
    # SGD on x² + y² from (-3, 4): θ_k = (1 − 2 lr)^k θ_0, so it leaves the box |θ| ≤ 50 at the first k with
    # 4·|1 − 2 lr|^k > 50, and never for lr < 1
    spec = SweepSpec(surface="bowl", optimizer="sgd", axes="lr_steps", x_range=(0.9, 1.1), steps=2000,
                     start=(-3.0, 4.0), grad_tol=1e-8)
    n = 41
    r = run_sweep(spec, n)
    top = r.reason[(n - 1) * n:], r.k[(n - 1) * n:]  # the row with the whole budget
    for lr, reason, k in zip(r.xs, *top, strict=True):
        if lr < 1.0:
            assert reason != 1, lr
        else:
            k_pred = np.log(50 / 4) / np.log(2 * lr - 1)
            assert reason == 1 and abs(k - np.ceil(k_pred)) <= 1, (lr, k, k_pred)
    edge = int(np.argmax(r.xs > 1.0))  # the sharp edge: the first column above 2/L diverges, the one below not
    assert r.xs[edge - 1] < 1.0 < r.xs[edge] and top[0][edge] == 1 and top[0][edge - 1] != 1


def test_himmelblau_basins_reach_all_four_minima() -> None:
    spec = SweepSpec(surface="himmelblau", optimizer="sgd", axes="start", lr=0.01, steps=500, grad_tol=1e-6)
    r = run_sweep(spec, 24)
    assert set(np.unique(r.minimum[r.reason == 0])) == {0, 1, 2, 3}
    # a start next to a minimum ends in that minimum
    for m, (mx, my) in enumerate(SURFACES["himmelblau"].minima):
        i, j = int(np.argmin(abs(r.xs - mx))), int(np.argmin(abs(r.ys - my)))
        assert r.minimum[j * 24 + i] == m


def test_lr_steps_reads_one_run_at_every_budget() -> None:
    spec = SweepSpec(surface="elongated", optimizer="sgd", axes="lr_steps", steps=120, grad_tol=1e-4)
    r = run_sweep(spec, 16)
    for i in (0, 5, 15):
        for j in (0, 7, 15):
            _, done = take(descent_run(cell_spec(spec, i, j, 16)), 10**6)
            c = j * 16 + i
            assert (OUTCOMES[r.reason[c]], int(r.k[c])) == (done.reason, done.t)


def test_bad_sweeps_are_refused() -> None:
    with pytest.raises(ValueError, match="lr_momentum needs"):
        SweepSpec(optimizer="sgd", axes="lr_momentum")
    with pytest.raises(ValueError, match="unknown axes"):
        SweepSpec(axes="lr_batch")


def test_the_resumable_sweep_yields_once_a_tile_and_answers_the_whole_grid() -> None:
    spec = SweepSpec(surface="elongated", optimizer="momentum", axes="lr_momentum", steps=60)
    n = 160  # 160² cells: two tiles of 16,384 cells
    work = sweep_steps(spec, n)
    pieces = 0
    while True:
        try:
            next(work)
            pieces += 1
        except StopIteration as done:
            whole = done.value
            break
    assert pieces == len(tiles(n)) == 2
    alone = run_sweep(spec, n)
    for key in ("reason", "k", "x", "y", "minimum"):
        assert np.array_equal(getattr(whole, key), getattr(alone, key), equal_nan=True), key
