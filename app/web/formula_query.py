"""A custom surface from query parameters (`f=`, `view=`), for the grid endpoint; refusals as HTTP 422."""

from __future__ import annotations

from fastapi import HTTPException

from app.config import Settings
from app.core.formula_parse import FormulaError
from app.core.surfaces import Surface

from .formula_fields import build_surface, formula_field_error
from .permalink import QueryError, view_from_query


def custom_from_query(f: str | None, view: str | None, settings: Settings) -> Surface:
    """The surface for `f` and `view`, or HTTPException(422) naming the query field and the position."""
    if f is None:
        raise HTTPException(422, [formula_field_error(FormulaError("missing", None), ("query",))])
    try:
        box = view_from_query(view) if view is not None else None
    except QueryError as e:
        raise HTTPException(422, [{"loc": ["query", "view"], "type": "value_error", "msg": e.msg}]) from None
    try:
        return build_surface(f, box, settings)  # type: ignore[arg-type]
    except FormulaError as e:
        raise HTTPException(422, [formula_field_error(e, ("query",))]) from None
