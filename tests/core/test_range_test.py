"""Reading a range test: the suggestion sits where a known loss curve falls fastest, below its minimum."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.range_test import range_test, smooth


def test_smoothing_is_a_bias_corrected_running_mean() -> None:
    assert smooth([2.0, 2.0, 2.0]).tolist() == pytest.approx([2.0, 2.0, 2.0])
    s = smooth([1.0, 3.0], beta=0.5)
    assert s[1] == pytest.approx((0.5 * 0.5 * 1.0 + 0.5 * 3.0) / (1 - 0.25))


def test_suggestion_at_the_steepest_fall_of_a_known_curve() -> None:
    lr = np.logspace(-4, 1, 200)
    u = np.log10(lr)
    # flat at 2.3, falls fastest around lr = 1e-2 (a logistic step in log lr), bottoms out, then shoots up after 1
    loss = 1.3 + 1.0 / (1.0 + np.exp(6.0 * (u + 2.0))) + np.where(u > 0, 20.0 * u**2, 0.0)
    rt = range_test(lr.tolist(), loss.tolist(), beta=0.0)
    assert rt.method == "steepest"
    assert 10**-2.3 < rt.suggested_lr < 10**-1.7
    assert rt.suggested_lr < rt.min_lr <= 1.0 + 1e-9
    assert rt.min_lr_over_10 == pytest.approx(rt.min_lr / 10)
    assert rt.explode_lr is not None and rt.explode_lr > rt.min_lr
    assert rt.loss_start == pytest.approx(loss[0]) and rt.min_loss == pytest.approx(loss.min())


def test_too_short_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        range_test([0.1, 1.0], [1.0, 2.0])
