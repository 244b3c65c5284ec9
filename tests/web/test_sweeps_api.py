"""POST /api/v1/sweeps: the NDJSON stream coarse to fine, its limits, and tiles on a Dask cluster bit for bit."""

from __future__ import annotations

import base64
from typing import Any

import distributed
import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.core.sweep import run_sweep
from app.main import create_app
from app.web.sweep_schemas import SweepRequest

DTYPES = {"reason": "<u1", "k": "<u2", "minimum": "<i1"}


def read_map(client: TestClient, body: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    """Every line, and per level n its cells assembled from the tiles."""
    with client.stream("POST", "/api/v1/sweeps", json=body) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
        msgs = [orjson.loads(line) for line in r.iter_lines() if line]
    grids: dict[int, dict[str, Any]] = {}
    for m in msgs:
        if m["type"] == "level":
            grids[m["n"]] = {key: np.zeros(m["n"] ** 2, dtype=dt) for key, dt in DTYPES.items()}
            grids[m["n"]]["xs"], grids[m["n"]]["ys"] = m["xs"], m["ys"]
        if m["type"] == "tile":
            n, (j0, j1) = m["n"], m["rows"]
            for key, dt in DTYPES.items():
                grids[n][key][j0 * n:j1 * n] = np.frombuffer(base64.b64decode(m[key]), dtype=dt)
    return msgs, grids


def test_the_map_streams_coarse_to_fine_and_equals_the_core(client: TestClient) -> None:
    body = {"surface": "elongated", "axes": "lr_momentum", "n": 64, "steps": 120, "optimizer": {"name": "momentum"}}
    msgs, grids = read_map(client, body)
    assert [m["type"] for m in msgs][:2] == ["meta", "level"] and msgs[-1]["type"] == "done"
    assert [m["n"] for m in msgs if m["type"] == "level"] == [32, 64] == msgs[0]["levels"]
    assert msgs[0]["axes"] == {"x": "lr", "y": "momentum"} and msgs[-1]["cells"] == 32**2 + 64**2
    core = run_sweep(SweepRequest.model_validate(body).spec(), 64)
    assert np.array_equal(grids[64]["reason"], core.reason) and np.array_equal(grids[64]["k"], core.k)
    assert grids[64]["xs"] == core.xs.tolist() and len(set(grids[64]["reason"].tolist())) >= 2


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"n": 600}, "n", "max_sweep_side"),
    ({"steps": 6000}, "steps", "max_sweep_steps"),
    ({"n": 512, "steps": 5000}, "n", "max_sweep_cell_steps"),
    ({"axes": "lr_momentum", "optimizer": {"name": "sgd"}}, "body", "needs an optimizer with momentum"),
    ({"x_range": [1.0, 0.1]}, "body", "must rise"),
    ({"axes": "start", "surface": "bowl", "x_range": [-100, 0]}, "body", "within ±50"),
])
def test_limits_and_bad_ranges_get_422_naming_them(body: dict[str, Any], field: str, words: str) -> None:
    with TestClient(create_app(Settings(max_sweep_side=512, max_sweep_steps=5000, log_runs=False))) as c:
        r = c.post("/api/v1/sweeps", json=body)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert any(field in d["loc"] and words in (d["msg"] + d.get("name", "")) for d in detail), detail


def test_a_second_map_at_once_gets_429() -> None:
    with TestClient(create_app(Settings(max_concurrent_sweeps=1, log_runs=False))) as c:
        with c.stream("POST", "/api/v1/sweeps", json={"n": 64, "steps": 50}) as first:
            assert first.status_code == 200
            busy = c.post("/api/v1/sweeps", json={"n": 32, "steps": 50})
            assert busy.status_code == 429 and busy.json()["detail"][0]["name"] == "max_concurrent_sweeps"
            list(first.iter_lines())
        assert c.post("/api/v1/sweeps", json={"n": 32, "steps": 50}).status_code == 200  # the slot came back


def test_a_sweep_over_the_process_budget_runs_on_a_dask_cluster_bit_for_bit() -> None:
    body = {"surface": "himmelblau", "axes": "start", "n": 256, "steps": 40, "progressive": False,
            "optimizer": {"name": "sgd", "lr": 0.01}}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as lc:
        settings = Settings(dask_scheduler=lc.scheduler_address, max_sweep_cell_steps=10_000, log_runs=False)
        with TestClient(create_app(settings)) as c:
            msgs, grids = read_map(c, body)
        ran_there = lc.scheduler.transition_counter
    assert msgs[-1]["cluster"] is True and ran_there > 0
    assert sum(m["type"] == "tile" for m in msgs) == 4  # 256² cells in tiles of 16,384
    core = run_sweep(SweepRequest.model_validate(body).spec(), 256)
    for key in ("reason", "k", "minimum"):
        assert np.array_equal(grids[256][key], getattr(core, key).astype(DTYPES[key])), key


def test_the_trainability_map_streams_and_zooms(client: TestClient) -> None:
    with client.stream("POST", "/api/v1/trainability", json={"n": 40, "steps": 200}) as r:
        assert r.status_code == 200
        msgs = [orjson.loads(line) for line in r.iter_lines() if line]
    assert msgs[0]["net"]["hidden"] == 8 and [m["n"] for m in msgs if m["type"] == "level"] == [32, 40]
    tiles_40 = [m for m in msgs if m["type"] == "tile" and m["n"] == 40]
    reason = np.concatenate([np.frombuffer(base64.b64decode(m["reason"]), dtype="<u1") for m in tiles_40])
    loss = np.concatenate([np.frombuffer(base64.b64decode(m["loss"]), dtype="<f4") for m in tiles_40])
    assert reason.size == 1600 and {0, 1} <= set(reason.tolist()) and np.isfinite(loss[reason != 1]).all()
    zoom = client.post("/api/v1/trainability", json={"lr1_range": [1, 2], "lr2_range": [1, 2], "n": 8,
                                                     "steps": 100, "progressive": False})
    assert zoom.status_code == 200 and [orjson.loads(x)["type"] for x in zoom.text.splitlines()][-1] == "done"
    bad = client.post("/api/v1/trainability", json={"lr1_range": [5, 1]})
    assert bad.status_code == 422 and "lr1_range" in bad.text
    with TestClient(create_app(Settings(max_trainability_side=64, log_runs=False))) as c:
        over = c.post("/api/v1/trainability", json={"n": 65})
        assert over.status_code == 422 and over.json()["detail"][0]["name"] == "max_trainability_side"


def test_the_basins_map_uses_the_surfaces_own_learning_rate_unless_one_is_given(client: TestClient) -> None:
    body = {"surface": "himmelblau", "axes": "start", "n": 32, "steps": 300, "optimizer": {"name": "sgd"}}
    msgs, grids = read_map(client, body)
    assert msgs[0]["lr"] == 0.01  # Himmelblau's own
    assert set(grids[32]["minimum"][grids[32]["reason"] == 0].tolist()) == {0, 1, 2, 3}
    msgs, _ = read_map(client, {**body, "optimizer": {"name": "sgd", "lr": 0.02}})
    assert msgs[0]["lr"] == 0.02
