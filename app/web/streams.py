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

from app.config import Settings
from app.core.descent import Done
from app.core.runs import Columns, descent_run, judge, take
from app.core.training import Epoch, Iteration, Probing, TrainDone, train

from .blas import one_blas_thread
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

    @property
    def settled(self) -> bool: ...
    def meta(self) -> dict[str, Any]: ...
    def pull(self, n: int, budget: float) -> tuple[list[tuple[str, dict[str, Any]]], bool]: ...
    def settle(self, budget: float) -> None: ...
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

    settled = True  # nothing to compute between the last step and `done`

    def settle(self, budget: float) -> None:
        pass

    def request_stop(self) -> None:
        self.stop_requested = True

    def done(self) -> dict[str, Any]:
        assert self.finished is not None
        diagnosis = judge(self.spec, self.cols, self.finished)
        return done_body(self.finished, diagnosis, self.cols, time.perf_counter() - self.started, self.config)


class TrainStream:
    """A training run: `steps` messages per iteration batch, an `epoch` message per epoch, `done` with the
    diagnosis, the loss landscape of the weight path and, for image sets, a confusion matrix."""

    heavy = True

    def __init__(self, config: TrainRun, run_id: str, settings: Settings) -> None:
        self.run_id, self.config = run_id, config
        self.setup = TrainSetup(config, settings)  # loads the data; raises DatasetUnavailable or ValueError
        self.stop_requested = False
        self.records = 0
        self.steps = train(self.setup.data, self.setup.cfg, stop=lambda: self.stop_requested)
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

        with one_blas_thread():
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
                elif isinstance(rec, Probing):  # every record is out: the rest is judging, done by `settle`
                    flush()
                    return out, True
                if taken >= n or (taken > 0 and time.perf_counter() > deadline):  # at least one iteration per pull
                    break
        flush()
        return out, False

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
            return self.setup.done_body(self.finished, time.perf_counter() - self.started)


def make_stream(config: DescentRun | TrainRun, run_id: str, settings: Settings) -> DescentStream | TrainStream:
    """The stream for a validated configuration."""
    if isinstance(config, TrainRun):
        return TrainStream(config, run_id, settings)
    return DescentStream(config, run_id)
