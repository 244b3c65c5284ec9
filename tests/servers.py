"""Starting the app on 127.0.0.1 for tests and benchmarks: a free port, a uvicorn process, its base URL."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Poll `url` until it answers; fail if the process exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up") from None
            time.sleep(0.05)


def wait_until_warm(base: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until the server's background warm-up (loading the digits) is done, so memory and thread counts are
    steady from the first test on."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if json.loads(urllib.request.urlopen(base + "/healthz", timeout=5).read()).get("warmed_up", True):
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    """TERM, a grace period for uvicorn's graceful shutdown, then KILL."""
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@contextmanager
def app_process(env: dict[str, str] | None = None, port: int | None = None, stderr: Any = None,
                command: list[str] | None = None, cpus: str | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app under `descent-lab` (one process) on 127.0.0.1, /healthz with its counters, pinned to `cpus`
    (taskset list, e.g. "1") when given; yields its base URL and the process."""
    port = port or free_port()
    args = command or ["-m", "app.cli", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    pin = ["taskset", "-c", cpus] if cpus else []
    proc = subprocess.Popen([*pin, sys.executable, *[a.replace("{port}", str(port)) for a in args]], cwd=ROOT,
                            env={**os.environ, "DESCENT_LAB_HEALTH_DETAILS": "true", **(env or {})}, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", proc)
        wait_until_warm(base, proc)
        yield base, proc
    finally:
        stop(proc)


@contextmanager
def app_server(env: dict[str, str] | None = None, port: int | None = None, stderr: Any = None,
               command: list[str] | None = None) -> Iterator[str]:
    """`app_process`, yielding only the base URL."""
    with app_process(env, port, stderr, command) as (base, _):
        yield base


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False): waiting on a condition, not a sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
