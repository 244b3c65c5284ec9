"""The scalar fast path gives the general path's records bit for bit: every surface × optimizer × gradient mode ×
convention, at a small, the default and a too-large learning rate, plus schedules, decay, bounds and overflow."""

from __future__ import annotations

import itertools

import pytest

from app.core.fast_descent import FastRun
from app.core.registry import OPTIMIZERS
from app.core.runs import Columns, DescentSpec, descent_run, general_run, take
from app.core.surfaces import SURFACES


def bits(cols, done) -> str:
    """Every column and the Done, with floats written exactly (repr round-trips; -0.0 and 0.0 differ)."""
    return repr((cols.as_dict(), done))


def both(spec: DescentSpec, chunk: int | None = None) -> tuple[str, str]:
    fast = descent_run(spec)
    assert isinstance(fast, FastRun)
    if chunk is None:
        cols, done = take(fast, spec.steps + 2)
    else:  # in pieces, as the WebSocket pulls it
        cols, done = Columns(), None
        while done is None:
            part, done = take(fast, chunk)
            cols.extend(part)
    ref_cols, ref_done = take(general_run(spec), spec.steps + 2)
    return bits(cols, done), bits(ref_cols, ref_done)


GRID = list(itertools.product(SURFACES, OPTIMIZERS, ("analytic", "central", "forward"), ("pytorch", "book")))


@pytest.mark.parametrize(("surface", "optimizer", "gradient", "convention"), GRID)
def test_fast_path_equals_the_general_path(surface: str, optimizer: str, gradient: str, convention: str) -> None:
    s = SURFACES[surface]
    for lr in (s.lr_range[0], s.lr, s.lr_range[1] * 4):
        spec = DescentSpec(surface=surface, optimizer=optimizer, gradient=gradient, convention=convention, lr=lr,
                           steps=120, grad_tol=1e-8)
        fast, ref = both(spec)
        assert fast == ref, (surface, optimizer, gradient, convention, lr)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_weight_decay_schedules_and_chunks(optimizer: str) -> None:
    hyper = {"weight_decay": 0.05, "momentum": 0.8, "beta1": 0.8, "beta2": 0.99, "alpha": 0.9, "eps": 1e-6}
    for schedule, params in [("step", {"step_size": 7, "gamma": 0.5}), ("cosine", {"t_max": 50, "lr_min": 0.01}),
                             ("constant", {"warmup_steps": 5}), ("range_test", {"lr_max": 5.0, "t_max": 60})]:
        spec = DescentSpec(surface="himmelblau", optimizer=optimizer, lr=0.002, hyper=hyper, steps=90,
                           schedule=schedule, schedule_params=params)
        fast, ref = both(spec, chunk=7)
        assert fast == ref, (optimizer, schedule)


def test_overflow_bound_and_rounding_stop_as_the_general_path_does() -> None:
    for spec in [DescentSpec(lr=10.0, steps=1000),  # overflows at record 120: Python's ** raises, numpy gives inf
                 DescentSpec(lr=10.0, steps=1000, bound=1e6),
                 DescentSpec(lr=10.0, steps=100, gradient="central", start=(-3.0, 4.0)),  # the lesson's lr 10
                 DescentSpec(surface="rosenbrock", lr=0.01, steps=500),
                 DescentSpec(surface="mesa", lr=50.0, steps=300, optimizer="momentum"),
                 DescentSpec(surface="plateau", lr=1e3, steps=300, optimizer="adam", grad_tol=0.0)]:
        fast, ref = both(spec)
        assert fast == ref, spec
    _, done = take(descent_run(DescentSpec(lr=10.0, steps=1000)), 2000)
    assert done.reason == "diverged" and done.t == 120 and "not finite" in (done.detail or "")


def test_iterating_a_fast_run_yields_the_general_records() -> None:
    spec = DescentSpec(surface="rastrigin", optimizer="nesterov", lr=0.002, steps=600)
    assert repr(list(descent_run(spec))) == repr(list(general_run(spec)))


def test_unknown_keys_are_refused_like_the_general_path() -> None:
    for bad in [DescentSpec(optimizer="lion"), DescentSpec(convention="keras"), DescentSpec(gradient="backwards"),
                DescentSpec(schedule="sawtooth")]:
        with pytest.raises(ValueError, match="unknown"):
            descent_run(bad)


@pytest.mark.parametrize("surface", ["mesa", "rastrigin", "plateau", "rosenbrock"])
def test_plain_sgd_loop_in_chunks_and_at_its_edges(surface: str) -> None:
    """The plain-SGD loop (constant η, analytic, no bound): pieces that end before, at and after t = steps, a run
    that converges, and one that overflows (Python's ** and math.cos raise where numpy gives inf and nan)."""
    s = SURFACES[surface]
    cases = [DescentSpec(surface=surface, lr=s.lr, steps=40, grad_tol=0.0),
             DescentSpec(surface=surface, lr=s.lr, steps=3000, grad_tol=1e-3),
             DescentSpec(surface=surface, lr=s.lr_range[1] * 50, steps=400, grad_tol=0.0, start=(3.3, -2.7)),
             DescentSpec(surface=surface, lr=5.0, steps=1000, grad_tol=0.0, start=(3.3, -2.7))]
    for spec in cases:
        for chunk in (None, 1, 7, 40, 41):
            fast, ref = both(spec, chunk)
            assert fast == ref, (spec, chunk)
    reasons = {take(descent_run(spec), 10_000)[1].reason for spec in cases}
    assert "completed" in reasons and ("diverged" in reasons or surface == "plateau"), reasons
