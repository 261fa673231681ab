"""components.progress.worth: is the benefit worth the price, the customer's time and the risk?
Every expected number is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from components.progress.score import ProgressInputError
from components.progress.worth import (
    WorthInputs,
    cents,
    levers,
    switch_forces,
    tipping_metric,
    worth_it,
)

# --- the verdict ---------------------------------------------------------------------------


def test_a_free_product_that_costs_them_a_day_is_not_clearly_worth_it():
    # the finding: worth_it(100, 0, 10, 10) said "clearly worth it" because effort and risk
    # were shares of a price of 0.  Now they are costs of their own: 60 of time, 40 of risk.
    w = worth_it(100, 0, effort=60, risk=40)
    assert (w.benefit, w.cost, w.ratio, w.verdict) == (
        Decimal("100.00"), Decimal("100.00"), 1.0, "close")
    assert worth_it(100, 0, effort=90, risk=40).verdict == "below"  # 100 < 0.8 × 130
    with pytest.raises(TypeError):  # the old call with 0–10 ratings fails loudly
        worth_it(100, 0, 10, 10)


def test_effort_and_risk_do_not_scale_with_the_price():
    cheap, dear = worth_it(100, 10, effort=20), worth_it(100, 50, effort=20)
    assert (cheap.cost - Decimal(10), dear.cost - Decimal(50)) == (Decimal(20), Decimal(20))


def test_clearly_close_below_and_exact_boundaries():
    assert worth_it(100, 50).verdict == "clearly_above"
    assert worth_it(120, 90, effort=10).verdict == "clearly_above"  # exactly 1.2 × 100
    assert worth_it("119.99", 90, effort=10).verdict == "close"
    assert worth_it(80, 60, risk=40).verdict == "close"  # exactly 0.8 × 100
    assert worth_it("79.99", 60, risk=40).verdict == "below"
    assert worth_it(0.36, 0.3).verdict == "clearly_above"  # 0.36 / 0.3 is exactly 1.2
    assert worth_it(0, 0).verdict == "close"


def test_benefit_is_scaled_by_the_progress_reached():
    w = worth_it("10.00", "5.00", effort=1, progress_fraction=0.75)
    assert (w.benefit, w.cost, w.verdict) == (Decimal("7.50"), Decimal("6.00"), "clearly_above")


def test_break_even_and_clearly_worth_it_prices():
    # value 400 at 90 % = benefit 360, effort 20, risk 10.  Break-even price 360 - 30 = 330;
    # clearly up to 360 / 1.2 - 30 = 270.
    w = worth_it(400, 100, effort=20, risk=10, progress_fraction=0.9)
    assert (w.break_even, w.clearly_up_to) == (Decimal("330.00"), Decimal("270.00"))
    # 100 / 1.2 - 0 = 83.333… is rounded down: 83.33 still holds, 83.34 would not
    assert worth_it(100, 50).clearly_up_to == Decimal("83.33")
    assert worth_it(100, 83.34).verdict == "close"
    # effort and risk above the benefit: no price pays off
    none = worth_it(50, 0, effort=40, risk=20)
    assert (none.break_even, none.clearly_up_to) == (None, None)
    only = worth_it(50, 0, effort=45)  # 50 / 1.2 = 41.67 < 45 <= 50
    assert (only.break_even, only.clearly_up_to) == (Decimal("5.00"), None)


@pytest.mark.parametrize("kwargs, field, reason", [
    ({"value_of_progress": -1, "price": 1}, "value_of_progress", "negative"),
    ({"value_of_progress": 1, "price": -1}, "price", "negative"),
    ({"value_of_progress": 1, "price": "free"}, "price", "not_a_number"),
    ({"value_of_progress": 1, "price": 1, "effort": -2}, "effort", "negative"),
    ({"value_of_progress": 1, "price": 1, "progress_fraction": 1.1}, "progress_fraction",
     "out_of_range"),
])
def test_errors_name_the_field(kwargs, field, reason):
    with pytest.raises(ProgressInputError, match=field) as info:
        worth_it(**kwargs)
    assert (info.value.field, info.value.code) == (field, reason)


def test_inputs_turn_hours_and_chance_into_money():
    inputs = WorthInputs.of(60, Fraction(665, 780), 35, "0.25", 24, "0.05", 20)
    assert (inputs.effort, inputs.risk) == (6, 1)
    verdict = inputs.verdict()  # the coffee example's office worker
    assert (verdict.benefit, verdict.cost, verdict.verdict) == (
        Decimal("51.15"), Decimal("42.00"), "clearly_above")
    with pytest.raises(ProgressInputError) as info:
        WorthInputs.of(60, 1, 35, chance="1.5")
    assert info.value.field == "risk_chance"


# --- what would tip it -----------------------------------------------------------------------


def test_levers_solve_for_each_input_alone():
    # value 100, all of it reached, price 40, 2 h at 10, a 10 % chance of losing 50:
    # cost 40 + 20 + 5 = 65, benefit 100, ratio 1.54: clearly worth it while the whole cost
    # stays at or below 100 / 1.2 = 83.33…
    inputs = WorthInputs.of(100, 1, 40, 2, 10, "0.1", 50)
    found = {lever.name: (lever.bound, lever.limit) for lever in levers(inputs)}
    assert found == {
        "price": ("at_most", Fraction(250, 3) - 25),            # 58.33…
        "effort_hours": ("at_most", (Fraction(250, 3) - 45) / 10),   # 3.83… h
        "risk_chance": ("at_most", (Fraction(250, 3) - 60) / 50),    # 46.7 %
        "value": ("at_least", Fraction(6, 5) * 65),             # 78
        "progress_fraction": ("at_least", Fraction(78, 100)),   # 78 %
    }
    # each limit, applied alone, sits exactly on "clearly worth it"
    on_edge = WorthInputs.of(100, 1, Fraction(250, 3) - 25, 2, 10, "0.1", 50)
    assert on_edge.verdict().verdict == "clearly_above"


def test_levers_leave_out_what_cannot_do_it_alone():
    # cost 110 (price 90, 2 h at 10) against a benefit of 100: even no hours leave 90 > 83.33
    inputs = WorthInputs.of(100, 1, 90, 2, 10)
    assert [lever.name for lever in levers(inputs)] == ["price", "value"]
    # a risk with no loss has no say; progress above 100 % cannot be had
    assert "risk_chance" not in [lever.name for lever in levers(WorthInputs.of(100, 1, 90))]
    assert "progress_fraction" not in [lever.name for lever in levers(inputs)]



def test_levers_stay_within_what_a_board_can_hold():
    # a trillion's worth of progress, hardly any of it reached, a big price: the value that
    # alone would do it lies far beyond 10^12 (no advice to act on), so it is left out (a
    # random board once broke the page this way); hours "at most" stop at a year's hours
    inputs = WorthInputs.of(10**12, "0.000001", "3420841.91", "1673.14", "20.32",
                            "0.0000000083", 10**12)
    found = {lever.name: lever.limit for lever in levers(inputs)}
    assert "value" not in found
    cheap_hours = WorthInputs.of(10**12, 1, 0, 1, "0.01")
    assert {lever.name: lever.limit for lever in levers(cheap_hours)}["effort_hours"] == 8784

def _metrics():
    return [
        {"name": "minutes waiting", "weight": 3, "fraction": 0.5},
        SimpleNamespace(name="feels calm", weight=1, fraction=0),
        {"name": "seen with colleagues", "weight": 1, "fraction": 1},
    ]


def test_tipping_metric_finds_what_moves_the_verdict():
    # reached (1.5 + 0 + 1) / 5 = 0.5: benefit 50 against cost 50, close.  Waiting to 1:
    # (3 + 0 + 1) / 5 = 0.8 -> 80 (1.6); calm to 1: 0.7 -> 70 (1.4).  Waiting lifts more.
    tip = tipping_metric(_metrics(), WorthInputs.of(100, "0.5", 50))
    assert tip is not None and (tip.name, tip.index) == ("minutes waiting", 0)
    assert tip.before.verdict == "close"
    assert (tip.after.benefit, tip.after.verdict) == (Decimal("80.00"), "clearly_above")


def test_tipping_metric_none_when_nothing_changes_the_verdict():
    assert tipping_metric(_metrics(), WorthInputs.of(100, "0.5", 20)) is None  # already clear
    assert tipping_metric(_metrics(), WorthInputs.of(100, "0.5", 500)) is None  # 80 < 400
    lever = tipping_metric(_metrics(), WorthInputs.of(100, "0.5", 500),
                           only_if_verdict_changes=False)
    assert lever is not None and lever.after.verdict == "below"
    done = [{"name": "x", "weight": 1, "fraction": 1}]
    assert tipping_metric(done, WorthInputs.of(100, 1, 500), only_if_verdict_changes=False) is None
    assert tipping_metric([], WorthInputs.of(100, 0, 50)) is None


def test_cents_round_half_up_or_in_the_direction_a_limit_needs():
    assert (cents(Fraction(1, 200)), cents(Fraction(-1, 200))) == (Decimal("0.01"),
                                                                  Decimal("-0.01"))
    assert (cents(Fraction(250, 3), "down"), cents(Fraction(250, 3), "up")) == (
        Decimal("83.33"), Decimal("83.34"))


# --- forces ----------------------------------------------------------------------------------


def test_switch_forces():
    assert (switch_forces(7, 5, 4, 6).likely, switch_forces(7, 5, 4, 6).margin) == (True, 2.0)
    assert switch_forces(5, 5, 5, 5).likely is False
    assert switch_forces(2, 3, 6, 8).margin == -9.0


def test_switch_forces_out_of_range_names_the_field():
    with pytest.raises(ProgressInputError, match="anxiety") as info:
        switch_forces(1, 1, 10.5, 1)
    assert info.value.field == "anxiety"
    with pytest.raises(ProgressInputError, match="habit"):
        switch_forces(1, 1, 1, "lots")
