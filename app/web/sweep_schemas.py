"""The sweep-map request (`POST /api/v1/sweeps`): validation, the server's limits, the core's SweepSpec."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, StrictBool, model_validator

from app.config import Settings
from app.core.surfaces import SURFACES
from app.core.sweep import SECOND_KNOB, SweepSpec, levels
from app.core.vector_kernels import sweep_bound

from .schemas import Coord, FixedSurfaceKey, Int, Num, OptimizerConfig, Strict

LR_MIN, LR_MAX = 1e-10, 1000.0


class SweepRequest(Strict):
    """A grid of descent runs on one surface; each cell coloured by how its run ended."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False,
        json_schema_extra={"examples": [{"surface": "elongated", "axes": "lr_momentum", "n": 128, "steps": 300,
                                          "optimizer": {"name": "momentum"}}]},
    )

    surface: FixedSurfaceKey = "elongated"  # type: ignore[valid-type]
    axes: Literal["lr_momentum", "lr_steps", "start"] = Field(
        "lr_momentum", description="lr_momentum: learning rate × momentum (β₁ for Adam, α for RMSprop); "
                                   "lr_steps: learning rate × step budget; start: start x × start y (basins)")
    optimizer: OptimizerConfig = Field(OptimizerConfig(name="momentum"),
                                       description="the optimizer; its lr (if given; else the surface's own) is "
                                                   "used by the start axes, its other values wherever an axis "
                                                   "does not set them")
    x_range: tuple[Num, Num] | None = Field(None, description="None: the surface's lr range, or its view")
    y_range: tuple[Num, Num] | None = Field(None, description="None: [0, 0.99] (momentum, β₁), [1, steps], or view")
    start: tuple[Coord, Coord] | None = Field(None, description="start point of the lr axes; None: the surface's")
    n: Int = Field(128, ge=2, le=4096, description="cells per side of the finest map (server limit: max_sweep_side)")
    steps: Int = Field(300, ge=1, le=65_535, description="updates per run (server limit: max_sweep_steps)")
    grad_tol: Num = Field(1e-6, ge=0.0, le=1e6, description="a run has converged once ‖∇f‖ falls below this")
    progressive: StrictBool = Field(True, description="send the 32², 64², ... maps before the finest one")

    @model_validator(mode="after")
    def _ranges(self) -> SweepRequest:
        errors = []
        if self.axes == "lr_momentum" and self.optimizer.name not in SECOND_KNOB:
            errors.append(f"axes = lr_momentum needs an optimizer with momentum, β₁ or α "
                          f"({', '.join(SECOND_KNOB)}), not {self.optimizer.name}")
        bound = sweep_bound(SURFACES[self.surface].view)
        for name, r in (("x_range", self.x_range), ("y_range", self.y_range)):
            if r is None:
                continue
            lo, hi = r
            if not lo < hi:
                errors.append(f"{name} = [{lo:g}, {hi:g}] must rise (low < high)")
            elif self.axes == "start" and max(abs(lo), abs(hi)) > bound:
                errors.append(f"{name} = [{lo:g}, {hi:g}] must stay within ±{bound:g} (the sweep's bound)")
            elif name == "x_range" and self.axes != "start" and not (lo >= LR_MIN and hi <= LR_MAX):
                errors.append(f"x_range = [{lo:g}, {hi:g}] must lie in [{LR_MIN:g}, {LR_MAX:g}] (learning rates)")
            elif name == "y_range" and self.axes == "lr_momentum" and not (lo >= 0.0 and hi < 1.0):
                knob = SECOND_KNOB.get(self.optimizer.name, "momentum")
                errors.append(f"y_range = [{lo:g}, {hi:g}] must lie in [0, 1) ({knob})")
            elif name == "y_range" and self.axes == "lr_steps" and not (lo >= 1 and hi <= self.steps):
                errors.append(f"y_range = [{lo:g}, {hi:g}] must lie in [1, steps = {self.steps}]")
        if errors:
            raise ValueError("; ".join(errors))
        return self

    def spec(self) -> SweepSpec:
        o = self.optimizer
        lr = o.lr if "lr" in o.model_fields_set else None  # not given: the surface's own learning rate
        return SweepSpec(surface=self.surface, optimizer=o.name, convention=o.convention, axes=self.axes,
                         x_range=self.x_range, y_range=self.y_range, n=self.n, steps=self.steps, lr=lr,
                         hyper=o.hyper(), start=self.start, grad_tol=self.grad_tol)

    def levels(self) -> list[int]:
        return levels(self.n) if self.progressive else [self.n]

    def work(self) -> int:
        """Cells × steps over every level (lr_steps runs one row of n runs per level and reads it n times)."""
        one_row = self.axes == "lr_steps"
        return sum((n if one_row else n * n) * self.steps for n in self.levels())


def sweep_limit_errors(req: SweepRequest, settings: Settings) -> list[dict[str, Any]]:
    """Field errors for a sweep over this server's limits; the cluster's budget applies when one is configured."""
    errors: list[dict[str, Any]] = []

    def over(field: str, value: float, limit: float, name: str, what: str | None = None) -> None:
        errors.append({"loc": ["body", field], "type": "limit", "name": name, "limit": limit, "value": value,
                       "msg": f"{what or field} = {value:g} is above this server's limit {name} = {limit:g}"})

    if req.n > settings.max_sweep_side:
        over("n", req.n, settings.max_sweep_side, "max_sweep_side")
    if req.steps > settings.max_sweep_steps:
        over("steps", req.steps, settings.max_sweep_steps, "max_sweep_steps")
    work = req.work()
    if settings.dask_scheduler is None and work > settings.max_sweep_cell_steps:
        over("n", work, settings.max_sweep_cell_steps, "max_sweep_cell_steps", "cells × steps")
    elif work > settings.max_cluster_cell_steps:
        over("n", work, settings.max_cluster_cell_steps, "max_cluster_cell_steps", "cells × steps")
    return errors


LrRange = tuple[Num, Num]


class TrainabilityRequest(Strict):
    """A grid of (learning rate of layer 1, learning rate of layer 2), each cell a whole training of a tiny net."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False,
        json_schema_extra={"examples": [{"lr1_range": [0.01, 100], "lr2_range": [0.01, 100], "n": 64,
                                          "steps": 500}]},
    )

    lr1_range: LrRange = Field((1e-2, 1e2), description="η₁ of the first layer, log scale (x axis)")
    lr2_range: LrRange = Field((1e-2, 1e2), description="η₂ of the second layer, log scale (y axis)")
    n: Int = Field(64, ge=2, le=4096, description="cells per side (server limit: max_trainability_side)")
    steps: Int = Field(500, ge=1, le=65_535, description="training steps per cell (max_trainability_steps)")
    progressive: StrictBool = True

    @model_validator(mode="after")
    def _ranges(self) -> TrainabilityRequest:
        errors = []
        for name, (lo, hi) in (("lr1_range", self.lr1_range), ("lr2_range", self.lr2_range)):
            if not (LR_MIN <= lo < hi <= LR_MAX):
                errors.append(f"{name} = [{lo:g}, {hi:g}] must rise within [{LR_MIN:g}, {LR_MAX:g}]")
        if errors:
            raise ValueError("; ".join(errors))
        return self

    def levels(self) -> list[int]:
        return levels(self.n) if self.progressive else [self.n]

    def work(self) -> int:
        return sum(n * n * self.steps for n in self.levels())


def trainability_limit_errors(req: TrainabilityRequest, settings: Settings) -> list[dict[str, Any]]:
    """Field errors for a trainability map over this server's limits."""
    errors: list[dict[str, Any]] = []
    checks = [("n", req.n, settings.max_trainability_side, "max_trainability_side", "n"),
              ("steps", req.steps, settings.max_trainability_steps, "max_trainability_steps", "steps"),
              ("n", req.work(), settings.max_trainability_cell_steps, "max_trainability_cell_steps",
               "cells × steps")]
    for field, value, limit, name, what in checks:
        if value > limit:
            errors.append({"loc": ["body", field], "type": "limit", "name": name, "limit": limit, "value": value,
                           "msg": f"{what} = {value:g} is above this server's limit {name} = {limit:g}"})
    return errors
