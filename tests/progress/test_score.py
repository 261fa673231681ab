"""Tests for components.progress.score: numbers a user of the progress page would see."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal
from types import SimpleNamespace

import pytest

from components.progress.score import (
    Progress,
    ProgressInputError,
    dimension_scores,
    metric_progress,
    overall_fraction,
    progress_of,
    secured_progress,
    validate_rating,
)

# --- metric_progress ---------------------------------------------------------------------


def test_coffee_waiting_time_going_down():
    p = metric_progress(15, 3, 2)
    assert p.gain == 12.0
    assert p.gap == 1.0
    assert p.fraction == pytest.approx(12 / 13)
    assert p.direction == -1


def test_sales_going_up():
    # 40 sales a month, now 70, target 100: 30 gained, 30 to go, half way.
    p = metric_progress(40, 70, 100)
    assert (p.gain, p.gap, p.fraction) == (30.0, 30.0, 0.5)
    assert p.direction == 1


def test_regression_gives_negative_gain_and_zero_fraction():
    up = metric_progress(40, 30, 100)
    assert (up.gain, up.gap, up.fraction) == (-10.0, 70.0, 0.0)
    down = metric_progress(15, 18, 2)  # waiting got longer
    assert (down.gain, down.gap, down.fraction) == (-3.0, 16.0, 0.0)


def test_overshoot_caps_fraction_and_closes_gap():
    up = metric_progress(40, 130, 100)
    assert (up.gain, up.gap, up.fraction) == (90.0, 0.0, 1.0)
    down = metric_progress(15, 1, 2)
    assert (down.gain, down.gap, down.fraction) == (14.0, 0.0, 1.0)


def test_target_reached_exactly():
    assert metric_progress(15, 2, 2) == Progress(gain=13.0, gap=0.0, fraction=1.0)


def test_exact_decimal_arithmetic_on_mixed_inputs():
    # 0.1 + 0.2 style errors must not show: gain 0.3 of 0.3 is exactly 100 %.
    p = metric_progress("0.1", 0.4, Decimal("0.4"))
    assert p.gain == 0.3
    assert p.gap == 0.0
    assert p.fraction == 1.0
    assert metric_progress(0.1, 0.2, 0.4).fraction == pytest.approx(1 / 3)


def test_progress_equality_ignores_direction_and_is_frozen():
    p = metric_progress(15, 3, 2)
    assert p == Progress(12.0, 1.0, 12 / 13)
    with pytest.raises(FrozenInstanceError):
        p.gain = 0  # type: ignore[misc]


def test_target_equal_to_baseline_is_rejected_naming_target():
    with pytest.raises(ValueError, match="target") as info:
        metric_progress(10, 12, 10)
    assert isinstance(info.value, ProgressInputError)
    assert info.value.field == "target"
    assert info.value.code == "equal_target"


@pytest.mark.parametrize(
    "args, field, code",
    [(("abc", 1, 2), "baseline", "not_a_number"), ((1, None, 2), "current", "missing"),
     ((1, 2, float("nan")), "target", "not_a_number"), ((True, 2, 3), "baseline", "not_a_number"),
     ((1, 2, "1,5"), "target", "not_a_number")],
)
def test_non_numbers_are_rejected_naming_the_field(args, field, code):
    with pytest.raises(ProgressInputError, match=field) as info:
        metric_progress(*args)
    assert info.value.field == field
    assert info.value.code == code


# --- secured_progress ----------------------------------------------------------------------


def test_secured_within_tolerance_is_full():
    p = secured_progress(8, 7.5, 1)  # alertness 8/10 may slip by 1
    assert (p.gain, p.gap, p.fraction) == (-0.5, 0.0, 1.0)
    assert secured_progress(8, 7, 1).fraction == 1.0  # exactly at the tolerance


def test_secured_better_than_baseline_is_full_with_positive_gain():
    p = secured_progress(200, 210, 10)  # customers kept: 10 more than before
    assert (p.gain, p.gap, p.fraction) == (10.0, 0.0, 1.0)


def test_secured_beyond_tolerance_loses_linearly_to_zero_at_twice():
    assert secured_progress(8, 6.5, 1) == Progress(gain=-1.5, gap=0.5, fraction=0.5)
    assert secured_progress(200, 185, 10) == Progress(gain=-15.0, gap=5.0, fraction=0.5)
    assert secured_progress(200, 180, 10).fraction == 0.0
    assert secured_progress(200, 150, 10) == Progress(gain=-50.0, gap=40.0, fraction=0.0)


def test_secured_smaller_is_better():
    # complaints per month: 4, allowed to rise by 2
    assert secured_progress(4, 5, 2, direction=-1) == Progress(gain=-1.0, gap=0.0, fraction=1.0)
    assert secured_progress(4, 7, 2, direction=-1) == Progress(gain=-3.0, gap=1.0, fraction=0.5)
    assert secured_progress(4, 1, 2, direction=-1) == Progress(gain=3.0, gap=0.0, fraction=1.0)


def test_secured_keep_close_in_both_directions():
    assert secured_progress(37, 38.5, 1, direction=0) == Progress(gain=-1.5, gap=0.5, fraction=0.5)
    assert secured_progress(37, 35.5, 1, direction=0) == Progress(gain=-1.5, gap=0.5, fraction=0.5)


def test_secured_zero_tolerance():
    assert secured_progress(100, 100, 0).fraction == 1.0
    assert secured_progress(100, 99.9, 0) == Progress(gain=pytest.approx(-0.1),
                                                      gap=pytest.approx(0.1), fraction=0.0)


def test_secured_rejects_bad_tolerance_and_direction():
    with pytest.raises(ProgressInputError, match="tolerance") as info:
        secured_progress(1, 1, -1)
    assert info.value.code == "negative"
    with pytest.raises(ProgressInputError, match="direction"):
        secured_progress(1, 1, 1, direction=2)


def test_progress_of_board_like_records():
    improve = SimpleNamespace(kind="improve", baseline=Decimal(15), current=Decimal(3),
                              target=Decimal(2), tolerance=Decimal(0), scale_min=None,
                              scale_max=None)
    assert progress_of(improve).fraction == pytest.approx(12 / 13)
    secure = {"kind": "secure", "baseline": "4", "current": "7", "tolerance": "2"}
    assert progress_of(secure, direction=-1).fraction == 0.5
    assert progress_of(secure).fraction == 1.0  # default: larger is better, 7 > 4 is fine
    rating = {"baseline": 2, "current": 6, "target": 5, "scale_min": 1, "scale_max": 5}
    with pytest.raises(ProgressInputError, match="current") as info:
        progress_of(rating)
    assert info.value.code == "out_of_range"
    with pytest.raises(ProgressInputError, match="target"):
        progress_of({"baseline": 1, "current": 2, "target": None})


# --- dimension_scores ----------------------------------------------------------------------


def test_dimension_scores_weighted_with_mappings():
    scores = dimension_scores([
        {"dimension": "functional", "weight": 2, "fraction": 0.5},
        {"dimension": "functional", "weight": 1, "fraction": 1},
        {"dimension": "emotional", "weight": "1", "fraction": Decimal("0.25")},
    ])
    assert scores["functional"] == pytest.approx(200 / 3)  # (2*0.5 + 1*1) / 3
    assert scores["emotional"] == 25.0
    assert scores["social"] is None
    assert list(scores) == ["functional", "emotional", "social"]


def test_dimension_scores_with_objects():
    metrics = [
        SimpleNamespace(dimension="social", weight=Decimal("1.5"), fraction=0.8),
        SimpleNamespace(dimension="social", weight=Decimal("0.5"), fraction=0.0),
    ]
    assert dimension_scores(metrics) == {"functional": None, "emotional": None, "social": 60.0}


def test_dimension_scores_empty_and_zero_weight():
    assert dimension_scores([]) == {"functional": None, "emotional": None, "social": None}
    zero = [{"dimension": "functional", "weight": 0, "fraction": 1}]
    assert dimension_scores(zero)["functional"] is None
    mixed = [*zero, {"dimension": "functional", "weight": 1, "fraction": 0.4}]
    assert dimension_scores(mixed)["functional"] == 40.0


@pytest.mark.parametrize(
    "metric, field, reason",
    [
        ({"dimension": "spiritual", "weight": 1, "fraction": 0.5}, "dimension",
         "unknown_dimension"),
        ({"dimension": "social", "weight": -1, "fraction": 0.5}, "weight", "negative"),
        ({"dimension": "social", "weight": 1, "fraction": 1.5}, "fraction", "out_of_range"),
        ({"dimension": "social", "weight": 1}, "fraction", "missing"),
        ({"dimension": "social", "weight": "heavy", "fraction": 1}, "weight", "not_a_number"),
    ],
)
def test_dimension_scores_errors_name_the_field(metric, field, reason):
    ok = {"dimension": "functional", "weight": 1, "fraction": 1}
    with pytest.raises(ValueError, match=field) as info:
        dimension_scores([ok, metric])
    assert info.value.field == f"metrics[1].{field}"
    assert info.value.code == reason
    assert "metrics[1]" in str(info.value)


def test_overall_fraction_combines_dimensions_by_weight():
    metrics = [
        {"dimension": "functional", "weight": 3, "fraction": 1},
        {"dimension": "emotional", "weight": 1, "fraction": 0},
    ]
    assert overall_fraction(metrics) == 0.75
    assert overall_fraction([]) is None


# --- ratings and the desired outcome ---------------------------------------------------


def test_validate_rating():
    assert validate_rating(3, 1, 5, "current") == 3.0
    assert validate_rating("5", 1, 5, "current") == 5.0
    with pytest.raises(ProgressInputError, match="alertness") as info:
        validate_rating(0, 1, 5, "alertness")
    assert info.value.field == "alertness"
    assert info.value.code == "out_of_range"
