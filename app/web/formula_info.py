"""What the page and the API say about a custom surface beyond a built-in one: kinks, where its lowest point is,
local minima, and the notes (both languages) that follow from those facts."""

from __future__ import annotations

from typing import Any

from app.core.surfaces import Surface
from app.i18n import both


def custom_info(s: Surface) -> dict[str, Any]:
    """Kinks (abs, min, max used), the lowest point found and whether it is a minimum, and notes to show."""
    x = s.extra
    found, share = x.get("kinks", ()), x.get("finite_share", 1.0)
    kinks = [str(k) for k in found] if isinstance(found, tuple | list) else []  # the functions' names
    finite_share = float(share) if isinstance(share, int | float) else 1.0  # the share of the view where f is defined
    notes = []
    if kinks:
        notes.append({"key": "kinks", "text": both("formula.kinks", names=", ".join(kinks))})
    if finite_share < 1.0:
        notes.append({"key": "undefined", "text": both("formula.undefined_region")})
    if x.get("edge_minimum"):
        notes.append({"key": "edge_minimum", "text": both("formula.edge_minimum")})
    elif not x.get("lowest_is_minimum"):
        notes.append({"key": "no_minimum", "text": both("formula.no_minimum")})
    return {"kinks": kinks, "subgradient": bool(kinks), "lowest": x.get("lowest"),
            "lowest_value": x.get("lowest_value"), "lowest_is_minimum": x.get("lowest_is_minimum"),
            "edge_minimum": x.get("edge_minimum"), "local_minima": x.get("local_minima", ()),
            "finite_share": x.get("finite_share"), "notes": notes}
