"""A run as a stream of protocol message bodies, the same for the WebSocket and for `POST /api/v1/runs`.

`pull(n, budget)` computes up to n more steps (descent) or iterations (training), stopping early once `budget`
seconds have passed, and returns the messages to send and whether the run has finished; `done()` is the `done`
body. `pull` is CPU work: the WebSocket session calls it in a worker thread.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

from threadpoolctl import threadpool_limits

from app.config import Settings
from app.core.descent import Done
from app.core.runs import Columns, descent_run, judge, take
from app.core.training import Epoch, Iteration, TrainDone, train

from .protocol import done_body, meta_body, to_spec
from .schemas import DescentRun
from .train_preview import TrainSetup
from .train_schemas import TrainRun


class RunStream(Protocol):
    run_id: str
    config: DescentRun | TrainRun
    heavy: bool
    records: int
    started: float

    def meta(self) -> dict[str, Any]: ...
    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]: ...
    def request_stop(self) -> None: ...
    def done(self) -> dict[str, Any]: ...


class DescentStream:
    """A 2D descent: `steps` messages of columns; the diagnosis judged from every record at the end."""

    heavy = False

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

    def meta(self) -> dict[str, Any]:
        return meta_body(self.config, self.spec)

    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        if self.stop_requested:
            self.finished = Done("stopped", self.cols.t[-1] if len(self.cols) else 0)
            return [], True
        chunk, self.finished = take(self.steps, n)
        self.cols.extend(chunk)
        return ([("steps", {"cols": chunk.as_dict()})] if len(chunk) else []), self.finished is not None

    def request_stop(self) -> None:
        self.stop_requested = True

    def done(self) -> dict[str, Any]:
        assert self.finished is not None
        diagnosis = judge(self.spec, self.cols, self.finished)
        return done_body(self.finished, diagnosis, self.cols, time.perf_counter() - self.started)


class TrainStream:
    """A training run: `steps` messages per iteration batch, an `epoch` message per epoch, `done` with the
    diagnosis, the loss landscape of the weight path and, for image sets, a confusion matrix."""

    heavy = True

    def __init__(self, config: TrainRun, run_id: str, settings: Settings) -> None:
        self.run_id, self.config = run_id, config
        self.setup = TrainSetup(config, settings)  # loads the data; raises DatasetUnavailable or ValueError
        self.stop_requested = False
        self.records = 0
        self.steps = train(self.setup.data, self.setup.cfg, stop=lambda: self.stop_requested,
                           prepared=self.setup.prep)
        self.plan = next(self.steps)
        self.finished: TrainDone | None = None
        self.started = time.perf_counter()
        self.lock = threading.Lock()  # one thread at a time inside the training generator

    def meta(self) -> dict[str, Any]:
        return self.setup.meta(self.plan)

    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        with self.lock:
            return self._pull(n, budget)

    def _pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
        out: list[tuple[str, dict[str, Any]]] = []
        cols: dict[str, list[Any]] = {k: [] for k in ("t", "epoch", "iteration", "loss", "grad_norm", "lr")}
        xy: list[Any] = []
        deadline = time.perf_counter() + budget
        taken = 0

        def flush() -> None:
            if cols["t"]:
                out.append(("steps", {"cols": {**{k: list(v) for k, v in cols.items()}, **({"xy": list(xy)}
                                                                                          if xy else {})}}))
                for v in cols.values():
                    v.clear()
                xy.clear()

        with threadpool_limits(1, "blas"):
            for rec in self.steps:
                if isinstance(rec, Iteration):
                    for k in cols:
                        cols[k].append(getattr(rec, k))
                    if rec.xy is not None:
                        xy.append(rec.xy)
                    taken += 1
                    self.records += 1
                elif isinstance(rec, Epoch):
                    flush()
                    out.append(("epoch", self.setup.epoch_body(rec)))
                elif isinstance(rec, TrainDone):
                    flush()
                    self.finished = rec
                    return out, True
                if taken >= n or (taken > 0 and time.perf_counter() > deadline):  # at least one iteration per pull
                    break
        flush()
        return out, False

    def request_stop(self) -> None:
        self.stop_requested = True

    def done(self) -> dict[str, Any]:
        with self.lock:
            if self.finished is None:  # stopped before the generator could say so: drain it (it stops at once)
                for rec in self.steps:
                    if isinstance(rec, TrainDone):
                        self.finished = rec
        assert self.finished is not None
        with threadpool_limits(1, "blas"):
            return self.setup.done_body(self.finished, time.perf_counter() - self.started)


def make_stream(config: DescentRun | TrainRun, run_id: str, settings: Settings) -> DescentStream | TrainStream:
    """The stream for a validated configuration."""
    if isinstance(config, TrainRun):
        return TrainStream(config, run_id, settings)
    return DescentStream(config, run_id)
