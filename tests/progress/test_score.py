"""Tests for components.progress.score: numbers a user of the progress page would see."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal
from types import SimpleNamespace

import pytest

from components.progress.score import (
    PriceOfProgress,
    Progress,
    ProgressInputError,
    dimension_scores,
    metric_progress,
    outcome_met,
    overall_fraction,
    progress_of,
    secured_progress,
    switch_forces,
    tipping_metric,
    validate_rating,
    worth_it,
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


def test_outcome_met_airline():
    assert outcome_met(True, True) == "success"
    assert outcome_met(True, False) == "missing_experience"  # arrived, but not the right way
    assert outcome_met(False, True) == "missing_outcome"
    assert outcome_met(False, False) == "missing_both"


# --- worth it ------------------------------------------------------------------------------


def test_worth_it_clearly_above():
    w = worth_it(100, 50, 0, 0)
    assert (w.benefit, w.cost, w.ratio, w.verdict) == (Decimal("100.00"), Decimal("50.00"), 2.0,
                                                       "clearly_above")


def test_worth_it_close_with_effort_and_risk():
    # each rating point costs 5 % of 80 = 4: cost 80 + 4*4 = 96
    w = worth_it(100, 80, 2, 2)
    assert w.cost == Decimal("96.00")
    assert w.ratio == pytest.approx(100 / 96)
    assert w.verdict == "close"


def test_worth_it_below():
    w = worth_it(100, 80, 10, 10)  # cost 80 + 20*4 = 160
    assert w.cost == Decimal("160.00")
    assert w.ratio == 0.625
    assert w.verdict == "below"


def test_worth_it_scales_benefit_by_progress_fraction():
    w = worth_it("10.00", "5.00", 2, 0, progress_fraction=0.75)
    assert (w.benefit, w.cost, w.verdict) == (Decimal("7.50"), Decimal("5.50"), "clearly_above")
    w = worth_it(13, 11, progress_fraction=12 / 13)  # 12 against 11
    assert w.benefit == Decimal("12.00")
    assert w.verdict == "close"


def test_worth_it_boundaries_are_exact():
    assert worth_it(120, 100).verdict == "clearly_above"  # exactly 1.2
    assert worth_it("119.99", 100).verdict == "close"
    assert worth_it(80, 100).verdict == "close"  # exactly 0.8
    assert worth_it("79.99", 100).verdict == "below"
    assert worth_it(0.36, 0.3).verdict == "clearly_above"  # float 0.36 / 0.3 is exactly 1.2


def test_worth_it_fixed_money_per_point_and_free_product():
    w = worth_it(100, 0, 3, 1, money_per_point=10)
    assert w.cost == Decimal("40.00")
    assert w.verdict == "clearly_above"
    free = worth_it(100, 0, 3, 1)  # 5 % of nothing: free and effortless in money
    assert (free.cost, free.ratio, free.verdict) == (Decimal("0.00"), None, "clearly_above")
    assert worth_it(0, 0).verdict == "close"


def test_worth_it_with_price_of_progress():
    price = PriceOfProgress(Decimal("80"), effort=2, risk=2)
    assert price.cost() == Decimal("96.00")
    assert worth_it(100, price) == worth_it(100, 80, 2, 2)
    assert PriceOfProgress("4.5").money == Decimal("4.5")
    with pytest.raises(ProgressInputError, match="money"):
        PriceOfProgress(Decimal("-1"))
    with pytest.raises(ProgressInputError, match="effort") as info:
        worth_it(100, price, effort=5)
    assert info.value.code == "conflict"


@pytest.mark.parametrize(
    "kwargs, field, reason",
    [
        ({"value_of_progress": -1, "price": 1}, "value_of_progress", "negative"),
        ({"value_of_progress": 1, "price": -1}, "price", "negative"),
        ({"value_of_progress": 1, "price": "free"}, "price", "not_a_number"),
        ({"value_of_progress": 1, "price": 1, "effort": 11}, "effort", "out_of_range"),
        ({"value_of_progress": 1, "price": 1, "risk": 2.5}, "risk", "not_an_integer"),
        ({"value_of_progress": 1, "price": 1, "progress_fraction": 1.1}, "progress_fraction",
         "out_of_range"),
    ],
)
def test_worth_it_errors_name_the_field(kwargs, field, reason):
    with pytest.raises(ProgressInputError, match=field) as info:
        worth_it(**kwargs)
    assert (info.value.field, info.value.code) == (field, reason)


def _metrics():
    return [
        {"name": "minutes waiting", "dimension": "functional", "weight": 3, "fraction": 0.5},
        SimpleNamespace(name="feels calm", dimension="emotional", weight=1, fraction=0),
        {"name": "seen with colleagues", "dimension": "social", "weight": 1, "fraction": 1},
    ]


def test_tipping_metric_finds_what_moves_the_verdict():
    metrics = _metrics()
    assert overall_fraction(metrics) == 0.5  # (1.5 + 0 + 1) / 5
    # benefit 100 * 0.5 = 50 against cost 50: close.  Waiting to 1 -> 0.8 -> 80 (1.6);
    # calm to 1 -> 0.7 -> 70 (1.4): both clearly above, waiting lifts more.
    tip = tipping_metric(metrics, 100, 50)
    assert tip is not None
    assert tip.name == "minutes waiting"
    assert tip.index == 0
    assert tip.before.verdict == "close"
    assert (tip.after.benefit, tip.after.verdict) == (Decimal("80.00"), "clearly_above")


def test_tipping_metric_none_when_nothing_changes_the_verdict():
    metrics = _metrics()
    assert tipping_metric(metrics, 100, 20) is None  # already clearly above
    assert tipping_metric(metrics, 100, 500) is None  # even 80 stays below 400
    lever = tipping_metric(metrics, 100, 500, only_if_verdict_changes=False)
    assert lever is not None and lever.name == "minutes waiting"
    assert lever.after.verdict == "below"
    done = [{"name": "x", "dimension": "social", "weight": 1, "fraction": 1}]
    assert tipping_metric(done, 100, 500, only_if_verdict_changes=False) is None
    assert tipping_metric([], 100, 50) is None


def test_tipping_metric_from_below_to_close():
    metrics = [
        {"name": "a", "dimension": "functional", "weight": 1, "fraction": 0},
        {"name": "b", "dimension": "social", "weight": 1, "fraction": 0},
    ]
    tip = tipping_metric(metrics, 100, 40, effort=2, risk=0)  # cost 44; one metric -> 50
    assert tip is not None and tip.name == "a"  # tie broken by list order
    assert (tip.before.verdict, tip.after.verdict) == ("below", "close")


# --- forces ----------------------------------------------------------------------------------


def test_switch_forces():
    f = switch_forces(7, 5, 4, 6)
    assert (f.likely, f.margin) == (True, 2.0)
    even = switch_forces(5, 5, 5, 5)
    assert (even.likely, even.margin) == (False, 0.0)
    stuck = switch_forces(2, 3, 6, 8)
    assert (stuck.likely, stuck.margin) == (False, -9.0)


def test_switch_forces_out_of_range_names_the_field():
    with pytest.raises(ValueError, match="anxiety") as info:
        switch_forces(1, 1, 10.5, 1)
    assert info.value.field == "anxiety"
    with pytest.raises(ValueError, match="habit"):
        switch_forces(1, 1, 1, "lots")
