"""Facts measured on a whole training run: the evidence every training verdict and sentence is built from.

  spike_ratio         max_t L_t / L_0 over the mini-batch losses L_t (spike_iteration: its t)
  lowest_batch_loss   the lowest 5-iteration average of L_t; late_batch_loss: the mean of the last 5 % of L_t
  chance_loss         ln K for K classes (a net that predicts 1/K everywhere), ½·var(y) for regression (the mean)
  majority_share      share of the training predictions (final weights) that fall in the most common class
  dead_share          share of ReLU hidden units whose input is ≤ 0 for every training sample (output always 0)
  gap, gap_se         train − held-out accuracy and its standard error √(p(1−p)/n), p = held-out accuracy
  held_out_rise       held-out loss at the end − its minimum (at best_held_out_epoch)
  late_fall           relative fall of the epoch training loss over the last quarter of the epochs
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .nets import MLP, forward, unflatten

SAMPLE = 2048


def dead_share(net: MLP, theta: np.ndarray, x: np.ndarray) -> float | None:
    """Share of hidden ReLU units with z = a W + b ≤ 0 for every row of x (None for non-ReLU or no hidden layer)."""
    if net.activation != "relu" or net.depth < 2 or len(x) == 0:
        return None
    p = unflatten(net, theta)
    a = np.asarray(x[:SAMPLE], dtype=np.float64)
    dead = units = 0
    with np.errstate(all="ignore"):
        for layer in range(1, net.depth):
            z = a @ p[f"W{layer}"] + p[f"b{layer}"]
            dead += int(np.sum(np.all(~(z > 0), axis=0)))
            units += z.shape[1]
            a = np.maximum(z, 0.0)
    return dead / units if units else None


def majority(net: MLP, theta: np.ndarray, x: np.ndarray) -> tuple[float | None, int | None]:
    """(share of predictions in the most common class, that class) on up to SAMPLE rows of x."""
    if net.loss != "cross_entropy" or len(x) == 0:
        return None, None
    with np.errstate(all="ignore"):
        pred = np.argmax(forward(net, theta, x[:SAMPLE]), axis=1)
    counts = np.bincount(pred, minlength=net.sizes[-1])
    k = int(np.argmax(counts))
    return float(counts[k] / len(pred)), k


def held_out_name(last: Any) -> str | None:
    return "validation" if last.validation_loss is not None else "test" if last.test_loss is not None else None


def measure(history: Sequence[Any], batch_loss: np.ndarray, batch_lr: np.ndarray, *, classification: bool,
            classes: int, y_train: np.ndarray, n_held: int, net: MLP, theta: np.ndarray,
            x_train: np.ndarray) -> dict[str, Any]:
    """The facts of a run: epoch summaries (epoch 0 = initial weights), the mini-batch losses and learning rates
    in update order, and the final weights."""
    first, last = history[0], history[-1]
    f: dict[str, Any] = {"epochs": last.epoch, "loss_start": first.train_loss, "loss_end": last.train_loss,
                         "train_accuracy": last.train_accuracy, "lr_start": float(batch_lr[0]) if len(batch_lr)
                         else None, "lr_end": float(batch_lr[-1]) if len(batch_lr) else None}
    if len(batch_loss):
        i = int(np.argmax(batch_loss))
        f.update(batch_loss_start=float(batch_loss[0]), spike_iteration=i, spike_loss=float(batch_loss[i]),
                 spike_ratio=float(batch_loss[i] / batch_loss[0]) if batch_loss[0] > 0 else None,
                 lr_at_spike=float(batch_lr[i]))
        w = min(5, len(batch_loss))
        f["lowest_batch_loss"] = float(np.min(np.convolve(batch_loss, np.ones(w) / w, mode="valid")))
        f["late_batch_loss"] = float(np.mean(batch_loss[-max(w, len(batch_loss) // 20):]))
    if classification:
        f["chance_loss"] = math.log(classes)
        f["majority_share"], f["majority_class"] = majority(net, theta, x_train)
    else:
        y = np.asarray(y_train, dtype=np.float64)
        f["chance_loss"] = 0.5 * float(np.mean((y - y.mean(axis=0)) ** 2)) if len(y) else None
    f["dead_share"] = dead_share(net, theta, x_train)
    q = history[max(0, math.floor(0.75 * (len(history) - 1)))].train_loss
    f["late_fall"] = (q - last.train_loss) / q if q > 0 and len(history) > 2 else None
    held = held_out_name(last)
    f["held_out"] = held
    if held is not None:
        ho_loss = [getattr(h, f"{held}_loss") for h in history]
        ho_acc = [getattr(h, f"{held}_accuracy") for h in history]
        e = min(range(len(ho_loss)), key=ho_loss.__getitem__)
        f.update(held_out_loss=ho_loss[-1], held_out_accuracy=ho_acc[-1], best_held_out_epoch=history[e].epoch,
                 best_held_out_loss=ho_loss[e], held_out_rise=ho_loss[-1] - ho_loss[e],
                 held_out_fall=ho_loss[0] - ho_loss[e], train_loss_at_best=history[e].train_loss,
                 held_out_accuracy_at_best=ho_acc[e], n_held_out=n_held)
        if classification and last.train_accuracy is not None and ho_acc[-1] is not None:
            p = ho_acc[-1]
            f["gap"] = last.train_accuracy - p
            f["gap_se"] = math.sqrt(max(p * (1.0 - p), 1.0 / max(n_held, 1)) / max(n_held, 1))
    return f
