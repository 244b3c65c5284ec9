"""Training an MLP by mini-batch gradient descent, as a lazy, deterministic generator of records.

Order of records: one Plan; an Epoch record for epoch 0 (the initial weights); then for each epoch its Iteration
records followed by its Epoch record; finally one TrainDone. Iteration t (global, 0-based; the schedule's step)
reports the batch loss L_t and gradient g_t at θ_t, the learning rate η_t of the update θ_{t+1} = θ_t + Δ_t
(Δ_t from the optimizer; plain SGD is applied in place as θ ← θ − η_t g_t, the same numbers without temporaries) and
the per-layer facts of app.core.layer_stats; it is yielded after the update, and its `weights` (like an Epoch's) is
a read-only view of the current θ, valid until the next record is requested.
Nothing non-finite is yielded (but the update ratio of a layer whose weights are all 0 is inf): the first non-finite
loss or gradient ends the run as "diverged", and the weights returned are those of the last completed epoch.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Generator, Iterator
from typing import Any, NamedTuple

import numpy as np

from .batching import SAMPLINGS, Split, epoch_batches, iterations_per_epoch
from .datasets import Dataset
from .fit_advice import ComputeClock
from .fit_evidence import measure
from .fit_judge import judge_training
from .gradients import Interrupted, central_difference
from .landscape import Grid, Landscape, Snapshots, landscape
from .layer_stats import LayerStats, inactive_share, layer_norms, update_ratios
from .nets import MLP, NumericalCost, ParamSpec, Workspace, evaluate, losses_at, numerical_cost
from .registry import make_optimizer, make_schedule
from .training_setup import GridSpec, Prepared, TrainConfig, boundary, config_for, least_squares, prepare
from .verdicts import Diagnosis, Sentence

__all__ = ["Epoch", "Iteration", "Plan", "Probing", "TrainConfig", "TrainDone", "config_for", "least_squares",
           "prepare", "train"]

GRADIENT_MODES = ("backprop", "numerical")
SNAPSHOT_BYTES = 32 * 2**20


class Probing(NamedTuple):
    """After the last epoch, between two records of a counterfactual probe: the judging is under way and can be
    paused here (the probes' time budget counts compute time only). `records`: the probe records so far."""

    records: int


class Plan(NamedTuple):
    """What the run will do: sizes of the split, batch_size (capped at n_train), iterations per epoch, totals,
    the network's layer sizes and parameter layout, the decision-boundary grid (2D data), the least-squares
    reference for regression (loss and parameters in θ's layout) and, for numerical gradients, their cost."""

    n: int
    n_train: int
    n_validation: int
    n_test: int
    batch_size: int
    iterations_per_epoch: int
    epochs: int
    total_iterations: int
    parameters: int
    sizes: tuple[int, ...]
    layout: tuple[ParamSpec, ...]
    kind: str
    classes: int
    boundary: GridSpec | None
    least_squares: dict[str, Any] | None
    numerical_cost: NumericalCost | None


class Iteration(NamedTuple):
    """Update t (0-based, global) = `iteration` (0-based) of `epoch` (1-based): batch loss and ‖g‖ at θ_t, η_t;
    xy = θ_t itself when the net has exactly two parameters (the linear-regression surface); layers: the per-layer
    gradient norms, update ratios and inactive shares of this update; weights: a read-only view of θ_{t+1}."""

    epoch: int
    iteration: int
    t: int
    loss: float
    grad_norm: float
    lr: float
    xy: tuple[float, ...] | None = None
    layers: LayerStats | None = None
    weights: np.ndarray | None = None


class Epoch(NamedTuple):
    """After `epoch` (0 = initial weights) and t updates: loss and accuracy on each part (None when the part is
    empty or for regression accuracy), the last η, whether this is the best validation loss so far (early
    stopping), and the decision boundary for 2D data."""

    epoch: int
    t: int
    train_loss: float
    train_accuracy: float | None
    validation_loss: float | None
    validation_accuracy: float | None
    test_loss: float | None
    test_accuracy: float | None
    lr: float
    best: bool
    boundary: Grid | None
    weights: np.ndarray | None = None


class TrainDone(NamedTuple):
    """Why the run ended (STOP_REASONS), after t updates, in `epoch`; the learner's diagnosis; the final metrics;
    the weights returned (the best epoch's with early stopping, the last finite ones after divergence); and the
    loss landscape in the plane of the weight trajectory."""

    reason: str
    t: int
    epoch: int
    detail: str | None
    diagnosis: Diagnosis
    summary: dict[str, Any]
    best_epoch: int | None
    theta: np.ndarray
    landscape: Landscape | None


def _check(config: TrainConfig, prep: Prepared) -> None:
    if config.gradient not in GRADIENT_MODES:
        raise ValueError(f"unknown gradient mode {config.gradient!r}; expected one of {GRADIENT_MODES}")
    if config.sampling not in SAMPLINGS:
        raise ValueError(f"unknown sampling {config.sampling!r}; expected one of {SAMPLINGS}")
    if config.batch_size < 1 or config.epochs < 0:
        raise ValueError("batch_size must be at least 1 and epochs non-negative")
    if config.patience is not None and (config.patience < 1 or prep.split.validation.n == 0):
        raise ValueError("early stopping needs patience ≥ 1 and a validation set (validation_fraction > 0)")


def _metrics(net: MLP, theta: np.ndarray, parts: Split, ws: Workspace) -> tuple[float | None, ...]:
    out: list[float | None] = []
    for part in parts:
        if part.n == 0:
            out += [None, None]
        else:
            out += list(evaluate(net, theta, part.x, part.y, workspace=ws))
    return tuple(out)


def _finite(values: tuple[float | None, ...]) -> bool:
    return all(v is None or math.isfinite(v) for v in values)


def train(data: Dataset, config: TrainConfig | None = None, *, stop: Callable[[], bool] | None = None,
          prepared: Prepared | None = None) -> Iterator[Plan | Iteration | Epoch | Probing | TrainDone]:
    """Train on `data` with `config`; `stop()` is polled before every iteration (True ends the run as "stopped").
    `prepared` is prepare(data, config) when the caller already made it (the data are then split only once)."""
    cfg = config or TrainConfig()
    prep = prepared if prepared is not None else prepare(data, cfg)
    _check(cfg, prep)
    net, parts = prep.net, prep.split
    train_x, train_y = parts.train.x, parts.train.y
    batch_size = min(cfg.batch_size, parts.train.n)
    ipe = iterations_per_epoch(parts.train.n, batch_size, cfg.drop_last)
    schedule = make_schedule(cfg.schedule, cfg.lr, **cfg.schedule_params)
    optimizer = make_optimizer(cfg.optimizer, schedule, cfg.convention, **cfg.optimizer_params)
    in_place = cfg.optimizer == "sgd" and not cfg.optimizer_params.get("weight_decay")
    classification = data.kind != "regression"
    lsq = None if classification else least_squares(train_x, train_y)
    ws = Workspace(net, batch_size)
    cost = numerical_cost(net, prep.theta0, train_x[:batch_size], train_y[:batch_size]) \
        if cfg.gradient == "numerical" else None
    yield Plan(len(data.y), parts.train.n, parts.validation.n, parts.test.n, batch_size, ipe, cfg.epochs,
               ipe * cfg.epochs, net.n_params, net.sizes, net.layout, data.kind, data.classes, prep.grid, lsq, cost)

    theta = prep.theta0.copy()
    state = optimizer.init(theta)
    grad = np.empty(net.n_params, dtype=net.dtype)
    xbuf = np.empty((batch_size, net.sizes[0]), dtype=net.dtype)
    ews = Workspace(net, max(1, min(2048, max(p.n for p in parts))))
    snap_limit = max(3, min(cfg.max_snapshots, SNAPSHOT_BYTES // (net.n_params * theta.itemsize)))
    snaps = Snapshots(snap_limit)
    history: list[Epoch] = []
    best_loss, best_epoch, best_theta, wait = math.inf, None, None, 0
    reason, detail, t, epoch = "completed", None, 0, 0
    last_good = theta.copy()
    batch_loss: list[float] = []
    batch_lr: list[float] = []
    show_xy = net.n_params == 2
    weights = theta.view()
    weights.flags.writeable = False
    hidden_acts = ws.acts[:-1]

    def record(ep: int) -> Epoch | None:
        nonlocal best_loss, best_epoch, best_theta, wait
        with np.errstate(all="ignore"):
            m = _metrics(net, theta, parts, ews)
            grid = boundary(prep, theta)
        if not _finite(m) or (prep.grid is not None and grid is None):
            return None
        is_best = False
        if cfg.patience is not None and m[2] is not None:
            if m[2] < best_loss - cfg.min_delta:
                best_loss, best_epoch, best_theta, wait, is_best = m[2], ep, theta.copy(), 0, True
            else:
                wait += 1
        return Epoch(ep, t, *m, schedule(max(t - 1, 0)), is_best, grid, weights)  # type: ignore[arg-type, call-arg]

    first = record(0)
    if first is None:
        reason, detail = "diverged", "the loss is not finite at the initial weights"
    else:
        history.append(first)
        snaps.add(0, theta)
        yield first
    while reason == "completed" and epoch < cfg.epochs:
        epoch += 1
        for i, idx in enumerate(epoch_batches(parts.train.n, batch_size, prep.batch_rng, cfg.sampling,
                                              cfg.drop_last)):
            if (stop is not None and stop()) or (cfg.max_iterations is not None and t >= cfg.max_iterations):
                reason = "stopped" if cfg.max_iterations is None or t < cfg.max_iterations else "limit"
                detail = f"stopped at iteration {t}" if reason == "stopped" else f"iteration limit {t} reached"
                if i == 0:
                    epoch -= 1  # ended between two epochs: report the last one that ran
                break
            xb = np.take(train_x, idx, axis=0, out=xbuf[:len(idx)], mode="clip")  # clip: unbuffered
            yb = train_y[idx]
            m = len(idx)
            with np.errstate(all="ignore"):
                if cfg.gradient == "numerical":
                    loss = ws.loss(theta, xb, yb)
                    inactive = tuple(inactive_share(net.activation, a[:m]) for a in hidden_acts)
                    try:
                        np.copyto(grad, central_difference(lambda th, xb=xb, yb=yb: ws.loss(th, xb, yb),  # type: ignore[misc]
                                                           theta, cfg.h, stop))
                    except Interrupted:  # 2P loss evaluations can take long: the stop flag is polled inside
                        reason, detail = "stopped", f"stopped at iteration {t}"
                        if i == 0:
                            epoch -= 1
                        break
                else:
                    loss = ws.loss_and_grad(theta, xb, yb, grad)
                    inactive = tuple(inactive_share(net.activation, a[:m]) for a in hidden_acts)
                gnorms = layer_norms(net, grad)
                gnorm = math.sqrt(float(np.dot(gnorms, gnorms)))
            if not (math.isfinite(loss) and math.isfinite(gnorm)):
                what = "loss" if not math.isfinite(loss) else "gradient"
                reason, detail = "diverged", f"the {what} is not finite at iteration {t} (epoch {epoch})"
                break
            lr = schedule(t)
            batch_loss.append(loss)
            batch_lr.append(lr)
            xy = tuple(theta.tolist()) if show_xy else None
            with np.errstate(all="ignore"):
                tnorms = layer_norms(net, theta)
                if in_place:
                    dnorms = abs(lr) * gnorms
                    grad *= lr
                    theta -= grad
                else:
                    delta, state = optimizer.update(grad, state, theta, t)
                    dnorms = layer_norms(net, delta)
                    theta += delta
                ratios = update_ratios(tnorms, dnorms)
            stats = LayerStats(tuple(gnorms.tolist()), tuple(ratios.tolist()), inactive)
            yield Iteration(epoch, i, t, loss, gnorm, lr, xy, stats, weights)
            t += 1
        if reason != "completed":
            break
        rec = record(epoch)
        if rec is None:
            reason, detail = "diverged", f"the loss is not finite after epoch {epoch}"
            break
        history.append(rec)
        last_good = theta.copy()
        snaps.add(epoch, theta)
        yield rec
        if cfg.patience is not None and wait >= cfg.patience:
            reason, detail = "early_stopping", f"no validation improvement for {cfg.patience} epochs"
    yield from _finish(cfg, prep, data, history, snaps, theta, last_good, best_theta, best_epoch, reason, detail, t,
                       epoch, (np.asarray(batch_loss), np.asarray(batch_lr)), lsq)


def _finish(cfg: TrainConfig, prep: Prepared, data: Dataset, history: list[Epoch], snaps: Snapshots,
            theta: np.ndarray, last_good: np.ndarray, best_theta: np.ndarray | None, best_epoch: int | None,
            reason: str, detail: str | None, t: int, epoch: int, batches: tuple[np.ndarray, np.ndarray],
            lsq: dict[str, Any] | None) -> Iterator[TrainDone | Probing]:
    net, parts = prep.net, prep.split
    keys = ("train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "test_loss", "test_accuracy")
    summary: dict[str, Any] = dict.fromkeys(keys)
    summary.update(iterations=t, epochs_completed=max(len(history) - 1, 0), best_epoch=best_epoch,
                   restored=best_theta is not None)
    if not history:
        diagnosis = Diagnosis("diverged", Sentence("diagnosis.diverged_at_start"), {"iterations": 0})
        yield TrainDone(reason, t, epoch, detail, diagnosis, summary, None, theta.copy(), None)
        return
    ews = Workspace(net, max(1, min(2048, max(p.n for p in parts))))
    final = best_theta if best_theta is not None else (last_good if reason == "diverged" else theta)
    with np.errstate(all="ignore"):
        m = _metrics(net, final, parts, ews)
    if not _finite(m):
        reason, detail, final = "diverged", detail or f"the loss is not finite at iteration {t}", last_good
        m = _metrics(net, final, parts, ews)
    summary.update(zip(keys, m, strict=True))
    diagnosis = yield from _judge(cfg, prep, data, history, final, reason, t, batches, lsq, best_epoch)
    scape = None
    if cfg.landscape and history:
        snaps.finish(history[-1].epoch, last_good)
        n = min(cfg.landscape_samples, parts.train.n)
        xs, ys = parts.train.x[:n], parts.train.y[:n]
        scape = landscape(snaps, final, lambda ths: losses_at(net, ths, xs, ys), prep.extra_rng, cfg.landscape_size)
    yield TrainDone(reason, t, epoch, detail, diagnosis, summary, best_epoch, final.copy(), scape)



def _judge(cfg: TrainConfig, prep: Prepared, data: Dataset, history: list[Epoch], final: np.ndarray, reason: str,
           t: int, batches: tuple[np.ndarray, np.ndarray], lsq: dict[str, Any] | None,
           best_epoch: int | None) -> Generator[Probing, None, Diagnosis]:
    """Measure the run, then judge it, trying counterfactuals within cfg.advice_seconds of compute; yields a
    Probing record after each probe record (a place to pause)."""
    parts = prep.split
    classification = data.kind != "regression"
    held_n = parts.validation.n if parts.validation.n else parts.test.n
    facts = measure(history, batches[0], batches[1], classification=classification, classes=data.classes,
                    y_train=parts.train.y, n_held=held_n, net=prep.net, theta=final, x_train=parts.train.x)
    facts.update(iterations=t, reference_loss=lsq["loss"] if lsq else None, lr_at_lowest=_lr_at_lowest(*batches))
    batch_size = min(cfg.batch_size, parts.train.n)
    total = iterations_per_epoch(parts.train.n, batch_size, cfg.drop_last) * cfg.epochs
    probe = None
    if cfg.advice_seconds > 0:
        clock = ComputeClock(cfg.advice_seconds)
        done_records = 0

        def probe(change: dict[str, Any]) -> Generator[Probing, None, tuple[list[Any], str]]:
            nonlocal done_records
            alt = dataclasses.replace(cfg, **change, advice_seconds=0.0, landscape=False, boundary_size=0,
                                      max_iterations=None)
            hist: list[Epoch] = []
            done = None
            for rec in train(data, alt, stop=clock.out):
                if isinstance(rec, Epoch):
                    hist.append(rec)
                elif isinstance(rec, TrainDone):
                    done = rec
                done_records += 1
                yield from clock.pause(Probing(done_records))
            return hist, done.reason if done is not None else "stopped"
    return (yield from judge_training(history, facts, reason, cfg=cfg, classification=classification, probe=probe,
                                      batch_size=batch_size, n_train=parts.train.n, total=total,
                                      best_epoch=best_epoch, patience=cfg.patience))


def _lr_at_lowest(loss: np.ndarray, lr: np.ndarray, window: int = 5) -> float | None:
    """The learning rate where the mini-batch loss, averaged over `window` iterations, was lowest."""
    if len(loss) < window:
        return None
    smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
    return float(lr[int(np.argmin(smooth)) + window // 2])
