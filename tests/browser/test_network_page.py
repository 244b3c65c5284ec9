"""The network view on /train, in both languages: moons draws neurons with heatmaps and weights, digits draws the
first layer's weights as images and the activations of the test image the learner chooses, and both draw the
per-layer charts with data."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

DONE = "() => window.__train && window.__train.done === true"
RAW_KEY = re.compile(r"\btrain\.ui\.[a-z_]+")


def painted(page, selector: str) -> int:
    """How many distinct colours a canvas shows (1 = blank)."""
    return page.evaluate("""(sel) => { const c = document.querySelector(sel);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();
        for (let i = 0; i < d.length; i += 28) seen.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | d[i + 2] >> 4);
        return seen.size; }""", selector)


def train(page, live_server: str, query: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/train?{query}&speed=max")
    page.wait_for_function("() => window.__train && document.querySelector('#t-plan [data-stat=ipe]')")
    page.click("#btn-start")
    page.wait_for_function(DONE, timeout=60_000)


def layer_charts_drawn(page, layers: int) -> None:
    for chart in ("#chart-layer-grad", "#chart-layer-ratio", "#chart-layer-inactive"):
        assert int(page.get_attribute(chart, "data-points")) > 10, chart
        assert page.locator(f"{chart} canvas").count() == 1
    assert page.get_attribute("#chart-layer-grad", "data-layers") == str(layers)
    assert page.get_attribute("#chart-layer-inactive", "data-layers") == str(layers - 1)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_moons_draws_neurons_with_heatmaps_weights_and_layer_charts(page, live_server, problems, lang):
    train(page, live_server, f"lang={lang}&ds=moons&hidden=24,8&epochs=30")
    net = "#t-net-canvas"
    assert page.get_attribute(net, "data-drawn") == "1"
    # 2 inputs, 16 of 24 drawn, 8, 2 outputs: every drawn neuron has its heatmap
    assert page.get_attribute(net, "data-neurons") == "28" and page.get_attribute(net, "data-heatmaps") == "28"
    assert page.get_attribute(net, "data-lines") == str(2 * 16 + 16 * 8 + 8 * 2)
    assert painted(page, net) > 40
    notes = page.inner_text("#t-net-notes")
    assert "16" in notes and "24" in notes
    h = page.evaluate("window.__train.network")
    assert h["t"] == page.evaluate("window.__train.runs[0].iterations") and h["heatmaps"] == 3
    # the output neuron's map is the decision boundary: P(class 1) over the plane spans both classes
    assert h["output_range"][0] < 0.2 and h["output_range"][1] > 0.8
    # hover a weight line's middle, then click the output neuron for its large heatmap
    page.locator(net).scroll_into_view_if_needed()
    box = page.locator(net).bounding_box()
    out = page.evaluate("window.__train.network.last_neuron")
    page.mouse.move(box["x"] + out[0], box["y"] + out[1])
    page.wait_for_selector("#t-net-tip:not([hidden])")
    assert "b = " in page.inner_text("#t-net-tip")
    page.mouse.click(box["x"] + out[0], box["y"] + out[1])
    page.wait_for_selector("#t-net-focus:not([hidden])")
    assert painted(page, "#t-net-focus canvas") > 5 and page.inner_text("#t-net-focus figcaption").strip()
    layer_charts_drawn(page, 3)
    assert not RAW_KEY.search(page.inner_text("body"))
    assert problems == []


def choose_test_images(page, lang: str) -> None:
    """The strip of test images: the arrow key and a click choose another image; its label and the hidden
    activations drawn change with it."""
    strip = "#t-net-examples"
    assert page.get_attribute(strip, "data-count") == "10"
    thumbs = page.locator(f"{strip} button")
    labels = [thumbs.nth(k).get_attribute("data-label") for k in range(10)]
    assert sorted(labels) == [str(d) for d in range(10)]  # the first test image of each digit
    assert ("정답" if lang == "ko" else "label") in thumbs.nth(1).get_attribute("aria-label")
    first = page.evaluate("window.__train.network.example")
    assert first["k"] == 0 and str(first["label"]) == labels[0] and first["hidden"]
    caption = page.inner_text("#t-net-example figcaption")
    thumbs.nth(0).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__train.network.example && window.__train.network.example.k === 1")
    second = page.evaluate("window.__train.network.example")
    assert str(second["label"]) == labels[1] and second["hidden"] != first["hidden"]
    assert page.get_attribute("#t-net-example", "data-label") == labels[1]
    assert page.inner_text("#t-net-example figcaption") != caption and labels[1] in page.inner_text(
        "#t-net-example figcaption")
    assert page.evaluate("document.activeElement.dataset.k") == "1"
    assert [thumbs.nth(k).get_attribute("aria-pressed") for k in (0, 1)] == ["false", "true"]
    thumbs.nth(4).click()
    page.wait_for_function("() => window.__train.network.example.k === 4")
    assert page.get_attribute("#t-net-example", "data-label") == labels[4]
    assert page.evaluate("window.__train.network.example.hidden") not in (first["hidden"], second["hidden"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_digits_draws_weight_images_a_test_image_and_layer_charts(page, live_server, problems, lang):
    train(page, live_server, f"lang={lang}&ds=digits&hidden=100&epochs=3")
    assert page.get_attribute("#t-net-canvas", "data-drawn") == "1"
    assert int(page.get_attribute("#t-net-filters", "data-count")) == 16
    assert painted(page, "#t-net-filters canvas") > 3
    assert page.get_attribute("#t-net-example", "data-shown") == "1"
    notes = page.inner_text("#t-net-notes")
    assert "100" in notes and "64" in notes  # 16 of 100 hidden units, 16 of 64 inputs
    choose_test_images(page, lang)
    layer_charts_drawn(page, 2)
    assert not RAW_KEY.search(page.inner_text("body"))
    assert problems == []
