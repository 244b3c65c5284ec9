"""Every lesson runs through the API and ends as the lesson says; texts exist in both languages."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.lessons import lessons

LESSONS = lessons()


def test_ten_lessons_with_texts_in_both_languages(client: TestClient) -> None:
    body = client.get("/api/v1/lessons").json()
    assert [lesson["key"] for lesson in body] == [lesson["key"] for lesson in LESSONS] and len(body) >= 10
    for lesson in body:
        for field in ("title", "text", "notice"):
            assert lesson[field]["ko"].strip() and lesson[field]["en"].strip(), (lesson["key"], field)
        assert 2 <= lesson["text"]["en"].count(". ") + 1 <= 8
        assert lesson["permalink"].endswith(f"?lesson={lesson['key']}")
        embeds = {"descent": f"/embed?lesson={lesson['key']}", "train": f"/embed/train?lesson={lesson['key']}"}
        assert lesson["embed"] == embeds.get(lesson["view"])
    assert client.get("/api/v1/lessons/saddle").json()["key"] == "saddle"
    assert client.get("/api/v1/lessons/nope").status_code == 404


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson["key"] for lesson in LESSONS])
def test_each_lesson_ends_as_intended(client: TestClient, lesson: dict) -> None:
    r = client.post("/api/v1/compare", json={"runs": lesson["runs"]})
    assert r.status_code == 200, r.text
    for run in r.json()["runs"]:
        want = lesson["expect"][run["run_id"]]
        got = run["done"]["diagnosis"]["verdict"]
        assert want in ("*", got), (lesson["key"], run["run_id"], got)
        if run["run_id"] in lesson.get("quoted", {}):
            quoted = lesson["quoted"][run["run_id"]]
            assert np.allclose(run["steps"]["xy"][-1], quoted, rtol=1e-8, atol=1e-8), run["steps"]["xy"][-1]


def test_the_numerical_gradient_lesson_times_both_and_they_agree(client: TestClient) -> None:
    lesson = next(x for x in LESSONS if x["key"] == "numerical_gradient")
    timing = {**lesson["timing"], "coordinates": 50}
    body = client.post("/api/v1/gradient-timing", json=timing).json()
    assert body["sizes"] == [784, 100, 10] and body["parameters"] == 79_510 and body["batch"] == 100
    assert body["ratio"] > 1_000  # one numerical gradient costs thousands of backprops
    assert body["max_relative_difference"] < 1e-4
