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
    from app.core.registry import DESCENT_GRADIENTS, OPTIMIZERS, SCHEDULES, WARMUP

    params = {*OPTIMIZERS.param_names(), *SCHEDULES.param_names(), WARMUP.name}
    dynamic = {
        *(f"ui.optimizer.{k}" for k in OPTIMIZERS), *(f"ui.schedule.{k}" for k in SCHEDULES),
        *(f"ui.gradient.{k}" for k in DESCENT_GRADIENTS), *(f"ui.param.{k}" for k in params),
        *(f"ui.convention.{k}" for k in ("pytorch", "book")),
        *(f"ui.status.{k}" for k in ("idle", "running", "paused", "done")),
        *(f"ui.reason.{k}" for k in ("completed", "converged", "diverged", "limit", "stopped", "early_stopping")),
        *(f"ui.verdict.{k}" for k in ("converged", "too_slow", "oscillating", "diverged", "plateau", "saddle",
                                      "local_minimum", "progressing")),
        *(f"ui.vary.{k}" for k in ("none", "lr", "opt", "grad", "momentum")),
        *(f"ui.short.{k}" for k in ("lr", "opt", "grad", "momentum")),
        *(f"ui.error.{k}" for k in ("invalid_run", "over_limit", "busy", "closed", "connect", "grid", "export")),
    }
    assert sorted(dynamic - en) == []
