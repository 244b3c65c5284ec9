"""Claims are data evaluated by named measures: each measure on a path whose answer is known, each operator, and
claims that fail or name something unknown."""

from __future__ import annotations

import math

import pytest

from app.core.claims import MEASURES, ClaimError, check, check_all, operand

VIEW = [[-5.0, 5.0], [-5.0, 5.0]]


def descent(xy: list[list[float]], loss: list[float], reason: str = "completed", **surface: object) -> dict:
    """A run result in the API's shape, on a surface with its minimum at the origin and min value 0."""
    return {"meta": {"kind": "descent", "surface": {"view": VIEW, "minima": [[0.0, 0.0]], "saddles": [[0.0, 0.0]],
                                                    "min_value": 0.0, **surface}},
            "steps": {"t": list(range(len(xy))), "xy": xy, "loss": loss, "grad_norm": [1.0] * len(xy),
                      "lr": [0.1] * len(xy)},
            "done": {"reason": reason}}


def training(val_loss: list[float], train_loss: list[float]) -> dict:
    epochs = [{"epoch": i, "train_loss": tl, "validation_loss": vl, "train_accuracy": 0.5 + 0.01 * i,
               "validation_accuracy": 0.5} for i, (vl, tl) in enumerate(zip(val_loss, train_loss, strict=True))]
    return {"meta": {"kind": "train", "plan": {}}, "epochs": epochs,
            "steps": {"t": [0, 1, 2, 3, 4], "epoch": [1, 1, 1, 2, 2]}, "done": {"reason": "completed"}}


ZIGZAG = descent([[-4, 2], [-3, -1.5], [-2, 1], [-1, -0.5], [0, 0.25]], [20, 10.25, 5, 1.25, 0.0625])
STRAIGHT = descent([[-4, 2], [-3, 1.5], [-2, 1], [-1, 0.5], [0, 0]], [20, 11.25, 5, 1.25, 0.0])
ESCAPE = descent([[1, 1], [3, 3], [6, 6], [9, 9]], [2, 18, 72, 162])


def test_path_measures_on_known_paths() -> None:
    m = MEASURES
    assert m["zigzag"](ZIGZAG, axis=1) == 1.0 and m["zigzag"](ZIGZAG, axis=0) == 0.0
    assert m["zigzag"](STRAIGHT) == 0.0
    assert m["final_loss"](ZIGZAG) == 0.0625 and m["start_loss"](ZIGZAG) == 20
    assert m["first_step_within"](ZIGZAG, tol=1.3) == 3.0
    assert m["first_step_within"](ZIGZAG, tol=1e-3) == math.inf  # never: +inf, so "reaches it first" compares
    assert m["final_distance"](STRAIGHT) == 0.0 and m["final_distance"](ZIGZAG) == 0.25
    assert m["straightness"](STRAIGHT) == pytest.approx(1.0) and m["straightness"](ZIGZAG) < 0.7
    assert m["left_view"](ESCAPE) == 2.0 and m["steps_off_view"](ESCAPE) == 2.0
    assert m["left_view"](ZIGZAG) == math.inf and m["steps_off_view"](ZIGZAG) == 0.0
    assert m["diverged"](ESCAPE) and not m["diverged"](ZIGZAG)
    assert m["diverged"](descent([[0, 0]], [1.0], reason="diverged"))
    assert m["max_coordinate"](ZIGZAG, axis=1) == 2 and m["final_abs"](ZIGZAG, axis=1) == 0.25
    assert m["separation"](STRAIGHT, other=ZIGZAG) == pytest.approx((0 + 3 + 0 + 1 + 0.25) / 5)
    assert m["near_saddle"](ZIGZAG, radius=0.3) == 1.0


def test_training_measures() -> None:
    r = training([1.0, 0.6, 0.4, 0.5, 0.9], [1.0, 0.7, 0.5, 0.3, 0.2])
    assert MEASURES["best_validation_epoch"](r) == 2.0 and MEASURES["epochs"](r) == 4.0
    assert MEASURES["epoch_value"](r, key="train_loss", epoch="best") == 0.5
    assert MEASURES["epoch_value"](r, key="validation_loss") == 0.9
    assert MEASURES["min_epoch_value"](r, key="validation_loss") == 0.4
    assert MEASURES["iterations_per_epoch"](r) == 3.0 and MEASURES["updates"](r) == 5.0


def test_operators_scale_and_between() -> None:
    results = {"a": ZIGZAG, "b": STRAIGHT}
    lhs = {"measure": "final_loss", "run": "a"}
    for op, rhs, ok in (("<", 0.07, True), ("<", 0.06, False), ("<=", 0.0625, True), (">", 0.0625, False),
                        (">=", 0.0625, True), ("==", 0.0625, True), ("approx", 0.06255, True), ("approx", 0.07, False)):
        assert check({"id": "c", "lhs": lhs, "op": op, "rhs": {"value": rhs}}, results)["ok"] is ok, (op, rhs)
    c = {"id": "c", "lhs": lhs, "op": ">", "rhs": {"measure": "final_loss", "run": "b", "scale": 2.0}}
    out = check(c, results)
    assert out["ok"] and out["rhs"] == 0.0 and out["runs"] == ["a", "b"]
    between = {"id": "m", "lhs": {"measure": "first_step_within", "run": "a", "tol": 1.3}, "op": "between",
               "rhs": [{"measure": "updates", "run": "a", "scale": 0.5}, {"measure": "updates", "run": "a"}]}
    assert check(between, results)["ok"] and check(between, results)["rhs"] == [2.0, 4.0]
    between["rhs"][0]["scale"] = 0.9
    assert not check(between, results)["ok"]
    assert [c["ok"] for c in check_all([c, {**c, "op": "<"}], results)] == [True, False]


def test_unknown_names_are_refused() -> None:
    results = {"a": ZIGZAG}
    with pytest.raises(ClaimError, match="unknown measure"):
        operand({"measure": "__import__", "run": "a"}, results)
    with pytest.raises(ClaimError, match="run 'nope'"):
        operand({"measure": "final_loss", "run": "nope"}, results)
    with pytest.raises(ClaimError, match="run 'x'"):
        operand({"measure": "separation", "run": "a", "other": "x"}, results)
    with pytest.raises(ClaimError, match="unknown operator"):
        check({"id": "c", "lhs": {"value": 1}, "op": "in", "rhs": {"value": 2}}, results)


def sweep_map(rows: list[str], ys: list[float], xs: list[float]) -> dict:
    """A map result: one string per row (bottom row first), 'c' converged, 'd' diverged, 's' completed."""
    code = {"c": 0, "d": 1, "s": 2}
    return {"meta": {"kind": "sweep", "outcomes": ["converged", "diverged", "completed"]}, "xs": xs, "ys": ys,
            "reason": [code[ch] for row in rows for ch in row]}


def test_map_measures_find_the_edge_of_each_row() -> None:
    m = MEASURES
    xs = [0.5, 0.9, 1.05, 1.6, 2.2]
    r = sweep_map(["ccddd", "cccdd", "ccccd"], ys=[0.0, 0.5, 0.9], xs=xs)
    assert m["edge_lr"](r, momentum=0.0) == 1.05 and m["edge_lr"](r, momentum=0.45) == 1.6
    assert m["edge_switches"](r, momentum=0.0) == 1.0 and m["rows_with_edge"](r) == 3.0
    assert m["edge_rises"](r) is True
    # L = 2: bounds 1, 1.5, 1.9, each row diverges above its bound; L = 1: bounds 2, 3, 3.8, every row is early
    assert m["edges_before_bound"](r, curvature=2.0) == 0.0 and m["edges_before_bound"](r, curvature=1.0) == 3.0
    ragged = sweep_map(["cdcdd", "ddddd", "ccccc"], ys=[0.0, 0.5, 0.9], xs=xs)
    assert m["edge_switches"](ragged, momentum=0.0) == 3.0 and m["edge_rises"](ragged) is False
    assert m["edge_lr"](ragged, momentum=0.9) == math.inf and m["rows_with_edge"](ragged) == 2.0


def test_layer_measures_take_the_median_over_the_first_iterations() -> None:
    r = {"meta": {"kind": "train"}, "steps": {"layer_grad_norm": [[1e-3, 1.0, 1.0], [2e-3, 1.0, 1.0], [9.0, 1.0, 1.0]],
                                               "update_ratio": [[1e-6, 0.1, 0.1], [3e-6, 0.1, 0.1], [1.0, 1.0, 1.0]]}}
    assert MEASURES["first_to_last_gradient"](r, iterations=3) == 2e-3
    assert MEASURES["first_to_last_gradient"](r, iterations=2) == 1.5e-3
    assert MEASURES["first_layer_update_ratio"](r, iterations=2) == 2e-6


def test_a_question_is_settled_by_the_measures_not_by_its_expected_answer() -> None:
    from app.core.questions import settle

    results = {"zig": ZIGZAG, "straight": STRAIGHT, "escape": ESCAPE}
    q = {"choices": ["zig", "straight"], "answer": "zig", "pick": {"measure": "straightness", "order": "max"}}
    assert settle(q, results)["answer"] == "straight"  # the runs say so, whatever the lesson expected
    q = {"choices": ["zig", "escape"], "pick": {"measure": "final_loss", "order": "min"}}
    assert settle(q, results)["answer"] == "zig"
    flown = descent([[0, 0], [1e308, 1e308]], [0.0, math.inf], reason="diverged")
    assert settle(q, {"zig": flown, "escape": ESCAPE})["answer"] == "escape"  # a run that flew off never wins
    when = {"choices": ["a", "b"], "when": {
        "a": [{"lhs": {"measure": "diverged", "run": "escape"}, "op": "==", "rhs": {"value": True}}],
        "b": [{"lhs": {"measure": "diverged", "run": "zig"}, "op": "==", "rhs": {"value": True}}]}}
    assert settle(when, results) == {"answer": "a", "holds": {"a": True, "b": False}}
    both = {**when, "when": {"a": when["when"]["a"], "b": when["when"]["a"]}}
    assert settle(both, results)["answer"] is None  # two choices borne out: the question settles nothing
    with pytest.raises(ClaimError):
        settle({"choices": ["a"]}, results)
