"""The HTTP calls that compute besides runs (lesson results, /tune, the anatomies, maps, the figure's search) take
the compute lanes like HTTP runs: with every lane slot taken they wait in the lane while /healthz still answers,
beyond the HTTP runs' cap they get 429 with Retry-After, and their work stops at the wall limit or when the client
leaves. A learner's formula compiles off the WebSocket's event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.web import formula_fields, http_jobs, lesson_results
from app.web.capacity import Capacity
from app.web.routes import lesson_tools
from tests.servers import wait_for

TRAIN = {"kind": "train", "dataset": {"name": "spiral", "n": 100}, "epochs": 2, "batch_size": 10}
CALLS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "tune": ("POST", "/api/v1/tune", {"run": {"surface": "bowl", "steps": 20}, "optimizers": ["sgd", "adam"]}),
    "anatomy": ("POST", "/api/v1/anatomy", {"run": {"steps": 3000}, "step": 2500}),
    "anatomy_train": ("POST", "/api/v1/anatomy/train", {"run": TRAIN, "iteration": 10}),
    "lesson_descent": ("GET", "/api/v1/lessons/update_anatomy/result", None),
    "lesson_losses": ("GET", "/api/v1/lessons/loss_functions/result", None),
    "sweep": ("POST", "/api/v1/sweeps", {"n": 32, "steps": 20}),
    "trainability": ("POST", "/api/v1/trainability", {"n": 32, "steps": 20}),
    "figure_tune": ("GET", "/api/v1/figure.svg?vary=opt&values=sgd,adam&tune=1&steps=20", None),
}
SETTINGS = Settings(max_concurrent_http_runs=4, log_runs=False, warm_up=False)


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(lesson_results, "_CACHE", {})  # a lesson's result is computed, not remembered
    with TestClient(create_app(SETTINGS)) as c:
        yield c


def call(c: TestClient, name: str) -> Any:
    method, path, body = CALLS[name]
    return c.request(method, path, json=body) if body is not None else c.request(method, path)


def capacity(c: TestClient) -> Capacity:
    return c.app.state.capacity  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(CALLS))
def test_with_every_lane_slot_taken_the_call_waits_in_a_lane_and_healthz_answers(client: TestClient,
                                                                                  name: str) -> None:
    cap = capacity(client)
    lanes = [cap.light_lane, cap.heavy_lane]
    for lane in lanes:
        for _ in range(lane.slots):
            client.portal.call(lane.acquire)  # type: ignore[union-attr]  # someone computes in every slot
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(call, client, name)
        try:
            assert wait_for(lambda: cap.light_lane.waiting + cap.heavy_lane.waiting == 1, timeout=30)
            assert cap.http.active >= 1  # held as an HTTP run while it waits
            assert client.get("/healthz").status_code == 200  # the event loop is free meanwhile
            assert not answer.done()
        finally:
            for lane in lanes:
                for _ in range(lane.slots):
                    client.portal.call(lane.release)  # type: ignore[union-attr]
        r = answer.result(timeout=120)
    assert r.status_code == 200, r.text[:300]
    assert wait_for(lambda: cap.http.active == 0 and cap.runs.active == 0, timeout=10)


@pytest.mark.parametrize("name", list(CALLS))
def test_beyond_the_http_runs_cap_the_call_gets_429_with_retry_after(client: TestClient, name: str) -> None:
    cap = capacity(client)
    assert cap.http.try_acquire(cap.http.limit)  # other HTTP calls hold every slot
    try:
        r = call(client, name)
    finally:
        cap.http.release(cap.http.limit)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert cap.runs.active == 0 and cap.http.active == 0  # nothing was kept by the refused call
    if name in ("sweep", "trainability"):  # the map's slot was given back too
        assert call(client, name).status_code == 200


@pytest.mark.parametrize("name", ["anatomy", "anatomy_train", "tune"])
def test_a_computation_of_many_turns_gives_the_answer_of_one(monkeypatch: pytest.MonkeyPatch, client: TestClient,
                                                             name: str) -> None:
    one_turn = call(client, name)
    monkeypatch.setattr(http_jobs, "TURN_SECONDS", {False: 0.0, True: 0.0})  # one piece per turn, each in a thread
    many = call(client, name)
    assert one_turn.status_code == many.status_code == 200, many.text[:300]
    assert orjson.loads(many.content) == orjson.loads(one_turn.content)


def endless(*_: Any) -> Iterator[None]:
    """A search that never ends by itself: only the wall limit or the client leaving stops it."""
    while True:
        yield


def test_a_long_search_stops_at_the_wall_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = threading.Event()

    def search(*args: Any) -> Iterator[None]:
        try:
            yield from endless()
        finally:
            closed.set()

    monkeypatch.setattr(lesson_tools, "tune_steps", search)
    with TestClient(create_app(Settings(run_wall_seconds=0.3, log_runs=False, warm_up=False))) as c:
        r = call(c, "tune")
        assert r.status_code == 422 and r.json()["detail"][0]["name"] == "run_wall_seconds"
        assert closed.is_set() and capacity(c).http.active == 0


async def leave_during(app: Any, method: str, path: str, body: bytes, left: asyncio.Event) -> list[dict[str, Any]]:
    """Call the ASGI app; the client disconnects once `left` is set. Returns what the app sent."""
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await left.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and message.get("body"):
            left.set()  # a map: the client leaves after its first line

    path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": query.encode(), "headers": [(b"content-type", b"application/json"),
                                                         (b"host", b"127.0.0.1")],
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80), "state": {}}
    await asyncio.wait_for(app(scope, receive, send), timeout=60)
    return sent


def test_a_search_stops_when_its_client_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    turns, closed = [0], threading.Event()

    def search(*args: Any) -> Iterator[None]:
        try:
            while True:
                turns[0] += 1
                yield
        finally:
            closed.set()

    monkeypatch.setattr(lesson_tools, "tune_steps", search)
    with TestClient(create_app(SETTINGS)) as c:
        app, cap = c.app, capacity(c)

        async def scenario() -> list[dict[str, Any]]:
            left = asyncio.Event()
            task = asyncio.create_task(leave_during(app, "POST", "/api/v1/tune",
                                                    orjson.dumps(CALLS["tune"][2]), left))
            while turns[0] < 3:  # the search is computing, turn after turn
                await asyncio.sleep(0.01)
            left.set()
            return await task

        sent = c.portal.call(scenario)  # type: ignore[union-attr]
        assert closed.is_set() and cap.http.active == 0 and cap.runs.active == 0
        assert not any(m.get("status") == 200 for m in sent)


def test_a_map_stops_computing_when_its_client_leaves() -> None:
    with TestClient(create_app(SETTINGS)) as c:
        app, cap = c.app, capacity(c)
        body = orjson.dumps({"n": 512, "steps": 100})  # levels 32² … 512²: many tiles

        async def scenario() -> list[dict[str, Any]]:
            return await leave_during(app, "POST", "/api/v1/sweeps", body, asyncio.Event())

        sent = c.portal.call(scenario)  # type: ignore[union-attr]
        lines = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").splitlines()
        assert lines and orjson.loads(lines[0])["type"] == "meta"
        assert all(orjson.loads(x)["type"] != "done" for x in lines)  # it ended without finishing the map
        assert cap.http.active == 0 and cap.runs.active == 0 and cap.heavy_lane.busy == 0
        assert c.post("/api/v1/sweeps", json={"n": 32, "steps": 20}).status_code == 200  # its slot came back


def test_a_formula_compiles_in_a_worker_while_the_event_loop_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release, ended = threading.Event(), threading.Event(), threading.Event()
    real = formula_fields.custom_surface

    def slow_compile(*args: Any) -> Any:
        entered.set()
        release.wait(30)
        try:
            return real(*args)
        finally:
            ended.set()

    monkeypatch.setattr(formula_fields, "custom_surface", slow_compile)
    with TestClient(create_app(SETTINGS)) as c, c.websocket_connect("/ws/run") as ws:
        ws.send_text(orjson.dumps({"type": "start", "speed": "max",
                                   "run": {"surface": "custom", "f": "x^2 + 3*y^2", "steps": 5}}).decode())
        assert entered.wait(30)
        try:
            assert c.get("/healthz").status_code == 200
            assert not ended.is_set()  # /healthz was answered while the compile was still running
            assert capacity(c).light_lane.busy == 1  # in a lane turn
        finally:
            release.set()
        kinds = []
        while not kinds or kinds[-1] not in ("done", "error"):
            kinds.append(orjson.loads(ws.receive_text())["type"])
    assert kinds[0] == "meta" and kinds[-1] == "done"
