"""Reading a WebSocket frame and validating a `start` message, before any capacity is taken."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from app.config import Settings

from .protocol import describe, field_errors
from .run_config import RunConfig, run_limit_errors

RUN_ADAPTER: TypeAdapter[RunConfig] = TypeAdapter(RunConfig)

Problem = tuple[str, str, tuple[int, str] | None]  # (error code, sentence, close code and reason or None)


def parse_frame(event: Mapping[str, Any], max_bytes: int) -> tuple[dict[str, Any] | None, Problem | None]:
    """The JSON object of a text frame, or what is wrong with the frame."""
    text = event.get("text")
    if text is None:
        return None, ("binary_frame", "Send JSON text frames, not binary.", (1003, "binary frames are not supported"))
    if len(text) > max_bytes or len(text.encode()) > max_bytes:
        return None, ("too_large", f"Message above {max_bytes} bytes.", (1009, "message too big"))
    try:
        msg = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None, ("bad_json", "The message is not valid JSON.", None)
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        return None, ("bad_message", 'Each message is a JSON object with a "type".', None)
    return msg, None


def compiles_formula(msg: dict[str, Any]) -> bool:
    """Whether validating this `start` compiles a learner's formula (a run on `surface: custom`)."""
    raw = msg.get("run")
    return any(isinstance(item, dict) and item.get("surface") == "custom"
               for item in (raw if isinstance(raw, list) else [raw]))


def validate_start(msg: dict[str, Any], settings: Settings) -> tuple[list[Any], tuple[str, str, list[Any]] | None]:
    """The run configurations of a `start` (one, or a list for compare mode), or (code, sentence, fields)."""
    raw = msg.get("run", {})
    many = isinstance(raw, list)
    configs, fields = [], []
    for i, item in enumerate(raw if many else [raw]):
        loc: tuple[str | int, ...] = ("run", i) if many else ("run",)
        try:
            configs.append(RUN_ADAPTER.validate_python(item))
        except ValidationError as e:
            fields += [{**f, "loc": [*loc, *f["loc"]]} for f in field_errors(e.errors())]
    if fields:
        return [], ("invalid_run", describe(fields), fields)
    errors = [err for i, c in enumerate(configs)
              for err in run_limit_errors(c, settings, ("run", i) if many else ("run",))]
    if not configs or len(configs) > settings.max_compare_runs:
        errors.append({"loc": ["run"], "type": "limit", "name": "max_compare_runs",
                       "limit": settings.max_compare_runs, "value": len(configs),
                       "msg": f"between 1 and max_compare_runs = {settings.max_compare_runs} runs"})
    if errors:
        return [], ("over_limit", describe(errors), errors)
    return configs, None
