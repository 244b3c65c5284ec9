"""A lesson's claims as data: predicates over its runs' results, built from a small registry of named measures.

A claim is `{"id", "lhs": operand, "op": op, "rhs": operand}` (for `between`, rhs is a list of two operands).
An operand is `{"value": v}` or `{"measure": name, "run": run_id, ...parameters, "scale": k}` (k multiplies).
Operators: <, <=, >, >=, ==, approx (|a − b| ≤ rtol·|b|, rtol from the claim, default 1e-3), between (lo ≤ a ≤ hi).
A measure that never happens (a tolerance never reached, a view never left) is +∞, so "reaches it first" compares.

Results are plain dicts keyed by run id, in the API's shapes: a run {meta, steps, epochs, done}; a loss value
{mse, cross_entropy}; a gradient timing {ratio, max_relative_difference}; an update's anatomy (see anatomy.py);
a sweep map {meta, xs, ys, reason} (see map_measures.py, which also measures per-layer training facts).
Nothing here evaluates text: every claim is data, every measure a function in MEASURES.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .map_measures import MAP_MEASURES
from .range_test import range_test

Result = Mapping[str, Any]
Value = float | bool
OPS = ("<", "<=", ">", ">=", "==", "approx", "between")


def _steps(r: Result, column: str) -> np.ndarray:
    return np.asarray(r["steps"][column], dtype=np.float64)


def _xy(r: Result) -> np.ndarray:
    return np.asarray(r["steps"]["xy"], dtype=np.float64).reshape(-1, 2)


def _min_value(r: Result) -> float:
    """L*: the surface's lowest known value, the least-squares loss for regression, else 0."""
    meta = r["meta"]
    if meta.get("kind") == "descent" and meta["surface"].get("min_value") is not None:
        return float(meta["surface"]["min_value"])
    lsq = meta.get("plan", {}).get("least_squares") if meta.get("kind") == "train" else None
    return float(lsq["loss"]) if lsq else 0.0


def _minima(r: Result) -> np.ndarray:
    meta = r["meta"]
    if meta.get("kind") == "descent":
        return np.asarray(meta["surface"]["minima"], dtype=np.float64).reshape(-1, 2)
    lsq = meta.get("plan", {}).get("least_squares")
    return np.asarray(lsq["params"], dtype=np.float64).reshape(-1, 2) if lsq else np.zeros((0, 2))


def _distance(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Distance of each point to the nearest target."""
    if len(targets) == 0:
        return np.full(len(points), math.inf)
    nearest: np.ndarray = np.min(np.hypot(*(points[:, None, :] - targets[None, :, :]).transpose(2, 0, 1)), axis=1)
    return nearest


def final_loss(r: Result) -> float:
    """The loss at the last record (descent), or the training loss after the last epoch (training)."""
    if r["meta"].get("kind") == "train":
        return float(r["epochs"][-1]["train_loss"])
    return float(_steps(r, "loss")[-1])


def start_loss(r: Result) -> float:
    """The loss at the start: record 0 (descent), or epoch 0, the initial weights (training)."""
    if r["meta"].get("kind") == "train":
        return float(r["epochs"][0]["train_loss"])
    return float(_steps(r, "loss")[0])


def final_gap(r: Result) -> float:
    """L_end − L*: how far above the lowest known loss the run ended."""
    return final_loss(r) - _min_value(r)


def final_distance(r: Result) -> float:
    """Distance from the end point to the nearest known minimum (training: the least-squares (w, b))."""
    if r["meta"].get("kind") == "train":
        end = r["done"].get("final_xy")
        return math.inf if end is None else float(_distance(np.asarray([end], dtype=np.float64), _minima(r))[0])
    return float(_distance(_xy(r)[-1:], _minima(r))[0])


def tail_spread(r: Result, share: float = 0.25) -> float:
    """Root-mean-square distance to the nearest minimum over the last `share` of the records: the size of the
    "noise ball" a run keeps bouncing in."""
    xy = _xy(r)
    k = max(1, math.ceil(share * len(xy)))
    return float(np.sqrt(np.mean(_distance(xy[-k:], _minima(r)) ** 2)))


def distance_at(r: Result, t: int) -> float:
    """Distance from the point of record t (descent) or iteration t (a 2-parameter training) to the nearest
    known minimum."""
    xy = _xy(r)
    return float(_distance(xy[min(t, len(xy) - 1):][:1], _minima(r))[0])


def record_xy(r: Result, t: int, axis: int) -> float:
    """One coordinate of the point at record t."""
    return float(_xy(r)[t, axis])


def zigzag(r: Result, axis: int | None = None) -> float:
    """Share of consecutive moves that reverse: Δ_t · Δ_{t+1} < 0 (or, with `axis`, that coordinate's sign flips)."""
    moves = np.diff(_xy(r), axis=0)
    if len(moves) < 2:
        return 0.0
    dots = np.einsum("ij,ij->i", moves[:-1], moves[1:]) if axis is None else moves[:-1, axis] * moves[1:, axis]
    return float(np.mean(dots < 0))


def first_step_within(r: Result, tol: float) -> float:
    """The first record t with L_t − L* ≤ tol, or +∞ when the run never gets there."""
    hit = np.flatnonzero(_steps(r, "loss") - _min_value(r) <= tol)
    return float(_steps(r, "t")[hit[0]]) if len(hit) else math.inf


def diverged(r: Result) -> bool:
    """True when the run stopped on a non-finite value or ended more than 10× as far above L* as it started."""
    if r["done"]["reason"] == "diverged":
        return True
    gap0 = start_loss(r) - _min_value(r)
    return bool(final_gap(r) > 10.0 * gap0)


def _outside(r: Result) -> np.ndarray:
    (x0, x1), (y0, y1) = r["meta"]["surface"]["view"]
    xy = _xy(r)
    outside: np.ndarray = (xy[:, 0] < x0) | (xy[:, 0] > x1) | (xy[:, 1] < y0) | (xy[:, 1] > y1)
    return outside


def left_view(r: Result) -> float:
    """The first record t outside the surface's view box, or +∞ when the path stays on the map."""
    out = np.flatnonzero(_outside(r))
    return float(_steps(r, "t")[out[0]]) if len(out) else math.inf


def steps_off_view(r: Result) -> float:
    """How many records lie outside the surface's view box."""
    return float(np.sum(_outside(r)))


def updates(r: Result) -> float:
    """How many updates the run made (descent: the last record's t; training: iterations)."""
    return float(len(r["steps"]["t"]) if r["meta"].get("kind") == "train" else _steps(r, "t")[-1])


def near_saddle(r: Result, radius: float = 0.3) -> float:
    """How many records lie within `radius` of a saddle point."""
    saddles = np.asarray(r["meta"]["surface"]["saddles"], dtype=np.float64).reshape(-1, 2)
    return float(np.sum(_distance(_xy(r), saddles) < radius))


def final_saddle_distance(r: Result) -> float:
    """Distance from the end point to the nearest saddle point."""
    saddles = np.asarray(r["meta"]["surface"]["saddles"], dtype=np.float64).reshape(-1, 2)
    return float(_distance(_xy(r)[-1:], saddles)[0])


def median_grad_norm(r: Result) -> float:
    """The median gradient norm over the run's records."""
    return float(np.median(_steps(r, "grad_norm")))


def final_lr(r: Result) -> float:
    """The learning rate of the last record."""
    return float(_steps(r, "lr")[-1])


def path_extent(r: Result, axis: int) -> float:
    """max − min of one coordinate over the path: how much of the map the run covers along it."""
    xy = _xy(r)
    return float(np.ptp(xy[:, axis]))


def max_coordinate(r: Result, axis: int) -> float:
    """The largest value one coordinate takes along the path (e.g. > 0: the run overshot the minimum at 0)."""
    return float(np.max(_xy(r)[:, axis]))


def final_abs(r: Result, axis: int) -> float:
    """|coordinate| at the end of the path."""
    return float(abs(_xy(r)[-1, axis]))


def start_abs(r: Result, axis: int) -> float:
    """|coordinate| at the start of the path."""
    return float(abs(_xy(r)[0, axis]))


def straightness(r: Result) -> float:
    """|end − start| / path length: 1 for a straight line, small for a path that zig-zags or curls."""
    xy = _xy(r)
    length = float(np.sum(np.hypot(*np.diff(xy, axis=0).T)))
    return float(np.hypot(*(xy[-1] - xy[0]))) / length if length > 0 else 1.0


def separation(r: Result, other: Result) -> float:
    """Mean distance between two paths at the same record t (over the records both have): how far apart two runs
    are drawn on the map."""
    a, b = _xy(r), _xy(other)
    n = min(len(a), len(b))
    return float(np.mean(np.hypot(*(a[:n] - b[:n]).T)))


def iterations_per_epoch(r: Result) -> float:
    """How many iteration records the first epoch has (one per mini-batch)."""
    return float(np.sum(np.asarray(r["steps"]["epoch"]) == 1))


def _epoch_values(r: Result, key: str) -> np.ndarray:
    return np.asarray([e[key] if e[key] is not None else np.nan for e in r["epochs"]], dtype=np.float64)


def epochs(r: Result) -> float:
    """The last epoch number."""
    return float(r["epochs"][-1]["epoch"])


def best_validation_epoch(r: Result) -> float:
    """The epoch with the lowest validation loss (early stopping would keep its weights)."""
    return float(r["epochs"][int(np.nanargmin(_epoch_values(r, "validation_loss")))]["epoch"])


def best_validation_accuracy_epoch(r: Result) -> float:
    """The first epoch with the highest validation accuracy."""
    return float(r["epochs"][int(np.nanargmax(_epoch_values(r, "validation_accuracy")))]["epoch"])


def epoch_value(r: Result, key: str, epoch: int | str = "last") -> float:
    """One epoch summary value (train_loss, validation_accuracy, …) at an epoch, `last` or `best` (lowest
    validation loss)."""
    if epoch == "last":
        i = len(r["epochs"]) - 1
    elif epoch == "best":
        i = int(np.nanargmin(_epoch_values(r, "validation_loss")))
    else:
        i = next(k for k, e in enumerate(r["epochs"]) if e["epoch"] == epoch)
    return float(r["epochs"][i][key])


def min_epoch_value(r: Result, key: str) -> float:
    """The lowest value of one epoch summary column (e.g. validation_loss)."""
    return float(np.nanmin(_epoch_values(r, key)))


def suggested_lr(r: Result) -> float:
    """The range test's suggested learning rate (the steepest fall of the smoothed loss, see range_test.py)."""
    return range_test(r["steps"]["lr"], r["steps"]["loss"]).suggested_lr


def lr_at_min_loss(r: Result) -> float:
    """The range test's learning rate at the lowest smoothed loss."""
    return range_test(r["steps"]["lr"], r["steps"]["loss"]).min_lr


def range_loss_rise(r: Result) -> float:
    """The range test's last smoothed loss divided by its lowest: how far the loss shot up at the end."""
    rt = range_test(r["steps"]["lr"], r["steps"]["loss"])
    return rt.loss_end / rt.min_loss


def range_loss_fall(r: Result) -> float:
    """The range test's lowest smoothed loss divided by its first: how far the loss fell before rising."""
    rt = range_test(r["steps"]["lr"], r["steps"]["loss"])
    return rt.min_loss / rt.loss_start


def value(r: Result, key: str) -> float:
    """A number straight from a result: a loss value (mse, cross_entropy), a timing (ratio), an anatomy term."""
    v: Any = r
    for part in key.split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
    return float(v)


MEASURES: dict[str, Callable[..., Value]] = {f.__name__: f for f in (
    final_loss, start_loss, final_gap, final_distance, distance_at, record_xy, tail_spread, zigzag,
    first_step_within, diverged, left_view, steps_off_view, updates, near_saddle, final_saddle_distance,
    median_grad_norm, final_lr, path_extent, max_coordinate, final_abs, start_abs, straightness, separation,
    iterations_per_epoch, epochs, best_validation_epoch, best_validation_accuracy_epoch, epoch_value,
    min_epoch_value, suggested_lr, lr_at_min_loss, range_loss_rise, range_loss_fall, value, *MAP_MEASURES)}

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
}


class ClaimError(ValueError):
    """A claim that names an unknown measure, run or operator."""


def operand(spec: Mapping[str, Any], results: Mapping[str, Result]) -> Value:
    """The value of one operand: a literal, or a measure on one run (times `scale`)."""
    if "value" in spec:
        literal: Value = spec["value"]
        return literal
    name = spec.get("measure")
    if name not in MEASURES:
        raise ClaimError(f"unknown measure {name!r}; expected one of {sorted(MEASURES)}")
    run = spec.get("run")
    if run not in results:
        raise ClaimError(f"claim names run {run!r}, which the lesson does not have")
    params = {k: v for k, v in spec.items() if k not in ("measure", "run", "scale")}
    if "other" in params:  # a measure comparing two runs gets the other run's result
        if params["other"] not in results:
            raise ClaimError(f"claim names run {params['other']!r}, which the lesson does not have")
        params["other"] = results[params["other"]]
    out = MEASURES[str(name)](results[str(run)], **params)
    return out * spec["scale"] if "scale" in spec else out


def check(claim: Mapping[str, Any], results: Mapping[str, Result]) -> dict[str, Any]:
    """Evaluate one claim: {id, ok, lhs, rhs, op} with the measured values (+∞ stays +∞; the caller encodes it)."""
    op = claim.get("op")
    if op not in OPS:
        raise ClaimError(f"unknown operator {op!r}; expected one of {OPS}")
    lhs = operand(claim["lhs"], results)
    if op == "between":
        lo, hi = (operand(s, results) for s in claim["rhs"])
        rhs: Value | Sequence[Value] = [lo, hi]
        ok = lo <= lhs <= hi
    else:
        rhs = operand(claim["rhs"], results)
        if op == "approx":
            ok = abs(float(lhs) - float(rhs)) <= claim.get("rtol", 1e-3) * abs(float(rhs))
        else:
            ok = _COMPARE[op](lhs, rhs)
    return {"id": claim["id"], "ok": bool(ok), "op": op, "lhs": lhs, "rhs": rhs,
            "runs": sorted({r for s in _operands(claim) for r in (s.get("run"), s.get("other")) if r})}


def _operands(claim: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    rhs = claim["rhs"]
    return [claim["lhs"], *(rhs if isinstance(rhs, list) else [rhs])]


def check_all(claims: Sequence[Mapping[str, Any]], results: Mapping[str, Result]) -> list[dict[str, Any]]:
    """Every claim of a lesson, in order."""
    return [check(c, results) for c in claims]
