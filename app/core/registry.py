"""One registry per concept: surfaces, optimizers, schedules, data sets, losses, activations (and inits).

Each entry is a key, a factory, its parameters (default, bounds, log scale) and the i18n key of its name. The
request schemas (Literals and bounds), the catalog, the CLI help, the permalink keys and the page's controls are
all derived from these tables, so a new entry is added here (plus its two language strings and its test).

An optimizer factory is `(η schedule, convention, hyperparameters) -> Optimizer`; every hyperparameter it
declares is in the mapping (the request's value, else the entry's default). A schedule factory is
`(η, parameters) -> Schedule`. A surface factory takes no argument for the fixed surfaces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from . import nets, optimizers, schedules
from .datasets import DATASETS, DatasetSpec
from .gradients import GRADIENT_MODES
from .optimizers import Optimizer
from .schedules import Schedule
from .surfaces import SURFACES, Box, Surface


@dataclass(frozen=True)
class Param:
    """One numeric parameter: default, bounds [min, max] (min excluded when `open_min`), log-scale slider,
    whole numbers only."""

    name: str
    default: float | None  # None: the entry decides (e.g. every image of the full MNIST set)
    min: float
    max: float
    log: bool = False
    integer: bool = False
    open_min: bool = False

    def with_default(self, default: float | None) -> Param:
        return Param(self.name, default, self.min, self.max, self.log, self.integer, self.open_min)

    def describe(self) -> dict[str, Any]:
        """The catalog's form of the parameter."""
        return {"name": self.name, "default": self.default, "min": self.min, "max": self.max, "log": self.log,
                "integer": self.integer, "open_min": self.open_min, "i18n": f"ui.param.{self.name}"}


F = TypeVar("F")


@dataclass(frozen=True)
class Entry(Generic[F]):
    """A registered thing: its key, how to build it, its parameters and the i18n key of its name."""

    key: str
    factory: F
    i18n: str | None  # None: the entry names itself in both languages (a surface's title)
    params: tuple[Param, ...] = ()
    takes: tuple[str, ...] = ()  # what the factory needs from the request besides the parameters (e.g. a formula)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def values(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter of this entry: the given value (when not None), else the default."""
        out: dict[str, Any] = {}
        for p in self.params:
            v = given.get(p.name)
            out[p.name] = (int(p.default) if p.integer and p.default is not None else p.default) if v is None else v
        return out


class Registry(Mapping[str, Entry[F]]):
    """Entries of one concept in their display order; `register` adds one (keys are unique)."""

    def __init__(self, concept: str, entries: tuple[Entry[F], ...] = ()) -> None:
        self.concept = concept
        self._entries: dict[str, Entry[F]] = {}
        for e in entries:
            self.register(e)

    def register(self, entry: Entry[F]) -> Entry[F]:
        if entry.key in self._entries:
            raise ValueError(f"{self.concept} {entry.key!r} is already registered")
        self._entries[entry.key] = entry
        return entry

    def __getitem__(self, key: str) -> Entry[F]:
        try:
            return self._entries[key]
        except KeyError:
            raise ValueError(f"unknown {self.concept} {key!r}; expected one of {tuple(self._entries)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def param_names(self) -> tuple[str, ...]:
        """Every parameter name any entry declares, in first-seen order."""
        return tuple(dict.fromkeys(p.name for e in self._entries.values() for p in e.params))

    def shared(self, name: str) -> Param:
        """One parameter across entries: the widest bounds; the default when every entry agrees on it, else None
        (the request leaves it out and each entry takes its own)."""
        ps = [p for e in self._entries.values() for p in e.params if p.name == name]
        if not ps:
            raise KeyError(name)
        defaults = {p.default for p in ps}
        lo = min(p.min for p in ps)
        return Param(name, defaults.pop() if len(defaults) == 1 else None, lo, max(p.max for p in ps),
                     ps[0].log, ps[0].integer, all(p.open_min for p in ps if p.min == lo))


# ---- optimizers -------------------------------------------------------------------------------------------------
OptimizerFactory = Callable[[Schedule, str, Mapping[str, float]], Optimizer]

LR = Param("lr", 0.1, 1e-10, 1e3, log=True)
_WD = Param("weight_decay", 0.0, 0.0, 10.0)
_MU = Param("momentum", 0.9, 0.0, 0.9999)
_ALPHA = Param("alpha", 0.99, 0.0, 0.9999)
_BETA1 = Param("beta1", 0.9, 0.0, 0.9999)
_BETA2 = Param("beta2", 0.999, 0.0, 0.999999)
_EPS = Param("eps", 1e-8, 1e-16, 1.0, log=True)


def _opt(key: str, factory: OptimizerFactory, *params: Param) -> Entry[OptimizerFactory]:
    return Entry(key, factory, f"ui.optimizer.{key}", (LR, *params))


OPTIMIZERS: Registry[OptimizerFactory] = Registry("optimizer", (
    _opt("sgd", lambda lr, conv, hp: optimizers.sgd(lr, hp["weight_decay"]), _WD),
    _opt("momentum", lambda lr, conv, hp: optimizers.momentum(lr, hp["momentum"], hp["weight_decay"],
                                                              convention=conv), _MU, _WD),
    _opt("nesterov", lambda lr, conv, hp: optimizers.momentum(lr, hp["momentum"], hp["weight_decay"], nesterov=True,
                                                              convention=conv), _MU, _WD),
    _opt("adagrad", lambda lr, conv, hp: optimizers.adagrad(lr, hp["eps"], hp["weight_decay"], convention=conv),
         _EPS.with_default(1e-10), _WD),
    _opt("rmsprop", lambda lr, conv, hp: optimizers.rmsprop(lr, hp["alpha"], hp["eps"], hp["weight_decay"],
                                                            convention=conv), _ALPHA, _EPS, _WD),
    _opt("adam", lambda lr, conv, hp: optimizers.adam(lr, hp["beta1"], hp["beta2"], hp["eps"], hp["weight_decay"],
                                                      convention=conv), _BETA1, _BETA2, _EPS, _WD),
    _opt("adamw", lambda lr, conv, hp: optimizers.adam(lr, hp["beta1"], hp["beta2"], hp["eps"], hp["weight_decay"],
                                                       decoupled=True, convention=conv),
         _BETA1, _BETA2, _EPS, _WD.with_default(0.01)),
))
CONVENTIONS = optimizers.CONVENTIONS


def build_optimizer(name: str, lr: Schedule, convention: str = "pytorch",
                    hyper: Mapping[str, float] | None = None) -> Optimizer:
    """The optimizer `name` with its hyperparameters (absent ones take the entry's defaults; unknown ones are
    ignored, so one request shape serves every optimizer)."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; expected one of {CONVENTIONS}")
    entry = OPTIMIZERS[name]
    values = entry.values(hyper or {})
    values.pop("lr", None)
    return entry.factory(lr, convention, values)


def make_optimizer(name: str, lr: Schedule, convention: str = "pytorch", **hp: float) -> Optimizer:
    """`build_optimizer` with the hyperparameters as keywords (PyTorch names)."""
    return build_optimizer(name, lr, convention, hp)


# ---- learning-rate schedules ------------------------------------------------------------------------------------
ScheduleFactory = Callable[[float, Mapping[str, Any]], Schedule]

_T_MAX = Param("t_max", 100, 1, 10_000_000, integer=True)
WARMUP = Param("warmup_steps", 0, 0, 10_000_000, integer=True)  # every schedule takes it


def _sched(key: str, factory: ScheduleFactory, *params: Param) -> Entry[ScheduleFactory]:
    return Entry(key, factory, f"ui.schedule.{key}", params)


SCHEDULES: Registry[ScheduleFactory] = Registry("schedule", (
    _sched("constant", lambda lr, p: schedules.constant(lr)),
    _sched("step", lambda lr, p: schedules.step(lr, p["step_size"], p["gamma"]),
           Param("step_size", 30, 1, 10_000_000, integer=True), Param("gamma", 0.5, 0.0, 1.0, open_min=True)),
    _sched("exponential", lambda lr, p: schedules.exponential(lr, p["gamma"]),
           Param("gamma", 0.99, 0.0, 1.0, open_min=True)),
    _sched("cosine", lambda lr, p: schedules.cosine(lr, p["t_max"], p["lr_min"]),
           _T_MAX, Param("lr_min", 0.0, 0.0, 1000.0)),
    _sched("inverse_time", lambda lr, p: schedules.inverse_time(lr, p["decay"]), Param("decay", 0.01, 0.0, 1000.0)),
    _sched("range_test", lambda lr, p: schedules.range_test(lr, p["lr_max"], p["t_max"]),
           Param("lr_max", 10.0, 0.0, 1000.0, log=True, open_min=True), _T_MAX),
))


def build_schedule(name: str, lr: float, params: Mapping[str, Any] | None = None) -> Schedule:
    """The schedule `name` from η = lr, with its parameters and the common warm-up (absent ones: defaults)."""
    import math

    if not lr > 0 or not math.isfinite(lr):
        raise ValueError("lr must be a positive finite number")
    given = params or {}
    entry = SCHEDULES[name]
    base = entry.factory(lr, entry.values(given))
    return schedules.warmed_up(base, int(given.get("warmup_steps") or 0))


def make_schedule(name: str, lr: float, **params: Any) -> Schedule:
    """`build_schedule` with the parameters as keywords; None or absent ones take the defaults, ones the schedule
    does not read are ignored; raises ValueError on bad arguments."""
    return build_schedule(name, lr, params)


# ---- surfaces ---------------------------------------------------------------------------------------------------
# a fixed surface's factory takes nothing; one built from the request (a typed formula) takes what `takes` names,
# e.g. SURFACE_REGISTRY.register(Entry("custom", custom_surface, "ui.surface.custom", takes=("formula",)))
SurfaceFactory = Callable[..., Surface]


def _fixed(s: Surface) -> Entry[SurfaceFactory]:
    return Entry(s.key, lambda: s, None)  # its title and description are in the Surface, in both languages


def _custom(f: str, view: Box | None = None) -> Surface:
    """A learner's own f(x, y) over its view box (sympy is imported only when one is built)."""
    from .formula_surface import DEFAULT_VIEW, custom_surface

    return custom_surface(f, view or DEFAULT_VIEW)


SURFACE_REGISTRY: Registry[SurfaceFactory] = Registry("surface", (
    *(_fixed(s) for s in SURFACES.values()),
    Entry("custom", _custom, "ui.formula.title", takes=("f", "view")),
))


# ---- data sets --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DatasetFactory:
    """The data set's spec (kind, shape, defaults, suggested training settings); app.core.datasets.load builds it."""

    spec: DatasetSpec


DATASET_PARAMS: dict[str, Param] = {p.name: p for p in (
    Param("n", 500, 10, 100_000, integer=True),
    Param("noise", 0.2, 0.0, 5.0),
    Param("validation_fraction", 0.2, 0.0, 0.8),
    Param("test_fraction", 0.2, 0.0, 0.8),
    Param("w", 2.0, -100.0, 100.0),
    Param("b", -1.0, -100.0, 100.0),
)}


def _dataset(spec: DatasetSpec) -> Entry[DatasetFactory]:
    params = tuple(DATASET_PARAMS[k].with_default(v) for k, v in spec.defaults.items())
    return Entry(spec.key, DatasetFactory(spec), f"train.ui.ds.{spec.key}", params)


DATASET_REGISTRY: Registry[DatasetFactory] = Registry("data set", tuple(_dataset(s) for s in DATASETS.values()))


# ---- network pieces: activations, losses, initialisations (nets.py and backprop.py implement them by key) ---------
@dataclass(frozen=True)
class Formula:
    """What the key means, as the docstring of app.core.nets writes it."""

    text: str


def _formulas(concept: str, prefix: str, formulas: dict[str, str]) -> Registry[Formula]:
    return Registry(concept, tuple(Entry(k, Formula(f), f"{prefix}.{k}") for k, f in formulas.items()))


ACTIVATION_REGISTRY = _formulas("activation", "train.ui.act",
                                {"sigmoid": "1 / (1 + e^−z)", "tanh": "tanh z", "relu": "max(z, 0)"})
LOSS_REGISTRY = _formulas("loss", "train.ui.loss",
                          {"cross_entropy": "−(1/B) Σ log softmax(z)_y", "mse": "(1/2B) Σ ‖z − t‖²"})
INIT_REGISTRY = _formulas("init", "train.ui.init",
                          {"normal": "W ~ N(0, σ²)", "xavier": "W ~ N(0, 1/n_in)", "he": "W ~ N(0, 2/n_in)"})
DESCENT_GRADIENTS = _formulas("gradient mode", "ui.gradient", {
    "analytic": "∇f", "central": "(f(θ+h) − f(θ−h)) / 2h", "forward": "(f(θ+h) − f(θ)) / h"})


HYPERPARAMS: dict[str, tuple[Param, ...]] = {k: e.params for k, e in OPTIMIZERS.items()}
SCHEDULE_PARAMS: dict[str, tuple[Param, ...]] = {k: e.params for k, e in SCHEDULES.items()}


@dataclass(frozen=True)
class Concept:
    """One registry as the catalog and the consistency test see it."""

    name: str
    registry: Registry[Any]
    implemented: tuple[str, ...] = field(default=())  # the keys the implementing module knows, when it lists them


CONCEPTS: tuple[Concept, ...] = (
    Concept("surfaces", SURFACE_REGISTRY, (*SURFACES, "custom")),
    Concept("optimizers", OPTIMIZERS),
    Concept("schedules", SCHEDULES),
    Concept("datasets", DATASET_REGISTRY, tuple(DATASETS)),
    Concept("activations", ACTIVATION_REGISTRY, nets.ACTIVATIONS),
    Concept("losses", LOSS_REGISTRY, nets.LOSSES),
    Concept("inits", INIT_REGISTRY, nets.INITS),
    Concept("gradient_modes", DESCENT_GRADIENTS, GRADIENT_MODES),
)
