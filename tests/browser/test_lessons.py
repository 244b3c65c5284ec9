"""The Lessons panel: every descent lesson runs to the verdicts it expects, in both languages; lesson links
round-trip; the learning-rate lesson prints its end points beside the lessons' values; the timing lesson measures."""

from __future__ import annotations

import json
import pathlib
import re
import urllib.request

import pytest

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRINGS = {lang: json.loads((ROOT / "app" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
           for lang in ("ko", "en")}
MISSING_KEY = re.compile(r"\bui\.[a-z_]+\.?[a-z_0-9.]*")
LESSONS_READY = "() => document.getElementById('lessons').dataset.ready === '1'"
MAP_READY = "() => document.getElementById('map').dataset.ready === '1'"


@pytest.fixture(scope="module")
def lessons(live_server) -> list[dict]:
    with urllib.request.urlopen(live_server + "/api/v1/lessons") as r:
        return json.loads(r.read())


def lesson_done(key: str, n: int) -> str:
    """The open lesson is `key` and all of its n runs show a verdict."""
    return f"""() => document.getElementById('lessons').dataset.lesson === '{key}'
        && window.__descent.done && window.__descent.runs.length === {n}
        && [...document.querySelectorAll('#lessons tr[data-run-id]')].every((tr) => tr.dataset.verdict)"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_descent_lesson_reaches_its_verdicts(page, live_server, problems, lessons, lang, artifacts):
    page.goto(f"{live_server}/?lang={lang}&speed=max")
    page.wait_for_function(LESSONS_READY)
    options = page.eval_on_selector_all("#lesson-select option", "(os) => os.map((o) => o.value).filter(Boolean)")
    assert options == [lesson["key"] for lesson in lessons]
    descent = [lesson for lesson in lessons if lesson["view"] == "descent"]
    assert len(descent) >= 5
    for lesson in descent:
        runs = [r for r in lesson["runs"] if r["kind"] == "descent"]
        page.select_option("#lesson-select", lesson["key"])  # choosing a lesson runs it, or asks its question first
        if lesson.get("question"):
            page.click("#btn-lesson-run")  # "just run"
        page.wait_for_function(lesson_done(lesson["key"], len(runs)))
        assert page.inner_text("#lessons .lesson-title") == lesson["title"][lang]
        assert page.inner_text("#lessons .lesson-text") == lesson["text"][lang]
        assert lesson["notice"][lang] in page.inner_text("#lessons .lesson-notice")
        rows = page.eval_on_selector_all("#lessons tr[data-run-id]", """(trs) => trs.map((tr) => ({
            id: tr.dataset.runId, expect: tr.dataset.expect, verdict: tr.dataset.verdict,
            text: tr.querySelector('.lesson-result').innerText}))""")
        assert [r["id"] for r in rows] == [r["id"] for r in runs]
        diagnosis = page.inner_text("#diagnosis")
        for row in rows:
            expected = lesson["expect"].get(row["id"], "*")
            assert row["expect"] == expected
            if expected != "*":
                assert row["verdict"] == expected, (lesson["key"], row)
                word = STRINGS[lang][f"ui.verdict.{expected}"]
                assert word in row["text"] and "✓" in row["text"]
                assert word in diagnosis
        assert page.locator("#diagnosis article").count() == len(runs)
        if len(runs) > 1:
            assert page.locator("#legend li").count() == len(runs)  # compare mode
        assert f"lesson={lesson['key']}" in page.url
        assert not MISSING_KEY.search(page.inner_text("body")), lesson["key"]
    page.screenshot(path=str(artifacts / f"lessons-{lang}.png"), full_page=True)
    assert problems == []


def test_lesson_link_round_trips_and_prints_the_quoted_values(page, live_server, problems, lessons, artifacts):
    lesson = next(x for x in lessons if x["key"] == "learning_rate")
    page.goto(f"{live_server}/?lesson=learning_rate&lang=en&speed=max")
    page.wait_for_function(LESSONS_READY)
    page.wait_for_function(MAP_READY)
    assert page.input_value("#lesson-select") == "learning_rate"
    assert page.evaluate("window.__descent.phase") == "idle"  # a link opens the lesson; Start runs it
    for part in ("lesson=learning_rate", "start=-3,4", "grad=central", "vary=lr", "values=0.1,10,1e-10", "speed=max"):
        assert part in page.url
    assert page.input_value("#lesson-permalink").endswith("/?lesson=learning_rate")
    assert page.input_value("#lesson-embed").endswith("/embed?lesson=learning_rate")
    page.click("#btn-start")
    page.wait_for_function(lesson_done("learning_rate", 4))
    labels = [r["label"] for r in page.evaluate("window.__descent.runs")]
    assert labels == ["lr = 0.1", "lr = 10", "lr = 1e-10", "lr = 10 · Analytic (exact formula) · 1000 steps"]
    quoted = lesson["quoted"]
    items = page.eval_on_selector_all("#lessons .lesson-points li", """(lis) => lis.map((li) => ({
        id: li.dataset.runId, same: li.dataset.same, end: li.querySelector('.lesson-end').innerText,
        quoted: li.querySelector('.lesson-quoted').innerText}))""")
    assert [i["id"] for i in items] == list(quoted)
    for item in items:
        assert item["same"] == "1", item
        x, y = quoted[item["id"]]
        for v in (x, y):
            text = f"{v:.9g}".replace("e+", "e").replace("-", "−")
            text = re.sub(r"e([−]?)0*(\d)", r"e\1\2", text)
            assert text in item["quoted"] and text in item["end"], (text, item)
    assert "(−2.58983747e13, −1.29524862e12)" in page.inner_text("#lessons .lesson-points")
    page.screenshot(path=str(artifacts / "lesson-learning-rate-en.png"), full_page=True)
    # the URL round-trips: the same lesson, settings and labels after a reload
    url = page.url
    controls = ["#f-surface", "#f-lr", "#f-grad", "#f-steps", "#f-vary", "#f-values", "#f-start-x", "#f-start-y"]
    before = {sel: page.input_value(sel) for sel in controls}
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_function(LESSONS_READY)
    page.wait_for_function(MAP_READY)
    assert page.url == url
    assert page.input_value("#lesson-select") == "learning_rate"
    assert {sel: page.input_value(sel) for sel in controls} == before
    # changing a setting leaves the lesson: the text stays, Start runs the reader's settings
    page.fill("#f-lr", "0.3")
    page.press("#f-lr", "Enter")
    assert "lesson=" not in page.url
    assert page.is_visible("#lessons .lesson-detached")
    page.click("#btn-lesson-run")  # and back
    page.wait_for_function(lesson_done("learning_rate", 4))
    assert "lesson=learning_rate" in page.url
    page.click("#lessons .lesson-close")
    assert "lesson=" not in page.url and not page.is_visible("#lessons .lesson")
    assert problems == []


def test_training_lessons_link_to_the_training_view(page, live_server, problems, lessons):
    page.goto(f"{live_server}/?lang=ko")
    page.wait_for_function(LESSONS_READY)
    for lesson in (x for x in lessons if x["view"] == "train"):
        page.select_option("#lesson-select", lesson["key"])
        page.wait_for_function(f"() => document.getElementById('lessons').dataset.lesson === '{lesson['key']}'")
        assert page.get_attribute("#lessons a.lesson-train", "href") == f"/train?lesson={lesson['key']}&lang=ko"
        assert page.inner_text("#lessons .lesson-title") == lesson["title"]["ko"]
        assert page.evaluate("window.__descent.phase") == "idle"  # nothing runs here
        assert f"lesson={lesson['key']}" in page.url
    assert not MISSING_KEY.search(page.inner_text("body"))
    assert problems == []


def test_gradient_timing_lesson_measures_the_ratio(page, live_server, problems, artifacts):
    page.goto(f"{live_server}/?lesson=numerical_gradient&lang=ko")
    page.wait_for_function(LESSONS_READY)
    page.click("#btn-timing")
    page.wait_for_selector("#timing-ratio")
    ratio = float(page.get_attribute("#timing-ratio", "data-ratio"))
    assert ratio > 100
    text = page.inner_text("#lessons .timing")
    assert "784-100-10" in text and "79,510" in text and "58초" in text and "배 느립니다" in text
    assert "일치합니다" in text
    assert not MISSING_KEY.search(page.inner_text("body"))
    page.screenshot(path=str(artifacts / "lesson-timing-ko.png"), full_page=True)
    assert problems == []
