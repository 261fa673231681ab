"""Plans kept by their inputs: the same inputs plan once, what a caller adds stays theirs."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from components.funnel import planned as planned_module
from components.funnel.plan import DEFAULT_INPUTS, make_plan
from components.funnel.planned import planned


def test_the_same_inputs_are_planned_once_and_give_the_plan_of_make_plan(monkeypatch):
    calls = []
    real = planned_module.make_plan
    monkeypatch.setattr(planned_module, "make_plan", lambda inputs: calls.append(1) or real(inputs))
    inputs = replace(DEFAULT_INPUTS, target_revenue=Decimal("123457"))
    first = planned(inputs)
    again = planned(replace(DEFAULT_INPUTS, target_revenue=Decimal("123457")))
    assert (first[0], len(calls)) == ({}, 1)
    assert again[1] is first[1]
    assert first[1].counts == make_plan(inputs).counts


def test_bad_inputs_give_their_problems_and_each_caller_its_own_dict():
    inputs = replace(DEFAULT_INPUTS, target_revenue=Decimal("-5"))
    problems, plan = planned(inputs)
    assert (list(problems), plan) == (["target_revenue"], None)
    problems["name"] = "a caller's own problem"
    assert list(planned(inputs)[0]) == ["target_revenue"]
