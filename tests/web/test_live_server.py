"""Against a real uvicorn: a full WebSocket session, cancellation on disconnect, and no leaks over many cycles."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from websockets.sync.client import connect

from tests.servers import wait_for


def health(base: str) -> dict[str, Any]:
    return json.loads(urllib.request.urlopen(base + "/healthz", timeout=5).read())




def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/ws/run"


def test_a_full_session_over_a_real_socket(uvicorn_server: str) -> None:
    with connect(ws_url(uvicorn_server), open_timeout=10) as ws:
        ws.send(json.dumps({"type": "start", "run": {"steps": 2000, "stop": {"grad_tol": 0}}}))
        ts: list[int] = []
        while (m := json.loads(ws.recv(timeout=10)))["type"] != "done":
            ts += m["cols"]["t"] if m["type"] == "steps" else []
    assert ts == list(range(2001)) and m["reason"] == "completed"


def test_disconnect_cancels_the_run_quickly(uvicorn_server: str) -> None:
    with connect(ws_url(uvicorn_server), open_timeout=10) as ws:
        ws.send(json.dumps({"type": "start", "run": {"steps": 5000}, "speed": 5}))
        assert json.loads(ws.recv(timeout=10))["type"] == "meta"
        assert health(uvicorn_server)["active_runs"] == 1
    assert wait_for(lambda: health(uvicorn_server)["active_runs"] == 0, timeout=2.0)


def test_a_thousand_connect_start_disconnect_cycles_leak_nothing(uvicorn_server: str) -> None:
    def cycles(n: int) -> None:
        for _ in range(n):
            with connect(ws_url(uvicorn_server), open_timeout=10) as ws:
                ws.send('{"type": "start", "run": {"steps": 5000}, "speed": 5}')
                assert json.loads(ws.recv(timeout=10))["type"] == "meta"

    cycles(100)  # warm up: thread pool, caches, allocator
    assert wait_for(lambda: health(uvicorn_server)["sockets"] == 0)
    before = health(uvicorn_server)
    cycles(1000)
    assert wait_for(lambda: health(uvicorn_server)["sockets"] == 0 and health(uvicorn_server)["active_runs"] == 0)
    after = health(uvicorn_server)
    assert after["tasks"] <= before["tasks"]
    assert after["threads"] <= before["threads"] + 2
    assert after["rss_kb"] - before["rss_kb"] < 20_000, (before, after)


def test_a_client_that_stops_reading_pauses_its_run_and_holds_no_growing_buffer(uvicorn_server: str) -> None:
    before = health(uvicorn_server)
    # max_queue=1: the client library stops reading the socket once one message waits unread
    with connect(ws_url(uvicorn_server), open_timeout=10, max_queue=1) as ws:
        run = {"steps": 100_000, "stop": {"grad_tol": 0}, "optimizer": {"lr": 1e-6}}
        ws.send(json.dumps({"type": "start", "run": [run] * 6, "speed": "max"}))  # about 90 MB of output
        assert wait_for(lambda: health(uvicorn_server)["sends_in_flight"] >= 1, timeout=30)
        during = health(uvicorn_server)
        assert during["rss_kb"] - before["rss_kb"] < 50_000  # output waits in bounded buffers, not in memory
        # still connected but not reading: the blocked send times out (5 s here) and the runs are dropped,
        # long before 600,000 steps could have been delivered
        assert wait_for(lambda: health(uvicorn_server)["active_runs"] == 0, timeout=30)
        assert health(uvicorn_server)["send_timeouts"] == before["send_timeouts"] + 1
