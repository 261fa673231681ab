"""Cost: of the plan, of one customer, against the budget."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from components.funnel.cost import plan_cost
from components.funnel.plan import DEFAULT_INPUTS, input_problems, make_plan

COUNTS = {"suspect": 8000, "lead": 800, "prospect": 200, "customer": 100, "consumption": 80,
          "reference": 8}
COSTS = {"suspect": 2, "lead": 10, "prospect": 50}


def test_the_docstrings_worked_example():
    cost = plan_cost(COUNTS, COSTS, 30000)
    assert (cost.total, cost.per_customer) == (34000, 340)
    assert (cost.left, cost.customers_bought) == (-4000, 88)


def test_without_a_budget_only_the_cost_is_known():
    cost = plan_cost(COUNTS, {"lead": "12.5"}, None)
    assert (cost.total, cost.per_customer, cost.left) == (10000, 100, None)
    assert cost.given and not plan_cost(COUNTS, {}, None).given


def test_the_plan_carries_its_cost():
    plan = make_plan(replace(DEFAULT_INPUTS, costs={**DEFAULT_INPUTS.costs, "customer": 150},
                             budget=Decimal(20000)))
    assert plan.cost.total == 15000 and plan.cost.left == 5000
    assert plan.cost.per_customer == Fraction(150)


@pytest.mark.parametrize(("change", "field"), [
    ({"costs": {**DEFAULT_INPUTS.costs, "lead": Decimal(-1)}}, "costs.lead"),
    ({"budget": "lots"}, "budget"),
])
def test_bad_costs_are_named(change, field):
    assert list(input_problems(replace(DEFAULT_INPUTS, **change))) == [field]
