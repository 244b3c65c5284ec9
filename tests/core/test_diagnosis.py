"""Each verdict, from a run that produces it."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.diagnosis import VERDICTS, diagnose
from app.core.runs import DescentSpec, run_all

CASES = [
    ("converged", DescentSpec(lr=0.1)),
    ("converged", DescentSpec(surface="mesa", lr=0.3, steps=300)),  # crawls over the shelf, then arrives
    ("converged", DescentSpec(surface="himmelblau", start=(0.5, -0.5), lr=0.01)),  # passes a saddle, then arrives
    ("too_slow", DescentSpec(lr=1e-4)),
    ("oscillating", DescentSpec(lr=1.0)),  # x → −x forever: bounded, never closer
    ("diverged", DescentSpec(lr=1.05)),  # overshoots further every step, stays finite
    ("diverged", DescentSpec(lr=10.0, steps=1000)),  # overflows: stopped at the first non-finite value
    ("plateau", DescentSpec(surface="plateau", lr=0.5)),
    ("saddle", DescentSpec(surface="saddle", start=(-2.5, 0.001))),  # lingers near (0, 0), then leaves
    ("saddle", DescentSpec(surface="saddle", start=(-2.0, 0.0), steps=500)),  # on the stable line: stuck at (0, 0)
    ("local_minimum", DescentSpec(surface="rastrigin", lr=0.002, steps=300)),
    ("progressing", DescentSpec(surface="rosenbrock", lr=0.001, steps=1000)),
]


@pytest.mark.parametrize(("verdict", "spec"), CASES, ids=[f"{v}-{s.surface}-{s.lr}" for v, s in CASES])
def test_verdict(verdict: str, spec: DescentSpec) -> None:
    _, _, diagnosis = run_all(spec)
    assert diagnosis.verdict == verdict, diagnosis
    assert diagnosis.message["ko"] and diagnosis.message["en"]
    assert "{" not in diagnosis.message["ko"] + diagnosis.message["en"]  # every placeholder filled


def test_every_verdict_has_a_case() -> None:
    assert {v for v, _ in CASES} == set(VERDICTS)


def test_converging_zigzag_is_told_apart() -> None:
    _, _, straight = run_all(DescentSpec(lr=0.4))
    _, _, zigzag = run_all(DescentSpec(lr=0.9))
    assert straight.verdict == zigzag.verdict == "converged"
    assert zigzag.facts["zigzag"] == 1.0 and straight.facts["zigzag"] == 0.0
    assert zigzag.message["en"] != straight.message["en"]


def test_momentum_and_adam_cross_the_plateau() -> None:
    for spec in (DescentSpec(surface="plateau", optimizer="adam", lr=0.1),
                 DescentSpec(surface="plateau", optimizer="momentum", lr=0.5, steps=300)):
        _, _, diagnosis = run_all(spec)
        assert diagnosis.verdict == "converged", spec


def test_empty_run_is_diverged_at_start() -> None:
    d = diagnose(np.zeros((0, 2)), np.zeros(0), np.zeros(0), "diverged", lr=0.1)
    assert d.verdict == "diverged"
