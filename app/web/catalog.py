"""`GET /api/v1/catalog`: every key and parameter the page builds its controls from, read off app.core.registry."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.core.batching import SAMPLINGS
from app.core.datasets import catalog as dataset_catalog
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

from .permalink import OPTIMIZER_PARAMS, SCHEDULE_PARAMS
from .protocol import PROTOCOL_VERSION, surface_info
from .registry_fields import PAIRS
from .train_schemas import MAX_BATCH


def entries(registry: Registry[Any]) -> list[dict[str, Any]]:
    """[{key, i18n, params}] in the registry's order."""
    return [{"key": k, "i18n": e.i18n, "params": [p.describe() for p in e.params]} for k, e in registry.items()]


def catalog_body(settings: Settings) -> dict[str, Any]:
    """Everything the page builds its controls from."""
    return {
        "version": PROTOCOL_VERSION,
        "surfaces": [surface_info(e.factory()) for e in SURFACE_REGISTRY.values() if not e.takes],
        "built_surfaces": [{"key": e.key, "i18n": e.i18n, "takes": list(e.takes)}  # made from the request
                           for e in SURFACE_REGISTRY.values() if e.takes],
        "optimizers": entries(OPTIMIZERS),
        "schedules": entries(SCHEDULES),
        "schedule_common": [WARMUP.describe()],
        "gradient_modes": list(DESCENT_GRADIENTS),
        "conventions": list(CONVENTIONS),
        "datasets": dataset_catalog(settings.mnist_dir),
        "training": {"activations": list(ACTIVATION_REGISTRY), "losses": list(LOSS_REGISTRY),
                     "inits": list(INIT_REGISTRY), "sampling": list(SAMPLINGS),
                     "gradient_modes": list(TRAIN_GRADIENTS), "max_batch_size": MAX_BATCH},
        # the permalink's query keys for the parameters (the page's URL state and figure.svg read the same)
        "permalink": {"optimizer": list(OPTIMIZER_PARAMS), "schedule": list(SCHEDULE_PARAMS)},
        "pairs": {k: list(v) for k, v in PAIRS.items()},  # parameters the JSON API takes as one list
        "limits": settings.limits(),
    }
