"""Stream protocol version 1: message builders and the one JSON encoder used by both transports.

Every message is `{v, type, run_id, seq, ...}`; non-finite numbers are written as null (orjson), never NaN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import orjson

from app.core.columns import Columns
from app.core.descent import Done
from app.core.range_test import range_test
from app.core.runs import DescentSpec
from app.core.surfaces import Surface
from app.core.verdicts import Diagnosis

from .counterfactual import descent_config
from .exported import exported
from .formula_info import custom_info
from .messages import localize, summary
from .schemas import DescentRun
from .sentences import diagnosis_body

PROTOCOL_VERSION = 1


def _default(o: Any) -> Any:
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(f"not serialisable: {type(o).__name__}")


def dumps(obj: Any) -> bytes:
    """JSON bytes; NaN and ±Infinity become null; numpy arrays and scalars become lists and numbers."""
    return orjson.dumps(obj, default=_default, option=orjson.OPT_SERIALIZE_NUMPY)


def surface_info(s: Surface) -> dict[str, Any]:
    """A surface as the catalog and `meta` describe it."""
    return {
        "key": s.key, "title": s.title, "description": s.description, "formula": s.formula, "latex": s.latex,
        "view": s.view, "start": s.start, "lr": s.lr, "lr_range": s.lr_range, "minima": s.minima,
        "saddles": s.saddles, "min_value": s.min_value, "log_levels": s.log_levels,
        **(custom_info(s) if s.key == "custom" else {}),
    }


def to_spec(run: DescentRun) -> DescentSpec:
    """The core's plain specification for a validated descent configuration (DescentRun.to_spec)."""
    return run.to_spec()


def message(msg_type: str, run_id: str | None, seq: int, /, **body: Any) -> dict[str, Any]:
    """One protocol message: the envelope {v, type, run_id, seq} and its body."""
    return {"v": PROTOCOL_VERSION, "type": msg_type, "run_id": run_id, "seq": seq, **body}


def meta_body(run: DescentRun, spec: DescentSpec) -> dict[str, Any]:
    """`meta`: the normalised configuration (defaults filled in) and the surface."""
    config = exported(run.model_dump(mode="json"))
    config["start"] = list(spec.start_point)
    return {"kind": "descent", "config": config, "surface": surface_info(spec.surface_obj), "steps": run.steps}


def done_body(done: Done, diagnosis: Diagnosis, cols: Columns, elapsed_s: float,
              run: DescentRun | None = None) -> dict[str, Any]:
    """`done`: why the run stopped, the diagnosis (facts, words, tried advice, counterfactual run), a summary."""
    cf = diagnosis.counterfactual
    cf_config = descent_config(run, cf.change) if cf is not None and run is not None else None
    final = {"t": cols.t[-1], "xy": cols.xy[-1], "loss": cols.loss[-1]} if len(cols) else None
    return {
        "reason": done.reason, "t": done.t, "detail": done.detail,
        "diagnosis": diagnosis_body(diagnosis, cf_config),
        "summary": {"records": len(cols), "updates": cols.t[-1] if len(cols) else 0, "final": final,
                    "elapsed_ms": round(elapsed_s * 1000.0, 3)},
    }


def range_test_body(lr: list[float], loss: list[float]) -> dict[str, Any] | None:
    """`done.range_test` of a range-test training: loss against learning rate (raw and smoothed) for a chart on a
    log axis, and the suggested learning rate with how it was chosen (app.core.range_test)."""
    if len(lr) < 3:
        return None
    rt = range_test(lr, loss)
    return {"lr": rt.lr, "loss": rt.loss, "smoothed": rt.smoothed, "suggested_lr": rt.suggested_lr,
            "suggested_index": rt.suggested_index, "method": rt.method, "min_lr": rt.min_lr, "min_loss": rt.min_loss,
            "min_lr_over_10": rt.min_lr_over_10, "explode_lr": rt.explode_lr}


def error_body(code: str, msg: str, fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """`error`: a machine code, a sentence, and field errors ({loc, type, msg, message: {ko, en}}).

    With fields, `messages` holds the fields' sentences in each language (`message` stays English)."""
    body: dict[str, Any] = {"code": code, "message": msg, "fields": localize(fields or [])}
    if fields:
        body["messages"] = summary(body["fields"])
    return body


UNION_TAGS = ("descent", "train")  # pydantic puts the chosen `kind` into locations; it is not a field


def safe_key(key: object, limit: int = 40) -> str:
    """A location part as text a page can show: at most `limit` characters, control and non-ASCII characters
    written as escapes (a client's key names are data, never markup)."""
    text = str(key)
    short = text[:limit] + ("…" if len(text) > limit else "")
    return short.encode("ascii", "backslashreplace").decode("ascii").translate(CONTROL_ESCAPES) \
        .replace("<", "\\x3c").replace(">", "\\x3e").replace("&", "\\x26")


CONTROL_ESCAPES = {c: f"\\x{c:02x}" for c in range(32)} | {127: "\\x7f"}


def _plain(v: Any) -> Any:
    """A context value as JSON: numbers and text as they are, anything else (an exception) as text."""
    return v if isinstance(v, int | float | str | bool) or v is None else str(v)


def field_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's errors without the echoed input (it may be huge) and with JSON-safe, escaped locations."""
    out = []
    for e in errors:
        f = {"loc": [safe_key(p) if not isinstance(p, int) else p for p in e.get("loc", ()) if p not in UNION_TAGS],
             "msg": e.get("msg", ""), "type": e.get("type", "")}
        if e.get("ctx"):
            f["ctx"] = {k: _plain(v) for k, v in e["ctx"].items()}
        f.update({k: e[k] for k in ("name", "limit", "value") if k in e})
        out.append(f)
    return out


def describe(fields: list[dict[str, Any]], paths: bool = False) -> str:
    """One sentence naming every bad field (English; `summary` gives every language); `paths` puts each field's
    dotted location first, for scripts and the CLI."""
    if not paths:
        return summary(fields)["en"]
    return " ".join(f"[{'.'.join(str(p) for p in f['loc'])}] {f['message']['en']}" for f in localize(fields))
