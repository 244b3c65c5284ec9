"""Permalink query keys read into run configurations the way the page reads them."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.core.surfaces import SURFACES
from app.web.figure import Frame
from app.web.permalink import configs_from_query
from tests.web.test_figure import trajectories


def test_a_range_tests_lr_max_is_read() -> None:
    (config,) = configs_from_query({"sched": "range_test", "lr_max": "3", "lr": "0.01"})
    assert config["schedule"] == {"name": "range_test", "lr_max": 3.0}


def test_the_figure_of_a_range_test_follows_its_lr_max(client: TestClient) -> None:
    svg = client.get("/api/v1/figure.svg?surface=bowl&sched=range_test&lr_max=3&lr=0.01&t_max=20&steps=20")
    assert svg.status_code == 200
    drawn = [c for point in trajectories(svg.text)["r1"] for c in point]
    frame = Frame(SURFACES["bowl"].view)

    def path(lr_max: float) -> list[tuple[float, float]]:
        run = {"kind": "descent", "surface": "bowl", "steps": 20, "optimizer": {"lr": 0.01},
               "schedule": {"name": "range_test", "lr_max": lr_max, "t_max": 20}}
        body = client.post("/api/v1/runs", json=run).json()
        assert max(body["steps"]["lr"]) == pytest.approx(lr_max)
        thinned = frame.thin(np.asarray(body["steps"]["xy"], dtype=np.float64))  # as the figure draws it
        return [c for x, y in thinned for c in frame.px(x, y)]

    assert drawn == pytest.approx(path(3.0), abs=0.06)
    assert drawn != pytest.approx(path(10.0), abs=0.06)  # not the default lr_max
