"""The funnel page's plan: what a founder typed -> checked inputs -> everything the page shows.

The arithmetic lives in the modules beside this one: the stages and the referral loop in
:mod:`.calc`, what a customer brings after the sale in :mod:`.bowtie`, months and situations
in :mod:`.pacing`, self-feeding referral loops in :mod:`.seed`, :mod:`.levers` and
:mod:`.cost`.  This module reads form values (empty fields, rates as fractions), finds every
bad field at once (the funnel stops at the first) and bundles one set of inputs into a
``Plan``:

1. the customers needed, with revenue counted when it comes in (``pacing.customers_needed``);
2. the people per stage for them (``calc.back_compute(customers, 1, …)``), or, when the
   referral loop feeds itself, the seed and its generations (``seed.seed_needed``);
3. the month-by-month plan of both (entries and revenue), the month the target is reached;
4. the levers in money and the cost.

Worked example (the contract's, also the page's default, ramp-up)::

    plan = make_plan(DEFAULT_INPUTS)            # 100,000 a year, 1,000 per customer,
    plan.counts    -> suspect 8000, lead 800,   # rates 10 / 25 / 50 / 80 / 10 %
                      prospect 200, customer 100, consumption 80, reference 8
    plan.first_customer_month -> 4              # 30 + 14 + 45 = 89 days to the first order
    plan.per_month -> suspect 889 (months 1-9), lead 89, prospect 23, customer 12 (months 4-12)
    plan.reached_month -> 12                    # 12,000 in month 4, then 11,000 a month
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from babel.lists import format_list
from pydantic import ValidationError

from components import i18n
from components.board.boardfile import BoardFileError, problems_of
from components.board.bounds import MAX_PEOPLE
from components.board.model import CycleDays, Scenario, StageCosts
from components.errors import Problem
from components.formatting import (
    format_integer,
    format_money,
    format_number,
    format_percent,
    locale_of,
)
from components.funnel import calc, pacing, seed
from components.funnel.bowtie import (
    Bowtie,
    bowtie,
    existing_revenue,
    lifetime_value,
    orders_per_customer,
    value_by_close,
)
from components.funnel.calc import RATE_KEYS, STAGES, FunnelInputError
from components.funnel.cost import COST_STAGES, Cost, plan_cost
from components.funnel.levers import Funnel, Lever, best_points, biggest, levers
from components.funnel.pacing import PERIOD_MONTHS, MonthPlan, Timing
from components.funnel.stages import rate_label

CYCLE_STAGES = tuple(CycleDays.model_fields)  # suspect … consumption: what a Scenario keeps
MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# Fields that may be left empty: an empty one counts as 0 (the budget as "none").
_OPTIONAL = ("repeat_orders", "monthly_fee", "paying_months", "churn", "expansion",
             "existing_customers", "leads_per_reference")

Value = Decimal | int | float | str | None

#: People on Earth, about (UN World Population Prospects 2024: 8.2 billion in 2025).
PEOPLE_ON_EARTH = 8_200_000_000


@dataclass(frozen=True)
class PlanInputs:
    """One set of funnel inputs as typed: numbers may be missing or wrong, rates and shares
    are fractions (0.25, not 25).

    The fields mirror ``model.Scenario``; unlike a Scenario nothing here is checked yet, so a
    page can hold bad input, point at it and keep it for the next attempt.
    """

    name: str
    period: str
    currency: str
    situation: str
    start_month: str | None
    target_revenue: Value
    deal_value: Value
    repeat_orders: Value
    monthly_fee: Value
    paying_months: Value
    churn: Value
    expansion: Value
    existing_customers: Value
    rates: Mapping[str, Value]
    leads_per_reference: Value
    cycle_days: Mapping[str, Value]
    costs: Mapping[str, Value]
    budget: Value


# The contract example: 100,000 a year from one-off deals of 1,000, rates 10/25/50/80/10 %,
# from an empty funnel with the cycle times of pacing's docstring (first customers in month 4).
DEFAULT_INPUTS = PlanInputs(
    name="", period="year", currency="EUR", situation="ramp_up", start_month=None,
    target_revenue=Decimal(100000), deal_value=Decimal(1000), repeat_orders=Decimal(0),
    monthly_fee=Decimal(0), paying_months=Decimal(0), churn=Decimal(0), expansion=Decimal(0),
    existing_customers=0,
    rates={"suspect_to_lead": Decimal("0.1"), "lead_to_prospect": Decimal("0.25"),
           "prospect_to_customer": Decimal("0.5"), "customer_to_consumption": Decimal("0.8"),
           "consumption_to_reference": Decimal("0.1")},
    leads_per_reference=Decimal(0),
    cycle_days={"suspect": 30, "lead": 14, "prospect": 45, "customer": 0, "consumption": 0},
    costs={stage: Decimal(0) for stage in COST_STAGES}, budget=None,
)


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
    data = scenario.model_dump()
    return PlanInputs(**{field: data[field] for field in PlanInputs.__dataclass_fields__})


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
    if {"deal_value", "monthly_fee"} & set(problems):
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
    if group in ("rates", "costs", "cycle_days") and key:
        harmless = Decimal(1) if group == "rates" else 0
        return replace(inputs, **{group: {**getattr(inputs, group), key: harmless}})
    if field == "cycle_days":  # no customer fits into the period
        return replace(inputs, cycle_days=dict.fromkeys(CYCLE_STAGES, 0))
    if field == "revenue_per_customer":
        return replace(inputs, deal_value=Decimal(1))
    if field == "churn":  # customers who never leave, or a bad share: all leave at once
        return replace(inputs, churn=Decimal(1), expansion=Decimal(0))
    if field in ("start_month", "budget"):
        return replace(inputs, **{field: None})
    return replace(inputs, **{field: Decimal(1) if field == "deal_value" else Decimal(0)})


def name_problem(inputs: PlanInputs) -> FunnelInputError | None:
    """A scenario needs a name to be saved (and found again in the list)."""
    if inputs.name.strip():
        return None
    return FunnelInputError("name", "missing")


def scenario_data(inputs: PlanInputs) -> dict:
    """Checked inputs as the fields of a Scenario record, ready for ``store.Add``/``Update``.

    Call only when ``input_problems`` and ``name_problem`` found nothing; the Scenario model
    validates once more (the store would anyway).  Empty optional fields are saved as 0.
    """
    scenario = Scenario.model_validate(_scenario_fields(inputs))
    return scenario.model_dump(mode="json", exclude={"id"})


def _scenario_fields(inputs: PlanInputs) -> dict:
    """The inputs as a Scenario's fields, empty optional ones as 0."""
    data = {field: getattr(inputs, field) for field in PlanInputs.__dataclass_fields__}
    data |= {field: data[field] or 0 for field in _OPTIONAL}
    data["rates"] = dict(inputs.rates)
    data["cycle_days"] = {stage: inputs.cycle_days.get(stage) or 0 for stage in CYCLE_STAGES}
    data["costs"] = {stage: inputs.costs.get(stage) or 0 for stage in StageCosts.model_fields}
    return data


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything the page shows for one set of inputs.

    ``monthly`` is the month-by-month plan (entries and revenue), ``None`` when no customer
    won inside the period brings revenue inside it; then ``counts`` are what the target needs
    if every customer had a whole period to pay, and ``first_revenue_month`` (after the end)
    says when money would start.  ``per_month`` is the busiest month of each stage, the number
    the month-by-month plan shows.  ``seed`` is set when the referral loop feeds itself: the
    suspects to start from, whose generations ``counts`` adds up.
    """

    inputs: PlanInputs
    timing: Timing
    tie: Bowtie
    customers_needed: int
    counts: dict[str, int]
    per_month: dict[str, int]
    monthly: tuple[MonthPlan, ...] | None
    reached_month: int | None
    first_revenue_month: int
    seed: int | None
    levers: tuple[Lever, ...]
    cost: Cost

    @property
    def months(self) -> int:
        return self.timing.months

    @property
    def first_customer_month(self) -> int:
        return self.timing.first_customer_month

    @property
    def entry_months(self) -> int:
        """Months in which new suspects still lead to customers inside the period."""
        return self.timing.entry_months

    @property
    def revenue(self) -> Fraction:
        """Revenue counted when it comes in, over the whole period (0 when not paced)."""
        return sum((month.revenue for month in self.monthly or ()), Fraction(0))

    @property
    def lifetime_value(self) -> Fraction | None:
        """A customer's whole stream; None when customers never leave."""
        try:
            return lifetime_value(self.tie)
        except FunnelInputError:
            return None

    @property
    def orders_per_customer(self) -> Fraction | None:
        return orders_per_customer(self.tie)

    @property
    def value_per_customer(self) -> Fraction:
        """What one new customer brings: its lifetime value in steady state; from an empty
        funnel, the period's revenue from new customers per customer (early ones bring more)."""
        if self.timing.steady:
            return lifetime_value(self.tie)
        customers = self.counts["customer"]
        if self.monthly is None or not customers:
            return value_by_close(self.tie, self.months)[0]
        return (self.revenue - sum(existing_revenue(self.tie, self.months))) / customers

    @property
    def referral_gain(self) -> Fraction:
        """New leads one lead brings through references (``calc.loop_gain``)."""
        return calc.loop_gain(calc.read_rates(self.inputs.rates),
                              calc.read_non_negative(_zero(self.inputs.leads_per_reference),
                                                     "leads_per_reference"))

    @property
    def beyond_earth(self) -> bool:
        """Whether the plan needs more suspects than people live on Earth
        (:data:`PEOPLE_ON_EARTH`): out of reach whatever the period.  Example: 100 customers
        from 200 prospects at 50 %, from 20,000 leads at 1 %, from 20 billion suspects at one
        in a million: beyond Earth."""
        return self.counts["suspect"] > PEOPLE_ON_EARTH

    @property
    def direct_leads(self) -> int:
        """Leads found among the suspects themselves (the rest come through references)."""
        rate = calc.read_rates(self.inputs.rates)["suspect_to_lead"]
        return math.floor(self.counts["suspect"] * rate)

    def rate_into(self, stage: str) -> Value:
        """The conversion rate that feeds ``stage`` from the stage above (None for suspect)."""
        index = STAGES.index(stage)
        return self.inputs.rates[RATE_KEYS[index - 1]] if index else None

    def active_months(self, stage: str) -> tuple[int, int] | None:
        """The first and last month of the period in which ``stage`` receives people."""
        months = [month.month for month in self.monthly or () if month.entries[stage]]
        return (months[0], months[-1]) if months else None


def make_plan(inputs: PlanInputs) -> Plan:
    """Customers needed, people per stage, pacing, levers and cost of one set of inputs.

    Raises ``FunnelInputError`` for the first bad field (``input_problems`` finds them all).
    """
    rates = calc.read_rates(inputs.rates)
    per_reference = calc.read_non_negative(_zero(inputs.leads_per_reference),
                                           "leads_per_reference")
    timing = pacing.timing(inputs.cycle_days, PERIOD_MONTHS[inputs.period], inputs.situation)
    tie = bowtie(inputs.deal_value, _zero(inputs.repeat_orders), _zero(inputs.monthly_fee),
                 _zero(inputs.paying_months), _zero(inputs.churn), _zero(inputs.expansion),
                 rates["customer_to_consumption"], timing.consumption_delay,
                 0 if timing.steady else _zero(inputs.existing_customers))
    target = calc.read_non_negative(inputs.target_revenue, "target_revenue")
    if inputs.start_month is not None and not MONTH_PATTERN.match(inputs.start_month):
        raise FunnelInputError("start_month", "bad_month", month=inputs.start_month)
    seeded = calc.loop_gain(rates, per_reference) >= 1
    if seeded and timing.steady:
        raise FunnelInputError("leads_per_reference", "self_sustaining")

    needed = pacing.customers_needed(target, tie, timing)
    seed_suspects = None
    if seeded:
        seed_suspects = seed.seed_needed(target, rates, per_reference, tie, timing)
        if seed_suspects is None:
            raise FunnelInputError("cycle_days.customer", "no_revenue_in_period")
        found = seed.generations(seed_suspects, rates, per_reference, timing)
        counts, entries = seed.totals(found), seed.entries(found, timing)
        needed = counts["customer"]
    elif needed is None or timing.entry_months < 1:  # nobody won in the period pays in it
        need = max(target - sum(existing_revenue(tie, timing.months)), Fraction(0))
        whole_period = value_by_close(tie, timing.months)[0]
        if need and whole_period == 0:
            raise FunnelInputError("cycle_days.customer", "no_revenue_in_period")
        needed = math.ceil(need / whole_period) if need else 0
        counts, entries = calc.back_compute(needed, 1, rates, per_reference), None
    else:
        counts = calc.back_compute(needed, 1, rates, per_reference)
        entries = pacing.entries_by_month(counts, timing)

    monthly = reached = None
    if entries is not None:
        revenue = pacing.revenue_by_month(entries["customer"], tie, timing)
        monthly = pacing.month_plans(entries, revenue)
        reached = pacing.reached_month(revenue, target)
        per_month = {stage: max(month.entries[stage] for month in monthly) for stage in STAGES}
    else:
        per_month = {stage: math.ceil(Fraction(count, timing.months))
                     for stage, count in counts.items()}
    found_levers = () if seeded or monthly is None else levers(
        Funnel(counts["suspect"], rates, per_reference, tie, timing))
    return Plan(
        inputs=inputs, timing=timing, tie=tie, customers_needed=needed, counts=counts,
        per_month=per_month, monthly=monthly, reached_month=reached,
        first_revenue_month=pacing.first_revenue_month(tie, timing), seed=seed_suspects,
        levers=found_levers, cost=plan_cost(counts, inputs.costs, inputs.budget),
    )


def _zero(value: Value) -> Value:
    """An optional field left empty counts as 0."""
    return 0 if value is None else value


def forward_of(plan: Plan, suspects: object) -> tuple[dict[str, int], Fraction]:
    """People per stage and the period's revenue that ``suspects`` bring under ``plan``'s
    rates, bowtie and timing (a seed and its generations when the loop feeds itself).

    ``suspects`` is a whole number up to ``MAX_PEOPLE`` (10^12, the widest stage a plan may
    need): a number typed beyond it is ``out_of_range``, not a page that cannot be drawn.
    """
    inputs = plan.inputs
    if calc.read_count(suspects, "suspects") > MAX_PEOPLE:
        raise FunnelInputError("suspects", "out_of_range", high=Decimal(MAX_PEOPLE))
    if plan.seed is not None:
        people = calc.read_count(suspects, "suspects")
        rates = calc.read_rates(inputs.rates)
        per_reference = calc.read_non_negative(_zero(inputs.leads_per_reference),
                                               "leads_per_reference")
        found = seed.generations(people, rates, per_reference, plan.timing)
        counts, arrivals = seed.totals(found), seed.entries(found, plan.timing)["customer"]
    else:
        counts = calc.forward(suspects, 1, inputs.rates, _zero(inputs.leads_per_reference)
                              ).counts
        if plan.monthly is None:
            return counts, Fraction(0)
        arrivals = pacing.spread_evenly(counts["customer"], plan.first_customer_month,
                                        plan.entry_months)
    return counts, sum(pacing.revenue_by_month(arrivals, plan.tie, plan.timing))


def plan_csv(
    plan: Plan,
    stage_names: Mapping[str, str],
    headers: Mapping[str, str],
    month_header: Callable[[int], str],
) -> str:
    """The plan as CSV for a spreadsheet: one row per stage, numbers unformatted.

    Columns: stage, rate from the stage above (%), total for the period, per month (unless
    the period is a month), then the new entries of each month of the pacing (when the
    period allows pacing); a last row holds the revenue of each month when it is paced.
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
    if months and "revenue" in headers:
        writer.writerow([headers["revenue"], "", _plain(plan.revenue),
                         *([""] if per_month else []),
                         *(_plain(month.revenue) for month in months)])
    return out.getvalue()


def _plain(amount: Fraction) -> str:
    """Money for a spreadsheet: two decimals, no grouping."""
    return f"{fraction_as_decimal(amount):.2f}"


# --- sentences ---------------------------------------------------------------------------------


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


def lever_name(key: str, language: str) -> str:
    """A lever as the page names it: a rate's two stages, or the amount's label."""
    if key in RATE_KEYS:
        return rate_label(key, language)
    return i18n.t(language, f"funnel.levers.name.{key}")


def lever_value(key: str, value: Fraction, currency: str, language: str) -> str:
    """A lever's value as the page shows it: a percentage, money or a plain number."""
    if key in RATE_KEYS or key == "churn":
        return format_percent(fraction_as_decimal(value), language)
    if key in ("deal_value", "monthly_fee"):
        return format_money(fraction_as_decimal(value), currency, language)
    return format_number(fraction_as_decimal(value), language, digits=2)


def lever_sentence(plan: Plan, language: str) -> str | None:
    """The biggest levers worded, in money from the same suspects; ties said as ties.

    None when no lever brings money.  Example (:data:`DEFAULT_INPUTS`, English): "Tied as
    the biggest lever: Suspect → Lead, Lead → Prospect, Prospect → Customer and deal value:
    10% more of any of them brings €10,000 more a year from the same 8,000 suspects. One
    point more brings the most on Suspect → Lead (10% → 11%): €10,000."
    """
    top = biggest(plan.levers)
    if not top:
        return None
    inputs = plan.inputs
    money = format_money(fraction_as_decimal(top[0].tenth.gain), inputs.currency, language)
    common = {"gain": money, "suspects": format_integer(plan.counts["suspect"], language),
              "period": i18n.t(language, f"funnel.period_phrase.{inputs.period}")}
    if len(top) == 1:
        lever = top[0]
        sentence = i18n.t(language, "funnel.levers.biggest", lever=lever_name(lever.key, language),
                          now=lever_value(lever.key, lever.now, inputs.currency, language),
                          new=lever_value(lever.key, lever.tenth.value, inputs.currency,
                                          language), **common)
    else:
        names = [lever_name(lever.key, language) for lever in top]
        sentence = i18n.t(language, "funnel.levers.tied",
                          levers=format_list(names, locale=locale_of(language)), **common)
    points = best_points(plan.levers)
    if len(points) == 1:
        lever = points[0]
        sentence += " " + i18n.t(
            language, "funnel.levers.best_point", lever=lever_name(lever.key, language),
            now=lever_value(lever.key, lever.now, inputs.currency, language),
            new=lever_value(lever.key, lever.point.value, inputs.currency, language),
            gain=format_money(fraction_as_decimal(lever.point.gain), inputs.currency, language))
    return sentence
