"""A multilayer perceptron as data: one flat parameter vector θ and a layout of named views into it.

Layers l = 1..L with sizes n_0 (inputs) … n_L (outputs); W_l has shape (n_{l−1}, n_l), b_l shape (n_l,); θ holds
W1, b1, W2, b2, … in that order. For a batch X of B rows:
  forward   A_0 = X;  Z_l = A_{l−1} W_l + b_l;  A_l = f(Z_l) for l < L;  output O = softmax(Z_L) or Z_L
  loss      cross_entropy: L = −(1/B) Σ_i log O_{i,y_i};   mse: L = (1/2B) Σ_i ‖O_i − T_i‖² (T one-hot or targets)
            plus the L2 penalty (λ/2) Σ_l ‖W_l‖² (weights only)
  backward  δ_L = (O − Y)/B for both losses (softmax-cross-entropy and identity-MSE share it)
            ∂L/∂W_l = A_{l−1}ᵀ δ_l + λ W_l;   ∂L/∂b_l = Σ_i δ_l,i;   δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(Z_{l−1})
  f′ from A = f(Z): sigmoid A(1 − A), tanh 1 − A², relu [A > 0].
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .backprop import Workspace, losses_at, views
from .gradients import central_difference

__all__ = [
    "ACTIVATIONS", "DTYPES", "INITS", "LOSSES", "MLP", "GradientCheck", "NumericalCost", "ParamSpec", "Workspace",
    "accuracy", "check_gradient", "evaluate", "forward", "init_params", "loss", "loss_and_gradient", "losses_at",
    "make_mlp", "numerical_cost", "numerical_gradient", "unflatten", "views",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("cross_entropy", "mse")
INITS = ("normal", "xavier", "he")
DTYPES = ("float64", "float32")


class ParamSpec(NamedTuple):
    """One named block of θ: θ[offset : offset + size] viewed with `shape`."""

    name: str
    shape: tuple[int, ...]
    offset: int

    @property
    def size(self) -> int:
        return math.prod(self.shape)


@dataclass(frozen=True)
class MLP:
    """Architecture only (no weights): layer sizes, activation, loss, L2 weight decay λ, float type, layout."""

    sizes: tuple[int, ...]
    activation: str
    loss: str
    weight_decay: float
    dtype: str
    layout: tuple[ParamSpec, ...]

    @property
    def n_params(self) -> int:
        last = self.layout[-1]
        return last.offset + last.size

    @property
    def depth(self) -> int:
        return len(self.sizes) - 1


def make_mlp(n_in: int, hidden: list[int] | tuple[int, ...], n_out: int, activation: str = "sigmoid",
             loss: str = "cross_entropy", weight_decay: float = 0.0, dtype: str = "float64") -> MLP:
    """An MLP n_in → hidden… → n_out (0–4 hidden layers)."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; expected one of {ACTIVATIONS}")
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; expected one of {LOSSES}")
    if dtype not in DTYPES:
        raise ValueError(f"unknown dtype {dtype!r}; expected one of {DTYPES}")
    if len(hidden) > 4 or any(int(h) < 1 for h in hidden) or n_in < 1 or n_out < 1:
        raise ValueError("use 0–4 hidden layers of at least 1 unit, and at least 1 input and 1 output")
    if not weight_decay >= 0:
        raise ValueError("weight_decay must be non-negative")
    sizes = (int(n_in), *(int(h) for h in hidden), int(n_out))
    layout, offset = [], 0
    for l in range(1, len(sizes)):  # noqa: E741
        for spec in (ParamSpec(f"W{l}", (sizes[l - 1], sizes[l]), offset),
                     ParamSpec(f"b{l}", (sizes[l],), offset + sizes[l - 1] * sizes[l])):
            layout.append(spec)
            offset += spec.size
    return MLP(sizes, activation, loss, float(weight_decay), dtype, tuple(layout))


def init_params(net: MLP, rng: np.random.Generator, init: str = "normal", std: float = 0.01) -> np.ndarray:
    """θ with W_l ~ N(0, σ²), b_l = 0; σ = std ("normal"), √(1/n_{l−1}) ("xavier"), √(2/n_{l−1}) ("he")."""
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {INITS}")
    theta = np.zeros(net.n_params, dtype=np.float64)
    for spec in net.layout[::2]:
        fan_in = spec.shape[0]
        sigma = std if init == "normal" else math.sqrt((1.0 if init == "xavier" else 2.0) / fan_in)
        theta[spec.offset:spec.offset + spec.size] = sigma * rng.standard_normal(spec.size)
    return theta.astype(net.dtype)


def unflatten(net: MLP, theta: np.ndarray) -> dict[str, np.ndarray]:
    """{"W1": view, "b1": view, …}."""
    return {s.name: theta[s.offset:s.offset + s.size].reshape(s.shape) for s in net.layout}


def loss(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """L(θ) on (x, y): data loss + (λ/2) Σ ‖W‖²."""
    return Workspace(net, len(x)).loss(theta, x, y)


def loss_and_gradient(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """(L, ∂L/∂θ) by backpropagation."""
    grad = np.empty(net.n_params, dtype=net.dtype)
    return Workspace(net, len(x)).loss_and_grad(theta, x, y, grad), grad


def forward(net: MLP, theta: np.ndarray, x: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Outputs for every row of x: class probabilities (cross_entropy) or raw outputs (mse)."""
    ws = Workspace(net, min(chunk, max(len(x), 1)))
    return np.concatenate([ws.outputs(theta, x[i:i + chunk]).copy() for i in range(0, len(x), chunk)])


def evaluate(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray, chunk: int = 2048,
             workspace: Workspace | None = None) -> tuple[float, float | None]:
    """(loss, accuracy) over a whole set, in chunks; accuracy is None for regression targets."""
    n = len(x)
    if n == 0:
        return math.nan, None
    ws = workspace if workspace is not None and workspace.net == net else Workspace(net, min(chunk, n))
    return ws.evaluate(theta, x, y)


def accuracy(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> float | None:
    """Share of rows whose largest output is the label."""
    return evaluate(net, theta, x, y)[1]


def numerical_gradient(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central differences (L(θ + h·e_i) − L(θ − h·e_i)) / 2h for every i: 2·P loss evaluations."""
    ws = Workspace(net, len(x))
    return central_difference(lambda th: ws.loss(th, x, y), theta, h)


class GradientCheck(NamedTuple):
    """Backprop against central differences. relative_error = ‖g_bp − g_num‖ / max(‖g_bp‖, ‖g_num‖, tiny);
    max_relative_difference = max_i |g_bp,i − g_num,i| / max(|g_bp,i|, |g_num,i|, floor)."""

    backprop: np.ndarray
    numerical: np.ndarray
    relative_error: float
    max_relative_difference: float
    worst_param: str
    worst_index: int


def check_gradient(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray, h: float = 1e-5,
                   floor: float = 1e-7, gradient: np.ndarray | None = None) -> GradientCheck:
    """Compare a gradient (backprop's unless `gradient` is given) with central differences: their largest relative
    difference, the worst entry named by its block."""
    bp = loss_and_gradient(net, theta, x, y)[1] if gradient is None else np.asarray(gradient)
    num = numerical_gradient(net, theta, x, y, h)
    bp64 = bp.astype(np.float64)
    diff = np.abs(bp64 - num)
    rel = diff / np.maximum(np.maximum(np.abs(bp64), np.abs(num)), floor)
    worst = int(np.argmax(rel))
    name = next(s.name for s in net.layout if s.offset <= worst < s.offset + s.size)
    scale = max(float(np.linalg.norm(bp64)), float(np.linalg.norm(num)), 1e-300)
    return GradientCheck(bp, num, float(np.linalg.norm(bp64 - num)) / scale, float(rel[worst]), name, worst)


class NumericalCost(NamedTuple):
    """What a full numerical gradient costs: 2·P loss evaluations, each timed as one forward pass."""

    evaluations: int
    seconds_per_evaluation: float
    seconds: float


def numerical_cost(net: MLP, theta: np.ndarray, x: np.ndarray, y: np.ndarray, repeats: int = 5) -> NumericalCost:
    """Estimate the time of numerical_gradient on this batch from the median time of one loss evaluation."""
    ws = Workspace(net, len(x))
    times = []
    for _ in range(max(repeats, 1)):
        start = time.perf_counter()
        ws.loss(theta, x, y)
        times.append(time.perf_counter() - start)
    per = float(np.median(times))
    evaluations = 2 * net.n_params
    return NumericalCost(evaluations, per, evaluations * per)
