"""Field errors in people's words, Korean and English, built from the error's type and context, never its text.

Every refusal the web layer sends (HTTP 422 `detail`, WebSocket `error.fields`) goes through `localize`: each field
error {loc, type, ctx?, name?, limit?} gains `message: {"ko", "en"}` naming the field and the limit, and `msg`
becomes the English sentence. Numbers are written for people: 1e-10 (not 0.0000000001), 5,000 (not 5000).
"""

from __future__ import annotations

import math
import re
from typing import Any

from app.i18n import LANGUAGES, strings

# pydantic's error types that read the same: one message key per group
TYPE_KEYS: dict[str, str] = {
    "greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt",
    "int_parsing": "int", "int_from_float": "int", "int_type": "int", "int_parsing_size": "int_size",
    "float_parsing": "number", "float_type": "number", "number_type": "number", "finite_number": "finite",
    "literal_error": "literal", "enum": "literal", "missing": "missing", "extra_forbidden": "extra",
    "bool_type": "bool", "bool_parsing": "bool", "string_type": "string", "string_too_long": "string_long",
    "string_too_short": "string_short", "string_pattern_mismatch": "pattern", "too_long": "items_long",
    "too_short": "items_short", "tuple_type": "list", "list_type": "list", "model_type": "object",
    "model_attributes_type": "object", "dict_type": "object", "json_invalid": "json", "json_type": "json",
    "union_tag_invalid": "kind", "union_tag_not_found": "kind",
    # this server's own refusals
    "limit": "limit", "unavailable": "unavailable", "too_large": "too_large", "lr_max_below_lr": "lr_max",
    "not_taken": "not_taken", "needs_mse": "needs_mse", "no_training_data": "no_training_data",
    "two_numbers": "two_numbers", "value_error": "invalid",
}
# limits with their own sentence (the rest use error.limit)
LIMIT_KEYS = ("max_steps", "max_epochs", "max_train_iterations", "max_numeric_params", "max_samples",
              "max_hidden_layers", "max_hidden_units", "max_compare_runs", "max_grid")
CONTAINERS = ("body", "query", "run")  # the first location part that is where, not what
QUERY_KEYS = {"lr": "optimizer.lr", "opt": "optimizer.name", "momentum": "optimizer.momentum",
              "alpha": "optimizer.alpha", "beta1": "optimizer.betas.0", "beta2": "optimizer.betas.1",
              "eps": "optimizer.eps", "weight_decay": "optimizer.weight_decay", "conv": "optimizer.convention",
              "sched": "schedule.name", "step_size": "schedule.step_size", "gamma": "schedule.gamma",
              "t_max": "schedule.t_max", "lr_min": "schedule.lr_min", "decay": "schedule.decay",
              "grad": "gradient.mode", "h": "gradient.h", "key": "surface"}


def human_number(v: Any) -> str:
    """A number as people write it: 1e-10, 0.001, 2.5, 5,000, 1e300; other values as text."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e15):
        mantissa, exp = f"{v:.6g}".split("e") if "e" in f"{v:.6g}" else (f"{v:.6g}", "")
        return f"{mantissa}e{int(exp)}" if exp else mantissa
    return f"{v:.6g}"


def choices(expected: str) -> str:
    """pydantic's "'sgd', 'momentum' or 'adam'" as "sgd, momentum, adam" (no English joiner)."""
    found = re.findall(r"'([^']*)'", expected or "")
    return ", ".join(found) if found else ""


def _path(loc: list[Any]) -> tuple[list[Any], int | None, bool]:
    """The field's own path (containers and the run index removed), the run index, and whether it is a query key."""
    parts = list(loc)
    query = bool(parts) and parts[0] == "query"
    if parts and parts[0] in CONTAINERS:
        parts = parts[1:]
    run = None
    if len(parts) >= 2 and parts[0] == "runs" and isinstance(parts[1], int):
        parts, run = parts[2:], parts[1]
    elif parts and isinstance(parts[0], int) and loc and loc[0] == "run":
        run, parts = parts[0], parts[1:]
    if query and len(parts) == 1 and parts[0] in QUERY_KEYS:
        parts = QUERY_KEYS[str(parts[0])].split(".")
    return parts, run, query


def field_name(lang: str, loc: list[Any]) -> str:
    """["run", 1, "optimizer", "lr"] → "실행 2 · 학습률"; an unnamed field keeps its dotted path."""
    s = strings(lang)
    parts, run, _ = _path(loc)
    full = ".".join(str(p) for p in parts)
    bare = ".".join(str(p) for p in parts if not isinstance(p, int))
    name = s.get(f"error.field.{full}") or s.get(f"error.field.{bare}") or full or s["error.field.body"]
    return s["error.run"].format(n=run + 1, field=name) if run is not None else name


def _params(f: dict[str, Any]) -> dict[str, str]:
    """The context values a message may quote, written for people."""
    ctx = dict(f.get("ctx") or {})
    for k in ("limit", "value", "name"):
        if k in f:
            ctx.setdefault(k, f[k])
    out = {k: human_number(v) for k, v in ctx.items()}
    if "expected" in ctx:
        out["expected"] = choices(str(ctx["expected"]))
    return out


def message_key(f: dict[str, Any]) -> str:
    """The i18n key of one field error; error.invalid for a type this module does not know."""
    kind = TYPE_KEYS.get(str(f.get("type", "")), "invalid")
    if kind == "limit" and f.get("name") in LIMIT_KEYS:
        return f"error.limit.{f['name']}"
    if kind == "limit" and "limit" not in f:
        return "error.invalid"
    if kind == "literal" and not choices(str((f.get("ctx") or {}).get("expected", ""))):
        return "error.invalid"
    return f"error.{kind}"


def field_message(lang: str, f: dict[str, Any]) -> str:
    """One field error as a sentence in `lang`."""
    s = strings(lang)
    params = _params(f)
    reason = str(f.get("msg", ""))
    if lang == "en" and f.get("type") == "value_error" and reason and reason != "Value error":
        # a check of our own with its reason in English (e.g. "y must sum to 1"): English says it as written
        return f"{field_name(lang, f.get('loc', []))}: {reason.removeprefix('Value error, ')}"
    text = s[message_key(f)]
    try:
        return text.format(field=field_name(lang, f.get("loc", [])), **params)
    except KeyError:  # a context value the sentence needs is missing: say what is known
        fallback = "error.limit" if "limit" in params else "error.invalid"
        return s[fallback].format(field=field_name(lang, f.get("loc", [])), **params)


def localize(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each field error with `message` in every language and `msg` in English. An error that already carries its
    sentences (`messages`: a formula's or a data set's own refusal, naming the position, row or column) keeps them."""
    out = []
    for f in fields:
        own = f.get("messages") if isinstance(f.get("messages"), dict) else f.get("message")
        if isinstance(own, dict) and all(own.get(lang) for lang in LANGUAGES):  # also: localized already
            message = {lang: own[lang] for lang in LANGUAGES}
        else:
            message = {lang: field_message(lang, f) for lang in LANGUAGES}
        out.append({**f, "msg": message["en"], "message": message})
    return out


def summary(fields: list[dict[str, Any]]) -> dict[str, str]:
    """The localized field messages joined into one sentence per language (at most five, then "and N more")."""
    out = {}
    for lang in LANGUAGES:
        parts = [localize([f])[0]["message"][lang] for f in fields[:5]]
        more = strings(lang)["error.more"].format(n=len(fields) - 5) if len(fields) > 5 else ""
        out[lang] = " ".join(parts) + more
    return out
