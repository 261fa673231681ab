"""A referral loop that feeds itself: said so, and planned from the seed it needs."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from components.funnel import seed
from components.funnel.bowtie import bowtie
from components.funnel.calc import read_rates
from components.funnel.pacing import timing
from components.funnel.plan import DEFAULT_INPUTS, forward_of, make_plan

RATES = {"suspect_to_lead": Decimal("0.1"), "lead_to_prospect": Decimal("0.5"),
         "prospect_to_customer": Decimal("0.5"), "customer_to_consumption": Decimal(1),
         "consumption_to_reference": Decimal(1)}
CYCLE = {"suspect": 30, "lead": 30, "prospect": 30, "customer": 0, "consumption": 30}
FEEDING = replace(DEFAULT_INPUTS, rates=RATES, leads_per_reference=Decimal(5), cycle_days=CYCLE)


def test_the_docstrings_worked_example():
    months = timing(CYCLE, 12, "ramp_up")
    assert seed.generation_months(months) == 3
    found = seed.generations(1000, read_rates(RATES), Fraction(5), months)
    assert [(g.lead_month, g.counts["lead"], g.counts["customer"]) for g in found] == [
        (2, 100, 25), (5, 125, 31), (8, 155, 38)]
    assert seed.seed_revenue(1000, read_rates(RATES), Fraction(5), bowtie(deal_value=1000),
                             months) == 94000
    assert seed.seed_needed(Fraction(100000), read_rates(RATES), Fraction(5),
                            bowtie(deal_value=1000), months) == 1080


def test_the_page_plan_says_the_loop_feeds_itself_and_asks_for_its_seed():
    plan = make_plan(FEEDING)
    assert plan.seed == 1080 and plan.counts["suspect"] == 1080
    assert plan.referral_gain == Fraction(5, 4)
    assert plan.revenue >= 100000 and plan.reached_month == 10  # generation 2 arrives
    assert plan.monthly[0].entries["suspect"] == 1080  # the whole seed in month 1
    assert sum(month.entries["suspect"] for month in plan.monthly) == 1080
    assert plan.levers == ()  # more of anything grows without end: not ranked
    counts, revenue = forward_of(plan, 1080)
    assert counts == plan.counts and revenue == plan.revenue


def test_a_self_feeding_loop_has_no_steady_state():
    with pytest.raises(ValueError, match="leads_per_reference") as caught:
        make_plan(replace(FEEDING, situation="steady"))
    assert caught.value.code == "self_sustaining"
