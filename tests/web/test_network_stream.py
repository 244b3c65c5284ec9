"""The network view's data on the wire: per-layer columns every iteration, a bounded snapshot per frame, whole
snapshots when stepping and at the end; the per-layer lessons' texts name the bounds their claims check."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import orjson
from fastapi.testclient import TestClient

from app.lessons import lessons
from tests.web.test_ws import receive, until_done

MOONS = {"kind": "train", "dataset": {"name": "moons", "n": 200}, "model": {"hidden": [24, 8]}, "epochs": 4}


def _decode(q: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(q), dtype=np.uint8)


def test_moons_streams_layer_facts_and_bounded_snapshots(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text(orjson.dumps({"type": "start", "run": {**MOONS, "epochs": 40}, "speed": 400}).decode())
        msgs = until_done(ws)
    plan = msgs[0]["plan"]["network"]
    assert plan["sizes"] == [2, 24, 8, 2] and plan["drawn"] == 16 and plan["inactive_kind"] == "dead"
    assert plan["grid"]["shape"] == [16, 16] and plan["example"] is None
    steps = [m for m in msgs if m["type"] == "steps"]
    for m in steps:
        cols = m["cols"]
        assert len(cols["layer_grad_norm"]) == len(cols["update_ratio"]) == len(cols["inactive"]) == len(cols["t"])
        assert all(len(g) == 3 for g in cols["layer_grad_norm"]) and all(len(a) == 2 for a in cols["inactive"])
        assert all(0 <= a <= 1 for row in cols["inactive"] for a in row)
    framed = [m["network"] for m in msgs if m["type"] in ("steps", "epoch") and "network" in m]
    assert framed, "no snapshot in any frame"
    for net in framed:
        assert [len(u) for u in net["units"]] == [2, 16, 8, 2]  # 24 hidden units: 16 drawn
        assert [np.shape(w) for w in net["weights"]] == [(2, 16), (16, 8), (8, 2)]
    done = msgs[-1]["network"]
    assert done["t"] == msgs[-1]["t"] and len(done["heatmaps"]) == 3
    out = done["heatmaps"][-1]
    p1 = _decode(out["q"][0:]).reshape(2, 16, 16)[1] / 255.0  # P(class 1) over the plane: the decision boundary
    assert p1.min() < 0.2 and p1.max() > 0.8


def test_stepping_while_paused_sends_whole_snapshots(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text(orjson.dumps({"type": "start", "run": MOONS, "paused": True}).decode())
        assert receive(ws)["type"] == "meta"
        seen: list[dict[str, Any]] = []
        for _ in range(2):
            ws.send_text('{"type": "step", "n": 1}')
            m = receive(ws)
            while "network" not in m:
                m = receive(ws)
            seen.append(m["network"])
        ws.send_text('{"type": "stop"}')
        until_done(ws)
    assert [s["t"] for s in seen] == [1, 2]
    assert all(s["heatmaps"] is not None and len(_decode(s["heatmaps"][0]["q"])) == 16 * 256 for s in seen)
    assert seen[0]["weights"] != seen[1]["weights"]


def test_digits_snapshots_carry_weight_images_and_the_chosen_test_image(client: TestClient) -> None:
    run = {"kind": "train", "dataset": {"name": "digits"}, "epochs": 2}
    r = client.post("/api/v1/runs", json=run)
    assert r.status_code == 200
    body = r.json()
    plan, done = body["meta"]["plan"]["network"], body["done"]["network"]
    assert plan["image_shape"] == [8, 8] and plan["example"]["split"] == "test" and len(plan["example"]["pixels"]) == 64
    assert len(done["images"]["scale"]) == 16 and len(_decode(done["images"]["q"])) == 16 * 64
    assert [len(a) for a in done["example"]] == [len(u) for u in done["units"][1:]]
    assert abs(sum(done["example"][-1]) - 1) < 1e-3 and done["heatmaps"] is None
    assert len(body["steps"]["layer_grad_norm"]) == len(body["steps"]["t"])
    # the test images to choose from: the first of each digit, index 0 first, with their activations at the end
    shown = plan["examples"]
    assert len(shown) == 10 and sorted(e["label"] for e in shown) == list(range(10))
    assert shown[0] == plan["example"] and [e["index"] for e in shown] == sorted(e["index"] for e in shown)
    assert all(e["split"] == "test" and len(e["pixels"]) == 64 for e in shown)
    assert len(done["examples"]) == 10 and done["examples"][0] == done["example"]
    assert all([len(a) for a in ex] == [len(u) for u in done["units"][1:]] for ex in done["examples"])
    assert len({tuple(ex[0]) for ex in done["examples"]}) == 10  # each image its own hidden activations


def test_the_examples_activations_come_only_with_the_heavy_parts(client: TestClient) -> None:
    """Bound: the activations of the ten test images travel with the weight images (at most 10 a second), the
    first image's in every snapshot."""
    with client.websocket_connect("/ws/run") as ws:
        run = {"kind": "train", "dataset": {"name": "digits"}, "epochs": 3}
        ws.send_text(orjson.dumps({"type": "start", "run": run, "speed": 150}).decode())  # frames outnumber 10/s
        msgs = until_done(ws)
    nets = [m["network"] for m in msgs if m["type"] in ("steps", "epoch", "done") and m.get("network")]
    assert all((n["examples"] is None) == (n["images"] is None) and n["example"] is not None for n in nets)
    assert any(n["examples"] is None for n in nets) and nets[-1]["examples"] is not None


def test_the_lessons_name_the_bounds_their_claims_check() -> None:
    """The per-layer lessons' numbers are claims (checked on their runs in test_lessons_api.py); the texts say them."""
    texts = {x["key"]: x["text"] for x in lessons() if x["key"] in ("vanishing_gradients", "initialisation")}
    assert "twenty" in texts["vanishing_gradients"]["en"] and "20배" in texts["vanishing_gradients"]["ko"]
    assert "ten thousand" in texts["initialisation"]["en"] and "만 배" in texts["initialisation"]["ko"]
    assert "1e-5" in texts["initialisation"]["en"] and "1e-5" in texts["initialisation"]["ko"]
    bound = {(x["key"], c["id"]): c["rhs"].get("value") for x in lessons() for c in x["claims"]
             if not isinstance(c["rhs"], list)}
    assert bound["vanishing_gradients", "sigmoid_vanishes"] == 1 / 20
    assert bound["initialisation", "small_vanishes"] == 1 / 10_000
    assert bound["initialisation", "small_update_ratio"] == 1e-5


def test_the_heavy_parts_follow_the_operators_rate() -> None:
    """At most one heatmap snapshot per 1000 s: only the first frame's snapshot has them, and `done` always does."""
    from app.config import Settings
    from app.web.streams import TrainStream
    from app.web.train_schemas import TrainRun

    run = TrainRun.model_validate({**MOONS, "epochs": 30})
    stream = TrainStream(run, "r1", Settings(network_heavy_per_second=1e-3))
    snaps, finished = [], False
    while not finished:
        msgs, finished = stream.pull(5, 1.0)
        snaps += [body["network"] for _, body in msgs if "network" in body]
    assert len(snaps) > 3
    assert snaps[0]["heatmaps"] is not None and all(s["heatmaps"] is None for s in snaps[1:])
    assert stream.done()["network"]["heatmaps"] is not None
