"""Assumptions put to the test: test cards, then learning cards (Strategyzer's *Testing
Business Ideas*), on canvas items, worth-it verdicts and funnel rates.  Pure, no streamlit.

Every number a board shows rests on assumptions: that customers care about an outcome, that
a persona would pay the price, that one lead in four asks for an offer.  A **test card**
states one of them and how it will be checked, a **learning card** what came of it::

    test card      We believe that   … (hypothesis)
                   To verify that, we will … (test)
                   And measure       … (metric)
                   We are right if   … (criterion; optionally a number: threshold, unit,
                                        at least it, or at most it for direction -1)
                   by                … (due date)
    learning card  We observed       … (observation; the number measured: result)
                   From that we learned that … (learning)
                   Therefore, we will … (decision: persevere, pivot or stop; action)

A card's **status** follows from what is filled in, checked in this order::

    decided    a decision is taken
    to_decide  an observation or a result is recorded, no decision yet
    draft      the test card lacks a test, a metric or a criterion
    overdue    its due date has passed (before ``today``)
    running    otherwise

``supported`` is decided by the numbers when both threshold and result are given: ``(result
- threshold) × direction >= 0``.  For a funnel rate, :func:`observed_rate` reads the actuals
(``sum`` of the next stage over ``sum`` of this stage, months with both counts) and
:func:`discovery` the stage table's discovery column, which is what the funnel teaches.

Worked example (the coffee example's office worker): "Office workers would pay €35 a month
for the flat rate", tested by offering it to 20 of them for a month, measured in sign-ups,
right if at least 5 sign up (threshold 5, direction 1), due 15 Jan 2027.  On 10 Jan it is
``running``; on 20 Jan without an observation ``overdue``; with "7 of 20 signed up" and result
7 it is ``to_decide`` and supported (7 - 5 >= 0); with the decision ``persevere`` ``decided``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from components import i18n
from components.board.model import Board, Experiment
from components.funnel.plan import rate_label
from components.progress.view import csv_value

__all__ = ["DECISIONS", "RATE_STAGES", "STATUSES", "Card", "Subject", "card_of", "cards",
           "discovery", "experiments_csv", "observed_rate", "status", "subject_of", "subjects",
           "supported"]

#: Statuses in the order a team should look at them.
STATUSES: tuple[str, ...] = ("overdue", "to_decide", "running", "draft", "decided")
DECISIONS: tuple[str, ...] = ("persevere", "pivot", "stop")
#: The two stages each rate connects (the first one's discovery column teaches about it).
RATE_STAGES = {"suspect_to_lead": ("suspect", "lead"), "lead_to_prospect": ("lead", "prospect"),
               "prospect_to_customer": ("prospect", "customer"),
               "customer_to_consumption": ("customer", "consumption"),
               "consumption_to_reference": ("consumption", "reference")}


@dataclass(frozen=True)
class Subject:
    """What a card tests: ``kind`` (``job``, ``outcome``, ``obstacle``, ``consequence``,
    ``solution``, ``worth``, ``scenario``, ``rate``, or ``gone`` when it was deleted), its
    ``label`` as the board names it, and the key a card refers to it by (``id``, ``rate``)."""

    id: str | None
    kind: str
    label: str
    rate: str | None = None


def subjects(board: Board, language: str) -> dict[tuple[str, str | None], Subject]:
    """Everything a card can test, keyed by (id, rate): canvas items in canvas order, each
    persona's worth-it verdict, each funnel scenario and each of its five rates."""
    found: dict[tuple[str, str | None], Subject] = {}
    for job in board.needs:
        found[job.id, None] = Subject(job.id, "job", job.text)
    for kind, part in (("outcome", "outcomes"), ("obstacle", "obstacles"),
                       ("consequence", "consequences")):
        for job in board.needs:
            for item in getattr(job, part):
                found[item.id, None] = Subject(item.id, kind, item.text)
    for solution in board.solutions:
        found[solution.id, None] = Subject(solution.id, "solution", solution.text)
    names = {p.id: p.name for p in board.personas}
    for worth in board.worth:
        name = names.get(worth.persona) or i18n.t(language, "progress.scope.none")
        found[worth.id, None] = Subject(worth.id, "worth", name)
    for scenario in board.scenarios:
        found[scenario.id, None] = Subject(scenario.id, "scenario", scenario.name)
        for rate in RATE_STAGES:
            found[scenario.id, rate] = Subject(
                scenario.id, "rate", f"{scenario.name}: {rate_label(rate, language)}", rate)
    return found


def subject_of(board: Board, experiment: Experiment, language: str) -> Subject:
    """The subject a card tests (kind ``gone`` when it was deleted since)."""
    key = (experiment.subject, experiment.rate)
    found = subjects(board, language).get(key) if experiment.subject else None
    return found or Subject(None, "gone", i18n.t(language, "experiments.subject.gone"))


def status(experiment: Experiment, today: dt.date) -> str:
    """``decided``, ``to_decide``, ``draft``, ``overdue`` or ``running`` (module docstring)."""
    if experiment.decision:
        return "decided"
    if experiment.observation.strip() or experiment.result is not None:
        return "to_decide"
    if not (experiment.test.strip() and experiment.metric.strip()
            and (experiment.criterion.strip() or experiment.threshold is not None)):
        return "draft"
    if experiment.due is not None and experiment.due < today:
        return "overdue"
    return "running"


def supported(experiment: Experiment) -> bool | None:
    """Did the result meet the criterion?  ``None`` without both a threshold and a result.

    >>> supported(Experiment(hypothesis="h", threshold=5, result=7))
    True
    >>> supported(Experiment(hypothesis="h", threshold=5, result=7, direction=-1))
    False
    """
    if experiment.threshold is None or experiment.result is None:
        return None
    return (experiment.result - experiment.threshold) * experiment.direction >= 0


@dataclass(frozen=True)
class Card:
    """A card as a board shows it: the record, what it tests, its status, and whether the
    result met the criterion (``None``: not decided by numbers)."""

    experiment: Experiment
    subject: Subject
    status: str
    supported: bool | None


def card_of(board: Board, experiment: Experiment, language: str, today: dt.date) -> Card:
    return Card(experiment, subject_of(board, experiment, language),
                status(experiment, today), supported(experiment))


def cards(board: Board, language: str, today: dt.date,
          on: Iterable[tuple[str, str | None]] | None = None) -> list[Card]:
    """The board's cards (only those on the subjects ``on``, given as (id, rate)), in
    :data:`STATUSES` order, then by due date (the soonest first), then as added."""
    wanted = None if on is None else set(on)
    chosen = [experiment for experiment in board.experiments
              if wanted is None or (experiment.subject, experiment.rate) in wanted]
    found = [card_of(board, experiment, language, today) for experiment in chosen]
    far = dt.date.max
    return sorted(found, key=lambda card: (STATUSES.index(card.status),
                                           card.experiment.due or far))


def observed_rate(board: Board, rate: str) -> tuple[Fraction, int] | None:
    """The rate the actuals show so far and over how many months, or ``None`` without months
    that count both stages (or when the first stage counted nobody).

    >>> from components.board.model import Actual
    >>> board = Board(title="b", actuals=(Actual(month="2026-01", suspect=400, lead=60),
    ...                                   Actual(month="2026-02", suspect=600, lead=90)))
    >>> observed_rate(board, "suspect_to_lead")
    (Fraction(3, 20), 2)
    """
    start, end = RATE_STAGES[rate]
    months = [(getattr(actual, start), getattr(actual, end)) for actual in board.actuals
              if getattr(actual, start) is not None and getattr(actual, end) is not None]
    total = sum(first for first, _ in months)
    if not months or total == 0:
        return None
    return Fraction(sum(second for _, second in months), total), len(months)


def discovery(board: Board, rate: str) -> str:
    """What the stage table says the team learns at the stage the rate starts from."""
    stage = RATE_STAGES[rate][0]
    return next((row.discovery for row in board.stages if row.stage == stage), "")


# --- export ---------------------------------------------------------------------------------

CSV_COLUMNS = ("status", "subject_kind", "subject", "hypothesis", "test", "metric",
               "criterion", "threshold", "unit", "direction", "due", "observation", "result",
               "supported", "learning", "decision", "action", "learned_on")


def experiments_csv(items: Sequence[Card]) -> str:
    """The cards as CSV for a spreadsheet: stable column names, plain numbers, ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for card in items:
        experiment = card.experiment
        row = {name: getattr(experiment, name, None) for name in CSV_COLUMNS}
        row |= {"status": card.status, "subject_kind": card.subject.kind,
                "subject": card.subject.label, "supported": card.supported}
        writer.writerow([csv_value(row[name]) for name in CSV_COLUMNS])
    return buffer.getvalue()
