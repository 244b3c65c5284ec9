"""A lesson run to the end and its claims checked: the results the claims measure, and the ✓/✗ of each claim.

A lesson's results are keyed by id: its runs (as `POST /api/v1/compare` returns them), its loss presets, the
anatomy of the steps it takes apart, and its gradient timing. Lessons are deterministic, so a result is cached per
lesson for the life of the process.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from pydantic import TypeAdapter

from app.config import Settings
from app.core.anatomy import anatomy_steps
from app.core.claims import check_all
from app.core.datasets import load
from app.core.gradient_timing import time_gradients
from app.core.loss_values import DELTAS, cross_entropy, mean_squared_error, one_hot
from app.core.nets import init_params, make_mlp
from app.core.questions import settle
from app.core.range_test import range_test
from app.core.resumable import Resumable, at_once, finish
from app.core.sweep import OUTCOMES, sweep_steps

from .blas import one_blas_thread
from .protocol import to_spec
from .run_config import RunConfig
from .runner import run_result
from .schemas import DescentRun
from .sweep_schemas import SweepRequest

RUN_ADAPTER: TypeAdapter[Any] = TypeAdapter(RunConfig)  # a lesson's run, validated as the API validates it
_CACHE: dict[tuple[str, str | None], dict[str, Any]] = {}
_LOCK = threading.Lock()


def loss_values(y: list[float], target: int, delta: str) -> dict[str, Any]:
    """Both losses of one output vector against a one-hot target."""
    t = one_hot(target, len(y))
    return {"y": y, "t": t, "target": target, "delta": DELTAS[delta], "delta_convention": delta,
            "mse": mean_squared_error(y, t), "cross_entropy": cross_entropy(y, t, DELTAS[delta])}


def _timing(spec: dict[str, Any], settings: Settings, stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    data = load(spec["dataset"], seed=0, mnist_dir=settings.mnist_dir)
    rng = np.random.default_rng(0)
    net = make_mlp(data.features, tuple(spec["hidden"]), data.classes, spec["activation"], "cross_entropy")
    theta = init_params(net, rng, "normal", 0.01)
    idx = rng.choice(len(data.y), size=min(spec["batch_size"], len(data.y)), replace=False)
    with one_blas_thread():
        return time_gradients(net, theta, data.x[idx], data.y[idx], spec["coordinates"], rng, stop=stop)


def _map(spec: dict[str, Any]) -> Resumable[dict[str, Any]]:
    """The lesson's sweep map, every cell's outcome code (row-major), as the claims measure it; a tile a piece."""
    req = SweepRequest.model_validate(spec)
    r = yield from sweep_steps(req.spec(), req.n)
    return {"meta": {"kind": "sweep", "axes": req.axes, "outcomes": list(OUTCOMES), "n": req.n},
            "xs": r.xs.tolist(), "ys": r.ys.tolist(), "reason": r.reason.tolist()}


def lesson_runs(lesson: dict[str, Any]) -> dict[str, RunConfig]:
    """The lesson's runs, validated as the API validates them, keyed by id."""
    configs = {}
    for i, raw in enumerate(lesson["runs"]):
        config = RUN_ADAPTER.validate_python(raw)
        configs[config.id or f"r{i + 1}"] = config
    return configs


def lesson_extras(lesson: dict[str, Any], configs: dict[str, RunConfig], settings: Settings,
                  stop: Callable[[], bool] | None = None) -> dict[str, tuple[bool, Callable[[], Resumable[Any]]]]:
    """The results beside the runs, keyed by id: (heavy, the resumable computation) for the loss presets, the
    anatomies of the steps the lesson takes apart, and the gradient timing (which polls `stop`)."""
    extras: dict[str, tuple[bool, Callable[[], Resumable[Any]]]] = {}
    for p in lesson.get("presets", []):
        extras[p["id"]] = False, partial(at_once, loss_values, p["y"], p["target"], p["delta"])
    for part in lesson.get("anatomy", []):
        config = configs[part["run"]]
        assert isinstance(config, DescentRun)
        extras[part["id"]] = False, partial(anatomy_steps, to_spec(config), part["step"])
    if "timing" in lesson:
        extras["timing"] = True, partial(at_once, _timing, lesson["timing"], settings, stop)
    if "sweep" in lesson:  # the lesson's map (a vectorised sweep, < 1 s): heavy, a tile a piece
        extras["map"] = True, partial(_map, lesson["sweep"])
    return extras


def lesson_inputs(lesson: dict[str, Any], settings: Settings) -> dict[str, dict[str, Any]]:
    """Every result a lesson's claims may measure, keyed by id, computed in this thread."""
    configs = lesson_runs(lesson)
    results = {run_id: run_result(config, run_id, settings) for run_id, config in configs.items()}
    for key, (_, work) in lesson_extras(lesson, configs, settings).items():
        results[key] = finish(work())
    return results


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """What the result table shows beside a run: its verdict, why it stopped, where it ended."""
    if "meta" not in result:
        return {k: result[k] for k in ("mse", "cross_entropy", "ratio", "max_relative_difference", "t", "x",
                                       "x_next") if k in result}
    if result["meta"]["kind"] == "sweep":
        reason = np.asarray(result["reason"])
        return {"cells": int(reason.size), **{name: int(np.count_nonzero(reason == code))
                                               for code, name in enumerate(result["meta"]["outcomes"])}}
    done = result["done"]
    out: dict[str, Any] = {"verdict": done["diagnosis"]["verdict"], "reason": done["reason"]}
    steps = result["steps"]
    if result["meta"]["kind"] == "descent":
        out.update(final=done["summary"]["final"], updates=done["summary"]["updates"])
    else:
        last = result["epochs"][-1] if result["epochs"] else {}
        out.update(train_loss=last.get("train_loss"), validation_loss=last.get("validation_loss"),
                   train_accuracy=last.get("train_accuracy"), validation_accuracy=last.get("validation_accuracy"),
                   epochs=last.get("epoch"), iterations=len(steps.get("t", [])))
        if result["meta"]["config"]["schedule"]["name"] == "range_test" and len(steps.get("t", [])) >= 3:
            rt = range_test(steps["lr"], steps["loss"])
            out["range_test"] = {"suggested_lr": rt.suggested_lr, "method": rt.method, "min_lr": rt.min_lr}
    return out


def cached(lesson: dict[str, Any], settings: Settings) -> dict[str, Any] | None:
    with _LOCK:
        return _CACHE.get(_cache_key(lesson, settings))


def _cache_key(lesson: dict[str, Any], settings: Settings) -> tuple[str, str | None]:
    return lesson["key"], str(settings.mnist_dir) if settings.mnist_dir else None


def conclude(lesson: dict[str, Any], settings: Settings, results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """{key, claims: [{id, ok, op, lhs, rhs, runs, text}], results: {id: summary}, question: {answer, holds}},
    kept for the process."""
    claims = check_all(lesson.get("claims", []), results)
    for c in claims:
        c["text"] = lesson["claim_text"][c["id"]]
        # +∞ (a tolerance never reached, a view never left) travels as null; say which side it was
        sides = [("lhs", c["lhs"]), *((f"rhs.{i}", v) for i, v in enumerate(c["rhs"]))] \
            if isinstance(c["rhs"], list) else [("lhs", c["lhs"]), ("rhs", c["rhs"])]
        c["never"] = [name for name, v in sides if isinstance(v, float) and math.isinf(v)]
    body = {"key": lesson["key"], "ok": all(c["ok"] for c in claims), "claims": claims,
            "results": {k: _summary(v) for k, v in results.items()}}
    if "question" in lesson:  # predict, then run: the choice the runs bear out, measured, not the expected one
        body["question"] = settle(lesson["question"], results)
    with _LOCK:
        _CACHE[_cache_key(lesson, settings)] = body
    return body


def lesson_result(lesson: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The lesson's result in this thread, computed once per process (the API computes it in the lanes)."""
    return cached(lesson, settings) or conclude(lesson, settings, lesson_inputs(lesson, settings))
