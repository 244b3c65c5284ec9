"""deploy/nginx.conf in front of two app processes: API calls and a whole WebSocket session go through it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator

import pytest
from websockets.sync.client import connect

from tests.servers import ROOT, app_server, free_port, stop, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not os.path.exists(NGINX):
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (apt-get install -y nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    apps, front = [free_port(), free_port()], free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = (conf.replace("127.0.0.1:8001", f"127.0.0.1:{apps[0]}").replace("127.0.0.1:8002", f"127.0.0.1:{apps[1]}")
            .replace("listen 127.0.0.1:8080", f"listen 127.0.0.1:{front}").replace("/tmp/descent-lab-nginx", str(tmp)))
    (tmp / "nginx.conf").write_text(conf)
    with app_server(port=apps[0]), app_server(port=apps[1]):
        nginx = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"])
        try:
            wait_until_up(f"http://127.0.0.1:{front}/healthz", nginx)
            yield f"127.0.0.1:{front}"
        finally:
            stop(nginx)


def test_api_through_the_proxy(proxy: str) -> None:
    body = json.dumps({"kind": "descent", "steps": 10}).encode()
    req = urllib.request.Request(f"http://{proxy}/api/v1/runs", data=body, headers={"content-type": "application/json"})
    result = json.loads(urllib.request.urlopen(req, timeout=10).read())
    assert result["steps"]["t"] == list(range(11))
    page = urllib.request.urlopen(f"http://{proxy}/", timeout=10)
    assert page.status == 200 and "script-src 'self'" in page.headers["content-security-policy"]


def test_websocket_sessions_through_the_proxy(proxy: str) -> None:
    for _ in range(4):  # least_conn spreads them over both processes
        with connect(f"ws://{proxy}/ws/run", open_timeout=10) as ws:
            ws.send(json.dumps({"type": "start", "run": {"steps": 300, "stop": {"grad_tol": 0}}}))
            ts: list[int] = []
            while (m := json.loads(ws.recv(timeout=10)))["type"] != "done":
                ts += m["cols"]["t"] if m["type"] == "steps" else []
            assert ts == list(range(301)) and m["diagnosis"]["verdict"]
