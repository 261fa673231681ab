"""The funnel page's plan: what a founder typed -> checked inputs -> everything the page shows.

``components.funnel.calc`` does the arithmetic.  This module sits between it and the page: it
reads form values (rates typed as percentages, empty fields), finds every bad field at once
(the funnel stops at the first), bundles the results of one set of inputs into a ``Plan``,
compares a plan with the counts actually seen, and turns edited tables into store operations.

Worked example (the contract's, also the page's default)::

    inputs = DEFAULT_INPUTS                      # 100,000 a year, 1,000 per customer,
    plan = make_plan(inputs)                     # rates 10 / 25 / 50 / 80 / 10 %
    plan.counts    -> suspect 8000, lead 800, prospect 200, customer 100, consumption 80,
                      reference 8
    plan.per_month -> suspect 667 (8000 / 12 rounded up), lead 67, prospect 17, customer 9, ...
    plan.first_customer_month -> 4 (30 + 14 + 45 = 89 days from suspect to customer)
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from components import i18n
from components.board import store
from components.board.boardfile import BoardFileError, problems_of
from components.board.model import Actual, CycleDays, Scenario, StageRow
from components.errors import Problem
from components.formatting import format_integer, format_money, format_percent
from components.funnel import calc
from components.funnel.calc import RATE_KEYS, STAGES, FunnelInputError, Lever, MonthPlan

PERIOD_MONTHS = {"year": 12, "quarter": 3, "month": 1}
CYCLE_STAGES = tuple(CycleDays.model_fields)  # suspect … consumption: what a Scenario keeps
STAGE_COLUMNS = ("buying_process", "task", "response", "metric", "discovery")
STAGE_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "data" / "funnel_stages"
MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# An observed rate is kept to a hundredth of a percent: 37/300 -> 0.1233 (12.33 %).
RATE_QUANTUM = Decimal("0.0001")
_RPC_PARTS = ("deal_value", "monthly_fee", "paying_months")

Value = Decimal | int | float | str | None


@dataclass(frozen=True)
class PlanInputs:
    """One set of funnel inputs as typed: numbers may be missing or wrong, rates are fractions.

    The fields mirror ``model.Scenario``; unlike a Scenario nothing here is checked yet, so a
    page can hold bad input, point at it and keep it for the next attempt.
    """

    name: str
    period: str
    currency: str
    target_revenue: Value
    deal_value: Value
    monthly_fee: Value
    paying_months: Value
    rates: Mapping[str, Value]
    leads_per_reference: Value
    cycle_days: Mapping[str, Value]


# The contract example: 100,000 a year from one-off deals of 1,000, rates 10/25/50/80/10 %,
# cycle times of the pace() docstring (the first customers arrive in month 4).
DEFAULT_INPUTS = PlanInputs(
    name="",
    period="year",
    currency="EUR",
    target_revenue=Decimal(100000),
    deal_value=Decimal(1000),
    monthly_fee=Decimal(0),
    paying_months=Decimal(0),
    rates={
        "suspect_to_lead": Decimal("0.1"),
        "lead_to_prospect": Decimal("0.25"),
        "prospect_to_customer": Decimal("0.5"),
        "customer_to_consumption": Decimal("0.8"),
        "consumption_to_reference": Decimal("0.1"),
    },
    leads_per_reference=Decimal(0),
    cycle_days={"suspect": 30, "lead": 14, "prospect": 45, "customer": 0, "consumption": 0},
)


def decimal_of(value: object) -> Value:
    """A typed number as an exact Decimal (``12.5`` -> ``Decimal('12.5')``); None stays None.

    Floats go through their shortest text, the number the person saw; anything else is
    passed on unchanged so that the funnel names the problem.
    """
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value  # type: ignore[return-value]


def rate_from_percent(percent: object) -> Value:
    """A rate typed as a percentage as the fraction the funnel wants: 12.5 -> 0.125."""
    value = decimal_of(percent)
    return value / 100 if isinstance(value, Decimal) and value.is_finite() else value


def percent_of(rate: Value) -> float | None:
    """A fraction shown as a percentage in a form field: 0.125 -> 12.5."""
    return None if rate is None else float(Decimal(str(rate)) * 100)


def fraction_as_decimal(value: object) -> object:
    """A Fraction as a Decimal for Babel, which formats Decimals, not Fractions.

    1/3 becomes ``Decimal('0.3333…')`` (28 digits, the context's precision); any other value
    (Decimal, int, None …) stays as it is.
    """
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


def inputs_of(scenario: Scenario) -> PlanInputs:
    """A saved scenario as form inputs."""
    return PlanInputs(
        name=scenario.name,
        period=scenario.period,
        currency=scenario.currency,
        target_revenue=scenario.target_revenue,
        deal_value=scenario.deal_value,
        monthly_fee=scenario.monthly_fee,
        paying_months=scenario.paying_months,
        rates=scenario.rates.model_dump(),
        leads_per_reference=scenario.leads_per_reference,
        cycle_days=scenario.cycle_days.model_dump(),
    )


# --- checking ----------------------------------------------------------------------------------


def input_problems(inputs: PlanInputs) -> dict[str, Problem]:
    """Every bad input field at once, by field name (``rates.lead_to_prospect``).

    The funnel stops at the first bad value.  To name them all, each bad field is replaced
    by a harmless value and the plan is tried again, until it goes through.  A revenue per
    customer of 0 is not reported when one of its parts is itself wrong: fixing the part is
    the first step.  Then what the board model refuses (``bound_problems``) on fields that
    are fine for the funnel, so that nothing the page cannot show is ever calculated.
    """
    problems: dict[str, Problem] = {}
    trial = inputs
    while True:
        try:
            make_plan(trial)
        except FunnelInputError as error:
            if error.field in problems:  # pragma: no cover - a harmless value must not fail
                raise
            problems[error.field] = error
            trial = _with_harmless_value(trial, error.field)
            continue
        break
    if any(part in problems for part in _RPC_PARTS):
        problems.pop("revenue_per_customer", None)
    for field, problem in bound_problems(inputs).items():
        problems.setdefault(field, problem)
    return problems


def bound_problems(inputs: PlanInputs) -> dict[str, Problem]:
    """What the board model refuses although the funnel could compute it, by field: a value
    beyond its bound (a target above 10^12, a rate below one in a million) or, under the
    whole form (field ``""``), a plan of more than 10^12 people.  A rate's range is said in
    percent, as the form asks for it.  The name is checked when saving (``name_problem``).
    """
    try:
        Scenario.model_validate({**_scenario_fields(inputs), "name": inputs.name or "-"})
    except ValidationError as error:
        return {problem.field: _in_percent(problem) for problem in problems_of(error)}
    return {}


def _in_percent(problem: BoardFileError) -> BoardFileError:
    if not problem.field.startswith("rates.") or "high" not in problem.params:
        return problem
    return BoardFileError(problem.field, problem.code, low=problem.params["low"] * 100,
                          high=problem.params["high"] * 100)


def _with_harmless_value(inputs: PlanInputs, field: str) -> PlanInputs:
    """``inputs`` with ``field`` set to a value that passes every check."""
    group, _, key = field.partition(".")
    if group == "rates":
        return replace(inputs, rates={**inputs.rates, key: Decimal(1)})
    if group == "cycle_days" and key:
        return replace(inputs, cycle_days={**inputs.cycle_days, key: 0})
    if field == "revenue_per_customer":
        return replace(inputs, deal_value=Decimal(1))
    return replace(inputs, **{field: Decimal(1) if field == "deal_value" else Decimal(0)})


def name_problem(inputs: PlanInputs) -> FunnelInputError | None:
    """A scenario needs a name to be saved (and found again in the list)."""
    if inputs.name.strip():
        return None
    return FunnelInputError("name", "missing")


def scenario_data(inputs: PlanInputs) -> dict:
    """Checked inputs as the fields of a Scenario record, ready for ``store.Add``/``Update``.

    Call only when ``input_problems`` and ``name_problem`` found nothing; the Scenario model
    validates once more (the store would anyway).
    """
    scenario = Scenario.model_validate(_scenario_fields(inputs))
    return scenario.model_dump(mode="json", exclude={"id"})


def _scenario_fields(inputs: PlanInputs) -> dict:
    return {
        "name": inputs.name,
        "period": inputs.period,
        "currency": inputs.currency,
        "target_revenue": inputs.target_revenue,
        "deal_value": inputs.deal_value,
        "monthly_fee": inputs.monthly_fee,
        "paying_months": inputs.paying_months,
        "rates": dict(inputs.rates),
        "leads_per_reference": inputs.leads_per_reference,
        "cycle_days": {stage: inputs.cycle_days.get(stage) for stage in CYCLE_STAGES},
    }


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything the page shows for one set of inputs.

    ``per_month`` is each stage's count spread evenly over the period, rounded up like every
    count that is needed.  ``monthly`` is ``calc.pace``'s month-by-month plan, or ``None``
    when the way from suspect to customer takes longer than the period (then
    ``first_customer_month`` lies after its end).
    """

    inputs: PlanInputs
    months: int
    revenue_per_customer: Fraction
    counts: dict[str, int]
    per_month: dict[str, int]
    first_customer_month: int
    monthly: tuple[MonthPlan, ...] | None
    levers: tuple[Lever, ...]

    def rate_into(self, stage: str) -> Value:
        """The conversion rate that feeds ``stage`` from the stage above (None for suspect)."""
        index = STAGES.index(stage)
        return self.inputs.rates[RATE_KEYS[index - 1]] if index else None

    @property
    def entry_months(self) -> int:
        """Months in which new suspects still lead to customers inside the period."""
        return self.months - (self.first_customer_month - 1)


def make_plan(inputs: PlanInputs) -> Plan:
    """Back-compute, pace and rank the levers of one set of inputs.

    Raises ``FunnelInputError`` for the first bad field (``input_problems`` finds them all).
    """
    months = PERIOD_MONTHS[inputs.period]
    per_customer = calc.revenue_per_customer(
        inputs.deal_value, inputs.monthly_fee, inputs.paying_months
    )
    counts = calc.back_compute(
        inputs.target_revenue, per_customer, inputs.rates, inputs.leads_per_reference
    )
    first_month = calc.first_customer_month(inputs.cycle_days)
    try:
        monthly = tuple(calc.pace(counts, inputs.cycle_days, months))
    except FunnelInputError as error:
        if error.code != "lead_time_too_long":
            raise
        monthly = None
    levers = calc.sensitivity(
        inputs.target_revenue, per_customer, inputs.rates, inputs.leads_per_reference
    )
    return Plan(
        inputs=inputs,
        months=months,
        revenue_per_customer=per_customer,
        counts=counts,
        per_month={stage: math.ceil(Fraction(count, months)) for stage, count in counts.items()},
        first_customer_month=first_month,
        monthly=monthly,
        levers=tuple(levers),
    )


def plan_csv(
    plan: Plan,
    stage_names: Mapping[str, str],
    headers: Mapping[str, str],
    month_header: Callable[[int], str],
) -> str:
    """The plan as CSV for a spreadsheet: one row per stage, numbers unformatted.

    Columns: stage, rate from the stage above (%), total for the period, per month (unless
    the period is a month), then the new entries of each month of the pacing (when the
    period allows pacing).
    """
    out = io.StringIO()
    writer = csv.writer(out)
    months = plan.monthly or ()
    per_month = [headers["per_month"]] if plan.months > 1 else []
    writer.writerow([headers["stage"], headers["rate"], headers["total"], *per_month,
                     *(month_header(month.month) for month in months)])
    for stage in STAGES:
        rate = plan.rate_into(stage)
        writer.writerow([
            stage_names[stage],
            "" if rate is None else format((Decimal(str(rate)) * 100).normalize(), "f"),
            plan.counts[stage],
            *([plan.per_month[stage]] if per_month else []),
            *(month.entries[stage] for month in months),
        ])
    return out.getvalue()


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


# --- actuals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActualsReview:
    """Counts seen, summed over the months entered, against the plan for those months.

    ``measured[stage]`` counts the months that give a number for the stage; ``planned`` is
    the plan's per-month count times those months (None without a valid plan).  ``observed``
    are the conversion rates seen in the totals, None when there are problems.
    """

    problems: tuple[FunnelInputError, ...]
    totals: dict[str, int | None]
    measured: dict[str, int]
    planned: dict[str, int] | None
    observed: dict[str, Fraction | None] | None


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
    """Sum the months entered, compare with the plan, read the observed conversion rates."""
    problems = check_actual_rows(rows)
    totals: dict[str, int | None] = {}
    measured: dict[str, int] = {}
    for stage in STAGES:
        values = [row[stage] for row in rows if row.get(stage) is not None]
        measured[stage] = len(values)
        totals[stage] = int(sum(values)) if values and not problems else None
    observed = None
    if not problems:
        try:
            observed = calc.observed_rates(totals)
        except FunnelInputError as error:
            problems.append(FunnelInputError(error.field, error.code, month=None))
    planned = None
    if plan is not None:
        planned = {stage: math.ceil(Fraction(plan.counts[stage] * measured[stage], plan.months))
                   for stage in STAGES}
    return ActualsReview(tuple(problems), totals, measured, planned, observed)


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


# --- the stage table of seed 004 ---------------------------------------------------------------


@dataclass(frozen=True)
class StageVocabulary:
    """Stage names, column titles and questions, and the worked templates, in one language."""

    stage_names: dict[str, str]
    columns: dict[str, str]
    questions: dict[str, str]
    templates: dict[str, dict[str, dict[str, str]]]


@cache
def stage_vocabulary(language: str) -> StageVocabulary:
    """``data/funnel_stages/<language>.yaml``: names, columns and the stage-table templates.

    Every top-level key besides ``stage_names``, ``columns`` and ``column_questions`` is a
    template (``hair_salon``, ``electronics_service``) mapping each stage to its five columns.
    """
    path = STAGE_TEMPLATE_DIR / f"{language}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = document.pop("stage_names")
    columns = document.pop("columns")
    questions = document.pop("column_questions", {})
    return StageVocabulary(names, columns, questions, document)


def rate_label(key: str, language: str) -> str:
    """``Suspect → Lead``: the two stages the conversion rate ``key`` connects, in ``language``.

    Example: ``rate_label("lead_to_prospect", "de")`` -> ``Lead → Prospect``.
    """
    names = stage_vocabulary(language).stage_names
    index = RATE_KEYS.index(key)
    return f"{names[STAGES[index]]} → {names[STAGES[index + 1]]}"


def plan_sentence(plan: Plan, language: str) -> str:
    """The plan as one sentence a founder can say in a meeting, in ``language``.

    Example (:data:`DEFAULT_INPUTS`, English): "To reach €100,000 a year you need about 100
    customers, which needs 200 prospects, 800 leads, from 8,000 suspects."
    """
    inputs = plan.inputs
    return i18n.t(language, "funnel.result.sentence",
                  target=format_money(fraction_as_decimal(inputs.target_revenue),
                                      inputs.currency, language),
                  period=i18n.t(language, f"funnel.period_phrase.{inputs.period}"),
                  **{stage: format_integer(plan.counts[stage], language) for stage in STAGES})


def lever_sentence(plan: Plan, language: str) -> str | None:
    """The biggest lever worded: which rate, raised by a tenth, saves the most suspects.

    None when no rate saves a suspect.  Example (:data:`DEFAULT_INPUTS`, English): "Biggest
    lever: Suspect → Lead. Raising it from 10% to 11% saves 727 suspects (8,000 → 7,273)."
    """
    best = plan.levers[0]
    if best.suspects_saved <= 0:
        return None
    return i18n.t(language, "funnel.levers.biggest", rate=rate_label(best.rate_key, language),
                  now=format_percent(fraction_as_decimal(plan.inputs.rates[best.rate_key]),
                                     language),
                  new=format_percent(fraction_as_decimal(best.new_rate), language),
                  saved=format_integer(best.suspects_saved, language),
                  before=format_integer(best.suspects_before, language),
                  after=format_integer(best.suspects_after, language))


def stage_rows(stages: Sequence[StageRow], template: Mapping[str, Mapping[str, str]] | None
               ) -> list[dict]:
    """The six rows of the stage table: the board's own where saved, else the template's."""
    saved = {row.stage: row for row in stages}
    rows = []
    for stage in STAGES:
        if stage in saved:
            source: Mapping[str, str] = saved[stage].model_dump()
        else:
            source = (template or {}).get(stage, {})
        rows.append({"stage": stage, **{column: str(source.get(column) or "").strip()
                                        for column in STAGE_COLUMNS}})
    return rows


def stage_operations(existing: Sequence[StageRow], rows: Sequence[Mapping],
                     base_revision: int) -> list[store.Operation]:
    """Store operations that save the edited stage table: update changed rows, add new ones."""
    saved = {row.stage: row for row in existing}
    operations: list[store.Operation] = []
    for row in rows:
        data = {"stage": row["stage"],
                **{column: str(row.get(column) or "").strip() for column in STAGE_COLUMNS}}
        current = saved.get(row["stage"])
        if current is None:
            operations.append(store.Add("stages", data))
        elif current.model_dump(exclude={"id"}) != data:
            operations.append(store.Update(current.id, data, base_revision))
    return operations
