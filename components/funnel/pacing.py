"""Pacing: when people enter each stage and when their revenue comes in, month by month.

Two situations, both explicit (``SITUATIONS``):

- **ramp-up** (``ramp_up``): the funnel starts empty at the beginning of the period.  A person
  who enters as suspect in month m reaches stage k in month ``m + offset[k]``, ``offset[k] =
  ceil(days from suspect to k / 30)`` (rounded up on the running total of ``cycle_days``, so
  short steps are not each rounded up to a whole month).  Customers can only arrive in months
  ``1 + offset[customer] .. months``: that is ``E = months - offset[customer]`` entry months,
  and every stage is spread evenly over its own E months from ``1 + offset[k]``.
- **steady state** (``steady``): an ongoing business whose pipeline is already full.  People
  entered before the period began, so every stage, customers included, is spread evenly over
  all months ``1 .. months``.

Spreading evenly puts the remainder in the earliest months (better early than late), so the
busiest month holds ``ceil(total / width)``: that is the page's "per month".

Revenue is counted when it comes in (:mod:`.bowtie`):

- ramp-up: ``revenue(t) = existing(t) + sum over close months m <= t of customers(m) *
  stream(t - m)``; the customers needed are the fewest whose revenue by the end of the period
  reaches the target, ``target - sum(existing)`` being what new customers must bring;
- steady state: earlier customers still order and pay, so each month brings ``customers *
  lifetime_value / months`` and the customers needed are ``ceil(target / lifetime_value)``
  (the contract's ``back_compute`` with the lifetime value as revenue per customer).

Worked example (the contract's totals 8000 / 800 / 200 / 100 / 80 / 8 over 12 months, ramp-up,
cycle days suspect 30, lead 14, prospect 45, customer 30, consumption 90): the running totals
30 / 44 / 89 / 119 / 209 days give offsets lead 1, prospect 2, customer 3, consumption 4,
reference 7; E = 9 and the first customers arrive in month 4.  Suspects: 8000 / 9 = 888 rest
8, so 889 in months 1-8 and 888 in month 9 (per month 889).  Customers: 12 in month 4 and 11
in months 5-12.  With one-off deals of 1,000 the revenue is 12,000 in month 4 and 11,000 a
month after: 100,000 by month 12.  In steady state the same plan needs 667 suspects a month
(8000 / 12) and 9 customers a month from month 1.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from components.funnel.bowtie import (
    Bowtie,
    existing_revenue,
    lifetime_value,
    stream,
    value_by_close,
)
from components.funnel.calc import STAGES, FunnelInputError, read_count, read_non_negative

SITUATIONS = ("ramp_up", "steady")
Situation = Literal["ramp_up", "steady"]
DAYS_PER_MONTH = 30
#: Months of a plan's period.
PERIOD_MONTHS = {"year": 12, "quarter": 3, "month": 1}
# Stages a person leaves after a cycle time; a reference is the last stage and goes nowhere.
CYCLE_STAGES = STAGES[:-1]
# Cycle times needed to know when the first customer arrives; the later ones default to 0 days.
STAGES_BEFORE_CUSTOMER = ("suspect", "lead", "prospect")


@dataclass(frozen=True)
class Timing:
    """The period, the situation and the months from entering as suspect to each stage."""

    months: int
    situation: Situation
    offsets: dict[str, int]

    @property
    def steady(self) -> bool:
        return self.situation == "steady"

    @property
    def first_customer_month(self) -> int:
        """The month the first customers arrive: 1 in steady state, later from empty."""
        return 1 if self.steady else 1 + self.offsets["customer"]

    @property
    def entry_months(self) -> int:
        """``E``: how many months each stage receives people (below 1: none in the period)."""
        return self.months if self.steady else self.months - self.offsets["customer"]

    @property
    def consumption_delay(self) -> int:
        """Months from a customer's close to its first month of consumption."""
        return self.offsets["consumption"] - self.offsets["customer"]

    def first_month(self, stage: str) -> int:
        """The first month in which ``stage`` receives people."""
        return 1 if self.steady else 1 + self.offsets[stage]


@dataclass(frozen=True)
class MonthPlan:
    """New entries per stage (``STAGES`` order) and the revenue that comes in, one month."""

    month: int
    entries: dict[str, int]
    revenue: Fraction


def timing(cycle_days: Mapping[str, object], months: int, situation: str) -> Timing:
    """Checked cycle times of a period of ``months`` in ``situation`` (``SITUATIONS``)."""
    period = read_count(months, "months")
    if period == 0:
        raise FunnelInputError("months", "not_positive")
    if situation not in SITUATIONS:
        raise FunnelInputError("situation", "unknown")
    if not isinstance(cycle_days, Mapping):
        raise FunnelInputError("cycle_days", "not_a_number")
    for key in cycle_days:
        if key not in CYCLE_STAGES:
            raise FunnelInputError(f"cycle_days.{key}", "unknown")
    offsets = {"suspect": 0}
    elapsed = Fraction(0)
    for stage, next_stage in itertools.pairwise(STAGES):
        field = f"cycle_days.{stage}"
        if stage in STAGES_BEFORE_CUSTOMER and cycle_days.get(stage) is None:
            raise FunnelInputError(field, "missing")
        elapsed += read_non_negative(cycle_days.get(stage, 0), field)
        offsets[next_stage] = math.ceil(elapsed / DAYS_PER_MONTH)
    return Timing(period, situation, offsets)  # type: ignore[arg-type]


def check_entry(timing: Timing) -> None:
    """Raise ``lead_time_too_long`` on ``cycle_days`` when no customer fits in the period."""
    if timing.entry_months < 1:
        raise FunnelInputError("cycle_days", "lead_time_too_long",
                               months=timing.offsets["customer"], count=timing.months)


def spread_evenly(total: int, first_month: int, width: int) -> dict[int, int]:
    """``total`` split over ``width`` months from ``first_month``, remainder to the earliest.

    Example: ``spread_evenly(100, 4, 9)`` -> 12 in month 4, 11 in months 5-12.
    """
    share, rest = divmod(total, width)
    return {first_month + i: share + (1 if i < rest else 0) for i in range(width)}


def entries_by_month(counts: Mapping[str, int], timing: Timing) -> dict[str, dict[int, int]]:
    """Each stage's total spread over its entry months (some may lie after the period)."""
    check_entry(timing)
    return {stage: spread_evenly(counts[stage], timing.first_month(stage), timing.entry_months)
            for stage in STAGES}


def revenue_by_month(arrivals: Mapping[int, int], tie: Bowtie, timing: Timing
                     ) -> tuple[Fraction, ...]:
    """Revenue in months 1 .. ``timing.months`` from customers closing as ``arrivals`` says.

    ``arrivals`` maps a close month to its new customers.  Ramp-up adds the existing
    customers' revenue; steady state spreads ``customers * lifetime_value`` evenly.
    """
    if timing.steady:
        monthly = sum(arrivals.values()) * lifetime_value(tie) / timing.months
        return (monthly,) * timing.months
    flow = stream(tie, timing.months)
    revenue = list(existing_revenue(tie, timing.months))
    for close, customers in arrivals.items():
        for month in range(close, timing.months + 1):
            revenue[month - 1] += customers * flow[month - close]
    return tuple(revenue)


def customers_needed(target: Fraction, tie: Bowtie, timing: Timing) -> int | None:
    """The fewest new customers whose revenue, counted when it comes in, reaches ``target``.

    None when no customer won in the period brings revenue inside it (ramp-up with a lead
    time as long as the period, or fees that only start after it): the target cannot be
    reached in the period, whatever the funnel does.
    """
    if timing.steady:
        return math.ceil(target / lifetime_value(tie))
    need = target - sum(existing_revenue(tie, timing.months))
    if need <= 0:
        return 0
    if timing.entry_months < 1:
        return None
    first, width = timing.first_customer_month, timing.entry_months
    values = value_by_close(tie, timing.months)[first - 1:]
    whole = sum(values)
    if whole == 0:
        return None
    # n = q * width + r customers put q in every month and one more in the first r months.
    rounds = max(math.floor(need / whole) - 1, 0)
    while True:
        gained = rounds * whole
        for extra in range(width + 1):
            if gained + sum(values[:extra]) >= need:
                return rounds * width + extra
        rounds += 1


def reached_month(revenue: tuple[Fraction, ...], target: Fraction) -> int | None:
    """The first month by whose end the revenue adds up to ``target`` (None: not in the period)."""
    total = Fraction(0)
    for month, amount in enumerate(revenue, start=1):
        total += amount
        if total >= target:
            return month
    return None


def first_revenue_month(tie: Bowtie, timing: Timing) -> int:
    """The month new customers first bring money: their close, or their first month of use."""
    if tie.deal_value:
        return timing.first_customer_month
    return timing.first_customer_month + timing.consumption_delay


def month_plans(entries: Mapping[str, Mapping[int, int]], revenue: tuple[Fraction, ...]
                ) -> tuple[MonthPlan, ...]:
    """One ``MonthPlan`` per month of the period from entries per stage and revenue."""
    return tuple(MonthPlan(month, {stage: entries[stage].get(month, 0) for stage in STAGES},
                           amount)
                 for month, amount in enumerate(revenue, start=1))
