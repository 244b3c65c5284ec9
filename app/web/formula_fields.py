"""A descent run on a learner's own formula (`surface: custom`, `f`, `view`): the checks against this server's
limits, and refusals as field errors that name the field, the character position and the limit, in both languages.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np

from app.config import Settings
from app.core.formula_parse import FormulaError
from app.core.formula_surface import DEFAULT_VIEW, custom_surface
from app.core.surfaces import SURFACES, Box, Surface
from app.i18n import LANGUAGES, t

log = logging.getLogger("descent_lab.formula")
# which server setting a refusal is about
LIMIT_NAMES = {"too_long": "max_formula_chars", "too_deep": "max_formula_depth", "too_many_nodes": "max_formula_nodes"}
VIEW_CODES = ("view_shape", "view_range", "view_order")


def formula_messages(e: FormulaError) -> dict[str, str]:
    """The refusal in every language, starting with the (1-based) character position when there is one."""
    out = {}
    for lang in LANGUAGES:
        where = t(lang, "formula.at", pos=e.pos + 1) if e.pos is not None else ""
        out[lang] = where + t(lang, "formula.error." + e.code, **e.params)
    return out


def formula_field_error(e: FormulaError, loc: tuple[str | int, ...], field: str | None = None) -> dict[str, Any]:
    """A pydantic-style field error {loc, msg, type} with code, pos, messages and (for a limit) name and limit."""
    messages = formula_messages(e)
    name = field or ("view" if e.code in VIEW_CODES else "f")
    err: dict[str, Any] = {"loc": [*loc, name], "msg": messages["en"], "type": "formula", "code": e.code,
                           "pos": e.pos, "messages": messages}
    if e.code in LIMIT_NAMES:
        err.update(type="limit", name=LIMIT_NAMES[e.code], limit=e.params["limit"])
    return err


def build_surface(text: str, view: Box | None, settings: Settings) -> Surface:
    """The custom surface within this server's formula limits (cached); raises FormulaError."""
    box = tuple(tuple(side) for side in (view or DEFAULT_VIEW))
    try:
        return custom_surface(text, box,
                              settings.max_formula_chars, settings.max_formula_depth, settings.max_formula_nodes)
    except FormulaError:
        raise
    except Exception as e:
        # never a 500: a formula the algebra or numpy cannot handle is refused (and logged, to be fixed)
        log.warning("formula refused as unsupported: %r (%s)", text[:200], type(e).__name__)
        raise FormulaError("unsupported", None) from None


def formula_errors(run: Any, settings: Settings, loc: tuple[str | int, ...] = ()) -> list[dict[str, Any]]:
    """Refusals for a descent run's f / view / start; on success the surface is kept on the run (run.use_surface)."""
    if run.surface != "custom":
        if run.f is not None or run.view is not None:
            refusal = FormulaError("not_custom", None)
            return [formula_field_error(refusal, loc, "f" if run.f is not None else "view")]
        return []
    if run.f is None:
        return [formula_field_error(FormulaError("missing", None), loc)]
    try:
        surface = build_surface(run.f, run.view, settings)
    except FormulaError as e:
        return [formula_field_error(e, loc)]
    if run.start is not None and not math.isfinite(surface.value(np.array(run.start))):
        refusal = FormulaError("not_finite_start", None, x=f"{run.start[0]:g}", y=f"{run.start[1]:g}")
        return [formula_field_error(refusal, loc, "start")]
    run.use_surface(surface)
    return []


def surface_of(run: Any) -> Surface:
    """The surface a validated descent run runs on: a built-in one, or its own formula's."""
    return run.surface_obj() if run.surface == "custom" else SURFACES[run.surface]
