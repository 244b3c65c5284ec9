"""Runs on the simulator page: streaming, pause/step, compare, diagnosis, errors, export, hover, keys."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DONE = "() => window.__descent.done === true"


def hooks(page) -> dict:
    return page.evaluate("JSON.parse(JSON.stringify(window.__descent))")



def path_pixels(page) -> int:
    return page.evaluate("""() => { const c = document.querySelector('#map canvas[data-layer=path]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i + 2] > 120 && d[i] < 60) n++;
        return n; }""")


def test_start_draws_every_received_point(open_page, problems, page, artifacts):
    open_page("?lang=en&steps=50&speed=max")
    assert page.get_attribute("#map", "data-points") == "0"
    page.click("#btn-start")
    page.wait_for_function(DONE)
    h = hooks(page)
    assert h["received"] == 51
    assert h["drawn"] == h["received"]
    assert page.get_attribute("#map", "data-points") == "51"
    assert h["runs"][0]["lastT"] == 50
    assert page.inner_text("#counter") == "step 50 / 50"
    assert path_pixels(page) > 200  # the blue path is really on the canvas
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every((c) => c.dataset.points === '51')")
    assert page.get_attribute("#chart-loss", "data-scale") == "log"  # 25 down to ~1e-8: many decades
    assert page.locator("#diagnosis article").count() == 1
    page.screenshot(path=str(artifacts / "run-single-en.png"))
    assert problems == []


def test_pause_step_resume(open_page, problems, page):
    open_page("?lang=en&steps=100&speed=1")
    page.click("#btn-start")
    page.wait_for_function("() => window.__descent.received >= 1")
    page.click("#btn-pause")
    expect(page.locator("#btn-pause")).to_have_text("Resume")  # waits for the frame that paints the label
    expect(page.locator("#phase")).to_have_text("Paused")
    # at 1 step/s one frame may already be on its way when the server reads `pause`: it comes before any step's
    received = hooks(page)["received"]
    for k in (1, 2):
        page.click("#btn-step")
        page.wait_for_function(f"() => window.__descent.received >= {received + k}")
        page.wait_for_function("() => window.__descent.drawn === window.__descent.received")
        h = hooks(page)
        assert received + k <= h["received"] <= received + k + 1
        assert h["phase"] == "paused"
    page.select_option("#f-speed", "max")
    page.click("#btn-pause")  # resume
    page.wait_for_function(DONE)
    h = hooks(page)
    assert h["received"] == 101 and h["drawn"] == 101
    assert h["runs"][0]["reason"] == "completed"
    assert problems == []


def test_step_from_idle_takes_one_update(open_page, problems, page):
    open_page("?lang=en")
    page.click("#btn-step")
    page.wait_for_function("() => window.__descent.received >= 2")
    h = hooks(page)
    assert h["phase"] == "paused"
    assert h["runs"][0]["lastT"] == 1
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__descent.received >= 3")
    assert hooks(page)["runs"][0]["lastT"] == 2
    page.click("#btn-stop")
    page.wait_for_function(DONE)
    assert hooks(page)["runs"][0]["reason"] == "stopped"
    assert "stopped it at step 2" in page.inner_text("#diagnosis")
    assert problems == []


def test_clicking_the_map_moves_the_start(open_page, problems, page):
    open_page("?lang=en")
    left, top, width, height = map(float, page.get_attribute("#map", "data-plot").split(","))
    box = page.locator("#map canvas[data-layer=path]").bounding_box()

    def at(x: float, y: float) -> tuple[float, float]:  # the bowl's view is [-5, 5] × [-5, 5]
        return box["x"] + left + (x + 5) / 10 * width, box["y"] + top + (5 - y) / 10 * height

    page.mouse.click(*at(2, -1))
    assert float(page.input_value("#f-start-x")) == pytest.approx(2, abs=0.05)
    assert float(page.input_value("#f-start-y")) == pytest.approx(-1, abs=0.05)
    page.wait_for_function("() => location.search.includes('start=')")  # a click is final once no double-click
    page.mouse.move(*at(-4, 3))
    page.mouse.down()
    page.mouse.move(*at(-1, 1), steps=5)
    assert float(page.input_value("#f-start-x")) == pytest.approx(-1, abs=0.05)
    page.mouse.up()
    assert float(page.input_value("#f-start-y")) == pytest.approx(1, abs=0.05)
    page.select_option("#f-speed", "max")
    page.click("#btn-start")
    page.wait_for_function(DONE)
    x0, y0 = page.evaluate("window.__descent.runs[0].start")  # the run's first recorded position
    assert x0 == pytest.approx(-1, abs=0.05) and y0 == pytest.approx(1, abs=0.05)
    assert problems == []


def test_compare_preset_draws_three_runs_with_a_legend(open_page, problems, page, artifacts):
    open_page("?lang=en&speed=max&surface=rosenbrock")
    page.click("#btn-preset")
    page.wait_for_function(DONE)
    h = hooks(page)
    assert [r["label"] for r in h["runs"]] == ["lr = 0.1", "lr = 10", "lr = 1e-10"]
    assert all(r["received"] == r["drawn"] == 101 for r in h["runs"])
    assert [r["verdict"] for r in h["runs"]] == ["converged", "gradient_breakdown", "too_slow"]
    legend = page.locator("#legend li")
    assert legend.count() == 3
    assert "off the map" in legend.nth(1).inner_text()
    assert "off the map" not in legend.nth(0).inner_text()
    assert page.locator("#diagnosis article").count() == 3
    assert "surface=" not in page.url  # the bowl is the default
    for part in ("start=-3,4", "grad=central", "vary=lr", "values=0.1,10,1e-10"):
        assert part in page.url
    page.screenshot(path=str(artifacts / "compare-en-1280.png"))
    page.click("button[data-lang=ko]")
    # the legend is relabelled by the next frame, not by the click itself
    expect(page.locator("#legend li").nth(1)).to_have_text(re.compile(r"^학습률 = 10"))
    page.screenshot(path=str(artifacts / "compare-ko-1280.png"))
    assert problems == []


def test_diverged_run_shows_its_diagnosis(open_page, problems, page, artifacts):
    open_page("?lang=ko&lr=10&grad=central&speed=max&autoplay=1")
    page.wait_for_function(DONE)
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every((c) => c.dataset.points === '101')")
    box = page.locator("#diagnosis article[data-verdict=gradient_breakdown]")  # diverged, then h-rounding froze it
    assert box.count() == 1
    text = box.inner_text()
    assert "발산" in text and "멈춘 이유" in text
    assert page.inner_text("#phase") == "끝남"
    page.screenshot(path=str(artifacts / "diverged-ko.png"))
    assert problems == []


@pytest.mark.parametrize(("lang", "words"), [("ko", "최대 100,000단계까지"), ("en", "at most 100,000 steps")])
def test_a_value_over_the_limit_shows_an_error(open_page, problems, page, lang, words):
    open_page(f"?lang={lang}&steps=1000000&autoplay=1")
    page.wait_for_selector("#error-box:not([hidden])")
    text = page.inner_text("#error-box")
    assert words in text  # the server's sentence, in the page's language, the limit written for people
    assert page.get_attribute("#error-box", "data-code") == "over_limit"
    assert hooks(page)["phase"] == "idle"
    assert problems == []


def test_export_json_csv_png(open_page, problems, page, tmp_path):
    open_page("?lang=en&steps=10&speed=max&opt=momentum&autoplay=1")
    page.wait_for_function(DONE)
    with page.expect_download() as d:
        page.click("#btn-csv")
    lines = pathlib_read(d.value, tmp_path / "run.csv").splitlines()
    assert lines[0] == "run_id,t,x,y,loss,grad_x,grad_y,grad_norm,lr"
    assert len(lines) == 12 and lines[1].startswith("r1,0,-3,4,25,")
    with page.expect_download() as d:
        page.click("#btn-json")
    data = json.loads(pathlib_read(d.value, tmp_path / "run.json"))
    run = data["runs"][0]
    assert run["steps"]["t"] == list(range(11)) and len(run["steps"]["velocity"]) == 11
    assert run["done"]["diagnosis"]["verdict"]
    with page.expect_download() as d:
        page.click("#btn-png")
    png = tmp_path / "map.png"
    d.value.save_as(png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    css_w, css_h = page.evaluate("(() => { const c = document.querySelector('#map canvas[data-layer=surface]');"
                                 " return [parseFloat(c.style.width), parseFloat(c.style.height)]; })()")
    assert width == round(2 * css_w)  # at 2× the page, whatever the screen's pixel ratio
    assert height == round(2 * (58 + css_h + 12 + 22 * 1))  # title and formula above, one run's legend row below
    assert problems == []


def pathlib_read(download, path) -> str:
    download.save_as(path)
    return path.read_text(encoding="utf-8")


def test_hovering_a_point_shows_its_numbers(open_page, problems, page, artifacts):
    open_page("?lang=en&steps=5&speed=max&autoplay=1")
    page.wait_for_function(DONE)
    left, top, width, height = map(float, page.get_attribute("#map", "data-plot").split(","))
    box = page.locator("#map canvas[data-layer=path]").bounding_box()
    page.mouse.move(box["x"] + left + (-3 + 5) / 10 * width + 3, box["y"] + top + (5 - 4) / 10 * height)
    tip = page.locator("#map .tip")
    tip.wait_for(state="visible")
    rows = dict(zip(tip.locator("th").all_inner_texts(), tip.locator("td").all_inner_texts(), strict=True))
    assert rows == {"step": "0", "position": "(−3, 4)", "loss": "25", "gradient norm": "10", "learning rate": "0.1"}
    page.screenshot(path=str(artifacts / "tooltip-en.png"))
    assert problems == []


def test_space_starts_and_pauses_but_not_while_typing(open_page, problems, page):
    open_page("?lang=en&speed=5")
    page.focus("#f-steps")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert hooks(page)["phase"] == "idle"
    page.locator("h1").click()
    page.keyboard.press("Space")
    page.wait_for_function("() => window.__descent.phase === 'running'")
    page.keyboard.press("Space")
    page.wait_for_function("() => window.__descent.phase === 'paused'")
    page.click("#btn-reset")
    page.wait_for_function("() => window.__descent.phase === 'idle' && window.__descent.received === 0")
    assert page.get_attribute("#map", "data-points") == "0"
    assert problems == []
