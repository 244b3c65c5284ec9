"""A fair optimizer comparison on the page: each optimizer's own learning rate (lrs=), or one found by a short
search (tune=1) that the page says it did; the optimizers lesson's settings show the rates its runs use."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DONE = "() => window.__descent && window.__descent.done && window.__descent.runs.length === 2"


def test_own_and_tuned_learning_rates(page, live_server, problems):
    page.goto(f"{live_server}/?lang=en&speed=max&surface=elongated&start=-8,4&steps=30&vary=opt&values=sgd,adam"
              "&lrs=0.9,0.3")
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
    assert page.input_value("#f-lrs") == "0.9, 0.3" and page.is_visible("#f-tune")
    page.click("#btn-start")
    page.wait_for_function(DONE)
    labels = [r["label"] for r in page.evaluate("window.__descent.runs")]
    assert labels == ["optimizer = Gradient descent (SGD) · lr 0.9", "optimizer = Adam · lr 0.3"], labels
    page.check("#f-tune")
    assert "tune=1" in page.url and page.is_disabled("#f-lrs")
    page.click("#btn-start")
    page.wait_for_function(DONE + " && !document.getElementById('f-tune-note').hidden"
                           " && window.__descent.runs[0].label.includes('0.5623')")  # the new runs, not the old
    note = page.inner_text("#f-tune-note")
    assert "17 rates" in note and "(SGD) 0.562" in note, note
    labels = [r["label"] for r in page.evaluate("window.__descent.runs")]
    assert labels[0] == "optimizer = Gradient descent (SGD) · lr 0.5623", labels
    # the optimizers lesson: the settings panel shows the four rates its runs use
    page.goto(f"{live_server}/?lesson=optimizers&lang=ko")
    page.wait_for_function("() => document.getElementById('lessons').dataset.ready === '1'")
    page.wait_for_function("() => document.getElementById('f-lrs').value !== ''")
    assert page.input_value("#f-lrs") == "0.95, 0.1, 1.5, 0.3"
    assert problems == []
