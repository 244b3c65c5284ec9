"""The catalog's field bounds are exactly the server's: its limits are accepted, one step beyond is refused."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter, ValidationError

from app.config import Settings
from app.main import create_app
from app.web.run_config import RunConfig, run_limit_errors
from tests.schema_walk import put

RUN = TypeAdapter(RunConfig)
SETTINGS = Settings(max_steps=5000, max_epochs=50, max_hidden_units=64, log_runs=False)
OWN_LIMITS = {"steps": "max_steps", "epochs": "max_epochs", "model.hidden.0": "max_hidden_units"}


@pytest.fixture(scope="module")
def catalog() -> dict[str, Any]:
    return TestClient(create_app(SETTINGS)).get("/api/v1/catalog").json()


def refused(kind: str, path: str, value: float) -> bool:
    """Whether the server refuses this one value (by validation or by this field's own limit)."""
    keys = tuple(int(p) if p.isdigit() else p for p in path.split("."))
    base: dict[str, Any] = {"kind": kind}
    if keys[0] == "start":
        base["start"] = [0.0, 0.0]
    config = put(base, keys, value)
    if keys[0] == "start":
        config["start"] = [value if i == keys[1] else 0.0 for i in range(2)]
    if keys[:2] == ("model", "hidden"):
        config["model"]["hidden"] = [value]
    try:
        run = RUN.validate_python(config)
    except ValidationError as e:
        return any(".".join(map(str, err["loc"][1:])) == path for err in e.errors())
    return path in OWN_LIMITS and any(err.get("name") == OWN_LIMITS[path] for err in run_limit_errors(run, SETTINGS))


def beyond(entry: dict[str, Any], side: str) -> float:
    bound = entry[side]
    step = 1 if entry["integer"] else max(abs(bound) * 1e-6, 1e-300)
    return bound - step if side == "min" else bound + step


def test_every_numeric_field_has_its_bounds(catalog: dict[str, Any]) -> None:
    fields = catalog["fields"]
    assert {"steps", "optimizer.lr", "gradient.h", "start.0", "optimizer.betas.1"} <= set(fields["descent"])
    assert {"batch_size", "epochs", "dataset.n", "optimizer.lr", "model.hidden.0", "early_stopping.patience"} \
        <= set(fields["train"])
    for entries in fields.values():
        for path, e in entries.items():
            assert "min" in e and "max" in e and e["step"] in (1, "any"), path
    assert fields["descent"]["optimizer.lr"]["min"] == 1e-10 and fields["descent"]["steps"]["max"] == 5000
    assert fields["train"]["epochs"]["max"] == 50 and fields["train"]["batch_size"]["min"] == 1


def test_the_bounds_are_the_servers(catalog: dict[str, Any]) -> None:
    for kind, entries in catalog["fields"].items():
        for path, e in entries.items():
            for side in ("min", "max"):
                inside = not e[f"exclusive_{side}"]
                assert refused(kind, path, e[side]) != inside, (kind, path, side, e)
                assert refused(kind, path, beyond(e, side)), (kind, path, side, e)
            if e["integer"]:
                assert refused(kind, path, e["min"] + 0.5), (kind, path)


def test_hyperparameter_ranges_stay_inside_what_the_server_accepts(catalog: dict[str, Any]) -> None:
    for group, prefix in (("optimizers", "optimizer."), ("schedules", "schedule.")):
        for item in catalog[group]:
            for p in item["params"]:
                path = prefix + {"beta1": "betas.0", "beta2": "betas.1"}.get(p["name"], p["name"])
                for side in ("min", "max"):
                    assert refused("descent", path, p[side]) == p[f"exclusive_{side}"], (item["key"], p)
    gamma = next(p for s in catalog["schedules"] if s["key"] == "step" for p in s["params"] if p["name"] == "gamma")
    assert gamma["min"] == 0 and gamma["exclusive_min"]
