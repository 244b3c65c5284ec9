"""A learner's own 2D data: CSV reading with row and column in every refusal, the checks on points, the compact
permalink code, and input features (a circle is separable by a linear model on x1² and x2²)."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.custom_data import PointsError, check_points, custom_dataset, feature_map, parse_csv
from app.core.points_codec import decode_points, encode_points
from app.core.training import TrainDone, train
from app.core.training_setup import TrainConfig, prepare


def refusal(fn: object, *args: object) -> PointsError:
    with pytest.raises(PointsError) as info:
        fn(*args)  # type: ignore[operator]
    return info.value


def test_csv_with_a_header() -> None:
    kind, rows = parse_csv("x1,x2,label\n0.5,-1,0\n\n1.5, 2e-1 ,1\n", 100)
    assert kind == "points2d" and rows == [[0.5, -1.0, 0], [1.5, 0.2, 1]]
    assert isinstance(rows[0][2], int)


def test_csv_without_a_header_and_regression() -> None:
    assert parse_csv("1,2\n3,4\n", 10) == ("regression", [[1.0, 2.0], [3.0, 4.0]])
    assert parse_csv("\ufeffx,y\r\n1,2\r\n", 10) == ("regression", [[1.0, 2.0]])


def test_csv_error_names_row_and_column() -> None:
    text = "x1,x2,label\n" + "".join(f"{i},{i},0\n" for i in range(15)) + "1,abc,1\n"
    e = refusal(parse_csv, text, 100)
    assert (e.code, e.row, e.column, e.params["text"]) == ("csv_not_a_number", 17, "x2", "abc")
    assert str(e).startswith("row 17, column x2")


@pytest.mark.parametrize(("text", "code", "row", "column"), [
    ("a,b,c,d\n1,2,3,4\n", "csv_columns", 1, None),
    ("x1,x2,label\n1,2,0\n1,2\n", "csv_row_length", 3, None),
    ("x1,x2,label\n1,2,0.5\n", "bad_label", 2, "label"),
    ("p,q,cls\n1,2,12\n", "bad_label", 2, "cls"),  # the file's own column names
    ("x,y\n1,nan\n", "csv_not_a_number", 2, "y"),
    ("x,y\n1,1e300\n", "csv_not_a_number", 2, "y"),
    ("x,y\n", "too_few", None, None),
    ("", "too_few", None, None),
])
def test_csv_refusals(text: str, code: str, row: int | None, column: str | None) -> None:
    e = refusal(parse_csv, text, 100)
    assert (e.code, e.row, e.column) == (code, row, column)


def test_csv_row_limit() -> None:
    e = refusal(parse_csv, "x,y\n" + "1,2\n" * 11, 10)
    assert (e.code, e.params["limit"], e.row) == ("too_many", 10, 12)


@pytest.mark.parametrize(("points", "code", "row", "column"), [
    ([[0, 0, 0]] * 3, "too_few", None, None),
    ([[0, 0, 0], [1, 1, 1], [2, 2], [3, 3, 1]], "row_length", 3, None),
    ([[0, 0, 0], [1, 1, 1], [2, float("nan"), 0], [3, 3, 1]], "bad_value", 3, "x2"),
    ([[0, 0, 0], [1, 1, 1], [2, 2, 0], [3, 3, 1.5]], "bad_label", 4, "label"),
    ([[0, 0, 1], [1, 1, 1], [2, 2, 1], [3, 3, 1]], "one_class", None, "label"),
    ([[1, 0], [1, 1], [1, 2], [1, 3]], "one_x", None, "x"),
    ([[0, 0, 0, 0]] * 4, "row_length", 1, None),
])
def test_point_refusals(points: list[list[float]], code: str, row: int | None, column: str | None) -> None:
    e = refusal(check_points, points, 100)
    assert (e.code, e.row, e.column) == (code, row, column)


def test_point_limit() -> None:
    e = refusal(check_points, [[0, 0, i % 2] for i in range(11)], 10)
    assert (e.code, e.params["limit"]) == ("too_many", 10)


def test_custom_dataset_kinds() -> None:
    d = custom_dataset([[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 1]], 100)
    assert (d.kind, d.classes, d.x.shape, d.y.dtype) == ("points2d", 3, (4, 2), np.int64)
    r = custom_dataset([[0, 1], [1, 3], [2, 5], [3, 7]], 100, test_fraction=0.0)
    assert r.kind == "regression" and r.x.shape == (4, 1)
    assert r.meta["minimum"] == pytest.approx((2.0, 1.0))  # y = 2x + 1 exactly


def test_codec_round_trip_of_a_few_hundred_points() -> None:
    rng = np.random.default_rng(3)
    pts = [[float(a), float(b), int(c)] for a, b, c in
           zip(rng.uniform(-6, 6, 300), rng.uniform(-6, 6, 300), rng.integers(0, 2, 300), strict=True)]
    code = encode_points(pts)
    assert len(code) < 2100  # compact: about 6.7 characters a point
    back = np.array(decode_points(code, 5000))
    assert back.shape == (300, 3)
    assert np.array_equal(back[:, 2], [p[2] for p in pts])
    assert np.max(np.abs(back[:, :2] - np.array(pts)[:, :2])) <= 6.0 / 32767
    assert encode_points(back.tolist()) == code  # decoding then encoding is exact


def test_codec_round_trip_of_regression_points() -> None:
    pts = [[0.0, 100.0], [1.0, -250.5], [2.5, 3.0], [-0.001, 0.0]]
    back = decode_points(encode_points(pts), 10)
    assert np.allclose(back, pts, atol=250.5 / 32767)


def test_codec_fixture_shared_with_the_page() -> None:
    """static/js/train/points-codec.js must produce this same code (tests/js/points_codec.test.mjs)."""
    assert encode_points([[1, 2, 0], [3, 4, 1], [5, 6, 0], [7, 8, 1]]) == "c.AQGAOQAQACAAMP8__0__X_9v_38AAQAB"
    assert encode_points([[1, 2], [3, -4.5]]) == "r.gQHAOCEBEDmqKuM4_38BgA"


@pytest.mark.parametrize("code", ["", "c", "x.AAAA", "c.", "c.!!!!", "c.AAAAAAAA", "r.AAAA", "c." + "A" * 100_000])
def test_codec_refuses_what_is_not_a_code(code: str) -> None:
    assert refusal(decode_points, code, 5000).code == "bad_code"


def test_features() -> None:
    x = np.array([[1.0, 2.0], [-3.0, 0.5]])
    f = feature_map(x, ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"])
    assert np.allclose(f, [[1, 2, 1, 4, 2, np.sin(1), np.sin(2)], [-3, 0.5, 9, 0.25, -1.5, np.sin(-3), np.sin(0.5)]])


def _circle_points(n: int = 200) -> list[list[float]]:
    rng = np.random.default_rng(7)
    xy = rng.uniform(-1.5, 1.5, size=(n, 2))
    return [[float(a), float(b), int(a * a + b * b < 1.0)] for a, b in xy]


def _train_linear(features: tuple[str, ...]) -> TrainDone:
    data = custom_dataset(_circle_points(), 5000)
    cfg = TrainConfig(hidden=(), activation="tanh", init="xavier", optimizer="adam", lr=0.1, batch_size=20,
                      epochs=60, features=features, landscape=False)
    done = [r for r in train(data, cfg) if isinstance(r, TrainDone)]
    return done[0]


def test_a_circle_is_separable_by_a_linear_model_on_squares() -> None:
    plain = _train_linear(())
    squares = _train_linear(("x1_sq", "x2_sq"))
    assert squares.summary["train_accuracy"] >= 0.97
    assert squares.summary["test_accuracy"] >= 0.95
    assert plain.summary["train_accuracy"] < 0.8  # a line through the plane cannot separate a disc


def test_features_are_applied_to_the_boundary_grid_and_kept_raw_for_the_preview() -> None:
    data = custom_dataset(_circle_points(40), 5000)
    prep = prepare(data, TrainConfig(hidden=(), features=("x1_sq", "x2_sq", "x1_x2")))
    assert prep.net.sizes[0] == 3
    assert prep.split.train.x.shape[1] == 3 and prep.raw is not None and prep.raw.train.x.shape[1] == 2
    assert np.allclose(prep.split.train.x[:, 0], prep.raw.train.x[:, 0] ** 2)
    assert prep.grid_points is not None and prep.grid_points.shape[1] == 3
