"""How each step moves the parameters, the part a descent run and a training run share: θ_{t+1} = θ_t − η_t · u_t,
u_t from the optimizer (a key of app.core.registry.OPTIMIZERS, in its convention) and η_t from the learning-rate
schedule (a key of app.core.registry.SCHEDULES) started at η_0 = lr."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UpdateRule:
    """The optimizer, its learning rate and schedule, as plain values."""

    optimizer: str = "sgd"
    lr: float = 0.1
    convention: str = "pytorch"
    schedule: str = "constant"
    schedule_params: dict[str, Any] = field(default_factory=dict)
