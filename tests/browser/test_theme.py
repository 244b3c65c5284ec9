"""The dark theme follows the reader's system on every page, and every text on show has WCAG AA contrast
(4.5:1, or 3:1 for large text) against what is behind it, in both themes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# composites each background from the page down (translucent layers included) and measures every visible text
CONTRAST = """() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const blend = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const behind = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    let bg = [255, 255, 255, 1];
    for (const e of chain.reverse()) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) bg = blend(c, bg);
    }
    return bg;
  };
  const bad = [];
  let checked = 0;
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    if (el.closest(":disabled, [aria-hidden=true], .visually-hidden, option, noscript, script, style")) continue;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || cs.visibility === "hidden" || Number(cs.opacity) === 0) continue;
    if (el.closest("[hidden]") || !el.getClientRects().length) continue;
    const bg = behind(el);
    const fg = blend(parse(cs.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize);
    const need = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
    checked++;
    if (ratio < need - 0.005) {
      const what = `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 24)}"`;
      bad.push(`${what} ${ratio.toFixed(2)}`);
    }
  }
  return { bad, checked };
}"""

PAGES = [("/?lang=ko&steps=20&speed=max&autoplay=1", "() => window.__descent.done === true"),
         ("/train?lang=ko&epochs=2&autoplay=1", "() => window.__train && window.__train.done === true"),
         ("/embed?lang=en&steps=20&speed=max&autoplay=1", "() => window.__descent.done === true")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_follows_the_system_theme_with_aa_contrast(page, live_server, problems, scheme):
    page.emulate_media(color_scheme=scheme)
    for path, done in PAGES:
        page.goto(live_server + path)
        page.wait_for_function(done, timeout=90_000)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme, path
        result = page.evaluate(CONTRAST)
        assert result["checked"] > 20, path
        assert result["bad"] == [], path
    page.goto(f"{live_server}/embed?lang=en&theme=light")  # an embed told its theme keeps it
    page.wait_for_function("() => document.getElementById('map').dataset.ready === '1'")
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert problems == []
