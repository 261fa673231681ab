"""The seed a self-sustaining referral loop needs, generation by generation.

When one lead brings one new lead or more through references (``calc.loop_gain`` of 1 or
more) the funnel feeds itself: ``back_compute`` and ``forward`` refuse it, because without
time such a loop grows without end.  With time it does not: referral leads come only after
their referrers have bought, used and recommended.  So a ramp-up starts from a **seed** of
suspects in month 1, and each generation of leads brings the next one
``G = max(1, offset[reference] - offset[lead])`` months later (:mod:`.pacing`)::

    lead_0     = floor(seed * suspect_to_lead)                 entering in month 1 + offset[lead]
    lead_(k+1) = floor(reference(lead_k) * leads_per_reference)   G months after lead_k

Every generation runs the stages below lead rounding down; generation k's customers arrive
in month ``1 + offset[customer] + k * G`` and only generations whose customers arrive inside
the period count.  The seed needed is the fewest suspects whose generations' revenue, counted
when it comes in, reaches the target.

Worked example: rates 10 / 50 / 50 / 100 / 100 %, 5 leads per reference (gain 1.25), one-off
deals of 1,000, 12 months, cycle days 30 / 30 / 30 / 0 / 30: offsets lead 1, customer 3,
reference 4, G = 3; generations 0, 1 and 2 arrive as customers in months 4, 7 and 10.  A
seed of 1,000 suspects gives 100 leads, 25 customers and 25 references in generation 0, then
125 leads and 31 customers, then 155 leads and 38 customers: 94 customers, 94,000 by month
12.  A target of 100,000 needs a seed of 1,080 suspects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from components.funnel.bowtie import Bowtie, existing_revenue, value_by_close
from components.funnel.calc import STAGES, below_lead
from components.funnel.pacing import Timing, check_entry, revenue_by_month


@dataclass(frozen=True)
class Generation:
    """One generation of leads from a seed: its counts per stage and when its leads enter."""

    index: int
    lead_month: int
    counts: dict[str, int]


def generation_months(timing: Timing) -> int:
    """``G``: months from one generation of leads to the next (at least one)."""
    return max(1, timing.offsets["reference"] - timing.offsets["lead"])


def generations(seed: int, rates: Mapping[str, Fraction], leads_per_reference: Fraction,
                timing: Timing) -> tuple[Generation, ...]:
    """The generations of a ``seed`` of suspects whose customers arrive inside the period."""
    check_entry(timing)
    step = generation_months(timing)
    result = []
    leads = math.floor(seed * rates["suspect_to_lead"])
    index = 0
    while timing.first_customer_month + index * step <= timing.months and leads:
        below = below_lead(leads, rates)
        result.append(Generation(index, 1 + timing.offsets["lead"] + index * step,
                                 {"suspect": seed if index == 0 else 0, "lead": leads, **below}))
        leads = math.floor(below["reference"] * leads_per_reference)
        index += 1
    return tuple(result)


def totals(found: tuple[Generation, ...]) -> dict[str, int]:
    """People per stage over all generations (``STAGES`` order)."""
    return {stage: sum(generation.counts[stage] for generation in found) for stage in STAGES}


def entries(found: tuple[Generation, ...], timing: Timing) -> dict[str, dict[int, int]]:
    """New people per stage and month: generation k reaches stage s in month
    ``lead_month + offset[s] - offset[lead]`` (the seed's suspects in month 1)."""
    result: dict[str, dict[int, int]] = {stage: {} for stage in STAGES}
    for generation in found:
        for stage in STAGES:
            month = (1 if stage == "suspect" else generation.lead_month
                     + timing.offsets[stage] - timing.offsets["lead"])
            count = generation.counts[stage]
            if count:
                result[stage][month] = result[stage].get(month, 0) + count
    return result


def seed_revenue(seed: int, rates: Mapping[str, Fraction], leads_per_reference: Fraction,
                 tie: Bowtie, timing: Timing) -> Fraction:
    """Revenue by the end of the period from ``seed`` suspects and their generations."""
    found = generations(seed, rates, leads_per_reference, timing)
    return sum(revenue_by_month(entries(found, timing)["customer"], tie, timing))


def seed_needed(target: Fraction, rates: Mapping[str, Fraction], leads_per_reference: Fraction,
                tie: Bowtie, timing: Timing) -> int | None:
    """The fewest seed suspects whose generations bring ``target`` by the end of the period.

    None when no seed can: nobody who closes inside the period brings revenue inside it.
    """
    check_entry(timing)
    if target <= sum(existing_revenue(tie, timing.months)):
        return 0
    if value_by_close(tie, timing.months)[timing.first_customer_month - 1] == 0:
        return None
    high = 1
    while seed_revenue(high, rates, leads_per_reference, tie, timing) < target:
        high *= 2
    low = high // 2
    while low < high:
        middle = (low + high) // 2
        if seed_revenue(middle, rates, leads_per_reference, tie, timing) >= target:
            high = middle
        else:
            low = middle + 1
    return high
