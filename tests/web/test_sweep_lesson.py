"""The lesson "where does the learning rate stop working?": its marked runs are cells of the map it opens (the map's
edge, sharpness and bound are the lesson's claims, checked in test_lessons_api.py) and end as it says."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.lessons import lessons
from app.web.sweep_schemas import SweepRequest

LESSON = next(x for x in lessons() if x["key"] == "lr_edge")



def test_the_marked_runs_lie_on_the_map_and_end_as_the_lesson_says(client: TestClient) -> None:
    req = SweepRequest.model_validate(LESSON["sweep"])
    lo, hi = req.x_range
    body = client.post("/api/v1/compare", json={"runs": LESSON["runs"]}).json()
    for spec, run in zip(LESSON["runs"], body["runs"], strict=True):
        o = spec["optimizer"]
        assert lo <= o["lr"] <= hi and req.y_range[0] <= o["momentum"] <= req.y_range[1]
        assert spec["steps"] == req.steps and spec["stop"]["grad_tol"] == req.grad_tol
        assert spec["stop"]["bound"] == req.spec().bound and spec["surface"] == req.surface
        assert run["done"]["reason"] == LESSON["expect"][spec["id"]]
    assert LESSON["permalink"] == "/sweep?lesson=lr_edge" and LESSON["embed"] is None
