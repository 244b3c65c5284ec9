"""The descent judge in facts: the facts it measures, the verdict, and advice that it tried (the scenario corpus in
tests/scenarios covers every verdict; these check the pieces)."""

from __future__ import annotations

import math

import numpy as np

from app.core.descent_evidence import Landmarks, measure
from app.core.diagnosis import diagnose
from app.core.runs import DescentSpec, run_all

BOWL = Landmarks(minima=((0.0, 0.0),), min_value=0.0, view=((-5.0, 5.0), (-5.0, 5.0)))


def test_empty_run_is_diverged_at_start() -> None:
    d = diagnose(np.zeros((0, 2)), np.zeros(0), np.zeros(0), "diverged", lr=0.1, landmarks=BOWL)
    assert d.verdict == "diverged" and d.sentence.key == "diagnosis.diverged_at_start"


def test_converged_step_is_the_first_step_that_stays_within_tolerance() -> None:
    cols, _, d = run_all(DescentSpec(lr=0.1), advice=False)
    k = d.facts["converged_step"]
    dist = np.hypot(*np.asarray(cols.xy).T)
    tol = 0.01 * math.hypot(10, 10)
    assert dist[k] < tol <= dist[k - 1] and (dist[k:] < tol).all()
    assert d.sentence.params["step"] == k != d.facts["steps"]


def test_facts_of_a_made_up_run() -> None:
    xy = np.array([[4.0, 0.0], [-2.0, 0.0], [1.0, 0.0], [-0.5, 0.0], [9.0, 0.0]])
    loss = xy[:, 0] ** 2
    grad = np.array([8.0, 4.0, 2.0, 0.0, 18.0])
    f = measure(xy, loss, grad, BOWL)
    assert f["loss_max"] == 81.0 and f["loss_max_step"] == 4
    assert f["zigzag"] == 1.0  # every pair of moves reverses
    assert f["grad_zero_step"] == 3 and f["left_view_step"] == 4 and f["outside_view_end"]
    assert f["max_abs"] == 9.0 and f["converged_step"] is None


def test_advice_is_tried_from_the_same_start() -> None:
    _, _, d = run_all(DescentSpec(lr=1.05, steps=40))
    cf = d.counterfactual
    assert cf is not None and cf.helped and cf.change["lr"] < 1.05
    assert cf.trace["xy"][0] == [-3.0, 4.0] and cf.trace["t"][0] == 0
    assert d.advice[0].tested and d.advice[0].helped and d.advice[0].kind == "lower_lr"


def test_a_converged_straight_run_gets_no_advice() -> None:
    _, _, d = run_all(DescentSpec(lr=0.4))
    assert d.verdict == "converged" and d.advice == () and d.counterfactual is None


def test_counterfactual_trace_is_capped() -> None:
    _, _, d = run_all(DescentSpec(surface="rosenbrock", lr=0.001, steps=3000))
    assert d.counterfactual is not None and len(d.counterfactual.trace["t"]) <= 400
