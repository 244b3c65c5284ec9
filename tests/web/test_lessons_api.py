"""Every lesson runs through the API and every one of its claims holds on its own run data; texts exist in both
languages; lessons with verdict expectations end as they say."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.core.claims import MEASURES, check
from app.lessons import lessons
from app.main import create_app
from app.web.lesson_results import lesson_inputs

LESSONS = lessons()
WITH_RUNS = [lesson for lesson in LESSONS if lesson["runs"]]


def test_twelve_lessons_with_texts_and_claims_in_both_languages(client: TestClient) -> None:
    body = client.get("/api/v1/lessons").json()
    assert [lesson["key"] for lesson in body] == [lesson["key"] for lesson in LESSONS] and len(body) >= 12
    assert {"loss_functions", "update_anatomy"} <= {lesson["key"] for lesson in body}
    for lesson in body:
        for field in ("title", "text", "notice"):
            assert lesson[field]["ko"].strip() and lesson[field]["en"].strip(), (lesson["key"], field)
        assert 2 <= lesson["text"]["en"].count(". ") + 1 <= 8
        assert lesson["permalink"].endswith(f"?lesson={lesson['key']}")
        embeds = {"descent": f"/embed?lesson={lesson['key']}", "train": f"/embed/train?lesson={lesson['key']}"}
        assert lesson["embed"] == embeds.get(lesson["view"])
        assert len(lesson["claims"]) >= 3, lesson["key"]  # every lesson, the map and per-layer ones too
        ids = [c["id"] for c in lesson["claims"]]
        assert len(set(ids)) == len(ids) and set(lesson["claim_text"]) == set(ids)
        for c in lesson["claims"]:
            assert lesson["claim_text"][c["id"]]["ko"].strip() and lesson["claim_text"][c["id"]]["en"].strip()
            for side in (c["lhs"], *(c["rhs"] if isinstance(c["rhs"], list) else [c["rhs"]])):
                assert "value" in side or side["measure"] in MEASURES, (lesson["key"], c["id"])
        q = lesson.get("question")
        if q:  # predict, then run: the answer is one of the choices and a claim of the lesson settles it
            assert q["answer"] in q["choices"] and q["claim"] in ids
            for lang in ("ko", "en"):
                words = lesson["question_text"][lang]
                assert words["text"].strip() and set(words["choices"]) == set(q["choices"])
    assert sum("question" in lesson for lesson in body) >= 10
    assert client.get("/api/v1/lessons/saddle").json()["key"] == "saddle"
    assert client.get("/api/v1/lessons/nope").status_code == 404
    assert client.get("/api/v1/lessons/nope/result").status_code == 404


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson["key"] for lesson in LESSONS])
def test_every_claim_holds_on_the_lessons_runs(client: TestClient, lesson: dict) -> None:
    r = client.get(f"/api/v1/lessons/{lesson['key']}/result")
    assert r.status_code == 200, r.text
    body = r.json()
    assert [c["id"] for c in body["claims"]] == [c["id"] for c in lesson["claims"]]
    failed = [(c["id"], c["lhs"], c["op"], c["rhs"]) for c in body["claims"] if not c["ok"]]
    assert not failed and body["ok"], (lesson["key"], failed)
    for c in body["claims"]:
        assert c["text"] == lesson["claim_text"][c["id"]]
        assert set(c["runs"]) <= set(body["results"])
    for run in lesson["runs"]:
        assert run["id"] in body["results"]
    if "question" in lesson:  # the answer the page reveals is measured on the runs; it is the one the lesson expects
        settled = body["question"]
        assert settled["answer"] == lesson["question"]["answer"], (lesson["key"], settled)
        assert [c for c, ok in settled["holds"].items() if ok] == [settled["answer"]]


@pytest.mark.parametrize("lesson", WITH_RUNS, ids=[lesson["key"] for lesson in WITH_RUNS])
def test_each_lesson_ends_as_intended(client: TestClient, lesson: dict) -> None:
    r = client.post("/api/v1/compare", json={"runs": lesson["runs"]})
    assert r.status_code == 200, r.text
    for run in r.json()["runs"]:
        want = lesson["expect"].get(run["run_id"], "*")
        got = run["done"]["diagnosis"]["verdict"]
        assert want in ("*", got), (lesson["key"], run["run_id"], got)
        if run["run_id"] in lesson.get("quoted", {}):
            quoted = lesson["quoted"][run["run_id"]]
            assert np.allclose(run["steps"]["xy"][-1], quoted, rtol=1e-8, atol=1e-8), run["steps"]["xy"][-1]


def test_a_claim_that_the_runs_contradict_is_reported_false() -> None:
    """The check is not a rubber stamp: the same lesson with one comparison turned round fails that claim."""
    lesson = next(x for x in LESSONS if x["key"] == "lr_decay")
    results = lesson_inputs(lesson, Settings())
    claim = next(c for c in lesson["claims"] if c["id"] == "decay_settles")
    assert check(claim, results)["ok"]
    assert not check({**claim, "op": ">"}, results)["ok"]


def test_a_server_with_smaller_limits_says_which_a_lesson_needs() -> None:
    with TestClient(create_app(Settings(max_steps=500))) as small:
        r = small.get("/api/v1/lessons/learning_rate/result")  # its exact-gradient run takes 1000 steps
    assert r.status_code == 422 and r.json()["detail"][0]["name"] == "max_steps"


def test_the_numerical_gradient_lesson_times_both_and_they_agree(client: TestClient) -> None:
    lesson = next(x for x in LESSONS if x["key"] == "numerical_gradient")
    timing = {**lesson["timing"], "coordinates": 50}
    body = client.post("/api/v1/gradient-timing", json=timing).json()
    assert body["sizes"] == [784, 100, 10] and body["parameters"] == 79_510 and body["batch"] == 100
    assert body["ratio"] > 1_000  # one numerical gradient costs thousands of backprops
    assert body["max_relative_difference"] < 1e-4
