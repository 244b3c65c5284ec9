"""One translation from request to core, one preparation of the data, and the server's plan (preview and limits)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

import app.core.training as training
import app.web.train_preview as train_preview
import app.web.train_schemas as train_schemas
from app.config import Settings
from app.core.runs import DescentSpec
from app.main import create_app
from app.web.schemas import DescentRun
from app.web.train_schemas import TrainRun, train_limit_errors


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(max_epochs=50, max_train_iterations=5_000))) as c:
        yield c


def test_a_descent_request_becomes_the_core_spec_in_one_method() -> None:
    run = DescentRun.model_validate({"surface": "rosenbrock", "start": [-1, 2], "steps": 7,
                                     "optimizer": {"name": "adam", "lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6},
                                     "schedule": {"name": "step", "gamma": 0.3}, "gradient": {"mode": "central"},
                                     "stop": {"bound": 50}})
    spec = run.to_spec()
    assert isinstance(spec, DescentSpec)
    assert (spec.surface, spec.start, spec.steps) == ("rosenbrock", (-1.0, 2.0), 7)
    assert (spec.optimizer, spec.lr) == ("adam", 0.01)
    assert spec.hyper["beta1"] == 0.8 and spec.hyper["beta2"] == 0.99 and spec.hyper["eps"] == 1e-6
    assert "weight_decay" not in spec.hyper  # left out: the optimizer's own default applies
    assert spec.schedule == "step" and spec.schedule_params["gamma"] == 0.3
    assert (spec.gradient, spec.bound) == ("central", 50.0)


def test_a_training_run_is_resolved_once_and_its_data_prepared_once(api: TestClient,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"prepare": 0, "resolve": 0}
    real_prepare, real_resolve = train_preview.prepare, train_schemas._resolve

    def counted_prepare(*a: Any, **k: Any) -> Any:
        calls["prepare"] += 1
        return real_prepare(*a, **k)

    def counted_resolve(*a: Any, **k: Any) -> Any:
        calls["resolve"] += 1
        return real_resolve(*a, **k)

    for module in (train_preview, training):
        monkeypatch.setattr(module, "prepare", counted_prepare)
    monkeypatch.setattr(train_schemas, "_resolve", counted_resolve)
    # the diagnosis's counterfactual runs (tried advice) are runs of their own with their own data: off here
    with TestClient(create_app(Settings(advice_seconds=0.0))) as client:
        r = client.post("/api/v1/runs", json={"kind": "train", "dataset": {"name": "moons", "n": 200}, "epochs": 2})
    assert r.status_code == 200, r.text
    assert r.json()["done"]["reason"] == "completed" and len(r.json()["epochs"]) == 3
    assert calls == {"prepare": 1, "resolve": 1}


PLANNED = [
    {"dataset": {"name": "moons", "n": 500}, "batch_size": 32, "epochs": 3},
    {"dataset": {"name": "digits", "n": 300, "validation_fraction": 0.1}, "batch_size": 7, "epochs": 2},
    {"dataset": {"name": "linreg"}, "batch_size": 100_000, "epochs": 2},
    {"dataset": {"name": "circle", "n": 101, "test_fraction": 0.0}, "batch_size": 10, "drop_last": True,
     "epochs": 1, "model": {"hidden": [3, 5]}},
]


@pytest.mark.parametrize("config", PLANNED)
def test_the_plan_preview_is_the_plan_the_run_reports(api: TestClient, config: dict[str, Any]) -> None:
    preview = api.post("/api/v1/train/plan", json={"kind": "train", **config})
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["refusals"] == []
    run = api.post("/api/v1/runs", json={"kind": "train", **config}).json()
    meta = run["meta"]["plan"]
    assert body["plan"] == {k: meta[k] for k in body["plan"]}
    assert len(run["steps"]["t"]) == body["plan"]["total_iterations"]


def test_the_plan_preview_names_the_limit_a_start_would_cross(api: TestClient) -> None:
    r = api.post("/api/v1/train/plan", json={"kind": "train", "dataset": {"name": "moons", "n": 1000},
                                             "batch_size": 1, "epochs": 10})
    assert r.status_code == 200  # the preview describes it; a start would be refused with the same field error
    body = r.json()
    assert body["plan"]["total_iterations"] == 6_000
    assert [f["name"] for f in body["refusals"]] == ["max_train_iterations"]
    assert body["refusals"][0]["loc"] == ["body", "epochs"] and "10 × 600" in body["refusals"][0]["msg"]
    start = api.post("/api/v1/runs", json={"kind": "train", "dataset": {"name": "moons", "n": 1000},
                                           "batch_size": 1, "epochs": 10})
    assert start.status_code == 422 and start.json()["detail"] == body["refusals"]
    table = api.post("/api/v1/train/plan?also=64,7", json={"kind": "train", "dataset": {"name": "moons"},
                                                           "batch_size": 32}).json()["batch_table"]
    assert [(r["batch"], r["iterations_per_epoch"], r["full"]) for r in table] == [
        (1, 300, False), (7, 43, False), (32, 10, False), (64, 5, False), (300, 1, True)]
    bad = api.post("/api/v1/train/plan", json={"kind": "train", "batch_size": 0})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "batch_size"


@pytest.fixture(scope="module")
def ten_thousand_images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full-MNIST folder that holds 10,000 images (a Keras-style .npz: blank images, labels 0–9)."""
    folder = tmp_path_factory.mktemp("mnist")
    np.savez_compressed(folder / "mnist.npz", x_test=np.zeros((10_000, 28, 28), np.uint8),
                        y_test=np.arange(10_000, dtype=np.uint8) % 10)
    return folder


def test_the_full_mnist_limit_counts_the_images_the_server_has(ten_thousand_images: Path) -> None:
    settings = Settings(mnist_dir=ten_thousand_images, max_train_iterations=40_000, max_epochs=10)
    run = TrainRun.model_validate({"kind": "train", "dataset": {"name": "mnist"}, "batch_size": 1, "epochs": 4})
    assert train_limit_errors(run, settings) == []  # 8,000 training images × 4 epochs = 32,000 iterations
    with TestClient(create_app(settings)) as c:
        plan = c.post("/api/v1/train/plan", json=run.model_dump(mode="json")).json()["plan"]
    assert (plan["n"], plan["n_train"], plan["total_iterations"]) == (10_000, 8_000, 32_000)
    tighter = Settings(mnist_dir=ten_thousand_images, max_train_iterations=31_999, max_epochs=10)
    assert [e["name"] for e in train_limit_errors(run, tighter)] == ["max_train_iterations"]
    assert "4 × 8000" in train_limit_errors(run, tighter)[0]["msg"]


def test_own_points_that_cannot_be_read_yet_have_no_plan_and_say_why(api: TestClient) -> None:
    few = {"kind": "train", "dataset": {"name": "custom", "points": [[0.0, 0.0, 0], [1.0, 1.0, 1]]}}
    r = api.post("/api/v1/train/plan", json=few)
    assert r.status_code == 200  # the page is drawing: a preview, not an error
    body = r.json()
    assert body["plan"] is None and body["batch_table"] == []
    assert body["refusals"] and body["refusals"][0]["loc"][:3] == ["body", "dataset", "points"]
    start = api.post("/api/v1/runs", json=few)
    assert start.status_code == 422 and start.json()["detail"][0]["loc"] == body["refusals"][0]["loc"]
