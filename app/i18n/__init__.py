"""User-visible strings in Korean and English, one JSON file per language (stdlib only)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("ko", "en")
_DIR = Path(__file__).parent


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted names."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}")
    table: dict[str, str] = json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    return table


def t(lang: str, key: str, **params: object) -> str:
    """The string `key` in `lang`, with {placeholders} filled from params."""
    text = strings(lang)[key]
    return text.format(**params) if params else text


def both(key: str, **params: object) -> dict[str, str]:
    """The string `key` in every language: {"ko": ..., "en": ...}."""
    return {lang: t(lang, key, **params) for lang in LANGUAGES}
