"""Advice for a descent run that the product has tried: each candidate change is run from the same start, judged,
and kept only when it did better.

"Better" (outcome order): diverged < stalled < progress p < converged at step k (earlier is better). A change helps
when its outcome is better by a margin: it converges where the run did not, converges in ≤ 80 % of the steps, or
(when neither converges) gets ≥ 5 points further; a straighter path (zig-zag share 0.2 lower) also counts when both
converge. Candidates per verdict:
  diverged, gradient_breakdown, oscillating      lr × 0.5, × 0.1, × 0.01 (smaller learning rate)
  converged with zig-zag                         lr × 0.5
  too_slow                                       lr × 10, × 100, … up to the surface's largest suggested lr
  plateau, saddle, local_minimum                 momentum 0.9 with the same lr; (plateau) Adam with lr = 0.01·D;
                                                 lr × 10; at a saddle "better" = ≤ 80 % of the records near it
  still_improving                                4× the steps (more steps)
For gradient_breakdown the run is also repeated with the exact gradient: how far it would have gone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from .verdicts import Advice, Counterfactual, Diagnosis, Sentence

ADVICE_STEPS = 5_000  # a counterfactual runs at most this many steps (fewer steps can only make it look worse)
TRACE_POINTS = 400


def _escaped_sooner(orig: Diagnosis, cf: Diagnosis) -> bool:
    """At a saddle: the counterfactual spent ≤ 80 % as many records near it, did not end there, and ended lower."""
    a, b = orig.facts.get("near_saddle_steps", 0), cf.facts.get("near_saddle_steps", 0)
    lower = cf.facts["loss_end"] < orig.facts["loss_end"]
    return not cf.facts.get("near_saddle_end", False) and b <= 0.8 * a and lower


def _score(d: Diagnosis) -> tuple[float, float]:
    f = d.facts
    if d.verdict in ("diverged", "gradient_breakdown"):
        return (0.0, 0.0)
    if f.get("converged_step") is not None:
        return (2.0, -float(f["converged_step"]))
    return (1.0, float(f.get("progress") or 0.0))


def helped(orig: Diagnosis, cf: Diagnosis) -> bool:
    """Did the counterfactual do better than the run, by the margins in the module docstring?"""
    a, b = _score(orig), _score(cf)
    if b[0] > a[0]:
        return True
    if a[0] == b[0] == 2.0:
        zig = orig.facts.get("zigzag", 0.0) - cf.facts.get("zigzag", 0.0) >= 0.2
        return -b[1] <= 0.8 * -a[1] or (zig and -b[1] <= -a[1])
    if a[0] == b[0] == 1.0:
        return b[1] >= a[1] + 0.05
    return False


def round3(x: float) -> float:
    """x to 3 significant digits: a learning rate a learner can type (and a permalink can carry)."""
    return float(f"{x:.3g}")


def _candidates(spec: Any, d: Diagnosis, lr_max: float, span: float) -> list[tuple[str, dict[str, Any]]]:
    out = _raw_candidates(spec, d, lr_max, span)
    return [(k, {**c, "lr": round3(c["lr"])} if "lr" in c else c) for k, c in out]


def _raw_candidates(spec: Any, d: Diagnosis, lr_max: float, span: float) -> list[tuple[str, dict[str, Any]]]:
    lr, v = spec.lr, d.verdict
    if v in ("diverged", "gradient_breakdown", "oscillating"):
        return [("lower_lr", {"lr": lr * k}) for k in (0.5, 0.1, 0.01)]
    if v == "converged":
        return [("lower_lr", {"lr": lr * 0.5})] if d.facts.get("zigzag", 0.0) >= 0.5 else []
    if v == "too_slow":
        out: list[tuple[str, dict[str, Any]]] = []
        k = 10.0
        while lr * k <= lr_max * 1.0001 and len(out) < 12:
            out.append(("higher_lr", {"lr": lr * k}))
            k *= 10.0
        return out
    if v in ("plateau", "saddle", "local_minimum"):
        mom = [] if spec.optimizer != "sgd" else [("momentum", {"optimizer": "momentum", "hyper": {"momentum": 0.9}})]
        adam = [] if v != "plateau" or spec.optimizer == "adam" else [("adam", {"optimizer": "adam", "lr": 0.01 * span,
                                                                               "hyper": {}})]
        return [*mom, *adam, ("higher_lr", {"lr": lr * 10.0})]
    if v == "still_improving":
        return [("more_steps", {"steps": spec.steps * 4})]
    return []


def trace(cols: Any) -> dict[str, Any]:
    """At most TRACE_POINTS records of a run (always the first and the last): t, xy, loss."""
    n = len(cols.t)
    idx = np.unique(np.linspace(0, n - 1, min(n, TRACE_POINTS)).round().astype(int)) if n else np.zeros(0, int)
    return {"t": [cols.t[i] for i in idx], "xy": [list(cols.xy[i]) for i in idx], "loss": [cols.loss[i] for i in idx]}


def advise(spec: Any, d: Diagnosis, run: Callable[[Any], tuple[Any, Any, Diagnosis]], lr_max: float,
           span: float) -> Diagnosis:
    """The diagnosis with its tried advice and the best counterfactual attached (`run` runs and judges a spec)."""
    tried: list[tuple[str, dict[str, Any], Any, Diagnosis, bool]] = []
    for kind, change in _candidates(spec, d, lr_max, span):
        steps = min(change.get("steps", spec.steps), max(spec.steps, ADVICE_STEPS) if kind == "more_steps"
                    else ADVICE_STEPS)
        if kind == "more_steps" and steps <= spec.steps:
            continue  # already at the counterfactual budget: more steps cannot be tried
        alt = dataclasses.replace(spec, **{**change, "steps": steps})
        cols, _, cd = run(alt)
        good = helped(d, cd) if d.verdict != "saddle" else _escaped_sooner(d, cd)
        tried.append((kind, {**change, "steps": steps} if steps != spec.steps else change, cols, cd, good))
        if good and cd.facts.get("converged_step") is not None:
            break
    facts = dict(d.facts)
    sentence = d.sentence
    if d.verdict == "gradient_breakdown":
        _, _, exact = run(dataclasses.replace(spec, gradient="analytic"))
        facts["exact_max_abs"] = exact.facts.get("max_abs")
        sentence = Sentence(sentence.key, {**sentence.params, "exact_max_abs": facts["exact_max_abs"]})
    if not tried:
        return dataclasses.replace(d, facts=facts, sentence=sentence)
    helpful = [x for x in tried if x[4]]
    best = max(helpful or tried, key=lambda x: _score(x[3]))
    kind, change, cols, cd, ok = best
    cf = Counterfactual(kind, change, cd.verdict, cd.facts, trace(cols), ok)
    advice = Advice(kind, True, ok, Sentence("advice.tried" if ok else "advice.tried_no_help", {
        "change": _change_sentence(kind, change, spec), "outcome": outcome(cd)}))
    return dataclasses.replace(d, facts=facts, sentence=sentence, advice=(advice,), counterfactual=cf)


def _change_sentence(kind: str, change: dict[str, Any], spec: Any) -> Sentence:
    if kind in ("lower_lr", "higher_lr"):
        return Sentence("advice.change.lr", {"lr": change["lr"], "lr_was": spec.lr})
    if kind == "momentum":
        return Sentence("advice.change.momentum", {"momentum": change["hyper"]["momentum"], "lr": spec.lr})
    if kind == "adam":
        return Sentence("advice.change.adam", {"lr": change["lr"]})
    return Sentence("advice.change.steps", {"steps": change["steps"], "steps_was": spec.steps})


def outcome(d: Diagnosis) -> Sentence:
    """What a counterfactual run did, in one clause."""
    f = d.facts
    if "near_saddle_steps" in f and f.get("converged_step") is None:
        key = "advice.outcome.saddle_stuck" if f.get("near_saddle_end") else "advice.outcome.saddle"
        return Sentence(key, {"lingered": f["near_saddle_steps"], "steps": f.get("steps")})
    if f.get("converged_step") is not None:
        return Sentence("advice.outcome.converged", {"step": f["converged_step"]})
    if d.verdict in ("diverged", "gradient_breakdown"):
        return Sentence("advice.outcome.diverged", {"loss_max": f.get("loss_max")})
    return Sentence("advice.outcome.progress", {"progress_pct": f.get("progress") or 0.0, "steps": f.get("steps")})
