"""Against a real uvicorn on 127.0.0.1: one client cannot stall the others. HTTP runs queue in the same lanes as
WebSocket runs and get 429 beyond their cap; a client that leaves or stops reading releases everything it held;
numerical-gradient work stops when asked; abrupt disconnects log no tracebacks; SIGTERM ends the process promptly."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.servers import ROOT, app_server, free_port, wait_for, wait_until_up

LONG_TRAIN = {"kind": "train", "dataset": {"name": "digits"}, "batch_size": 1, "epochs": 100}  # ~140,000 updates
NUMERIC = {"kind": "train", "dataset": {"name": "spiral", "n": 400}, "batch_size": 40, "epochs": 500,
           "model": {"hidden": [64, 64], "activation": "tanh"}, "gradient": {"mode": "numerical"}}  # minutes


def health(base: str) -> dict[str, Any]:
    return json.loads(urllib.request.urlopen(base + "/healthz", timeout=10).read())


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/ws/run"


def raw_post(base: str, path: str, body: dict[str, Any]) -> socket.socket:
    """Send a POST and read nothing; the caller closes the socket to leave."""
    port = int(base.rsplit(":", 1)[1])
    data = json.dumps(body).encode()
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
    return s


def small_run(base: str, steps: int = 10) -> dict[str, Any]:
    with connect(ws_url(base), open_timeout=10) as ws:
        ws.send(json.dumps({"type": "start", "run": {"steps": steps}, "speed": "max"}))
        while (m := json.loads(ws.recv(timeout=30)))["type"] != "done":
            pass
    return m


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("live") / "stderr.log"
    with log.open("w") as err, app_server({"DESCENT_LAB_MAX_CONCURRENT_HTTP_RUNS": "2",
                                           "DESCENT_LAB_SEND_TIMEOUT_SECONDS": "1",
                                           "DESCENT_LAB_MAX_TIMING_WORK": str(10**13),
                                           "DESCENT_LAB_LOG_RUNS": "false"}, stderr=err) as base:
        yield base, log


def test_http_runs_take_turns_get_429_beyond_the_cap_and_stop_when_the_client_leaves(server) -> None:
    base, _ = server
    baseline = health(base)["threads"]
    clients = [raw_post(base, "/api/v1/runs", LONG_TRAIN) for _ in range(2)]
    try:
        assert wait_for(lambda: health(base)["http_runs"] == 2, timeout=30)
        req = urllib.request.Request(base + "/api/v1/runs", data=json.dumps(LONG_TRAIN).encode(),
                                     headers={"content-type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as third:
            urllib.request.urlopen(req, timeout=30)
        assert third.value.code == 429 and int(third.value.headers["retry-after"]) >= 1
        assert small_run(base)["reason"] == "completed"  # a bystander gets through while both still compute
        assert health(base)["http_runs"] == 2
    finally:
        for c in clients:
            c.close()
    assert wait_for(lambda: (h := health(base))["http_runs"] == 0 and h["active_runs"] == 0, timeout=20)
    assert wait_for(lambda: health(base)["threads"] <= baseline + 2, timeout=30)


def test_a_numerical_training_stops_inside_its_iteration_when_the_client_leaves(server) -> None:
    base, _ = server
    for _ in range(3):
        with connect(ws_url(base), open_timeout=10) as ws:
            ws.send(json.dumps({"type": "start", "run": NUMERIC}))
            assert json.loads(ws.recv(timeout=30))["type"] == "meta"
            assert wait_for(lambda: health(base)["active_trainings"] == 1, timeout=10)
        # the lane and the capacity are released only when the worker returns: both show the work ended
        assert wait_for(lambda: (h := health(base))["active_trainings"] == 0 and h["lane_waiting"] == 0, timeout=20)
    assert small_run(base)["reason"] == "completed"


def test_gradient_timing_stops_when_the_client_leaves(server) -> None:
    base, _ = server
    body = {"dataset": "digits", "hidden": [512, 512, 512], "batch_size": 1000, "coordinates": 1000}  # ~minutes
    client = raw_post(base, "/api/v1/gradient-timing", body)
    try:
        assert wait_for(lambda: health(base)["active_trainings"] == 1, timeout=20)
    finally:
        client.close()
    assert wait_for(lambda: health(base)["active_trainings"] == 0 and health(base)["http_runs"] == 0, timeout=20)


def test_a_client_that_stops_reading_is_cut_off_and_frees_its_socket(server) -> None:
    base, _ = server
    before = health(base)
    with connect(ws_url(base), open_timeout=10, max_queue=1) as ws:
        run = {"steps": 100_000, "stop": {"grad_tol": 0}, "optimizer": {"lr": 1e-6}}
        ws.send(json.dumps({"type": "start", "run": [run] * 6, "speed": "max"}))
        # not reading: after send_timeout_seconds (1 s here) the server drops the connection itself, although
        # the client keeps its end open
        assert wait_for(lambda: (h := health(base))["sockets"] == 0 and h["active_runs"] == 0, timeout=30)
        assert health(base)["send_timeouts"] == before["send_timeouts"] + 1
        with pytest.raises(ConnectionClosed):
            while True:
                ws.recv(timeout=10)


def test_abrupt_disconnects_log_no_tracebacks(server) -> None:
    base, log = server
    port = int(base.rsplit(":", 1)[1])
    start = json.dumps({"type": "start", "run": {"steps": 5000}, "speed": 5})
    for i in range(150):
        with connect(ws_url(base), open_timeout=10, close_timeout=0.1) as ws:
            ws.send(start)
            if i % 2:  # half with a TCP reset right after start, half with a close frame
                ws.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                ws.socket.close()
    assert wait_for(lambda: health(base)["sockets"] == 0 and health(base)["active_runs"] == 0, timeout=20)
    assert port and small_run(base)["reason"] == "completed"
    text = log.read_text()
    assert "Traceback" not in text and "never retrieved" not in text and "Exception in ASGI" not in text, text[-2000:]


def test_sigterm_ends_the_server_promptly_with_work_running() -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], cwd=ROOT,
                            env={**os.environ, "DESCENT_LAB_HEALTH_DETAILS": "true",
                                 "DESCENT_LAB_SHUTDOWN_SECONDS": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", proc)
        with connect(ws_url(base), open_timeout=10, close_timeout=0.1) as ws:
            ws.send(json.dumps({"type": "start", "run": NUMERIC}))
            http_client = raw_post(base, "/api/v1/runs", LONG_TRAIN)
            assert wait_for(lambda: health(base)["active_trainings"] == 2, timeout=20)
            proc.terminate()
            proc.wait(30)  # minutes of work were queued: the process ends because it cancelled them
            assert proc.returncode is not None
            http_client.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


def test_uvicorn_app_main_app_enforces_the_message_size_itself() -> None:
    port = free_port()
    cmd = ["-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", "{port}", "--log-level", "warning"]
    with app_server(port=port, command=cmd) as base, connect(ws_url(base), open_timeout=10, max_size=None) as ws:
        ws.send(json.dumps({"type": "start", "run": {"id": "x" * (1 << 20)}}))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)  # the protocol refuses the frame before the app reads it: no `error` message
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
