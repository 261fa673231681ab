"""The page's plan: typed inputs -> checked -> a Plan, its CSV and its sentences."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from decimal import Decimal

from components.board import boardfile
from components.board.model import Rates, Scenario
from components.funnel.plan import (
    DEFAULT_INPUTS,
    PEOPLE_ON_EARTH,
    input_problems,
    inputs_of,
    make_plan,
    plan_csv,
    plan_sentence,
    scenario_data,
)
from components.funnel.stages import stage_rows, stage_vocabulary
from components.numbers import typed


def test_contract_plan_per_month_is_its_month_by_month_plan():
    """"659 suspects a month" once sat beside pacing that needed 1,129 a month: per month is
    now the month-by-month plan's own number, in both situations."""
    ramp = make_plan(DEFAULT_INPUTS)
    assert ramp.counts["suspect"] == 8000 and ramp.first_customer_month == 4
    assert ramp.per_month == {"suspect": 889, "lead": 89, "prospect": 23, "customer": 12,
                              "consumption": 9, "reference": 1}
    assert ramp.monthly[0].entries["suspect"] == ramp.per_month["suspect"]
    assert ramp.active_months("suspect") == (1, 9) and ramp.active_months("customer") == (4, 12)
    steady = make_plan(replace(DEFAULT_INPUTS, situation="steady"))
    assert steady.counts == ramp.counts  # one-off deals: the same customers either way
    assert steady.per_month["suspect"] == 667 and steady.active_months("customer") == (1, 12)
    assert steady.first_customer_month == 1


def test_a_month_long_period_cannot_be_paced_with_long_cycle_times():
    plan = make_plan(replace(DEFAULT_INPUTS, period="month"))
    assert plan.monthly is None and plan.reached_month is None
    assert plan.first_customer_month == 4  # after the period: said on the page
    assert plan.counts["suspect"] == 8000  # the counts themselves are still there


def test_input_problems_names_every_bad_field_once():
    bad = replace(DEFAULT_INPUTS, target_revenue=None, monthly_fee=Decimal(-1),
                  churn="much", start_month="2025-13",
                  rates={**DEFAULT_INPUTS.rates, "lead_to_prospect": Decimal("1.5")})
    problems = input_problems(bad)
    assert {field: error.code for field, error in problems.items()} == {
        "target_revenue": "missing", "monthly_fee": "negative", "churn": "not_a_number",
        "start_month": "bad_month", "rates.lead_to_prospect": "out_of_range"}


def test_steady_state_with_customers_who_never_leave_is_explained():
    forever = replace(DEFAULT_INPUTS, situation="steady", repeat_orders=Decimal(2))
    assert {field: e.code for field, e in input_problems(forever).items()} == {
        "churn": "never_leave"}
    assert input_problems(replace(forever, situation="ramp_up")) == {}


def test_typed_amounts_follow_the_viewers_separators():
    german = replace(DEFAULT_INPUTS, target_revenue=typed("1.250.000", "de"),
                     deal_value=typed("6.250", "de"))
    assert make_plan(german).counts["customer"] == 200
    assert typed("1250000.00", "de") == Decimal("1250000.00")  # a plain number still reads
    assert list(input_problems(replace(DEFAULT_INPUTS, target_revenue=typed("12,5", "en")))) == [
        "target_revenue"]


def test_scenario_fields_round_trip_and_old_board_files_still_load():
    inputs = replace(DEFAULT_INPUTS, name="Bold", situation="steady", start_month="2026-07",
                     repeat_orders=Decimal(3), churn=Decimal("0.1"), expansion=Decimal("0.01"),
                     existing_customers=12, budget=Decimal(90000),
                     costs={**DEFAULT_INPUTS.costs, "lead": Decimal(40)})
    saved = Scenario.model_validate(scenario_data(inputs))
    assert inputs_of(saved) == replace(inputs, costs={k: Decimal(v) for k, v in
                                                      inputs.costs.items()})
    old = boardfile.load("format: progress-canvas/1\ntitle: Old\nscenarios:\n- name: Old\n"
                         "  target_revenue: 1000\n  deal_value: 10\n  rates: {suspect_to_lead: "
                         "0.5, lead_to_prospect: 0.5, prospect_to_customer: 0.5, "
                         "customer_to_consumption: 0.5, consumption_to_reference: 0}\n")
    (scenario,) = old.scenarios
    assert (scenario.situation, scenario.repeat_orders, scenario.budget) == ("ramp_up", 0, None)
    assert make_plan(inputs_of(scenario)).counts["customer"] == 100


def test_empty_optional_fields_count_as_zero():
    empty = replace(DEFAULT_INPUTS, repeat_orders=None, monthly_fee=None, churn=None,
                    existing_customers=None, leads_per_reference=None)
    assert make_plan(empty).counts == make_plan(DEFAULT_INPUTS).counts
    assert Scenario.model_validate({**scenario_data(replace(empty, name="x"))}).churn == 0


def test_the_stage_table_starts_empty():
    assert all(not any(row[column] for column in row if column != "stage")
               for row in stage_rows((), None))
    hair = stage_vocabulary("en").templates["hair_salon"]
    assert stage_rows((), hair)[0]["task"] == hair["suspect"]["task"].strip()


def test_plan_sentence_in_three_languages():
    plan = make_plan(DEFAULT_INPUTS)
    assert plan_sentence(plan, "de") == (
        "Um 100.000\xa0€ im Jahr zu erreichen, brauchst du etwa 100 Kunden, dafür 200 "
        "Prospects und 800 Leads, aus 8.000 Verdächtigen.")
    assert "8\xa0000 misstänkta" in plan_sentence(plan, "sv")


CSV_HEADERS = {"stage": "Stage", "rate": "Rate (%)", "total": "Total", "per_month": "Per month",
               "revenue": "Revenue"}


def csv_rows(inputs) -> list[list[str]]:
    text = plan_csv(make_plan(inputs), stage_vocabulary("en").stage_names, CSV_HEADERS,
                    lambda month: f"M{month}")
    return list(csv.reader(io.StringIO(text)))


def test_plan_csv_has_a_row_per_stage_the_monthly_pacing_and_the_revenue():
    rows = csv_rows(DEFAULT_INPUTS)
    assert rows[0] == ["Stage", "Rate (%)", "Total", "Per month", *(f"M{m}" for m in range(1, 13))]
    assert rows[1] == ["Suspect", "", "8000", "889", *["889"] * 8, "888", "0", "0", "0"]
    assert rows[2][:4] == ["Lead", "10", "800", "89"]
    assert rows[7] == ["Revenue", "", "100000.00", "", "0.00", "0.00", "0.00", "12000.00",
                       *["11000.00"] * 8]
    assert len(rows) == 8


def test_plan_csv_of_a_month_has_no_per_month_column():
    rows = csv_rows(replace(DEFAULT_INPUTS, period="month"))  # too short to be paced
    assert rows[0] == ["Stage", "Rate (%)", "Total"]
    assert rows[1] == ["Suspect", "", "8000"]
    assert len(rows) == 7


def test_rates_model_keeps_its_fields():  # the Scenario's rates are the contract's keys
    assert list(Rates.model_fields) == list(DEFAULT_INPUTS.rates)


def test_a_plan_needing_more_suspects_than_people_on_earth_is_beyond_earth():
    rates = {**DEFAULT_INPUTS.rates, "suspect_to_lead": Decimal("0.000001"),
             "lead_to_prospect": Decimal("0.01")}
    far = make_plan(replace(DEFAULT_INPUTS, rates=rates))
    assert far.counts["suspect"] > PEOPLE_ON_EARTH and far.beyond_earth
    assert not make_plan(DEFAULT_INPUTS).beyond_earth
