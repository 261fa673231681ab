"""A persona's worth-it verdict as the progress page and the report say it: pure, no streamlit.

:func:`judge` weighs the progress the persona's metrics have reached against the worth
record (the arithmetic is :mod:`components.progress.worth`); the sentence functions word the
result in the verdict's own currency and period ("€35.00 a month").

Worked example (the coffee example's office worker, per month): full progress worth €60.00,
85.3 % of it reached, price €35.00, 0.25 h at €24.00 and a 5 % chance of losing €20.00:
:func:`verdict_sentence` "Clearly worth it. A benefit of €51.15 a month against a cost of
€42.00 a month."; :func:`break_even_sentence` "Worth it at a price up to €44.15 a month
(break-even); clearly worth it up to €35.62."; :func:`lever_sentence` names what alone would
end "clearly worth it": a price above €35.62 a month, more than 0.27 h of their time, …
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from components import i18n
from components.board.model import Board, Worth
from components.formatting import format_money, format_number, format_percent
from components.progress.view import MetricView, scored
from components.progress.worth import (
    Forces,
    Lever,
    Tipping,
    WorthInputs,
    WorthIt,
    cents,
    levers,
    switch_forces,
    tipping_metric,
)

__all__ = ["Judgement", "break_even_sentence", "cost_sentence", "default_currency", "judge",
           "lever_sentence", "money", "switch_sentence", "verdict_sentence", "worth_of",
           "worth_summary"]


def worth_of(board: Board, persona: str | None) -> Worth | None:
    """The persona's worth record (one per persona; the first if a file holds more)."""
    return next((worth for worth in board.worth if worth.persona == persona), None)


def default_currency(board: Board) -> str:
    """The currency a new worth record starts in: that of the board's first funnel scenario,
    else euros."""
    return board.scenarios[0].currency if board.scenarios else "EUR"


@dataclass(frozen=True)
class Judgement:
    """Worth-it verdict of one persona: what it weighs, the verdict, what would tip it, the
    metric that moves it most, and the forces of switching.

    ``inputs``, ``verdict`` and ``tipping`` are None without a metric of weight above 0 (the
    progress reached is unknown); ``levers`` is then empty.
    """

    worth: Worth
    inputs: WorthInputs | None
    verdict: WorthIt | None
    levers: tuple[Lever, ...]
    tipping: Tipping | None
    forces: Forces

    @property
    def fraction(self) -> float | None:
        return None if self.inputs is None else float(self.inputs.reached)


def judge(views: Sequence[MetricView], worth: Worth) -> Judgement:
    """Benefit = value × progress reached, against price, effort and risk, for one persona."""
    rows = scored(views)
    forces = switch_forces(worth.push, worth.pull, worth.anxiety, worth.habit)
    total = sum((Fraction(row["weight"]) for row in rows), Fraction(0))
    if total == 0:
        return Judgement(worth, None, None, (), None, forces)
    reached = sum((Fraction(row["weight"]) * Fraction(str(row["fraction"])) for row in rows),
                  Fraction(0)) / total
    inputs = WorthInputs.of(worth.value, min(reached, Fraction(1)), worth.price,
                            worth.effort_hours, worth.hour_value, worth.risk_chance,
                            worth.risk_loss)
    return Judgement(worth, inputs, inputs.verdict(), levers(inputs),
                     tipping_metric(rows, inputs), forces)


# --- words ------------------------------------------------------------------------------------

def money(amount: Decimal, worth: Worth, language: str, *, per_period: bool = True) -> str:
    """An amount in the verdict's currency, "a month" after it unless ``per_period`` is off."""
    text = format_money(amount, worth.currency, language)
    return i18n.t(language, f"progress.per.{worth.period}", amount=text) if per_period else text


def verdict_sentence(judgement: Judgement, language: str,
                     escape: Callable[[str], str] = str) -> str:
    """"Clearly worth it. A benefit of €51.15 a month against a cost of €42.00 a month."
    The verdict is in Markdown bold; ``escape`` makes the amounts safe for it ("$" starts
    a formula in Streamlit's Markdown)."""
    verdict, worth = judgement.verdict, judgement.worth
    return i18n.t(language, f"progress.worth.verdict_{verdict.verdict}",
                  benefit=escape(money(verdict.benefit, worth, language)),
                  cost=escape(money(verdict.cost, worth, language)))


def cost_sentence(judgement: Judgement, language: str) -> str:
    """How benefit and cost are made up, with the numbers."""
    verdict, worth, inputs = judgement.verdict, judgement.worth, judgement.inputs
    plain = {"per_period": False}
    return i18n.t(
        language, "progress.worth.how",
        value=money(worth.value, worth, language), reached=_percent(inputs.reached, language),
        price=money(worth.price, worth, language, **plain),
        hours=_hours(inputs.hours, language),
        hour_value=money(worth.hour_value, worth, language, **plain),
        effort=money(verdict.effort, worth, language, **plain),
        chance=_percent(inputs.chance, language),
        loss=money(worth.risk_loss, worth, language, **plain),
        risk=money(verdict.risk, worth, language, **plain))


def break_even_sentence(judgement: Judgement, language: str) -> str:
    """The price that still pays off: "Worth it at a price up to €44.15 a month (break even);
    clearly worth it up to €35.63."  Or that no price does."""
    verdict, worth = judgement.verdict, judgement.worth
    if verdict.break_even is None:
        return i18n.t(language, "progress.worth.no_price")
    if verdict.clearly_up_to is None:
        return i18n.t(language, "progress.worth.break_even_only",
                      price=money(verdict.break_even, worth, language))
    return i18n.t(language, "progress.worth.break_even",
                  price=money(verdict.break_even, worth, language),
                  clearly=money(verdict.clearly_up_to, worth, language, per_period=False))


def lever_sentence(judgement: Judgement, language: str) -> str:
    """What else would tip the verdict: each lever alone, and the metric that moves it most.

    Clearly worth it: what alone would end that ("a price above €35.63, …").  Otherwise:
    what alone would make it clearly worth it ("a price of at most €21.40, …"), or that no
    single change does.
    """
    verdict = judgement.verdict
    holding = verdict.verdict == "clearly_above"
    items = [_lever_text(lever, judgement, language, holding) for lever in judgement.levers]
    tipping = judgement.tipping
    if tipping is not None and not holding:
        items.append(i18n.t(language, "progress.lever.metric", metric=tipping.name,
                            verdict=i18n.t(language,
                                           f"progress.worth.short_{tipping.after.verdict}")))
    if not items:
        return i18n.t(language, "progress.lever.none")
    key = "progress.lever.ends" if holding else "progress.lever.makes"
    return i18n.t(language, key, levers="; ".join(items))


def _lever_text(lever: Lever, judgement: Judgement, language: str, holding: bool) -> str:
    """One lever worded: limit and today's value.  Limits are rounded so that they still hold
    ("at most" down, "at least" up)."""
    worth = judgement.worth
    at_most = lever.bound == "at_most"
    if lever.name in ("price", "value"):
        limit = money(cents(lever.limit, "down" if at_most else "up"), worth, language)
        now = money(cents(lever.now), worth, language, per_period=False)
    elif lever.name == "effort_hours":
        limit = _hours(Fraction(math.floor(lever.limit * 100), 100), language)
        now = _hours(lever.now, language)
    else:  # a share: the chance, the progress reached
        rounded = (math.floor if at_most else math.ceil)(lever.limit * 1000)
        limit = _percent(Fraction(rounded, 1000), language)
        now = _percent(lever.now, language)
    side = ("past" if holding else "within")
    return i18n.t(language, f"progress.lever.{lever.name}_{side}", limit=limit, now=now,
                  period=i18n.t(language, f"progress.period.{worth.period}"))


def _hours(hours: Fraction, language: str) -> str:
    return i18n.t(language, "progress.worth.hours", hours=format_number(float(hours), language, 2))


def _percent(share: Fraction, language: str) -> str:
    return format_percent(float(share), language)


def switch_sentence(forces: Forces, language: str) -> str:
    """Whether the customer will likely switch, with the forces for and against it, worded.

    Example: push 4, pull 3, anxiety 2, habit 2 -> "Switch likely: push and pull (7) outweigh
    anxiety and habit (4)."
    """
    return i18n.t(language, "progress.worth.switch_likely" if forces.likely
                  else "progress.worth.switch_unlikely",
                  toward=format_number(forces.push + forces.pull, language),
                  against=format_number(forces.anxiety + forces.habit, language))


def worth_summary(judgement: Judgement, language: str) -> str:
    """The verdict in one paragraph for the report: verdict, break-even, what tips it, and
    whether they will switch."""
    switch = switch_sentence(judgement.forces, language)
    verdict = judgement.verdict
    if verdict is None:
        return f"{i18n.t(language, 'report.progress.no_verdict')} {switch}"
    worth = judgement.worth
    text = i18n.t(language, "report.progress.verdict",
                  verdict=i18n.t(language, f"progress.worth.short_{verdict.verdict}"),
                  benefit=money(verdict.benefit, worth, language),
                  cost=money(verdict.cost, worth, language),
                  reached=_percent(judgement.inputs.reached, language))
    return " ".join((text, break_even_sentence(judgement, language),
                     lever_sentence(judgement, language), switch))
