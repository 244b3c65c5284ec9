from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from app.core import nets
from app.core.datasets import Dataset, linreg_surface, load
from app.core.registry import make_schedule
from app.core.training import Epoch, Iteration, Plan, TrainConfig, TrainDone, least_squares, prepare, train
from app.core.training_setup import config_for
from tests.mnist_data import MNIST_DIR, needs_mnist

LESSON = {"hidden": (100,), "activation": "sigmoid", "init": "normal", "init_std": 0.01, "optimizer": "sgd",
          "batch_size": 100, "epochs": 20, "landscape": False}


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread() -> Iterator[None]:
    with threadpool_limits(1):
        yield


def run(data: Dataset, config: TrainConfig) -> tuple[Plan, list[Iteration], list[Epoch], TrainDone]:
    records = list(train(data, config))
    plan, done = records[0], records[-1]
    assert isinstance(plan, Plan) and isinstance(done, TrainDone)
    middle = records[1:-1]
    assert all(isinstance(r, Iteration | Epoch) for r in middle)
    return (plan, [r for r in middle if isinstance(r, Iteration)], [r for r in middle if isinstance(r, Epoch)],
            done)


def _floats(obj: Any) -> Iterator[float]:
    if isinstance(obj, float | np.floating):
        yield float(obj)
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f":
            yield from obj.ravel().tolist()
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _floats(v)
    elif isinstance(obj, tuple | list):
        for v in obj:
            yield from _floats(v)
    elif hasattr(obj, "__dict__"):
        yield from _floats(vars(obj))


def test_record_order_counts_and_step_numbering() -> None:
    data = load("moons", n=130, validation_fraction=0.0, test_fraction=0.0)
    cfg = TrainConfig(batch_size=40, epochs=3, schedule="step", schedule_params={"step_size": 3})
    records = list(train(data, cfg))
    plan = records[0]
    assert (plan.n, plan.n_train, plan.batch_size, plan.iterations_per_epoch) == (130, 130, 40, 4)
    assert (plan.total_iterations, plan.parameters) == (12, 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2)
    kinds = [type(r).__name__ for r in records]
    assert kinds == ["Plan", "Epoch"] + (["Iteration"] * 4 + ["Epoch"]) * 3 + ["TrainDone"]
    its = [r for r in records if isinstance(r, Iteration)]
    assert [r.t for r in its] == list(range(12))
    assert [(r.epoch, r.iteration) for r in its] == [(e, i) for e in (1, 2, 3) for i in range(4)]
    lr = make_schedule("step", 0.1, step_size=3)
    assert [r.lr for r in its] == [lr(t) for t in range(12)]
    assert [r.epoch for r in records if isinstance(r, Epoch)] == [0, 1, 2, 3]
    assert [r.t for r in records if isinstance(r, Epoch)] == [0, 4, 8, 12]
    done = records[-1]
    assert (done.reason, done.t, done.epoch, done.summary["epochs_completed"]) == ("completed", 12, 3, 3)


@pytest.mark.parametrize(("n", "batch", "drop_last", "per_epoch"), [(120, 40, False, 3), (121, 40, False, 4),
                                                                    (121, 40, True, 3), (30, 40, False, 1)])
@pytest.mark.parametrize("sampling", ["shuffle", "with_replacement"])
def test_iteration_counts_are_exact(n: int, batch: int, drop_last: bool, per_epoch: int, sampling: str) -> None:
    data = load("circle", n=n, validation_fraction=0.0, test_fraction=0.0)
    plan, its, epochs, done = run(data, TrainConfig(batch_size=batch, epochs=2, drop_last=drop_last,
                                                   sampling=sampling, landscape=False))
    assert plan.iterations_per_epoch == per_epoch and plan.batch_size == min(batch, n)
    assert len(its) == plan.total_iterations == 2 * per_epoch == done.t
    assert len(epochs) == 3


def test_same_seed_reproduces_exactly_and_another_seed_differs() -> None:
    data = load("spiral", n=200)
    cfg = TrainConfig(epochs=4, batch_size=16, sampling="with_replacement")
    a, b = list(train(data, cfg)), list(train(data, cfg))
    c = list(train(data, TrainConfig(epochs=4, batch_size=16, sampling="with_replacement", seed=1)))
    assert [r.loss for r in a if isinstance(r, Iteration)] == [r.loss for r in b if isinstance(r, Iteration)]
    np.testing.assert_array_equal(a[-1].theta, b[-1].theta)
    np.testing.assert_array_equal(a[-1].landscape.grid.values, b[-1].landscape.grid.values)
    assert a[-1].theta.shape == c[-1].theta.shape and not np.array_equal(a[-1].theta, c[-1].theta)


def test_in_place_sgd_gives_the_optimizers_numbers_bit_for_bit() -> None:
    data = load("moons", n=150)
    sgd = run(data, TrainConfig(epochs=3, lr=0.2, landscape=False))
    via_optimizer = run(data, TrainConfig(epochs=3, lr=0.2, optimizer="momentum",
                                          optimizer_params={"momentum": 0.0}, landscape=False))
    np.testing.assert_array_equal(sgd[3].theta, via_optimizer[3].theta)
    assert [r.loss for r in sgd[1]] == [r.loss for r in via_optimizer[1]]


def test_every_optimizer_and_float32_train_the_same_net() -> None:
    data = load("circle", n=200)
    for name, lr in (("momentum", 0.05), ("nesterov", 0.05), ("adagrad", 0.05), ("rmsprop", 0.005), ("adam", 0.01),
                     ("adamw", 0.01)):
        _, _, epochs, done = run(data, TrainConfig(optimizer=name, lr=lr, epochs=30, landscape=False))
        assert epochs[-1].train_loss < 0.5 * epochs[0].train_loss, name
    _, _, _, done = run(data, TrainConfig(epochs=30, lr=0.3, dtype="float32", landscape=False))
    assert done.theta.dtype == np.float32 and done.summary["test_accuracy"] >= 0.95


@pytest.mark.parametrize(("key", "floor"), [("digits", 0.95), ("moons", 0.95), ("circle", 0.95), ("spiral", 0.90)])
def test_accuracy_floors_at_the_suggested_settings(key: str, floor: float) -> None:
    cfg = config_for(key)
    assert key != "spiral" or len(cfg.hidden) == 2
    _, _, _, done = run(load(key), cfg)
    assert done.reason == "completed" and done.diagnosis.verdict == "converged"
    assert done.summary["test_accuracy"] >= floor, done.summary


@pytest.mark.parametrize(("lr", "floor"), [(0.1, 0.84), (0.5, 0.89)])
def test_mnist5k_with_the_lessons_settings(lr: float, floor: float) -> None:
    data = load("mnist5k")
    plan, _, _, done = run(data, TrainConfig(**LESSON, lr=lr))
    assert (plan.n_train, plan.n_test, plan.parameters, plan.total_iterations) == (4000, 1000, 79510, 800)
    assert done.summary["test_accuracy"] >= floor, done.summary


@needs_mnist
def test_real_mnist_t10k_with_the_lessons_settings() -> None:
    data = load("mnist", mnist_dir=MNIST_DIR)
    plan, _, _, done = run(data, TrainConfig(**LESSON, lr=0.5))
    assert (plan.n_train, plan.n_test) == (8000, 2000)
    assert done.summary["test_accuracy"] >= 0.90, done.summary


def test_early_stopping_restores_the_best_weights() -> None:
    data = load("digits", n=300)
    cfg = TrainConfig(hidden=(64,), lr=0.3, epochs=150, patience=10, landscape=False)
    _, _, epochs, done = run(data, cfg)
    val = [e.validation_loss for e in epochs]
    best = int(np.argmin(val))
    assert done.reason == "early_stopping" and done.best_epoch == best
    assert epochs[-1].epoch == best + 10 < 150
    assert [e.epoch for e in epochs if e.best][-1] == best
    prep = prepare(data, cfg)
    restored, _ = nets.evaluate(prep.net, done.theta, prep.split.validation.x, prep.split.validation.y)
    assert restored == pytest.approx(val[best], rel=1e-12)
    assert done.summary["validation_loss"] == pytest.approx(val[best], rel=1e-12) and done.summary["restored"]


def test_overfitting_is_diagnosed() -> None:
    data = load("moons", n=200, noise=0.4, validation_fraction=0.4)
    cfg = TrainConfig(hidden=(128, 128), optimizer="adam", lr=0.02, batch_size=16, epochs=60, landscape=False)
    _, _, epochs, done = run(data, cfg)
    d = done.diagnosis
    assert d.verdict == "overfitting" and d.sentence.key == "training.diagnosis.overfitting"
    gap = epochs[-1].train_accuracy - epochs[-1].validation_accuracy
    assert gap == pytest.approx(d.facts["gap"]) and gap > 2 * d.facts["gap_se"]
    assert d.facts["gap_se"] == pytest.approx(math.sqrt(0.7875 * 0.2125 / 80), rel=0.2)
    assert [a.kind for a in d.advice] == ["stop_earlier"] and d.counterfactual is not None


def test_a_gap_within_noise_is_not_overfitting() -> None:
    data = load("moons", n=100, noise=0.3)  # 20 validation samples: two standard errors are about 0.16
    _, _, _, done = run(data, TrainConfig(hidden=(64, 64), lr=0.3, epochs=300, landscape=False))
    d = done.diagnosis
    assert d.verdict != "overfitting" and d.facts["n_held_out"] == 20
    assert 0 < d.facts["gap"] <= 2 * d.facts["gap_se"]
    assert "training.diagnosis.gap_within_noise" in [n.key for n in d.notes]


def test_full_batch_training_at_lr_01_is_still_learning() -> None:
    _, its, _, done = run(load("digits"), config_for("digits", lr=0.1, batch_size=2000, landscape=False))
    assert len(its) == 50 and done.diagnosis.verdict == "still_improving"
    assert "training.diagnosis.full_batch" in [n.key for n in done.diagnosis.notes]


@pytest.mark.parametrize(("key", "overrides"), [("linreg", {"epochs": 100}), ("moons", {"loss": "mse"}),
                                                ("digits", {"loss": "mse"})])
def test_lr_100_diverges_cleanly(key: str, overrides: dict[str, Any]) -> None:
    records = list(train(load(key), config_for(key, lr=100.0, **overrides)))
    done = records[-1]
    assert done.reason == "diverged" and done.diagnosis.verdict == "diverged"
    assert "not finite" in done.detail and str(done.t) in done.detail
    assert all(math.isfinite(v) for r in records for v in _floats(r))
    assert np.isfinite(done.theta).all() and done.landscape is not None


def test_lr_100_with_softmax_cross_entropy_stays_finite_but_is_called_exploded() -> None:
    records = list(train(load("moons"), config_for("moons", lr=100.0, epochs=20)))
    done = records[-1]
    assert done.reason == "completed" and done.diagnosis.verdict == "exploded_collapsed"
    assert done.diagnosis.facts["spike_ratio"] >= 10 and done.diagnosis.facts["majority_share"] >= 0.8
    assert all(math.isfinite(v) for r in records for v in _floats(r))


def test_pca_plane_of_the_trajectory() -> None:
    data = load("moons", n=200)
    _, _, _, done = run(data, TrainConfig(epochs=12, landscape_size=9))
    scape = done.landscape
    assert scape.path.shape == (13, 2) and scape.epochs == tuple(range(13))
    assert scape.grid.shape == (9, 9) and scape.grid.values.shape == (9, 9)
    assert np.isfinite(scape.grid.values).all() and np.isfinite(scape.path).all() and scape.capped == 0
    r1, r2 = scape.explained_variance
    assert 0.0 <= r2 <= r1 <= 1.0 and r1 + r2 <= 1.0 + 1e-12 and r1 > 0.5
    np.testing.assert_allclose(scape.path[-1], 0.0, atol=1e-12)
    assert (scape.path[0] <= 0).all()
    (a0, a1), (b0, b1) = scape.grid.domain
    assert a0 <= scape.path[:, 0].min() <= scape.path[:, 0].max() <= a1 and b0 <= scape.path[:, 1].min() < b1
    prep = prepare(data, TrainConfig(epochs=12))
    x, y = prep.split.train.x[:512], prep.split.train.y[:512]
    assert scape.grid.values.min() <= nets.loss(prep.net, done.theta, x, y) + 1e-9


def test_trajectory_snapshots_are_thinned_evenly() -> None:
    _, _, _, done = run(load("circle", n=100), TrainConfig(epochs=20, max_snapshots=5))
    assert done.landscape.epochs[0] == 0 and done.landscape.epochs[-1] == 20
    assert len(done.landscape.epochs) <= 6 and len(set(np.diff(done.landscape.epochs[:-1]))) == 1


def test_decision_boundary_every_epoch_for_2d_data() -> None:
    data = load("circle", n=200)
    plan, _, epochs, _ = run(data, TrainConfig(epochs=3, boundary_size=20, landscape=False))
    shape, ((x0, x1), (y0, y1)) = plan.boundary
    assert shape == (20, 20)
    assert x0 < data.x[:, 0].min() and x1 > data.x[:, 0].max() and y0 < data.x[:, 1].min() and y1 > data.x[:, 1].max()
    for e in epochs:
        assert e.boundary.values.shape == (20, 20) and e.boundary.quantity == "probability"
        assert 0.0 <= e.boundary.values.min() <= e.boundary.values.max() <= 1.0
    assert not np.array_equal(epochs[0].boundary.values, epochs[-1].boundary.values)
    _, _, img_epochs, _ = run(load("digits", n=100), TrainConfig(epochs=1, landscape=False))
    assert all(e.boundary is None for e in img_epochs)


def test_stop_and_iteration_limit() -> None:
    data = load("moons", n=200)
    calls = iter(range(1000))
    records = list(train(data, TrainConfig(epochs=5), stop=lambda: next(calls) >= 7))
    assert records[-1].reason == "stopped" and records[-1].t == 7
    assert sum(isinstance(r, Iteration) for r in records) == 7
    _, its, _, done = run(data, TrainConfig(epochs=5, max_iterations=9, landscape=False))
    assert done.reason == "limit" and len(its) == 9 == done.t
    assert (done.epoch, done.summary["epochs_completed"]) == (3, 2)  # 4 iterations per epoch: stopped inside epoch 3


def test_linear_regression_walks_the_exact_surface() -> None:
    data = load("linreg")
    cfg = config_for("linreg", epochs=200)
    plan, its, _, done = run(data, cfg)
    assert plan.parameters == 2 and plan.iterations_per_epoch == 1
    surface = linreg_surface(data.x[:, 0], data.y)
    for r in its[:5]:
        assert r.loss == pytest.approx(float(surface.loss(np.array(r.xy))), rel=1e-12)
    np.testing.assert_allclose(done.theta, surface.minimum, rtol=1e-6)
    np.testing.assert_allclose(plan.least_squares["params"], surface.minimum, rtol=1e-10)
    direct = least_squares(data.x, data.y)
    assert plan.least_squares["loss"] == pytest.approx(direct["loss"], rel=1e-12)
    assert plan.least_squares["params"] == pytest.approx(direct["params"], rel=1e-12)
    assert done.diagnosis.verdict == "converged"


def test_numerical_gradient_mode_follows_backprop() -> None:
    data = load("gaussians", n=60)
    cfg = TrainConfig(hidden=(4,), epochs=2, batch_size=20, landscape=False)
    _, bp, _, a = run(data, cfg)
    plan, num, _, b = run(data, TrainConfig(hidden=(4,), epochs=2, batch_size=20, gradient="numerical",
                                            landscape=False))
    assert plan.numerical_cost.evaluations == 2 * plan.parameters
    assert bp[0].loss == num[0].loss
    np.testing.assert_allclose([r.grad_norm for r in num], [r.grad_norm for r in bp], rtol=1e-6)
    np.testing.assert_allclose(b.theta, a.theta, rtol=1e-6, atol=1e-9)


def test_bad_configurations_are_rejected_before_training() -> None:
    data = load("moons", n=100)
    for cfg in (TrainConfig(patience=3, gradient="magic"), TrainConfig(sampling="bootstrap"),
                TrainConfig(batch_size=0)):
        with pytest.raises(ValueError):
            next(train(data, cfg))
    with pytest.raises(ValueError, match="validation"):
        next(train(load("moons", n=100, validation_fraction=0.0), TrainConfig(patience=3)))
    with pytest.raises(ValueError, match="mse"):
        next(train(load("linreg"), TrainConfig()))
