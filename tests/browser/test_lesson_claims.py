"""Every lesson, in both languages, on one page: its claims checked on its runs show ✓ in the lesson's table; the
loss-functions widget prints the course's values; the anatomy panel takes a step apart; a lesson's question is
asked before its runs (nothing runs until the answer) and settled by them afterwards."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser

LESSONS_READY = "() => document.getElementById('lessons').dataset.ready === '1'"


def claims_checked(key: str, n: int) -> str:
    """The open lesson is `key` and its n claims are shown, trusted (the page's runs are the lesson's), each ✓."""
    return f"""() => {{
        const root = document.getElementById('lessons');
        const box = root.querySelector('.lesson-claims-box');
        const rows = [...root.querySelectorAll('.lesson-claims tr[data-claim-id]')];
        return root.dataset.lesson === '{key}' && box && box.dataset.ready === '1' && box.dataset.verified === '1'
            && rows.length === {n} && rows.every((tr) => tr.dataset.ok !== '');
    }}"""


def test_every_lesson_shows_its_claims_checked(page, live_server, problems, artifacts):
    with urllib.request.urlopen(live_server + "/api/v1/lessons") as r:
        lessons = json.loads(r.read())
    for lang in ("ko", "en"):
        page.goto(f"{live_server}/?lang={lang}&speed=max")
        page.wait_for_function(LESSONS_READY)
        for lesson in lessons:
            assert lesson["claims"], lesson["key"]  # every lesson states claims, the map and per-layer ones too
            page.select_option("#lesson-select", lesson["key"])
            q = lesson.get("question")
            if q:  # predict, then run: asked first, nothing run and no measured value shown until an answer
                page.wait_for_selector("#lessons .lesson-question[data-phase='ask']")
                if lesson["view"] == "descent":
                    assert page.evaluate("window.__descent.runs.length") == 0
                assert page.is_hidden("#lessons .lesson-claims-box")
                # Korean: a wrong prediction; English: the right one
                chosen = q["answer"] if lang == "en" else next(c for c in q["choices"] if c != q["answer"])
                page.check(f"#lessons .lesson-question input[value='{chosen}']")
            page.wait_for_function(claims_checked(lesson["key"], len(lesson["claims"])), timeout=120_000)
            rows = page.eval_on_selector_all("#lessons .lesson-claims tr[data-claim-id]", """(trs) => trs.map((tr) => ({
                id: tr.dataset.claimId, ok: tr.dataset.ok, text: tr.querySelector('.claim-text').innerText,
                holds: tr.querySelector('.claim-holds').innerText}))""")
            assert [r["id"] for r in rows] == [c["id"] for c in lesson["claims"]]
            for row in rows:
                assert row["ok"] == "1" and "✓" in row["holds"], (lesson["key"], row)
                assert row["text"] == lesson["claim_text"][row["id"]][lang]
            if q:  # the runs' own answer is revealed beside the prediction, with the claim settling it
                settled = page.locator("#lessons .question-settled")
                assert settled.get_attribute("data-correct") == ("1" if lang == "en" else "0")
                assert settled.get_attribute("data-answer") == q["answer"]
                if lang == "ko":
                    assert lesson["question_text"][lang]["choices"][q["answer"]] in settled.inner_text()
                assert lesson["claim_text"][q["claim"]][lang] in settled.inner_text()
                assert page.is_disabled(f"#lessons .lesson-question input[value='{chosen}']")  # locked once run
            style = page.eval_on_selector("#lessons .lesson-claims .claim-text", """(e) => {
                const s = getComputedStyle(e); return [s.wordBreak, s.overflowWrap]; }""")
            assert style == ["keep-all", "normal"]
            if lesson["key"] == "loss_functions":
                check_loss_widget(page)
            if lesson["key"] == "update_anatomy":
                page.wait_for_function("() => document.querySelector('#lessons .anatomy').dataset.ready === '1'")
                text = page.inner_text("#lessons .anatomy")
                assert "x_{t+1}" in text and "−" in text
                assert page.get_attribute("#map", "data-overlay") == "1"  # Adam's step drawn as an arrow on the map
                page.click("#lessons .anatomy-next")
                page.wait_for_function("() => document.querySelector('#lessons .anatomy').dataset.step === '1'")
        page.set_viewport_size({"width": 375, "height": 800})
        page.screenshot(path=str(artifacts / f"lesson-claims-{lang}-375.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
    assert problems == []


def check_loss_widget(page) -> None:
    widget = "#lessons .loss-widget"
    page.wait_for_function(f"() => document.querySelector('{widget}').dataset.ready === '1'")
    page.click(f"{widget} .loss-preset[data-preset='wrong']")
    page.wait_for_function(f"() => document.querySelector('{widget} .loss-ce').textContent === '2.3026'")
    assert page.inner_text(f"{widget} .loss-mse") == "0.5975"
    page.click(f"{widget} .loss-preset[data-preset='right']")
    page.wait_for_function(f"() => document.querySelector('{widget} .loss-ce').textContent === '0.5108'")
    assert page.inner_text(f"{widget} .loss-mse") == "0.0975"
    # drag class 2's bar to the top: it takes (almost) all the probability, both losses fall towards 0
    box = page.locator(f"{widget} .loss-track[data-k='2']").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 1, steps=5)
    page.mouse.up()
    page.wait_for_function(f"() => parseFloat(document.querySelector('{widget} .loss-ce').dataset.value) < 0.05")
    shares = page.eval_on_selector_all(f"{widget} .loss-track",
                                       "(ts) => ts.map((t) => +t.getAttribute('aria-valuenow'))")
    assert abs(sum(shares) - 1) < 0.01 and shares[2] > 0.95
    # the right class chosen by a click: class 7 now holds almost nothing, so cross-entropy is large
    page.click(f"{widget} .loss-class >> text='7'")
    page.wait_for_function(f"() => parseFloat(document.querySelector('{widget} .loss-ce').dataset.value) > 3")


def test_a_busy_answer_for_a_lesson_result_is_waited_out(page, live_server, problems):
    """The server answers the first two asks for a lesson's result with 429 (its lanes are full): the page waits
    for Retry-After and asks again, and the claims appear, instead of the table failing to load."""
    busy = {"left": 2, "asked": 0}

    def answer(route):
        busy["asked"] += 1
        if busy["left"]:
            busy["left"] -= 1
            route.fulfill(status=429, headers={"Retry-After": "1", "Content-Type": "application/json"},
                          body='{"detail": "busy"}')
        else:
            route.continue_()

    page.route("**/api/v1/lessons/*/result", answer)
    page.goto(f"{live_server}/?lang=en&speed=max&lesson=plateau&autoplay=1")
    page.wait_for_function(LESSONS_READY)
    page.wait_for_selector("#lessons .lesson-claims-box[data-ready='1']", state="attached", timeout=60_000)
    assert busy["asked"] == 3 and busy["left"] == 0
    assert page.locator("#lessons .lesson-claims tr[data-claim-id]").count() > 0
    assert [p for p in problems if "429" not in p] == []
