"""Every registry entry reaches every place derived from it: its strings in both languages, the catalog, the request
schemas (its key and each parameter at its default and bounds), the permalink keys and the CLI options. A new
optimizer, schedule, surface, data set, activation or loss that is missing anywhere fails here by name."""

from __future__ import annotations

import math
from typing import Any

import pytest
from pydantic import ValidationError

from app.cli import run_options
from app.config import Settings
from app.core import registry as reg
from app.core.runs import run_all
from app.i18n import strings
from app.web.catalog import catalog_body
from app.web.permalink import OPTIMIZER_PARAMS, SCHEDULE_PARAMS, configs_from_query
from app.web.schemas import DescentRun
from app.web.train_schemas import TrainRun

CATALOG = catalog_body(Settings())
ENTRIES = [(c.name, key) for c in reg.CONCEPTS for key in c.registry]
PARAMETERISED = [(c, key, p) for c, r in (("optimizers", reg.OPTIMIZERS), ("schedules", reg.SCHEDULES))
                 for key, e in r.items() for p in e.params]


def _entry(concept: str, key: str) -> reg.Entry[Any]:
    return next(c.registry for c in reg.CONCEPTS if c.name == concept)[key]


def _catalog_keys(concept: str) -> list[str]:
    if concept in ("activations", "losses", "inits"):
        return list(CATALOG["training"][concept])
    if concept == "gradient_modes":
        return list(CATALOG["gradient_modes"])
    if concept == "surfaces":
        return [e["key"] for e in (*CATALOG["surfaces"], *CATALOG["built_surfaces"])]
    return [e["key"] for e in CATALOG[concept]]


@pytest.mark.parametrize(("concept", "key"), ENTRIES)
def test_every_entry_has_its_name_in_both_languages(concept: str, key: str) -> None:
    entry = _entry(concept, key)
    if entry.i18n is None:  # a fixed surface names itself
        assert concept == "surfaces" and not entry.takes
        surface = entry.factory()
        assert surface.title["ko"].strip() and surface.title["en"].strip() and surface.description["ko"].strip()
    else:
        for lang in ("ko", "en"):
            assert strings(lang).get(entry.i18n, "").strip(), f"{entry.i18n} missing in {lang}.json"
    for p in entry.params:
        if concept != "datasets":
            assert all(strings(lang).get(f"ui.param.{p.name}", "").strip() for lang in ("ko", "en")), p.name


@pytest.mark.parametrize(("concept", "key"), ENTRIES)
def test_every_entry_is_in_the_catalog_in_registry_order(concept: str, key: str) -> None:
    keys = _catalog_keys(concept)
    assert keys == list(next(c.registry for c in reg.CONCEPTS if c.name == concept))
    if concept in ("optimizers", "schedules"):
        listed = next(e for e in CATALOG[concept] if e["key"] == key)
        assert listed["i18n"] == _entry(concept, key).i18n
        assert [p["name"] for p in listed["params"]] == [p.name for p in _entry(concept, key).params]


@pytest.mark.parametrize(("concept", "key"), ENTRIES)
def test_every_key_is_implemented_where_its_module_lists_them(concept: str, key: str) -> None:
    implemented = next(c.implemented for c in reg.CONCEPTS if c.name == concept)
    if implemented:
        assert key in implemented


def _descent(concept: str, key: str, **params: float) -> dict[str, Any]:
    if concept == "surfaces":  # a surface built from the request gets what it takes (a formula)
        return {"surface": key, "steps": 3, **({"f": "x^2/20 + y^2"} if reg.SURFACE_REGISTRY[key].takes else {})}
    if concept == "gradient_modes":
        return {"gradient": {"mode": key}, "steps": 3}
    if concept == "optimizers":
        pair = {"betas": [params.pop(n, reg.OPTIMIZERS.shared(n).default) for n in ("beta1", "beta2")]} \
            if {"beta1", "beta2"} & set(params) else {}
        return {"optimizer": {"name": key, "lr": params.pop("lr", 0.01), **params, **pair}, "steps": 3}
    return {"optimizer": {"lr": 0.01}, "schedule": {"name": key, **params}, "steps": 3}


@pytest.mark.parametrize(("concept", "key"), [(c, k) for c, k in ENTRIES if c in
                                              ("surfaces", "optimizers", "schedules", "gradient_modes")])
def test_every_descent_entry_is_accepted_and_runs(concept: str, key: str) -> None:
    run = DescentRun.model_validate(_descent(concept, key))
    cols, done, _ = run_all(run.to_spec())
    assert len(cols) == 4 and done.reason in ("completed", "converged")


@pytest.mark.parametrize(("concept", "key"), [(c, k) for c, k in ENTRIES if c in
                                              ("datasets", "activations", "losses", "inits")])
def test_every_training_entry_is_accepted(concept: str, key: str) -> None:
    body: dict[str, Any] = {"kind": "train"}
    if concept == "datasets":
        body["dataset"] = {"name": key, **{p.name: p.default for p in _entry(concept, key).params
                                           if p.default is not None}}
    else:
        body["model"] = {{"activations": "activation", "losses": "loss", "inits": "init"}[concept]: key}
    run = TrainRun.model_validate(body)
    assert run.to_config() is run.to_config()


@pytest.mark.parametrize(("concept", "key", "p"), PARAMETERISED, ids=lambda v: getattr(v, "name", str(v)))
def test_every_parameter_is_validated_within_its_bounds(concept: str, key: str, p: reg.Param) -> None:
    inside = [p.min if not p.open_min else p.min + (1 if p.integer else min(1e-9, p.max / 2)), p.max]
    if p.default is not None:
        inside.append(p.default)
    base = {"lr": 0.01} if concept == "optimizers" else {}
    for v in inside:
        v = int(v) if p.integer else v
        if key == "range_test" and p.name == "lr_max" and v <= 0.01:
            continue  # a range test must rise above the learning rate (checked as a limit, not by the schema)
        DescentRun.model_validate(_descent(concept, key, **{**base, p.name: v}))
    for v in (p.min - 1 if p.integer else p.min - abs(p.min) * 0.5 - 1e-3, p.max * 1.5 + 1):
        if p.open_min and v == p.min:
            continue
        with pytest.raises(ValidationError):
            DescentRun.model_validate(_descent(concept, key, **{**base, p.name: v}))
    if p.open_min:
        with pytest.raises(ValidationError):
            DescentRun.model_validate(_descent(concept, key, **{**base, p.name: p.min}))


@pytest.mark.parametrize(("concept", "key", "p"), PARAMETERISED, ids=lambda v: getattr(v, "name", str(v)))
def test_every_parameter_has_a_permalink_key_and_a_cli_option(concept: str, key: str, p: reg.Param) -> None:
    if p.name == "lr":
        return  # the page's own `lr` key
    assert p.name in (OPTIMIZER_PARAMS if concept == "optimizers" else SCHEDULE_PARAMS)
    assert p.name in run_options()
    value = p.max if p.integer or p.name == "lr_max" else (p.default or p.max) * 0.5 or p.max
    value = int(value) if p.integer else value
    query = {"opt" if concept == "optimizers" else "sched": key, "lr": "0.01", p.name: str(value)}
    run = DescentRun.model_validate(configs_from_query(query)[0])
    spec = run.to_spec()
    got = (spec.hyper if concept == "optimizers" else spec.schedule_params)[p.name]
    assert math.isclose(got, value), (p.name, got, value)
