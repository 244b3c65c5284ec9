"""WebSocket sessions: a stop during a chunk keeps the chunk, a superseded run ends as stopped with its own id,
the idle timeout spares a streaming run, Origin and per-address limits, and client key names come back escaped."""

from __future__ import annotations

import threading
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.config import Settings
from app.main import create_app
from app.web.capacity import Capacity
from app.web.sessions import FIRST_CHUNK, MAX_CHUNK
from app.web.streams import DescentStream
from tests.servers import wait_for


def receive(ws: Any) -> dict[str, Any]:
    return orjson.loads(ws.receive_text())


def until_done(ws: Any, runs: int = 1) -> list[dict[str, Any]]:
    msgs, finished = [], 0
    while finished < runs:
        msgs.append(receive(ws))
        finished += msgs[-1]["type"] == "done"
    return msgs


def test_a_stop_while_a_chunk_computes_sends_that_chunk_before_done(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, stop_seen, go = threading.Event(), threading.Event(), threading.Event()
    pull, request_stop, calls = DescentStream.pull, DescentStream.request_stop, {"n": 0}

    def slow_pull(self: DescentStream, n: int, budget: float) -> Any:
        calls["n"] += 1
        out = pull(self, n, budget)
        if calls["n"] == 2:  # the second chunk is computed: keep the worker busy until the stop has arrived
            entered.set()
            go.wait(10)
        return out

    def seen_stop(self: DescentStream) -> None:
        request_stop(self)
        stop_seen.set()

    monkeypatch.setattr(DescentStream, "pull", slow_pull)
    monkeypatch.setattr(DescentStream, "request_stop", seen_stop)
    with TestClient(create_app(Settings())) as c, c.websocket_connect("/ws/run") as ws:
        # a formula runs on the general path, whose chunks are computed in a worker thread (fast-path chunks of up
        # to INLINE_STEPS are computed on the event loop, where no stop can arrive during them)
        ws.send_text('{"type": "start", "run": {"f": "x^2 + y^2", "steps": 50000, "optimizer": {"lr": 1e-6}, '
                     '"stop": {"grad_tol": 0}}}')
        assert receive(ws)["type"] == "meta"
        assert entered.wait(10)
        ws.send_text('{"type": "stop"}')
        assert stop_seen.wait(10)
        go.set()
        msgs = until_done(ws)
    ts = [t for m in msgs if m["type"] == "steps" for t in m["cols"]["t"]]
    done = msgs[-1]
    # both chunks arrived: the one sent before the stop and the one computing when it came
    assert done["reason"] == "stopped" and done["summary"]["records"] == len(ts) == FIRST_CHUNK + MAX_CHUNK
    assert ts == list(range(len(ts))) and done["summary"]["final"]["t"] == ts[-1]


def test_a_new_start_ends_the_running_run_as_stopped_and_gives_new_ids(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 5000}, "speed": 30}')
        assert receive(ws)["run_id"] == "r1"
        ws.send_text('{"type": "start", "run": [{"steps": 5}, {"steps": 6}]}')
        msgs = until_done(ws, 3)
    first_done = next(m for m in msgs if m["type"] == "done")
    assert first_done["run_id"] == "r1" and first_done["reason"] == "stopped"
    assert msgs.index(first_done) < next(i for i, m in enumerate(msgs) if m["type"] == "meta")  # old ends first
    assert [m["run_id"] for m in msgs if m["type"] == "meta"] == ["r2", "r3"]
    assert [m["reason"] for m in msgs if m["type"] == "done"] == ["stopped", "completed", "completed"]
    assert client.app.state.capacity.runs.active == 0


def test_the_idle_timeout_spares_a_run_that_is_streaming() -> None:
    with TestClient(create_app(Settings(idle_seconds=0.3))) as c, c.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 30}, "speed": 20}')  # about 1.5 s, five idle periods
        msgs = until_done(ws)
        assert msgs[-1]["reason"] == "completed" and msgs[-1]["summary"]["records"] == 31
        with pytest.raises(WebSocketDisconnect) as closed:  # nothing streams now: idle again
            ws.receive_text()
    assert closed.value.code == 1001


def test_a_paused_run_is_idle() -> None:
    with TestClient(create_app(Settings(idle_seconds=0.3))) as c, c.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 30}, "paused": true}')
        assert receive(ws)["type"] == "meta"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1001


RESTRICTED = Settings(cors_origins=["https://school.example"], embed_origins=["https://lms.example"])


@pytest.mark.parametrize(("origin", "allowed"), [
    ("https://evil.example", False), ("https://school.example", True), ("https://lms.example", True),
    ("http://testserver", True), (None, True),
])
def test_the_socket_checks_origin_against_the_configured_origins(origin: str | None, allowed: bool) -> None:
    headers = {"origin": origin} if origin else {}
    with TestClient(create_app(RESTRICTED)) as c:
        if allowed:
            with c.websocket_connect("/ws/run", headers=headers) as ws:
                ws.send_text('{"type": "start", "run": {"steps": 2}}')
                assert until_done(ws)[-1]["reason"] == "completed"
        else:
            with pytest.raises(WebSocketDisconnect) as refused, c.websocket_connect("/ws/run", headers=headers):
                pass
            assert refused.value.code == 1008


def test_any_origin_is_welcome_when_cors_is_open(client: TestClient) -> None:
    with client.websocket_connect("/ws/run", headers={"origin": "https://evil.example"}) as ws:
        ws.send_text('{"type": "start", "run": {"steps": 2}}')
        assert until_done(ws)[-1]["reason"] == "completed"


def test_one_address_cannot_take_every_socket() -> None:
    with TestClient(create_app(Settings(max_sockets=10, max_sockets_per_client=2))) as c, \
            c.websocket_connect("/ws/run"), c.websocket_connect("/ws/run"), c.websocket_connect("/ws/run") as third:
        busy = receive(third)
        assert busy["code"] == "busy" and "max_sockets_per_client = 2" in busy["message"]
        with pytest.raises(WebSocketDisconnect) as closed:
            third.receive_text()
        assert closed.value.code == 1013


def test_client_key_names_come_back_escaped(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"<img src=x>": 1, "NaN": 2}}')
        err = receive(ws)
    locs = [f["loc"] for f in err["fields"]]
    assert ["run", "\\x3cimg src=x\\x3e"] in locs and ["run", "NaN"] in locs
    assert "<img" not in err["message"]


def test_fast_path_chunks_stay_on_the_event_loop_and_first_steps_are_counted_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 500-step run on a built-in surface computes its chunks without a worker thread; a formula's go through the
    lanes. Every start, finished, paused then stopped, or left mid-run, ends uncounted in `first_steps_pending`."""
    hops: list[bool] = []
    compute = Capacity.compute

    async def counted(self: Capacity, heavy: bool, fn: Any, first: bool = False) -> Any:
        hops.append(heavy)
        return await compute(self, heavy, fn, first)

    monkeypatch.setattr(Capacity, "compute", counted)
    app = create_app(Settings())
    with TestClient(app) as c:
        with c.websocket_connect("/ws/run") as ws:
            ws.send_text('{"type": "start", "run": {"steps": 500, "optimizer": {"lr": 0.01}, "stop": {"grad_tol": 0}}}')
            msgs = until_done(ws)
            assert sum(len(m["cols"]["t"]) for m in msgs if m["type"] == "steps") == 501 and hops == []
            ws.send_text('{"type": "start", "run": {"f": "x^2 + y^2", "steps": 500, "optimizer": {"lr": 0.01}}}')
            until_done(ws)
            assert hops and not any(hops)  # the formula's chunks in the light lane
            ws.send_text('{"type": "start", "paused": true, "run": {"steps": 500}}')
            assert receive(ws)["type"] == "meta"
            ws.send_text('{"type": "stop"}')
            assert until_done(ws)[-1]["reason"] == "stopped"
        with c.websocket_connect("/ws/run") as ws:
            ws.send_text('{"type": "start", "speed": 1, "run": {"steps": 500}}')
            assert receive(ws)["type"] == "meta"
        assert wait_for(lambda: app.state.capacity.runs.active == 0)
        assert app.state.capacity.firsts.pending == 0
