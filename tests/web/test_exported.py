"""Exported configurations list only the settings the run's optimizer and schedule use."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.core.registry import HYPERPARAMS
from app.main import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(log_runs=False)))


def test_plain_sgd_exports_no_momentum(client: TestClient) -> None:
    meta = client.post("/api/v1/runs", json={"steps": 3, "optimizer": {"name": "sgd", "lr": 0.1}}).json()["meta"]
    assert meta["config"]["optimizer"] == {"name": "sgd", "lr": 0.1, "weight_decay": None, "convention": "pytorch"}
    assert meta["config"]["schedule"] == {"name": "constant", "warmup_steps": 0}


@pytest.mark.parametrize("name", list(HYPERPARAMS))
def test_each_optimizer_exports_what_it_reads_and_reruns_the_same(client: TestClient, name: str) -> None:
    first = client.post("/api/v1/runs", json={"steps": 5, "optimizer": {"name": name, "lr": 0.05}}).json()
    exported = first["meta"]["config"]["optimizer"]
    reads = {"betas" if p.name.startswith("beta") else p.name for p in HYPERPARAMS[name]}
    assert set(exported) == reads | {"name", "convention"}
    again = client.post("/api/v1/runs", json={**first["meta"]["config"], "id": None}).json()
    assert again["steps"]["xy"] == first["steps"]["xy"]


def test_a_training_exports_its_schedule_and_optimizer_settings_only(client: TestClient) -> None:
    body = client.post("/api/v1/runs", json={
        "kind": "train", "dataset": {"name": "gaussians", "n": 100}, "epochs": 1,
        "optimizer": {"name": "momentum", "lr": 0.1}, "schedule": {"name": "step", "step_size": 5}}).json()
    config = body["meta"]["config"]
    assert set(config["optimizer"]) == {"name", "lr", "momentum", "weight_decay", "convention"}
    assert config["schedule"] == {"name": "step", "step_size": 5, "gamma": None, "warmup_steps": 0}
    assert set(body["meta"]["resolved"]["optimizer_params"]) == {"momentum"}
