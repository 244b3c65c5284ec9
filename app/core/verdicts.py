"""A verdict in facts, not words: the verdict, a message key with its parameters, the measured facts, the advice
the product tried and the counterfactual run it tried it on. Sentences are rendered at the web boundary.

Message parameters follow a naming rule the renderer relies on: a name ending in `_pct` holds a share in [0, 1]
(shown as a percentage), one ending in `_key` holds a message key (shown translated); a `Sentence` value is
rendered as a nested sentence; every other number is shown with at most 4 significant digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Facts = dict[str, Any]


@dataclass(frozen=True)
class Sentence:
    """A message key and the parameters its text needs."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: v.as_dict() if isinstance(v, Sentence) else v
                                            for k, v in self.params.items()}}


@dataclass(frozen=True)
class Advice:
    """One piece of advice: what to change (`kind`), whether the product ran it, whether it helped, in words."""

    kind: str
    tested: bool
    helped: bool | None
    sentence: Sentence


@dataclass(frozen=True)
class Counterfactual:
    """The run the advice was tried on: the change to the configuration (in the core's spec terms), its verdict
    and facts, and its trace (descent: t, xy, loss; training: the epoch summaries)."""

    kind: str
    change: dict[str, Any]
    verdict: str
    facts: Facts
    trace: dict[str, Any]
    helped: bool


@dataclass(frozen=True)
class Diagnosis:
    verdict: str
    sentence: Sentence
    facts: Facts = field(default_factory=dict)
    notes: tuple[Sentence, ...] = ()
    advice: tuple[Advice, ...] = ()
    counterfactual: Counterfactual | None = None
