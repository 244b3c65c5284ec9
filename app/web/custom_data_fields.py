"""A training run on the learner's own points (`dataset: {name: custom, points | encoded}`) and input features:
the checks against this server's limits, refusals that name the row and column in both languages, and loading."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.core.custom_data import FEATURES, PointsError, custom_dataset, custom_spec
from app.core.datasets import DATASETS, Dataset, DatasetSpec, load
from app.core.points_codec import decode_points
from app.i18n import LANGUAGES, t

DECODE_ROWS = 100_000  # a code longer than this many rows is not even decoded; the row limit is checked after
FOREIGN_PARAMS = ("n", "noise", "w", "b")


def points_messages(e: PointsError) -> dict[str, str]:
    """"row 17, column x2: …" in every language."""
    out = {}
    for lang in LANGUAGES:
        where = ""
        if e.row is not None and e.column is not None:
            where = t(lang, "data.at_row_column", row=e.row, column=e.column)
        elif e.row is not None:
            where = t(lang, "data.at_row", row=e.row)
        elif e.column is not None:
            where = t(lang, "data.at_column", column=e.column)
        out[lang] = where + t(lang, "data.error." + e.code, **e.params)
    return out


def points_field_error(e: PointsError, loc: tuple[str | int, ...]) -> dict[str, Any]:
    """A field error {loc, msg, type} with code, row, column, messages and (for the row limit) name and limit."""
    messages = points_messages(e)
    err: dict[str, Any] = {"loc": list(loc), "msg": messages["en"], "type": "data", "code": e.code, "row": e.row,
                           "column": e.column, "messages": messages}
    if e.code == "too_many":
        err.update(type="limit", name="max_custom_points", limit=e.params["limit"])
    return err


def rows_of(cfg: Any) -> list[list[float]] | None:
    """The learner's rows: `points`, or decoded from `encoded` (raises PointsError for a bad code)."""
    points: list[list[float]] | None = cfg.points
    if points is not None:
        return points
    if cfg.encoded is not None:
        return decode_points(cfg.encoded, DECODE_ROWS)
    return None


def dataset_spec(cfg: Any) -> DatasetSpec:
    """The registered data set, or a spec for the learner's points (kind and suggestions from the rows)."""
    if cfg.name != "custom":
        return DATASETS[cfg.name]
    rows = rows_of(cfg) or []
    spec = custom_spec(rows)
    return DatasetSpec(spec.key, spec.kind, spec.features, spec.classes, {**spec.defaults, "n": len(rows)},
                       spec.suggested)


def data_errors(run: Any, settings: Settings, loc: tuple[str | int, ...] = ()) -> list[dict[str, Any]]:
    """Refusals for the data part of a training run: the learner's rows, where they may be given, the features."""
    d = run.dataset
    here = (*loc, "dataset")
    errors: list[dict[str, Any]] = []

    def err(field: str, key: str, **params: Any) -> None:
        messages = {lang: t(lang, "data.error." + key, **params) for lang in LANGUAGES}
        errors.append({"loc": [*here, field], "msg": messages["en"], "type": "value_error", "code": key,
                       "messages": messages})

    if d.name != "custom":
        if d.points is not None or d.encoded is not None:
            err("points" if d.points is not None else "encoded", "not_custom")
    else:
        if (d.points is None) == (d.encoded is None):
            err("points", "points_or_encoded")
            return errors
        field = "points" if d.points is not None else "encoded"
        try:
            rows = rows_of(d) or []
            custom_dataset(rows, settings.max_custom_points)
        except PointsError as e:
            errors.append(points_field_error(e, (*here, field)))
            return errors
        for key in FOREIGN_PARAMS:
            if getattr(d, key) is not None:
                err(key, "custom_takes_no", name=key)
    if d.features is not None:
        spec = dataset_spec(d) if not errors else None
        if not d.features:
            err("features", "features_empty")
        elif len(set(d.features)) != len(d.features):
            err("features", "features_twice")
        elif spec is not None and spec.kind != "points2d":
            err("features", "features_2d_only", choices=", ".join(FEATURES))
    return errors


def custom_catalog_entry() -> dict[str, Any]:
    """The catalog's entry for your own data: like a registered data set's, with the suggestions for each kind
    (classification rows [x1, x2, label], regression rows [x, y]) and the feature keys."""
    cls, reg = custom_spec([[0, 0, 0]]), custom_spec([[0, 0]])
    return {"key": "custom", "kind": "points2d", "n": 0, "features": 2, "classes": 2, "image_shape": None,
            "defaults": dict(cls.defaults), "suggested": dict(cls.suggested),
            "regression": {"features": 1, "classes": 0, "suggested": dict(reg.suggested)},
            "available": True, "unavailable": None, "feature_keys": list(FEATURES)}


def load_data(cfg: Any, seed: int, settings: Settings) -> Dataset:
    """The data of a training run: a registered data set, or the learner's rows (never written anywhere)."""
    if cfg.name == "custom":
        return custom_dataset(rows_of(cfg) or [], settings.max_custom_points,
                              validation_fraction=cfg.validation_fraction, test_fraction=cfg.test_fraction)
    return load(cfg.name, seed=seed, mnist_dir=settings.mnist_dir, **cfg.params())
