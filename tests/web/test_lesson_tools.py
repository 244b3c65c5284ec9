"""The lessons' calculators over HTTP: loss values, the anatomy of an update, the learning-rate search, the
range-test reading in `done`, and per-run learning rates in figure links."""

from __future__ import annotations

import math

from fastapi.testclient import TestClient

RIGHT = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
WRONG = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]


def test_losses_reproduce_the_course(client: TestClient) -> None:
    right = client.post("/api/v1/losses", json={"y": RIGHT, "target": 2}).json()
    assert round(right["mse"], 4) == 0.0975 and round(right["cross_entropy"], 4) == 0.5108
    assert right["delta"] == 1e-7 and right["t"][2] == 1.0
    wrong = client.post("/api/v1/losses", json={"y": WRONG, "t": [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]}).json()
    assert round(wrong["mse"], 4) == 0.5975 and round(wrong["cross_entropy"], 4) == 2.3026
    exact = client.post("/api/v1/losses", json={"y": RIGHT, "target": 2, "delta": "exact"}).json()
    assert exact["delta"] == 0.0 and exact["cross_entropy"] == -math.log(0.6)  # δ = 1e-7 lowers it a little
    assert exact["cross_entropy"] > right["cross_entropy"]


def test_losses_refuse_bad_input_naming_the_field(client: TestClient) -> None:
    cases = [({"y": RIGHT, "target": 3, "delta": "exact"}, "y", "infinite"),
             ({"y": [0.5, 0.6], "target": 1}, "y", "sum to 1"),
             ({"y": [0.5, 0.5]}, "body", "exactly one"),
             ({"y": [0.5, 0.5], "target": 5}, "body", "below the number"),
             ({"y": [0.5, 0.5], "t": [1, 1]}, "body", "one-hot"),
             ({"y": [1.5, -0.5], "target": 0}, "y", "")]
    for body, field, words in cases:
        r = client.post("/api/v1/losses", json=body)
        assert r.status_code == 422, body
        detail = r.json()["detail"]
        assert any(field in [str(p) for p in d["loc"]] and words in d["msg"] for d in detail), (body, detail)


def test_anatomy_matches_the_run(client: TestClient) -> None:
    run = {"surface": "elongated", "start": [-7, 2], "steps": 10, "optimizer": {"name": "adam", "lr": 0.3},
           "gradient": {"mode": "central"}}
    steps = client.post("/api/v1/runs", json=run).json()["steps"]
    a = client.post("/api/v1/anatomy", json={"run": run, "step": 4}).json()
    assert a["x"] == steps["xy"][4] and a["x_next"] == steps["xy"][5]
    assert a["gradient"]["value"] == steps["grad"][4] and len(a["gradient"]["f_plus"]) == 2
    assert {"m", "v", "m_hat", "v_hat", "bias_correction1", "bias_correction2"} <= set(a["state"])
    assert [x["name"] for x in a["arrows"]] == ["adam_step"]
    r = client.post("/api/v1/anatomy", json={"run": run, "step": 10})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "step"]
    r = client.post("/api/v1/anatomy", json={"run": {**run, "steps": 10**6}, "step": 1})
    assert r.status_code == 422 and r.json()["detail"][0]["name"] == "max_steps"


def test_train_anatomy_matches_the_streamed_loss(client: TestClient) -> None:
    run = {"kind": "train", "dataset": {"name": "digits"}, "epochs": 1}
    losses = client.post("/api/v1/runs", json=run).json()["steps"]["loss"]
    a = client.post("/api/v1/anatomy/train", json={"run": run, "iteration": 7}).json()
    assert a["loss"] == losses[7] and [layer["layer"] for layer in a["layers"]] == [1, 2]
    assert all(layer["relative_update"] > 0 for layer in a["layers"])
    r = client.post("/api/v1/anatomy/train", json={"run": run, "iteration": 10_000})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "iteration"]


def test_tune_says_what_it_did(client: TestClient) -> None:
    run = {"surface": "elongated", "start": [-8, 4], "steps": 30}
    body = client.post("/api/v1/tune", json={"run": run, "optimizers": ["sgd", "nesterov"]}).json()
    assert body["method"] == "search" and len(body["grid"]) == 17
    lrs = {o["optimizer"]: o["lr"] for o in body["optimizers"]}
    assert set(lrs) == {"sgd", "nesterov"} and lrs["sgd"] < 1.0
    r = client.post("/api/v1/tune", json={"run": {**run, "steps": 3000}})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "run", "steps"]


def test_figure_with_own_and_tuned_learning_rates(client: TestClient) -> None:
    base = "/api/v1/figure.svg?surface=elongated&start=-8,4&steps=30&vary=opt&values=sgd,adam"
    own = client.get(base + "&lrs=0.95,0.3")
    assert own.status_code == 200 and "(lr 0.95)" in own.text and "(lr 0.3)" in own.text
    tuned = client.get(base + "&tune=1")
    assert tuned.status_code == 200 and "(lr 0.562)" in tuned.text
    bad = client.get(base + "&lrs=0.95")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "lrs"]


def test_range_test_done_carries_the_chart_and_the_suggestion(client: TestClient) -> None:
    run = {"kind": "train", "dataset": {"name": "digits"}, "batch_size": 32, "epochs": 3,
           "optimizer": {"name": "sgd", "lr": 1e-4}, "schedule": {"name": "range_test", "lr_max": 10, "t_max": 105}}
    body = client.post("/api/v1/runs", json=run).json()
    rt = body["done"]["range_test"]
    assert rt["lr"] == body["steps"]["lr"] and rt["loss"] == body["steps"]["loss"]
    assert rt["method"] == "steepest" and rt["suggested_lr"] == rt["lr"][rt["suggested_index"]]
    assert rt["suggested_lr"] < rt["min_lr"] and len(rt["smoothed"]) == len(rt["lr"])
    plain = client.post("/api/v1/runs", json={**run, "schedule": {"name": "constant"}}).json()
    assert "range_test" not in plain["done"]
