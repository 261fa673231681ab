"""Actual counts per month against the paced plan, by calendar month.

The plan's month 1 is the scenario's ``start_month`` (``YYYY-MM``; without one, the first
month entered).  A month of actuals is compared with what the month-by-month plan
(:mod:`.pacing`) asks for in that very month, not with an even share of the year: from an
empty funnel the first months need suspects and no customers yet.  Months before the start
or after the period are listed but not compared.  The conversion rates seen are read off the
totals of every month entered (``calc.observed_rates``).

Worked example (the contract's plan from an empty funnel, start 2025-01): 2025-01 is plan
month 1 (889 suspects planned, no customers yet), 2025-04 plan month 4 (889 suspects, 12
customers); 2024-12 lies before the start and 2026-01 after the period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from components.board import store
from components.board.model import Actual
from components.funnel import calc
from components.funnel.calc import STAGES, FunnelInputError
from components.funnel.plan import MONTH_PATTERN, Plan, PlanInputs

# An observed rate is kept to a hundredth of a percent: 37/300 -> 0.1233 (12.33 %).
RATE_QUANTUM = Decimal("0.0001")


@dataclass(frozen=True)
class MonthReview:
    """One month of actuals and, when it lies inside the plan's period, the plan's month."""

    month: str
    plan_month: int | None
    actual: dict[str, int | None]
    planned: dict[str, int] | None


@dataclass(frozen=True)
class ActualsReview:
    """Actuals by month against the paced plan, and summed over the months compared.

    ``totals`` and ``planned`` add up, per stage, the months inside the period that give a
    number for the stage (``measured`` counts them; ``planned`` is None without a paced
    plan).  ``observed`` are the rates seen in all months entered, None when there are
    problems.
    """

    problems: tuple[FunnelInputError, ...]
    start: str | None
    months: tuple[MonthReview, ...]
    totals: dict[str, int | None]
    measured: dict[str, int]
    planned: dict[str, int] | None
    observed: dict[str, Fraction | None] | None


def plan_month(start: str, month: str) -> int:
    """Which month of the plan the calendar ``month`` is (1 = ``start``; 0 or less before).

    Example: ``plan_month("2025-11", "2026-02")`` -> 4.
    """
    start_year, start_month = map(int, start.split("-"))
    year, number = map(int, month.split("-"))
    return (year - start_year) * 12 + (number - start_month) + 1


def actual_rows(actuals: Sequence[Actual]) -> list[dict]:
    """The board's actuals as table rows (id, month and one column per stage)."""
    return [actual.model_dump() for actual in actuals]


def check_actual_rows(rows: Sequence[Mapping]) -> list[FunnelInputError]:
    """Problems in edited actuals: month not YYYY-MM, a month twice, counts growing down.

    Each names its column (``actuals.month``, ``actuals.customer``) and, as ``month``, the
    row's month (None: the month is missing, or the problem is in all months together).
    """
    problems = []
    seen: set[str] = set()
    for row in rows:
        month = str(row.get("month") or "").strip()
        if not MONTH_PATTERN.match(month):
            problems.append(FunnelInputError("actuals.month", "bad_month", month=month or None))
        elif month in seen:
            problems.append(FunnelInputError("actuals.month", "duplicate_month", month=month))
        seen.add(month)
        try:
            calc.observed_rates({stage: row.get(stage) for stage in STAGES})
        except FunnelInputError as error:
            problems.append(FunnelInputError(error.field, error.code, month=month or None))
    return problems


def review_actuals(rows: Sequence[Mapping], plan: Plan | None) -> ActualsReview:
    """Each month against the plan's month, the compared months summed, the rates seen."""
    problems = check_actual_rows(rows)
    if problems:
        return ActualsReview(tuple(problems), None, (), dict.fromkeys(STAGES), {}, None, None)
    ordered = sorted(rows, key=lambda row: row["month"])
    start = (plan.inputs.start_month if plan else None) or ordered[0]["month"]
    months = tuple(_month_review(row, start, plan) for row in ordered)
    compared = [month for month in months if month.plan_month is not None]
    totals: dict[str, int | None] = {}
    measured: dict[str, int] = {}
    planned: dict[str, int] | None = {} if plan is not None and plan.monthly else None
    for stage in STAGES:
        seen = [month for month in compared if month.actual[stage] is not None]
        measured[stage] = len(seen)
        totals[stage] = sum(month.actual[stage] for month in seen) if seen else None
        if planned is not None:
            planned[stage] = sum(month.planned[stage] for month in seen if month.planned)
    all_months = {stage: _sum(row.get(stage) for row in rows) for stage in STAGES}
    try:
        observed = calc.observed_rates(all_months)
    except FunnelInputError as error:
        return ActualsReview((FunnelInputError(error.field, error.code, month=None),), start,
                             months, totals, measured, planned, None)
    return ActualsReview((), start, months, totals, measured, planned, observed)


def _month_review(row: Mapping, start: str, plan: Plan | None) -> MonthReview:
    month = row["month"]
    actual = {stage: None if row.get(stage) is None else int(row[stage]) for stage in STAGES}
    number = plan_month(start, month)
    months = plan.months if plan else 0
    inside = 1 <= number <= months
    planned = None
    if inside and plan.monthly:
        planned = dict(plan.monthly[number - 1].entries)
    return MonthReview(month, number if inside else None, actual, planned)


def _sum(values) -> int | None:
    known = [int(value) for value in values if value is not None]
    return sum(known) if known else None


def actual_operations(existing: Sequence[Actual], rows: Sequence[Mapping],
                      base_revision: int) -> list[store.Operation]:
    """Store operations that make the board's actuals equal to the edited ``rows``.

    A row with the id of a stored month updates it (when changed), a row without id is
    added, a stored month missing from ``rows`` is deleted.  Check the rows first.
    """
    stored = {actual.id: actual for actual in existing}
    operations: list[store.Operation] = []
    kept = set()
    for row in rows:
        data = {"month": str(row["month"]).strip(),
                **{stage: None if row.get(stage) is None else int(row[stage])
                   for stage in STAGES}}
        row_id = row.get("id")
        if row_id in stored:
            kept.add(row_id)
            if stored[row_id].model_dump(exclude={"id"}) != data:
                operations.append(store.Update(row_id, data, base_revision))
        else:
            operations.append(store.Add("actuals", data))
    operations += [store.Delete(item_id, base_revision)
                   for item_id in stored if item_id not in kept]
    return operations


def observed_scenario(inputs: PlanInputs, observed: Mapping[str, Fraction | None],
                      name: str) -> PlanInputs:
    """``inputs`` with every rate that was observed and can drive a plan (above 0) replaced.

    Rates are kept to a hundredth of a percent.  A rate nobody measured, or one seen as 0
    (no lead yet, say), keeps its planned value: a plan cannot run on a rate of 0.
    """
    rates = dict(inputs.rates)
    for key, rate in observed.items():
        if rate:
            exact = Decimal(rate.numerator) / Decimal(rate.denominator)
            rates[key] = max(exact.quantize(RATE_QUANTUM, ROUND_HALF_EVEN), RATE_QUANTUM)
    return replace(inputs, name=name, rates=rates)
