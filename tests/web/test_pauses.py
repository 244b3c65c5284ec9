"""What keeps worker threads from holding up the event loop: JSON and record arrays converted in pieces, the
startup objects frozen out of the garbage collector, rare full collections, a short switch interval."""

from __future__ import annotations

import gc
import math
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.core import columns
from app.main import GC_THRESHOLDS, create_app
from app.web import export
from app.web.protocol import dumps


def test_json_is_encoded_in_pieces_and_is_exactly_the_one_call_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 3 * export.LIST_PIECE + 17
    body = {"runs": [{"run_id": "r1", "meta": {"start": [-3.0, 4.0], "none": None, "nan": math.nan},
                      "steps": {"t": list(range(n)), "xy": [(i / 7, -i / 3) for i in range(n)],
                                "loss": [math.inf if i == 5 else i / 9 for i in range(n)], "empty": []},
                      "epochs": [], "done": {"reason": "completed", "array": np.arange(3)}}]}
    whole = dumps(body)
    sizes: list[int] = []

    def counting(obj: Any) -> bytes:
        sizes.append(len(obj) if isinstance(obj, list | tuple) else 1)
        return dumps(obj)

    monkeypatch.setattr(export, "dumps", counting)
    assert b"".join(export.json_chunks(body)) == whole
    assert max(sizes) <= export.LIST_PIECE  # no call got a whole 12,000-item column


def test_records_become_arrays_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    xy = [(i / 3, -i / 7) for i in range(2 * columns.PIECE + 5)]
    calls: list[int] = []
    real = np.asarray

    def counting(values: Any, dtype: Any = None) -> np.ndarray:
        calls.append(len(values))
        return real(values, dtype=dtype)

    monkeypatch.setattr(columns.np, "asarray", counting)
    a = columns.as_array(xy)
    monkeypatch.undo()
    assert np.array_equal(a, np.asarray(xy, dtype=np.float64))
    assert calls == [columns.PIECE, columns.PIECE, 5]


@pytest.fixture
def restore_gc() -> Iterator[None]:
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)


def test_startup_freezes_its_objects_and_makes_full_collections_rare(restore_gc: None) -> None:
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    with TestClient(create_app(Settings(switch_interval_ms=2.0, warm_up=False))) as c:
        assert c.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 10_000  # modules, classes and the app are out of the collector's walk
        assert gc.get_threshold() == GC_THRESHOLDS
        assert sys.getswitchinterval() == pytest.approx(0.002)
