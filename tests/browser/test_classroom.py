"""A phone and a laptop, in Korean and English: no word broken inside a button or a table cell, the map and Start
in the first screen after choosing a lesson, and no pydantic English on a Korean page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = [(375, 740), (1280, 800)]
# where a character may legitimately end a line inside a run of non-spaces
BREAKABLE_AFTER = "-/·,(–—"

# one pass over every visible button, table cell and caption: a line break between two characters of one word
WORD_BREAKS = """(selector) => {
  const bad = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let prev = null;
      const text = node.textContent;
      for (let i = 0; i < text.length; i++) {
        if (/\\s/.test(text[i])) { prev = null; continue; }
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (!r || !r.width) continue;
        if (prev && r.top >= prev.bottom - 1 && !BREAKABLE.includes(prev.ch)) {
          const at = `${text.slice(Math.max(0, i - 6), i)}|${text.slice(i, i + 6)}`;
          bad.push(`${el.tagName.toLowerCase()}#${el.id}: "${at}"`);
          break;
        }
        prev = { ch: text[i], bottom: r.bottom };
      }
    }
  }
  return bad;
}""".replace("BREAKABLE", repr(BREAKABLE_AFTER))

PYDANTIC_ENGLISH = ("Input should", "greater than", "less than", "Field required", "Extra inputs", "valid integer",
                    "valid number", "Value error", "above this server", "not permitted", "should match")

IN_VIEW = """([id, minShare]) => {
  const r = document.getElementById(id).getBoundingClientRect();
  const seen = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
  return r.height > 0 && seen / r.height >= minShare;
}"""


# boxes side by side in one row of the form start at one height, whether or not a label wraps
MISALIGNED = """() => {
  const bad = [];
  for (const row of document.querySelectorAll('.field-row')) {
    const boxes = [...row.children].filter((f) => f.getClientRects().length)
      .map((f) => f.querySelector('input, select')).filter(Boolean).map((i) => [i.id, i.getBoundingClientRect()]);
    for (let i = 1; i < boxes.length; i++) {
      const [[idA, a], [idB, b]] = [boxes[i - 1], boxes[i]];
      if (b.left > a.right - 1 && Math.abs(b.top - a.top) > 1) bad.push(`${idA} ${a.top} / ${idB} ${b.top}`);
    }
  }
  return bad;
}"""
# a number stays on the line of the word it counts ("시험 100", "test 100") in the plan's sub-lines
SPLIT_PARTS = """() => [...document.querySelectorAll('.plan-sub')].filter((e) => e.getClientRects().length)
  .flatMap((e) => {
  const node = e.firstChild;
  if (!node || node.nodeType !== Node.TEXT_NODE) return [];
  const out = [];
  let start = 0;
  for (const part of node.textContent.split(' · ')) {
    const r = document.createRange();
    r.setStart(node, start);
    r.setEnd(node, start + part.length);
    if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) out.push(part);
    start += part.length + 3;
  }
  return out;
})"""


def no_word_breaks(page) -> None:
    broken = page.evaluate(WORD_BREAKS, "button, .btn, td, th, caption")
    assert broken == []


@pytest.mark.parametrize("size", SIZES, ids=["375x740", "1280x800"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_pages_fit_phones_and_laptops(page, live_server, problems, lang, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{live_server}/?lang={lang}&speed=max")
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
    page.wait_for_function("() => document.querySelectorAll('#lesson-select option').length > 1")
    no_word_breaks(page)
    # choose a descent lesson from wherever the lessons panel is: the map and Start come into the first screen
    page.locator("#lesson-select").scroll_into_view_if_needed()
    page.select_option("#lesson-select", "learning_rate")
    page.check("#lessons .lesson-question input[value='lr-0.1']")  # predict, then it runs
    page.wait_for_function("() => window.__descent.done === true")
    assert page.evaluate(IN_VIEW, ["btn-start", 1.0]), "Start is not on screen after choosing a lesson"
    assert page.evaluate(IN_VIEW, ["map", 0.6]), "the map is not on screen after choosing a lesson"
    no_word_breaks(page)  # the lesson's result table and the toolbar in their running labels

    # a value the server refuses: said in the page's language, the typed text kept
    if size[0] < 700:
        page.click(".drawer-open-btn")
    page.fill("#f-lr", "1e-11")
    page.dispatch_event("#f-lr", "change")
    expect(page.locator("#f-lr")).to_have_value("1e-11")
    note = page.locator("#f-lr").locator("xpath=ancestor::div[contains(@class,'field')][1]").locator(".field-error")
    said = {"ko": "학습률: 1e-10 이상이어야 합니다.", "en": "Learning rate: must be at least 1e-10."}
    expect(note).to_have_text(said[lang])
    if size[0] < 700:
        page.click(".drawer-close")
    page.click("#btn-start")
    expect(page.locator("#error-box")).to_be_visible()
    if lang == "ko":
        text = page.inner_text("body")
        assert not [w for w in PYDANTIC_ENGLISH if w in text]

    # /train: the plan, the batch table and the toolbar; a training lesson opens with its picture and Start in view
    page.goto(f"{live_server}/train?lang={lang}&lesson=batch_size")
    page.wait_for_function("() => window.__train && window.__train.phase === 'idle'")
    expect(page.locator("#t-lesson")).to_be_visible()
    page.wait_for_selector("#t-plan[data-ipe='100']")  # the server's plan of the lesson's 100 samples at B = 1
    no_word_breaks(page)
    assert page.evaluate(IN_VIEW, ["btn-start", 1.0]), "Start is not on screen on /train"
    assert page.evaluate(IN_VIEW, ["t-preview", 0.3]), "the data picture is not on screen on /train"
    # predict, then run: the question is in the first screen too (what to notice appears once it runs)
    assert page.evaluate(IN_VIEW, ["t-lesson-question", 1.0]), "the lesson's question is not on screen on /train"
    # the settings form and the plan of the default data set (held-out parts on the plan's first card)
    page.goto(f"{live_server}/train?lang={lang}")
    page.wait_for_function("() => document.getElementById('t-plan').dataset.total")
    if size[0] < 700:
        page.click(".drawer-open-btn")
    assert page.evaluate(MISALIGNED) == []
    assert page.evaluate(SPLIT_PARTS) == []
    assert problems == []


def test_a_343_px_embed_wraps_its_toolbar_without_breaking_words(page, live_server, problems):
    page.set_viewport_size({"width": 343, "height": 560})
    page.goto(f"{live_server}/embed?lang=ko&steps=30&speed=max&autoplay=1")
    page.wait_for_function("() => window.__descent.done === true")
    no_word_breaks(page)
    fits = page.evaluate("""() => [...document.querySelectorAll('.e-bar .btn, #counter')].filter((e) => e.offsetParent)
      .map((e) => { const r = e.getBoundingClientRect();
        return r.left >= 0 && r.right <= innerWidth + 0.5 && e.scrollWidth <= e.clientWidth + 1; })""")
    assert fits and all(fits)  # every button and the step counter whole, inside the frame
    assert problems == []


def field_note(page, selector: str):
    return page.locator(selector).locator("xpath=ancestor::div[contains(@class,'field')][1]").locator(".field-error")


def refused(page, selector: str, cases: list[tuple[str, str]]) -> None:
    """Type each value: it stays in the box, with the server's reason beside it."""
    for typed, said in cases:
        page.fill(selector, typed)
        page.dispatch_event(selector, "change")
        expect(page.locator(selector)).to_have_value(typed)
        expect(field_note(page, selector)).to_have_text(said)


def test_refused_values_stay_with_the_reason_beside_them(page, live_server, problems):
    page.goto(f"{live_server}/?lang=ko")
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
    refused(page, "#f-lr", [("0", "학습률: 1e-10 이상이어야 합니다."), ("-1", "학습률: 1e-10 이상이어야 합니다.")])
    page.click("#btn-start")
    expect(page.locator("#error-box")).to_contain_text("학습률: 1e-10 이상이어야 합니다.")
    assert page.evaluate("window.__descent.phase") == "idle" and "lr=" not in page.url

    page.goto(f"{live_server}/train?lang=ko")
    page.wait_for_function("() => window.__train && window.__train.phase === 'idle'")
    refused(page, "#t-bs", [("0", "배치 크기: 1 이상이어야 합니다."), ("-3", "배치 크기: 1 이상이어야 합니다."),
                            ("2.5", "배치 크기: 정수여야 합니다 (예: 3).")])
    page.fill("#t-bs", "32")
    page.dispatch_event("#t-bs", "change")
    expect(field_note(page, "#t-bs")).to_have_count(0)
    refused(page, "#t-epochs", [("0", "에폭 수: 1 이상이어야 합니다."), ("2.5", "에폭 수: 정수여야 합니다 (예: 3)."),
                                ("501", "에폭 수: 500 이하여야 합니다.")])
    expect(page.locator("#t-plan-warning")).to_contain_text("에폭 수 501")  # in the plan, before Start
    # within the epoch limit but over the total-iteration limit: 500 epochs of batch size 1 on 1,000 samples
    page.fill("#t-n", "1000")
    page.dispatch_event("#t-n", "change")
    page.fill("#t-epochs", "500")
    page.dispatch_event("#t-epochs", "change")
    page.fill("#t-bs", "1")
    page.dispatch_event("#t-bs", "change")
    expect(page.locator("#t-plan-warning")).to_contain_text("전체 이터레이션")
    expect(field_note(page, "#t-epochs")).to_contain_text("전체 이터레이션")
    page.click("#btn-start")
    expect(page.locator("#error-box")).to_contain_text("전체 이터레이션")
    assert page.evaluate("window.__train.phase") == "idle"
    assert problems == []


def test_a_run_that_converges_early_is_complete_at_its_own_end(page, live_server, problems):
    page.goto(f"{live_server}/?lang=en&steps=1000&speed=max&autoplay=1")
    page.wait_for_function("() => window.__descent.done === true")
    run = page.evaluate("window.__descent.runs[0]")
    assert run["reason"] == "converged" and run["lastT"] < 1000
    assert page.inner_text("#counter") == f"step {run['lastT']} / {run['lastT']}"
    assert page.evaluate("[document.getElementById('progress').value, document.getElementById('progress').max]") \
        == [run["lastT"], run["lastT"]]
    assert problems == []


def test_autoplay_leaves_the_link_at_the_first_change(page, live_server, problems):
    page.goto(f"{live_server}/?lang=en&lesson=learning_rate&autoplay=1")
    page.wait_for_function("() => window.__descent.done === true")
    assert "autoplay=1" in page.url
    page.select_option("#f-surface", "himmelblau")
    page.wait_for_function("() => !location.search.includes('autoplay')")
    assert "autoplay" not in page.input_value("#permalink")
    page.goto(f"{live_server}/train?lang=en&epochs=2&autoplay=1")
    page.wait_for_function("() => window.__train.done === true")
    page.fill("#t-epochs", "3")
    page.dispatch_event("#t-epochs", "change")
    page.wait_for_function("() => !location.search.includes('autoplay')")
    assert problems == []


def test_train_selects_show_their_whole_option_text(page, live_server, problems):
    for lang in ("ko", "en"):
        page.goto(f"{live_server}/train?lang={lang}")
        page.wait_for_function("() => window.__train && window.__train.phase === 'idle'")
        cut = page.evaluate("""() => {
          const probe = document.createElement('span');
          document.body.append(probe);
          const out = [];
          for (const sel of document.querySelectorAll('#t-controls select')) {
            if (!sel.offsetParent) continue;
            const cs = getComputedStyle(sel);
            probe.style.font = cs.font;
            probe.style.whiteSpace = 'pre';
            probe.style.position = 'absolute';
            for (const o of sel.options) {
              probe.textContent = o.textContent;
              const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
              if (probe.getBoundingClientRect().width > room) out.push(`${sel.id}: ${o.textContent}`);
            }
          }
          probe.remove();
          return out;
        }""")
        assert cut == [], lang
    assert problems == []


def test_train_exports_json_csv_and_png(page, live_server, problems, tmp_path):
    import json
    import pathlib

    page.goto(f"{live_server}/train?lang=en&epochs=2&speed=max&autoplay=1")
    page.wait_for_function("() => window.__train && window.__train.done === true", timeout=90_000)
    total = page.evaluate("window.__train.runs[0].total")
    got = {}
    for kind in ("json", "csv", "png"):
        with page.expect_download() as d:
            page.click(f"#t-btn-{kind}")
        path = tmp_path / f"train.{kind}"
        d.value.save_as(path)
        got[kind] = path.read_bytes()
    runs = json.loads(got["json"])["runs"]
    assert len(runs[0]["steps"]["t"]) == total and runs[0]["done"]["reason"] == "completed"
    rows = got["csv"].decode().strip().split("\n")
    assert rows[0] == "run_id,t,epoch,iteration,loss,grad_norm,lr" and len(rows) == 1 + total
    png = got["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") >= 2 * 480
    # each chart goes on the slide with its title and its line keys, as the page shows them
    words = page.evaluate("""async () => { const m = await import('/static/js/train/export.js');
      return [...document.querySelectorAll('#t-charts canvas')].filter((c) => c.offsetParent).map(m.chartWords); }""")
    en = json.loads((pathlib.Path(__file__).parents[2] / "app/i18n/en.json").read_text(encoding="utf-8"))
    assert [w["title"] for w in words] == [en["train.ui.chart.iter_loss"], en["train.ui.chart.acc"],
                                           en["train.ui.chart.epoch_loss"]]
    keys = {k["text"]: k for k in words[1]["keys"]}
    assert keys[en["train.ui.split.train"]]["dash"] == [] and keys[en["train.ui.split.validation"]]["dash"]
    assert problems == []


def test_train_embeds_with_hide_theme_and_the_host_api(page, live_server, problems):
    page.goto(f"{live_server}/embed?lesson=batch_size&lang=en&hide=controls,diagnosis&theme=dark")
    page.wait_for_function("() => window.__train && window.__train.phase === 'idle'")
    assert page.evaluate("[document.body.dataset.embedded, document.documentElement.dataset.theme]") == ["1", "dark"]
    expect(page.locator(".settings")).to_be_hidden()
    expect(page.locator(".top")).to_be_hidden()
    expect(page.locator("#t-lesson")).to_be_visible()  # the training lesson opened
    lesson = page.evaluate("fetch('/api/v1/lessons').then((r) => r.json())")
    assert next(entry for entry in lesson if entry["key"] == "batch_size")["embed"] == "/embed/train?lesson=batch_size"
    # a host page drives it over postMessage, as it drives the simulator
    host = f"""<iframe id="f" src="{live_server}/embed/train?lang=en&epochs=2&speed=max"></iframe><script>
      window.got = []; addEventListener('message', (e) => window.got.push(e.data));
    </script>"""
    page.goto(f"{live_server}/api/v1/catalog")  # same origin, then write a host document into it
    page.set_content(host)
    frame = page.frame_locator("#f")
    expect(frame.locator("#btn-start")).to_be_visible()
    page.wait_for_function("() => document.getElementById('f').contentWindow.__train"
                           " && document.getElementById('f').contentWindow.__train.phase === 'idle'")
    page.evaluate("document.getElementById('f').contentWindow.postMessage("
                  "{type: 'descent-lab:start'}, '*')")
    page.wait_for_function("() => window.got.some((m) => m && m.type === 'descent-lab:done')", timeout=90_000)
    done = page.evaluate("window.got.find((m) => m.type === 'descent-lab:done')")
    assert done["runs"][0]["reason"] == "completed"
    assert problems == []
