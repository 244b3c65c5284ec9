"""What the page needs to show a training run: the plan and a preview of the data up front, epoch summaries with
the decision boundary, and at the end the diagnosis, the loss landscape and (for image sets) a confusion matrix."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from app.config import Settings
from app.core.datasets import linreg_surface
from app.core.landscape import Grid
from app.core.nets import NumericalCost, forward, numerical_cost
from app.core.training import Epoch, Plan, TrainDone
from app.core.training_setup import prepare

from .blas import one_blas_thread
from .counterfactual import train_config
from .custom_data_fields import load_data
from .exported import exported
from .sentences import diagnosis_body
from .train_schemas import TrainRun

PREVIEW_IMAGES = 32
MISCLASSIFIED = 16
SURFACE_GRID = 60


def grid_body(g: Grid | None) -> dict[str, Any] | None:
    """A grid in the protocol's shape: {shape: [ny, nx], domain, values (row-major), quantity}."""
    if g is None:
        return None
    return {"shape": list(g.shape), "domain": [list(g.domain[0]), list(g.domain[1])],
            "values": np.round(np.asarray(g.values, dtype=np.float64).ravel(), 4), "quantity": g.quantity}


def _images(x: np.ndarray) -> list[list[int]]:
    pixels: list[list[int]] = np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8).tolist()
    return pixels


class TrainSetup:
    """The data, the resolved configuration and the split of one training run."""

    def __init__(self, config: TrainRun, settings: Settings) -> None:
        self.config = config
        self.cfg = dataclasses.replace(config.to_config(), advice_seconds=settings.advice_seconds)
        self.data = load_data(config.dataset, config.seed, settings)
        self.prep = prepare(self.data, self.cfg)

    def preview(self) -> dict[str, Any]:
        """2D points with labels per split; a sample of images; or the regression points and its loss surface."""
        d, parts = self.data, self.prep.raw or self.prep.split  # the points as drawn, before any input features
        out: dict[str, Any] = {"kind": d.kind, "key": d.key, "image_shape": d.image_shape, "classes": d.classes}
        if d.kind == "points2d":
            out["points"] = {name: {"x": np.round(p.x, 4), "y": p.y} for name, p in
                             (("train", parts.train), ("validation", parts.validation), ("test", parts.test))}
        elif d.kind == "image":
            k = min(PREVIEW_IMAGES, parts.train.n)
            out["images"] = {"pixels": _images(parts.train.x[:k]), "labels": parts.train.y[:k]}
        else:
            xs, ys = parts.train.x[:, 0], parts.train.y
            s = linreg_surface(xs, ys)
            (w0, b0), span = s.minimum, 3.0 + abs(s.minimum[0]) + abs(s.minimum[1])
            domain = ((w0 - span, w0 + span), (b0 - span, b0 + span))
            gx, gy = np.meshgrid(np.linspace(*domain[0], SURFACE_GRID), np.linspace(*domain[1], SURFACE_GRID))
            out["points"] = {"train": {"x": np.round(parts.train.x, 4), "y": np.round(ys, 4)}}
            out["surface"] = {"grid": grid_body(Grid((SURFACE_GRID, SURFACE_GRID), domain,
                                                     s.loss(np.stack([gx, gy])), "loss")),
                              "minimum": list(s.minimum), "min_loss": s.min_loss}
        return out

    def meta(self, plan: Plan) -> dict[str, Any]:
        """`meta` for a training run: the configuration as given and as resolved, the plan, the data preview."""
        p = plan._asdict()
        p["layout"] = [{"name": s.name, "shape": list(s.shape), "offset": s.offset} for s in plan.layout]
        p["boundary"] = None if plan.boundary is None else {"shape": list(plan.boundary[0]),
                                                            "domain": [list(r) for r in plan.boundary[1]]}
        cost = plan.numerical_cost or self.numerical_cost(plan.batch_size)
        p["numerical_cost"] = cost._asdict()
        resolved = dataclasses.asdict(self.cfg)
        return {"kind": "train", "config": exported(self.config.model_dump(mode="json")), "resolved": resolved,
                "plan": p, "dataset": self.preview()}

    def numerical_cost(self, batch_size: int) -> NumericalCost:
        """What one numerical gradient of this net on one mini-batch would cost (2P loss evaluations, timed)."""
        train = self.prep.split.train
        with one_blas_thread():
            return numerical_cost(self.prep.net, self.prep.theta0, train.x[:batch_size], train.y[:batch_size],
                                  repeats=3)

    def epoch_body(self, e: Epoch) -> dict[str, Any]:
        body = e._asdict()
        del body["weights"]
        body["boundary"] = grid_body(e.boundary)
        return body

    def evaluation(self, theta: np.ndarray) -> dict[str, Any] | None:
        """Confusion matrix on the test split (validation, else train, when empty) and misclassified examples."""
        if self.data.kind == "regression":
            return None
        parts = self.prep.split
        part, name = next(((p, n) for p, n in ((parts.test, "test"), (parts.validation, "validation"),
                                                (parts.train, "train")) if p.n > 0))
        predicted = np.argmax(forward(self.prep.net, theta, part.x), axis=1)
        k = self.data.classes
        confusion = np.zeros((k, k), dtype=np.int64)
        np.add.at(confusion, (part.y, predicted), 1)
        out: dict[str, Any] = {"split": name, "confusion": confusion, "accuracy": float(np.mean(predicted == part.y))}
        if self.data.kind == "image":
            wrong = np.flatnonzero(predicted != part.y)[:MISCLASSIFIED]
            out["misclassified"] = {"pixels": _images(part.x[wrong]), "labels": part.y[wrong],
                                    "predicted": predicted[wrong]}
        return out

    def done_body(self, done: TrainDone, elapsed: float) -> dict[str, Any]:
        d = done.diagnosis
        cf_config = train_config(self.config, self.cfg, d.counterfactual.change) if d.counterfactual else None
        scape = done.landscape
        return {
            "reason": done.reason, "t": done.t, "epoch": done.epoch, "detail": done.detail,
            "diagnosis": diagnosis_body(d, cf_config),
            "summary": {**done.summary, "elapsed_ms": round(elapsed * 1000.0, 1)}, "best_epoch": done.best_epoch,
            "landscape": None if scape is None else {
                "path": scape.path, "epochs": list(scape.epochs), "grid": grid_body(scape.grid),
                "explained_variance": list(scape.explained_variance), "capped": scape.capped},
            "evaluation": self.evaluation(done.theta),
            # the weights where training ended, for a 2-parameter net (the regression's w, b): the last `steps`
            # record is the point before the last update
            "final_xy": done.theta.tolist() if done.theta.size == 2 else None,
        }
