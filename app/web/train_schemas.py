"""The training run configuration (`"kind": "train"`): data set, model, optimizer, batch size, epochs.

Fields left out (or null) take the data set's suggested settings, so `{"kind": "train", "dataset": {"name":
"digits"}}` trains something sensible. `resolve` turns a validated configuration into the core's TrainConfig.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, PrivateAttr, StrictBool, create_model

from app.config import Settings
from app.core.batching import SAMPLINGS
from app.core.custom_data import FEATURES
from app.core.datasets import catalog as dataset_catalog
from app.core.registry import ACTIVATION_REGISTRY, DATASET_PARAMS, DATASET_REGISTRY, INIT_REGISTRY, LOSS_REGISTRY
from app.core.training import GRADIENT_MODES
from app.core.training_setup import TrainConfig

from .custom_data_fields import data_errors, dataset_spec
from .registry_fields import keys_literal, number
from .registry_fields import number_only as _number_only
from .schemas import Int, Num, OptimizerConfig, ScheduleConfig, Strict, schedule_errors
from .train_plan import plan_of

DatasetKey = keys_literal(DATASET_REGISTRY, "custom")  # custom: the learner's own points
FeatureKey = Literal[tuple(FEATURES)]  # type: ignore[valid-type]
Value = Annotated[float, BeforeValidator(_number_only)]
MAX_BATCH = 100_000  # the page sends it for "full batch": train() caps a batch at the training samples
Units = Annotated[int, Field(ge=1, le=4096), BeforeValidator(_number_only)]


Patience = Annotated[int, Field(ge=1, le=10_000), BeforeValidator(_number_only)]
BatchSize = Annotated[int, Field(ge=1, le=MAX_BATCH), BeforeValidator(_number_only)]
Epochs = Annotated[int, Field(ge=1, le=100_000), BeforeValidator(_number_only)]


# every data set parameter of app.core.registry, optional (None: the data set's default)
_DATASET_FIELDS: dict[str, Any] = {
    p.name: (number(p) | None, Field(None, description=f"None: the data set's default ({p.name})"))
    for p in DATASET_PARAMS.values()}
_DatasetParams: Any = create_model("_DatasetParams", __base__=Strict, **_DATASET_FIELDS)


class DatasetConfig(_DatasetParams):
    """Which data and how much; parameters a data set does not take must be left out."""

    name: DatasetKey = "moons"  # type: ignore[valid-type]
    points: list[list[Value]] | None = Field(
        None, max_length=100_000, description="custom: rows [x1, x2, label] or [x, y] (limit: max_custom_points)")
    encoded: str | None = Field(None, max_length=1_200_000, description="custom: the rows as the /train "
                                "permalink's compact pts= code, instead of points")
    features: list[FeatureKey] | None = Field(  # type: ignore[valid-type]
        None, max_length=len(FEATURES), description="2D data: the network's inputs, e.g. [x1_sq, x2_sq] "
        "(None: x1, x2)")

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(exclude={"name", "points", "encoded", "features"}).items()
                if v is not None}


class ModelConfig(Strict):
    hidden: list[Units] | None = Field(None, max_length=16, description="hidden layer sizes, e.g. [16, 16]")
    activation: keys_literal(ACTIVATION_REGISTRY) | None = None  # type: ignore[valid-type]
    loss: keys_literal(LOSS_REGISTRY) | None = None  # type: ignore[valid-type]
    init: keys_literal(INIT_REGISTRY) | None = None  # type: ignore[valid-type]
    init_std: Annotated[float, Field(gt=0.0, le=10.0), BeforeValidator(_number_only)] | None = None
    weight_decay: Annotated[float, Field(ge=0.0, le=10.0), BeforeValidator(_number_only)] | None = None


class TrainGradient(Strict):
    mode: Literal[GRADIENT_MODES] = "backprop"  # type: ignore[valid-type]
    h: Num = Field(1e-5, ge=1e-12, le=1.0, description="step of the central difference")


class EarlyStopping(Strict):
    patience: Patience | None = Field(None, description="epochs without validation improvement")
    min_delta: Num = Field(0.0, ge=0.0, le=1e6)


class TrainRun(Strict):
    """Training a small network with mini-batches: one iteration = one mini-batch = one weight update."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False,
        json_schema_extra={"examples": [{"kind": "train", "dataset": {"name": "moons", "n": 500, "noise": 0.2},
                                          "model": {"hidden": [16, 16], "activation": "relu"},
                                          "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 32,
                                          "epochs": 20}]},
    )

    kind: Literal["train"]
    id: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    dataset: DatasetConfig = DatasetConfig()
    model: ModelConfig = ModelConfig()
    optimizer: OptimizerConfig | None = Field(None, description="None: the data set's suggested optimizer and lr")
    schedule: ScheduleConfig = ScheduleConfig()
    batch_size: BatchSize | None = Field(None, description="samples per mini-batch (one update each)")
    epochs: Epochs | None = Field(None, description="passes over the whole training set")
    sampling: Literal[SAMPLINGS] = "shuffle"  # type: ignore[valid-type]
    drop_last: StrictBool = False
    gradient: TrainGradient = TrainGradient()
    early_stopping: EarlyStopping = EarlyStopping()
    seed: Int = Field(0, ge=0, le=2**32 - 1)
    _resolved: TrainConfig | None = PrivateAttr(None)

    def to_config(self) -> TrainConfig:
        """The core's TrainConfig for this run, translated once (the run is not changed after validation)."""
        if self._resolved is None:
            self._resolved = _resolve(self)
        return self._resolved


def resolve(run: TrainRun) -> TrainConfig:
    """The core's TrainConfig (TrainRun.to_config)."""
    return run.to_config()


def _resolve(run: TrainRun) -> TrainConfig:
    """The configuration's values over the data set's suggestions (a learner's own points: theirs)."""
    s = dict(dataset_spec(run.dataset).suggested)
    m = run.model
    picked: dict[str, Any] = {k: v for k, v in {
        "hidden": tuple(m.hidden) if m.hidden is not None else None, "activation": m.activation, "loss": m.loss,
        "init": m.init, "init_std": m.init_std, "weight_decay": m.weight_decay,
        "batch_size": run.batch_size, "epochs": run.epochs}.items() if v is not None}
    if run.optimizer is not None:
        picked.update(optimizer=run.optimizer.name, lr=run.optimizer.lr, convention=run.optimizer.convention,
                      optimizer_params=run.optimizer.hyper())
    base = {**s, **picked}
    base["hidden"] = tuple(base.get("hidden", ()))
    return TrainConfig(
        **{k: v for k, v in base.items() if k in TrainConfig.__dataclass_fields__},
        schedule=run.schedule.name, schedule_params=run.schedule.params(), sampling=run.sampling,
        drop_last=run.drop_last, gradient="numerical" if run.gradient.mode == "numerical" else "backprop",
        h=run.gradient.h, patience=run.early_stopping.patience, min_delta=run.early_stopping.min_delta, seed=run.seed,
        features=tuple(run.dataset.features or ()),
    )


def train_limit_errors(run: TrainRun, settings: Settings, loc: tuple[str | int, ...] = ()) -> list[dict[str, Any]]:
    """Field errors for a training run over this server's limits, or a data set parameter it does not take."""
    errors: list[dict[str, Any]] = data_errors(run, settings, loc)
    if errors:
        return errors
    spec = dataset_spec(run.dataset)

    def err(field: str, msg: str, name: str | None = None, kind: str = "limit", value: Any = None,
            **ctx: Any) -> None:
        """One refusal; `name` is the setting whose limit was crossed (its value is added as `limit`)."""
        extra: dict[str, Any] = {"name": name, "limit": getattr(settings, name)} if name else {}
        if value is not None:
            extra["value"] = value
        if ctx:
            extra["ctx"] = ctx
        errors.append({"loc": [*loc, *field.split(".")], "type": kind, "msg": msg, **extra})

    entry = next((d for d in dataset_catalog(settings.mnist_dir) if d["key"] == spec.key), {"available": True})
    if not entry["available"]:
        err("dataset", f"the data set {spec.key} is not available on this server ({entry['unavailable']})",
            kind="unavailable", dataset=spec.key, reason=entry["unavailable"])
        return errors
    for key in run.dataset.params():
        if key not in spec.defaults:
            err(f"dataset.{key}", f"the data set {spec.key} takes no {key}", kind="not_taken", dataset=spec.key)
    cfg = run.to_config()
    plan = plan_of(spec, run.dataset.params(), cfg, entry.get("n"))
    n = plan["n"]
    if spec.kind in ("points2d", "regression") and n > settings.max_samples:
        err("dataset.n", f"dataset.n = {n} is above this server's limit max_samples = {settings.max_samples}",
            "max_samples", value=n)
    if plan["n_train"] < 1:
        held = sum(({**spec.defaults, **run.dataset.params()}.get(k) or 0.0)
                   for k in ("validation_fraction", "test_fraction"))
        err("dataset", "validation_fraction + test_fraction must leave some training data",
            kind="no_training_data", value=round(held, 6))
    if cfg.epochs > settings.max_epochs:
        err("epochs", f"epochs = {cfg.epochs} is above this server's limit max_epochs = {settings.max_epochs}",
            "max_epochs", value=cfg.epochs)
    per_epoch, total = plan["iterations_per_epoch"], plan["total_iterations"]
    if total > settings.max_train_iterations:
        err("epochs", f"epochs × iterations = {cfg.epochs} × {per_epoch} is above this server's limit "
                      f"max_train_iterations = {settings.max_train_iterations}", "max_train_iterations",
            value=total, epochs=cfg.epochs, per_epoch=per_epoch, total=total)
    if len(cfg.hidden) > settings.max_hidden_layers:
        err("model.hidden", f"{len(cfg.hidden)} hidden layers is above this server's limit "
                            f"max_hidden_layers = {settings.max_hidden_layers}", "max_hidden_layers",
            value=len(cfg.hidden))
    if cfg.hidden and max(cfg.hidden) > settings.max_hidden_units:
        err("model.hidden", f"a hidden layer of {max(cfg.hidden)} units is above this server's limit "
                            f"max_hidden_units = {settings.max_hidden_units}", "max_hidden_units",
            value=max(cfg.hidden))
    if run.gradient.mode == "numerical":
        n_params = plan["parameters"]
        if n_params > settings.max_numeric_params:
            err("gradient.mode", f"a numerical gradient of {n_params} parameters is above this server's limit "
                                 f"max_numeric_params = {settings.max_numeric_params} (about {2 * n_params} "
                                 f"loss evaluations per iteration); use backprop", "max_numeric_params",
                value=n_params, evaluations=2 * n_params)
        batch = plan["batch_size"]
        if n_params * batch > settings.max_numeric_work:
            err("batch_size", f"a numerical gradient of {n_params} parameters on batches of {batch} "
                              f"({n_params * batch} parameters × samples) is above this server's limit "
                              f"max_numeric_work = {settings.max_numeric_work}: each iteration would take "
                              f"{2 * n_params} loss evaluations of the whole batch; use a smaller batch, a smaller "
                              f"network or backprop", "max_numeric_work")
    errors += schedule_errors(run.schedule, cfg.lr, loc)
    if spec.kind == "regression" and cfg.loss != "mse":
        err("model.loss", "regression data needs loss mse", kind="needs_mse")
    return errors
