"""The sweep map page: the lesson's map streams in, its runs are marked with what they did, a clicked cell plays
that exact run live; the trainability map zooms into a window. Both languages, no raw string keys."""

from __future__ import annotations

import re

import pytest

from app.lessons import lessons

pytestmark = pytest.mark.browser

RAW_KEY = re.compile(r"\b(sweep\.ui|ui)\.[a-z_]+\.?[a-z_.]*")
DONE = "() => window.__sweep && window.__sweep.done === true"
LESSON = next(x for x in lessons() if x["key"] == "lr_edge")


def test_the_lesson_map_marks_the_runs_and_a_click_plays_that_cell(page, live_server, problems) -> None:
    page.goto(f"{live_server}/sweep?lesson=lr_edge&lang=en")
    page.wait_for_function(DONE, timeout=90_000)
    assert page.evaluate("() => window.__sweep.level") == LESSON["sweep"]["n"]
    assert page.inner_text("#sw-lesson-title") == LESSON["title"]["en"]
    assert page.get_attribute("#sw-map", "data-markers") == str(len(LESSON["runs"]))
    rows = page.eval_on_selector_all("#sw-lesson-runs tr[data-run-id]",
                                     "(trs) => trs.map((tr) => [tr.dataset.runId, tr.dataset.reason])")
    assert rows == [[r["id"], LESSON["expect"][r["id"]]] for r in LESSON["runs"]]
    # its claims about the map (edge, sharpness, bound) and the runs, checked by the server, each ✓
    page.wait_for_selector("#sw-lesson-claims[data-ready='1']")
    marks = page.eval_on_selector_all("#sw-lesson-claims tr[data-claim-id]",
                                      "(trs) => trs.map((tr) => [tr.dataset.claimId, tr.dataset.ok])")
    assert marks == [[c["id"], "1"] for c in LESSON["claims"]]
    # the first diverging cell of the momentum-0 row: its run, played live, diverges at the same step
    cell = page.evaluate("""() => { const c = window.__sweep.cell(0, 0);
        for (let i = 0; i < c.n; i += 1) { const x = window.__sweep.cell(i, 0); if (x.reason === 'diverged')
          return {i, ...x}; } return null; }""")
    assert cell is not None and cell["xs"][cell["i"]] > 1.0
    page.locator("#sw-map").scroll_into_view_if_needed()
    x, y = page.evaluate(f"() => window.__sweep.cellPoint({cell['i']}, 0)")
    page.mouse.click(x, y)
    page.wait_for_function("() => Boolean(window.__sweep.live)")
    page.frame_locator("#sw-live-frame").locator("body[data-phase=done]").wait_for(timeout=60_000)
    frame = page.locator("#sw-live-frame").element_handle().content_frame()
    frame.wait_for_function("() => window.__descent && window.__descent.done")
    run = frame.evaluate("() => { const r = window.__descent.runs[0]; return [r.reason, r.lastT]; }")
    assert run == ["diverged", cell["k"]]
    assert f"step {cell['k']}" in page.inner_text("#sw-live-cell")
    assert page.get_attribute("#sw-live-open", "href").startswith("/?surface=elongated")
    assert not RAW_KEY.search(page.inner_text("body")), RAW_KEY.search(page.inner_text("body"))
    assert problems == []


def test_the_trainability_map_zooms_in_korean(page, live_server, problems) -> None:
    page.goto(f"{live_server}/sweep?map=trainability&lang=ko&n=64&steps=120")
    page.wait_for_function(DONE, timeout=90_000)
    first = page.evaluate("() => window.__sweep.cell(0, 0).xs")
    assert page.inner_text("#sw-live-title") == "확대해 보기"
    page.locator("#sw-map").scroll_into_view_if_needed()
    x, y = page.evaluate("() => window.__sweep.cellPoint(40, 20)")
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('x=') && window.__sweep.done === true", timeout=90_000)
    zoomed = page.evaluate("() => window.__sweep.cell(0, 0).xs")
    assert first[0] < zoomed[0] < zoomed[-1] < first[-1]  # a smaller window inside the first one
    assert page.is_visible("#btn-zoom-reset")
    assert "1/1000" in page.inner_text("#sw-legend")
    assert not RAW_KEY.search(page.inner_text("body")), RAW_KEY.search(page.inner_text("body"))
    assert problems == []
