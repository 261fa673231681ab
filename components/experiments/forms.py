"""The test-and-learning-card form as typed, and how it becomes a record: pure, no streamlit.

Example: hypothesis "Office workers would pay €35 a month", test "offer the flat rate to 20
of them for a month", metric "sign-ups", threshold "5" in "sign-ups", due 15 Jan 2027, on the
worth record ``worth-office`` becomes ``Experiment(subject="worth-office", hypothesis=…,
threshold=5, unit="sign-ups", due=date(2027, 1, 15))``; a threshold of "fünf" raises
``ExperimentInputError("threshold", "not_a_number")``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from components.board.model import Experiment
from components.errors import Problem
from components.progress.forms import number_text, parse_number, validated

__all__ = ["NUMBERS", "ExperimentForm", "ExperimentInputError", "experiment_from_form"]

#: The form's fields typed as numbers.
NUMBERS = ("threshold", "result")


class ExperimentInputError(Problem):
    """A bad value in a card's form (sentences under ``experiments.error``): ``field`` is the
    form's field, ``code`` ``not_a_number``."""

    catalog = "experiments.error"


@dataclass(frozen=True)
class ExperimentForm:
    """A card's fields as typed: numbers still text, empty ones ""."""

    hypothesis: str
    test: str = ""
    metric: str = ""
    criterion: str = ""
    threshold: str = ""
    unit: str = ""
    direction: int = 1
    due: dt.date | None = None
    observation: str = ""
    result: str = ""
    learning: str = ""
    decision: str = ""
    action: str = ""
    learned_on: dt.date | None = None

    @classmethod
    def of(cls, experiment: Experiment | None, language: str,
           hypothesis: str = "") -> ExperimentForm:
        """The form filled with ``experiment``, or a new card starting from ``hypothesis``."""
        if experiment is None:
            return cls(hypothesis)
        data = experiment.model_dump(exclude={"id", "subject", "rate"})
        return cls(**{**data, **{name: number_text(getattr(experiment, name), language)
                                 for name in NUMBERS}})


def experiment_from_form(form: ExperimentForm, language: str, subject: str | None,
                         rate: str | None = None,
                         experiment_id: str | None = None) -> Experiment:
    """The card as a record on ``subject`` (and ``rate``), or an error naming the field:
    :class:`ExperimentInputError` for a number, :class:`BoardFileError` for what the model
    refuses (an empty hypothesis, a text too long)."""
    numbers = {name: parse_number(getattr(form, name), language, name, ExperimentInputError)
               if getattr(form, name).strip() else None for name in NUMBERS}
    data = {**asdict(form), **numbers, "subject": subject, "rate": rate}
    if experiment_id:
        data["id"] = experiment_id
    return validated(Experiment, data)
