"""The diagnosis on the pages: the truth about a too-large learning rate, the counterfactual drawn as a dashed ghost
run, and one click that opens it (issue cases: digits at lr 10 on /train, lr 1.05 on the bowl)."""

from __future__ import annotations

import json
import pathlib
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRINGS = {lang: json.loads((ROOT / "app" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
           for lang in ("ko", "en")}
TRAIN_DONE = "() => window.__train && window.__train.done === true"
TOO_LARGE = {"en": ("too large", "too small"), "ko": ("너무 큽니다", "너무 작")}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_digits_at_lr_10_is_too_large_with_the_tried_run_as_a_ghost(page, live_server, problems, artifacts, lang):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/train?ds=digits&lr=10&speed=max&lang={lang}")
    page.wait_for_function("() => window.__train && document.querySelector('#t-plan [data-stat=ipe]')")
    page.click("#btn-start")
    page.wait_for_function(TRAIN_DONE, timeout=60_000)
    box = page.locator("#diagnosis article.diag")
    assert box.get_attribute("data-verdict") == "exploded_collapsed"
    text = box.locator(".diag-msg").inner_text()
    yes, no = TOO_LARGE[lang]
    assert yes in text and no not in text, text
    assert box.locator(".verdict").inner_text() == STRINGS[lang]["train.ui.verdict.exploded_collapsed"]
    # the counterfactual is drawn on the loss chart, dashed, with its key
    assert page.get_attribute("#chart-eloss", "data-ghost") == "1"
    assert STRINGS[lang]["train.ui.chart.ghost"] in page.inner_text("#keys-eloss")
    # the facts behind the sentence
    page.click("#diagnosis .diag-facts summary")
    spike = page.locator("#diagnosis [data-fact=spike_ratio] dd").inner_text()
    assert float(spike) >= 10
    page.screenshot(path=str(artifacts / f"verdict-digits-lr10-{lang}.png"), full_page=True)
    if lang == "en":  # one click opens the tried run: the same network at the smaller learning rate
        page.click("#diagnosis [data-ghost-open]")
        page.wait_for_function("() => window.__train.done === true && window.__train.verdict === 'converged'",
                               timeout=60_000)
        assert parse_qs(urlparse(page.url).query)["lr"] == ["1"]
        assert page.input_value("#t-lr") == "1"
    assert problems == []


def test_a_diverging_descent_shows_its_ghost_on_the_map_and_opens_it(open_page, page, problems, artifacts):
    open_page("?lang=en&speed=max&lr=1.05&steps=40")
    page.click("#btn-start")
    page.wait_for_function("() => window.__descent.done === true")
    assert page.locator("#diagnosis article").get_attribute("data-verdict") == "diverged"
    page.wait_for_function("() => document.getElementById('map').dataset.ghosts === '1'")
    # the loss chart draws the tried run's loss too, dashed, and says what the dashed line is
    page.wait_for_function("() => document.getElementById('chart-loss').dataset.ghosts === '1'")
    assert STRINGS["en"]["ui.chart.ghost"] in page.inner_text("#chart-loss >> xpath=preceding-sibling::h3[1]")
    assert page.get_attribute("#chart-grad", "data-ghosts") == "0"  # no gradient norms in the tried run's trace
    page.wait_for_function("() => !document.getElementById('scrub').hidden")
    page.fill("#f-scrub", "0")  # replaying step 0: one point of the tried run, no dashed line, no note of one
    page.wait_for_function("() => document.getElementById('chart-loss').dataset.ghosts === '0'")
    assert STRINGS["en"]["ui.chart.ghost"] not in page.inner_text("#chart-loss >> xpath=preceding-sibling::h3[1]")
    page.fill("#f-scrub", "40")
    page.wait_for_function("() => document.getElementById('chart-loss').dataset.ghosts === '1'")
    page.screenshot(path=str(artifacts / "verdict-descent-ghost.png"))
    page.click("#diagnosis [data-ghost-open]")
    page.wait_for_function("() => window.__descent.done === true && window.__descent.runs[0].verdict === 'converged'")
    assert parse_qs(urlparse(page.url).query)["lr"] == ["0.525"] and page.input_value("#f-lr") == "0.525"
    assert problems == []
