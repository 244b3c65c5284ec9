"""The labelled scenario corpus (tests/scenarios/*.json): every run gives its expected verdict, facts, advice and
words in both languages, through the same path as `POST /api/v1/runs`; and no sentence prints a float with more
than 4 significant digits, a raw message key or an unfilled placeholder.

A scenario file: {name, why, source, run (an API configuration), settings (optional Settings overrides), expect:
{verdict (one or a list), facts {name: value | {min, max} | {approx, rel}}, advice {helped, helped_any, not,
untested, none}, counterfactual {verdict, helped, facts}, text {en|ko: {has, not}}}}.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.i18n import LANGUAGES, strings
from app.web.runner import run_result
from app.web.schemas import DescentRun
from app.web.train_schemas import TrainRun

CORPUS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(CORPUS.glob("*.json"))
FLOAT = re.compile(r"\d+\.\d+")
KEY = re.compile(r"\b(?:diagnosis|training|advice|fmt|verdict|ui|train)\.[a-z_]+(?:\.[a-z_]+)*\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# probes finish in well under a second here; a generous budget keeps a loaded CI machine from cutting them short
# (a scenario that tests the budget sets its own advice_seconds)
PROBE_SECONDS = 60.0


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def result(name: str) -> dict[str, Any]:
    """The `done.diagnosis` of a scenario's run (run once per test session)."""
    sc = load(CORPUS / f"{name}.json")
    model = TrainRun if sc["run"]["kind"] == "train" else DescentRun
    run = model.model_validate(sc["run"])
    settings = Settings(**{"advice_seconds": PROBE_SECONDS, **sc.get("settings", {})})
    return run_result(run, name, settings)["done"]["diagnosis"]


def check_fact(name: str, want: Any, got: Any) -> None:
    if isinstance(want, dict):
        assert got is not None, f"fact {name} missing"
        if "approx" in want:
            assert got == pytest.approx(want["approx"], rel=want.get("rel", 1e-6)), (name, got)
        if "min" in want:
            assert got >= want["min"], (name, got)
        if "max" in want:
            assert got <= want["max"], (name, got)
    else:
        assert got == want, (name, got)


def sentences(d: dict[str, Any]) -> list[dict[str, str]]:
    return [d["message"], d["verdict_message"], *(a["message"] for a in d["advice"])]


def test_the_corpus_is_large_and_labelled() -> None:
    assert len(FILES) >= 60
    for path in FILES:
        sc = load(path)
        assert sc["name"] == path.stem and sc["why"] and sc["source"] in ("math", "issue", "lesson", "observed")
    sources = [load(p)["source"] for p in FILES]
    assert sources.count("math") + sources.count("issue") > len(sources) / 2  # mostly reasoned, not recorded


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path) -> None:
    sc = load(path)
    exp = sc["expect"]
    d = result(path.stem)
    verdicts = exp["verdict"] if isinstance(exp["verdict"], list) else [exp["verdict"]]
    assert d["verdict"] in verdicts, d["message"]["en"]
    for name, want in exp.get("facts", {}).items():
        check_fact(name, want, d["facts"].get(name))
    adv = exp.get("advice", {})
    helped = {a["kind"] for a in d["advice"] if a["tested"] and a["helped"]}
    tried = {a["kind"] for a in d["advice"] if a["tested"]}
    untested = {a["kind"] for a in d["advice"] if not a["tested"]}
    assert set(adv.get("helped", [])) <= helped, d["advice"]
    if "helped_any" in adv:
        assert helped & set(adv["helped_any"]), d["advice"]
    assert not set(adv.get("not", [])) & helped, d["advice"]
    assert set(adv.get("untested", [])) <= untested, d["advice"]
    if adv.get("none"):
        assert not d["advice"] and d["counterfactual"] is None
    for a in d["advice"]:  # advice is never given as if tried when it was not
        assert a["tested"] or a["helped"] is None
        assert a["kind"] in tried | untested
    cf = exp.get("counterfactual")
    if cf is not None:
        got = d["counterfactual"]
        assert got is not None and got["config"]["kind"] == sc["run"]["kind"]
        if "helped" in cf:
            assert got["helped"] is cf["helped"]
        if "verdict" in cf:
            assert got["verdict"] in (cf["verdict"], ""), got["verdict"]
        for name, want in cf.get("facts", {}).items():
            check_fact(name, want, got["facts"].get(name))
    for lang, rules in exp.get("text", {}).items():
        for s in rules.get("has", []):
            assert s in d["message"][lang], (lang, s, d["message"][lang])
        for s in rules.get("not", []):
            assert s not in d["message"][lang], (lang, s, d["message"][lang])


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_sentences_are_for_people(path: Path) -> None:
    d = result(path.stem)
    for message in sentences(d):
        for lang in LANGUAGES:
            text = message[lang]
            assert text and not PLACEHOLDER.search(text), text
            assert not KEY.search(text), text
            for f in FLOAT.findall(text):
                digits = f.replace(".", "").lstrip("0")
                assert len(digits) <= 4, (f, text)


def test_every_verdict_has_scenarios() -> None:
    from app.core.diagnosis import VERDICTS
    from app.core.fit_diagnosis import TRAINING_VERDICTS

    seen: dict[str, set[str]] = {"descent": set(), "train": set()}
    for p in FILES:
        sc = load(p)
        v = sc["expect"]["verdict"]
        if isinstance(v, str):
            seen[sc["run"]["kind"]].add(v)
    assert seen["descent"] == set(VERDICTS)
    assert seen["train"] == set(TRAINING_VERDICTS)


def test_every_verdict_has_a_label() -> None:
    from app.core.diagnosis import VERDICTS
    from app.core.fit_diagnosis import TRAINING_VERDICTS

    for lang in LANGUAGES:
        s = strings(lang)
        assert all(f"ui.verdict.{v}" in s and f"verdict.{v}" in s for v in VERDICTS)
        assert all(f"train.ui.verdict.{v}" in s for v in TRAINING_VERDICTS)
