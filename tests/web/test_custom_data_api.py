"""A learner's own data through the API and the WebSocket: runs on points or on a permalink code, input features,
the CSV endpoint, and refusals naming the row, the column and the limit in both languages."""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.core.points_codec import encode_points
from app.main import create_app


def circle(n: int = 120) -> list[list[float]]:
    rng = np.random.default_rng(11)
    xy = rng.uniform(-1.5, 1.5, size=(n, 2))
    return [[round(float(a), 4), round(float(b), 4), int(a * a + b * b < 1.0)] for a, b in xy]


def train(points: Any = None, **extra: Any) -> dict[str, Any]:
    dataset = {"name": "custom", **({"points": points} if points is not None else {}), **extra.pop("dataset", {})}
    return {"kind": "train", "dataset": dataset, "epochs": 40, **extra}


def test_training_on_your_own_points(client: TestClient) -> None:
    pts = circle()
    r = client.post("/api/v1/runs", json=train(pts, model={"hidden": []}, optimizer={"name": "adam", "lr": 0.1},
                                               dataset={"features": ["x1_sq", "x2_sq"]}))
    assert r.status_code == 200, r.text
    body = r.json()
    plan, preview = body["meta"]["plan"], body["meta"]["dataset"]
    assert plan["n"] == 120 and plan["sizes"] == [2, 2] and preview["kind"] == "points2d"
    shown = np.concatenate([np.array(p["x"]).reshape(-1, 2) for p in preview["points"].values() if p["x"]])
    assert np.allclose(np.sort(shown[:, 0]), np.sort([p[0] for p in pts]))  # the raw points, not x1²
    assert body["done"]["summary"]["train_accuracy"] >= 0.95
    assert body["epochs"][-1]["boundary"]["shape"] == [50, 50]


def test_the_same_points_from_a_permalink_code(client: TestClient) -> None:
    pts = circle(60)
    by_points = client.post("/api/v1/runs", json=train(pts, epochs=5)).json()
    by_code = client.post("/api/v1/runs", json=train(dataset={"encoded": encode_points(pts)}, epochs=5)).json()
    assert by_code["meta"]["plan"]["n"] == 60
    assert np.allclose(by_points["steps"]["loss"], by_code["steps"]["loss"], rtol=1e-3)


def test_regression_points(client: TestClient) -> None:
    pts = [[x, 2.0 * x - 1.0] for x in np.linspace(-2, 2, 30).tolist()]
    r = client.post("/api/v1/runs", json=train(pts, epochs=30, dataset={"test_fraction": 0.0}))
    assert r.status_code == 200, r.text
    meta = r.json()["meta"]
    assert meta["dataset"]["kind"] == "regression"
    assert meta["dataset"]["surface"]["minimum"] == pytest.approx([2.0, -1.0], abs=1e-9)


def test_features_on_a_built_in_data_set(client: TestClient) -> None:
    r = client.post("/api/v1/runs", json={"kind": "train", "dataset": {"name": "circle", "n": 200,
                                                                        "features": ["x1", "x2", "x1_x2"]},
                                          "model": {"hidden": [4]}, "epochs": 2})
    assert r.status_code == 200 and r.json()["meta"]["plan"]["sizes"][0] == 3


def errors(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 422, r.text
    return r.json()["detail"]


@pytest.mark.parametrize(("body", "loc", "code", "row", "column"), [
    (train([[0, 0, 0], [1, 1, 1], [2, 2], [3, 3, 1]]), ["body", "dataset", "points"], "row_length", 3, None),
    (train([[0, 0, 0], [1, 1, 1], [2, 2, 7.5], [3, 3, 1]]), ["body", "dataset", "points"], "bad_label", 3,
     "label"),
    (train([[0, 0, 1]] * 5), ["body", "dataset", "points"], "one_class", None, "label"),
    (train([[0, 0, 1]] * 2), ["body", "dataset", "points"], "too_few", None, None),
    (train(dataset={"encoded": "c.nonsense"}), ["body", "dataset", "encoded"], "bad_code", None, None),
    (train(), ["body", "dataset", "points"], "points_or_encoded", None, None),
    (train(circle(10), dataset={"noise": 0.1}), ["body", "dataset", "noise"], "custom_takes_no", None, None),
    ({"kind": "train", "dataset": {"name": "moons", "points": circle(10)}}, ["body", "dataset", "points"],
     "not_custom", None, None),
    ({"kind": "train", "dataset": {"name": "digits", "features": ["x1_sq"]}}, ["body", "dataset", "features"],
     "features_2d_only", None, None),
    (train(circle(10), dataset={"features": ["x1", "x1"]}), ["body", "dataset", "features"], "features_twice",
     None, None),
])
def test_refusals(client: TestClient, body: dict[str, Any], loc: list[str], code: str, row: int | None,
                  column: str | None) -> None:
    (err,) = errors(client.post("/api/v1/runs", json=body))
    assert err["loc"] == loc and err["code"] == code
    assert err["messages"]["ko"] and err["messages"]["en"] == err["msg"]
    if row is not None:
        assert err["row"] == row and err["msg"].startswith(f"row {row}")
        assert err["messages"]["ko"].startswith(f"{row}행")
    if column is not None:
        assert err["column"] == column and column in err["messages"]["ko"]


def test_the_point_limit_is_the_servers_setting() -> None:
    with TestClient(create_app(Settings(max_custom_points=50))) as c:
        (err,) = errors(c.post("/api/v1/runs", json=train(circle(51))))
        assert (err["type"], err["name"], err["limit"]) == ("limit", "max_custom_points", 50)
        assert "50" in err["messages"]["ko"]
        assert c.get("/api/v1/catalog").json()["limits"]["max_custom_points"] == 50


def csv(client: TestClient, text: str | bytes) -> Any:
    data = text.encode() if isinstance(text, str) else text
    return client.post("/api/v1/datasets/csv", content=data, headers={"content-type": "text/csv"})


def test_csv_upload_reads_rows_and_a_code(client: TestClient) -> None:
    r = csv(client, "x1,x2,label\n0.5,1,0\n1,2,1\n-1,0.5,0\n2,2,1\n")
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "points2d" and body["rows"] == 4 and body["points"][1] == [1.0, 2.0, 1]
    run = client.post("/api/v1/runs", json=train(dataset={"encoded": body["encoded"]}, epochs=2))
    assert run.status_code == 200


def test_csv_error_names_row_17_column_x2(client: TestClient) -> None:
    text = "x1,x2,label\n" + "".join(f"{i},{i},{i % 2}\n" for i in range(15)) + "1,abc,1\n"
    (err,) = errors(csv(client, text))
    assert err["row"] == 17 and err["column"] == "x2"
    assert err["msg"].startswith("row 17, column x2: 'abc' is not a number")
    assert err["messages"]["ko"].startswith("17행, x2 열: 'abc'")


def test_csv_refusals(client: TestClient) -> None:
    (err,) = errors(csv(client, b"x,y\n\xff\xfe,1\n"))
    assert err["code"] == "not_utf8" and err["messages"]["ko"]
    (err,) = errors(csv(client, "x,y\n" + "1,2\n" * 5001))
    assert (err["name"], err["limit"]) == ("max_custom_points", 5000)
    (err,) = errors(csv(client, "x1,x2,label\n1,2,1\n2,3,1\n3,4,1\n4,5,1\n"))
    assert err["code"] == "one_class"


def test_csv_size_limit() -> None:
    with TestClient(create_app(Settings(max_upload_bytes=2048))) as c:
        r = csv(c, "x,y\n" + "1.000001,2.000001\n" * 200)
        assert r.status_code == 413 and r.json()["detail"][0]["limit"] == 2048
        assert csv(c, "x,y\n1,2\n2,3\n3,5\n4,4\n").status_code == 200


def test_websocket_trains_on_drawn_points(client: TestClient) -> None:
    pts = [[float(i % 5) - 2, float(i // 5) - 2, int(i % 5 >= 2)] for i in range(20)]
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text(orjson.dumps({"type": "start", "run": train([[0, 0, 0], [1, 1], [2, 2, 1], [3, 3, 0]])}).decode())
        err = orjson.loads(ws.receive_text())
        assert err["type"] == "error" and err["fields"][0]["row"] == 2 and err["fields"][0]["messages"]["ko"]
        ws.send_text(orjson.dumps({"type": "start", "run": train(pts, epochs=20)}).decode())
        msgs = []
        while not msgs or msgs[-1]["type"] != "done":
            msgs.append(orjson.loads(ws.receive_text()))
    assert msgs[0]["type"] == "meta" and msgs[0]["plan"]["n"] == 20
    assert sum(m["type"] == "epoch" for m in msgs) == 21  # epoch 0 (initial weights) and 20 epochs
