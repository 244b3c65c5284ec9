"""The simulator's strings: both languages have the same keys, and every key the scripts and templates name exists."""

from __future__ import annotations

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
STRINGS = {lang: json.loads((ROOT / "app" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
           for lang in ("ko", "en")}


def test_ui_keys_are_the_same_in_both_languages() -> None:
    ko = {k for k in STRINGS["ko"] if k.startswith("ui.")}
    en = {k for k in STRINGS["en"] if k.startswith("ui.")}
    assert ko == en
    assert all(STRINGS["ko"][k].strip() and STRINGS["en"][k].strip() for k in ko)
    # every literal key the page uses exists
    used = set()
    for path in [*(ROOT / "static" / "js").rglob("*.js"), *(ROOT / "templates").glob("*.html")]:
        used |= set(re.findall(r"""["'](ui\.[a-z0-9_.]+[a-z0-9_])["']""", path.read_text(encoding="utf-8")))
    assert used, "no keys found"
    assert sorted(used - en) == []
    # keys built from catalog entries and protocol values
    from app.core.diagnosis import VERDICTS
    from app.core.registry import DESCENT_GRADIENTS, OPTIMIZERS, SCHEDULES, WARMUP

    params = {*OPTIMIZERS.param_names(), *SCHEDULES.param_names(), WARMUP.name}
    dynamic = {
        *(f"ui.optimizer.{k}" for k in OPTIMIZERS), *(f"ui.schedule.{k}" for k in SCHEDULES),
        *(f"ui.gradient.{k}" for k in DESCENT_GRADIENTS), *(f"ui.param.{k}" for k in params),
        *(f"ui.convention.{k}" for k in ("pytorch", "book")),
        *(f"ui.status.{k}" for k in ("idle", "running", "paused", "done")),
        *(f"ui.reason.{k}" for k in ("completed", "converged", "diverged", "limit", "stopped", "early_stopping")),
        *(f"ui.verdict.{k}" for k in VERDICTS), *(f"ui.fact.{k}" for k in FACTS),
        *(f"ui.vary.{k}" for k in ("none", "lr", "opt", "grad", "momentum")),
        *(f"ui.short.{k}" for k in ("lr", "opt", "grad", "momentum")),
        *(f"ui.error.{k}" for k in ("invalid_run", "over_limit", "busy", "closed", "connect", "grid", "export")),
    }
    assert sorted(dynamic - en) == []


def test_sweep_page_keys_are_the_same_in_both_languages_and_every_one_used_exists() -> None:
    keys = {lang: {k for k in STRINGS[lang] if k.startswith("sweep.ui.")} for lang in ("ko", "en")}
    assert keys["ko"] == keys["en"] and len(keys["en"]) > 40
    used = set()
    for path in [*(ROOT / "static" / "js" / "sweep").glob("*.js"), ROOT / "templates" / "sweep.html"]:
        used |= set(re.findall(r"""["'`](sweep\.ui\.[a-z0-9_.]+[a-z0-9_])["'`]""", path.read_text(encoding="utf-8")))
    assert len(used) > 20 and sorted(used - keys["en"]) == []
    # keys built from the map's axes, outcomes and lessons
    from app.core.sweep import OUTCOMES, SECOND_KNOB

    axes = {"lr", "start_x", "start_y", "steps", "lr1", "lr2", *SECOND_KNOB.values()}
    dynamic = {*(f"sweep.ui.axis.{a}" for a in axes), *(f"sweep.ui.outcome.{o}" for o in OUTCOMES),
               *(f"sweep.ui.legend.{o}" for o in OUTCOMES), *(f"sweep.ui.legend.net_{o}" for o in OUTCOMES),
               *(f"sweep.ui.axes.{a}" for a in ("lr_momentum", "lr_steps", "start")), "ui.lessons.open_sweep",
               "ui.lessons.open_train", "ui.lessons.view.sweep"}
    assert sorted(dynamic - set(STRINGS["en"])) == [] and sorted(dynamic - set(STRINGS["ko"])) == []


FACTS = re.findall(r'"([a-z_]+)"', re.search(r"export const FACTS = \[([^\]]*)\]",
                                             (ROOT / "static/js/shared/evidence.js").read_text()).group(1))


def test_no_leftover_diagnosis_strings() -> None:
    """Every diagnosis, advice and verdict-label key is one the judges can produce."""
    from app.core.diagnosis import VERDICTS
    from app.core.fit_diagnosis import TRAINING_VERDICTS

    for lang in ("ko", "en"):
        keys = set(STRINGS[lang])
        assert {k for k in keys if k.startswith("ui.verdict.")} == {f"ui.verdict.{v}" for v in VERDICTS}
        assert {k for k in keys if k.startswith("verdict.")} == {f"verdict.{v}" for v in VERDICTS}
        assert {k for k in keys if k.startswith("train.ui.verdict.")} == {f"train.ui.verdict.{v}"
                                                                           for v in TRAINING_VERDICTS}
        assert not {"diagnosis.progressing", "diagnosis.progressing_zigzag"} & keys


# A Korean particle after a number depends on how the number is read (100을 "백을", 0.9는 "영점구는"), which the
# template cannot know; a share reads "퍼센트" and takes 는/가/를/와. Message keys (`*_key`) are words, not judged.
_PARTICLE = re.compile(r"\{(\w+)\}([은는이가을를와과])(?=[\s,.):(]|$)")


def test_no_korean_particle_follows_a_number() -> None:
    bad = [(k, m.group(0)) for k, v in STRINGS["ko"].items() for m in _PARTICLE.finditer(v)
           if not (m.group(1).endswith("_key") or (m.group(1).endswith("_pct") and m.group(2) in "는가를와"))]
    assert bad == []
