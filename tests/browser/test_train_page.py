"""The "Train a network" page (/train) in headless Chromium: loading, the plan, live training, image sets,
compare runs, linear regression's (w, b) path, languages and the URL as state."""

from __future__ import annotations

import json
import math
import pathlib
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRINGS = {lang: json.loads((ROOT / "app" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
           for lang in ("ko", "en")}
RAW_KEY = re.compile(r"\btrain\.ui\.[a-z_]+")
DONE = "() => window.__train && window.__train.done === true"


@pytest.fixture
def train_page(page, live_server, problems):
    """Open /train with a query string; wait until the page has drawn its plan."""
    def go(query: str = "", width: int = 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/train{query}")
        page.wait_for_function("() => window.__train && document.querySelector('#t-plan [data-stat=ipe]')")
        return page
    return go


def hooks(page) -> dict:
    return page.evaluate("() => JSON.parse(JSON.stringify({...window.__train, frames: null}))")


def start_and_wait(page, selector: str = "#btn-start", timeout: int = 30_000) -> dict:
    page.click(selector)
    page.wait_for_function(DONE, timeout=timeout)
    return hooks(page)


def body_text(page) -> str:
    return page.inner_text("body")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_page_loads_without_errors(train_page, problems, artifacts, lang):
    page = train_page(f"?lang={lang}")
    assert page.title().startswith("Descent Lab")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.evaluate("typeof uPlot === 'function' && typeof d3.contours === 'function'")
    h = hooks(page)
    assert h["phase"] == "idle" and h["done"] is False
    # the link back to the descent page, and this page marked current
    assert page.get_attribute("nav.pages a[data-page='/']", "href") == f"/?lang={lang}"
    assert page.get_attribute("nav.pages a[data-page='/train']", "aria-current") == "page"
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden' && !el.labels?.length && !el.getAttribute('aria-label'))
        .map((el) => el.id || el.name)""")
    assert unlabelled == []
    assert not RAW_KEY.search(body_text(page))
    page.screenshot(path=str(artifacts / f"train-{lang}-1280.png"), full_page=True)
    assert problems == []


def test_plan_table_for_a_non_divisible_n(train_page, problems):
    # moons: N = 500 with 20 % validation and 20 % test → 300 training samples; 300 / 32 is not whole
    page = train_page("?lang=en&ds=moons&bs=32&epochs=7")
    assert page.get_attribute("#t-plan", "data-ipe") == "10"
    assert page.get_attribute("#t-plan", "data-total") == "70"
    assert page.inner_text("#t-plan [data-stat=n] .plan-value") == "300"
    assert "⌈300 / 32⌉ = 10" in page.inner_text("#t-plan [data-stat=ipe]")
    rows = page.evaluate("""() => [...document.querySelectorAll('#t-batch-table tbody tr')]
        .map((tr) => [Number(tr.dataset.batch), Number(tr.dataset.ipe), tr.classList.contains('current')])""")
    assert rows == [[1, 300, False], [32, 10, True], [300, 1, False]]
    assert all(ipe == math.ceil(300 / b) for b, ipe, _ in rows)
    assert "12" in page.inner_text("#t-plan-note")  # the last mini-batch: 300 − 9 × 32
    # another batch size joins the table, and the progress line knows the totals
    page.fill("#t-bs", "64")
    page.press("#t-bs", "Enter")
    page.wait_for_selector("#t-plan[data-ipe='5']")  # the server's plan of the new settings
    assert page.locator("#t-batch-table tr[data-batch='64'][data-ipe='5'].current").count() == 1
    assert page.get_attribute("#t-progress-line", "data-total") == "35"
    assert problems == []


def test_moons_training_draws_everything(train_page, problems, artifacts):
    page = train_page("?lang=ko&ds=moons&n=200&epochs=4&speed=max")
    h = start_and_wait(page)
    run = h["runs"][0]
    plan = run["plan"]
    assert plan["nTrain"] == 120 and plan["ipe"] == math.ceil(120 / 32) == 4
    assert plan["total"] == plan["ipe"] * 4 == 16
    # every iteration arrived and the progress line says so
    assert run["iterations"] == plan["total"] == h["iterations"]
    assert page.get_attribute("#t-progress-line", "data-t") == str(plan["total"])
    assert page.get_attribute("#t-progress-line", "data-total") == str(plan["total"])
    assert f"(전체 {plan['total']} / {plan['total']})" in page.inner_text("#t-progress-line")
    # epoch charts: epochs + 1 points (epoch 0 = the initial weights)
    assert run["epochs"] == 5
    assert page.get_attribute("#chart-acc", "data-points") == "5"
    assert page.get_attribute("#chart-eloss", "data-points") == "5"
    assert page.get_attribute("#chart-iter", "data-points") == "16"
    # the decision boundary is painted (many colours, not a blank canvas) and shows the last epoch
    assert page.get_attribute("#t-boundary", "data-epoch") == "4"
    assert page.get_attribute("#t-boundary", "data-boundary") == "1"
    variety = page.evaluate("""() => { const c = document.getElementById('t-boundary');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const s = new Set();
        for (let i = 0; i < d.length; i += 28) s.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
        return s.size; }""")
    assert variety > 30
    # the diagnosis in words, the stop reason, the landscape with its note
    assert h["reason"] == "completed" and h["verdict"]
    diag = page.inner_text("#diagnosis")
    assert "멈춘 이유" in diag and len(diag) > 60
    assert int(page.get_attribute("#t-landscape", "data-points")) >= 2
    assert "2차원 단면" in page.inner_text("#t-landscape-note")
    assert not RAW_KEY.search(body_text(page))
    page.screenshot(path=str(artifacts / "train-moons-done.png"), full_page=True)
    assert problems == []


def test_step_trains_one_iteration_at_a_time(train_page, problems):
    page = train_page("?lang=en&ds=moons&n=200&epochs=2")
    page.click("#btn-step")
    page.wait_for_function("() => window.__train.iterations === 1")
    assert hooks(page)["phase"] == "paused"
    assert page.get_attribute("#t-progress-line", "data-t") == "1"
    page.click("#btn-step")
    page.wait_for_function("() => window.__train.iterations === 2")
    assert "iteration 2 / 4" in page.inner_text("#t-progress-line")
    page.click("#btn-stop")
    page.wait_for_function(DONE)
    assert hooks(page)["reason"] == "stopped"
    assert problems == []


def test_digits_show_images_and_a_confusion_matrix(train_page, problems, artifacts):
    page = train_page("?lang=ko&ds=digits&n=400&epochs=3&speed=max")
    h = start_and_wait(page)
    plan = h["runs"][0]["plan"]
    assert plan["nTest"] == 80
    assert int(page.get_attribute("#t-samples", "data-count")) == 32
    assert page.locator("#t-samples canvas.digit").count() == 32
    assert page.is_visible("#t-eval")
    cells = page.evaluate("""() => [...document.querySelectorAll('#t-confusion tbody td')]
        .map((td) => Number(td.textContent))""")
    assert len(cells) == 100
    assert sum(cells) == plan["nTest"] == int(page.get_attribute("#t-confusion", "data-total"))
    wrong = int(page.get_attribute("#t-mistakes", "data-count"))
    diagonal = page.evaluate("""() => [...document.querySelectorAll('#t-confusion td.diag')]
        .reduce((a, td) => a + Number(td.textContent), 0)""")
    assert wrong == min(16, plan["nTest"] - diagonal)
    if wrong:
        assert "→" in page.inner_text("#t-mistakes figure figcaption >> nth=0")
    page.locator("#t-eval").screenshot(path=str(artifacts / "train-digits-confusion.png"))
    assert problems == []


def test_compare_preset_runs_three_trainings(train_page, problems, artifacts):
    page = train_page("?lang=en&speed=max")
    page.click("[data-preset=lr]")
    # three trainings on one timeline: wait until each has a few epochs, then stop them together
    page.wait_for_function("""() => window.__train.runs.length === 3
        && window.__train.runs.every((r) => r.epochs >= 4)""", timeout=30_000)
    # at full speed the 300 iterations may end before a click lands: Stop is pressed in the page, at once, only
    # while it is enabled (a click from here would wait for a button the finished runs disabled)
    page.evaluate("() => { const stop = document.getElementById('btn-stop'); if (!stop.disabled) stop.click(); }")
    page.wait_for_function(DONE)
    h = hooks(page)
    assert [r["label"] for r in h["runs"]] == ["Learning rate = 0.01", "Learning rate = 0.1", "Learning rate = 1"]
    assert all(r["done"] and r["plan"]["total"] == 300 for r in h["runs"])
    assert {r["reason"] for r in h["runs"]} <= {"stopped", "completed"}
    assert page.locator("#t-legend li").count() == 3
    assert page.is_visible("#t-legend")
    colours = page.evaluate("""() => [...document.querySelectorAll('#t-legend .swatch')]
        .map((s) => getComputedStyle(s).backgroundColor)""")
    assert colours == ["rgb(0, 114, 178)", "rgb(213, 94, 0)", "rgb(0, 158, 115)"]  # Okabe–Ito
    # one raw and one smoothed loss series per run; epoch charts as long as the longest run
    assert page.get_attribute("#chart-iter", "data-series") == str(2 * 3)
    assert page.get_attribute("#chart-acc", "data-series") == str(2 * 3)  # training and validation per run
    epochs = max(r["epochs"] for r in h["runs"])
    assert page.get_attribute("#chart-acc", "data-points") == str(epochs)
    assert page.locator("#diagnosis article.diag").count() == 3
    assert "vary=lr" in page.url and "values=0.01,0.1,1" in page.url
    page.screenshot(path=str(artifacts / "train-compare-lr.png"), full_page=True)
    assert problems == []


def test_linreg_draws_the_wb_path_one_point_per_iteration(train_page, problems, artifacts):
    page = train_page("?lang=en&ds=linreg&n=50&bs=10&epochs=3&speed=max")
    h = start_and_wait(page)
    run = h["runs"][0]
    assert run["plan"]["parameters"] == 2 and run["plan"]["total"] == 15
    assert page.get_attribute("#t-wb", "data-points") == str(run["iterations"]) == "15"
    assert page.is_visible("#t-fit") and page.is_visible("#t-wb")
    assert not page.is_visible("#chart-acc")  # regression: no accuracy
    page.locator("#t-preview").screenshot(path=str(artifacts / "train-linreg.png"))
    assert problems == []


def test_switching_language_relabels(train_page, problems, artifacts):
    page = train_page("?lang=ko")
    assert page.inner_text("#btn-start") == "시작"
    assert page.inner_text("label[for=t-bs]").startswith("배치 크기")
    assert page.inner_text("#t-ds option[value=moons]") == "초승달 두 개"
    page.evaluate("window.__marker = 7")
    page.click("button[data-lang=en]")
    assert page.inner_text("#btn-start") == "Start"
    assert page.inner_text("#btn-step") == "One iteration"
    assert page.inner_text("label[for=t-bs]").startswith("Batch size")
    assert page.inner_text("#t-ds option[value=moons]") == "Two moons"
    expect(page.locator("#t-plan [data-stat=ipe] dt")).to_have_text("Iterations per epoch")  # the next frame redraws it
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title() == STRINGS["en"]["train.ui.page.title"]
    assert page.evaluate("window.__marker") == 7
    assert "lang=en" in page.url
    assert page.get_attribute("nav.pages a[data-page='/']", "href") == "/?lang=en"
    assert not RAW_KEY.search(body_text(page))
    page.click("button[data-lang=ko]")
    expect(page.locator("#t-plan [data-stat=ipe] dt")).to_have_text("에폭당 이터레이션")
    assert problems == []


def test_url_round_trips_the_settings(train_page, problems, live_server):
    page = train_page("?lang=en")
    page.select_option("#t-ds", "xor")
    page.fill("#t-hidden", "8, 4")
    page.press("#t-hidden", "Enter")
    page.select_option("#t-act", "tanh")
    page.select_option("#t-opt", "adam")
    page.fill("#t-lr", "0.02")
    page.press("#t-lr", "Enter")
    page.fill("#t-bs", "16")
    page.press("#t-bs", "Enter")
    page.fill("#t-epochs", "12")
    page.press("#t-epochs", "Enter")
    page.fill("#t-patience", "3")
    page.press("#t-patience", "Enter")
    page.select_option("#t-sampling", "with_replacement")
    page.select_option("#t-grad", "numerical")
    page.fill("#t-seed", "5")
    page.press("#t-seed", "Enter")
    url = page.url
    for part in ("ds=xor", "hidden=8,4", "act=tanh", "opt=adam", "lr=0.02", "bs=16", "epochs=12", "patience=3",
                 "sampling=with_replacement", "grad=numerical", "seed=5", "lang=en"):
        assert part in url, part
    controls = ["#t-ds", "#t-hidden", "#t-act", "#t-opt", "#t-lr", "#t-bs", "#t-epochs", "#t-patience",
                "#t-sampling", "#t-grad", "#t-seed", "#t-lr-slider"]
    before = {sel: page.input_value(sel) for sel in controls}
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_function("() => window.__train && document.querySelector('#t-plan [data-stat=ipe]')")
    assert {sel: page.input_value(sel) for sel in controls} == before
    assert page.url == url
    # xor, 8-4 net: (2+1)·8 + (8+1)·4 + (4+1)·2 = 70 parameters, under the numerical-gradient limit
    assert "70" in page.inner_text("#t-grad-note") and page.get_attribute("#t-grad-note", "data-over") == "0"
    assert problems == []


def test_numerical_gradient_shows_the_servers_estimate(train_page, problems):
    page = train_page("?lang=en&ds=xor&n=100&hidden=4&epochs=2&grad=numerical&speed=max")
    h = start_and_wait(page)
    assert h["runs"][0]["plan"]["parameters"] == (2 + 1) * 4 + (4 + 1) * 2
    assert float(page.get_attribute("#t-numerics .num-estimate", "data-seconds")) > 0
    text = page.inner_text("#t-numerics")
    assert "44 loss evaluations" in text and "58 s" in text
    # a big network is refused above the limit, said before starting
    page.select_option("#t-ds", "mnist5k")
    page.wait_for_selector("#t-grad-note[data-over='1']")  # the server's plan counts the parameters
    assert page.get_attribute("#t-numerics [data-over]", "data-over") == "1"
    assert problems == []


def test_narrow_screen_has_no_sideways_scroll(train_page, problems, artifacts):
    for lang in ("ko", "en"):
        page = train_page(f"?lang={lang}&ds=moons&n=200&epochs=2&speed=max", width=360)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        start_and_wait(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("#t-boundary").bounding_box()["width"] <= 340
        page.screenshot(path=str(artifacts / f"train-{lang}-360.png"), full_page=True)
    assert problems == []


def test_every_train_ui_key_exists_in_both_languages():
    ko = {k for k in STRINGS["ko"] if k.startswith("train.ui.")}
    en = {k for k in STRINGS["en"] if k.startswith("train.ui.")}
    assert ko == en
    assert all(STRINGS["ko"][k].strip() and STRINGS["en"][k].strip() for k in ko)
    used = set()
    sources = [*(ROOT / "static" / "js" / "train").rglob("*.js"), ROOT / "templates" / "train.html"]
    for path in sources:
        used |= set(re.findall(r"""["'`](train\.ui\.[a-z0-9_.]+[a-z0-9_])["'`]""", path.read_text(encoding="utf-8")))
    assert len(used) > 100
    assert sorted(used - en) == []
    # keys built from the catalog and protocol values
    from app.config import Settings
    from app.core.fit_diagnosis import TRAINING_VERDICTS
    from app.web.routes.api import catalog_body

    catalog = catalog_body(Settings())
    training = catalog["training"]
    dynamic = {
        *(f"train.ui.ds.{d['key']}" for d in catalog["datasets"]),
        *(f"train.ui.dsdesc.{d['key']}" for d in catalog["datasets"]),
        *(f"train.ui.act.{k}" for k in training["activations"]), *(f"train.ui.loss.{k}" for k in training["losses"]),
        *(f"train.ui.init.{k}" for k in training["inits"]), *(f"train.ui.sampling.{k}" for k in training["sampling"]),
        *(f"train.ui.gradient.{k}" for k in training["gradient_modes"]),
        *(f"train.ui.verdict.{k}" for k in TRAINING_VERDICTS),
        *(f"train.ui.reason.{k}" for k in ("completed", "early_stopping", "diverged", "stopped", "limit", "other")),
        *(f"train.ui.split.{k}" for k in ("train", "validation", "test")),
        *(f"train.ui.vary.{k}" for k in ("none", "bs", "lr", "opt", "act")),
        *(f"train.ui.error.{k}" for k in ("invalid_run", "over_limit", "busy", "closed", "connect", "unavailable",
                                          "generic", "limit", "dismiss")),
    }
    assert sorted(dynamic - en) == []
    # schedule parameters: the page's own label, else the simulator's
    params = {p["name"] for s in catalog["schedules"] for p in s["params"]}
    assert sorted(p for p in params if f"train.ui.param.{p}" not in en and f"ui.param.{p}" not in STRINGS["en"]) == []
    # optimizers and schedules reuse the simulator's names
    assert all(f"ui.optimizer.{o['key']}" in STRINGS["en"] for o in catalog["optimizers"])
    assert all(f"ui.schedule.{s['key']}" in STRINGS["en"] for s in catalog["schedules"])


def test_a_lesson_link_opens_its_settings(train_page, problems):
    # the descent page's lessons link here with ?lesson=key; batch_size runs batch 1 / 32 / full on linreg
    page = train_page("?lesson=batch_size&lang=ko")
    page.wait_for_selector("#t-lesson:not([hidden])")
    assert page.inner_text("#t-lesson-title").startswith("수업:")
    assert page.input_value("#t-ds") == "linreg"
    assert page.input_value("#t-vary") == "bs"
    assert page.input_value("#t-values") == "1, 32, full"
    assert "lesson=batch_size" in page.url
    # changing a setting leaves the lesson
    page.fill("#t-epochs", "3")
    page.press("#t-epochs", "Enter")
    assert page.is_hidden("#t-lesson")
    assert "lesson=" not in page.url
    assert problems == []


def test_settings_over_the_servers_limit_are_explained(train_page, problems):
    page = train_page("?lang=ko&ds=moons&epochs=600")
    page.click("#btn-start")
    page.wait_for_selector("#error-box:not([hidden])")
    assert page.get_attribute("#error-box", "data-code") == "over_limit"
    text = page.inner_text("#error-box")
    assert "에폭 수" in text and "최대 500" in text
    page.wait_for_function("() => window.__train.phase === 'idle'")
    assert problems == []
