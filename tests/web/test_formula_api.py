"""A learner's own surface f(x, y) through POST /api/v1/runs, compare, the grid, figure.svg, the WebSocket, the
permalink keys and the CLI: runs that match the core, and refusals (422 / `error`) in both languages that name the
field, the character position and the limit."""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.config import Settings
from app.core.formula_surface import custom_surface
from app.core.runs import DescentSpec, run_all
from app.main import create_app
from app.web.permalink import configs_from_query

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"


def post(client: TestClient, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/runs", json=body)


def test_a_run_on_a_formula_matches_the_core(client: TestClient) -> None:
    view = [[-2.0, 2.0], [-1.0, 3.0]]
    r = post(client, {"surface": "custom", "f": ROSENBROCK, "view": view, "start": [-1.5, 2.0], "steps": 300,
                      "optimizer": {"lr": 0.001}})
    assert r.status_code == 200
    body = r.json()
    spec = DescentSpec(surface="custom", custom=custom_surface(ROSENBROCK, ((-2.0, 2.0), (-1.0, 3.0))),
                       start=(-1.5, 2.0), lr=0.001, steps=300)
    cols, _, diagnosis = run_all(spec)
    assert body["steps"]["xy"] == [list(p) for p in cols.xy]
    assert body["done"]["diagnosis"]["verdict"] == diagnosis.verdict
    surface = body["meta"]["surface"]
    assert surface["key"] == "custom" and surface["formula"] == ROSENBROCK and surface["view"] == view
    assert surface["minima"] == [[1.0, 1.0]] and surface["min_value"] == 0.0
    assert body["meta"]["config"]["f"] == ROSENBROCK


def test_f_alone_means_custom_and_the_start_is_chosen_in_the_view(client: TestClient) -> None:
    r = post(client, {"f": "x^2 + y^2", "steps": 5})
    assert r.status_code == 200
    meta = r.json()["meta"]
    assert meta["config"]["surface"] == "custom" and meta["config"]["start"] == [2.5, 2.5]


@pytest.mark.parametrize("mode", ["central", "forward"])
def test_numerical_gradients_work_on_a_formula(client: TestClient, mode: str) -> None:
    r = post(client, {"f": "x^2/20 + y^2", "view": [[-10, 10], [-5, 5]], "start": [-7, 2], "steps": 200,
                      "optimizer": {"lr": 0.9}, "gradient": {"mode": mode}})
    assert r.status_code == 200 and r.json()["done"]["diagnosis"]["verdict"] == "converged"


def test_kinks_are_stated(client: TestClient) -> None:
    s = post(client, {"f": "abs(x) + y^2", "steps": 3}).json()["meta"]["surface"]
    assert s["kinks"] == ["abs"] and s["subgradient"] is True
    note = next(n for n in s["notes"] if n["key"] == "kinks")
    assert "abs" in note["text"]["en"] and "subgradient" in note["text"]["en"] and "abs" in note["text"]["ko"]
    smooth = post(client, {"f": "x^2 + y^2", "steps": 3}).json()["meta"]["surface"]
    assert smooth["kinks"] == [] and smooth["notes"] == []


def detail(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 422, r.text
    return r.json()["detail"]


@pytest.mark.parametrize(("body", "loc", "code", "pos"), [
    ({"f": "sni(x) + y^2"}, ["body", "f"], "unknown_function_hint", 0),
    ({"f": "x^2 +"}, ["body", "f"], "unexpected_end", 5),
    ({"f": "x" * 201}, ["body", "f"], "too_long", 200),
    ({"f": "(" * 10_000 + "x" + ")" * 10_000}, ["body", "f"], "too_long", 200),
    ({"f": "9^9^9^9"}, ["body", "f"], "too_large", 3),
    ({"f": "__import__"}, ["body", "f"], "unknown_name", 0),
    ({"f": "__import__('os')"}, ["body", "f"], "bad_char", 11),
    ({"f": "__import__(x)"}, ["body", "f"], "unknown_function", 0),
    ({"f": "().__class__"}, ["body", "f"], "unexpected", 1),
    ({"f": "ѕin(x)"}, ["body", "f"], "bad_char", 0),
    ({"f": "log(x)", "view": [[-5, -1], [-1, 1]]}, ["body", "f"], "not_finite", None),
    ({"f": "x", "view": [[1, 0], [0, 1]]}, ["body", "view"], "view_order", None),
    ({"f": "log(x)", "start": [-1, 0]}, ["body", "start"], "not_finite_start", None),
    ({"surface": "custom"}, ["body", "f"], "missing", None),
    ({"surface": "bowl", "f": "x^2"}, ["body", "f"], "not_custom", None),
])
def test_refusals_name_field_position_and_limit(client: TestClient, body: dict[str, Any], loc: list[str],
                                                code: str, pos: int | None) -> None:
    (err,) = detail(post(client, body))
    assert err["loc"] == loc and err["code"] == code and err["pos"] == pos
    assert err["messages"]["ko"] and err["messages"]["en"] == err["msg"]
    if pos is not None:
        assert err["msg"].startswith(f"At character {pos + 1}: ") and err["messages"]["ko"].startswith(f"{pos + 1}번째")


def test_limits_are_the_servers_settings() -> None:
    with TestClient(create_app(Settings(max_formula_chars=10, max_formula_nodes=5))) as c:
        (err,) = detail(post(c, {"f": "x^2 + y^2 + 1"}))
        assert (err["type"], err["name"], err["limit"], err["pos"]) == ("limit", "max_formula_chars", 10, 10)
        assert "10" in err["messages"]["ko"] and "max_formula_chars" in err["msg"]
        (err,) = detail(post(c, {"f": "x*y+x*y"}))
        assert (err["name"], err["limit"]) == ("max_formula_nodes", 5)
        assert c.get("/api/v1/catalog").json()["limits"]["max_formula_chars"] == 10


def test_did_you_mean_in_both_languages(client: TestClient) -> None:
    (err,) = detail(post(client, {"f": "x^2 + sni(y)"}))
    assert err["msg"] == "At character 7: 'sni' is not a function; did you mean 'sin'?"
    assert "'sin'" in err["messages"]["ko"] and err["messages"]["ko"].startswith("7번째 글자")


def test_compare_names_the_run(client: TestClient) -> None:
    r = client.post("/api/v1/compare", json={"runs": [{"f": "x^2 + y^2"}, {"f": "x^2 + sinn(y)"}]})
    (err,) = detail(r)
    assert err["loc"] == ["body", "runs", 1, "f"] and err["pos"] == 6
    ok = client.post("/api/v1/compare", json={"runs": [{"f": "x^2 + y^2", "optimizer": {"lr": lr}} for lr in
                                                         (0.1, 0.5)]})
    assert ok.status_code == 200 and len(ok.json()["runs"]) == 2


def test_grid_of_a_formula(client: TestClient) -> None:
    r = client.get("/api/v1/surfaces/custom/grid", params={"f": "log(x) + y^2", "view": "-1,1,-1,1", "n": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["shape"] == [5, 5] and body["domain"] == [[-1, 1], [-1, 1]]
    assert body["values"][0] is None and body["values"][4] == pytest.approx(1.0)  # x = -1: log undefined → null
    assert body["surface"]["formula"] == "log(x) + y^2" and body["surface"]["lowest_is_minimum"] is False
    (err,) = detail(client.get("/api/v1/surfaces/custom/grid", params={"f": "x +* y"}))
    assert err["loc"] == ["query", "f"] and err["pos"] == 3
    (err,) = detail(client.get("/api/v1/surfaces/custom/grid", params={"f": "x", "view": "1,2,3"}))
    assert err["loc"] == ["query", "view"]
    (err,) = detail(client.get("/api/v1/surfaces/custom/grid"))
    assert err["code"] == "missing"


def test_figure_draws_a_formula(client: TestClient) -> None:
    q = {"f": "abs(x) + y^2", "view": "-3,3,-3,3", "lr": "0.1", "vary": "lr", "values": "0.1,0.4", "lang": "ko"}
    r = client.get("/api/v1/figure.svg?" + urllib.parse.urlencode(q))
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(r.text)
    ns = "{http://www.w3.org/2000/svg}"
    assert "abs(x) + y²" in root.find(f"{ns}title").text  # typeset as on the page  # type: ignore[union-attr]
    assert len(root.findall(f".//{ns}path[@class='trajectory']")) == 2
    (err,) = detail(client.get("/api/v1/figure.svg?" + urllib.parse.urlencode({"f": "x^"})))
    assert err["loc"] == ["query", "f"]


def test_figure_with_undefined_parts(client: TestClient) -> None:
    r = client.get("/api/v1/figure.svg?" + urllib.parse.urlencode({"f": "log(x) + y^2", "start": "2,2",
                                                                    "lr": "0.1"}))
    assert r.status_code == 200 and "NaN" not in r.text and "nan" not in r.text


def test_permalink_keys() -> None:
    (config,) = configs_from_query({"f": "x^2 + y^2", "view": "-2,2,-1,1", "lr": "0.3"})
    assert config["f"] == "x^2 + y^2" and config["view"] == [[-2.0, 2.0], [-1.0, 1.0]] and "surface" not in config
    (config,) = configs_from_query({"surface": "bowl"})
    assert config["surface"] == "bowl" and "f" not in config


def test_websocket_runs_a_formula_and_refuses_a_bad_one(client: TestClient) -> None:
    with client.websocket_connect("/ws/run") as ws:
        ws.send_text(orjson.dumps({"type": "start", "run": {"f": "sni(x)"}}).decode())
        err = orjson.loads(ws.receive_text())
        assert err["type"] == "error" and err["code"] == "over_limit"
        (field,) = err["fields"]
        assert field["loc"] == ["run", "f"] and field["pos"] == 0 and "'sin'" in field["messages"]["ko"]
        assert "At character 1" in err["message"]
        ws.send_text(orjson.dumps({"type": "start", "run": {"f": "x^2/20 + y^2", "view": [[-10, 10], [-5, 5]],
                                                            "start": [-7, 2], "steps": 100,
                                                            "optimizer": {"lr": 0.9}}}).decode())
        msgs = []
        while not msgs or msgs[-1]["type"] != "done":
            text = ws.receive_text()
            assert "NaN" not in text
            msgs.append(orjson.loads(text))
    assert msgs[0]["type"] == "meta" and msgs[0]["surface"]["formula"] == "x^2/20 + y^2"
    assert msgs[-1]["diagnosis"]["verdict"] == "converged"


def test_cli_runs_a_formula(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["run", "--f", "x^2/20 + y^2", "--view=-10,10,-5,5", "--start=-7,2", "--lr", "0.9", "--steps", "50"])
    assert ended.value.code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["meta"]["surface"]["formula"] == "x^2/20 + y^2" and len(out["steps"]["t"]) == 51


def test_cli_refuses_naming_the_field_and_position(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["run", "--f", "x^2 + sni(y)"])
    assert ended.value.code == 2
    assert "[f] At character 7: 'sni' is not a function; did you mean 'sin'?" in capsys.readouterr().err


def test_cli_svg_of_a_formula(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["run", "--f", "max(x, y)^2", "--format", "svg", "--steps", "20"])
    assert ended.value.code == 0
    assert "max(x, y)²" in ET.fromstring(capsys.readouterr().out).find(  # type: ignore[union-attr]
        "{http://www.w3.org/2000/svg}title").text


def test_undefined_parts_are_grey_on_the_figure_and_noted(client: TestClient) -> None:
    r = client.get("/api/v1/figure.svg?" + urllib.parse.urlencode({"f": "log(x) + y^2", "lr": "0.1"}))
    root = ET.fromstring(r.text)
    (grey,) = root.findall(".//{http://www.w3.org/2000/svg}path[@class='undefined']")
    assert grey.get("d", "").count("Z") >= 50  # one rectangle per grid row left of x = 0
    info = client.get("/api/v1/surfaces/custom/grid", params={"f": "log(x) + y^2", "n": 5}).json()["surface"]
    assert "undefined" in [n["key"] for n in info["notes"]]
    smooth = client.get("/api/v1/surfaces/custom/grid", params={"f": "x^2", "n": 5}).json()["surface"]
    assert "undefined" not in [n["key"] for n in smooth["notes"]]
    svg = client.get("/api/v1/figure.svg?" + urllib.parse.urlencode({"f": "x^2 + y^2"})).text
    assert 'class="undefined"' not in svg
