"""The optimizers on arrays of many runs at once (one entry per run), for sweeps.

The formulas of `scalar_optimizers.py`, elementwise with the same operations in the same order, so each run's
updates are bit for bit those of the run done alone. The learning rate and any hyperparameter may be an array
(one value per run: a sweep axis) or a float. β^(t+1) for an array β is np.float_power (the C library's pow(),
as a float's ** calls); np.sqrt rounds correctly, as math.sqrt does.
"""

from __future__ import annotations

import numpy as np

from .optimizers import BOOK_EPS

Array = np.ndarray
Param = float | Array


class _Powers:
    """β^n for a per-run β: pow() of the few distinct values (a sweep axis has n of them), gathered per run."""

    def __init__(self, b: np.ndarray) -> None:
        self.values, self.which = np.unique(b, return_inverse=True)

    def keep(self, mask: Array) -> None:
        self.which = self.which[mask]

    def __call__(self, n: int) -> Array:
        per_run: Array = np.float_power(self.values, float(n))[self.which]
        return per_run


def _pow(b: Param, n: int, powers: _Powers | None) -> Param:
    return powers(n) if powers is not None else b**n


class VectorOptimizer:
    """update(gx, gy, x, y, t) -> (Δx, Δy) for every live run; keep(mask) drops the finished ones."""

    def __init__(self, name: str, convention: str, lr: Param, hp: dict[str, Param], size: int) -> None:
        self.name, self.book = name, convention == "book"
        self.powers: dict[str, _Powers] = {}
        self.p: dict[str, Param] = {"lr": lr}
        if name == "sgd":
            self.p["wd"] = hp.get("weight_decay", 0.0)
        elif name in ("momentum", "nesterov"):
            self.p.update(mu=hp.get("momentum", 0.9), wd=hp.get("weight_decay", 0.0))
        elif name in ("adagrad", "rmsprop"):
            eps = BOOK_EPS if self.book else hp.get("eps", 1e-10 if name == "adagrad" else 1e-8)
            self.p.update(eps=eps, wd=hp.get("weight_decay", 0.0))
            if name == "rmsprop":
                alpha = hp.get("alpha", 0.99)
                self.p.update(alpha=alpha, one_minus=1.0 - alpha)
        elif name in ("adam", "adamw"):
            b1, b2 = hp.get("beta1", 0.9), hp.get("beta2", 0.999)
            self.p.update(b1=b1, b2=b2, c1=1.0 - b1, c2=1.0 - b2, eps=hp.get("eps", 1e-8),
                          wd=hp.get("weight_decay", 0.01 if name == "adamw" else 0.0))
            self.powers = {k: _Powers(v) for k, v in (("b1", b1), ("b2", b2)) if isinstance(v, np.ndarray)}
        else:
            raise ValueError(f"unknown optimizer {name!r}")
        z = np.zeros(size)
        self.s: dict[str, Array] = {}
        if name in ("momentum", "nesterov"):
            self.s.update(vx=z, vy=z.copy())
        elif name in ("adagrad", "rmsprop"):
            self.s.update(hx=z, hy=z.copy())
        elif name in ("adam", "adamw"):
            self.s.update(mx=z, my=z.copy(), vx=z.copy(), vy=z.copy())

    def keep(self, mask: Array) -> None:
        """Keep only the runs where mask is True (state and per-run hyperparameters alike)."""
        self.p = {k: v[mask] if isinstance(v, np.ndarray) else v for k, v in self.p.items()}
        self.s = {k: v[mask] for k, v in self.s.items()}
        for powers in self.powers.values():
            powers.keep(mask)

    def update(self, gx: Array, gy: Array, x: Array, y: Array, t: int) -> tuple[Array, Array]:
        p, s, name = self.p, self.s, self.name
        eta, wd = p["lr"], p["wd"]
        if wd is not None and np.any(wd) and name != "adamw":
            gx, gy = gx + wd * x, gy + wd * y
        if name == "sgd":
            return -eta * gx, -eta * gy
        if name in ("momentum", "nesterov"):
            mu = p["mu"]
            if self.book:
                s["vx"], s["vy"] = mu * s["vx"] - eta * gx, mu * s["vy"] - eta * gy
                if name == "nesterov":
                    c, d = mu * mu, (1.0 + mu) * eta
                    return c * s["vx"] - d * gx, c * s["vy"] - d * gy
                return s["vx"].copy(), s["vy"].copy()
            if t > 0:
                s["vx"], s["vy"] = mu * s["vx"] + gx, mu * s["vy"] + gy
            else:
                s["vx"], s["vy"] = gx.copy(), gy.copy()
            if name == "nesterov":
                return -eta * (gx + mu * s["vx"]), -eta * (gy + mu * s["vy"])
            return -eta * s["vx"], -eta * s["vy"]
        if name in ("adagrad", "rmsprop"):
            if name == "adagrad":
                s["hx"], s["hy"] = s["hx"] + gx * gx, s["hy"] + gy * gy
            else:
                a, om = p["alpha"], p["one_minus"]
                s["hx"], s["hy"] = a * s["hx"] + om * gx * gx, a * s["hy"] + om * gy * gy
            eps = p["eps"]
            return -eta * gx / (np.sqrt(s["hx"]) + eps), -eta * gy / (np.sqrt(s["hy"]) + eps)
        return self._adam(gx, gy, x, y, t)

    def _adam(self, gx: Array, gy: Array, x: Array, y: Array, t: int) -> tuple[Array, Array]:
        p, s = self.p, self.s
        eta, b1, b2, c1, c2 = p["lr"], p["b1"], p["b2"], p["c1"], p["c2"]
        n = t + 1
        p1, p2 = _pow(b1, n, self.powers.get("b1")), _pow(b2, n, self.powers.get("b2"))
        if self.book:
            eta_t = eta * np.sqrt(1.0 - p2) / (1.0 - p1)
            s["mx"], s["my"] = s["mx"] + c1 * (gx - s["mx"]), s["my"] + c1 * (gy - s["my"])
            s["vx"], s["vy"] = s["vx"] + c2 * (gx * gx - s["vx"]), s["vy"] + c2 * (gy * gy - s["vy"])
            dx = -eta_t * s["mx"] / (np.sqrt(s["vx"]) + BOOK_EPS)
            dy = -eta_t * s["my"] / (np.sqrt(s["vy"]) + BOOK_EPS)
        else:
            s["mx"], s["my"] = b1 * s["mx"] + c1 * gx, b1 * s["my"] + c1 * gy
            s["vx"], s["vy"] = b2 * s["vx"] + c2 * gx * gx, b2 * s["vy"] + c2 * gy * gy
            k1, k2 = 1.0 - p1, 1.0 - p2
            eps = p["eps"]
            dx = -eta * (s["mx"] / k1) / (np.sqrt(s["vx"] / k2) + eps)
            dy = -eta * (s["my"] / k1) / (np.sqrt(s["vy"] / k2) + eps)
        wd = p["wd"]
        if self.name == "adamw" and np.any(wd):
            e = eta * wd
            dx, dy = dx - e * x, dy - e * y
        return dx, dy
