"""Opportunity scores of the canvas's outcomes (components.canvas.opportunity)."""

from __future__ import annotations

import pytest

from components.canvas.opportunity import is_over_served, opportunity, opportunity_band


def test_opportunity_scores():
    assert opportunity(9, 3) == 15.0  # 9 + 6
    assert opportunity(8, 9) == 8.0  # over-served: no bonus
    assert opportunity(10, 0) == 20.0
    assert opportunity("7.5", 2.5) == 12.5


@pytest.mark.parametrize(
    "score, band",
    [(20, "extreme"), (15.5, "extreme"), (15, "strong"), (12, "strong"),
     (11.9, "worth_considering"), (10, "worth_considering"), (9.99, "unattractive"),
     (0, "unattractive")],
)
def test_opportunity_bands_and_boundaries(score, band):
    assert opportunity_band(score) == band


def test_opportunity_out_of_range_names_the_field():
    with pytest.raises(ValueError, match="importance"):
        opportunity(11, 5)
    with pytest.raises(ValueError, match="satisfaction") as info:
        opportunity(5, -1)
    assert info.value.code == "out_of_range"
    with pytest.raises(ValueError, match="score"):
        opportunity_band(21)


def test_over_served():
    assert is_over_served(4, 8) is True
    assert is_over_served(8, 8) is False
    assert is_over_served(9, 3) is False
