"""The run stream over the WebSocket, through TestClient."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.servers import wait_for


def receive(ws: Any) -> dict[str, Any]:
    text = ws.receive_text()
    assert "NaN" not in text and "Infinity" not in text
    return orjson.loads(text)


def until_done(ws: Any, runs: int = 1) -> list[dict[str, Any]]:
    msgs, finished = [], 0
    while finished < runs:
        m = receive(ws)
        msgs.append(m)
        finished += m["type"] == "done"
    return msgs




def steps_of(msgs: list[dict[str, Any]], run_id: str = "r1") -> list[int]:
    return [t for m in msgs if m["type"] == "steps" and m["run_id"] == run_id for t in m["cols"]["t"]]


def test_start_meta_steps_done(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"kind": "descent", "steps": 300, "stop": {"grad_tol": 0}}}')
        msgs = until_done(ws)
    assert msgs[0]["type"] == "meta" and msgs[0]["v"] == 1 and msgs[0]["config"]["start"] == [-3.0, 4.0]
    assert steps_of(msgs) == list(range(301))  # every step, in order, none dropped
    assert [m["seq"] for m in msgs] == list(range(1, len(msgs) + 1))
    done = msgs[-1]
    assert done["reason"] == "completed" and done["diagnosis"]["verdict"] == "converged"
    assert done["diagnosis"]["message"]["ko"] and done["summary"]["records"] == 301


def test_a_diverging_run_ends_as_diverged_with_nulls_never_nan(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"optimizer": {"lr": 10}, "steps": 1000}}')
        msgs = until_done(ws)
    assert msgs[-1]["reason"] == "diverged" and msgs[-1]["t"] == 120
    assert steps_of(msgs) == list(range(120))


def test_compare_runs_share_one_timeline(client: TestClient) -> None:
    runs = [{"optimizer": {"lr": lr}, "gradient": {"mode": "central"}} for lr in (0.1, 10, 1e-10)]
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text(orjson.dumps({"type": "start", "run": runs, "speed": 500}).decode())
        msgs = until_done(ws, 3)
    assert [m["run_id"] for m in msgs if m["type"] == "meta"] == ["r1", "r2", "r3"]
    batches = {rid: [m["cols"]["t"] for m in msgs if m["type"] == "steps" and m["run_id"] == rid]
               for rid in ("r1", "r2", "r3")}
    assert batches["r1"] == batches["r2"] == batches["r3"]  # the same steps in the same frames
    verdicts = [m["diagnosis"]["verdict"] for m in msgs if m["type"] == "done"]
    assert verdicts == ["converged", "gradient_breakdown", "too_slow"]


def test_pause_step_resume(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 50}, "paused": true}')
        assert receive(ws)["type"] == "meta"
        ws.send_text('{"type": "step", "n": 1}')
        assert receive(ws)["cols"]["t"] == [0]
        ws.send_text('{"type": "step", "n": 3}')
        assert receive(ws)["cols"]["t"] == [1, 2, 3]
        ws.send_text('{"type": "resume"}')
        msgs = until_done(ws)
    assert steps_of(msgs) == list(range(4, 51))


def test_speed_paces_the_steps(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 12}, "speed": 60}')
        msgs = until_done(ws)
    batches = [len(m["cols"]["t"]) for m in msgs if m["type"] == "steps"]
    assert sum(batches) == 13 and len(batches) >= 6  # 60 steps/s at 30 frames/s: about 2 a frame


def test_stop_ends_the_run_as_stopped_with_a_diagnosis(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 5000, "optimizer": {"lr": 1e-4}}, "speed": 30}')
        assert receive(ws)["type"] == "meta"
        assert receive(ws)["type"] == "steps"
        ws.send_text('{"type": "stop"}')
        msgs = until_done(ws)
    assert msgs[-1]["reason"] == "stopped" and msgs[-1]["diagnosis"]["verdict"] == "too_slow"
    assert client.app.state.capacity.runs.active == 0


def test_invalid_start_gets_an_error_and_the_socket_stays_usable(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"optimizer": {"lr": -1}, "surface": "volcano"}}')
        err = receive(ws)
        assert err["type"] == "error" and err["code"] == "invalid_run"
        assert {tuple(f["loc"]) for f in err["fields"]} == {("run", "optimizer", "lr"), ("run", "surface")}
        ws.send_text('{"type": "start", "run": {"steps": 6000}}')
        err = receive(ws)
        assert err["code"] == "over_limit" and "at most 5,000 steps" in err["message"]
        assert err["messages"]["ko"] == err["fields"][0]["message"]["ko"] and "5,000단계" in err["messages"]["ko"]
        ws.send_text('{"type": "start", "run": {"steps": 3}}')
        assert steps_of(until_done(ws)) == [0, 1, 2, 3]


def test_unknown_type_and_bad_values_get_errors(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        for text, code in [('{"type": "jump"}', "unknown_type"), ("[1, 2]", "bad_message"),
                           ('{"type": "step", "n": -4}', "invalid_step"),
                           ('{"type": "speed", "steps_per_second": "fast"}', "invalid_speed")]:
            ws.send_text(text)
            assert receive(ws)["code"] == code


def test_malformed_json_gets_an_error_then_a_1003_close(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        for _ in range(3):
            ws.send_text("{not json")
            assert receive(ws)["code"] == "bad_json"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1003


def test_binary_frames_are_refused(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_bytes(b"\x00\x01")
        assert receive(ws)["code"] == "binary_frame"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1003


def test_disconnect_mid_run_cancels_the_work(client: TestClient) -> None:
    limiter = client.app.state.capacity.runs
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 5000}, "speed": 10}')
        assert receive(ws)["type"] == "meta"
        assert limiter.active == 1
    assert wait_for(lambda: limiter.active == 0)


def test_busy_server_closes_with_1013(client: TestClient) -> None:
    limiter = client.app.state.capacity.runs
    assert limiter.try_acquire(limiter.limit)
    try:
        with client.websocket_connect("/ws/run") as ws:
            ws.send_text('{"type": "start", "run": {}}')
            assert receive(ws)["code"] == "busy"
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_text()
        assert closed.value.code == 1013
    finally:
        limiter.release(limiter.limit)


def test_an_idle_socket_is_closed() -> None:
    from app.config import Settings
    from app.main import create_app

    with TestClient(create_app(Settings(idle_seconds=0.3))) as c, c.websocket_connect("/ws/run") as ws, \
            pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_text()
    assert closed.value.code == 1001


def test_too_many_sockets_get_busy_and_1013() -> None:
    from app.config import Settings
    from app.main import create_app

    with TestClient(create_app(Settings(max_sockets=1))) as c, c.websocket_connect("/ws/run") as first:
        with c.websocket_connect("/ws/run") as second:
            assert receive(second)["code"] == "busy"
            with pytest.raises(WebSocketDisconnect) as closed:
                second.receive_text()
        assert closed.value.code == 1013
        first.send_text('{"type": "start", "run": {"steps": 2}}')
        assert receive(first)["type"] == "meta"  # the first socket is unaffected
