"""The anatomy of one descent update: every number that goes into θ_{t+1} = θ_t + Δ_t at one step t.

The run is replayed with its own optimizer to step t; then the step is taken apart:
  gradient   analytic, or central differences (f(θ + h·e_i) − f(θ − h·e_i)) / 2h with both values, or forward
  η_t        the schedule's learning rate for update t
  state      the optimizer's state before and after (momentum b or v; AdaGrad/RMSprop h; Adam m, v, m̂, v̂ and the
             bias corrections 1 − β1^(t+1), 1 − β2^(t+1))
  arrows     the terms whose sum is Δ_t (e.g. −η_t g and the momentum push), each a vector to draw on the map
  residual   max |Σ arrows − Δ_t| where Δ_t is what the optimizer itself returned: the decomposition is checked
  momentum share   ‖momentum arrow‖ / (‖momentum arrow‖ + ‖gradient arrow‖): how much of the step is speed
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .gradients import gradient_fn
from .optimizers import BOOK_EPS, AccumState, AdamState, VelocityState
from .registry import make_optimizer, make_schedule
from .resumable import Resumable, finish
from .runs import DescentSpec

REPLAY_PIECE = 1_000  # replayed steps between two yields of anatomy_steps


def _list(a: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def _gradient(spec: DescentSpec, theta: np.ndarray) -> dict[str, Any]:
    s = spec.surface_obj
    g = gradient_fn(spec.gradient, s.f, s.grad, spec.h)(theta)
    exact = s.grad(theta)
    out: dict[str, Any] = {"mode": spec.gradient, "value": _list(g), "exact": _list(exact),
                           "max_error": float(np.max(np.abs(g - exact)))}
    if spec.gradient != "analytic":
        h = spec.h
        plus = [s.value(theta + h * e) for e in np.eye(len(theta))]
        minus = [s.value(theta - h * e) for e in np.eye(len(theta))]
        out.update(h=h, f_plus=plus, f_minus=minus if spec.gradient == "central" else None,
                   f_x=s.value(theta))
    return out


def _terms(spec: DescentSpec, g: np.ndarray, before: Any, after: Any, theta: np.ndarray, eta: float,
           t: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The optimizer's state (before → after) and the arrows whose sum is Δ."""
    hp, name, book = spec.hyper, spec.optimizer, spec.convention == "book"
    wd = hp.get("weight_decay", 0.01 if name == "adamw" else 0.0)
    if wd and name != "adamw":
        g = g + wd * theta
    if isinstance(after, VelocityState):
        mu = hp.get("momentum", 0.9)
        prev = before.velocity
        state = {"velocity_before": _list(prev), "velocity": _list(after.velocity), "momentum": mu}
        if book:
            arrows = [{"name": "momentum", "vector": _list(mu * prev)}, {"name": "gradient", "vector": _list(-eta * g)}]
            if name == "nesterov":  # Δ = μ² v − (1 + μ) η g
                arrows = [{"name": "momentum", "vector": _list(mu * mu * after.velocity)},
                          {"name": "gradient", "vector": _list(-(1.0 + mu) * eta * g)}]
            return state, arrows
        push = mu * prev if before.started else np.zeros_like(g)
        arrows = [{"name": "momentum", "vector": _list(-eta * push)}, {"name": "gradient", "vector": _list(-eta * g)}]
        if name == "nesterov":  # Δ = −η (g + μ b)
            arrows = [{"name": "momentum", "vector": _list(-eta * mu * after.velocity)},
                      {"name": "gradient", "vector": _list(-eta * g)}]
        return state, arrows
    if isinstance(after, AccumState):
        eps = BOOK_EPS if book else hp.get("eps", 1e-10 if name == "adagrad" else 1e-8)
        scale = eta / (np.sqrt(after.h) + eps)
        state = {"h_before": _list(before.h), "h": _list(after.h), "effective_lr": _list(scale)}
        return state, [{"name": "scaled_gradient", "vector": _list(-scale * g)}]
    if isinstance(after, AdamState):
        b1, b2, n = hp.get("beta1", 0.9), hp.get("beta2", 0.999), t + 1
        c1, c2 = 1.0 - b1**n, 1.0 - b2**n
        m_hat, v_hat = after.m / c1, after.v / c2
        state = {"m_before": _list(before.m), "v_before": _list(before.v), "m": _list(after.m), "v": _list(after.v),
                 "m_hat": _list(m_hat), "v_hat": _list(v_hat), "bias_correction1": c1, "bias_correction2": c2,
                 "beta1": b1, "beta2": b2}
        if book:
            eta_t = eta * np.sqrt(c2) / c1
            state["lr_corrected"] = float(eta_t)
            step = -eta_t * after.m / (np.sqrt(after.v) + BOOK_EPS)
        else:
            step = -eta * m_hat / (np.sqrt(v_hat) + hp.get("eps", 1e-8))
        arrows = [{"name": "adam_step", "vector": _list(step)}]
        if name == "adamw" and wd:
            arrows.append({"name": "weight_decay", "vector": _list(-eta * wd * theta)})
        return state, arrows
    return {}, [{"name": "gradient", "vector": _list(-eta * g)}]


def anatomy(spec: DescentSpec, t: int) -> dict[str, Any]:
    """Every term of update t of the run `spec` (0 ≤ t < spec.steps); raises ValueError when the run ends first."""
    return finish(anatomy_steps(spec, t))


def anatomy_steps(spec: DescentSpec, t: int) -> Resumable[dict[str, Any]]:
    """`anatomy`, yielding every REPLAY_PIECE replayed steps (a caller takes turns with others between them)."""
    if not 0 <= t < max(spec.steps, 1):
        raise ValueError(f"step must be between 0 and steps − 1 = {spec.steps - 1}")
    s = spec.surface_obj
    schedule = make_schedule(spec.schedule, spec.lr, **spec.schedule_params)
    opt = make_optimizer(spec.optimizer, schedule, spec.convention, **spec.hyper)
    grad = gradient_fn(spec.gradient, s.f, s.grad, spec.h)
    theta = np.array(spec.start_point, dtype=np.float64)
    state = opt.init(theta)
    with np.errstate(all="ignore"):
        for k in range(t):
            if k % REPLAY_PIECE == REPLAY_PIECE - 1:
                yield
            delta, state = opt.update(grad(theta), state, theta, k)
            theta = theta + delta
            if not np.all(np.isfinite(theta)):
                raise ValueError(f"the run stops at step {k + 1}, before step {t}")
        g = grad(theta)
        delta, after = opt.update(g, state, theta, t)
    state_out, arrows = _terms(spec, g, state, after, theta, schedule(t), t)
    total = np.sum([a["vector"] for a in arrows], axis=0)
    x_next = theta + delta
    lengths = {a["name"]: float(np.hypot(*a["vector"])) for a in arrows}
    share = lengths["momentum"] / (lengths["momentum"] + lengths["gradient"]) \
        if "momentum" in lengths and lengths["momentum"] + lengths["gradient"] > 0 else None
    return {
        "t": t, "x": _list(theta), "f": s.value(theta), "gradient": _gradient(spec, theta), "lr": schedule(t),
        "optimizer": spec.optimizer, "convention": spec.convention, "state": state_out, "arrows": arrows,
        "delta": _list(delta), "delta_abs_over_lr": _list(np.abs(delta) / schedule(t)),
        "residual": float(np.max(np.abs(total - delta))), "momentum_share": share, "x_next": _list(x_next),
        "f_next": s.value(x_next),
    }
