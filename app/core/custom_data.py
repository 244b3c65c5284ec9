"""A learner's own 2D data: points given as rows, read from CSV, turned into a Dataset, with input features.

Rows are [x1, x2, label] (classification, label a class index 0..MAX_CLASSES−1) or [x, y] (regression: the
loss surface of ŷ = w·x + b). Nothing is written to disk. Refusals are PointsError with the 1-based row, the column
name and a code (an i18n key suffix), so a message can say "row 17, column x2: 'abc' is not a number".
Input features (as in TensorFlow Playground) map each (x1, x2) to the network's inputs, e.g. x1², x2², x1·x2.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .datasets import Dataset, DatasetSpec
from .linreg import linreg_surface

MAX_CLASSES = 10
MAX_ABS = 1e6
CLASSIFICATION_COLUMNS = ("x1", "x2", "label")
REGRESSION_COLUMNS = ("x", "y")
DEFAULTS = {"validation_fraction": 0.0, "test_fraction": 0.2}

FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda a, b: a, "x2": lambda a, b: b, "x1_sq": lambda a, b: a * a, "x2_sq": lambda a, b: b * b,
    "x1_x2": lambda a, b: a * b, "sin_x1": lambda a, b: np.sin(a), "sin_x2": lambda a, b: np.sin(b),
}
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1_sq": "x₁²", "x2_sq": "x₂²", "x1_x2": "x₁x₂", "sin_x1": "sin x₁",
                  "sin_x2": "sin x₂"}


class PointsError(ValueError):
    """Bad data: `row` (1-based, None for the whole set), `column` (a name or None), `code`, `params`."""

    def __init__(self, code: str, row: int | None = None, column: str | None = None, **params: Any) -> None:
        self.code, self.row, self.column, self.params = code, row, column, params
        where = ", ".join(p for p in (f"row {row}" if row else "", f"column {column}" if column else "") if p)
        super().__init__(f"{where + ': ' if where else ''}{code} {params or ''}".strip())


def feature_map(x: np.ndarray, keys: Sequence[str]) -> np.ndarray:
    """(N, 2) points → (N, len(keys)) network inputs, one column per feature key, in order."""
    a, b = x[:, 0], x[:, 1]
    return np.ascontiguousarray(np.stack([FEATURES[k](a, b) for k in keys], axis=1), dtype=x.dtype)


def kind_of(points: Sequence[Sequence[float]]) -> str:
    """points2d for rows of 3, regression for rows of 2 (the first row decides; check_points checks the rest)."""
    if not points:
        raise PointsError("too_few", None, None, minimum=4, count=0)
    return "regression" if len(points[0]) == 2 else "points2d"


def check_points(points: Sequence[Sequence[float]], max_rows: int) -> tuple[str, np.ndarray, np.ndarray]:
    """(kind, x of shape (N, 1 or 2), y): every row the same length, finite, |v| ≤ MAX_ABS, labels whole numbers
    0..MAX_CLASSES−1 with at least two classes present; at least 4 rows, at most max_rows."""
    if len(points) > max_rows:
        raise PointsError("too_many", None, None, limit=max_rows, count=len(points))
    if len(points) < 4:
        raise PointsError("too_few", None, None, minimum=4, count=len(points))
    kind = kind_of(points)
    names = REGRESSION_COLUMNS if kind == "regression" else CLASSIFICATION_COLUMNS
    if len(points[0]) not in (2, 3):
        raise PointsError("row_length", 1, None, expected="2 (x, y) or 3 (x1, x2, label)", got=len(points[0]))
    table = np.empty((len(points), len(names)), dtype=np.float64)
    for r, row in enumerate(points, start=1):
        if len(row) != len(names):
            raise PointsError("row_length", r, None, expected=str(len(names)), got=len(row))
        for c, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or abs(v) > MAX_ABS:
                raise PointsError("bad_value", r, names[c], limit=f"{MAX_ABS:g}")
            table[r - 1, c] = v
    if kind == "regression":
        if np.ptp(table[:, 0]) == 0:
            raise PointsError("one_x", None, "x")
        return kind, table[:, :1], table[:, 1]
    labels = table[:, 2]
    for r, v in enumerate(labels, start=1):
        if v != int(v) or not 0 <= v < MAX_CLASSES:
            raise PointsError("bad_label", r, "label", limit=MAX_CLASSES - 1)
    if len(np.unique(labels)) < 2:
        raise PointsError("one_class", None, "label")
    return kind, table[:, :2], labels.astype(np.int64)


def custom_dataset(points: Sequence[Sequence[float]], max_rows: int, dtype: str = "float64",
                   **params: Any) -> Dataset:
    """The Dataset for a learner's points (kind from the row length); params: validation/test fractions."""
    kind, x, y = check_points(points, max_rows)
    p = {**DEFAULTS, **{k: v for k, v in params.items() if v is not None}, "n": len(y)}
    meta: dict[str, Any] = {}
    classes = 0
    if kind == "regression":
        s = linreg_surface(x[:, 0], y)
        meta.update(minimum=s.minimum, min_loss=s.min_loss)
    else:
        classes = max(2, int(y.max()) + 1)
    return Dataset("custom", kind, np.ascontiguousarray(x, dtype=dtype), y, classes, p, None, meta)


def custom_spec(points: Sequence[Sequence[float]]) -> DatasetSpec:
    """A DatasetSpec for the learner's points, with settings that suit a small set (used when not given)."""
    kind = kind_of(points)
    if kind == "regression":
        return DatasetSpec("custom", kind, 1, 0, dict(DEFAULTS),
                           {"hidden": [], "loss": "mse", "optimizer": "sgd", "lr": 0.1,
                            "batch_size": 100, "epochs": 50})
    labels = [row[2] for row in points if len(row) == 3 and isinstance(row[2], int | float)]
    classes = max(2, int(max(labels)) + 1) if labels and all(math.isfinite(v) for v in labels) else 2
    return DatasetSpec("custom", kind, 2, min(classes, MAX_CLASSES), dict(DEFAULTS),
                       {"hidden": [8], "activation": "tanh", "init": "xavier", "loss": "cross_entropy",
                        "optimizer": "adam", "lr": 0.03, "batch_size": 10, "epochs": 100})


def _number(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def parse_csv(text: str, max_rows: int) -> tuple[str, list[list[float]]]:
    """(kind, rows) from CSV text: `x1,x2,label` or `x,y`, an optional header row naming the columns, blank lines
    skipped; rows are numbered as lines of the file (the header is row 1)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    rows: list[list[float]] = []
    names: tuple[str, ...] | None = None
    width = 0
    lines = enumerate(reader, start=1)
    while True:
        try:
            line, raw = next(lines)
        except StopIteration:
            break
        except csv.Error:
            raise PointsError("csv_unreadable", reader.line_num or None, None) from None
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue
        if not width:
            width = len(cells)
            if width not in (2, 3):
                raise PointsError("csv_columns", line, None, got=width)
            default = REGRESSION_COLUMNS if width == 2 else CLASSIFICATION_COLUMNS
            if any(_number(c) is None for c in cells):  # a header row
                names = tuple(c[:20] or d for c, d in zip(cells, default, strict=True))
                continue
            names = default
        assert names is not None
        if len(cells) != width:
            raise PointsError("csv_row_length", line, None, expected=width, got=len(cells))
        row = []
        for name, cell in zip(names, cells, strict=True):
            v = _number(cell)
            if v is None or abs(v) > MAX_ABS:
                raise PointsError("csv_not_a_number", line, name, text=cell[:20], limit=f"{MAX_ABS:g}")
            row.append(v)
        if width == 3:
            if not (row[2] == int(row[2]) and 0 <= row[2] < MAX_CLASSES):
                raise PointsError("bad_label", line, names[2], limit=MAX_CLASSES - 1)
            row[2] = int(row[2])
        rows.append(row)
        if len(rows) > max_rows:
            raise PointsError("too_many", line, None, limit=max_rows, count=len(rows))
    if not rows:
        raise PointsError("too_few", None, None, minimum=4, count=0)
    return ("regression" if width == 2 else "points2d"), rows
