"""The loss surface of a 2-parameter linear regression, exact over any grid of (w, b).

Model ŷ = w·x + b on data (x_i, y_i), i = 1..N; loss L(w, b) = ½·mean((w·x + b − y)²) (the ½ cancels the 2 of the
derivative, as in the network's MSE). With the moments x̄, ȳ, mean(x²), mean(xy), mean(y²):
  L(w, b) = ½ (w² mean(x²) + 2wb x̄ + b² − 2w mean(xy) − 2b ȳ + mean(y²))
  ∂L/∂w = w mean(x²) + b x̄ − mean(xy)        ∂L/∂b = w x̄ + b − ȳ
The minimum is the least-squares fit: w* = cov(x, y) / var(x), b* = ȳ − w* x̄.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinRegSurface:
    """Moments of the data, enough for the loss and gradient anywhere; the least-squares minimum."""

    mx: float
    my: float
    mxx: float
    mxy: float
    myy: float
    minimum: tuple[float, float]
    min_loss: float

    def loss_and_grad(self, wb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """wb of shape (2, ...) holding w and b → loss of shape (...) and gradient of shape (2, ...)."""
        wb = np.asarray(wb, dtype=np.float64)
        w, b = wb[0], wb[1]
        loss = 0.5 * (w * w * self.mxx + 2.0 * w * b * self.mx + b * b - 2.0 * w * self.mxy - 2.0 * b * self.my
                      + self.myy)
        grad = np.stack([w * self.mxx + b * self.mx - self.mxy, w * self.mx + b - self.my])
        return np.maximum(loss, 0.0), grad

    def loss(self, wb: np.ndarray) -> np.ndarray:
        return self.loss_and_grad(wb)[0]

    def grad(self, wb: np.ndarray) -> np.ndarray:
        return self.loss_and_grad(wb)[1]


def linreg_surface(x: np.ndarray, y: np.ndarray) -> LinRegSurface:
    """The exact loss surface of ŷ = w·x + b on 1-D data x, y (x may also be given as shape (N, 1))."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if len(x) != len(y) or len(x) < 2:
        raise ValueError("x and y need the same length, at least 2")
    (w, b), *_ = np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)
    min_loss = 0.5 * float(np.mean((w * x + b - y) ** 2))
    return LinRegSurface(float(x.mean()), float(y.mean()), float(np.mean(x * x)), float(np.mean(x * y)),
                         float(np.mean(y * y)), (float(w), float(b)), min_loss)
