"""Cost: what the plan costs, what winning one customer costs, and whether the budget holds.

Reverse-funnel calculators put a price on every stage: reaching a suspect (advertising, a
trade fair), handling a lead, writing an offer for a prospect, closing and onboarding a
customer.  With a cost per person for each of those stages (``COST_STAGES``)::

    plan cost         = sum(people at stage * cost per person at stage)
    cost per customer = plan cost / customers          (the customer acquisition cost)
    left              = budget - plan cost             (below 0: over the budget)
    customers bought  = floor(budget / cost per customer)

Worked example (the contract's plan 8000 / 800 / 200 / 100, a suspect costing 2, a lead 10
and an offer 50, budget 30,000): 16,000 + 8,000 + 10,000 = 34,000, so 340 per customer; that
is 4,000 over the budget, which pays for 88 customers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from components.funnel.calc import read_non_negative

COST_STAGES = ("suspect", "lead", "prospect", "customer")


@dataclass(frozen=True)
class Cost:
    """The plan's cost; the budget's parts are None when no budget was given."""

    total: Fraction
    per_customer: Fraction | None
    budget: Fraction | None
    left: Fraction | None
    customers_bought: int | None

    @property
    def given(self) -> bool:
        """Whether any cost or a budget was entered (else there is nothing to say)."""
        return bool(self.total) or self.budget is not None


def plan_cost(counts: Mapping[str, int], costs: Mapping[str, object],
              budget: object | None) -> Cost:
    """The cost of ``counts`` at ``costs`` per person and stage, against ``budget``.

    Each cost is read as an amount (field ``costs.<stage>``); a missing one counts as 0.
    """
    total = sum((counts[stage] * read_non_negative(costs.get(stage) or 0, f"costs.{stage}")
                 for stage in COST_STAGES), Fraction(0))
    per_customer = total / counts["customer"] if counts["customer"] and total else None
    if budget is None:
        return Cost(total, per_customer, None, None, None)
    money = read_non_negative(budget, "budget")
    bought = math.floor(money / per_customer) if per_customer else None
    return Cost(total, per_customer, money, money - total, bought)
