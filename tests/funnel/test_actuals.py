"""Actuals against the paced plan, by calendar month from the plan's start."""

from dataclasses import replace
from fractions import Fraction

from components.board import store
from components.board.model import Actual
from components.funnel.actuals import (
    actual_operations,
    observed_scenario,
    plan_month,
    review_actuals,
)
from components.funnel.plan import DEFAULT_INPUTS, make_plan


def test_plan_month_counts_calendar_months_from_the_start():
    assert plan_month("2025-11", "2026-02") == 4
    assert plan_month("2025-01", "2025-01") == 1
    assert plan_month("2025-01", "2024-12") == 0


def test_each_month_is_compared_with_the_same_month_of_the_paced_plan():
    """From an empty funnel the first three months need suspects but bring no customer: a
    flat average would call month 1 "behind" on customers."""
    plan = make_plan(replace(DEFAULT_INPUTS, start_month="2025-01"))
    rows = [{"month": "2025-01", "suspect": 900, "customer": 0},
            {"month": "2025-04", "suspect": 850, "customer": 12},
            {"month": "2024-12", "suspect": 100},
            {"month": "2026-01", "suspect": 700, "customer": 11}]
    review = review_actuals(rows, plan)
    assert review.start == "2025-01"
    assert [(m.month, m.plan_month) for m in review.months] == [
        ("2024-12", None), ("2025-01", 1), ("2025-04", 4), ("2026-01", None)]
    first, april = review.months[1], review.months[2]
    assert (first.planned["suspect"], first.planned["customer"]) == (889, 0)
    assert (april.planned["suspect"], april.planned["customer"]) == (889, 12)
    assert review.totals["suspect"] == 1750 and review.planned["suspect"] == 1778
    assert review.totals["customer"] == 12 and review.planned["customer"] == 12
    assert review.measured["customer"] == 2


def test_without_a_start_month_the_first_month_entered_is_month_one():
    review = review_actuals([{"month": "2025-03", "suspect": 10},
                             {"month": "2025-02", "suspect": 20}], make_plan(DEFAULT_INPUTS))
    assert review.start == "2025-02"
    assert [m.plan_month for m in review.months] == [1, 2]


def test_observed_rates_use_every_month_entered():
    rows = [{"month": "2025-01", "suspect": 700, "lead": 70},
            {"month": "2030-02", "suspect": 600, "lead": None}]
    review = review_actuals(rows, make_plan(DEFAULT_INPUTS))
    assert review.observed["suspect_to_lead"] == Fraction(70, 1300)


def test_problems_stop_the_review():
    review = review_actuals([{"month": "2025-13", "suspect": 1}], make_plan(DEFAULT_INPUTS))
    assert [problem.code for problem in review.problems] == ["bad_month"]


def test_observed_rates_round_to_a_hundredth_of_a_percent_and_skip_zeros():
    observed = {"suspect_to_lead": Fraction(37, 300), "lead_to_prospect": Fraction(0),
                "prospect_to_customer": None}
    result = observed_scenario(DEFAULT_INPUTS, observed, "Seen")
    assert str(result.rates["suspect_to_lead"]) == "0.1233"
    assert result.rates["lead_to_prospect"] == DEFAULT_INPUTS.rates["lead_to_prospect"]
    assert result.rates["prospect_to_customer"] == DEFAULT_INPUTS.rates["prospect_to_customer"]


def test_actual_operations_add_update_delete():
    kept = Actual(id="a1", month="2025-01", suspect=10)
    gone = Actual(id="a2", month="2025-02", suspect=20)
    rows = [{"id": "a1", "month": "2025-01", "suspect": 12.0},
            {"id": None, "month": "2025-03", "suspect": 5}]
    operations = actual_operations([kept, gone], rows, base_revision=7)
    kinds = sorted(type(operation).__name__ for operation in operations)
    assert kinds == ["Add", "Delete", "Update"]
    update = next(op for op in operations if isinstance(op, store.Update))
    assert update.data["suspect"] == 12 and update.base_revision == 7
