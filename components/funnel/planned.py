"""A scenario's plan and its input problems, worked out once per set of inputs per process.

The funnel page reads its form on every rerun and plans what was submitted: finding every
bad field (:func:`~components.funnel.plan.input_problems` tries the plan again per bad
field) and then the plan itself (pacing, the bow tie's revenue, the levers: each lever
replans with one input moved) cost about two thirds of the page's rerun at 200 items, for
inputs that change only when someone submits the form.  A plan depends on its inputs alone,
so it is kept by their exact value (the ``repr`` of the frozen inputs: decimals and
fractions as written, the rate and cycle mappings in the form's fixed order) and shared by
everyone looking at the same scenario.

Worked example: thirty people open the "Expected" scenario: the first rerun plans it, the
other twenty-nine (and every later rerun of theirs) find it; someone submits a churn of 0.12
instead of 0.1: new inputs, planned once more.
"""

from __future__ import annotations

from components.board.cache import Shelf
from components.errors import Problem
from components.funnel.plan import Plan, PlanInputs, input_problems, make_plan

#: Plans kept per process (scenarios open at the moment, and the inputs just tried).
PLANS_KEPT = 256

_plans = Shelf(PLANS_KEPT)


def planned(inputs: PlanInputs) -> tuple[dict[str, Problem], Plan | None]:
    """The input problems by field (a new dict: the caller may add to it) and the plan,
    ``None`` when a field is bad."""
    problems, plan = _plans.get(repr(inputs), lambda: _plan(inputs))
    return dict(problems), plan


def _plan(inputs: PlanInputs) -> tuple[dict[str, Problem], Plan | None]:
    problems = input_problems(inputs)
    return problems, None if problems else make_plan(inputs)
