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
    """Every lesson: {key, title{ko,en}, text{ko,en}, notice{ko,en}, view, runs, expect, claims,
    claim_text{id: {ko,en}}, ...} in course order."""
    runs = json.loads((_DIR / "runs.json").read_text(encoding="utf-8"))
    texts = {lang: json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    out = []
    for key, spec in runs.items():
        entry: dict[str, Any] = {"key": key}
        for field in ("title", "text", "notice"):
            entry[field] = {lang: texts[lang][key][field] for lang in LANGUAGES}
        entry.update(spec)
        entry.setdefault("claims", [])  # a lesson checked by its own test (a map, gradient-norm bounds) states none
        if "question" in spec:  # predict, then run: the choices in words, settled by one of the claims
            entry["question_text"] = {lang: texts[lang][key]["question"] for lang in LANGUAGES}
        entry["claim_text"] = {c["id"]: {lang: texts[lang][key]["claims"][c["id"]] for lang in LANGUAGES}
                               for c in spec.get("claims", [])}
        # a lesson's link opens exactly its runs; descent and training lessons both embed
        view = spec["view"]
        page = "/train" if view in ("train", "gradient_timing") else "/sweep" if view == "sweep" else "/"
        entry["permalink"] = f"{page}?lesson={key}"
        entry["embed"] = (f"/embed?lesson={key}" if view == "descent" else f"/embed/train?lesson={key}"
                          if view == "train" else None)
        out.append(entry)
    return out
