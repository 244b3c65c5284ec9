"""Browser tests: a live uvicorn on 127.0.0.1 (free port) and pytest-playwright on the system Chromium."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator

import pytest

from tests.servers import app_server

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Base URL of the app served on 127.0.0.1 for the whole session."""
    with app_server() as base:
        yield base


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at the Debian Chromium (never `playwright install`)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} not installed")
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]}


@pytest.fixture(scope="session")
def artifacts() -> pathlib.Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def problems(page) -> list[str]:
    """Console errors, uncaught exceptions and failed responses seen by the page (should stay empty)."""
    found: list[str] = []
    page.on("console", lambda m: m.type == "error" and found.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: found.append(f"pageerror: {e}"))
    page.on("response", lambda r: r.status >= 400 and found.append(f"HTTP {r.status} {r.url}"))
    return found


@pytest.fixture
def open_page(page, live_server, problems):
    """Open the simulator with a query string and wait until its surface map is drawn."""
    def go(query: str = ""):
        page.goto(f"{live_server}/{query}")
        page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
        return page
    return go
