from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.servers import app_server


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(max_steps=5_000, max_grid=120, max_compare_runs=4))) as c:
        yield c


@pytest.fixture(scope="module")
def uvicorn_server() -> Iterator[str]:
    """A real server on 127.0.0.1 (a free port) running the app; yields its base URL."""
    with app_server({"DESCENT_LAB_MAX_STEPS": "100000", "DESCENT_LAB_SEND_TIMEOUT_SECONDS": "5"}) as base:
        yield base
