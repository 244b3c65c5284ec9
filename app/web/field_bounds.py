"""Every numeric field's bounds as the server checks them, for the catalog: the page's inputs use exactly these.

Read from the request models' JSON schema (so they cannot drift from validation) and narrowed by this server's
limits. A bound marked exclusive is refused itself (lr_max > 0): the page must stay strictly inside it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.config import Settings


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in schema:
            schema = defs[schema["$ref"].split("/")[-1]]
        elif "anyOf" in schema and len([s for s in schema["anyOf"] if s.get("type") != "null"]) == 1:
            schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        else:
            return schema


def _walk(schema: dict[str, Any], defs: dict[str, Any], path: str, out: dict[str, dict[str, Any]]) -> None:
    s = _resolve(schema, defs)
    kind = s.get("type")
    if kind == "object":
        for name, sub in s.get("properties", {}).items():
            _walk(sub, defs, f"{path}.{name}" if path else name, out)
    elif kind == "array":
        for i, sub in enumerate(s.get("prefixItems", [])):
            _walk(sub, defs, f"{path}.{i}", out)
        if "items" in s:
            _walk(s["items"], defs, f"{path}.0", out)
    elif kind in ("integer", "number"):
        entry: dict[str, Any] = {"integer": kind == "integer", "step": 1 if kind == "integer" else "any"}
        for bound, key, exclusive in (("minimum", "min", False), ("exclusiveMinimum", "min", True),
                                      ("maximum", "max", False), ("exclusiveMaximum", "max", True)):
            if bound in s:
                entry[key] = s[bound]
                entry[f"exclusive_{key}"] = exclusive
        if "default" in s:
            entry["default"] = s["default"]
        out[path] = entry


def bounds(model: type[BaseModel]) -> dict[str, dict[str, Any]]:
    """{"optimizer.lr": {min, max, exclusive_min, exclusive_max, integer, step, default}, ...} of one model."""
    schema = model.model_json_schema()
    out: dict[str, dict[str, Any]] = {}
    _walk(schema, schema.get("$defs", {}), "", out)
    return out


def _cap(entry: dict[str, Any], limit: float) -> None:
    """Narrow a field's maximum to a server limit (an inclusive bound)."""
    if "max" not in entry or limit <= entry["max"]:
        entry["max"], entry["exclusive_max"] = limit, False


def catalog_fields(settings: Settings) -> dict[str, dict[str, dict[str, Any]]]:
    """The bounds of every numeric field of a descent and a training run, with this server's limits applied.

    Limits that depend on several fields (epochs × iterations per epoch ≤ max_train_iterations, a numerical
    gradient's parameter count) are in `limits`; the training plan checks them before Start."""
    from .schemas import DescentRun
    from .train_schemas import TrainRun

    descent, train = bounds(DescentRun), bounds(TrainRun)
    # a learner's own points are data, not a setting: their rows are checked by app.web.custom_data_fields
    train = {k: v for k, v in train.items() if not k.startswith("dataset.points.")}
    _cap(descent["steps"], settings.max_steps)
    _cap(train["epochs"], settings.max_epochs)
    _cap(train["model.hidden.0"], settings.max_hidden_units)
    return {"descent": descent, "train": train}


def accepts(entry: dict[str, Any], value: float) -> bool:
    """Whether a value is inside a field's bounds (what the page checks as the learner types)."""
    if entry["integer"] and value != int(value):
        return False
    if "min" in entry and (value < entry["min"] or (entry["exclusive_min"] and value == entry["min"])):
        return False
    return not ("max" in entry and (value > entry["max"] or (entry["exclusive_max"] and value == entry["max"])))


def narrow(param: dict[str, Any], entry: dict[str, Any] | None) -> dict[str, Any]:
    """A catalog hyperparameter {name, default, min, max, ...} narrowed to what the server accepts."""
    if entry is None:
        return param
    out = dict(param)
    if "min" in entry and (out.get("min") is None or out["min"] <= entry["min"]):
        out["min"], out["exclusive_min"] = entry["min"], entry["exclusive_min"]
    else:
        out["exclusive_min"] = False
    if "max" in entry and (out.get("max") is None or out["max"] >= entry["max"]):
        out["max"], out["exclusive_max"] = entry["max"], entry["exclusive_max"]
    else:
        out["exclusive_max"] = False
    return out
