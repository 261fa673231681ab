"""Test and learning cards worded for a page or the report, and the hypothesis a new card on
a subject starts from.  Pure, no streamlit; sentences from the ``experiments`` catalog.

Example (English): a card on the coffee example's worth verdict reads "We believe that:
Office workers would pay €35 a month" … "We are right if: at least 5 sign-ups"; once
learned, "We observed: 7 of 20 signed up (7 sign-ups: criterion met)" and "Therefore, we
will: persevere — offer it to the whole building".
"""

from __future__ import annotations

from components import i18n
from components.board.model import Board, Experiment
from components.experiments.cards import RATE_STAGES, Card, Subject
from components.formatting import format_date, format_number, format_percent
from components.funnel.stages import stage_vocabulary
from components.progress.verdict import judge, money
from components.progress.view import NO_PERSONA, views_in

__all__ = ["criterion_text", "learning_lines", "planned_lines", "subject_text", "suggestion"]


def subject_text(subject: Subject, language: str) -> str:
    """"Outcome: Awake and at my desk …", "Worth-it verdict: Office worker"."""
    if subject.kind == "gone":
        return subject.label
    return i18n.t(language, "experiments.subject.of", kind=i18n.t(
        language, f"experiments.kind.{subject.kind}"), label=subject.label)


def criterion_text(experiment: Experiment, language: str) -> str:
    """The criterion as written, and its number: "at least 5 sign-ups"."""
    parts = [experiment.criterion.strip()] if experiment.criterion.strip() else []
    if experiment.threshold is not None:
        key = "experiments.at_least" if experiment.direction == 1 else "experiments.at_most"
        amount = f"{format_number(experiment.threshold, language, 4)} {experiment.unit}".strip()
        parts.append(i18n.t(language, key, amount=amount))
    return " — ".join(parts)


def planned_lines(experiment: Experiment, language: str) -> list[tuple[str, str]]:
    """The test card's filled fields as (label, text): we believe, to verify, measure, right
    if, by."""
    lines = [("hypothesis", experiment.hypothesis), ("test", experiment.test),
             ("metric", experiment.metric), ("criterion", criterion_text(experiment, language)),
             ("due", format_date(experiment.due, language) if experiment.due else "")]
    return [(i18n.t(language, f"experiments.card.{name}"), text) for name, text in lines
            if text.strip()]


def learning_lines(card: Card, language: str) -> list[tuple[str, str]]:
    """The learning card's filled fields as (label, text): observed (with the result and
    whether it met the criterion), learned, therefore (the decision and the action), on."""
    experiment = card.experiment
    observed = experiment.observation.strip()
    if experiment.result is not None:
        amount = f"{format_number(experiment.result, language, 4)} {experiment.unit}".strip()
        verdict = ("" if card.supported is None else ": " + i18n.t(
            language, "experiments.supported" if card.supported else "experiments.refuted"))
        observed = f"{observed.rstrip('.')} ({amount}{verdict})".strip()
    decision = " — ".join(part for part in (
        i18n.t(language, f"experiments.decision.{experiment.decision}")
        if experiment.decision else "", experiment.action.strip()) if part)
    lines = [("observation", observed), ("learning", experiment.learning),
             ("decision", decision),
             ("learned_on", format_date(experiment.learned_on, language)
              if experiment.learned_on else "")]
    return [(i18n.t(language, f"experiments.card.{name}"), text) for name, text in lines
            if text.strip()]


def suggestion(board: Board, subject: Subject, language: str) -> str:
    """The hypothesis a new card on ``subject`` starts from: the assumption the board makes
    there, for the team to sharpen ("Office worker: full progress is worth €60.00 a month to
    them, and they would pay up to €35.62 a month for it")."""
    if subject.kind == "worth":
        worth = next(w for w in board.worth if w.id == subject.id)
        verdict = judge(views_in(board, worth.persona or NO_PERSONA), worth).verdict
        price = verdict.clearly_up_to if verdict and verdict.clearly_up_to else worth.price
        return i18n.t(language, "experiments.suggest.worth", persona=subject.label,
                      value=money(worth.value, worth, language),
                      price=money(price, worth, language))
    if subject.kind == "rate":
        scenario = next(s for s in board.scenarios if s.id == subject.id)
        names = stage_vocabulary(language).stage_names
        start, end = RATE_STAGES[subject.rate]
        return i18n.t(language, "experiments.suggest.rate",
                      share=format_percent(getattr(scenario.rates, subject.rate), language),
                      start=names[start], end=names[end])
    if subject.kind == "gone":
        return ""
    return i18n.t(language, f"experiments.suggest.{subject.kind}", text=subject.label)
