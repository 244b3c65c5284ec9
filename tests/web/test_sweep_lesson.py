"""The lesson "where does the learning rate stop working?": every claim its text makes about the map holds on the
map it opens, and its marked runs end as it says."""

from __future__ import annotations

import itertools

import numpy as np
from fastapi.testclient import TestClient

from app.core.sweep import run_sweep
from app.lessons import lessons
from app.web.sweep_schemas import SweepRequest

LESSON = next(x for x in lessons() if x["key"] == "lr_edge")
CURVATURE = 2.0  # ∂²f/∂y² of x²/20 + y²


def lesson_map():
    req = SweepRequest.model_validate(LESSON["sweep"])
    return req, run_sweep(req.spec(), req.n)


def first_diverged(reason_row: np.ndarray, xs: np.ndarray) -> float | None:
    hits = np.flatnonzero(reason_row == 1)
    return float(xs[hits[0]]) if hits.size else None


def test_at_momentum_0_cells_turn_to_diverging_at_a_sharp_edge_just_above_2_over_L() -> None:
    req, r = lesson_map()
    n = req.n
    assert r.ys[0] == 0.0
    row = r.reason[:n]
    edge = first_diverged(row, r.xs)
    assert edge is not None and 2 / CURVATURE < edge < 1.1 * 2 / CURVATURE  # "just above η = 1"
    assert (row[r.xs >= edge] == 1).all() and not (row[r.xs < edge] == 1).any()  # sharp: one switch


def test_the_edge_moves_to_larger_rates_as_the_momentum_grows() -> None:
    req, r = lesson_map()
    n = req.n
    edges = [(mu, first_diverged(r.reason[j * n:(j + 1) * n], r.xs)) for j, mu in enumerate(r.ys)]
    found = [(mu, e) for mu, e in edges if e is not None]
    assert len(found) > n // 2
    for mu, e in found:
        assert e > 2 * (1 + mu) / CURVATURE * (1 - 1e-12), (mu, e)  # never before the closed-form bound
    assert found[-1][1] > 1.5 * found[0][1]
    assert all(b[1] >= a[1] for a, b in itertools.pairwise(found))  # monotone in μ


def test_the_marked_runs_lie_on_the_map_and_end_as_the_lesson_says(client: TestClient) -> None:
    req, _ = lesson_map()
    lo, hi = req.x_range
    body = client.post("/api/v1/compare", json={"runs": LESSON["runs"]}).json()
    for spec, run in zip(LESSON["runs"], body["runs"], strict=True):
        o = spec["optimizer"]
        assert lo <= o["lr"] <= hi and req.y_range[0] <= o["momentum"] <= req.y_range[1]
        assert spec["steps"] == req.steps and spec["stop"]["grad_tol"] == req.grad_tol
        assert spec["stop"]["bound"] == req.spec().bound and spec["surface"] == req.surface
        assert run["done"]["reason"] == LESSON["expect"][spec["id"]]
    assert LESSON["permalink"] == "/sweep?lesson=lr_edge" and LESSON["embed"] is None
