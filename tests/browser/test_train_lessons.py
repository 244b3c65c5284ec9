"""Every training lesson opens on /train in both languages, runs to the end and ends as the lesson intends."""

from __future__ import annotations

import re

import pytest

from app.lessons import lessons

pytestmark = pytest.mark.browser

TRAINING = [lesson for lesson in lessons() if lesson["view"] in ("train", "gradient_timing")]
RAW_KEY = re.compile(r"\b(train\.ui|ui|verdict)\.[a-z_]+\.?[a-z_]*")
DONE = "() => window.__train && window.__train.done === true"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("lesson", TRAINING, ids=[lesson["key"] for lesson in TRAINING])
def test_training_lesson_runs_to_its_verdict(page, live_server, problems, lesson: dict, lang: str) -> None:
    page.goto(f"{live_server}/train?lesson={lesson['key']}&lang={lang}&speed=max")
    page.wait_for_selector("#t-lesson:not([hidden])")
    assert page.inner_text("#t-lesson-title").strip()
    page.click("#btn-start")
    page.wait_for_function(DONE, timeout=90_000)
    runs = page.evaluate("() => window.__train.runs.map((r) => ({verdict: r.verdict, reason: r.reason}))")
    assert len(runs) == len(lesson["runs"])
    wanted = list(lesson["expect"].values())
    for run, want in zip(runs, wanted, strict=True):
        assert run["reason"] in ("completed", "early_stopping", "diverged")
        assert want in ("*", run["verdict"]), (lesson["key"], runs)
    # the lesson's claims, checked by the server on the same runs the page just ran: all ✓
    page.wait_for_function("() => document.getElementById('t-lesson-claims').dataset.verified === '1'")
    oks = page.eval_on_selector_all("#t-lesson-claims tr[data-claim-id]", "(trs) => trs.map((tr) => tr.dataset.ok)")
    assert oks == ["1"] * len(lesson["claims"])
    if lesson["key"] == "epochs" and lang == "en":  # one mini-batch taken apart: two layers of 128 and the output
        page.fill("#t-batch-t", "7")
        page.click("#btn-batch-anatomy")
        page.wait_for_function("() => document.getElementById('t-batch-anatomy').dataset.t === '7'")
        assert page.locator("#t-batch-anatomy tr[data-layer]").count() == 3
    if lesson["key"] == "lr_range_test":  # the loss-versus-lr chart with the suggested rate and how it was chosen
        chart = page.locator("#t-range .range-chart")
        assert chart.is_visible() and chart.get_attribute("data-method") == "steepest"
        assert 0.15 < float(chart.get_attribute("data-suggested")) < 0.6
        assert page.locator("#t-range canvas").count() >= 1 and page.inner_text("#t-range .range-caption")
    assert not RAW_KEY.search(page.inner_text("body")), RAW_KEY.search(page.inner_text("body"))
    assert problems == []
