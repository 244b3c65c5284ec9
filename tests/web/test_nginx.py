"""deploy/nginx.conf in front of `descent-lab --workers 2`: API calls and whole WebSocket sessions go through it,
and a burst of sessions is split between the two worker processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from websockets.sync.client import connect

from tests.servers import ROOT, app_process, free_port, stop, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


WORKERS = 2
BURST = 16  # sessions started at once


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """nginx on a free port in front of one `descent-lab --workers 2`; yields its host:port and the app's pid."""
    if not os.path.exists(NGINX):
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (apt-get install -y nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    app, front = free_port(), free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = (conf.replace("127.0.0.1:8001", f"127.0.0.1:{app}").replace("listen 127.0.0.1:8080",
                                                                        f"listen 127.0.0.1:{front}")
            .replace("/tmp/descent-lab-nginx", str(tmp)))
    (tmp / "nginx.conf").write_text(conf)
    command = ["-m", "app.cli", "--host", "127.0.0.1", "--port", "{port}", "--workers", str(WORKERS),
               "--log-level", "warning"]
    with app_process(port=app, command=command) as (_, proc):
        nginx = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"])
        try:
            wait_until_up(f"http://127.0.0.1:{front}/healthz", nginx)
            yield f"127.0.0.1:{front}", proc.pid
        finally:
            stop(nginx)


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def session(proxy: str, steps: int = 300) -> tuple[int, list[int], str]:
    """One whole session through the proxy: the worker that served it (handshake header), the steps, the verdict."""
    with connect(f"ws://{proxy}/ws/run", open_timeout=30) as ws:
        worker = int(ws.response.headers["x-descent-lab-worker"])
        ws.send(json.dumps({"type": "start", "run": {"steps": steps, "stop": {"grad_tol": 0}}}))
        ts: list[int] = []
        while (m := json.loads(ws.recv(timeout=30)))["type"] != "done":
            ts += m["cols"]["t"] if m["type"] == "steps" else []
        return worker, ts, m["diagnosis"]["verdict"]


def test_api_through_the_proxy(proxy: tuple[str, int]) -> None:
    proxy = proxy[0]
    body = json.dumps({"kind": "descent", "steps": 10}).encode()
    req = urllib.request.Request(f"http://{proxy}/api/v1/runs", data=body, headers={"content-type": "application/json"})
    result = json.loads(urllib.request.urlopen(req, timeout=10).read())
    assert result["steps"]["t"] == list(range(11))
    page = urllib.request.urlopen(f"http://{proxy}/", timeout=10)
    assert page.status == 200 and "script-src 'self'" in page.headers["content-security-policy"]


def test_websocket_sessions_through_the_proxy(proxy: tuple[str, int]) -> None:
    _, ts, verdict = session(proxy[0])
    assert ts == list(range(301)) and verdict


def test_a_burst_of_sessions_is_split_between_the_workers(proxy: tuple[str, int]) -> None:
    front, supervisor = proxy
    served: list[int] = []
    with ThreadPoolExecutor(BURST) as pool:
        for _ in range(5):  # the kernel picks the worker for each connection: a few bursts at most until both served
            results = list(pool.map(lambda _: session(front), range(BURST)))
            assert all(ts == list(range(301)) and verdict for _, ts, verdict in results)
            served += [w for w, _, _ in results]
            if len(set(served)) == WORKERS:
                break
    assert len(set(served)) == WORKERS, served
    assert all(parent_of(w) == supervisor for w in set(served))  # worker processes of the one `descent-lab`
