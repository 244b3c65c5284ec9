"""A finished descent's diagnosis is remembered per configuration and outcome: a second run of the same settings
gets the diagnosis a fresh judgement gives; other settings, other outcomes and a learner's own formula do not."""

from __future__ import annotations

import dataclasses

from app.core.descent import Done
from app.core.formula_surface import custom_surface
from app.core.runs import DescentSpec, descent_run, judge, take
from app.web import judged as judged_module
from app.web.judged import judged


def finished(spec: DescentSpec, n: int | None = None):
    cols, done = take(descent_run(spec), n or spec.steps + 2)
    if done is None:  # cut short, as a stopped run is
        done = Done("stopped", cols.t[-1])
    return cols, done


def test_the_same_configuration_reuses_the_diagnosis_a_fresh_judgement_gives() -> None:
    spec = DescentSpec(lr=0.001, steps=300, grad_tol=0.0)  # too slow: its advice runs a longer counterfactual
    cols, done = finished(spec)
    first = judged(spec, cols, done)
    again = judged(dataclasses.replace(spec), *finished(spec))
    assert again is first
    assert first == judge(spec, cols, done) and first.counterfactual is not None


def test_other_settings_and_outcomes_are_judged_afresh() -> None:
    spec = DescentSpec(lr=0.001, steps=300, grad_tol=0.0)
    whole = judged(spec, *finished(spec))
    stopped = judged(spec, *finished(spec, 40))  # the same run stopped at t = 39
    faster = judged(dataclasses.replace(spec, lr=0.3), *finished(dataclasses.replace(spec, lr=0.3)))
    assert stopped is not whole and stopped == judge(spec, *finished(spec, 40))
    assert faster.verdict != whole.verdict


def test_a_formula_is_never_taken_from_the_cache() -> None:
    spec = DescentSpec(surface="custom", custom=custom_surface("x^2 + y^2"), lr=0.001, steps=200, grad_tol=0.0)
    before = len(judged_module._cache)
    cols, done = finished(spec)
    assert judged(spec, cols, done) is not judged(spec, cols, done)
    assert len(judged_module._cache) == before
