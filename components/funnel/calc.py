"""The customer funnel in six stages (seed 004): how many people each stage needs.

Stages, top to bottom: suspect -> lead -> prospect -> customer -> consumption -> reference.
Five conversion rates link neighbouring stages (``RATE_KEYS``).  All arithmetic is exact
(``fractions.Fraction``) on the decimal values given, so ``ceil(21 / 0.7)`` is 30, never the
31 a binary float would give.  Counts of people are whole numbers: going *up* the funnel they
are rounded up (you need a whole extra person to be sure of the one below), going *down* they
are rounded down (a fraction of a person does not buy or recommend).

Back-computing from a revenue target without referrals (``back_compute``, the contract's)::

    customer    = ceil(target_revenue / revenue_per_customer)
    prospect    = ceil(customer / prospect_to_customer)
    lead        = ceil(prospect / lead_to_prospect)
    suspect     = ceil(lead / suspect_to_lead)
    consumption = floor(customer * customer_to_consumption)
    reference   = floor(consumption * consumption_to_reference)

Worked example (the contract's): target 100,000, revenue per customer 1,000, rates
0.1 / 0.25 / 0.5 / 0.8 / 0.1 -> 8000 / 800 / 200 / 100 / 80 / 8.

Referrals are one loop, the same in both directions.  ``forward`` solves it: the suspects'
direct leads ``floor(suspects * suspect_to_lead)`` bring references, every reference brings
``leads_per_reference`` leads, and those leads bring references too::

    lead_0     = floor(suspects * suspect_to_lead)
    lead_(i+1) = lead_0 + floor(reference(lead_i) * leads_per_reference)

repeated until nothing moves, where ``reference(leads)`` runs the stages below lead rounding
down.  ``back_compute`` with referrals returns the fewest suspects whose ``forward`` reaches
the customers needed, with the other stages as that ``forward`` gives them.  Example: the
contract's rates with 5 leads per reference need 7650 suspects: 765 direct leads bring 7
references and 35 referral leads (800 leads), those bring 8 references and 40 referral
leads (805 leads, 201 prospects, 100 customers), and then nothing moves; 7640 suspects stop
at 799 leads and 99 customers.

The loop converges while one lead brings less than one new lead through references: its
*gain* ``leads_per_reference * lead_to_prospect * prospect_to_customer *
customer_to_consumption * consumption_to_reference`` is below 1.  At 1 or more the funnel
feeds itself and grows without end; both functions then raise ``FunnelInputError`` on
``leads_per_reference`` (code ``self_sustaining``) instead of inventing leads from nowhere:
such a funnel needs a seed and time, see :mod:`components.funnel.seed`.

Every bad input raises ``FunnelInputError`` (a ``ValueError``) whose ``field`` names the input
(``rates.suspect_to_lead``) and whose ``code`` is a short word a page can translate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

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
# Rates that may be 0: a funnel without references is a valid plan, one without leads is not.
_RATES_ALLOWING_ZERO = frozenset({"consumption_to_reference"})


class FunnelInputError(Problem):
    """A funnel input that cannot be used, named so that a page can point at it.

    ``field`` is the input's name as a path (``rates.lead_to_prospect``, ``actuals.customer``),
    ``code`` a short word (``missing``, ``not_a_number``, ``out_of_range``,
    ``self_sustaining`` …); sentences under ``funnel.problem`` (a field may have its own:
    ``funnel.problem.<field>.<code>``).
    """

    catalog = "funnel.problem"


@dataclass(frozen=True)
class ForwardResult:
    """What a number of suspects yields: people per stage (``STAGES`` order) and revenue."""

    counts: dict[str, int]
    revenue: Fraction


# --- reading inputs --------------------------------------------------------------------------


def read_non_negative(value: object, field: str) -> Fraction:
    """A number that may be 0 but not below (amounts, days, leads per reference)."""
    return non_negative(value, field, FunnelInputError)


def read_positive(value: object, field: str) -> Fraction:
    """A number that must be above 0 (revenue per customer)."""
    return positive(value, field, FunnelInputError)


def read_count(value: object, field: str) -> int:
    """A non-negative whole number of people: 8000 or 8000.0, never 7999.5."""
    return whole(value, field, FunnelInputError)


def read_share(value: object, field: str) -> Fraction:
    """A share from 0 to 1 (churn, expansion): ``out_of_range`` outside."""
    share = exact(value, field, FunnelInputError)
    if not 0 <= share <= 1:
        raise FunnelInputError(field, "out_of_range")
    return share


def read_rates(rates: Mapping[str, object]) -> dict[str, Fraction]:
    """The five rates, each checked against its range; keys other than ``RATE_KEYS`` ignored."""
    if not isinstance(rates, Mapping):
        raise FunnelInputError("rates", "not_a_number")
    checked = {}
    for key in RATE_KEYS:
        field = f"rates.{key}"
        if rates.get(key) is None:
            raise FunnelInputError(field, "missing")
        rate = exact(rates[key], field, FunnelInputError)
        low_ok = rate >= 0 if key in _RATES_ALLOWING_ZERO else rate > 0
        if not (low_ok and rate <= 1):
            raise FunnelInputError(field, "out_of_range")
        checked[key] = rate
    return checked


# --- the referral loop -----------------------------------------------------------------------


def loop_gain(rates: Mapping[str, Fraction], leads_per_reference: Fraction) -> Fraction:
    """New leads one lead brings through references: the loop feeds itself at 1 or more.

    Example: 2 leads per reference at 0.25 / 0.5 / 0.6 / 0.1 below lead give 0.015.
    """
    return (leads_per_reference * rates["lead_to_prospect"] * rates["prospect_to_customer"]
            * rates["customer_to_consumption"] * rates["consumption_to_reference"])


def check_loop(rates: Mapping[str, Fraction], leads_per_reference: Fraction) -> None:
    """Raise ``self_sustaining`` on ``leads_per_reference`` when the loop feeds itself."""
    if loop_gain(rates, leads_per_reference) >= 1:
        raise FunnelInputError("leads_per_reference", "self_sustaining")


def below_lead(leads: int, rates: Mapping[str, Fraction]) -> dict[str, int]:
    """Prospects down to references from a number of leads, rounding down at each stage."""
    prospect = math.floor(leads * rates["lead_to_prospect"])
    customer = math.floor(prospect * rates["prospect_to_customer"])
    consumption = math.floor(customer * rates["customer_to_consumption"])
    reference = math.floor(consumption * rates["consumption_to_reference"])
    return {"prospect": prospect, "customer": customer, "consumption": consumption,
            "reference": reference}


def _solve_loop(direct_leads: int, rates: Mapping[str, Fraction],
                leads_per_reference: Fraction) -> dict[str, int]:
    """Leads and the stages below once the referral loop stops moving (gain below 1)."""
    leads = direct_leads
    while True:
        below = below_lead(leads, rates)
        more = direct_leads + math.floor(below["reference"] * leads_per_reference)
        if more == leads:
            return {"lead": leads, **below}
        leads = more


# --- back-computing from a target ------------------------------------------------------------


def back_compute(
    target_revenue: Number,
    revenue_per_customer: Number,
    rates: Mapping[str, Number],
    leads_per_reference: Number = 0,
) -> dict[str, int]:
    """People needed per stage to reach ``target_revenue``; keys in ``STAGES`` order.

    See the module docstring for the formulas; with referrals the suspects are the fewest
    whose ``forward`` reaches the customers needed.
    """
    target = read_non_negative(target_revenue, "target_revenue")
    per_customer = read_positive(revenue_per_customer, "revenue_per_customer")
    rate = read_rates(rates)
    per_reference = read_non_negative(leads_per_reference, "leads_per_reference")
    check_loop(rate, per_reference)

    customer = math.ceil(target / per_customer)
    prospect = math.ceil(customer / rate["prospect_to_customer"])
    lead = math.ceil(prospect / rate["lead_to_prospect"])
    suspect = math.ceil(lead / rate["suspect_to_lead"])
    if per_reference == 0 or customer == 0:
        consumption = math.floor(customer * rate["customer_to_consumption"])
        return {"suspect": suspect, "lead": lead, "prospect": prospect, "customer": customer,
                "consumption": consumption,
                "reference": math.floor(consumption * rate["consumption_to_reference"])}
    # Without referrals ``suspect`` is enough; referrals only add leads, and forward grows
    # with the suspects: the fewest that still reach ``customer`` lie in 0 .. suspect.
    low, high = 0, suspect
    while low < high:
        middle = (low + high) // 2
        if _forward_counts(middle, rate, per_reference)["customer"] >= customer:
            high = middle
        else:
            low = middle + 1
    return _forward_counts(high, rate, per_reference)


# --- running the funnel forwards -------------------------------------------------------------


def forward(
    suspects: Number,
    revenue_per_customer: Number,
    rates: Mapping[str, Number],
    leads_per_reference: Number = 0,
) -> ForwardResult:
    """What ``suspects`` people in the target group yield, stage by stage, and the revenue.

    Each stage is ``floor(stage above * rate)``; referral leads come from the references of
    all leads, the loop solved until nothing moves (module docstring).  Forward of
    ``back_compute``'s suspects reaches the target, with or without referrals.
    """
    people = read_count(suspects, "suspects")
    per_customer = read_positive(revenue_per_customer, "revenue_per_customer")
    rate = read_rates(rates)
    per_reference = read_non_negative(leads_per_reference, "leads_per_reference")
    check_loop(rate, per_reference)
    counts = _forward_counts(people, rate, per_reference)
    return ForwardResult(counts=counts, revenue=counts["customer"] * per_customer)


def _forward_counts(suspects: int, rates: Mapping[str, Fraction],
                    leads_per_reference: Fraction) -> dict[str, int]:
    direct = math.floor(suspects * rates["suspect_to_lead"])
    return {"suspect": suspects, **_solve_loop(direct, rates, leads_per_reference)}


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
        else read_count(actual_counts[stage], f"actuals.{stage}")
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
