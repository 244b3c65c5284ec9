"""The JSON API through TestClient: catalog, grids, runs, compare, and bad input."""

from __future__ import annotations

import math

import orjson
import pytest
from fastapi.testclient import TestClient

from app.core.runs import DescentSpec, run_all


def test_catalog_lists_everything_the_page_needs(client: TestClient) -> None:
    body = client.get("/api/v1/catalog").json()
    assert {s["key"] for s in body["surfaces"]} >= {"bowl", "saddle", "rosenbrock", "himmelblau"}
    adam = next(o for o in body["optimizers"] if o["key"] == "adam")
    assert {p["name"] for p in adam["params"]} >= {"lr", "beta1", "beta2", "eps"}
    lr = next(p for p in adam["params"] if p["name"] == "lr")
    assert lr["log"] is True and lr["min"] < lr["default"] < lr["max"]
    assert body["gradient_modes"] == ["analytic", "central", "forward"]
    assert body["limits"]["max_steps"] == 5_000  # this server's setting, not a constant


def test_grid_values_match_the_surface(client: TestClient) -> None:
    body = client.get("/api/v1/surfaces/bowl/grid", params={"n": 11}).json()
    assert body["shape"] == [11, 11] and body["domain"] == [[-5, 5], [-5, 5]]
    assert body["values"][0] == 50.0 and body["values"][5 * 11 + 5] == 0.0  # corner, centre


def test_grid_over_the_limit_names_it(client: TestClient) -> None:
    r = client.get("/api/v1/surfaces/bowl/grid", params={"n": 500})
    f = r.json()["detail"][0]
    assert r.status_code == 422 and (f["name"], f["limit"], f["value"]) == ("max_grid", 120, 500)
    assert f["message"]["en"] == "Grid size n: this server computes at most 120 grid points per axis (got 500)."


def test_unknown_surface_is_422(client: TestClient) -> None:
    assert client.get("/api/v1/surfaces/volcano/grid").status_code == 422


def test_run_returns_the_same_steps_as_the_core(client: TestClient) -> None:
    r = client.post("/api/v1/runs", json={"kind": "descent", "optimizer": {"name": "momentum", "lr": 0.05}})
    assert r.status_code == 200
    body = r.json()
    cols, done, diagnosis = run_all(DescentSpec(optimizer="momentum", lr=0.05, hyper={"momentum": 0.9}))
    assert body["steps"]["t"] == cols.t and body["steps"]["xy"] == [list(p) for p in cols.xy]
    assert body["done"]["reason"] == done.reason and body["done"]["diagnosis"]["verdict"] == diagnosis.verdict
    assert body["meta"]["config"]["start"] == [-3.0, 4.0] and body["meta"]["surface"]["key"] == "bowl"
    assert len(body["steps"]["velocity"]) == len(cols.t)


def test_kind_defaults_to_descent(client: TestClient) -> None:
    assert client.post("/api/v1/runs", json={"steps": 3}).json()["steps"]["t"] == [0, 1, 2, 3]


def test_the_lessons_three_learning_rates_in_one_call(client: TestClient) -> None:
    runs = [{"kind": "descent", "optimizer": {"lr": lr}, "gradient": {"mode": "central"}} for lr in (0.1, 10, 1e-10)]
    body = client.post("/api/v1/compare", json={"runs": runs}).json()
    verdicts = [r["done"]["diagnosis"]["verdict"] for r in body["runs"]]
    assert verdicts == ["converged", "gradient_breakdown", "too_slow"]  # lr 10: diverged, then h-rounding froze it
    assert [r["run_id"] for r in body["runs"]] == ["r1", "r2", "r3"]
    assert body["runs"][1]["steps"]["xy"][-1][0] == pytest.approx(-2.58983747e13, rel=1e-8)


def test_a_diverging_run_puts_no_nan_or_infinity_on_the_wire(client: TestClient) -> None:
    r = client.post("/api/v1/runs", json={"optimizer": {"lr": 10}, "steps": 1000})
    assert b"NaN" not in r.content and b"Infinity" not in r.content
    body = orjson.loads(r.content)
    assert body["done"]["reason"] == "diverged" and body["done"]["diagnosis"]["verdict"] == "diverged"
    assert all(math.isfinite(v) for v in body["steps"]["loss"])


def test_csv_has_a_row_per_step(client: TestClient) -> None:
    r = client.post("/api/v1/runs", params={"format": "csv"}, json={"steps": 4})
    lines = r.text.strip().split("\n")
    assert r.headers["content-type"].startswith("text/csv")
    assert lines[0] == "run_id,t,x,y,loss,grad_x,grad_y,grad_norm,lr" and len(lines) == 6
    assert lines[1] == "r1,0,-3.0,4.0,25.0,-6.0,8.0,10.0,0.1"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"optimizer": {"lr": 1e308}}, "optimizer.lr"),
        ({"optimizer": {"lr": -1}}, "optimizer.lr"),
        ({"optimizer": {"name": "lion"}}, "optimizer.name"),
        ({"surface": "volcano"}, "surface"),
        ({"steps": -1}, "steps"),
        ({"steps": True}, "steps"),
        ({"steps": "100"}, "steps"),
        ({"start": [0]}, "start"),
        ({"gradient": {"mode": "central", "h": 0}}, "gradient.h"),
        ({"stepz": 10}, "stepz"),
        ({"kind": "train2"}, "kind"),
    ],
)
def test_bad_input_is_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    r = client.post("/api/v1/runs", json=body)
    assert r.status_code == 422
    locs = [".".join(str(p) for p in e["loc"][1:]) for e in r.json()["detail"]]
    assert any(loc.startswith(field) for loc in locs), locs


def test_nan_in_the_body_is_422_not_500(client: TestClient) -> None:
    r = client.post("/api/v1/runs", content=b'{"optimizer": {"lr": NaN}}', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "optimizer", "lr"]


def test_malformed_json_is_422(client: TestClient) -> None:
    r = client.post("/api/v1/runs", content=b'{"steps": ', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"


def test_over_the_step_limit_names_the_limit(client: TestClient) -> None:
    r = client.post("/api/v1/runs", json={"steps": 6_000})
    assert r.status_code == 422
    f = r.json()["detail"][0]
    assert (f["name"], f["limit"], f["value"]) == ("max_steps", 5000, 6000)
    assert f["msg"] == f["message"]["en"] == "Steps: this server runs at most 5,000 steps at a time (got 6,000)."
    assert f["message"]["ko"] == "단계 수: 이 서버에서는 한 번에 최대 5,000단계까지 실행할 수 있습니다 (입력 6,000)."


def test_too_many_runs_in_a_comparison(client: TestClient) -> None:
    r = client.post("/api/v1/compare", json={"runs": [{}] * 5})
    f = r.json()["detail"][0]
    assert r.status_code == 422 and (f["name"], f["limit"], f["value"]) == ("max_compare_runs", 4, 5)
    assert "최대 4개까지" in f["message"]["ko"]


def test_oversized_body_is_413(client: TestClient) -> None:
    r = client.post("/api/v1/runs", content=b"[" + b"1," * 140_000 + b"1]",
                    headers={"content-type": "application/json"})
    f = r.json()["detail"][0]
    assert r.status_code == 413 and f["type"] == "too_large" and f"{f['limit']:,}바이트" in f["message"]["ko"]


def test_busy_server_answers_429(client: TestClient) -> None:
    limiter = client.app.state.capacity.runs
    assert limiter.try_acquire(limiter.limit)
    try:
        r = client.post("/api/v1/runs", json={})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    finally:
        limiter.release(limiter.limit)
    assert client.post("/api/v1/runs", json={}).status_code == 200


def test_healthz_and_openapi_examples(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["DescentRun"]["examples"] and schemas["CompareRequest"]["examples"]


def test_every_request_body_has_an_openapi_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    refs = []
    for item in spec["paths"].values():
        for op in item.values():
            if "application/json" in op.get("requestBody", {}).get("content", {}):  # not the CSV upload
                schema = op["requestBody"]["content"]["application/json"]["schema"]
                refs += [s["$ref"] for s in schema.get("oneOf", [schema])]
    schemas = spec["components"]["schemas"]
    names = [ref.rsplit("/", 1)[1] for ref in refs]
    assert len(names) >= 4 and all(schemas[name].get("examples") for name in names), names


def test_the_api_explorer_works_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "cdn." not in page
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
