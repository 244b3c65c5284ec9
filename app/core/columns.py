"""Step records gathered column by column, the shape the stream protocol sends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .descent import Step


PIECE = 8_192  # items converted per numpy call


def as_array(values: Sequence[Any]) -> np.ndarray:
    """np.asarray(values, float64) for a long list, PIECE items per call: one call on 100,000 records holds the
    interpreter for tens of milliseconds, during which no other thread (the event loop) runs."""
    if len(values) <= PIECE:
        return np.asarray(values, dtype=np.float64)
    return np.concatenate([np.asarray(values[i:i + PIECE], dtype=np.float64) for i in range(0, len(values), PIECE)])


@dataclass
class Columns:
    """Step records gathered column by column, the shape the stream protocol sends."""

    t: list[int] = field(default_factory=list)
    xy: list[tuple[float, ...]] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    grad: list[tuple[float, ...]] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    velocity: list[tuple[float, ...]] = field(default_factory=list)

    def append(self, s: Step) -> None:
        self.t.append(s.t)
        self.xy.append(s.xy)
        self.loss.append(s.loss)
        self.grad.append(s.grad)
        self.grad_norm.append(s.grad_norm)
        self.lr.append(s.lr)
        if s.velocity is not None:
            self.velocity.append(s.velocity)

    def extend(self, other: Columns) -> None:
        for name in ("t", "xy", "loss", "grad", "grad_norm", "lr", "velocity"):
            getattr(self, name).extend(getattr(other, name))

    def __len__(self) -> int:
        return len(self.t)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": self.t, "xy": self.xy, "loss": self.loss, "grad": self.grad,
                             "grad_norm": self.grad_norm, "lr": self.lr}
        if self.velocity:
            d["velocity"] = self.velocity
        return d
