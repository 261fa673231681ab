"""Pacing: months, the two situations, revenue counted when it comes in."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.funnel.bowtie import bowtie
from components.funnel.calc import STAGES, FunnelInputError
from components.funnel.pacing import (
    customers_needed,
    entries_by_month,
    month_plans,
    reached_month,
    revenue_by_month,
    spread_evenly,
    timing,
)
from components.funnel.plan import DEFAULT_INPUTS, make_plan

CONTRACT_COUNTS = {"suspect": 8000, "lead": 800, "prospect": 200, "customer": 100,
                   "consumption": 80, "reference": 8}
DOC_CYCLE = {"suspect": 30, "lead": 14, "prospect": 45, "customer": 30, "consumption": 90}


def column(entries, stage, months=12):
    return [entries[stage].get(month, 0) for month in range(1, months + 1)]


def test_the_docstrings_worked_example_from_an_empty_funnel():
    ramp = timing(DOC_CYCLE, 12, "ramp_up")
    assert ramp.offsets == {"suspect": 0, "lead": 1, "prospect": 2, "customer": 3,
                            "consumption": 4, "reference": 7}
    assert (ramp.first_customer_month, ramp.entry_months, ramp.consumption_delay) == (4, 9, 1)
    entries = entries_by_month(CONTRACT_COUNTS, ramp)
    assert column(entries, "suspect") == [889] * 8 + [888] + [0] * 3
    assert column(entries, "lead") == [0] + [89] * 8 + [88] + [0] * 2
    assert column(entries, "customer") == [0, 0, 0, 12] + [11] * 8
    assert column(entries, "consumption") == [0] * 4 + [9] * 8  # the last 8 come in month 13
    assert column(entries, "reference") == [0] * 7 + [1] * 5
    revenue = revenue_by_month(entries["customer"], bowtie(deal_value=1000), ramp)
    assert revenue == (0, 0, 0, 12000) + (11000,) * 8
    assert reached_month(revenue, Fraction(100000)) == 12


def test_steady_state_spreads_every_stage_over_the_whole_period():
    steady = timing(DOC_CYCLE, 12, "steady")
    assert (steady.first_customer_month, steady.entry_months) == (1, 12)
    entries = entries_by_month(CONTRACT_COUNTS, steady)
    assert column(entries, "suspect") == [667] * 8 + [666] * 4
    assert column(entries, "customer") == [9] * 4 + [8] * 8


def test_spread_evenly_puts_the_remainder_first():
    assert spread_evenly(100, 4, 9) == {4: 12, **{month: 11 for month in range(5, 13)}}


def test_first_customers_wait_for_the_cycle_times():
    assert timing({"suspect": 30, "lead": 14, "prospect": 45}, 12,
                  "ramp_up").first_customer_month == 4
    assert timing({"suspect": 10, "lead": 10, "prospect": 10}, 12,
                  "ramp_up").first_customer_month == 2  # 30 days
    assert timing({"suspect": 10, "lead": 10, "prospect": 11}, 12,
                  "ramp_up").first_customer_month == 3  # 31 days


def test_recurring_fees_count_when_they_come_in_the_bold_finding():
    """The review's "Bold" example: 6,250 a deal plus 100 a month, from an empty funnel.
    Counting 12 fee months for every customer planned 168 customers, who paced earned
    1,125,600, 10 % short of 1.25 million; the plan now asks for the customers whose revenue,
    counted when it comes in, reaches the target."""
    bold = replace(DEFAULT_INPUTS, target_revenue=Decimal(1250000), deal_value=Decimal(6250),
                   monthly_fee=Decimal(100), paying_months=Decimal(12),
                   cycle_days={"suspect": 45, "lead": 30, "prospect": 21})
    plan = make_plan(bold)
    assert plan.revenue >= 1250000 and plan.reached_month == 12
    fewer = revenue_by_month(spread_evenly(plan.customers_needed - 1, plan.first_customer_month,
                                           plan.entry_months), plan.tie, plan.timing)
    assert sum(fewer) < 1250000


def test_customers_needed_in_steady_state_use_the_lifetime_value():
    tie = bowtie(deal_value=2500, repeat_orders=3, churn="0.1", consumption="0.6")
    steady = timing({"suspect": 60, "lead": 45, "prospect": 30}, 12, "steady")
    assert customers_needed(Fraction(1250000), tie, steady) == 200
    assert revenue_by_month({1: 200}, tie, steady) == (Fraction(1250000, 12),) * 12


def test_existing_customers_reduce_the_new_ones_needed():
    ramp = timing(DOC_CYCLE, 12, "ramp_up")
    alone = bowtie(deal_value=100, repeat_orders=12, consumption=1)
    based = replace(alone, existing=50)
    assert customers_needed(Fraction(60000), based, ramp) < customers_needed(
        Fraction(60000), alone, ramp)
    assert customers_needed(Fraction(60000), replace(alone, existing=50), ramp) >= 0
    assert customers_needed(Fraction(50000), replace(alone, existing=100), ramp) == 0


def test_no_revenue_inside_the_period_is_said_not_hidden():
    ramp = timing({"suspect": 30, "lead": 30, "prospect": 30, "customer": 300}, 12, "ramp_up")
    assert ramp.consumption_delay == 10
    late = bowtie(monthly_fee=10, delay=ramp.consumption_delay)
    assert customers_needed(Fraction(1000), late, ramp) is None
    plan = make_plan(replace(DEFAULT_INPUTS, deal_value=Decimal(0), monthly_fee=Decimal(10),
                             cycle_days={**DEFAULT_INPUTS.cycle_days, "customer": 300}))
    assert plan.monthly is None and plan.first_revenue_month == 14  # month 4 + 10 months
    assert plan.counts["customer"] > 0  # what the target needs if customers had a whole period


def test_month_plans_sum_the_entries_and_revenue():
    ramp = timing(DOC_CYCLE, 12, "ramp_up")
    entries = entries_by_month(CONTRACT_COUNTS, ramp)
    months = month_plans(entries, revenue_by_month(entries["customer"],
                                                   bowtie(deal_value=1000), ramp))
    assert [month.month for month in months] == list(range(1, 13))
    for stage in ("suspect", "lead", "prospect", "customer"):
        assert sum(month.entries[stage] for month in months) == CONTRACT_COUNTS[stage]
    assert sum(month.revenue for month in months) == 100000


def test_a_lead_time_as_long_as_the_period_is_refused():
    with pytest.raises(ValueError, match="cycle_days") as caught:
        entries_by_month(CONTRACT_COUNTS, timing({"suspect": 30, "lead": 30, "prospect": 30},
                                                 3, "ramp_up"))
    assert caught.value.code == "lead_time_too_long"
    assert "3 months" in str(caught.value)


@pytest.mark.parametrize(("cycle", "months", "situation", "field"), [
    ({"suspect": 30, "lead": 30}, 12, "ramp_up", "cycle_days.prospect"),
    ({**DOC_CYCLE, "lead": -1}, 12, "ramp_up", "cycle_days.lead"),
    ({**DOC_CYCLE, "reference": 10}, 12, "ramp_up", "cycle_days.reference"),
    (DOC_CYCLE, 0, "ramp_up", "months"),
    (DOC_CYCLE, 12, "someday", "situation"),
])
def test_timing_errors_name_the_field(cycle, months, situation, field):
    with pytest.raises(ValueError, match=field) as caught:
        timing(cycle, months, situation)
    assert caught.value.field == field


# --- property: paced revenue reaches the target, or the plan names the month -----------------

PERCENT = st.decimals(min_value="0.05", max_value="1", places=2)


@st.composite
def plans(draw):
    return replace(
        DEFAULT_INPUTS,
        period=draw(st.sampled_from(["year", "quarter", "month"])),
        situation=draw(st.sampled_from(["ramp_up", "steady"])),
        target_revenue=draw(st.decimals(min_value="0", max_value="2000000", places=0)),
        deal_value=draw(st.decimals(min_value="0", max_value="10000", places=0)),
        monthly_fee=draw(st.sampled_from([Decimal(0), Decimal(50), Decimal(400)])),
        paying_months=draw(st.sampled_from([Decimal(0), Decimal(6), Decimal(24)])),
        repeat_orders=draw(st.sampled_from([Decimal(0), Decimal(2), Decimal("6.5")])),
        churn=draw(st.sampled_from([Decimal("0.02"), Decimal("0.1"), Decimal("0.5")])),
        existing_customers=draw(st.sampled_from([0, 40])),
        rates={key: draw(PERCENT) for key in DEFAULT_INPUTS.rates},
        leads_per_reference=draw(st.sampled_from([Decimal(0), Decimal(2), Decimal(40)])),
        cycle_days={stage: draw(st.integers(min_value=0, max_value=120))
                    for stage in DEFAULT_INPUTS.cycle_days},
    )


@settings(max_examples=120, deadline=None, database=None)
@given(plans())
def test_paced_revenue_reaches_the_target_or_the_plan_names_the_month(inputs):
    if inputs.deal_value == 0 and inputs.monthly_fee == 0:
        inputs = replace(inputs, deal_value=Decimal(1))
    try:
        plan = make_plan(inputs)
    except FunnelInputError as error:  # said, not hidden: a self-feeding loop has no steady
        # state, its seed needs customers inside the period, and fees that only start after
        # the period bring nothing in it
        assert (inputs.situation, error.field, error.code) in (
            ("steady", "leads_per_reference", "self_sustaining"),
            ("ramp_up", "cycle_days", "lead_time_too_long"),
            ("ramp_up", "cycle_days.customer", "no_revenue_in_period"))
        return
    target = Fraction(inputs.target_revenue)
    if plan.monthly is None:  # nobody won inside the period pays inside it: say when
        assert max(plan.first_customer_month, plan.first_revenue_month) > plan.months
        return
    assert plan.revenue >= target
    assert plan.reached_month is not None and plan.reached_month <= plan.months
    assert sum(month.revenue for month in plan.monthly[:plan.reached_month]) >= target
    for stage in STAGES:  # "per month" is the month-by-month plan's busiest month
        assert plan.per_month[stage] == max(month.entries[stage] for month in plan.monthly)
    if plan.customers_needed and plan.seed is None:  # and one customer fewer would not do
        arrivals = spread_evenly(plan.customers_needed - 1, plan.first_customer_month,
                                 plan.entry_months)
        assert sum(revenue_by_month(arrivals, plan.tie, plan.timing)) < target
