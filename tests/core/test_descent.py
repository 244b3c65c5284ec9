"""The run generator: numbering, stop reasons, determinism."""

from __future__ import annotations

import numpy as np

from app.core.descent import Done, Step
from app.core.runs import DescentSpec, descent_run, run_all, take


def test_records_are_numbered_from_the_start_point() -> None:
    cols, done, _ = run_all(DescentSpec(steps=5, lr=0.1))
    assert cols.t == [0, 1, 2, 3, 4, 5] and done.reason == "completed" and done.t == 5
    assert cols.xy[0] == (-3.0, 4.0) and cols.loss[0] == 25.0 and cols.grad[0] == (-6.0, 8.0)
    assert cols.xy[1] == (-3.0 + 0.6, 4.0 - 0.8)


def test_zero_steps_gives_the_start_only() -> None:
    cols, done, _ = run_all(DescentSpec(steps=0))
    assert cols.t == [0] and done.reason == "completed"


def test_converged_stops_below_the_tolerance() -> None:
    cols, done, _ = run_all(DescentSpec(steps=10_000, lr=0.1, grad_tol=1e-3))
    assert done.reason == "converged" and cols.grad_norm[-1] < 1e-3 <= cols.grad_norm[-2]


def test_runs_are_lazy_and_deterministic() -> None:
    run = descent_run(DescentSpec(steps=10**9))  # nothing is computed up front
    first, done = take(run, 3)
    assert done is None and first.t == [0, 1, 2]
    again, _ = take(descent_run(DescentSpec(steps=10**9)), 3)
    assert again.xy == first.xy


def test_lr_in_effect_follows_the_schedule() -> None:
    cols, _, _ = run_all(DescentSpec(steps=4, lr=0.2, schedule="step", schedule_params={"step_size": 2, "gamma": 0.5}))
    assert cols.lr == [0.2, 0.2, 0.1, 0.1, 0.05]


def test_momentum_reports_its_velocity() -> None:
    cols, _, _ = run_all(DescentSpec(steps=3, optimizer="momentum", lr=0.1))
    assert len(cols.velocity) == 4 and cols.velocity[0] == (0.0, 0.0)
    assert np.allclose(cols.velocity[1], cols.grad[0])  # PyTorch: the buffer starts as the first gradient


def test_records_are_plain_python_numbers() -> None:
    rec = next(descent_run(DescentSpec()))
    assert isinstance(rec, Step) and type(rec.loss) is float and all(type(v) is float for v in rec.xy)
    assert not isinstance(rec, Done)
