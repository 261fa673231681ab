"""The bowtie: what a customer brings after the sale (first order, repeat orders, fees,
churn, expansion, the existing base)."""

from fractions import Fraction

import pytest

from components.funnel.bowtie import (
    bowtie,
    existing_revenue,
    lifetime_value,
    orders_per_customer,
    spend,
    stream,
    value_by_close,
)

ALPHA = bowtie(deal_value=2500, repeat_orders=3, churn="0.1", consumption="0.6")


def test_alpha_board_brings_6250_in_2_5_orders_per_firm():
    """Seed 004: about 1000 offers, half won, about 200 customer firms -> 2.5 orders a firm."""
    assert lifetime_value(ALPHA) == 6250
    assert orders_per_customer(ALPHA) == Fraction(5, 2)
    orders = 200 * orders_per_customer(ALPHA)
    assert orders == 500 and orders / Fraction(1, 2) == 1000  # half of ~1000 offers won


def test_stream_starts_with_the_first_order_and_shrinks_with_churn():
    assert stream(ALPHA, 3) == (Fraction(2875), Fraction("337.5"), Fraction("303.75"))
    assert spend(ALPHA, 0) == 625 and spend(ALPHA, 1) == Fraction("562.5")


def test_consumption_drives_repeat_revenue():
    """Customers who do not consume bring the first order and nothing else (seed 004)."""
    more = bowtie(deal_value=2500, repeat_orders=3, churn="0.1", consumption="0.9")
    assert lifetime_value(more) > lifetime_value(ALPHA)
    one_off = bowtie(deal_value=2500, consumption="0.1")
    assert lifetime_value(one_off) == lifetime_value(bowtie(deal_value=2500, consumption=1))


def test_value_by_close_counts_only_what_falls_inside_the_period():
    values = value_by_close(ALPHA, 12)
    assert values[-1] == 2875  # closed in month 12: the first order and one month of use
    assert values[0] == sum(stream(ALPHA, 12))
    assert list(values) == sorted(values, reverse=True)


def test_consumption_starts_after_its_delay():
    late = bowtie(monthly_fee=100, consumption=1, delay=2)
    assert stream(late, 4) == (0, 0, 100, 100)


def test_fee_term_ends_the_fee_but_not_repeat_orders():
    tie = bowtie(deal_value=1200, repeat_orders=1, monthly_fee=10, paying_months="2.5",
                 consumption=1)
    assert [spend(tie, k) for k in range(4)] == [110, 110, 105, 100]
    with pytest.raises(ValueError, match="churn"):  # repeat orders forever: no lifetime value
        lifetime_value(tie)
    fee_only = bowtie(monthly_fee=10, paying_months="2.5", consumption="0.5")
    assert lifetime_value(fee_only) == Fraction("12.5")


def test_expansion_grows_what_remaining_customers_spend():
    tie = bowtie(monthly_fee=100, churn="0.1", expansion="0.05", consumption=1)
    assert spend(tie, 1) == Fraction("94.5")  # 100 * 0.9 * 1.05
    assert lifetime_value(tie) == Fraction(100) / (1 - Fraction("0.945"))


def test_customers_who_never_leave_have_no_lifetime_value():
    with pytest.raises(ValueError, match="churn") as caught:
        lifetime_value(bowtie(monthly_fee=100, expansion="0.1", churn="0.05"))
    assert caught.value.code == "never_leave"
    assert orders_per_customer(bowtie(deal_value=1, repeat_orders=2)) is None


def test_existing_customers_pay_from_month_one_and_churn_too():
    tie = bowtie(deal_value=40, repeat_orders=6, churn="0.5", consumption="0.6", existing=100)
    assert existing_revenue(tie, 3) == (2000, 1000, 500)  # 100 * 40 * 6 / 12, halved


@pytest.mark.parametrize(("arguments", "field", "code"), [
    ({}, "revenue_per_customer", "not_positive"),
    ({"deal_value": -1}, "deal_value", "negative"),
    ({"deal_value": 1, "repeat_orders": "lots"}, "repeat_orders", "not_a_number"),
    ({"deal_value": 1, "churn": "1.5"}, "churn", "out_of_range"),
    ({"deal_value": 1, "expansion": -1}, "expansion", "out_of_range"),
    ({"deal_value": 1, "paying_months": 5000}, "paying_months", "out_of_range"),
    ({"deal_value": 1, "existing": "2.5"}, "existing_customers", "not_a_whole_number"),
])
def test_bad_bowtie_inputs_name_their_field(arguments, field, code):
    with pytest.raises(ValueError, match=field) as caught:
        bowtie(**arguments)
    assert (caught.value.field, caught.value.code) == (field, code)
