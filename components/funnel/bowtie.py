"""The bowtie: what a customer brings after the sale, month by month (seed 004's consumption).

Seed 004 adds *consumption* to the funnel because only customers who use what they bought
come back, keep paying and recommend us.  The funnel narrows down to the sale; after it, the
bowtie widens again with the revenue of consuming customers:

- the **first order**, ``deal_value``, comes in at the close (month 0 of the customer);
- a share ``consumption`` of the customers (the rate customer -> consumption) consume,
  starting ``delay`` months after the close; each of them in its k-th month of use spends::

      spend(k) = r**k * (monthly_fee * term(k) + deal_value * repeat_orders / 12)
      r        = (1 - churn) * (1 + expansion)
      term(k)  = 1 while the fee is paid (``paying_months``, 0 = until the customer leaves),
                 the part of the last month, then 0

  ``repeat_orders`` are further orders a year, at the deal value; ``churn`` is the share of
  consuming customers who leave each month; ``expansion`` the monthly growth of what a
  remaining consuming customer spends (upgrades, more seats, bigger orders);
- so one customer's stream, j months after its close, is::

      stream(j) = deal_value * [j == 0] + consumption * spend(j - delay) * [j >= delay]

- ``existing`` consuming customers at the start of a ramp-up (an ongoing business's base)
  spend ``r**(t-1) * (monthly_fee + deal_value * repeat_orders / 12)`` in month t.

A customer's **lifetime value** is the sum of its whole stream, ``deal_value + consumption *
sum(spend(k))``; it is finite only when consuming customers leave (churn above 0, or a fee
term without repeat orders, and ``r`` below 1 for open-ended spending).  Its **orders per
customer** are ``1 + consumption * repeat_orders / 12 * sum((1 - churn)**k)``.

Worked example (alpha-board, seed 004): deal value 2,500, 60% consume from the month of the
order, 3 repeat orders a year, 10% of consuming firms leave each month::

    spend(k)       = 0.9**k * 2500 * 3 / 12 = 625 * 0.9**k
    lifetime value = 2500 + 0.6 * 625 / (1 - 0.9) = 2500 + 3750 = 6250
    orders         = 1 + 0.6 * 0.25 / 0.1       = 2.5 per customer firm

so 200 customer firms bring 1.25 million over their time with us.  Inside a year, a firm won
in month 12 brings only ``stream(0) = 2500 + 0.6 * 625 = 2875``; :mod:`.pacing` counts that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from components.funnel.calc import (
    FunnelInputError,
    read_count,
    read_non_negative,
    read_share,
)
from components.numbers import Number

MONTHS_PER_YEAR = 12
# A fee term is a contract's length; beyond a century the exact powers of r become huge.
MAX_PAYING_MONTHS = 1200


@dataclass(frozen=True)
class Bowtie:
    """What customers bring after the sale; see the module docstring for each field."""

    deal_value: Fraction = Fraction(0)
    repeat_orders: Fraction = Fraction(0)
    monthly_fee: Fraction = Fraction(0)
    paying_months: Fraction = Fraction(0)
    churn: Fraction = Fraction(0)
    expansion: Fraction = Fraction(0)
    consumption: Fraction = Fraction(1)
    delay: int = 0
    existing: int = 0

    @property
    def retention(self) -> Fraction:
        """``r``: what a consuming customer's spend keeps from one month to the next."""
        return (1 - self.churn) * (1 + self.expansion)

    @property
    def repeat_spend(self) -> Fraction:
        """Repeat orders' revenue per consuming customer and month, before churn."""
        return self.deal_value * self.repeat_orders / MONTHS_PER_YEAR


def bowtie(deal_value: Number = 0, repeat_orders: Number = 0, monthly_fee: Number = 0,
           paying_months: Number = 0, churn: Number = 0, expansion: Number = 0,
           consumption: Number = 1, delay: int = 0, existing: Number = 0) -> Bowtie:
    """A checked ``Bowtie``; each bad value raises ``FunnelInputError`` naming its field.

    A customer who brings nothing, not even a first order or a fee, makes every target
    unreachable: that is refused on ``revenue_per_customer``.
    """
    months = read_non_negative(paying_months, "paying_months")
    if months > MAX_PAYING_MONTHS:
        raise FunnelInputError("paying_months", "out_of_range", high=MAX_PAYING_MONTHS)
    result = Bowtie(
        deal_value=read_non_negative(deal_value, "deal_value"),
        repeat_orders=read_non_negative(repeat_orders, "repeat_orders"),
        monthly_fee=read_non_negative(monthly_fee, "monthly_fee"),
        paying_months=months,
        churn=read_share(churn, "churn"),
        expansion=read_share(expansion, "expansion"),
        consumption=read_share(consumption, "rates.customer_to_consumption"),
        delay=read_count(delay, "cycle_days.customer"),
        existing=read_count(existing, "existing_customers"),
    )
    if result.deal_value == 0 and result.monthly_fee == 0:
        raise FunnelInputError("revenue_per_customer", "not_positive")
    return result


def spend(tie: Bowtie, month_of_use: int) -> Fraction:
    """``spend(k)``: what one consuming customer spends in its k-th month of use (0 first)."""
    fee = tie.monthly_fee * _term(tie.paying_months, month_of_use)
    return tie.retention ** month_of_use * (fee + tie.repeat_spend)


def _term(paying_months: Fraction, month_of_use: int) -> Fraction:
    """Share of month ``month_of_use`` in which the fee is still paid (0 months: no end)."""
    if paying_months == 0:
        return Fraction(1)
    return min(Fraction(1), max(Fraction(0), paying_months - month_of_use))


def stream(tie: Bowtie, months: int) -> tuple[Fraction, ...]:
    """``stream(j)`` for j = 0 .. months-1: one customer's revenue in each month from its close.

    Example (the module's): ``stream(alpha, 2)`` -> (2875, 337.5), i.e. 2500 + 0.6 * 625 in
    the month of the order and 0.6 * 625 * 0.9 the month after.
    """
    return tuple(
        (tie.deal_value if j == 0 else Fraction(0))
        + (tie.consumption * spend(tie, j - tie.delay) if j >= tie.delay else Fraction(0))
        for j in range(months)
    )


def value_by_close(tie: Bowtie, months: int) -> tuple[Fraction, ...]:
    """What a customer closing in month m = 1 .. months brings by the end of month ``months``.

    ``value(m) = stream(0) + … + stream(months - m)``: the later the close, the less of the
    stream falls inside the period.
    """
    values = []
    total = Fraction(0)
    for amount in stream(tie, months):
        total += amount
        values.append(total)
    return tuple(reversed(values))


def existing_revenue(tie: Bowtie, months: int) -> tuple[Fraction, ...]:
    """The existing consuming customers' revenue in months 1 .. ``months`` (no fee term:
    they are already under way)."""
    monthly = tie.existing * (tie.monthly_fee + tie.repeat_spend)
    return tuple(monthly * tie.retention ** k for k in range(months))


def lifetime_value(tie: Bowtie) -> Fraction:
    """A customer's whole stream: ``deal_value + consumption * sum of spend(k)`` (module).

    Raises ``FunnelInputError`` on ``churn`` (code ``never_leave``) when the sum has no end:
    repeat orders, or a fee without a term, from customers who never leave.
    """
    r = tie.retention
    fee_months = _discounted_months(r, tie.paying_months, tie.monthly_fee)
    repeat_months = _discounted_months(r, Fraction(0), tie.repeat_spend)
    return (tie.deal_value + tie.consumption * (tie.monthly_fee * fee_months
                                                + tie.repeat_spend * repeat_months))


def _discounted_months(r: Fraction, term: Fraction, amount: Fraction) -> Fraction:
    """``sum(r**k * term(k))`` over all k, for an ``amount`` that is spent (0 if it is not)."""
    if amount == 0:
        return Fraction(0)
    if term == 0:
        if r >= 1:
            raise FunnelInputError("churn", "never_leave")
        return 1 / (1 - r)
    whole_months = math.floor(term)
    full = Fraction(whole_months) if r == 1 else (1 - r ** whole_months) / (1 - r)
    return full + (term - whole_months) * r ** whole_months


def orders_per_customer(tie: Bowtie) -> Fraction | None:
    """Orders one customer places over its time with us: ``1 + consumption * repeat_orders /
    12 * sum((1 - churn)**k)``; None when consuming customers order forever (churn 0)."""
    if tie.repeat_orders == 0:
        return Fraction(1)
    if tie.churn == 0:
        return None
    return 1 + tie.consumption * tie.repeat_orders / MONTHS_PER_YEAR / tie.churn
