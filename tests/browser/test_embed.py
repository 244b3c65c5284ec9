"""The embeddable simulator (/embed): query configuration, hide flags, small frames, the postMessage API with
its origin checks, framing headers, and the Share dialog's snippet."""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import pathlib
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.servers import app_server

pytestmark = pytest.mark.browser

PARTS = ["header", "toolbar", "controls", "counter", "legend", "diagnosis", "charts"]
READY = ("() => window.__descent && window.__descent.ready === true"
         " && document.getElementById('map').dataset.ready === '1'")
HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head><body>
<iframe id="lab" name="lab" src="{lab}" width="{width}" height="{height}"></iframe>
{extra}
<script>
window.__msgs = [];
const lab = document.getElementById("lab");
window.addEventListener("message", (ev) => {{
  if (ev.source !== lab.contentWindow) return;
  window.__msgs.push({{origin: ev.origin, data: ev.data}});
}});
window.send = (msg, origin) => lab.contentWindow.postMessage(msg, origin || "*");
window.got = (type) => window.__msgs.filter((m) => m.data && m.data.type === "descent-lab:" + type);
</script>
</body></html>
"""
SIBLING_PAGE = ('<!doctype html><html><head><link rel="icon" href="data:,"></head>'
                '<body><p>another site</p></body></html>')


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(directory: pathlib.Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[tuple[pathlib.Path, str, str]]:
    """Two plain static sites on two ports (two origins) serving one folder: (folder, host origin, other origin)."""
    folder = tmp_path_factory.mktemp("hosts")
    (folder / "sibling.html").write_text(SIBLING_PAGE, encoding="utf-8")
    host, host_url = _serve(folder)
    other, other_url = _serve(folder)
    yield folder, host_url, other_url
    for s in (host, other):
        s.shutdown()
        s.server_close()


def host_page(folder: pathlib.Path, name: str, lab: str, width: int = 640, height: int = 480, extra: str = "") -> str:
    (folder / name).write_text(HOST_PAGE.format(lab=lab, width=width, height=height, extra=extra), encoding="utf-8")
    return name


def lab_frame(page):
    """The embedded simulator's frame (cross-origin: Playwright still reaches into it)."""
    for frame in page.frames:
        if "/embed" in frame.url:
            return frame
    raise AssertionError(f"no /embed frame among {[f.url for f in page.frames]}")


@pytest.fixture(scope="module")
def restricted_server(sites) -> Iterator[str]:
    """A second app whose /embed only the host site may frame and talk to."""
    _, host_url, _ = sites
    with app_server(env={"DESCENT_LAB_EMBED_ORIGINS": json.dumps([host_url])}) as base:
        yield base


def visible_parts(page_or_frame) -> dict[str, bool]:
    return page_or_frame.evaluate("""(parts) => Object.fromEntries(parts.map((p) => [p,
        [...document.querySelectorAll(`[data-part~="${p}"]`)].some((el) => el.getClientRects().length > 0)]))""", PARTS)


def test_hide_flags_hide_what_they_name(page, live_server, problems):
    page.set_viewport_size({"width": 800, "height": 600})
    page.goto(f"{live_server}/embed?lang=en")
    page.wait_for_function(READY)
    assert visible_parts(page) == dict.fromkeys(PARTS, True)
    for hidden in (["controls", "charts"], ["header", "toolbar", "legend"], ["counter", "diagnosis"]):
        page.goto(f"{live_server}/embed?lang=en&hide={','.join(hidden)}")
        page.wait_for_function(READY)
        expected = {p: p not in hidden for p in PARTS}
        expected["controls"] = not {"controls", "toolbar"} & set(hidden)  # the Settings button sits in the run bar
        assert visible_parts(page) == expected, hidden
    # classroom mode: only the Start button and the map
    page.goto(f"{live_server}/embed?lang=ko&hide=controls,charts,diagnosis,legend,header&vary=lr&values=0.1,10"
              "&speed=max")
    page.wait_for_function(READY)
    buttons = page.evaluate("""[...document.querySelectorAll('button')]
        .filter((b) => b.getClientRects().length).map((b) => b.id)""")
    assert buttons == ["btn-start"]
    page.click("#btn-start")
    page.wait_for_function("() => window.__descent.done")
    assert not page.is_visible("#legend")  # a compare run does not bring the hidden legend back
    assert page.get_attribute("#map", "data-points") == "202"
    # a settings group inside the panel, as on the main page
    page.goto(f"{live_server}/embed?lang=en&hide=schedule")
    page.wait_for_function(READY)
    page.click("#btn-settings")
    assert page.is_visible("#f-opt") and not page.is_visible("#f-sched")
    assert problems == []


def test_smallest_frame_has_no_scrollbars(page, live_server, problems, artifacts):
    page.set_viewport_size({"width": 320, "height": 240})
    for lang in ("ko", "en"):
        page.goto(f"{live_server}/embed?lang={lang}&hide=controls,charts")
        page.wait_for_function(READY)
        # the map settles to the room left under the run bar
        page.wait_for_function("() => document.getElementById('map').getBoundingClientRect().bottom <= innerHeight")
        sizes = page.evaluate("""() => ({
            doc: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
            main: [document.getElementById('e-main').scrollHeight, document.getElementById('e-main').clientHeight],
            map: document.getElementById('map').getBoundingClientRect().bottom,
            mapWidth: document.getElementById('map').getBoundingClientRect().width})""")
        assert sizes["doc"][0] <= 320 and sizes["doc"][1] <= 240, sizes
        assert sizes["main"][0] <= sizes["main"][1], sizes
        assert sizes["map"] <= 240 and sizes["mapWidth"] >= 150, sizes
        page.screenshot(path=str(artifacts / f"embed-320x240-{lang}.png"))
    page.click("#btn-start")
    page.wait_for_function("() => window.__descent.phase === 'running' || window.__descent.done")
    assert problems == []


def test_postmessage_round_trip(page, live_server, sites, problems, artifacts):
    folder, host_url, _ = sites
    name = host_page(folder, "host-any.html", f"{live_server}/embed?lang=en&hide=header")
    page.goto(f"{host_url}/{name}")
    page.wait_for_function("() => window.got('ready').length === 1")
    ready = page.evaluate("window.got('ready')[0]")
    assert ready["origin"] == live_server and ready["data"]["protocol"] == 1
    lab = lab_frame(page)
    assert lab.evaluate("window.__descent.embed.hostOrigin") == host_url  # replies go to the host's origin only
    page.evaluate("""() => window.send({type: "descent-lab:set", state: {lr: 10, steps: 40, speed: "max",
        start: [-3, 4], bogus: 1}})""")
    page.wait_for_function("() => window.got('error').length === 1")
    assert page.evaluate("window.got('error')[0].data") == {
        "type": "descent-lab:error", "code": "invalid_state", "unknown": ["bogus"], "invalid": [], "lang": "en",
        "fields": [{"key": "bogus", "message": "bogus: this page has no such setting."}],
        "message": "bogus: this page has no such setting."}
    assert lab.input_value("#f-lr") == "10" and lab.input_value("#f-steps") == "40"
    page.evaluate("() => window.send({type: 'descent-lab:start'})")
    page.wait_for_function("() => window.got('done').length === 1")
    done = page.evaluate("window.got('done')[0].data")
    assert done["lang"] == "en"
    [run] = done["runs"]
    assert run["id"] == "r1" and run["reason"] == "completed" and run["verdict"] == "diverged"
    assert run["message"].startswith("Diverged") and run["t"] == 40
    progress = [m["data"] for m in page.evaluate("window.got('progress')")]
    assert progress and all(p["run"] == "r1" and p["n"] == 40 for p in progress)
    assert progress[-1]["t"] == 40
    phases = [m["data"]["phase"] for m in page.evaluate("window.got('phase')")]
    assert phases[0] == "running" and phases[-1] == "done"
    assert "Diverged" in lab.inner_text("#diagnosis")
    # pause / resume / reset drive the same session
    page.evaluate("() => window.send({type: 'descent-lab:set', state: {speed: 5, steps: 200, lr: 0.1}})")
    page.evaluate("() => window.send({type: 'descent-lab:start'})")
    lab.wait_for_function("() => window.__descent.phase === 'running' && window.__descent.received > 0")
    page.evaluate("() => window.send({type: 'descent-lab:pause'})")
    lab.wait_for_function("() => window.__descent.phase === 'paused'")
    assert lab.inner_text("#btn-start") == "Resume"
    page.evaluate("() => window.send({type: 'descent-lab:resume'})")
    lab.wait_for_function("() => window.__descent.phase === 'running'")
    page.evaluate("() => window.send({type: 'descent-lab:reset'})")
    lab.wait_for_function("() => window.__descent.phase === 'idle' && window.__descent.received === 0")
    # lesson, language and theme by message
    page.evaluate("""() => window.send({type: 'descent-lab:set',
        state: {lesson: 'saddle', lang: 'ko', theme: 'dark', speed: 'max'}})""")
    lab.wait_for_function("""() => document.documentElement.dataset.theme === 'dark'
        && document.documentElement.lang === 'ko'""")
    page.evaluate("() => window.send({type: 'descent-lab:start'})")
    page.wait_for_function("() => window.got('done').length === 2")
    runs = page.evaluate("window.got('done')[1].data.runs")
    assert [r["id"] for r in runs] == ["off-axis", "on-axis"]
    assert all(r["verdict"] == "saddle" for r in runs) and "안장점" in runs[0]["message"]
    page.screenshot(path=str(artifacts / "embed-host-dark-ko.png"))
    assert all(m["origin"] == live_server for m in page.evaluate("window.__msgs"))
    assert problems == []


def test_messages_from_other_origins_are_refused(page, restricted_server, sites):
    folder, host_url, other_url = sites
    lab_url = f"{restricted_server}/embed?lang=en&steps=10&speed=max"
    sibling = f'<iframe id="sib" name="sib" src="{other_url}/sibling.html" width="200" height="60"></iframe>'
    name = host_page(folder, "host-restricted.html", lab_url, extra=sibling)
    page.goto(f"{host_url}/{name}")
    page.wait_for_function("() => window.got('ready').length === 1")
    lab = lab_frame(page)
    assert lab.evaluate("window.__descent.embed.hostOrigin") == host_url
    # a page of another origin (the sibling frame) tells the simulator to start: refused
    sib = next(f for f in page.frames if f.url.startswith(other_url))
    sib.evaluate("() => parent.frames[0].postMessage({type: 'descent-lab:start'}, '*')")
    sib.evaluate("() => parent.frames[0].postMessage({type: 'descent-lab:set', state: {steps: 3}}, '*')")
    lab.wait_for_function("() => window.__descent.embed.received === 2")
    stats = lab.evaluate("window.__descent.embed")
    assert stats["refused"] == 2 and stats["accepted"] == 0 and stats["refusedBy"] == "origin"
    assert lab.evaluate("window.__descent.phase") == "idle" and lab.input_value("#f-steps") == "10"
    assert page.evaluate("window.got('phase').length") == 0
    # the allowed host still drives it
    page.evaluate("() => window.send({type: 'descent-lab:start'})")
    page.wait_for_function("() => window.got('done').length === 1")
    [run] = page.evaluate("window.got('done')[0].data.runs")
    assert run["reason"] == "completed" and run["t"] == 10 and run["verdict"] == "still_improving"
    assert lab.evaluate("window.__descent.embed.accepted") == 1
    # and a page of the other origin cannot frame this server's /embed at all
    page.goto(f"{other_url}/{name}")
    page.wait_for_function("() => document.readyState === 'complete'")
    blocked = next(f for f in page.frames if f.name == "lab")
    assert blocked.evaluate("typeof window.__descent") == "undefined"
    assert page.evaluate("window.__msgs.length") == 0


def test_framing_headers(page, live_server, sites):
    def headers(path: str) -> dict[str, str]:
        with urllib.request.urlopen(live_server + path) as r:
            return {k.lower(): v for k, v in r.headers.items()}

    main = headers("/")
    assert main["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in main["content-security-policy"]
    embed = headers("/embed")
    assert "x-frame-options" not in embed
    assert "frame-ancestors *" in embed["content-security-policy"]
    assert "script-src 'self'" in embed["content-security-policy"]
    # in a browser: another site frames /embed but not /
    folder, host_url, _ = sites
    name = host_page(folder, "host-frames.html", f"{live_server}/embed?lang=en",
                     extra=f'<iframe name="main" src="{live_server}/?lang=en" width="400" height="300"></iframe>')
    page.goto(f"{host_url}/{name}")
    page.wait_for_function("() => window.got('ready').length === 1")
    main_frame = next(f for f in page.frames if f.name == "main")
    main_frame.wait_for_load_state()
    assert main_frame.evaluate("typeof window.__descent") == "undefined"


class _Iframe(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "iframe":
            self.attrs = dict(attrs)


def test_share_snippet_reproduces_the_state(page, live_server, problems, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    query = ("lang=en&surface=rosenbrock&start=-1,2.5&opt=adam&lr=0.002&beta2=0.99&sched=cosine&t_max=200"
             "&grad=central&h=0.001&steps=500&speed=60")
    page.goto(f"{live_server}/?{query}")
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
    controls = ["#f-surface", "#f-opt", "#f-lr", "#f-param-beta2", "#f-param-beta1", "#f-sched", "#f-param-t_max",
                "#f-grad", "#f-h", "#f-steps", "#f-speed", "#f-start-x", "#f-start-y", "#f-lr-slider", "#f-vary"]
    before = {sel: page.input_value(sel) for sel in controls}
    page.click("#btn-share")
    assert page.is_visible("#share-dialog")
    assert page.input_value("#share-link") == page.url
    page.check("#share-dialog input[value=charts]")
    page.check("#share-dialog input[value=header]")
    page.select_option("#share-theme", "dark")
    page.select_option("#share-size", "480x360")
    page.check("#share-autoplay")
    snippet = page.input_value("#share-code")
    parser = _Iframe()
    parser.feed(snippet)
    src = parser.attrs["src"]
    assert parser.attrs["width"] == "480" and parser.attrs["height"] == "360"
    page.wait_for_function("(src) => document.getElementById('share-preview').getAttribute('src') === src", arg=src)
    preview = page.query_selector("#share-preview").content_frame()
    preview.wait_for_function(READY)
    assert urllib.parse.urlsplit(preview.url).query == urllib.parse.urlsplit(src).query  # it reads back the same
    page.screenshot(path=str(artifacts / "share-dialog-en.png"))
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(src).query)
    assert params["hide"] == ["header,charts"] and params["autoplay"] == ["1"] and params["theme"] == ["dark"]
    page.keyboard.press("Escape")
    assert not page.is_visible("#share-dialog")
    page.goto(src)
    page.wait_for_function(READY)
    after = {sel: page.input_value(sel) for sel in controls}
    assert after == before
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.get_attribute("#embed", "data-hide") == "header charts"
    page.wait_for_function("() => window.__descent.phase !== 'idle'")  # autoplay
    full = page.get_attribute("#open-full", "href")
    assert "hide=" not in full and "autoplay" not in full and "opt=adam" in full
    assert problems == []


def test_train_embed_set_takes_the_permalink_keys(page, live_server, sites, problems):
    """`set` on the embedded /train: the plan follows lr and batch size, a running run stops, and a refused value is
    named to the host with its limit in the embed's language while the box keeps the page's value."""
    folder, host_url, _ = sites
    name = host_page(folder, "host-train.html", f"{live_server}/embed/train?lang=en&epochs=3&speed=10", 900, 700)
    page.goto(f"{host_url}/{name}")
    page.wait_for_function("() => window.got('ready').length === 1")
    lab = lab_frame(page)
    plan = "([ipe, total]) => { const p = document.getElementById('t-plan').dataset; " \
           "return p.ipe === ipe && p.total === total; }"
    lab.wait_for_function(plan, arg=["10", "30"])  # moons: 300 training samples, batch 32, 3 epochs
    page.evaluate("() => window.send({type: 'descent-lab:start'})")
    lab.wait_for_function("() => window.__train.phase === 'running'")
    page.evaluate("() => window.send({type: 'descent-lab:set', state: {lr: 0.05, bs: 10}})")
    lab.wait_for_function(plan, arg=["30", "90"])
    lab.wait_for_function("() => window.__train.phase === 'idle' && window.__train.runs.length === 0")
    assert [lab.input_value("#t-lr"), lab.input_value("#t-bs")] == ["0.05", "10"]
    # refused values: named with their limits; the valid one in the same message is applied
    page.evaluate("() => window.send({type: 'descent-lab:set', state: {lr: 0, bs: 2.5, epochs: 4}})")
    page.wait_for_function("() => window.got('error').length === 1")  # the valid set above answered no error
    error = page.evaluate("window.got('error')[0].data")
    assert error["code"] == "invalid_state" and error["invalid"] == ["lr", "bs"] and error["lang"] == "en"
    assert error["message"] == "Learning rate: must be at least 1e-10. Batch size: must be a whole number (e.g. 3)."
    lab.wait_for_function(plan, arg=["30", "120"])
    assert [lab.input_value("#t-lr"), lab.input_value("#t-bs")] == ["0.05", "10"]  # not reverted, not changed
    # in Korean, and a lesson this page does not have
    page.evaluate("() => window.send({type: 'descent-lab:set', state: {lang: 'ko', lr: -1, bs: 20}})")
    page.wait_for_function("() => window.got('error').length === 2")
    error = page.evaluate("window.got('error')[1].data")
    assert error["lang"] == "ko" and error["fields"] == [{"key": "lr", "message": "학습률: 1e-10 이상이어야 합니다."}]
    lab.wait_for_function(plan, arg=["15", "60"])
    assert lab.evaluate("document.documentElement.lang") == "ko" and lab.input_value("#t-lr") == "0.05"
    page.evaluate("() => window.send({type: 'descent-lab:set', state: {lesson: 'no-such-lesson'}})")
    page.wait_for_function("() => window.got('error').length === 3")
    message = page.evaluate("window.got('error')[2].data.message")
    assert message == "수업: 이 페이지에는 “no-such-lesson” 수업이 없습니다."
    page.evaluate("() => window.send({type: 'descent-lab:set', state: {lesson: 'batch_size'}})")
    lab.wait_for_function("() => new URLSearchParams(location.search).get('lesson') === 'batch_size'")
    expect(lab.locator("#t-lesson")).to_be_visible()
    assert page.evaluate("window.got('error').length") == 3
    assert problems == []
