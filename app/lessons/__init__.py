"""The course's experiments as data: runs.json (configurations, what each should show) and one text file per
language (title, explanation, what to notice)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from app.i18n import LANGUAGES

_DIR = Path(__file__).parent


@cache
def lessons() -> list[dict[str, Any]]:
    """Every lesson: {key, title{ko,en}, text{ko,en}, notice{ko,en}, view, runs, expect, ...} in course order."""
    runs = json.loads((_DIR / "runs.json").read_text(encoding="utf-8"))
    texts = {lang: json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    out = []
    for key, spec in runs.items():
        entry: dict[str, Any] = {"key": key}
        for field in ("title", "text", "notice"):
            entry[field] = {lang: texts[lang][key][field] for lang in LANGUAGES}
        entry.update(spec)
        # a lesson's link opens exactly its runs; descent and training lessons both embed
        descent = spec["view"] == "descent"
        entry["permalink"] = f"/?lesson={key}" if descent else f"/train?lesson={key}"
        entry["embed"] = (f"/embed?lesson={key}" if descent else f"/embed/train?lesson={key}"
                          if spec["view"] == "train" else None)
        out.append(entry)
    return out
