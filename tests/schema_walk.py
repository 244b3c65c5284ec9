"""Walk a pydantic model's JSON schema: every field path, and bad values that break each field's rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The schema behind $ref, and the non-null branch of an optional field."""
    while True:
        if "$ref" in schema:
            schema = defs[schema["$ref"].split("/")[-1]]
        elif "anyOf" in schema:
            branches = [s for s in schema["anyOf"] if s.get("type") != "null"]
            if len(branches) != 1:
                return schema
            schema = branches[0]
        else:
            return schema


def leaves(schema: dict[str, Any], defs: dict[str, Any] | None = None,
           path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(path, schema) of every field, objects included (their path first, then their fields)."""
    defs = defs if defs is not None else schema.get("$defs", {})
    s = _resolve(schema, defs)
    if path:
        yield path, s
    if s.get("type") == "object" and "properties" in s:
        for name, sub in s["properties"].items():
            yield from leaves(sub, defs, (*path, name))
    elif s.get("type") == "array" and "prefixItems" in s:
        for i, sub in enumerate(s["prefixItems"]):
            yield from leaves(sub, defs, (*path, i))
    elif s.get("type") == "array" and "items" in s:
        yield from leaves(s["items"], defs, (*path, 0))


def bad_values(s: dict[str, Any]) -> list[Any]:
    """Values this field refuses: wrong types, out of bounds, off the list, too long."""
    out: list[Any] = ["x", True, {"zz": 1}, [1], float("nan")]
    t = s.get("type")
    for key, step in (("minimum", -1), ("exclusiveMinimum", 0), ("maximum", 1), ("exclusiveMaximum", 0)):
        if key in s:
            bound = s[key]
            out.append(bound + step * max(1.0, abs(bound)) if step else bound)
    if t == "integer":
        out += [2.5, 10**30]
    if "enum" in s or "const" in s:
        out.append("zz")
    if t == "string":
        out += [5, "a b", "a" * (s.get("maxLength", 40) + 1)]
    if t == "array":
        out.append([0.5] * (s.get("maxItems", len(s.get("prefixItems", [])) or 1) + 1))
        if "prefixItems" in s:
            out.append([0.5])
        if s.get("minItems"):
            out.append([])
    if t == "object":
        out.append({"zz": 1})
    return out


def put(config: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of config with value at path (lists for integer parts)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = [0.5, 0.5] if head < 2 else [0.5] * (head + 1)
        items[head] = put({}, rest, value) if rest else value
        return items  # type: ignore[return-value]
    out = dict(config)
    out[head] = put(out.get(head, {}) if isinstance(out.get(head), dict) else {}, rest, value)
    return out
