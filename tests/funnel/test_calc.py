"""The funnel calculator: back-computing, forwards, pacing, levers and observed rates."""

from decimal import Decimal
from fractions import Fraction

import pytest

from components.funnel.calc import (
    RATE_KEYS,
    STAGES,
    ForwardResult,
    FunnelInputError,
    MonthPlan,
    back_compute,
    first_customer_month,
    forward,
    observed_rates,
    pace,
    revenue_per_customer,
    sensitivity,
)

CONTRACT_RATES = {
    "suspect_to_lead": 0.1,
    "lead_to_prospect": 0.25,
    "prospect_to_customer": 0.5,
    "customer_to_consumption": 0.8,
    "consumption_to_reference": 0.1,
}
CONTRACT_COUNTS = {
    "suspect": 8000,
    "lead": 800,
    "prospect": 200,
    "customer": 100,
    "consumption": 80,
    "reference": 8,
}
ALL_ONE = dict.fromkeys(RATE_KEYS, 1)


def rates_with(**changes):
    return CONTRACT_RATES | changes


# --- back_compute ----------------------------------------------------------------------------


def test_contract_example():
    result = back_compute(100000, 1000, CONTRACT_RATES)
    assert result == CONTRACT_COUNTS
    assert list(result) == list(STAGES)


def test_exact_decimal_arithmetic_ceil_21_over_0_7_is_30():
    result = back_compute(21, 1, ALL_ONE | {"prospect_to_customer": 0.7})
    assert result["customer"] == 21
    assert result["prospect"] == 30  # a float division would give 30.000000000000004 -> 31
    assert result["lead"] == 30
    assert result["suspect"] == 30


def test_floats_decimals_and_numeric_strings_give_the_same_plan():
    as_decimals = {key: Decimal(str(value)) for key, value in CONTRACT_RATES.items()}
    as_strings = {key: f" {value} " for key, value in CONTRACT_RATES.items()}
    assert back_compute(Decimal("100000.00"), Decimal("1000"), as_decimals) == CONTRACT_COUNTS
    assert back_compute("100000", "1e3", as_strings) == CONTRACT_COUNTS
    assert back_compute(100000.0, 1000.0, CONTRACT_RATES) == CONTRACT_COUNTS


def test_revenue_not_a_multiple_rounds_customers_up():
    result = back_compute(100001, 1000, CONTRACT_RATES)
    assert result["customer"] == 101
    assert result["prospect"] == 202
    assert result["lead"] == 808
    assert result["suspect"] == 8080
    assert result["consumption"] == 80  # floor(101 * 0.8) = floor(80.8)
    assert result["reference"] == 8


def test_target_zero_gives_all_zeros():
    assert back_compute(0, 1000, CONTRACT_RATES, leads_per_reference=3) == dict.fromkeys(
        STAGES, 0
    )


def test_referral_leads_reduce_suspects_but_lead_stays_total():
    result = back_compute(100000, 1000, CONTRACT_RATES, leads_per_reference=5)
    assert result["reference"] == 8
    assert result["lead"] == 800  # still the total
    assert result["suspect"] == 7600  # 800 - 8 * 5 = 760 leads from suspects / 0.1


def test_fractional_leads_per_reference_round_down():
    result = back_compute(100000, 1000, CONTRACT_RATES, leads_per_reference=Decimal("2.6"))
    assert result["suspect"] == 7800  # floor(8 * 2.6) = 20 referral leads


def test_referrals_never_make_suspects_negative():
    result = back_compute(100000, 1000, ALL_ONE, leads_per_reference=1000)
    assert result["lead"] == 100
    assert result["reference"] == 100
    assert result["suspect"] == 0


def test_consumption_to_reference_zero_is_allowed():
    result = back_compute(100000, 1000, rates_with(consumption_to_reference=0))
    assert result["reference"] == 0
    assert result["suspect"] == 8000


def test_rate_of_exactly_one_is_allowed():
    assert back_compute(5000, 1000, ALL_ONE) == dict.fromkeys(STAGES, 5)


@pytest.mark.parametrize(
    ("arguments", "field", "reason"),
    [
        ((-1, 1000, CONTRACT_RATES), "target_revenue", "negative"),
        (("lots", 1000, CONTRACT_RATES), "target_revenue", "not_a_number"),
        ((True, 1000, CONTRACT_RATES), "target_revenue", "not_a_number"),
        ((float("nan"), 1000, CONTRACT_RATES), "target_revenue", "not_a_number"),
        ((float("inf"), 1000, CONTRACT_RATES), "target_revenue", "not_a_number"),
        ((Decimal("NaN"), 1000, CONTRACT_RATES), "target_revenue", "not_a_number"),
        ((None, 1000, CONTRACT_RATES), "target_revenue", "missing"),
        ((100000, 0, CONTRACT_RATES), "revenue_per_customer", "not_positive"),
        ((100000, -50, CONTRACT_RATES), "revenue_per_customer", "not_positive"),
        ((100000, "1,000", CONTRACT_RATES), "revenue_per_customer", "not_a_number"),
        ((100000, 1000, rates_with(suspect_to_lead=0)), "rates.suspect_to_lead", "out_of_range"),
        (
            (100000, 1000, rates_with(lead_to_prospect=1.01)),
            "rates.lead_to_prospect",
            "out_of_range",
        ),
        (
            (100000, 1000, rates_with(prospect_to_customer=-0.5)),
            "rates.prospect_to_customer",
            "out_of_range",
        ),
        (
            (100000, 1000, rates_with(customer_to_consumption=0)),
            "rates.customer_to_consumption",
            "out_of_range",
        ),
        (
            (100000, 1000, rates_with(consumption_to_reference=2)),
            "rates.consumption_to_reference",
            "out_of_range",
        ),
        (
            (100000, 1000, rates_with(suspect_to_lead="ten percent")),
            "rates.suspect_to_lead",
            "not_a_number",
        ),
        (
            (100000, 1000, {k: v for k, v in CONTRACT_RATES.items() if k != "lead_to_prospect"}),
            "rates.lead_to_prospect",
            "missing",
        ),
        (
            (100000, 1000, rates_with(prospect_to_customer=None)),
            "rates.prospect_to_customer",
            "missing",
        ),
        ((100000, 1000, CONTRACT_RATES, -1), "leads_per_reference", "negative"),
    ],
)
def test_bad_inputs_raise_naming_the_field(arguments, field, reason):
    with pytest.raises(ValueError, match=field.replace(".", r"\.")) as caught:
        back_compute(*arguments)
    assert isinstance(caught.value, FunnelInputError)
    assert caught.value.field == field
    assert caught.value.code == reason
    assert str(caught.value).startswith(f"{field}: ")


def test_error_messages_read_as_the_contract_says():
    with pytest.raises(ValueError) as caught:
        back_compute(100000, 1000, rates_with(suspect_to_lead=0))
    assert str(caught.value) == "rates.suspect_to_lead: Enter a percentage above 0 and at most 100."
    with pytest.raises(ValueError) as caught:
        back_compute(-1, 1000, CONTRACT_RATES)
    assert str(caught.value) == "target_revenue: Must not be negative."
    with pytest.raises(ValueError) as caught:
        back_compute(1, 0, CONTRACT_RATES)
    assert str(caught.value).startswith("revenue_per_customer: A customer brings no revenue")


def test_electronics_design_service_from_seed_004():
    """alpha-board, seed 004: about 8000 firms, ~1000 offers a year, about half won, ~200 firms.

    The seed counts *offers* (~1000) and *orders* (~500 won), while ``back_compute`` counts
    *firms* at every stage.  ~500 orders from a base of ~200 customer firms means each firm
    places about 2.5 orders a year, and a firm asking for an offer usually asks for several:
    1000 offers / 2.5 offers per firm = 400 prospect firms, half of which are won.  So the
    revenue per customer firm is 2.5 orders x 2,500 EUR average order = 6,250 EUR a year, and
    a target of 1,250,000 EUR needs 200 customer firms and 400 prospect firms.  The lead and
    suspect rates (1 in 4 leads asks for an offer, 1 in 5 firms becomes a lead) are our choice
    to land on the seed's 8000 firms; the seed does not give them.  Some firms book monthly
    fees (consumption, here half) and about ten references a year are used in brochures.
    """
    per_firm = revenue_per_customer(deal_value=Decimal("2.5") * 2500)
    assert per_firm == 6250
    rates = {
        "suspect_to_lead": "0.2",
        "lead_to_prospect": "0.25",
        "prospect_to_customer": "0.5",
        "customer_to_consumption": "0.5",
        "consumption_to_reference": "0.1",
    }
    plan = back_compute(1_250_000, per_firm, rates)
    assert plan == {
        "suspect": 8000,
        "lead": 1600,
        "prospect": 400,
        "customer": 200,
        "consumption": 100,
        "reference": 10,
    }
    assert plan["prospect"] * Decimal("2.5") == 1000  # the seed's ~1000 offers a year
    # "einige mehr für direkte Empfehlungen": two leads per reference spare 100 firms to find.
    assert back_compute(1_250_000, per_firm, rates, leads_per_reference=2)["suspect"] == 7900


# --- revenue_per_customer ----------------------------------------------------------------------


def test_revenue_per_customer_adds_deal_and_monthly_fees():
    assert revenue_per_customer(deal_value=5000, monthly_fee=100, paying_months=12) == 6200
    assert revenue_per_customer(monthly_fee="49.90", paying_months=12) == Fraction("598.8")
    assert revenue_per_customer(deal_value=0.1) == Fraction(1, 10)


def test_revenue_per_customer_ignores_a_fee_without_months():
    assert revenue_per_customer(deal_value=1000, monthly_fee=99) == 1000


@pytest.mark.parametrize(
    ("arguments", "field", "reason"),
    [
        ({}, "revenue_per_customer", "not_positive"),
        ({"monthly_fee": 100}, "revenue_per_customer", "not_positive"),
        ({"deal_value": -1}, "deal_value", "negative"),
        ({"monthly_fee": -5, "paying_months": 12}, "monthly_fee", "negative"),
        ({"monthly_fee": 5, "paying_months": -12}, "paying_months", "negative"),
        ({"deal_value": "a lot"}, "deal_value", "not_a_number"),
    ],
)
def test_revenue_per_customer_errors_name_the_field(arguments, field, reason):
    with pytest.raises(ValueError, match=field) as caught:
        revenue_per_customer(**arguments)
    assert (caught.value.field, caught.value.code) == (field, reason)


# --- forward -----------------------------------------------------------------------------------


def test_forward_contract_example():
    result = forward(8000, 1000, CONTRACT_RATES)
    assert result == ForwardResult(counts=CONTRACT_COUNTS, revenue=Fraction(100000))
    assert list(result.counts) == list(STAGES)


def test_forward_rounds_down_going_down():
    result = forward(7999, 1000, CONTRACT_RATES)
    assert result.counts == {
        "suspect": 7999,
        "lead": 799,
        "prospect": 199,
        "customer": 99,
        "consumption": 79,
        "reference": 7,
    }
    assert result.revenue == 99000


@pytest.mark.parametrize(
    ("target", "per_customer", "rates"),
    [
        (100000, 1000, CONTRACT_RATES),
        (100001, 1000, CONTRACT_RATES),
        (21, 1, ALL_ONE | {"prospect_to_customer": 0.7}),
        (1_250_000, 6250, {**CONTRACT_RATES, "suspect_to_lead": 0.03, "lead_to_prospect": 0.33}),
        (999_999, "333.33", {**CONTRACT_RATES, "prospect_to_customer": "0.37"}),
    ],
)
def test_round_trip_forward_of_back_computed_suspects_reaches_target(target, per_customer, rates):
    plan = back_compute(target, per_customer, rates)
    result = forward(plan["suspect"], per_customer, rates)
    assert result.revenue >= Fraction(str(target))
    assert result.counts["customer"] >= plan["customer"]


def test_forward_adds_referral_leads_once():
    result = forward(7600, 1000, CONTRACT_RATES, leads_per_reference=5)
    # 760 direct leads -> 190 -> 95 -> 76 -> 7 references -> 35 referral leads
    assert result.counts["lead"] == 795
    assert result.counts["customer"] == 99
    assert result.revenue == 99000
    # back_compute's steady state (every customer's references bring leads) planned 7600
    # suspects for 100 customers: the forward estimate is deliberately the cautious one.
    assert back_compute(100000, 1000, CONTRACT_RATES, leads_per_reference=5)["suspect"] == 7600


def test_forward_zero_suspects_and_bad_suspects():
    assert forward(0, 1000, CONTRACT_RATES).revenue == 0
    with pytest.raises(ValueError, match="suspects") as caught:
        forward(100.5, 1000, CONTRACT_RATES)
    assert caught.value.code == "not_a_whole_number"
    with pytest.raises(ValueError, match="suspects"):
        forward(-1, 1000, CONTRACT_RATES)
    with pytest.raises(ValueError, match="revenue_per_customer"):
        forward(8000, 0, CONTRACT_RATES)


# --- pacing ------------------------------------------------------------------------------------

DOC_CYCLE = {"suspect": 30, "lead": 14, "prospect": 45, "customer": 30, "consumption": 90}


def column(plan, stage):
    return [month.entries[stage] for month in plan]


def test_first_customer_month():
    assert first_customer_month({"suspect": 30, "lead": 14, "prospect": 45}) == 4  # 89 days
    assert first_customer_month({"suspect": 0, "lead": 0, "prospect": 0}) == 1
    assert first_customer_month({"suspect": 10, "lead": 10, "prospect": 10}) == 2  # 30 days
    assert first_customer_month({"suspect": 10, "lead": 10, "prospect": 11}) == 3  # 31 days


def test_pace_worked_example_from_the_docstring():
    plan = pace(CONTRACT_COUNTS, DOC_CYCLE, 12)
    assert [month.month for month in plan] == list(range(1, 13))
    assert all(isinstance(month, MonthPlan) for month in plan)
    assert column(plan, "suspect") == [889] * 8 + [888] + [0] * 3
    assert column(plan, "lead") == [0] + [89] * 8 + [88] + [0] * 2
    assert column(plan, "prospect") == [0, 0, 23, 23] + [22] * 7 + [0]
    assert column(plan, "customer") == [0, 0, 0, 12] + [11] * 8
    assert column(plan, "consumption") == [0] * 4 + [9] * 8
    assert column(plan, "reference") == [0] * 7 + [1] * 5


def test_pace_acquisition_stages_sum_to_totals_and_customers_start_on_time():
    counts = back_compute(1_250_000, 6250, CONTRACT_RATES)
    cycle = {"suspect": 20, "lead": 25, "prospect": 60}
    plan = pace(counts, cycle, 12)
    for stage in STAGES:  # consumption and references follow customers at once by default
        assert sum(column(plan, stage)) == counts[stage]
    customers = column(plan, "customer")
    first = first_customer_month(cycle)
    assert first == 5  # 105 days
    assert customers[: first - 1] == [0] * (first - 1)
    assert customers[first - 1] > 0
    assert sum(column(plan, "suspect")[12 - first + 1 :]) == 0  # too late to yield a customer


def test_pace_shows_suspects_must_come_faster_than_an_even_year():
    plan = pace(CONTRACT_COUNTS, {"suspect": 30, "lead": 30, "prospect": 30}, 12)
    assert column(plan, "suspect")[0] == 889  # not 8000 / 12 = 667: only 9 useful months


def test_pace_lead_time_as_long_as_the_period_is_refused():
    with pytest.raises(ValueError, match="cycle_days") as caught:
        pace(CONTRACT_COUNTS, {"suspect": 30, "lead": 30, "prospect": 30}, 3)
    assert caught.value.code == "lead_time_too_long"
    assert "3 months" in str(caught.value)


@pytest.mark.parametrize(
    ("counts", "cycle", "months", "field"),
    [
        (CONTRACT_COUNTS, {"suspect": 30, "lead": 30}, 12, "cycle_days.prospect"),
        (CONTRACT_COUNTS, {**DOC_CYCLE, "lead": -1}, 12, "cycle_days.lead"),
        (CONTRACT_COUNTS, {**DOC_CYCLE, "reference": 10}, 12, "cycle_days.reference"),
        (CONTRACT_COUNTS, {**DOC_CYCLE, "suspect_to_lead": 10}, 12, "cycle_days.suspect_to_lead"),
        (CONTRACT_COUNTS, DOC_CYCLE, 0, "months"),
        ({**CONTRACT_COUNTS, "lead": -5}, DOC_CYCLE, 12, "counts.lead"),
        (
            {k: v for k, v in CONTRACT_COUNTS.items() if k != "reference"},
            DOC_CYCLE,
            12,
            "counts.reference",
        ),
    ],
)
def test_pace_errors_name_the_field(counts, cycle, months, field):
    with pytest.raises(ValueError, match=field) as caught:
        pace(counts, cycle, months)
    assert caught.value.field == field


# --- sensitivity -------------------------------------------------------------------------------


def test_sensitivity_ranks_the_biggest_lever_first():
    levers = sensitivity(100000, 1000, CONTRACT_RATES)
    assert [lever.rate_key for lever in levers] == list(RATE_KEYS)  # already by saving
    best = levers[0]
    assert best.new_rate == Fraction(11, 100)
    assert (best.suspects_before, best.suspects_after, best.suspects_saved) == (8000, 7273, 727)
    assert [lever.suspects_saved for lever in levers] == [727, 720, 720, 0, 0]


def test_sensitivity_with_referrals_favours_rates_below_the_lead():
    """Referral leads already cover 40 of the 800 leads, so a better suspect rate saves less
    (690) than needing fewer leads in the first place (728 instead of 800: 720 saved)."""
    levers = sensitivity(100000, 1000, CONTRACT_RATES, leads_per_reference=5)
    assert [(lever.rate_key, lever.suspects_saved) for lever in levers] == [
        ("lead_to_prospect", 720),  # ceil(200 / 0.275) = 728 leads, 688 from suspects
        ("prospect_to_customer", 720),  # 182 prospects -> 728 leads; tie keeps rate order
        ("suspect_to_lead", 690),  # ceil(760 / 0.11) = 6910
        ("customer_to_consumption", 0),  # floor(88 * 0.1) = 8 references: no change
        ("consumption_to_reference", 0),  # floor(80 * 0.11) = 8: no change
    ]
    assert all(lever.suspects_before == 7600 for lever in levers)
    assert all(lever.suspects_saved >= 0 for lever in levers)


def test_sensitivity_caps_rates_at_one_and_ties_keep_rate_order():
    levers = sensitivity(5000, 1000, ALL_ONE)
    assert [lever.rate_key for lever in levers] == list(RATE_KEYS)
    assert all(lever.new_rate == 1 and lever.suspects_saved == 0 for lever in levers)


def test_sensitivity_with_referrals_rewards_consumption():
    rates = rates_with(consumption_to_reference=0.5)
    levers = {lever.rate_key: lever for lever in sensitivity(100000, 1000, rates, 10)}
    # 80 consumers -> 40 references -> 400 referral leads; 0.88 -> 88 -> 44 -> 440 leads
    assert levers["customer_to_consumption"].suspects_before == 4000
    assert levers["customer_to_consumption"].suspects_after == 3600
    assert levers["customer_to_consumption"].suspects_saved == 400


def test_sensitivity_rejects_a_non_positive_improvement():
    with pytest.raises(ValueError, match="improvement"):
        sensitivity(100000, 1000, CONTRACT_RATES, improvement=0)


# --- observed_rates ----------------------------------------------------------------------------


def test_observed_rates_from_actual_counts():
    rates = observed_rates(CONTRACT_COUNTS)
    assert rates == {
        "suspect_to_lead": Fraction(1, 10),
        "lead_to_prospect": Fraction(1, 4),
        "prospect_to_customer": Fraction(1, 2),
        "customer_to_consumption": Fraction(4, 5),
        "consumption_to_reference": Fraction(1, 10),
    }
    assert list(rates) == list(RATE_KEYS)


def test_observed_rates_unknown_or_zero_upstream_give_none():
    rates = observed_rates({"lead": 120, "prospect": 30, "customer": 0, "consumption": 0})
    assert rates == {
        "suspect_to_lead": None,
        "lead_to_prospect": Fraction(1, 4),
        "prospect_to_customer": Fraction(0),
        "customer_to_consumption": None,
        "consumption_to_reference": None,
    }


def test_observed_rates_refuse_counts_growing_down_the_funnel():
    with pytest.raises(ValueError) as caught:
        observed_rates({**CONTRACT_COUNTS, "customer": 250})
    assert (caught.value.field, caught.value.code) == ("actuals.customer", "grows_down_funnel")
    assert caught.value.params["above"] == "prospect"
    with pytest.raises(ValueError, match=r"actuals\.customer") as caught:
        observed_rates({"lead": 10, "prospect": None, "customer": 11})
    assert caught.value.params["above"] == "lead"


@pytest.mark.parametrize(
    ("counts", "field", "reason"),
    [
        ({"suspect": 100, "lead": -1}, "actuals.lead", "negative"),
        ({"suspect": 100, "lead": 2.5}, "actuals.lead", "not_a_whole_number"),
        ({"suspect": 100, "leads": 10}, "actuals.leads", "unknown"),
    ],
)
def test_observed_rates_bad_counts_name_the_stage(counts, field, reason):
    with pytest.raises(ValueError, match=field) as caught:
        observed_rates(counts)
    assert (caught.value.field, caught.value.code) == (field, reason)
