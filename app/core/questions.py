"""Predict, then run: which of a question's choices the runs bear out, computed from the same measures as the claims.

A question is `{"choices": [...], "answer": expected, "claim": id, "pick" | "when": rule}`:
  pick  {"measure": name, "order": "min" | "max", ...parameters}: the choices are run ids; the measure is taken on
        each choice's run and the smallest (largest) wins; a non-finite value (a run that flew off) never wins.
  when  {choice: [claim, ...]}: a choice is borne out when all its claims hold (claims.py's format).
The settled answer is the one choice borne out (None when none or several are: the question then says nothing).
`answer` is the lesson's expectation, which a test compares with the settled one; the page shows the settled one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .claims import ClaimError, Result, check, operand


def settle(question: Mapping[str, Any], results: Mapping[str, Result]) -> dict[str, Any]:
    """{answer: choice | None, holds: {choice: bool}, values: {choice: float} (pick only)}."""
    choices = list(question["choices"])
    if "pick" in question:
        rule = dict(question["pick"])
        order = rule.pop("order", "min")
        if order not in ("min", "max"):
            raise ClaimError(f"unknown order {order!r}; expected 'min' or 'max'")
        values = {c: float(operand({**rule, "run": c}, results)) for c in choices}
        finite = {c: v for c, v in values.items() if math.isfinite(v)}
        best = (min if order == "min" else max)(finite, key=finite.__getitem__) if finite else None
        ties = [c for c, v in finite.items() if best is not None and v == finite[best]]
        answer = best if len(ties) == 1 else None
        return {"answer": answer, "holds": {c: c == answer for c in choices},
                "values": {c: (v if math.isfinite(v) else None) for c, v in values.items()}}
    if "when" in question:
        when = question["when"]
        if set(when) != set(choices):
            raise ClaimError(f"'when' must give a rule for each choice {choices}")
        holds = {c: all(check({"id": f"{c}.{i}", **claim}, results)["ok"] for i, claim in enumerate(when[c]))
                 for c in choices}
        borne = [c for c in choices if holds[c]]
        return {"answer": borne[0] if len(borne) == 1 else None, "holds": holds}
    raise ClaimError("a question needs a 'pick' or a 'when' rule")
