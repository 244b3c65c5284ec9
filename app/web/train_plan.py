"""The plan of a training run before any data are loaded: N, the split, the batch size, iterations per epoch and
in total, and the parameter count. The server's only copy of this arithmetic, with the core's own functions:

  (n_train, n_validation, n_test) = split_sizes(N, validation_fraction, test_fraction)
  batch = min(batch_size, n_train);  iterations per epoch = ⌈n_train / batch⌉ (⌊…⌋ with drop_last)
  total = iterations per epoch × epochs

N is the requested n, capped by the images the server has for an image set (the catalog's count), so the limit
check and the page's preview (`POST /api/v1/train/plan`) agree with the `meta` plan of the run itself.
"""

from __future__ import annotations

from typing import Any

from app.core.batching import iterations_per_epoch, split_sizes
from app.core.datasets import DATASETS, DatasetSpec
from app.core.nets import make_mlp
from app.core.training_setup import TrainConfig


def samples(dataset: str | DatasetSpec, given: dict[str, Any], available: int | None) -> int:
    """N: the requested n (else the data set's default), at most the `available` samples of an image set."""
    spec = DATASETS[dataset] if isinstance(dataset, str) else dataset
    n = {**spec.defaults, **given}.get("n")
    if spec.kind == "image" and available is not None:
        return available if n is None else min(int(n), available)
    return int(n) if n is not None else 0


def plan_of(dataset: str | DatasetSpec, given: dict[str, Any], cfg: TrainConfig,
            available: int | None) -> dict[str, int]:
    """The plan for a validated run, under the names of the `meta` plan (app.core.training.Plan); n_train is 0
    (and no iteration) when the held-out fractions leave nothing. `dataset`: a key or the spec (a learner's own
    points); `given`: the data set parameters of the run. The inputs are the chosen features, else the data's."""
    spec = DATASETS[dataset] if isinstance(dataset, str) else dataset
    params: dict[str, Any] = {**spec.defaults, **given}
    n = samples(spec, given, available)
    n_in = len(cfg.features) or spec.features
    vf, tf = params.get("validation_fraction") or 0.0, params.get("test_fraction") or 0.0
    try:
        n_train, n_val, n_test = split_sizes(n, vf, tf)
    except ValueError:
        n_train, n_val, n_test = 0, n - round(n * tf), round(n * tf)
    batch = max(1, min(cfg.batch_size, n_train))
    ipe = iterations_per_epoch(n_train, batch, cfg.drop_last)
    n_out = max(spec.classes, 1)
    try:
        parameters = make_mlp(n_in, cfg.hidden, n_out, cfg.activation, cfg.loss).n_params
    except ValueError:  # a net the core refuses (checked and reported elsewhere)
        parameters = sum((a + 1) * b for a, b in zip((n_in, *cfg.hidden), (*cfg.hidden, n_out), strict=True))
    return {"n": n, "n_train": n_train, "n_validation": n_val, "n_test": n_test, "batch_size": batch,
            "iterations_per_epoch": ipe, "epochs": cfg.epochs, "total_iterations": ipe * cfg.epochs,
            "parameters": parameters}


def batch_table(n_train: int, batch: int, also: list[int], drop_last: bool = False) -> list[dict[str, Any]]:
    """Rows "batch size → iterations per epoch" for N training samples: 1, 32, the plan's batch, `also`, and the
    full batch N, each with ⌈N / B⌉ (⌊N / B⌋ with drop_last)."""
    sizes = sorted({b for b in (1, 32, batch, *also, n_train) if 1 <= b <= n_train})
    return [{"batch": b, "iterations_per_epoch": iterations_per_epoch(n_train, b, drop_last), "full": b == n_train}
            for b in sizes]
