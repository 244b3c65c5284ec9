"""The run configuration: one pydantic model for `POST /api/v1/runs` and the WebSocket `start` message.

Static bounds here reject nonsense (NaN, lr = 1e308, steps = -1); the server's own limits (Settings) are checked
afterwards by `limit_errors`, so a configuration over a limit is refused with the limit named.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, create_model, model_validator

from app.config import Settings
from app.core.gradients import DEFAULT_H
from app.core.registry import CONVENTIONS, DESCENT_GRADIENTS, LR, OPTIMIZERS, SCHEDULES, SURFACE_REGISTRY, WARMUP
from app.core.runs import DescentSpec
from app.core.surfaces import SURFACES, Surface

from .formula_fields import formula_errors
from .registry_fields import fields, flatten, keys_literal, number
from .registry_fields import number_only as _number_only

Num = Annotated[float, BeforeValidator(_number_only)]
Int = Annotated[int, BeforeValidator(_number_only)]
Coord = Annotated[float, Field(ge=-1e6, le=1e6), BeforeValidator(_number_only)]
Bound = Annotated[float, Field(gt=0.0, le=1e300), BeforeValidator(_number_only)]
SurfaceKey = keys_literal(SURFACE_REGISTRY)
# the fixed surfaces only (a map of runs, for instance, is drawn on a built-in surface)
FixedSurfaceKey = Literal[tuple(k for k, e in SURFACE_REGISTRY.items() if not e.takes)]  # type: ignore[valid-type]
OptimizerKey = keys_literal(OPTIMIZERS)
ScheduleKey = keys_literal(SCHEDULES)
ViewCoord = Annotated[float, Field(ge=-1e4, le=1e4), BeforeValidator(_number_only)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# every optimizer hyperparameter and schedule parameter of app.core.registry, as validated fields
_OptimizerParams: Any = create_model("_OptimizerParams", __base__=Strict, **fields(OPTIMIZERS, skip=("lr",)))
_ScheduleParams: Any = create_model("_ScheduleParams", __base__=Strict, **fields(SCHEDULES, extra=(WARMUP,)))


class OptimizerConfig(_OptimizerParams):
    """Optimizer and its hyperparameters, PyTorch names; `convention: book` follows the lessons' textbook."""

    name: OptimizerKey = "sgd"  # type: ignore[valid-type]
    lr: number(LR) = Field(LR.default, description="learning rate η")  # type: ignore[valid-type]
    convention: Literal[CONVENTIONS] = "pytorch"  # type: ignore[valid-type]

    def hyper(self) -> dict[str, float]:
        """The hyperparameters this optimizer reads (None left out, `betas` as beta1, beta2):
        app.core.registry.build_optimizer's."""
        used = {p.name for p in OPTIMIZERS[self.name].params}
        return {k: v for k, v in flatten(self.model_dump(exclude={"name", "lr", "convention"})).items() if k in used}


class ScheduleConfig(_ScheduleParams):
    """How the learning rate changes over the updates (from large to small)."""

    name: ScheduleKey = "constant"  # type: ignore[valid-type]

    def params(self) -> dict[str, Any]:
        return dict(self.model_dump(exclude={"name"}))


class DescentGradient(Strict):
    mode: keys_literal(DESCENT_GRADIENTS) = "analytic"  # type: ignore[valid-type]
    h: Num = Field(DEFAULT_H, ge=1e-12, le=1.0, description="step of the numerical difference")


class StopConfig(Strict):
    grad_tol: Num = Field(1e-10, ge=0.0, le=1e6, description="stop as converged below this gradient norm")
    bound: Bound | None = Field(
        None, description="stop as diverged once |x_i| exceeds it")


class DescentRun(Strict):
    """Gradient descent on a 2D surface."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False,
        json_schema_extra={"examples": [{"kind": "descent", "surface": "bowl", "start": [-3.0, 4.0], "steps": 100,
                                          "optimizer": {"name": "sgd", "lr": 0.1}}]},
    )

    kind: Literal["descent"] = "descent"
    id: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$", description="a label for the run")
    surface: SurfaceKey = Field("bowl", description="a built-in surface, or custom with your own f")  # type: ignore[valid-type]
    f: str | None = Field(None, description="surface custom: f(x, y), e.g. x^2/20 + y^2 (limit: max_formula_chars)")
    view: tuple[tuple[ViewCoord, ViewCoord], tuple[ViewCoord, ViewCoord]] | None = Field(
        None, description="surface custom: the view box [[x_min, x_max], [y_min, y_max]] (default ±5)")
    start: tuple[Coord, Coord] | None = Field(None, description="None: the surface's default start")
    steps: Int = Field(100, ge=0, le=2**31 - 1, description="updates (this server's limit: catalog max_steps)")
    seed: Int = Field(0, ge=0, le=2**32 - 1)
    optimizer: OptimizerConfig = OptimizerConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    gradient: DescentGradient = DescentGradient()
    stop: StopConfig = StopConfig()
    _surface: Surface | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _formula_means_custom(self) -> DescentRun:
        """A formula given without a surface is a custom surface."""
        if self.f is not None and "surface" not in self.model_fields_set:
            self.surface = "custom"
        return self

    def use_surface(self, surface: Surface) -> None:
        """Keep the custom surface built when the limits were checked (app.web.formula_fields)."""
        self._surface = surface

    def surface_obj(self) -> Surface:
        """The surface this run descends: a built-in one, or the custom one for its formula."""
        if self.surface != "custom":
            return SURFACES[self.surface]
        if self._surface is None:
            from app.core.formula_surface import DEFAULT_VIEW, custom_surface
            self._surface = custom_surface(self.f or "", self.view or DEFAULT_VIEW)
        return self._surface

    def to_spec(self) -> DescentSpec:
        """The core's plain specification of this run: the one translation from request to core."""
        o = self.optimizer
        return DescentSpec(
            surface=self.surface, start=self.start, steps=self.steps, optimizer=o.name, lr=o.lr, hyper=o.hyper(),
            convention=o.convention, schedule=self.schedule.name, schedule_params=self.schedule.params(),
            gradient=self.gradient.mode, h=self.gradient.h, grad_tol=self.stop.grad_tol, bound=self.stop.bound,
            custom=self.surface_obj() if SURFACE_REGISTRY[self.surface].takes else None,
        )


def limit_errors(run: DescentRun, settings: Settings, loc: tuple[str | int, ...] = ()) -> list[dict[str, Any]]:
    """Field errors for a run that is valid but over this server's limits (empty when within them)."""
    errors: list[dict[str, Any]] = []

    def over(field: str, value: float, limit: float, name: str) -> None:
        """One limit crossed: the field, its value and the limit."""
        errors.append({"loc": [*loc, *field.split(".")], "type": "limit", "name": name, "limit": limit,
                       "value": value, "msg": f"{field} = {value:g} is above this server's limit {name} = {limit:g}"})

    if run.steps > settings.max_steps:
        over("steps", run.steps, settings.max_steps, "max_steps")
    errors += schedule_errors(run.schedule, run.optimizer.lr, loc)
    errors += formula_errors(run, settings, loc)
    return errors


def schedule_errors(schedule: ScheduleConfig, lr: float, loc: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """A range test must rise: lr_max above the starting learning rate."""
    lr_max = schedule.params()["lr_max"]
    if schedule.name == "range_test" and not lr_max > lr:
        return [{"loc": [*loc, "schedule", "lr_max"], "type": "lr_max_below_lr", "ctx": {"lr_max": lr_max, "lr": lr},
                 "msg": f"schedule.lr_max = {lr_max:g} must be above the learning rate {lr:g}"}]
    return []
