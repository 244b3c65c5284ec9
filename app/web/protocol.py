"""Stream protocol version 1: message builders and the one JSON encoder used by both transports.

Every message is `{v, type, run_id, seq, ...}`; non-finite numbers are written as null (orjson), never NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson

from app.core.descent import Done
from app.core.diagnosis import Diagnosis
from app.core.runs import Columns, DescentSpec
from app.core.surfaces import Surface

from .schemas import DescentRun

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
    }


def to_spec(run: DescentRun) -> DescentSpec:
    """The core's plain specification for a validated descent configuration (DescentRun.to_spec)."""
    return run.to_spec()


def message(msg_type: str, run_id: str | None, seq: int, /, **body: Any) -> dict[str, Any]:
    """One protocol message: the envelope {v, type, run_id, seq} and its body."""
    return {"v": PROTOCOL_VERSION, "type": msg_type, "run_id": run_id, "seq": seq, **body}


def meta_body(run: DescentRun, spec: DescentSpec) -> dict[str, Any]:
    """`meta`: the normalised configuration (defaults filled in) and the surface."""
    config = run.model_dump(mode="json")
    config["start"] = list(spec.start_point)
    return {"kind": "descent", "config": config, "surface": surface_info(spec.surface_obj), "steps": run.steps}


def done_body(done: Done, diagnosis: Diagnosis, cols: Columns, elapsed_s: float) -> dict[str, Any]:
    """`done`: why the run stopped, the diagnosis in words, and a summary."""
    final = {"t": cols.t[-1], "xy": cols.xy[-1], "loss": cols.loss[-1]} if len(cols) else None
    return {
        "reason": done.reason, "t": done.t, "detail": done.detail,
        "diagnosis": {"verdict": diagnosis.verdict, "message": diagnosis.message, "facts": diagnosis.facts},
        "summary": {"records": len(cols), "updates": cols.t[-1] if len(cols) else 0, "final": final,
                    "elapsed_ms": round(elapsed_s * 1000.0, 3)},
    }


def error_body(code: str, msg: str, fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """`error`: a machine code, a sentence, and pydantic-style field errors ({loc, msg, type})."""
    return {"code": code, "message": msg, "fields": fields or []}


UNION_TAGS = ("descent", "train")  # pydantic puts the chosen `kind` into locations; it is not a field


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's errors without the echoed input (it may be huge) and with JSON-safe locations."""
    out = []
    for e in errors:
        f = {"loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ()) if p not in UNION_TAGS],
             "msg": e.get("msg", ""), "type": e.get("type", "")}
        f.update({k: e[k] for k in ("name", "limit", "value") if k in e})
        out.append(f)
    return out


def describe(fields: list[dict[str, Any]]) -> str:
    """One sentence naming every bad field."""
    parts = [f"{'.'.join(str(p) for p in f['loc']) or 'body'}: {f['msg']}" for f in fields[:5]]
    more = f" (and {len(fields) - 5} more)" if len(fields) > 5 else ""
    return "; ".join(parts) + more
