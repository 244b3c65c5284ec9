"""The run configuration: one pydantic model for `POST /api/v1/runs` and the WebSocket `start` message.

Static bounds here reject nonsense (NaN, lr = 1e308, steps = -1); the server's own limits (Settings) are checked
afterwards by `limit_errors`, so a configuration over a limit is refused with the limit named.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from app.config import Settings
from app.core.gradients import DEFAULT_H
from app.core.optimizers import HYPERPARAMS
from app.core.surfaces import SURFACES, Surface

from .formula_fields import formula_errors


def _number_only(v: Any) -> Any:
    """Refuse booleans and strings where a number belongs (pydantic would coerce them)."""
    if isinstance(v, bool | str):
        raise PydanticCustomError("number_type", "Input should be a number")
    return v


Num = Annotated[float, BeforeValidator(_number_only)]
Int = Annotated[int, BeforeValidator(_number_only)]
Beta = Annotated[float, Field(ge=0.0, lt=1.0), BeforeValidator(_number_only)]
Coord = Annotated[float, Field(ge=-1e6, le=1e6), BeforeValidator(_number_only)]
Positive1 = Annotated[float, Field(gt=0.0, le=1.0), BeforeValidator(_number_only)]
Decay = Annotated[float, Field(ge=0.0, le=10.0), BeforeValidator(_number_only)]
Bound = Annotated[float, Field(gt=0.0, le=1e300), BeforeValidator(_number_only)]
SurfaceKey = Literal[(*SURFACES, "custom")]  # type: ignore[valid-type]
ViewCoord = Annotated[float, Field(ge=-1e4, le=1e4), BeforeValidator(_number_only)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class OptimizerConfig(Strict):
    """Optimizer and its hyperparameters, PyTorch names; `convention: book` follows the lessons' textbook."""

    name: Literal["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] = "sgd"
    lr: Num = Field(0.1, ge=1e-10, le=1000.0, description="learning rate η")
    momentum: Num = Field(0.9, ge=0.0, lt=1.0)
    alpha: Num = Field(0.99, ge=0.0, lt=1.0, description="RMSprop decay ρ")
    betas: tuple[Beta, Beta] = Field((0.9, 0.999), description="Adam β1, β2, each in [0, 1)")
    eps: Positive1 | None = Field(None, description="None: the optimizer's default")
    weight_decay: Decay | None = Field(None, description="None: 0 (0.01 for adamw)")
    convention: Literal["pytorch", "book"] = "pytorch"

    def hyper(self) -> dict[str, float]:
        """Keyword arguments for app.core.optimizers.make_optimizer: only the ones this optimizer reads."""
        hp: dict[str, float] = {"momentum": self.momentum, "alpha": self.alpha,
                                "beta1": self.betas[0], "beta2": self.betas[1]}
        if self.eps is not None:
            hp["eps"] = self.eps
        if self.weight_decay is not None:
            hp["weight_decay"] = self.weight_decay
        used = {p.name for p in HYPERPARAMS[self.name]}
        return {k: v for k, v in hp.items() if k in used}


class ScheduleConfig(Strict):
    """How the learning rate changes over the updates (from large to small)."""

    name: Literal["constant", "step", "exponential", "cosine", "inverse_time", "range_test"] = "constant"
    step_size: Int = Field(30, ge=1, le=10_000_000)
    gamma: Positive1 | None = Field(None, description="None: 0.5 (step), 0.99 (exp)")
    t_max: Int = Field(100, ge=1, le=10_000_000)
    lr_min: Num = Field(0.0, ge=0.0, le=1000.0)
    decay: Num = Field(0.01, ge=0.0, le=1000.0)
    lr_max: Num = Field(10.0, gt=0.0, le=1000.0, description="range_test: the learning rate reached at t_max")
    warmup_steps: Int = Field(0, ge=0, le=10_000_000)

    def params(self) -> dict[str, Any]:
        return self.model_dump(exclude={"name"})


class DescentGradient(Strict):
    mode: Literal["analytic", "central", "forward"] = "analytic"
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
    if schedule.name == "range_test" and not schedule.lr_max > lr:
        return [{"loc": [*loc, "schedule", "lr_max"], "type": "lr_max_below_lr",
                 "ctx": {"lr_max": schedule.lr_max, "lr": lr},
                 "msg": f"schedule.lr_max = {schedule.lr_max:g} must be above the learning rate {lr:g}"}]
    return []
