"""RunConfig: a descent or a training run, told apart by `kind` (a missing kind means descent)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Discriminator, Field, Tag

from app.config import Settings

from .schemas import DescentRun, Strict, limit_errors
from .train_schemas import TrainRun, train_limit_errors


def _kind(v: Any) -> str:
    kind = v.get("kind", "descent") if isinstance(v, dict) else getattr(v, "kind", "descent")
    return "train" if kind == "train" else "descent"


RunConfig = Annotated[Annotated[DescentRun, Tag("descent")] | Annotated[TrainRun, Tag("train")], Discriminator(_kind)]


class CompareRequest(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"runs": [
            {"kind": "descent", "optimizer": {"lr": lr}, "gradient": {"mode": "central"}} for lr in (0.1, 10, 1e-10)
        ]}]},
    )
    runs: list[RunConfig] = Field(min_length=1, max_length=64)


def run_limit_errors(run: DescentRun | TrainRun, settings: Settings,
                     loc: tuple[str | int, ...] = ()) -> list[dict[str, Any]]:
    """Field errors for a run over this server's limits (empty when within them)."""
    if isinstance(run, TrainRun):
        return train_limit_errors(run, settings, loc)
    return limit_errors(run, settings, loc)
