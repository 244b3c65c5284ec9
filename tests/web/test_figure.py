"""The SVG figure: valid SVG whose trajectories are the runs `POST /api/v1/runs` returns for the same query."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.core.surfaces import SURFACES
from app.web.figure import Frame, _levels, _ticks, _wants_log
from app.web.palette import palette, ramp_colour

SVG = "{http://www.w3.org/2000/svg}"


def trajectories(svg: str) -> dict[str, list[tuple[float, float]]]:
    root = ET.fromstring(svg)  # raises on malformed XML
    assert root.tag == SVG + "svg"
    return {p.get("data-run"): [(float(u), float(v)) for u, v in re.findall(r"([-\d.]+),([-\d.]+)", p.get("d"))]
            for p in root.iter(SVG + "path") if p.get("class") == "trajectory"}


def test_the_lessons_comparison_matches_the_api(client: TestClient) -> None:
    query = "surface=bowl&start=-3,4&grad=central&steps=100&vary=lr&values=0.1,10,1e-10&lang=ko"
    r = client.get("/api/v1/figure.svg?" + query)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    drawn = trajectories(r.text)
    assert list(drawn) == ["r3", "r2", "r1"]  # the first run is drawn last, on top
    frame = Frame(SURFACES["bowl"].view)
    for run_id, lr in zip(("r1", "r2", "r3"), (0.1, 10, 1e-10), strict=True):
        body = {"kind": "descent", "start": [-3, 4], "steps": 100, "optimizer": {"lr": lr},
                "gradient": {"mode": "central"}}
        xy = client.post("/api/v1/runs", json=body).json()["steps"]["xy"]
        assert len(xy) == 101
        assert_drawn_from(drawn[run_id], xy, frame)
    assert "수치 미분 붕괴" in r.text and "수렴" in r.text  # the legend's verdicts, in Korean
    api = client.post("/api/v1/compare", json={"runs": [
        {"kind": "descent", "start": [-3, 4], "steps": 100, "optimizer": {"lr": lr}, "gradient": {"mode": "central"}}
        for lr in (0.1, 10, 1e-10)]}).json()
    root = ET.fromstring(r.text)
    captions = {t.get("data-run"): "".join(t.itertext())
                for t in root.iter(SVG + "text") if t.get("class") == "caption"}
    for run in api["runs"]:  # the caption is the API's diagnosis, word for word
        label = next(lab for lab in ("lr = 0.1", "lr = 10", "lr = 1e-10") if captions[run["run_id"]].startswith(lab))
        assert captions[run["run_id"]].replace(" ", "") == (label + ": " + run["done"]["diagnosis"]["message"]["ko"]
                                                             ).replace(" ", "")


def assert_drawn_from(drawn: list[tuple[float, float]], xy: list[list[float]], frame: Frame) -> None:
    """The drawn path is the run's path, thinned: the same first and last point, drawn points in the run's order,
    and every point left out within a pixel of the point drawn before it."""
    pixels = [frame.px(x, y) for x, y in xy]
    assert drawn[0] == pytest.approx(pixels[0], abs=0.06) and drawn[-1] == pytest.approx(pixels[-1], abs=0.06)
    k = 0
    for pu, pv in pixels:
        if k + 1 < len(drawn) and drawn[k + 1] == pytest.approx((pu, pv), abs=0.06):
            k += 1
        else:
            assert abs(pu - drawn[k][0]) <= 1.0 and abs(pv - drawn[k][1]) <= 1.0
    assert k == len(drawn) - 1  # every drawn point was matched, in order


def test_long_paths_are_thinned_to_what_the_picture_shows(client: TestClient) -> None:
    query = "surface=bowl&steps=5000&lr=0.0005"
    drawn = trajectories(client.get("/api/v1/figure.svg?" + query).text)["r1"]
    body = {"kind": "descent", "steps": 5000, "optimizer": {"lr": 0.0005}}
    xy = client.post("/api/v1/runs", json=body).json()["steps"]["xy"]
    assert len(xy) == 5001 and len(drawn) < len(xy) // 4
    assert_drawn_from(drawn, xy, Frame(SURFACES["bowl"].view))


@pytest.mark.parametrize("query", ["lr=1_0", "lr=%D9%A1%D9%A2", "lr=%201", "steps=0x10", "lr=inf"])
def test_numbers_follow_the_pages_grammar(client: TestClient, query: str) -> None:
    r = client.get("/api/v1/figure.svg?" + query)
    assert r.status_code == 422, query
    assert r.json()["detail"][0]["loc"] == ["query", query.split("=")[0]]


def test_unknown_query_keys_are_named(client: TestClient) -> None:
    r = client.get("/api/v1/figure.svg?surface=bowl&lrate=0.1&theme=dark&%3Cb%3E=1")
    assert r.status_code == 422
    named = [e["loc"] for e in r.json()["detail"]]
    assert named == [["query", "lrate"], ["query", "\\x3cb\\x3e"]]  # view keys like theme are known; names escaped


def test_every_surface_draws(client: TestClient) -> None:
    for key in SURFACES:
        r = client.get(f"/api/v1/figure.svg?surface={key}&steps=50")
        assert r.status_code == 200, key
        assert len(trajectories(r.text)["r1"]) >= 2


@pytest.mark.parametrize(("query", "field"), [("lr=abc", "lr"), ("start=1", "start"), ("steps=9999999", "steps"),
                                               ("vary=lr&values=1,2,3,4,5", "values"), ("opt=lion", "optimizer")])
def test_bad_queries_name_the_key(client: TestClient, query: str, field: str) -> None:
    r = client.get("/api/v1/figure.svg?" + query)
    assert r.status_code == 422
    assert any(field in ".".join(map(str, e["loc"])) for e in r.json()["detail"]), r.json()


FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "picture.json").read_text(encoding="utf-8"))


def test_run_colours_are_the_pages(client: TestClient) -> None:
    svg = client.get("/api/v1/figure.svg?surface=bowl&steps=20&vary=lr&values=0.1,0.2").text
    strokes = dict(re.findall(r'class="trajectory" data-run="(r\d)" d="[^"]*" fill="none" stroke="([^"]+)"', svg))
    runs = palette()["runs"]
    assert strokes == {"r1": runs[0], "r2": runs[1]}
    assert runs[0] == "#0072B2"  # blue, as the page draws run 1


def test_ticks_and_levels_are_the_pages() -> None:
    for case in FIXTURE["ticks"]:
        assert _ticks(case["lo"], case["hi"], case["count"]) == pytest.approx(case["ticks"], abs=1e-12), case
    for case in FIXTURE["levels"]:
        z = np.array(case["values"], dtype=np.float64)
        assert _wants_log(z, False) is case["log"]
        assert _levels(z, False) == pytest.approx(case["lin"], rel=1e-12)
        assert _levels(z, True) == pytest.approx(case["logspaced"], rel=1e-12)


def test_the_map_is_painted_in_the_pages_ramp(client: TestClient) -> None:
    svg = client.get("/api/v1/figure.svg?surface=bowl&steps=5").text
    fills = re.findall(r'<path d="[^"]*" fill="(rgb\([^)]*\))" fill-rule', svg)
    assert fills and fills[-1] == ramp_colour(1.0)  # the highest region: the ramp's deepest colour
    assert f'fill="{ramp_colour(0)}"' in svg  # under everything, as paintBands does
    assert ramp_colour(0) == "rgb({},{},{})".format(*palette()["ramp"][0])
