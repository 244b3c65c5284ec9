"""A run as a stream of protocol message bodies, the same for the WebSocket and for `POST /api/v1/runs`.

`pull(n, budget)` computes up to n more steps (descent) or iterations (training), stopping early once `budget`
seconds have passed, and returns the messages to send and whether the run has finished; then, until `settled`,
`settle(budget)` computes the closing work for about `budget` seconds a call (a training's counterfactual probes,
seconds in all: the caller gives each call its own lane turn, so other runs' chunks go in between); `done()` is
the `done` body. `pull` and `settle` are CPU work: the WebSocket session calls them in a worker thread.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

import numpy as np

from app.config import Settings
from app.core.columns import Columns
from app.core.descent import Done
from app.core.fast_descent import FastRun
from app.core.runs import descent_run, take
from app.core.training import Epoch, Iteration, Plan, Probing, TrainDone, train

from .blas import one_blas_thread
from .judged import judged
from .network_feed import NetworkFeed, sig
from .protocol import done_body, meta_body, range_test_body, to_spec
from .schemas import DescentRun
from .train_preview import TrainSetup
from .train_schemas import TrainRun

TRAIN_COLUMNS = ("t", "epoch", "iteration", "loss", "grad_norm", "lr")
LAYER_COLUMNS = {"layer_grad_norm": "grad_norm", "update_ratio": "update_ratio", "inactive": "inactive"}


class RunStream(Protocol):
    """What a session and the HTTP runner use of a descent or a training stream (read-only but `stepping`)."""

    stepping: bool  # set by the session while the run is stepped paused

    @property
    def run_id(self) -> str: ...
    @property
    def config(self) -> DescentRun | TrainRun: ...
    @property
    def heavy(self) -> bool: ...
    @property
    def records(self) -> int: ...
    @property
    def started(self) -> float: ...
    @property
    def settled(self) -> bool: ...
    def meta(self) -> dict[str, Any]: ...
    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]: ...
    def flush(self) -> list[tuple[str, dict[str, Any]]]: ...
    def settle(self, budget: float) -> None: ...
    def request_stop(self) -> None: ...
    def done(self) -> dict[str, Any]: ...


class DescentStream:
    """A 2D descent: `steps` messages of columns; the diagnosis judged from every record at the end."""

    heavy = False
    stepping = False

    def __init__(self, config: DescentRun, run_id: str) -> None:
        self.run_id, self.config = run_id, config
        self.spec = to_spec(config)
        self.steps = descent_run(self.spec)
        self.cols = Columns()
        self.finished: Done | None = None
        self.stop_requested = False
        self.started = time.perf_counter()

    @property
    def records(self) -> int:
        return len(self.cols)

    @property
    def quick(self) -> bool:
        """On the scalar fast path: a step costs about a microsecond, so a small chunk is cheaper than a thread hop."""
        return isinstance(self.steps, FastRun)

    def meta(self) -> dict[str, Any]:
        return meta_body(self.config, self.spec)

    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        if self.stop_requested:
            self.finished = Done("stopped", self.cols.t[-1] if len(self.cols) else 0)
            return [], True
        chunk, self.finished = take(self.steps, n)
        self.cols.extend(chunk)
        return ([("steps", {"cols": chunk.as_dict()})] if len(chunk) else []), self.finished is not None

    settled = True  # nothing to compute between the last step and `done`

    def settle(self, budget: float) -> None:
        pass

    def request_stop(self) -> None:
        self.stop_requested = True

    def flush(self) -> list[tuple[str, dict[str, Any]]]:
        return []

    def done(self) -> dict[str, Any]:
        assert self.finished is not None
        diagnosis = judged(self.spec, self.cols, self.finished)
        return done_body(self.finished, diagnosis, self.cols, time.perf_counter() - self.started, self.config)


class TrainStream:
    """A training run: `steps` messages per iteration batch (with the per-layer facts of each iteration), an `epoch`
    message per epoch, the network view's snapshot in each pull's last message (network_feed), `done` with the
    diagnosis, the loss landscape of the weight path, the final network and, for image sets, a confusion matrix."""

    heavy = True

    def __init__(self, config: TrainRun, run_id: str, settings: Settings) -> None:
        self.run_id, self.config = run_id, config
        self.setup = TrainSetup(config, settings)  # loads the data; raises DatasetUnavailable or ValueError
        self.stop_requested = False
        self.records = 0
        self.steps = train(self.setup.data, self.setup.cfg, stop=lambda: self.stop_requested,
                           prepared=self.setup.prep)
        plan = next(self.steps)
        if not isinstance(plan, Plan):  # pragma: no cover - train() yields its Plan first
            raise TypeError(f"a training starts with its plan, not {type(plan).__name__}")
        self.plan = plan
        self.feed = NetworkFeed(self.setup, settings.network_heavy_per_second)
        self.stepping = False  # set by the session while the run is stepped paused: every snapshot is whole
        self.weights: Any = None  # a read-only view of the generator's θ and its update count
        self.t = 0
        self.finished: TrainDone | None = None
        self.started = time.perf_counter()
        self.lock = threading.Lock()  # one thread at a time inside the training generator
        # a range test's reading needs every iteration's (η, loss); kept only for that schedule
        self.range: tuple[list[float], list[float]] | None = ([], []) if config.schedule.name == "range_test" else None

    def meta(self) -> dict[str, Any]:
        body = self.setup.meta(self.plan)
        body["plan"]["network"] = self.feed.meta()
        return body

    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        with self.lock:
            return self._pull(n, budget)

    def _pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        out: list[tuple[str, dict[str, Any]]] = []
        cols: dict[str, list[Any]] = {k: [] for k in (*TRAIN_COLUMNS, *LAYER_COLUMNS)}
        xy: list[Any] = []
        deadline = time.perf_counter() + budget
        taken = 0
        finished = False

        def flush() -> None:
            if cols["t"]:
                out.append(("steps", {"cols": {**{k: list(v) for k, v in cols.items()}, **({"xy": list(xy)}
                                                                                          if xy else {})}}))
                for v in cols.values():
                    v.clear()
                xy.clear()

        with one_blas_thread():
            for rec in self.steps:
                if isinstance(rec, Iteration):
                    for k in TRAIN_COLUMNS:
                        cols[k].append(getattr(rec, k))
                    if rec.layers is not None:
                        for k, field in LAYER_COLUMNS.items():
                            cols[k].append(sig(getattr(rec.layers, field)))
                    if self.range is not None:
                        self.range[0].append(rec.lr)
                        self.range[1].append(rec.loss)
                    if rec.xy is not None:
                        xy.append(rec.xy)
                    self.weights, self.t = rec.weights, rec.t + 1
                    taken += 1
                    self.records += 1
                elif isinstance(rec, Epoch):
                    flush()
                    out.append(("epoch", self.setup.epoch_body(rec)))
                    self.weights, self.t = rec.weights, rec.t
                    if rec.weights is not None:
                        self.feed.reselect(rec.weights)
                elif isinstance(rec, TrainDone):
                    flush()
                    self.finished, finished = rec, True
                    break
                elif isinstance(rec, Probing):  # every record is out: the rest is judging, done by `settle`
                    flush()
                    finished = True
                    break
                if taken >= n or (taken > 0 and time.perf_counter() > deadline):  # at least one iteration per pull
                    break
            flush()
            if out and not finished:
                self._attach(out[-1][1], force_heavy=self.stepping)
        return out, finished

    def _attach(self, body: dict[str, Any], force_heavy: bool) -> bool:
        """Put the network snapshot at the current weights into `body` (not when they are not finite)."""
        if self.weights is None or not np.isfinite(self.weights).all():
            return False
        body["network"] = self.feed.body(self.weights, self.t, force_heavy)
        return True

    def flush(self) -> list[tuple[str, dict[str, Any]]]:
        """A `steps` message of no iterations with the whole snapshot, when its heavy parts lag behind (on pause)."""
        with self.lock:
            if self.finished is not None or not self.feed.stale(self.t):
                return []
            body: dict[str, Any] = {"cols": {k: [] for k in (*TRAIN_COLUMNS, *LAYER_COLUMNS)}}
            with one_blas_thread():
                return [("steps", body)] if self._attach(body, force_heavy=True) else []

    @property
    def settled(self) -> bool:
        return self.finished is not None

    def settle(self, budget: float) -> None:
        """Judge for about `budget` seconds (at least one probe record), or until the diagnosis is ready."""
        with self.lock, one_blas_thread():
            deadline = time.perf_counter() + budget
            for rec in self.steps:
                if isinstance(rec, TrainDone):
                    self.finished = rec
                    return
                if time.perf_counter() > deadline:
                    return

    def request_stop(self) -> None:
        self.stop_requested = True

    def done(self) -> dict[str, Any]:
        with self.lock:
            if self.finished is None:  # stopped before the generator said so, or still judging: drain it
                for rec in self.steps:
                    if isinstance(rec, TrainDone):
                        self.finished = rec
        assert self.finished is not None
        with one_blas_thread():
            body = self.setup.done_body(self.finished, time.perf_counter() - self.started)
            theta = self.finished.theta
            if np.isfinite(theta).all():
                self.feed.reselect(theta)
                body["network"] = self.feed.body(theta, self.finished.t, force_heavy=True)
            else:
                body["network"] = None
            if self.range is not None:
                body["range_test"] = range_test_body(*self.range)
            return body


def make_stream(config: DescentRun | TrainRun, run_id: str, settings: Settings) -> DescentStream | TrainStream:
    """The stream for a validated configuration."""
    if isinstance(config, TrainRun):
        return TrainStream(config, run_id, settings)
    return DescentStream(config, run_id)
