"""Predict, then run: a lesson with a question waits for the learner's answer (or "just run") before its runs start,
then reveals the answer the runs bear out beside the prediction; an autoplaying link runs at once."""

from __future__ import annotations

import json
import pathlib

import pytest

from app.lessons import lessons

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRINGS = {lang: json.loads((ROOT / "app" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
           for lang in ("ko", "en")}
LESSON = {x["key"]: x for x in lessons()}
ASK = "{root} .lesson-question[data-phase='ask']"


def test_just_run_on_the_descent_page_then_the_runs_answer(page, live_server, problems):
    page.goto(f"{live_server}/?lang=en&speed=max")
    page.wait_for_function("() => document.getElementById('lessons').dataset.ready === '1'")
    page.select_option("#lesson-select", "saddle")
    page.wait_for_selector(ASK.format(root="#lessons"))
    assert page.evaluate("window.__descent.runs.length") == 0  # chosen, not run
    # the words that would give the answer away wait: the text, what to notice, the expected verdicts
    assert page.is_hidden("#lessons .lesson-text") and page.is_hidden("#lessons .lesson-notice")
    assert page.locator("#lessons .lesson-expect .verdict:visible").count() == 0
    assert page.inner_text("#lessons .lesson-hidden-note") == STRINGS["en"]["ui.question.hidden"]
    assert page.inner_text("#btn-lesson-run") == STRINGS["en"]["ui.question.just_run"]
    assert STRINGS["ko"]["ui.question.just_run"].startswith("바로 실행")
    page.click("#btn-lesson-run")
    page.wait_for_selector("#lessons .question-settled")
    settled = page.locator("#lessons .question-settled")
    assert settled.get_attribute("data-correct") == ""  # nothing was predicted
    answer = LESSON["saddle"]["question_text"]["en"]["choices"][settled.get_attribute("data-answer")]
    assert STRINGS["en"]["ui.question.unpredicted"].format(answer=answer) in settled.inner_text()
    assert page.evaluate("window.__descent.runs.length") == 2
    assert page.inner_text("#btn-lesson-run") == STRINGS["en"]["ui.lessons.run"]
    assert page.is_visible("#lessons .lesson-text") and page.is_hidden("#lessons .lesson-hidden-note")
    assert page.locator("#lessons .lesson-expect .verdict:visible").count() == 2
    # an instructor's link with autoplay runs at once, the question does not hold it
    page.goto(f"{live_server}/?lesson=plateau&lang=ko&autoplay=1&speed=max")
    page.wait_for_function("() => window.__descent.runs.length === 3")
    assert page.locator(ASK.format(root="#lessons")).count() == 0
    assert problems == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_training_lesson_asks_then_runs_then_reveals(page, live_server, problems, lang):
    q = LESSON["batch_size"]["question"]
    chosen = q["answer"] if lang == "en" else next(c for c in q["choices"] if c != q["answer"])
    page.goto(f"{live_server}/train?lesson=batch_size&lang={lang}&speed=max")
    page.wait_for_selector(ASK.format(root="#t-lesson-question"))
    assert page.evaluate("window.__train.runs.length") == 0 and page.is_hidden("#t-lesson-claims")
    assert page.inner_text("#t-lesson-question .question-just-run") == STRINGS[lang]["ui.question.just_run"]
    page.check(f"#t-lesson-question input[value='{chosen}']")  # the answer starts the runs
    page.wait_for_function("() => window.__train.runs.length === 3")
    page.wait_for_selector("#t-lesson-question .question-settled", timeout=120_000)
    settled = page.locator("#t-lesson-question .question-settled")
    assert settled.get_attribute("data-correct") == ("1" if lang == "en" else "0")
    assert settled.get_attribute("data-answer") == q["answer"]
    said = STRINGS[lang]["ui.question.right"] if lang == "en" else STRINGS[lang]["ui.question.wrong"].format(
        answer=LESSON["batch_size"]["question_text"][lang]["choices"][q["answer"]])
    assert said in settled.inner_text()
    assert page.is_visible("#t-lesson-claims") and page.is_disabled(f"#t-lesson-question input[value='{chosen}']")
    assert problems == []


def test_the_anatomy_plays_through_its_steps_and_pauses(page, live_server, problems):
    page.goto(f"{live_server}/?lesson=update_anatomy&lang=ko&speed=max")
    page.wait_for_function("() => document.getElementById('lessons').dataset.ready === '1'")
    page.click("#btn-lesson-run")
    anatomy = "document.querySelector('#lessons .anatomy')"
    page.wait_for_function(f"() => {anatomy}.dataset.ready === '1' && {anatomy}.dataset.step === '0'")
    assert page.inner_text("#lessons .anatomy-play") == STRINGS["ko"]["ui.anatomy.play"]
    page.click("#lessons .anatomy-play")
    assert page.get_attribute("#lessons .anatomy-play", "aria-pressed") == "true"
    page.wait_for_function(f"() => {anatomy}.dataset.step === '1'")  # on its own, at the panel's pace
    page.wait_for_function(f"() => {anatomy}.dataset.step === '2'")
    page.click("#lessons .anatomy-play")  # pause
    assert page.get_attribute("#lessons .anatomy", "data-playing") == "0"
    shown = page.get_attribute("#lessons .anatomy", "data-step")
    page.wait_for_function(f"() => document.querySelector('#lessons .anatomy-title').textContent === "
                           f"{json.dumps(STRINGS['ko']['ui.anatomy.title'].format(t=shown))}")
    assert page.inner_text("#lessons .anatomy-play") == STRINGS["ko"]["ui.anatomy.play"]
    # a reader who prefers reduced motion can still play it, one step at the slower pace
    page.emulate_media(reduced_motion="reduce")
    held = int(page.get_attribute("#lessons .anatomy", "data-step"))
    page.click("#lessons .anatomy-play")
    page.wait_for_function(f"() => {anatomy}.dataset.step === '{held + 1}'")
    page.click("#lessons .anatomy-play")
    assert problems == []
