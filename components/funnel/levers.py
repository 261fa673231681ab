"""Levers: what a better rate or amount brings in money, from the same suspects.

"Where should we improve first?" is answered in money, not in suspects: with the plan's
suspects fixed, each lever is moved on its own and the revenue of the period is computed
again.  Rounding people to whole numbers would make equal levers look different (three
pre-sale rates 10 % better once "saved" 727, 720 and 720 suspects), so this module works on
the exact expected flows:

    customers = suspects * suspect_to_lead * lead_to_prospect * prospect_to_customer
                / (1 - gain)                         (gain: ``calc.loop_gain``, the referrals)
    money     = customers * lifetime_value           (steady state)
              = existing + customers * mean(value)   (ramp-up: ``value_by_close`` over the
                                                      months customers can close in)

Each lever is moved twice: **one point** (a rate + 0.01, churn - 0.01; rates stay within 0
and 1) and **10 %** of itself (a rate, an amount, repeat orders or leads per reference times
1.1, churn times 0.9).  ``gain`` is the money it adds; None when the answer has no end (the
referral loop would feed itself, or customers would never leave).  Levers whose current value
is 0 (no fee, no referrals) are left out, except the rates.

Worked example (the contract's plan: 8000 suspects, one-off deals of 1,000, rates 10 / 25 /
50 / 80 / 10 %, ramp-up): customers = 8000 * 0.1 * 0.25 * 0.5 = 100, money 100,000.  10 %
more of suspect -> lead, lead -> prospect, prospect -> customer or of the deal value each bring
10,000: a four-way tie.  One point more brings 10,000 on suspect -> lead (10 -> 11 %), 4,000
on lead -> prospect and 2,000 on prospect -> customer: levers differ when rates differ.  The
two rates after the sale bring nothing here (no repeat orders, fees or referrals).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from components.funnel.bowtie import Bowtie, existing_revenue, lifetime_value, value_by_close
from components.funnel.calc import RATE_KEYS, FunnelInputError, loop_gain
from components.funnel.pacing import Timing

AMOUNT_KEYS = ("deal_value", "monthly_fee", "repeat_orders", "leads_per_reference")
LEVER_KEYS = (*RATE_KEYS, "churn", *AMOUNT_KEYS)
POINT = Fraction(1, 100)
TENTH = Fraction(1, 10)


@dataclass(frozen=True)
class Funnel:
    """What the money of a period depends on: suspects, rates, referrals, bowtie, timing."""

    suspects: int
    rates: Mapping[str, Fraction]
    leads_per_reference: Fraction
    tie: Bowtie
    timing: Timing


@dataclass(frozen=True)
class Step:
    """One move of a lever: its new value and the money it adds (None: no end to it)."""

    value: Fraction
    gain: Fraction | None


@dataclass(frozen=True)
class Lever:
    """A rate or amount, its value now, one point better (rates only) and 10 % better."""

    key: str
    now: Fraction
    point: Step | None
    tenth: Step


def money(funnel: Funnel) -> Fraction | None:
    """Expected revenue of the period from ``funnel.suspects`` (module docstring).

    None when it has no end: the referral loop feeds itself, or customers never leave.
    """
    rates = funnel.rates
    gain = loop_gain(rates, funnel.leads_per_reference)
    if gain >= 1:
        return None
    customers = (funnel.suspects * rates["suspect_to_lead"] * rates["lead_to_prospect"]
                 * rates["prospect_to_customer"] / (1 - gain))
    timing = funnel.timing
    if timing.steady:
        try:
            return customers * lifetime_value(funnel.tie)
        except FunnelInputError:
            return None
    values = value_by_close(funnel.tie, timing.months)[timing.first_customer_month - 1:]
    existing = sum(existing_revenue(funnel.tie, timing.months))
    return existing + customers * sum(values) / len(values)


def value_of(funnel: Funnel, key: str) -> Fraction:
    """The lever ``key``'s current value in ``funnel``."""
    if key in RATE_KEYS:
        return funnel.rates[key]
    if key == "leads_per_reference":
        return funnel.leads_per_reference
    return getattr(funnel.tie, key)


def moved(funnel: Funnel, key: str, value: Fraction) -> Funnel:
    """``funnel`` with lever ``key`` set to ``value`` (customer -> consumption is both a rate
    and the bowtie's consuming share)."""
    if key in RATE_KEYS:
        tie = (replace(funnel.tie, consumption=value) if key == "customer_to_consumption"
               else funnel.tie)
        return replace(funnel, rates={**funnel.rates, key: value}, tie=tie)
    if key == "leads_per_reference":
        return replace(funnel, leads_per_reference=value)
    return replace(funnel, tie=replace(funnel.tie, **{key: value}))


def levers(funnel: Funnel) -> tuple[Lever, ...]:
    """Every lever of ``funnel``, the biggest 10 % gain first (ties: the bigger point gain,
    then ``LEVER_KEYS`` order; levers without an end last)."""
    base = money(funnel)
    if base is None:
        return ()
    found = []
    for key in LEVER_KEYS:
        now = value_of(funnel, key)
        if now == 0 and key not in RATE_KEYS:
            continue
        point = None
        if key in RATE_KEYS:
            point = _step(funnel, key, min(now + POINT, Fraction(1)), base)
        elif key == "churn":
            point = _step(funnel, key, max(now - POINT, Fraction(0)), base)
        better = now * (1 - TENTH) if key == "churn" else now * (1 + TENTH)
        if key in RATE_KEYS:
            better = min(better, Fraction(1))
        found.append(Lever(key, now, point, _step(funnel, key, better, base)))
    return tuple(sorted(found, key=_rank))


def _step(funnel: Funnel, key: str, value: Fraction, base: Fraction) -> Step:
    after = money(moved(funnel, key, value))
    return Step(value, None if after is None else after - base)


def _rank(lever: Lever) -> tuple:
    tenth = lever.tenth.gain
    point = lever.point.gain if lever.point and lever.point.gain is not None else Fraction(0)
    return (tenth is None, -(tenth or 0), -point, LEVER_KEYS.index(lever.key))


def biggest(found: tuple[Lever, ...]) -> tuple[Lever, ...]:
    """The levers tied for the biggest 10 % gain (empty when none brings money)."""
    if not found or not found[0].tenth.gain:
        return ()
    top = found[0].tenth.gain
    return tuple(lever for lever in found if lever.tenth.gain == top)


def best_points(found: tuple[Lever, ...]) -> tuple[Lever, ...]:
    """The rates tied for the biggest one-point gain (empty when none brings money)."""
    gains = [lever.point.gain for lever in found
             if lever.point is not None and lever.point.gain]
    if not gains:
        return ()
    top = max(gains)
    return tuple(lever for lever in found if lever.point is not None
                 and lever.point.gain == top)
