"""The customer funnel in six stages (seed 004): how many people each stage needs.

Stages, top to bottom: suspect -> lead -> prospect -> customer -> consumption -> reference.
Five conversion rates link neighbouring stages (``RATE_KEYS``).  All arithmetic is exact
(``fractions.Fraction``) on the decimal values given, so ``ceil(21 / 0.7)`` is 30, never the
31 a binary float would give.  Counts of people are whole numbers: going *up* the funnel they
are rounded up (you need a whole extra person to be sure of the one below), going *down* they
are rounded down (a fraction of a person does not buy or recommend).

Back-computing from a revenue target (``back_compute``)::

    customer       = ceil(target_revenue / revenue_per_customer)
    prospect       = ceil(customer / prospect_to_customer)
    lead           = ceil(prospect / lead_to_prospect)
    consumption    = floor(customer * customer_to_consumption)
    reference      = floor(consumption * consumption_to_reference)
    referral_leads = floor(reference * leads_per_reference)
    suspect        = ceil(max(lead - referral_leads, 0) / suspect_to_lead)

``lead`` stays the total: referral leads only save suspects.

Worked example (the contract's): target 100,000, revenue per customer 1,000, rates
0.1 / 0.25 / 0.5 / 0.8 / 0.1, no referrals::

    customer    = ceil(100000 / 1000) = 100
    prospect    = ceil(100 / 0.5)     = 200
    lead        = ceil(200 / 0.25)    = 800
    suspect     = ceil(800 / 0.1)     = 8000
    consumption = floor(100 * 0.8)    = 80
    reference   = floor(80 * 0.1)     = 8

With ``leads_per_reference=5`` the 8 references bring 40 leads, so only 760 leads must come
from suspects: ``suspect = ceil(760 / 0.1) = 7600``.

The module also runs the funnel forwards (``forward``), paces a period's totals month by month
(``pace``), ranks which rate is the biggest lever (``sensitivity``) and reads the rates off
counts actually seen (``observed_rates``).

Every bad input raises ``FunnelInputError`` (a ``ValueError``) whose ``field`` names the input
(``rates.suspect_to_lead``) and whose ``reason`` is a short code a page can translate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from components.errors import Problem
from components.numbers import Number, exact, non_negative, positive, whole

STAGES = ("suspect", "lead", "prospect", "customer", "consumption", "reference")
RATE_KEYS = (
    "suspect_to_lead",
    "lead_to_prospect",
    "prospect_to_customer",
    "customer_to_consumption",
    "consumption_to_reference",
)
DAYS_PER_MONTH = 30

# Rates that may be 0: a funnel without references is a valid plan, one without leads is not.
_RATES_ALLOWING_ZERO = frozenset({"consumption_to_reference"})
# Stages a person leaves after a cycle time; a reference is the last stage and goes nowhere.
_STAGES_WITH_CYCLE = STAGES[:-1]
# Cycle times needed to know when the first customer arrives; the later ones default to 0 days.
STAGES_BEFORE_CUSTOMER = ("suspect", "lead", "prospect")


Reason = Literal[
    "missing",  # a required value is absent (or None)
    "not_a_number",  # not a finite number: text, bool, NaN, infinity
    "not_a_whole_number",  # a count of people, or of months, with a fractional part
    "negative",  # below 0 where 0 is the smallest sensible value
    "not_positive",  # 0 or below where only a positive value makes sense
    "out_of_range",  # a rate outside (0, 1] (or [0, 1] where 0 is allowed)
    "unknown",  # a key that is not a funnel stage
    "lead_time_too_long",  # the way from suspect to customer does not fit in the period
    "grows_down_funnel",  # more people in a stage than in the one above it
]


class FunnelInputError(Problem):
    """A funnel input that cannot be used, named so that a page can point at it.

    ``field`` is the input's name as a path (``rates.lead_to_prospect``, ``actuals.customer``),
    ``code`` one of the ``Reason`` codes; sentences under ``funnel.problem`` (a field may have
    its own: ``funnel.problem.<field>.<code>``).
    """

    catalog = "funnel.problem"


@dataclass(frozen=True)
class ForwardResult:
    """What a number of suspects yields: people per stage (``STAGES`` order) and revenue."""

    counts: dict[str, int]
    revenue: Fraction


@dataclass(frozen=True)
class MonthPlan:
    """New entries per stage (``STAGES`` order) in one month of the period, month 1 first."""

    month: int
    entries: dict[str, int]


@dataclass(frozen=True)
class Lever:
    """How many suspects a better rate saves: the answer to 'where should we improve first?'."""

    rate_key: str
    new_rate: Fraction
    suspects_before: int
    suspects_after: int
    suspects_saved: int


# --- reading inputs --------------------------------------------------------------------------


def _to_fraction(value: object, field: str) -> Fraction:
    return exact(value, field, FunnelInputError)


def _non_negative(value: object, field: str) -> Fraction:
    """A number that may be 0 but not below (amounts, days, leads per reference)."""
    return non_negative(value, field, FunnelInputError)


def _positive(value: object, field: str) -> Fraction:
    """A number that must be above 0 (revenue per customer, the improvement step)."""
    return positive(value, field, FunnelInputError)


def _whole_count(value: object, field: str) -> int:
    """A non-negative whole number of people: 8000 or 8000.0, never 7999.5."""
    return whole(value, field, FunnelInputError)


def _rates(rates: Mapping[str, object]) -> dict[str, Fraction]:
    """The five rates, each checked against its range; keys other than ``RATE_KEYS`` ignored."""
    if not isinstance(rates, Mapping):
        raise FunnelInputError("rates", "not_a_number")
    checked = {}
    for key in RATE_KEYS:
        field = f"rates.{key}"
        if rates.get(key) is None:
            raise FunnelInputError(field, "missing")
        rate = _to_fraction(rates[key], field)
        if key in _RATES_ALLOWING_ZERO:
            if not 0 <= rate <= 1:
                raise FunnelInputError(field, "out_of_range")
        elif not 0 < rate <= 1:
            raise FunnelInputError(field, "out_of_range")
        checked[key] = rate
    return checked


# --- back-computing from a target ------------------------------------------------------------


def back_compute(
    target_revenue: Number,
    revenue_per_customer: Number,
    rates: Mapping[str, Number],
    leads_per_reference: Number = 0,
) -> dict[str, int]:
    """People needed per stage to reach ``target_revenue``; keys in ``STAGES`` order.

    See the module docstring for the formulas.  Referral leads come from the references of
    the same plan (a steady state: this period's references bring as many leads as last
    period's did), so they reduce the suspects needed, never below 0.
    """
    target = _non_negative(target_revenue, "target_revenue")
    per_customer = _positive(revenue_per_customer, "revenue_per_customer")
    rate = _rates(rates)
    per_reference = _non_negative(leads_per_reference, "leads_per_reference")

    customer = math.ceil(target / per_customer)
    prospect = math.ceil(customer / rate["prospect_to_customer"])
    lead = math.ceil(prospect / rate["lead_to_prospect"])
    consumption = math.floor(customer * rate["customer_to_consumption"])
    reference = math.floor(consumption * rate["consumption_to_reference"])
    referral_leads = math.floor(reference * per_reference)
    suspect = math.ceil(max(lead - referral_leads, 0) / rate["suspect_to_lead"])
    return {
        "suspect": suspect,
        "lead": lead,
        "prospect": prospect,
        "customer": customer,
        "consumption": consumption,
        "reference": reference,
    }


def revenue_per_customer(
    deal_value: Number = 0, monthly_fee: Number = 0, paying_months: Number = 0
) -> Fraction:
    """Revenue one customer brings in the period: ``deal_value + monthly_fee * paying_months``.

    Seed 004's design service sells one-off orders and monthly fees; both count.  A result of
    0 would make every target unreachable, so it is refused here, where the person can see why.
    """
    deal = _non_negative(deal_value, "deal_value")
    fee = _non_negative(monthly_fee, "monthly_fee")
    months = _non_negative(paying_months, "paying_months")
    revenue = deal + fee * months
    if revenue <= 0:
        raise FunnelInputError("revenue_per_customer", "not_positive")
    return revenue


# --- running the funnel forwards -------------------------------------------------------------


def forward(
    suspects: Number,
    revenue_per_customer: Number,
    rates: Mapping[str, Number],
    leads_per_reference: Number = 0,
) -> ForwardResult:
    """What ``suspects`` people in the target group yield, stage by stage, and the revenue.

    Each stage is ``floor(stage above * rate)``.  Referral leads are counted once: the
    references won from the suspects' own leads bring ``floor(references * leads_per_reference)``
    extra leads, ``lead = floor(suspects * suspect_to_lead) + referral_leads``, and the stages
    below are computed from that total.  The customers those referral leads become do not in
    turn bring more leads in the same period (no loop, so no runaway when leads_per_reference
    is large).  That makes this a cautious estimate: without referrals ``forward`` of
    ``back_compute``'s suspects always reaches the target; with referrals it can fall a few
    customers short, because ``back_compute`` assumes every customer's references bring leads.
    """
    people = _whole_count(suspects, "suspects")
    per_customer = _positive(revenue_per_customer, "revenue_per_customer")
    rate = _rates(rates)
    per_reference = _non_negative(leads_per_reference, "leads_per_reference")

    direct_leads = math.floor(people * rate["suspect_to_lead"])
    references_from_direct = _funnel_below_lead(direct_leads, rate)["reference"]
    referral_leads = math.floor(references_from_direct * per_reference)
    counts = {"suspect": people, "lead": direct_leads + referral_leads}
    counts |= _funnel_below_lead(counts["lead"], rate)
    return ForwardResult(counts=counts, revenue=counts["customer"] * per_customer)


def _funnel_below_lead(leads: int, rate: Mapping[str, Fraction]) -> dict[str, int]:
    """Prospects down to references from a number of leads, rounding down at each stage."""
    prospect = math.floor(leads * rate["lead_to_prospect"])
    customer = math.floor(prospect * rate["prospect_to_customer"])
    consumption = math.floor(customer * rate["customer_to_consumption"])
    reference = math.floor(consumption * rate["consumption_to_reference"])
    return {
        "prospect": prospect,
        "customer": customer,
        "consumption": consumption,
        "reference": reference,
    }


# --- pacing over the months of the period ----------------------------------------------------


def first_customer_month(cycle_days: Mapping[str, Number]) -> int:
    """The month (1 = the first of the period) in which the first customers arrive.

    A suspect who enters in month 1 becomes a customer ``ceil(days to customer / 30)`` months
    later, so nothing can be sold before this month however hard the team works.
    """
    return 1 + _months_to_reach(cycle_days)["customer"]


def pace(
    counts: Mapping[str, Number], cycle_days: Mapping[str, Number], months: int
) -> list[MonthPlan]:
    """New entries per stage in each month 1..``months`` needed to reach ``counts`` in time.

    Model (a funnel that starts empty at the beginning of the period):

    - ``cycle_days[stage]`` is the average number of days a person spends in ``stage`` before
      moving to the next one.  ``suspect``, ``lead`` and ``prospect`` are required;
      ``customer`` (days to consumption) and ``consumption`` (days to becoming a reference)
      default to 0.
    - A person who enters as suspect in month m reaches stage k in month ``m + offset[k]``,
      ``offset[k] = ceil(days from suspect to k / 30)`` (rounded up on the running total, so
      short steps are not each rounded up to a whole month).
    - Every customer must arrive inside the period, so suspects can only usefully enter in
      months ``1 .. E`` with ``E = months - offset[customer]``; ``E < 1`` raises
      ``FunnelInputError`` on ``cycle_days``.
    - Each stage's total is spread evenly over its own E months ``1 + offset[k] .. E +
      offset[k]``, the remainder going to the earliest months (front-loaded: better early
      than late).  Suspects, leads, prospects and customers thus sum to their totals.
    - Consumption and references that arrive only after the period ends are not listed, so
      those two stages can sum to less than their totals when their cycle times are long.

    Worked example: the contract's totals 8000 / 800 / 200 / 100 / 80 / 8 over 12 months,
    cycle days suspect 30, lead 14, prospect 45, customer 30, consumption 90.  The running
    totals 30 / 44 / 89 / 119 / 209 days give offsets lead 1, prospect 2, customer 3,
    consumption 4, reference 7; E = 12 - 3 = 9, the first customers arrive in month 4.
    Suspects: 8000 / 9 = 888 rest 8, so 889 in months 1-8 and 888 in month 9.  Customers:
    100 / 9 = 11 rest 1, so 12 in month 4 and 11 in months 5-12.  Consumption: 9 a month in
    months 5-12 (72; the last 8 come in month 13).  References: 1 a month in months 8-12
    (5 of the 8).
    """
    period = _whole_count(months, "months")
    if period == 0:
        raise FunnelInputError("months", "not_positive")
    totals = {stage: _whole_count(counts.get(stage), f"counts.{stage}") for stage in STAGES}
    offset = _months_to_reach(cycle_days)
    entry_months = period - offset["customer"]
    if entry_months < 1:
        raise FunnelInputError("cycle_days", "lead_time_too_long", months=offset["customer"],
                               period=period)
    spread = {
        stage: _spread_evenly(totals[stage], 1 + offset[stage], entry_months) for stage in STAGES
    }
    return [
        MonthPlan(month=month, entries={stage: spread[stage].get(month, 0) for stage in STAGES})
        for month in range(1, period + 1)
    ]


def _months_to_reach(cycle_days: Mapping[str, Number]) -> dict[str, int]:
    """Whole months from entering as suspect to reaching each stage (``offset`` in ``pace``)."""
    if not isinstance(cycle_days, Mapping):
        raise FunnelInputError("cycle_days", "not_a_number")
    for key in cycle_days:
        if key not in _STAGES_WITH_CYCLE:
            raise FunnelInputError(f"cycle_days.{key}", "unknown")
    days = {}
    for stage in _STAGES_WITH_CYCLE:
        field = f"cycle_days.{stage}"
        if stage in STAGES_BEFORE_CUSTOMER and cycle_days.get(stage) is None:
            raise FunnelInputError(field, "missing")
        days[stage] = _non_negative(cycle_days.get(stage, 0), field)
    offsets = {"suspect": 0}
    elapsed = Fraction(0)
    for stage, next_stage in itertools.pairwise(STAGES):
        elapsed += days[stage]
        offsets[next_stage] = math.ceil(elapsed / DAYS_PER_MONTH)
    return offsets


def _spread_evenly(total: int, first_month: int, width: int) -> dict[int, int]:
    """``total`` split over ``width`` months from ``first_month``, remainder to the earliest."""
    share, rest = divmod(total, width)
    return {first_month + i: share + (1 if i < rest else 0) for i in range(width)}


# --- which rate to improve -------------------------------------------------------------------


def sensitivity(
    target_revenue: Number,
    revenue_per_customer: Number,
    rates: Mapping[str, Number],
    leads_per_reference: Number = 0,
    improvement: Number = Fraction(1, 10),
) -> list[Lever]:
    """Each rate improved by ``improvement`` (relative, capped at 1), biggest saving first.

    Finding more suspects is usually the dearest way to grow; this shows which stage's
    conversion, made 10 % better, spares the most of them.  Ties keep ``RATE_KEYS`` order.
    The two rates after the sale only matter through referral leads, so without referrals
    their saving is 0.
    """
    step = _positive(improvement, "improvement")
    rate = _rates(rates)
    before = back_compute(target_revenue, revenue_per_customer, rate, leads_per_reference)
    levers = []
    for key in RATE_KEYS:
        new_rate = min(rate[key] * (1 + step), Fraction(1))
        after = back_compute(
            target_revenue, revenue_per_customer, rate | {key: new_rate}, leads_per_reference
        )
        levers.append(
            Lever(
                rate_key=key,
                new_rate=new_rate,
                suspects_before=before["suspect"],
                suspects_after=after["suspect"],
                suspects_saved=before["suspect"] - after["suspect"],
            )
        )
    return sorted(levers, key=lambda lever: -lever.suspects_saved)


# --- learning from what actually happened ----------------------------------------------------


def observed_rates(actual_counts: Mapping[str, Number | None]) -> dict[str, Fraction | None]:
    """Conversion rates seen in actual counts per stage, keys in ``RATE_KEYS`` order.

    A stage that is absent or ``None`` was not measured; a rate touching it is ``None``, and so
    is a rate whose upper stage is 0 (nothing to convert).  More people in a stage than in
    the nearest measured stage above it means the counts mix periods or definitions, so it
    raises ``FunnelInputError`` naming the lower stage, e.g. ``actuals.customer``.
    """
    for key in actual_counts:
        if key not in STAGES:
            raise FunnelInputError(f"actuals.{key}", "unknown")
    counts = {
        stage: None
        if actual_counts.get(stage) is None
        else _whole_count(actual_counts[stage], f"actuals.{stage}")
        for stage in STAGES
    }
    _check_shrinks_down(counts)
    return {
        key: _share(counts[upper], counts[lower])
        for key, (upper, lower) in zip(RATE_KEYS, itertools.pairwise(STAGES), strict=True)
    }


def _share(above: int | None, below: int | None) -> Fraction | None:
    """``below / above``, or ``None`` when either is unknown or there was nobody to convert."""
    if above is None or below is None or above == 0:
        return None
    return Fraction(below, above)


def _check_shrinks_down(counts: Mapping[str, int | None]) -> None:
    """Raise if a measured stage holds more people than the nearest measured stage above it."""
    above_stage = None
    for stage in STAGES:
        if counts[stage] is None:
            continue
        if above_stage is not None and counts[stage] > counts[above_stage]:
            raise FunnelInputError(f"actuals.{stage}", "grows_down_funnel", above=above_stage)
        above_stage = stage
