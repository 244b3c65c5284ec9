"""The time scrubber replays a finished run step by step on the map and the charts (each drawn up to the step, with
a marker), and a new run shows everything again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DONE = "() => window.__descent && window.__descent.done"


def charts_at(up_to: str, last: int) -> str:
    """Both per-step charts replay step `up_to` ('' = all of it) and their last drawn point is step `last`."""
    return f"""() => ['chart-loss', 'chart-grad'].every((id) => {{
        const c = document.getElementById(id);
        return c.dataset.upTo === '{up_to}' && c.dataset.last === '{last}'; }})"""


def test_scrubbing_back_through_a_finished_run(open_page, page, problems):
    open_page("?lang=ko&speed=max&surface=elongated&start=-7,2&lr=0.9&steps=40")
    assert page.is_hidden("#scrub")
    page.click("#btn-start")
    page.wait_for_function(DONE)
    page.wait_for_function("() => !document.getElementById('scrub').hidden")
    assert page.get_attribute("#f-scrub", "max") == "40" and page.input_value("#f-scrub") == "40"
    page.wait_for_function(charts_at("", 40))  # steps 0..40 on both charts
    page.fill("#f-scrub", "3")  # range inputs take fill(): an input event
    page.wait_for_function("() => document.getElementById('map').dataset.upTo === '3'")
    out = page.inner_text("#scrub-out")
    assert out.startswith("3단계") and "손실" in out
    page.wait_for_function(charts_at("3", 3))  # the loss and gradient charts end at the same step
    page.fill("#f-scrub", "17")
    page.wait_for_function(charts_at("17", 17))
    page.fill("#f-scrub", "40")  # the end: everything again
    page.wait_for_function("() => document.getElementById('map').dataset.upTo === ''")
    assert page.inner_text("#scrub-out") == ""
    page.wait_for_function(charts_at("", 40))
    page.fill("#f-scrub", "10")
    page.click("#btn-start")  # a new run shows all of itself
    page.wait_for_function("() => document.getElementById('map').dataset.upTo === ''")
    page.wait_for_function(DONE)
    assert problems == []
