"""Is it worth it?  The benefit must clearly outweigh the price (seed 000), in money per period.

Pure Python (no streamlit).  Inputs are read exactly (``components.numbers``); money comes out
as :class:`decimal.Decimal` rounded half-up to cents, while verdicts and limits are decided on
the exact values.  Bad inputs raise :class:`~components.progress.score.ProgressInputError`
naming the field.

The customer gives up more than the price: their own time and trouble, and what they stand to
lose when it goes wrong.  Each is a cost of its own, in the period's currency — never a share
of the price (a free product that takes a day a week is not free)::

    benefit = value of full progress × progress reached           (reached 0..1)
    effort  = hours of the customer's time per period × value of an hour
    risk    = chance per period that it goes wrong × what they lose then
    cost    = price + effort + risk
    verdict = clearly_above  if benefit >= 1.2 × cost (and benefit > 0)
              close          if benefit >= 0.8 × cost
              below          otherwise

The price that still pays off follows from the same line: the **break-even price** is
``benefit - effort - risk`` (benefit equals cost), the highest price that is still clearly
worth it ``benefit / 1.2 - effort - risk``.  :func:`levers` solves the same inequality for
each input alone: the price, hours, chance, value or progress at which the verdict becomes
(or stays) clearly worth it.

Worked example (the coffee buyer, per month): full progress is worth €60.00, 665/780 ≈ 85.3 %
of it is reached, the flat rate costs €35.00, keeping it up takes 0.25 h at €24.00 (€6.00)
and there is a 5 % chance of losing €20.00 (€1.00).  Benefit 60 × 665/780 = €51.15, cost
€42.00, ratio 1.22: clearly worth it.  Break-even at a price of 51.15 - 7 = €44.15; clearly
worth it up to 51.15 / 1.2 - 7 = €35.62 (limits are rounded down to cents).

Forces of switching — :func:`switch_forces`: push, pull, anxiety, habit rated 0..10;
``margin = (push + pull) - (anxiety + habit)`` and a switch is ``likely`` when it is above 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from components.board.bounds import MAX_HOURS, MAX_MONEY
from components.board.records import field_of
from components.numbers import Number, in_range, non_negative
from components.progress.score import ProgressInputError

__all__ = [
    "CLEARLY",
    "CLOSE",
    "VERDICTS",
    "Forces",
    "Lever",
    "Tipping",
    "WorthInputs",
    "WorthIt",
    "cents",
    "levers",
    "switch_forces",
    "tipping_metric",
    "worth_it",
]

#: Verdicts from worst to best.
VERDICTS: tuple[str, str, str] = ("below", "close", "clearly_above")
#: Clearly worth it from this multiple of the cost; close from :data:`CLOSE`.
CLEARLY = Fraction(6, 5)
CLOSE = Fraction(4, 5)


def _money(value: Any, field: str) -> Fraction:
    return non_negative(value, field, ProgressInputError)


def _share(value: Any, field: str) -> Fraction:
    return in_range(value, 0, 1, field, ProgressInputError)


def cents(value: Fraction, rounding: str = "half_up") -> Decimal:
    """An amount in cents: rounded half away from zero, or ``down``/``up`` (towards minus or
    plus infinity: a limit "at most" is rounded down, "at least" up, so it still holds)."""
    if rounding == "down":
        return Decimal(math.floor(value * 100)).scaleb(-2)
    if rounding == "up":
        return Decimal(math.ceil(value * 100)).scaleb(-2)
    sign = -1 if value < 0 else 1
    return Decimal(sign * math.floor(abs(value) * 100 + Fraction(1, 2))).scaleb(-2)


@dataclass(frozen=True)
class WorthIt:
    """Benefit against cost, money in cents (see the module docstring).

    ``effort`` and ``risk`` are the parts of ``cost`` besides the price; ``ratio`` is
    benefit / cost (``None`` when the cost is 0); ``break_even`` the price at which benefit
    equals cost and ``clearly_up_to`` the highest price still clearly worth it, both rounded
    down to cents (``None`` when no price is: effort and risk alone cost too much).
    """

    benefit: Decimal
    cost: Decimal
    effort: Decimal
    risk: Decimal
    ratio: float | None
    verdict: str
    break_even: Decimal | None
    clearly_up_to: Decimal | None


def _verdict(benefit: Fraction, cost: Fraction) -> str:
    if benefit >= CLEARLY * cost and benefit > 0:
        return "clearly_above"
    if benefit >= CLOSE * cost:
        return "close"
    return "below"


def worth_it(value_of_progress: Number, price: Number, *, effort: Number = 0, risk: Number = 0,
             progress_fraction: Number = 1) -> WorthIt:
    """Does the benefit clearly outweigh price, effort and risk?  (Formula: module docstring.)

    All money per the same period: ``value_of_progress`` (what full progress is worth to the
    customer), ``price``, ``effort`` (their time and trouble in money) and ``risk`` (the
    expected loss), each >= 0.  ``progress_fraction``: the share of the progress reached, 0..1.

    >>> worth_it(100, 0, effort=60, risk=40).verdict      # free, but a day's work and a risk
    'close'
    >>> worth_it(10, 5, effort=1, progress_fraction=0.75).clearly_up_to
    Decimal('5.25')
    """
    value = _money(value_of_progress, "value_of_progress")
    fraction = _share(progress_fraction, "progress_fraction")
    money = _money(price, "price")
    effort_cost = _money(effort, "effort")
    risk_cost = _money(risk, "risk")
    benefit = value * fraction
    cost = money + effort_cost + risk_cost
    other = effort_cost + risk_cost
    break_even = benefit - other
    clearly = benefit / CLEARLY - other
    return WorthIt(cents(benefit), cents(cost), cents(effort_cost), cents(risk_cost),
                   None if cost == 0 else float(benefit / cost), _verdict(benefit, cost),
                   cents(break_even, "down") if break_even >= 0 else None,
                   cents(clearly, "down") if clearly >= 0 else None)


@dataclass(frozen=True)
class WorthInputs:
    """Everything a verdict weighs, exact: money per period, ``hours`` and ``chance`` as the
    customer estimates them.  :meth:`of` reads and checks them."""

    value: Fraction
    reached: Fraction
    price: Fraction
    hours: Fraction = Fraction(0)
    hour_value: Fraction = Fraction(0)
    chance: Fraction = Fraction(0)
    loss: Fraction = Fraction(0)

    @classmethod
    def of(cls, value: Number, reached: Number, price: Number, hours: Number = 0,
           hour_value: Number = 0, chance: Number = 0, loss: Number = 0) -> WorthInputs:
        """Checked inputs; a bad one raises :class:`ProgressInputError` naming it."""
        return cls(_money(value, "value"), _share(reached, "progress_fraction"),
                   _money(price, "price"), _money(hours, "effort_hours"),
                   _money(hour_value, "hour_value"), _share(chance, "risk_chance"),
                   _money(loss, "risk_loss"))

    @property
    def effort(self) -> Fraction:
        return self.hours * self.hour_value

    @property
    def risk(self) -> Fraction:
        return self.chance * self.loss

    def verdict(self) -> WorthIt:
        return worth_it(self.value, self.price, effort=self.effort, risk=self.risk,
                        progress_fraction=self.reached)


@dataclass(frozen=True)
class Lever:
    """One input changed alone so that the verdict is clearly worth it.

    ``name`` is the input (``price``, ``effort_hours``, ``risk_chance``, ``value``,
    ``progress_fraction``); ``limit`` the value it must not exceed (``at_most``) or must reach
    (``at least``), exact; ``now`` its value today.
    """

    name: str
    bound: str  # "at_most" or "at_least"
    limit: Fraction
    now: Fraction


_MONEY = Fraction(MAX_MONEY)


def levers(inputs: WorthInputs) -> tuple[Lever, ...]:
    """What alone would make (or keep) the verdict clearly worth it, input by input.

    Solves ``value × reached >= 1.2 × (price + hours × hour_value + chance × loss)`` for each
    input with the others as they are.  An input is left out when no value of it is enough
    (the price would have to be negative, the progress above 100 %), when a value "at least"
    it would need lies beyond what a board can hold (money above ``MAX_MONEY``: no advice to
    act on), or when it has no say (hours when an hour is worth nothing).  A limit "at most"
    is capped there (hours at ``MAX_HOURS``, the chance at 1; a price never needs it: it
    stays below the value of progress, itself at most ``MAX_MONEY``).
    Order: price, hours, chance, value, progress.

    >>> inputs = WorthInputs.of(100, 1, 90, hours=2, hour_value=10)   # cost 110, benefit 100
    >>> [(lever.name, lever.limit) for lever in levers(inputs)]
    [('price', Fraction(190, 3)), ('value', Fraction(132, 1))]

    (a price of at most 100 / 1.2 - 20 = 63.33, or full progress worth at least 1.2 × 110;
    fewer hours alone cannot do it: even none leave 90 > 83.33.)
    """
    benefit = inputs.value * inputs.reached
    needed = benefit / CLEARLY  # the most the whole cost may be
    found = []

    def at_most(name: str, rest: Fraction, per_unit: Fraction, now: Fraction,
                top: Fraction | None = None) -> None:
        if per_unit == 0:
            return
        limit = (needed - rest) / per_unit
        if limit >= 0:
            found.append(Lever(name, "at_most", limit if top is None else min(limit, top), now))

    at_most("price", inputs.effort + inputs.risk, Fraction(1), inputs.price)
    at_most("effort_hours", inputs.price + inputs.risk, inputs.hour_value, inputs.hours,
            Fraction(MAX_HOURS))
    at_most("risk_chance", inputs.price + inputs.effort, inputs.loss, inputs.chance,
            Fraction(1))
    cost = inputs.price + inputs.effort + inputs.risk
    if inputs.reached > 0 and cost > 0 and CLEARLY * cost / inputs.reached <= _MONEY:
        found.append(Lever("value", "at_least", CLEARLY * cost / inputs.reached, inputs.value))
    if inputs.value > 0 and cost > 0 and CLEARLY * cost <= inputs.value:
        found.append(Lever("progress_fraction", "at_least", CLEARLY * cost / inputs.value,
                           inputs.reached))
    return tuple(found)


@dataclass(frozen=True)
class Tipping:
    """The metric whose completion lifts the verdict most: ``name`` and ``index`` of the
    metric given, ``before``/``after`` the verdict now and with that metric at its target."""

    name: str | None
    index: int
    metric: Any
    before: WorthIt
    after: WorthIt


def tipping_metric(metrics: Iterable[Any], inputs: WorthInputs, *,
                   only_if_verdict_changes: bool = True) -> Tipping | None:
    """Which single metric, brought to fraction 1, would lift the verdict the most?

    ``metrics``: objects or mappings with ``name``, ``weight`` (>= 0) and ``fraction`` (0..1);
    the progress reached is their weight-averaged fraction, so metric ``i`` at 1 gives
    ``(sum(w × f) - w_i × f_i + w_i) / sum(w)``.  The best one has the best verdict, then the
    largest benefit, then comes first.  ``None`` when no metric is below 1 with a weight above
    0, or (by default) when none changes the verdict.
    """
    items = list(metrics)
    rows = [(_money(field_of(item, "weight"), f"metrics[{i}].weight"),
             _share(field_of(item, "fraction"), f"metrics[{i}].fraction"))
            for i, item in enumerate(items)]
    total = sum((weight for weight, _ in rows), Fraction(0))
    if total == 0:
        return None
    reached = sum((weight * fraction for weight, fraction in rows), Fraction(0))
    before = inputs.verdict()
    best: tuple[int, Fraction, int] | None = None
    best_after = None
    for index, (weight, fraction) in enumerate(rows):
        if fraction == 1 or weight == 0:
            continue
        trial = (reached - weight * fraction + weight) / total
        after = replace(inputs, reached=trial).verdict()
        key = (VERDICTS.index(after.verdict), trial, -index)
        if best is None or key > best:
            best, best_after = key, after
    if best is None or best_after is None:
        return None
    if only_if_verdict_changes and best_after.verdict == before.verdict:
        return None
    index = -best[2]
    return Tipping(field_of(items[index], "name", None), index, items[index], before, best_after)


@dataclass(frozen=True)
class Forces:
    """The four forces of switching (each 0..10): ``margin = (push + pull) - (anxiety +
    habit)``; ``likely`` is ``margin > 0``."""

    push: float
    pull: float
    anxiety: float
    habit: float
    likely: bool
    margin: float


def switch_forces(push: Number, pull: Number, anxiety: Number, habit: Number) -> Forces:
    """Will the customer switch?  Push of the situation + pull of the new way must beat
    anxiety about the new way + habit of the present, each rated 0..10.

    >>> switch_forces(7, 5, 4, 6).likely      # 12 > 10
    True
    """
    p, q, a, h = (in_range(value, 0, 10, name, ProgressInputError) for value, name in (
        (push, "push"), (pull, "pull"), (anxiety, "anxiety"), (habit, "habit")))
    margin = (p + q) - (a + h)
    return Forces(float(p), float(q), float(a), float(h), margin > 0, float(margin))
