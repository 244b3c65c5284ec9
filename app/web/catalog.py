"""`GET /api/v1/catalog`: every key and parameter the page builds its controls from, read off app.core.registry."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.core.batching import SAMPLINGS
from app.core.datasets import catalog as dataset_catalog
from app.core.formula_surface import DEFAULT_VIEW
from app.core.registry import (
    ACTIVATION_REGISTRY,
    CONVENTIONS,
    DESCENT_GRADIENTS,
    INIT_REGISTRY,
    LOSS_REGISTRY,
    OPTIMIZERS,
    SCHEDULES,
    SURFACE_REGISTRY,
    WARMUP,
    Registry,
)
from app.core.training import GRADIENT_MODES as TRAIN_GRADIENTS
from app.i18n import both

from .custom_data_fields import custom_catalog_entry
from .field_bounds import catalog_fields, narrow
from .permalink import OPTIMIZER_PARAMS, SCHEDULE_PARAMS
from .protocol import PROTOCOL_VERSION, surface_info
from .registry_fields import PAIRS
from .train_schemas import MAX_BATCH

FORMULA_EXAMPLES = ["x^2/20 + y^2", "(1-x)^2 + 100*(y-x^2)^2", "sin(3*x)*cos(3*y) + 0.1*(x^2+y^2)",
                    "abs(x) + y^2", "max(x, y)^2"]


def entries(registry: Registry[Any], bounds: dict[str, dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """[{key, i18n, params}] in the registry's order; each parameter with the bounds the server checks (the
    registry's range narrowed to the request schema's and this server's limits, app.web.field_bounds)."""
    return [{"key": k, "i18n": e.i18n, "params": [narrow(p.describe(), bounds.get(prefix + _path(p.name)))
                                                  for p in e.params]} for k, e in registry.items()]


def _path(name: str) -> str:
    """A parameter's field path in the request schema: a PAIRS member is an item of its tuple (betas.0)."""
    return next((f"{group}.{names.index(name)}" for group, names in PAIRS.items() if name in names), name)


def catalog_body(settings: Settings) -> dict[str, Any]:
    """Everything the page builds its controls from."""
    fields = catalog_fields(settings)
    descent = fields["descent"]
    return {
        "version": PROTOCOL_VERSION,
        "surfaces": [surface_info(e.factory()) for e in SURFACE_REGISTRY.values() if not e.takes],
        "built_surfaces": [{"key": e.key, "i18n": e.i18n, "takes": list(e.takes)}  # made from the request
                           for e in SURFACE_REGISTRY.values() if e.takes],
        "custom_surface": {"key": "custom", "title": both("ui.formula.title"),
                           "description": both("ui.formula.description"), "view": DEFAULT_VIEW,
                           "examples": FORMULA_EXAMPLES},
        "optimizers": entries(OPTIMIZERS, descent, "optimizer."),
        "schedules": entries(SCHEDULES, descent, "schedule."),
        "schedule_common": [narrow(WARMUP.describe(), descent.get("schedule." + WARMUP.name))],
        "fields": fields,
        "gradient_modes": list(DESCENT_GRADIENTS),
        "conventions": list(CONVENTIONS),
        "datasets": dataset_catalog(settings.mnist_dir),
        "custom_dataset": custom_catalog_entry(),
        "training": {"activations": list(ACTIVATION_REGISTRY), "losses": list(LOSS_REGISTRY),
                     "inits": list(INIT_REGISTRY), "sampling": list(SAMPLINGS),
                     "gradient_modes": list(TRAIN_GRADIENTS), "max_batch_size": MAX_BATCH},
        # the permalink's query keys for the parameters (the page's URL state and figure.svg read the same)
        "permalink": {"optimizer": list(OPTIMIZER_PARAMS), "schedule": list(SCHEDULE_PARAMS)},
        "pairs": {k: list(v) for k, v in PAIRS.items()},  # parameters the JSON API takes as one list
        "limits": settings.limits(),
    }
