"""Request fields derived from app.core.registry: each registered parameter becomes one validated pydantic field
(bounds from the registry), and each registry's keys become a Literal.

A parameter that several entries declare is one field with the widest bounds; its default is the shared one when
every entry agrees, else None ("the entry's own default"). The JSON API groups a few parameters under one name
(PAIRS: Adam's `betas`, as PyTorch writes them); the permalink and the CLI use the single names.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from app.core.registry import Param, Registry
from app.i18n import t

PAIRS: dict[str, tuple[str, str]] = {"betas": ("beta1", "beta2")}


def number_only(v: Any) -> Any:
    """Refuse booleans and strings where a number belongs (pydantic would coerce them)."""
    if isinstance(v, bool | str):
        raise PydanticCustomError("number_type", "Input should be a number")
    return v


def keys_literal(registry: Registry[Any], *extra: str) -> Any:
    """Literal[every key of the registry, then `extra`]."""
    return Literal[(*registry, *extra)]


def doc(name: str) -> str:
    """The parameter's English name (its i18n string), for the schema and the CLI help."""
    try:
        return t("en", f"ui.param.{name}")
    except KeyError:
        return name


def number(p: Param) -> Any:
    """The validated number type of a parameter: int or float within [min, max] (min excluded when open)."""
    bounds = Field(gt=p.min, le=p.max) if p.open_min else Field(ge=p.min, le=p.max)
    return Annotated[int if p.integer else float, bounds, BeforeValidator(number_only)]


def single_names(registry: Registry[Any], skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every parameter name of a registry, as the permalink and CLI write them."""
    return tuple(n for n in registry.param_names() if n not in skip)


def fields(registry: Registry[Any], skip: tuple[str, ...] = (), extra: tuple[Param, ...] = ()) -> dict[str, Any]:
    """pydantic field definitions {name: (type, Field)} for every parameter of a registry (PAIRS grouped)."""
    shared = [registry.shared(n) for n in single_names(registry, skip)] + list(extra)
    by_name = {p.name: p for p in shared}
    out: dict[str, Any] = {}
    for p in shared:
        pair = next((k for k, names in PAIRS.items() if p.name in names), None)
        if pair is not None:
            if pair in out:
                continue
            a, b = (by_name[n] for n in PAIRS[pair])
            out[pair] = (tuple[number(a), number(b)],  # type: ignore[misc]
                         Field((a.default, b.default), description=f"{doc(a.name)}, {doc(b.name)}"))
            continue
        typ = number(p) if p.default is not None else number(p) | None
        out[p.name] = (typ, Field(p.default, description=doc(p.name) + ("" if p.default is not None
                                                                          else " (None: the entry's default)")))
    return out


def flatten(values: dict[str, Any]) -> dict[str, Any]:
    """A request's parameters with PAIRS unpacked and None left out: the core's keyword arguments."""
    out: dict[str, Any] = {}
    for k, v in values.items():
        if k in PAIRS and v is not None:
            out.update(zip(PAIRS[k], v, strict=True))
        elif v is not None:
            out[k] = v
    return out
