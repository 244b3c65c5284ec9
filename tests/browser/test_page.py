"""The simulator page: loading, languages, the URL as state, layout."""

from __future__ import annotations

import json
import pathlib
import re
import urllib.request

import pytest

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRINGS = {lang: json.loads((ROOT / "app" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
           for lang in ("ko", "en")}
MISSING_KEY = re.compile(r"\bui\.[a-z_]+\.?[a-z_0-9.]*")


def test_page_loads_without_errors(open_page, problems, live_server, artifacts):
    page = open_page("?lang=ko")
    assert page.title().startswith("Descent Lab")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.evaluate("typeof uPlot === 'function' && typeof d3.contours === 'function'")
    assert page.evaluate("window.__descent.phase") == "idle"
    # the surface layer has colour in it, not a blank canvas
    painted = page.evaluate("""() => { const c = document.querySelector('#map canvas[data-layer=surface]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n / (c.width * c.height); }""")
    assert painted > 0.5
    with urllib.request.urlopen(live_server + "/favicon.ico") as r:
        assert r.status == 200
    page.screenshot(path=str(artifacts / "page-ko-1280.png"), full_page=True)
    assert problems == []


def test_every_control_has_a_label(open_page, problems):
    page = open_page("?lang=en")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden' && !el.labels?.length && !el.getAttribute('aria-label'))
        .map((el) => el.id || el.name)""")
    assert unlabelled == []
    assert problems == []


def test_every_string_on_show_exists_in_both_languages(open_page, problems, page):
    """What the server renders and what the scripts build (catalog options, parameter fields, buttons) is marked with
    keys both languages have, and a language switch fills every marked element with that language's string."""
    open_page("?lang=en&opt=adam&sched=range_test")
    marked = """() => [...document.querySelectorAll('[data-i18n]')].filter((el) => !el.closest('template'))
        .map((el) => [el.dataset.i18n, el.textContent])"""
    shown_en = page.evaluate(marked)
    keys = {k for k, _ in shown_en}
    assert {"ui.btn.start", "ui.optimizer.adam", "ui.param.beta2", "ui.schedule.range_test", "ui.param.lr_max"} <= keys
    missing = sorted(k for k in keys if not (STRINGS["ko"].get(k, "").strip() and STRINGS["en"].get(k, "").strip()))
    assert missing == []
    assert all(text == STRINGS["en"][k] for k, text in shown_en if "{" not in STRINGS["en"][k])
    page.click("button[data-lang=ko]")
    shown_ko = page.evaluate(marked)
    assert {k for k, _ in shown_ko} == keys
    wrong = [(k, text) for k, text in shown_ko if "{" not in STRINGS["ko"][k] and text != STRINGS["ko"][k]]
    assert wrong == []
    assert not MISSING_KEY.search(page.inner_text("body"))
    assert problems == []


def test_switching_language_relabels_without_reload(open_page, problems, page, artifacts):
    open_page("?lang=en")
    assert page.inner_text("#btn-start") == "Start"
    assert page.inner_text("label[for=f-lr]") == "Learning rate"
    page.evaluate("window.__marker = 42")
    page.click("button[data-lang=ko]")
    assert page.inner_text("#btn-start") == "시작"
    assert page.inner_text("#btn-pause") == "일시정지"
    assert page.inner_text("#btn-step") == "한 단계"
    assert page.inner_text("#btn-stop") == "멈춤"
    assert page.inner_text("#btn-reset") == "초기화"
    assert page.inner_text("label[for=f-lr]") == "학습률"
    assert page.inner_text("#f-opt option[value=sgd]") == "경사 하강법 (SGD)"
    assert page.inner_text("#f-surface option[value=saddle]") == "안장점"
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.evaluate("window.__marker") == 42
    assert "lang=ko" in page.url
    assert page.get_attribute("button[data-lang=ko]", "aria-pressed") == "true"
    assert not MISSING_KEY.search(page.inner_text("body"))
    page.screenshot(path=str(artifacts / "page-switched-ko.png"))
    page.click("button[data-lang=en]")
    assert page.inner_text("#btn-start") == "Start"
    assert "lang=en" in page.url
    assert problems == []


def test_url_round_trips_the_state(open_page, problems, page, live_server):
    open_page("?lang=en")
    page.select_option("#f-surface", "rosenbrock")
    page.select_option("#f-opt", "adam")
    page.fill("#f-lr", "0.002")
    page.press("#f-lr", "Enter")
    page.fill("#f-param-beta2", "0.99")
    page.press("#f-param-beta2", "Enter")
    page.select_option("#f-sched", "cosine")
    page.fill("#f-param-t_max", "200")
    page.press("#f-param-t_max", "Enter")
    page.select_option("#f-grad", "central")
    page.fill("#f-h", "0.001")
    page.press("#f-h", "Enter")
    page.fill("#f-steps", "500")
    page.press("#f-steps", "Enter")
    page.select_option("#f-speed", "60")
    page.fill("#f-start-x", "-1")
    page.press("#f-start-x", "Enter")
    page.fill("#f-start-y", "2.5")
    page.press("#f-start-y", "Enter")
    url = page.url
    for part in ("surface=rosenbrock", "start=-1,2.5", "opt=adam", "lr=0.002", "beta2=0.99", "sched=cosine",
                 "t_max=200", "grad=central", "h=0.001", "steps=500", "speed=60", "lang=en"):
        assert part in url, part
    controls = ["#f-surface", "#f-opt", "#f-lr", "#f-param-beta2", "#f-param-beta1", "#f-sched", "#f-param-t_max",
                "#f-grad", "#f-h", "#f-steps", "#f-speed", "#f-start-x", "#f-start-y", "#f-lr-slider"]
    before = {sel: page.input_value(sel) for sel in controls}
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
    after = {sel: page.input_value(sel) for sel in controls}
    assert after == before
    assert page.url == url
    assert problems == []


def test_narrow_screen_stacks_without_overflow(page, live_server, problems, artifacts):
    page.set_viewport_size({"width": 360, "height": 740})
    for lang in ("ko", "en"):
        page.goto(f"{live_server}/?lang={lang}")
        page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        stage = page.locator("#stage").bounding_box()
        settings = page.locator(".settings").bounding_box()
        assert stage["y"] < settings["y"]
        assert page.locator("#map").bounding_box()["width"] <= 340
        page.screenshot(path=str(artifacts / f"page-{lang}-360.png"), full_page=True)
    assert problems == []


def test_boot_json_cannot_close_its_script_tag():
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(ROOT / "templates"), autoescape=True)
    strings = {**STRINGS["en"], "ui.tagline": "x"}
    boot = json.dumps({"evil": "</script><script>alert(1)</script><!--"})
    html = env.get_template("index.html").render(lang="en", t=strings, boot=boot, version="0",
                                                 url_for=lambda name, path: f"/static{path}")
    block = html.split('id="boot">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block) == {"evil": "</script><script>alert(1)</script><!--"}
