"""Levers in money: what one point and 10 % of each rate or amount bring, ties said."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from components.funnel.levers import best_points, biggest
from components.funnel.plan import DEFAULT_INPUTS, lever_sentence, make_plan

ELECTRONICS = replace(
    DEFAULT_INPUTS, situation="steady", target_revenue=Decimal(1250000),
    deal_value=Decimal(2500), repeat_orders=Decimal(3), churn=Decimal("0.1"),
    rates={"suspect_to_lead": Decimal("0.2"), "lead_to_prospect": Decimal("0.25"),
           "prospect_to_customer": Decimal("0.5"), "customer_to_consumption": Decimal("0.6"),
           "consumption_to_reference": Decimal("0.1")},
    leads_per_reference=Decimal(2), cycle_days={"suspect": 60, "lead": 45, "prospect": 30})


def by_key(plan):
    return {lever.key: lever for lever in plan.levers}


def test_equal_levers_tie_instead_of_a_rounding_artefact():
    """The review found 727 / 720 / 720 suspects "saved" by three pre-sale rates that are in
    truth the same lever: customers = suspects x the three rates.  In money they tie."""
    plan = make_plan(DEFAULT_INPUTS)
    levers = by_key(plan)
    tied = {lever.key for lever in biggest(plan.levers)}
    assert tied == {"suspect_to_lead", "lead_to_prospect", "prospect_to_customer", "deal_value"}
    assert {levers[key].tenth.gain for key in tied} == {Fraction(10000)}
    assert lever_sentence(plan, "en") == (
        "Tied as the biggest lever: Suspect → Lead, Lead → Prospect, Prospect → Customer and "
        "Deal value. 10% more of any of them brings €10,000 more a year from the same 8,000 "
        "suspects. One point better brings the most on Suspect → Lead (10% → 11%): €10,000.")


def test_one_point_differs_when_the_rates_differ():
    levers = by_key(make_plan(DEFAULT_INPUTS))
    assert [levers[key].point.gain for key in ("suspect_to_lead", "lead_to_prospect",
                                               "prospect_to_customer")] == [10000, 4000, 2000]
    assert [lever.key for lever in best_points(tuple(levers.values()))] == ["suspect_to_lead"]


def test_consumption_is_a_lever_once_consuming_customers_come_back():
    """Seed 004 adds consumption because customers who consume return; raising it used to
    save 0 suspects.  With repeat orders it brings money from the same suspects."""
    plain = by_key(make_plan(DEFAULT_INPUTS))["customer_to_consumption"]
    assert plain.tenth.gain == 0  # one-off deals: nothing after the sale depends on it
    levers = by_key(make_plan(ELECTRONICS))
    assert levers["customer_to_consumption"].tenth.gain > 70000
    assert levers["repeat_orders"].tenth.gain > 70000
    assert levers["churn"].tenth.value == Fraction("0.09")
    assert levers["churn"].tenth.gain > 0
    assert levers["leads_per_reference"].tenth.gain > 0


def test_referral_loop_rates_tie_and_outrank_the_suspect_rate():
    plan = make_plan(ELECTRONICS)
    assert [lever.key for lever in biggest(plan.levers)] == ["lead_to_prospect",
                                                             "prospect_to_customer"]
    levers = by_key(plan)
    assert levers["suspect_to_lead"].tenth.gain == levers["deal_value"].tenth.gain
    assert levers["suspect_to_lead"].tenth.gain < levers["lead_to_prospect"].tenth.gain


def test_a_lever_that_would_make_the_loop_feed_itself_has_no_end():
    almost = replace(DEFAULT_INPUTS, rates={key: Decimal(1) for key in DEFAULT_INPUTS.rates},
                     leads_per_reference=Decimal("0.95"))
    levers = by_key(make_plan(almost))
    assert levers["leads_per_reference"].tenth.gain is None  # 1.045 leads per lead
    assert levers["leads_per_reference"] == make_plan(almost).levers[-1]  # ranked last
    assert levers["suspect_to_lead"].point.value == 1  # rates stay at most 100 %


def test_no_lever_at_100_percent_and_no_referrals():
    at_one = replace(DEFAULT_INPUTS, rates={key: Decimal(1) for key in DEFAULT_INPUTS.rates})
    plan = make_plan(at_one)
    rates = [lever for lever in plan.levers if lever.point is not None]
    assert all(lever.tenth.gain == 0 and lever.point.gain == 0 for lever in rates)
    assert [lever.key for lever in biggest(plan.levers)] == ["deal_value"]


RATE = st.decimals(min_value="0.02", max_value="0.9", places=2)


@settings(max_examples=80, deadline=None, database=None)
@given(RATE, RATE, RATE)
def test_levers_differ_when_rates_differ(first, second, third):
    rates = {**DEFAULT_INPUTS.rates, "suspect_to_lead": first, "lead_to_prospect": second,
             "prospect_to_customer": third}
    levers = by_key(make_plan(replace(DEFAULT_INPUTS, rates=rates)))
    gains = {key: levers[key].point.gain for key in ("suspect_to_lead", "lead_to_prospect",
                                                     "prospect_to_customer")}
    values = {"suspect_to_lead": first, "lead_to_prospect": second,
              "prospect_to_customer": third}
    for a, rate_a in values.items():
        for b, rate_b in values.items():
            if rate_a < rate_b:  # a point on the smaller rate is the bigger step
                assert gains[a] > gains[b]
            elif rate_a == rate_b:
                assert gains[a] == gains[b]
    tenths = {levers[key].tenth.gain for key in values}
    assert len(tenths) == 1  # while 10 % of any of them is the same lever
