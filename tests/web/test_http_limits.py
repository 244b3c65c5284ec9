"""HTTP limits and hygiene through TestClient: step budget per call, chunked oversize, encoding off the event loop,
/redoc, /static, /healthz, HEAD, languages by q-value, the run log and the gradient timing's bounds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from app.core.datasets import DATASETS
from app.main import create_app
from app.web import export
from app.web.routes.pages import accepted_languages

SLOW = {"kind": "descent", "steps": 20_000, "optimizer": {"lr": 1e-6}, "stop": {"grad_tol": 0}}


def test_one_call_may_not_ask_for_more_steps_than_max_http_steps() -> None:
    with TestClient(create_app(Settings(max_steps=100_000, max_http_steps=50_000))) as c:
        r = c.post("/api/v1/compare", json={"runs": [SLOW] * 2})
        assert r.status_code == 200
        r = c.post("/api/v1/compare", json={"runs": [{**SLOW, "steps": 100_000}] * 6})
    assert r.status_code == 422
    err = r.json()["detail"][-1]
    assert err["name"] == "max_http_steps" and err["limit"] == 50_000 and err["loc"] == ["body", "runs"]


def test_a_chunked_body_over_the_limit_is_413_not_400(client: TestClient) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"kind": "descent", "id": "'
        for _ in range(get_settings().max_message_bytes // 1024 + 10):  # just over the limit
            yield b"x" * 1024
        yield b'"}'

    r = client.post("/api/v1/runs", content=body(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["detail"][0]["type"] == "too_large"
    small = client.post("/api/v1/runs", content=iter([b'{"steps": ', b"3}"]),
                        headers={"content-type": "application/json"})
    assert small.status_code == 200 and small.json()["steps"]["t"] == [0, 1, 2, 3]


def _off_loop(gen: Iterator[Any], seen: list[bool]) -> Iterator[Any]:
    """Record, for every chunk, whether it was produced outside the event loop's thread."""
    while True:
        try:
            asyncio.get_running_loop()
            seen.append(False)
        except RuntimeError:
            seen.append(True)
        try:
            yield next(gen)
        except StopIteration:
            return


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_answers_are_encoded_off_the_event_loop_in_slices(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from app.web.routes import api

    seen: list[bool] = []
    monkeypatch.setattr(export, "SLICE_BYTES", 64 * 1024)
    monkeypatch.setattr(api, "csv_chunks", lambda results: _off_loop(export.csv_chunks(results), seen))
    monkeypatch.setattr(api, "json_chunks", lambda body: _off_loop(export.json_chunks(body), seen))
    with TestClient(create_app(Settings(max_steps=20_000))) as c:
        r = c.post(f"/api/v1/runs?format={fmt}", json=SLOW)
    assert r.status_code == 200
    if fmt == "csv":
        assert r.text.count("\n") == 20_002  # header + one row per step
    else:
        assert len(orjson.loads(r.content)["steps"]["t"]) == 20_001
    assert len(seen) > 3 and all(seen)  # several chunks, every one made in a worker thread


def test_redoc_is_off_and_docs_are_vendored(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
    docs = client.get("/docs").text
    assert "cdn.jsdelivr" not in docs and "fonts.googleapis" not in docs


def test_the_static_redirect_never_reflects_the_host(client: TestClient) -> None:
    r = client.get("/static", headers={"host": "evil.example"}, follow_redirects=False)
    assert "evil.example" not in r.headers.get("location", "") and "evil.example" not in r.text
    assert r.status_code in (404, 307) and client.get("/static/favicon.svg").status_code == 200


def test_healthz_is_liveness_only_unless_the_operator_asks(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    with TestClient(create_app(Settings(health_details=True))) as c:
        body = c.get("/healthz").json()
    assert body["status"] == "ok" and {"active_runs", "sockets", "threads", "rss_kb", "version"} <= set(body)


@pytest.mark.parametrize("path", ["/", "/embed", "/train"])
def test_head_on_pages_is_200(client: TestClient, path: str) -> None:
    r = client.head(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and r.content == b""


@pytest.mark.parametrize(("header", "lang"), [
    ("en;q=0.9, ko;q=1", "ko"), ("ko;q=0.2, en;q=0.8", "en"), ("fr, en;q=0.5, ko;q=0.4", "en"),
    ("en;q=0, ko;q=0.1", "ko"), ("en-GB;q=0.7,ko-KR;q=0.71", "ko"), ("en;q=2", "ko"), ("en", "en"),
])
def test_accept_language_is_read_by_q_value(client: TestClient, header: str, lang: str) -> None:
    page = client.get("/", headers={"accept-language": header}).text
    assert f'<html lang="{lang}"' in page


def test_accept_language_ranking() -> None:
    assert accepted_languages("fr;q=0.3, de, en-US;q=0.9, *;q=0.1") == ["de", "en", "fr", "*"]


def test_the_run_log_names_a_trainings_optimizer_and_lr(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="descent_lab.runs"):
        r = client.post("/api/v1/runs", json={"kind": "train", "dataset": {"name": "moons", "n": 100}, "epochs": 1})
    assert r.status_code == 200
    line = [orjson.loads(rec.getMessage()) for rec in caplog.records if rec.name == "descent_lab.runs"][-1]
    suggested = DATASETS["moons"].suggested  # no optimizer in the request: the data set's suggestion was used
    assert (line["kind"], line["optimizer"], line["lr"]) == ("train", suggested["optimizer"], suggested["lr"])


def test_a_numerical_gradient_is_budgeted_by_parameters_times_batch(client: TestClient) -> None:
    big = {"kind": "train", "dataset": {"name": "spiral", "n": 20_000}, "batch_size": 20_000, "epochs": 1,
           "model": {"hidden": [48, 48, 48], "activation": "tanh"}, "gradient": {"mode": "numerical"}}
    r = client.post("/api/v1/runs", json=big)
    assert r.status_code == 422
    err = next(e for e in r.json()["detail"] if e.get("name") == "max_numeric_work")
    assert err["loc"] == ["body", "batch_size"] and err["limit"] == Settings().max_numeric_work


def test_gradient_timing_is_bounded_by_work_and_wall_time() -> None:
    body = {"dataset": "digits", "hidden": [512, 512], "batch_size": 1000, "coordinates": 1000}
    with TestClient(create_app(Settings())) as c:
        r = c.post("/api/v1/gradient-timing", json=body)
        assert r.status_code == 422 and r.json()["detail"][0]["name"] == "max_timing_work"
    with TestClient(create_app(Settings(max_timing_work=10**13, run_wall_seconds=0.05))) as c:
        r = c.post("/api/v1/gradient-timing", json=body)
        assert r.status_code == 422 and r.json()["detail"][0]["name"] == "run_wall_seconds"
        assert c.app.state.capacity.trainings.active == 0 and c.app.state.capacity.heavy_lane.busy == 0
