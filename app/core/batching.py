"""Train / validation / test splits and mini-batch index streams.

Split: one seeded permutation of the N samples; the first n_train go to training, the next n_validation to
validation, the last n_test to test, with n_part = ⌊N·fraction + ½⌋ (no stratification).
Mini-batches per epoch:
  shuffle           a fresh permutation each epoch cut into batches of batch_size: every sample exactly once;
                    the last, smaller batch is kept unless drop_last.
  with_replacement  each iteration draws batch_size indices uniformly with replacement (rng.choice), as the
                    lessons do with np.random.choice(train_size, batch_size).
iterations_per_epoch = ⌈N / batch_size⌉, or ⌊N / batch_size⌋ with drop_last.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

SAMPLINGS = ("shuffle", "with_replacement")


class Part(NamedTuple):
    x: np.ndarray
    y: np.ndarray

    @property
    def n(self) -> int:
        return len(self.y)


class Split(NamedTuple):
    train: Part
    validation: Part
    test: Part


def split_sizes(n: int, validation_fraction: float, test_fraction: float) -> tuple[int, int, int]:
    """(n_train, n_validation, n_test) for N samples; raises ValueError when training would get no sample."""
    for name, f in (("validation_fraction", validation_fraction), ("test_fraction", test_fraction)):
        if not 0.0 <= f < 1.0:
            raise ValueError(f"{name} must be in [0, 1)")
    n_val = int(np.floor(n * validation_fraction + 0.5))
    n_test = int(np.floor(n * test_fraction + 0.5))
    n_train = n - n_val - n_test
    if n_train < 1:
        raise ValueError("validation_fraction + test_fraction leave no training sample")
    return n_train, n_val, n_test


def split(x: np.ndarray, y: np.ndarray, validation_fraction: float, test_fraction: float,
          rng: np.random.Generator) -> Split:
    """Seeded permutation split into train / validation / test (copies, in permuted order)."""
    n_train, n_val, _ = split_sizes(len(y), validation_fraction, test_fraction)
    perm = rng.permutation(len(y))
    parts = np.split(perm, [n_train, n_train + n_val])
    return Split(*(Part(np.ascontiguousarray(x[i]), y[i]) for i in parts))


def iterations_per_epoch(n: int, batch_size: int, drop_last: bool = False) -> int:
    """⌈N / batch_size⌉, or ⌊N / batch_size⌋ with drop_last."""
    if batch_size < 1 or n < 0:
        raise ValueError("batch_size must be at least 1 and N non-negative")
    return n // batch_size if drop_last else -(-n // batch_size)


def epoch_batches(n: int, batch_size: int, rng: np.random.Generator, sampling: str = "shuffle",
                  drop_last: bool = False) -> Iterator[np.ndarray]:
    """The index arrays of one epoch's mini-batches (see the module docstring for the two samplings)."""
    iterations = iterations_per_epoch(n, batch_size, drop_last)
    if sampling == "shuffle":
        perm = rng.permutation(n)
        for i in range(iterations):
            yield perm[i * batch_size:(i + 1) * batch_size]
    elif sampling == "with_replacement":
        for _ in range(iterations):
            yield rng.choice(n, batch_size, replace=True)
    else:
        raise ValueError(f"unknown sampling {sampling!r}; expected one of {SAMPLINGS}")
