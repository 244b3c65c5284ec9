"""Property-based fuzzing of the WebSocket: every bad message gets an `error` or a clean close, never a crash,
and the server still serves a normal run afterwards."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.websockets import WebSocketDisconnect

from app.config import Settings
from app.main import create_app

APP = create_app(Settings(max_steps=2_000, max_message_bytes=4096))
TYPES = {"meta", "steps", "done", "error"}
PROBE = '{"type": "no-such-type"}'

numbers = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e308", "-0", "0x10"]))
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=20))
json_values = st.recursive(scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c,
                                                                                        max_size=4), max_leaves=12)
run_keys = st.sampled_from(["kind", "surface", "start", "steps", "optimizer", "schedule", "gradient", "stop", "id"])
runs = st.dictionaries(run_keys, json_values, max_size=5) | st.lists(st.dictionaries(run_keys, json_values), max_size=8)
controls = st.fixed_dictionaries({"type": st.sampled_from(["start", "pause", "resume", "step", "stop", "speed"])},
                                 optional={"run": runs, "n": json_values, "steps_per_second": json_values,
                                           "speed": json_values, "paused": json_values})


def encode(v: Any) -> str:
    return json.dumps(v)  # the standard encoder: big integers and bare NaN / Infinity, as a careless client sends


frames = st.one_of(
    st.text(max_size=200),
    json_values.map(encode),
    controls.map(encode),
    st.binary(max_size=64),
    st.integers(4097, 20_000).map(lambda n: '{"type": "start", "run": {"id": "' + "x" * n + '"}}'),
)


def finite_numbers(v: Any) -> bool:
    """Every number in a decoded message is finite (orjson already refuses bare NaN / Infinity tokens)."""
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, dict):
        return all(finite_numbers(x) for x in v.values())
    if isinstance(v, list):
        return all(finite_numbers(x) for x in v)
    return True


def drain_until_probe(ws: Any) -> None:
    """Read until the probe's error arrives; every message must be a well-formed protocol message. Values are
    checked, not text: an error may name a client's key, and a key may well be called "NaN"."""
    while True:
        msg = orjson.loads(ws.receive_text())  # strict JSON: a bare NaN or Infinity would raise here
        assert finite_numbers(msg)
        assert msg["v"] == 1 and msg["type"] in TYPES
        if msg["type"] == "error" and msg["code"] == "unknown_type":
            return


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(frame=frames)
def test_any_frame_gets_an_answer_or_a_clean_close(frame: str | bytes) -> None:
    with TestClient(APP) as client, client.websocket_connect("/ws/run") as ws:
        try:
            if isinstance(frame, bytes):
                ws.send_bytes(frame)
            else:
                ws.send_text(frame)
            ws.send_text(PROBE)
            drain_until_probe(ws)
        except WebSocketDisconnect as closed:
            assert closed.code in {1003, 1009}, closed.code
    with TestClient(APP) as client, client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"steps": 5}}')
        seen = [orjson.loads(ws.receive_text())["type"] for _ in range(3)]
    assert seen == ["meta", "steps", "done"]


def test_a_key_named_nan_is_named_in_the_error_as_data() -> None:
    with TestClient(APP) as client, client.websocket_connect("/ws/run") as ws:
        ws.send_text('{"type": "start", "run": {"NaN": 1, "Infinity": 2}}')
        msg = orjson.loads(ws.receive_text())
    assert msg["code"] == "invalid_run" and {tuple(f["loc"]) for f in msg["fields"]} == {("run", "NaN"),
                                                                                      ("run", "Infinity")}
