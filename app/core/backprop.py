"""Backpropagation kernels for nets.MLP on preallocated buffers (one Workspace per run and batch size).

All products write into preallocated arrays (np.matmul(..., out=...)), the gradient goes straight into the views
of one flat vector, and activations are applied in place, so a training step allocates nothing the size of W1.
The equations are in app.core.nets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .nets import MLP


def views(net: MLP, theta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """[(W1, b1), (W2, b2), …] as views into θ (writing to them writes θ)."""
    arrays = [theta[s.offset:s.offset + s.size].reshape(s.shape) for s in net.layout]
    return list(zip(arrays[::2], arrays[1::2], strict=True))


def activate(z: np.ndarray, activation: str) -> None:
    """A = f(Z) in place: sigmoid 1/(1 + e^−z), tanh, relu max(z, 0)."""
    if activation == "sigmoid":
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += 1.0
        np.reciprocal(z, out=z)
    elif activation == "tanh":
        np.tanh(z, out=z)
    else:
        np.maximum(z, 0.0, out=z)


def losses_at(net: MLP, thetas: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L(θ_g) for every row θ_g of `thetas` (G, P) in one batched forward pass (stacked matmuls)."""
    th = np.asarray(thetas, dtype=net.dtype)
    g, n = len(th), len(x)
    a = np.asarray(x, dtype=net.dtype)
    penalty = np.zeros(g)
    for l in range(net.depth):  # noqa: E741
        ws, bs = net.layout[2 * l], net.layout[2 * l + 1]
        w = th[:, ws.offset:ws.offset + ws.size].reshape(g, *ws.shape)
        z = np.matmul(a, w)
        z += th[:, None, bs.offset:bs.offset + bs.size]
        if net.weight_decay:
            penalty += 0.5 * net.weight_decay * np.einsum("gij,gij->g", w, w)
        if l < net.depth - 1:
            activate(z, net.activation)
        a = z
    if net.loss == "cross_entropy":
        a -= np.maximum.reduce(a, axis=2, keepdims=True)
        picked = a[:, np.arange(n), y]
        data = np.mean(np.log(np.add.reduce(np.exp(a), axis=2)) - picked, axis=1)
    else:
        if y.ndim == 1 and y.dtype.kind in "iu":
            a[:, np.arange(n), y] -= 1.0
        else:
            a -= np.asarray(y, dtype=a.dtype).reshape(n, -1)
        data = 0.5 * np.einsum("gij,gij->g", a, a) / n
    losses: np.ndarray = data.astype(np.float64) + penalty
    return losses


class Workspace:
    """Preallocated activations and deltas for batches of up to `batch_size` rows; one per training run."""

    def __init__(self, net: MLP, batch_size: int) -> None:
        self.net, self.batch_size = net, batch_size
        dt = np.dtype(net.dtype)
        self.acts = [np.empty((batch_size, n), dt) for n in net.sizes[1:]]
        self.deltas = [np.empty((batch_size, n), dt) for n in net.sizes[1:]]
        self.tmp = [np.empty((batch_size, n), dt) for n in net.sizes[1:-1]]
        self.rows = np.arange(batch_size)
        biggest = max(s.size for s in net.layout[::2])
        self.scratch = np.empty(biggest, dt) if net.weight_decay else None
        self._views: list[tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]] = []

    def views(self, arr: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """views(net, arr), remembered for the last few arrays seen (θ and the gradient stay the same objects)."""
        for seen, layers in self._views:
            if seen is arr:
                return layers
        layers = views(self.net, arr)
        self._views = [(arr, layers), *self._views[:3]]
        return layers

    def _theta(self, theta: np.ndarray) -> np.ndarray:
        return theta if theta.dtype == self.net.dtype else np.asarray(theta, dtype=self.net.dtype)

    def _forward_hidden(self, layers: list[tuple[np.ndarray, np.ndarray]], x: np.ndarray) -> np.ndarray:
        """Z_L (the logits) in acts[-1]; hidden activations A_l in acts[l − 1]."""
        m, act, a = len(x), self.net.activation, x
        for l, (w, b) in enumerate(layers):  # noqa: E741
            z = self.acts[l][:m]
            np.matmul(a, w, out=z)
            z += b
            if l < len(layers) - 1:
                activate(z, act)
            a = z
        return a

    def _output(self, z: np.ndarray, y: np.ndarray, delta: np.ndarray | None) -> float:
        """Turn logits z into outputs in place; return the summed data loss; write B·δ_L into delta if given."""
        m, rows = len(z), self.rows[:len(z)]
        labels = y.ndim == 1 and y.dtype.kind in "iu"
        if self.net.loss == "cross_entropy":
            z -= np.maximum.reduce(z, axis=1, keepdims=True)
            zy = z[rows, y]
            np.exp(z, out=z)
            s = np.add.reduce(z, axis=1)
            z /= s[:, None]
            total = float(np.add.reduce(np.log(s)) - np.add.reduce(zy))
            if delta is not None:
                np.copyto(delta, z)
                delta[rows, y] -= 1.0
            return total
        d = delta if delta is not None else np.empty_like(z)
        np.copyto(d, z)
        if labels:
            d[rows, y] -= 1.0
        else:
            d -= y.reshape(m, -1)
        return 0.5 * float(np.vdot(d, d))

    def penalty(self, layers: list[tuple[np.ndarray, np.ndarray]]) -> float:
        lam = self.net.weight_decay
        return 0.5 * lam * sum(float(np.vdot(w, w)) for w, _ in layers) if lam else 0.0

    def loss(self, theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
        """L(θ) on a batch of at most batch_size rows (data loss + L2 penalty)."""
        layers = self.views(self._theta(theta))
        z = self._forward_hidden(layers, x)
        return self._output(z, y, None) / len(x) + self.penalty(layers)

    def outputs(self, theta: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Softmax probabilities (cross_entropy) or raw outputs (mse); a view into the workspace."""
        z = self._forward_hidden(self.views(self._theta(theta)), x)
        if self.net.loss == "cross_entropy":
            z -= np.maximum.reduce(z, axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= np.add.reduce(z, axis=1, keepdims=True)
        return z

    def evaluate(self, theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, float | None]:
        """(L, accuracy) over any number of rows, batch_size rows at a time; accuracy None for float targets."""
        n, chunk = len(x), self.batch_size
        layers = self.views(self._theta(theta))
        labels = y.ndim == 1 and y.dtype.kind in "iu"
        total, correct = 0.0, 0
        for i in range(0, n, chunk):
            xb, yb = x[i:i + chunk], y[i:i + chunk]
            z = self._forward_hidden(layers, xb)
            if labels:
                correct += int(np.count_nonzero(np.argmax(z, axis=1) == yb))
            total += self._output(z, yb, None)
        return total / n + self.penalty(layers), (correct / n if labels else None)

    def loss_and_grad(self, theta: np.ndarray, x: np.ndarray, y: np.ndarray, grad: np.ndarray) -> float:
        """Backpropagation: write ∂L/∂θ into `grad` (same layout as θ) and return L."""
        net, m = self.net, len(x)
        layers = self.views(self._theta(theta))
        grads = self.views(grad)
        z = self._forward_hidden(layers, x)
        delta = self.deltas[-1][:m]
        total = self._output(z, y, delta)
        delta *= 1.0 / m
        lam, act = net.weight_decay, net.activation
        for l in range(len(layers) - 1, -1, -1):  # noqa: E741
            w, _ = layers[l]
            gw, gb = grads[l]
            a_prev = x if l == 0 else self.acts[l - 1][:m]
            np.matmul(a_prev.T, delta, out=gw)
            np.add.reduce(delta, axis=0, out=gb)
            if lam:
                assert self.scratch is not None  # allocated whenever the net has weight decay
                s = self.scratch[:w.size].reshape(w.shape)
                np.multiply(w, lam, out=s)
                gw += s
            if l > 0:
                d_prev, t = self.deltas[l - 1][:m], self.tmp[l - 1][:m]
                np.matmul(delta, w.T, out=d_prev)
                if act == "sigmoid":
                    np.subtract(1.0, a_prev, out=t)
                    t *= a_prev
                elif act == "tanh":
                    np.multiply(a_prev, a_prev, out=t)
                    np.subtract(1.0, t, out=t)
                else:
                    np.greater(a_prev, 0.0, out=t)
                d_prev *= t
                delta = d_prev
        return total / m + self.penalty(layers)
