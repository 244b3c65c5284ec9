"""Training runs through the API and the WebSocket: plan, iterations, epochs, limits and clear errors."""

from __future__ import annotations

import math

import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


@pytest.fixture(scope="module")
def api() -> TestClient:
    with TestClient(create_app(Settings(max_epochs=50, max_train_iterations=5_000, max_numeric_params=100))) as c:
        yield c


def train(api: TestClient, **config: object) -> dict:
    r = api.post("/api/v1/runs", json={"kind": "train", **config})
    assert r.status_code == 200, r.text
    return r.json()


def test_iterations_follow_batch_size_and_epochs(api: TestClient) -> None:
    body = train(api, dataset={"name": "moons", "n": 500}, batch_size=32, epochs=3)
    plan = body["meta"]["plan"]
    assert plan["n_train"] == 300 and plan["iterations_per_epoch"] == 10 == math.ceil(300 / 32)
    assert plan["total_iterations"] == 30 and body["steps"]["t"] == list(range(30))
    assert body["steps"]["epoch"] == [e for e in (1, 2, 3) for _ in range(10)]
    assert [e["epoch"] for e in body["epochs"]] == [0, 1, 2, 3]
    assert body["epochs"][-1]["boundary"]["shape"] == plan["boundary"]["shape"]
    assert body["done"]["reason"] == "completed" and body["done"]["diagnosis"]["message"]["ko"]


def test_full_batch_is_one_update_per_epoch(api: TestClient) -> None:
    body = train(api, dataset={"name": "circle", "n": 200}, batch_size=10_000, epochs=4)
    assert body["meta"]["plan"]["iterations_per_epoch"] == 1 and len(body["steps"]["t"]) == 4


def test_missing_fields_take_the_data_sets_suggestions(api: TestClient) -> None:
    body = train(api, dataset={"name": "digits"}, epochs=2)
    resolved = body["meta"]["resolved"]
    assert resolved["hidden"] == [32] and resolved["lr"] == 0.3
    assert len(body["meta"]["dataset"]["images"]["pixels"][0]) == 64
    ev = body["done"]["evaluation"]
    assert sum(map(sum, ev["confusion"])) == body["meta"]["plan"]["n_test"]


def test_linreg_streams_the_w_b_path(api: TestClient) -> None:
    body = train(api, dataset={"name": "linreg"}, batch_size=10, epochs=2)
    assert len(body["steps"]["xy"]) == len(body["steps"]["t"]) == 20
    assert len(body["meta"]["dataset"]["surface"]["minimum"]) == 2
    assert len(body["done"]["final_xy"]) == 2 and body["done"]["final_xy"] != body["steps"]["xy"][-1]


def test_the_plan_estimates_a_numerical_gradient_even_for_backprop_runs(api: TestClient) -> None:
    cost = train(api, dataset={"name": "digits"}, epochs=1)["meta"]["plan"]["numerical_cost"]
    assert cost["evaluations"] == 2 * (64 * 32 + 32 + 32 * 10 + 10) and cost["seconds"] > 0


def test_same_seed_same_initial_weights_and_data(api: TestClient) -> None:
    a = train(api, dataset={"name": "xor"}, batch_size=1, epochs=1)
    b = train(api, dataset={"name": "xor"}, batch_size=300, epochs=1)
    assert a["epochs"][0]["train_loss"] == b["epochs"][0]["train_loss"]  # epoch 0: the same θ₀ on the same data


def test_a_huge_learning_rate_never_puts_nan_on_the_wire(api: TestClient) -> None:
    r = api.post("/api/v1/runs", json={"kind": "train", "dataset": {"name": "linreg"}, "optimizer": {"lr": 1000},
                                       "epochs": 50})
    assert b"NaN" not in r.content and b"Infinity" not in r.content
    body = orjson.loads(r.content)
    assert body["done"]["reason"] == "diverged" and body["done"]["diagnosis"]["verdict"] == "diverged"


@pytest.mark.parametrize(("config", "field", "words"), [
    ({"dataset": {"name": "digits", "noise": 0.1}}, "dataset.noise", "데이터셋 digits에는 이 설정이 없습니다"),
    ({"dataset": {"name": "moons"}, "epochs": 60}, "epochs", "최대 50 에폭까지"),
    ({"dataset": {"name": "moons"}, "batch_size": 1, "epochs": 50}, "epochs", "최대 5,000까지"),
    ({"dataset": {"name": "moons"}, "gradient": {"mode": "numerical"}}, "gradient.mode", "매개변수(가중치와 편향)가"),
    ({"dataset": {"name": "mnist"}}, "dataset", "이 데이터셋은 이 서버에서 쓸 수 없습니다"),
    ({"dataset": {"name": "moons"}, "model": {"activation": "softplus"}}, "model.activation", "sigmoid, tanh, relu"),
])
def test_refusals_name_the_field_and_the_limit(api: TestClient, config: dict, field: str, words: str) -> None:
    r = api.post("/api/v1/runs", json={"kind": "train", **config})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert any(".".join(map(str, d["loc"][1:])) == field and words in d["message"]["ko"] for d in detail), detail


def test_a_training_over_the_websocket(api: TestClient) -> None:
    with api.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"kind": "train", "dataset": {"name": "gaussians"}, "epochs": 2}}')
        types, iterations = [], 0
        while True:
            m = orjson.loads(ws.receive_text())
            types.append(m["type"])
            iterations += len(m["cols"]["t"]) if m["type"] == "steps" else 0
            if m["type"] == "done":
                break
    assert types[0] == "meta" and types.count("epoch") == 3
    assert iterations == 20 and m["reason"] == "completed"


def test_stop_ends_a_training_as_stopped(api: TestClient) -> None:
    with api.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"kind": "train", "dataset": {"name": "moons"}, "epochs": 10, '
                     '"batch_size": 1}, "speed": 50}')
        assert orjson.loads(ws.receive_text())["type"] == "meta"
        ws.send_text('{"type": "stop"}')
        while (m := orjson.loads(ws.receive_text()))["type"] != "done":
            pass
    assert m["reason"] == "stopped" and m["diagnosis"]["message"]["en"]


@pytest.mark.parametrize("dataset", [{"name": "mnist", "path": "/etc"}, {"name": "mnist", "dir": "/tmp"},
                                     {"name": "../../etc/passwd"}])
def test_no_client_input_names_a_file(api: TestClient, dataset: dict) -> None:
    r = api.post("/api/v1/runs", json={"kind": "train", "dataset": dataset})
    assert r.status_code == 422
