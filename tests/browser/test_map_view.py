"""The descent map zooms (wheel, buttons), pans (shift-drag), resets (double-click), fits the view to the runs and
recontours each window; a run that leaves the view is counted off the map; a legend click hides a run."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DONE = "() => window.__descent && window.__descent.done && window.__descent.runs.length === 3"


def view(page) -> list[float]:
    return [float(v) for v in page.get_attribute("#map", "data-view").split(",")]


def test_zoom_pan_reset_fit_and_hide(open_page, page, problems, artifacts):
    open_page("?lang=en&speed=max")
    page.click("#btn-preset")  # lr 0.1, 10, 1e-10 from (-3, 4) on the bowl
    page.wait_for_function(DONE)
    assert view(page) == [-5, 5, -5, 5] and page.get_attribute("#map", "data-zoomed") == "0"
    legend = page.locator("#legend li")
    assert legend.nth(1).get_attribute("data-off-map") == "100"  # every record after the start is off the map
    assert "100 steps" in legend.nth(1).inner_text() and legend.nth(0).get_attribute("data-off-map") is None
    box = page.locator("#map canvas[data-layer=path]").bounding_box()
    left, top, width, height = map(float, page.get_attribute("#map", "data-plot").split(","))
    cx, cy = box["x"] + left + width / 2, box["y"] + top + height / 2  # world (0, 0)
    page.mouse.move(cx + width / 4, cy)  # world (2.5, 0)
    page.mouse.wheel(0, -400)
    page.wait_for_function("() => document.getElementById('map').dataset.contours === 'window'")
    x0, x1, y0, y1 = view(page)
    assert x1 - x0 < 10 and abs((x1 - x0) - (y1 - y0)) < 1e-4  # zoomed in, same aspect (6 digits in the hook)
    assert x0 < 2.5 < x1 and (2.5 - x0) / (x1 - x0) == pytest.approx(0.75, abs=1e-3)  # the point stayed put
    before = view(page)
    page.keyboard.down("Shift")
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - width / 10, cy, steps=4)
    page.mouse.up()
    page.keyboard.up("Shift")
    after = view(page)
    assert after[0] > before[0] and after[2] == pytest.approx(before[2])  # panned right, not up
    assert page.input_value("#f-start-x") == "-3"  # panning is not picking a start
    page.mouse.dblclick(cx, cy)
    page.wait_for_function("() => document.getElementById('map').dataset.contours === 'home'")
    assert view(page) == [-5, 5, -5, 5]
    legend.nth(1).locator("button").click()  # hide lr = 10 ...
    page.wait_for_selector("#legend li[data-hidden='1']")
    page.click("#map .map-zoom-fit")  # ... so the view fits the two runs left, (-3, 4) to (0, 0)
    x0, x1, y0, y1 = view(page)
    assert -4 < x0 < -3 and 0 < x1 < 3 and -1 < y0 < 0 and 4 < y1 < 5.5, (x0, x1, y0, y1)
    page.wait_for_function("() => document.getElementById('map').dataset.contours === 'window'")
    page.screenshot(path=str(artifacts / "map-fit.png"))
    legend.nth(1).locator("button").click()
    page.wait_for_function("() => !document.querySelector('#legend li[data-hidden=\"1\"]')")
    assert problems == []


def test_small_multiples_draw_one_map_per_run(open_page, page, problems):
    open_page("?lesson=optimizers&lang=en&speed=max")
    page.wait_for_function("() => document.getElementById('lessons').dataset.ready === '1'")
    page.click("#btn-lesson-run")
    page.wait_for_function("() => window.__descent && window.__descent.done && window.__descent.runs.length === 4")
    page.click("#btn-multiples")
    page.wait_for_function("() => document.getElementById('multiples').dataset.count === '4'")
    captions = page.eval_on_selector_all("#multiples figcaption", "(cs) => cs.map((c) => c.textContent)")
    assert captions == [r["label"] for r in page.evaluate("window.__descent.runs")]
    assert page.locator("#multiples canvas").count() == 8
    page.wait_for_function("() => (" + INKED + ")(4).every(([n]) => n > 0)")
    whole = page.evaluate(INKED, 4)
    page.wait_for_function("() => !document.getElementById('scrub').hidden")
    page.fill("#f-scrub", "2")  # the scrubber replays step 2 on every small map too
    page.wait_for_function("() => [...document.querySelectorAll('#multiples figure')]"
                           ".every((f) => f.dataset.upTo === '2')")
    early = page.evaluate(INKED, 4)
    assert all(e != w for e, w in zip(early, whole, strict=True)), "every path is drawn otherwise at step 2"
    page.fill("#f-scrub", page.get_attribute("#f-scrub", "max"))  # the end: every path whole again
    page.wait_for_function("() => [...document.querySelectorAll('#multiples figure')]"
                           ".every((f) => f.dataset.upTo === '')")
    assert page.evaluate(INKED, 4) == whole
    traced = page.get_attribute("#multiples", "data-contours")
    page.click("#map .map-zoom-in")  # the big map's new window, with its own contours: the small maps follow
    page.wait_for_function("() => document.getElementById('map').dataset.contours === 'window'")
    page.wait_for_function(f"() => document.getElementById('multiples').dataset.contours !== '{traced}'")
    maps = page.evaluate(BASES, 4)
    page.click("#btn-multiples")  # off and on: drawn afresh, the same pictures
    page.click("#btn-multiples")
    page.wait_for_function(f"() => ({BASES})(4).every((h, i) => h === {maps}[i])")
    page.click("#btn-multiples")
    assert page.is_hidden("#multiples")
    assert problems == []


# each small map's path layer (its second canvas), in the order of the runs: [inked pixels, a hash of the pixels]
INKED = """(n) => [...document.querySelectorAll('#multiples figure')].slice(0, n).map((f) => {
    const c = f.querySelectorAll('canvas')[1];
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let k = 0;
    let h = 0;
    for (let i = 0; i < px.length; i++) {
      h = (Math.imul(h, 31) + px[i]) | 0;
      if (i % 4 === 3 && px[i] > 0) k++;
    }
    return [k, h]; })"""

# a hash of each small map's surface layer (its first canvas)
BASES = """(n) => [...document.querySelectorAll('#multiples figure')].slice(0, n).map((f) => {
    const c = f.querySelectorAll('canvas')[0];
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < px.length; i++) h = (Math.imul(h, 31) + px[i]) | 0;
    return h; })"""
