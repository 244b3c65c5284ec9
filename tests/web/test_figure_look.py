"""The SVG figure looks like the page: typeset formula, labels in the reader's language, ★ minima, and a run that
barely moves still visible beside its start."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from app.core.surfaces import SURFACES
from app.web.figure_text import pretty_formula, run_label
from app.web.palette import run_colour

SVG = "{http://www.w3.org/2000/svg}"
QUERY = "surface=bowl&start=-3,4&grad=central&steps=100&vary=lr&values=0.1,10,1e-10"


def texts(svg: str) -> list[str]:
    return ["".join(e.itertext()) for e in ET.fromstring(svg).iter(SVG + "text")]


def test_the_formula_is_typeset_as_on_the_page() -> None:
    assert pretty_formula("x0^2 + x1^2") == "x₀² + x₁²"
    assert pretty_formula("sin(pi * x0)") == "sin(π·x₀)"


def test_labels_and_verdicts_in_korean_and_english(client: TestClient) -> None:
    ko = client.get(f"/api/v1/figure.svg?{QUERY}&lang=ko").text
    en = client.get(f"/api/v1/figure.svg?{QUERY}&lang=en").text
    assert "학습률 = 0.1 · 수렴" in texts(ko) and "학습률 = 1e-10 · 너무 느림" in texts(ko)
    assert any("f = x₀² + x₁²" in s for s in texts(ko)) and "x₀" in texts(ko) and "x₁" in texts(ko)
    assert "Learning rate = 10 · diverged" in texts(en)
    assert run_label("ko", "opt", "adam") == "업데이트 방법: Adam"


def test_minima_are_starred_and_a_still_run_shows_beside_its_start(client: TestClient) -> None:
    root = ET.fromstring(client.get(f"/api/v1/figure.svg?{QUERY}&lang=ko").text)
    marks = [p for p in root.iter(SVG + "path") if p.get("class") == "minimum"]
    assert len(marks) == len(SURFACES["bowl"].minima) == 1
    still = [g for g in root.iter(SVG + "g") if g.get("class") == "barely-moved"]
    assert [g.get("data-run") for g in still] == ["r3"]  # lr = 1e-10 only; 0.1 and 10 move
    assert still[0].find(SVG + "circle").get("fill") == run_colour(2)
    lines = {p.get("data-run"): p.get("stroke") for p in root.iter(SVG + "path") if p.get("class") == "trajectory"}
    assert lines == {"r1": run_colour(0), "r2": run_colour(1), "r3": run_colour(2)}  # the page's run colours
