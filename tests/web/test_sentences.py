"""Numbers and shares for people, and sentences rendered from message keys at the boundary."""

from __future__ import annotations

import pytest

from app.core.verdicts import Sentence
from app.web.sentences import number, percent, render

NBSP = "\u00a0"


@pytest.mark.parametrize(("x", "text"), [
    (6.449466771037626, "6.449"), (0.1, "0.1"), (25.0, "25"), (1234.5678, "1235"), (0.001234567, "0.001235"),
    (2.58983747e13, f"2.59{NBSP}×{NBSP}10¹³"), (1e-10, "10⁻¹⁰"), (-1e5, "−10⁵"), (3.0e128, f"3{NBSP}×{NBSP}10¹²⁸"),
    (0.0, "0"), (120, "120"), (float("inf"), "∞"),
    # five-digit numbers as the pages' formatter writes them (static/js/shared/format.js: exponents from 10⁵)
    (51213.7, "51210"), (9999.5, "10000"), (-12345.6, "-12350"), (99994.0, "99990"),
])
def test_numbers_have_at_most_four_significant_digits(x: float, text: str) -> None:
    assert number(x) == text


@pytest.mark.parametrize(("share", "en", "ko"), [
    (0.348, "34.8%", "34.8%"), (0.99999, "99.9%", "99.9%"), (1.0, "100%", "100%"), (0.0042, "0.42%", "0.42%"),
    (4e-8, "less than 0.01%", "0.01% 미만"), (0.0, "0%", "0%"), (-0.5, "0%", "0%"), (None, "–", "–"),
    # rounded to the nearest tenth like the page's accuracy lines (moons at lr 1: 95.67 % is 95.7 % on both)
    (0.95667, "95.7%", "95.7%"), (0.0436, "4.4%", "4.4%"), (0.969, "96.9%", "96.9%"), (0.9996, "99.9%", "99.9%"),
])
def test_shares_never_round_up_to_done_or_down_to_nothing(share: float | None, en: str, ko: str) -> None:
    assert percent(share, "en") == en and percent(share, "ko") == ko


def test_a_sentence_renders_nested_clauses_and_keys_in_both_languages() -> None:
    change = Sentence("advice.change.lr", {"lr": 1.0, "lr_was": 10.0})
    outcome = Sentence("advice.outcome.fit", {"loss": 0.0018744, "epochs": 50, "acc_pct": 0.969,
                                              "part_key": "advice.part.held_out"})
    text = render(Sentence("advice.tried", {"change": change, "outcome": outcome}))
    assert text["en"] == ("Tried: with learning rate 1 instead of 10, the same network got 96.9% of the held-out "
                          "samples right in 50 epochs (training loss 0.001874).")
    assert "학습률 10 대신 1" in text["ko"] and "따로 떼어 둔 데이터의 96.9%" in text["ko"]


def test_a_start_and_an_end_that_differ_never_read_the_same() -> None:
    """lr 10⁻¹⁰ on the bowl: the loss moves from 25 to 24.999999; 4 digits alone would say "from 25 to 25"."""
    params = {"steps": 100, "progress_pct": 4e-8, "loss_start": 25.0, "loss_end": 24.999998999999928,
              "lr": 1e-10, "grad": 9.9999998}
    text = render(Sentence("diagnosis.too_slow", params))
    assert f"from 25 to 25{NBSP}−{NBSP}10⁻⁶:" in text["en"] and f"25에서 25{NBSP}−{NBSP}10⁻⁶까지" in text["ko"]
    same = render(Sentence("diagnosis.too_slow", {**params, "loss_end": 25.0}))
    assert "from 25 to 25:" in same["en"]  # equal numbers stay as they are
    far = render(Sentence("diagnosis.too_slow", {**params, "loss_end": 6.4491234}))
    assert "from 25 to 6.449" in far["en"]  # numbers that already read apart keep 4 digits
