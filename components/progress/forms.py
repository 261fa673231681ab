"""The progress page's forms as typed, and how they become records: pure, no streamlit.

Forms hand in raw text; :func:`parse_number` reads it in the viewer's locale and
:func:`metric_from_form`, :func:`worth_from_form` and :func:`desired_from_form` turn a whole
form into a validated record or raise :class:`~components.progress.score.ProgressInputError`
/ :class:`~components.board.boardfile.BoardFileError` naming the field, so the page can put a
translated message beside it.

Example: the German worth form with value "1.234,5", price "300", 2 hours at "25" and a
chance of "10" (per cent) of losing "50" becomes ``Worth(value=1234.5, price=300,
effort_hours=2, hour_value=25, risk_chance=0.1, risk_loss=50)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from babel import numbers
from pydantic import ValidationError

from components.board.boardfile import BoardFileError
from components.board.model import DesiredOutcome, Metric, Record, Worth
from components.errors import Problem
from components.formatting import locale_of
from components.numbers import typed
from components.progress.score import ProgressInputError, progress_of, validate_rating

__all__ = ["DesiredForm", "MetricForm", "WorthForm", "desired_from_form", "metric_from_form",
           "number_text", "parse_number", "validated", "worth_from_form"]


def parse_number(text: str, language: str, field: str,
                 error: type[Problem] = ProgressInputError) -> Decimal:
    """A number typed in the viewer's locale ("2,5" in German), or plain "2.5".

    Spaces are ignored (Swedish groups thousands with them).  An empty text raises
    ``error(field, "missing")`` (a :class:`ProgressInputError` unless another form passes
    its own kind), anything else unreadable ``not_a_number``.
    """
    value = typed(text, language)
    if value is None:
        raise error(field, "missing")
    if isinstance(value, str):
        raise error(field, "not_a_number", value=text)
    return value


def number_text(value: Decimal | None, language: str) -> str:
    """A stored number as the form shows it: locale decimals, no grouping, no trailing zeros."""
    if value is None:
        return ""
    return numbers.format_decimal(value, format="0.##########", locale=locale_of(language))


@dataclass(frozen=True)
class MetricForm:
    """The metric form as typed: numbers are still text, empty optional fields are ""."""

    name: str
    persona: str | None
    dimension: str
    kind: str
    direction: int
    unit: str
    unit_one: str
    baseline: str
    current: str
    target: str
    tolerance: str
    weight: str
    scale_min: str
    scale_max: str
    baseline_date: dt.date | None
    current_date: dt.date | None
    required_outcome: bool
    appropriate_experience: bool
    outcome: str | None

    @classmethod
    def of(cls, metric: Metric | None, language: str, persona: str | None) -> MetricForm:
        """The form filled with ``metric`` (or blank for a new metric of ``persona``)."""
        if metric is None:
            return cls("", persona, "functional", "improve", 1, "", "", "", "", "", "", "1", "",
                       "", None, None, False, False, None)
        text = {name: number_text(getattr(metric, name), language) for name in _NUMBER_FIELDS}
        return cls(metric.name, metric.persona, metric.dimension, metric.kind,
                   metric.direction, metric.unit, metric.unit_one,
                   baseline_date=metric.baseline_date, current_date=metric.current_date,
                   required_outcome=metric.required_outcome,
                   appropriate_experience=metric.appropriate_experience,
                   outcome=metric.outcome, **text)


_NUMBER_FIELDS = ("baseline", "current", "target", "tolerance", "weight", "scale_min",
                  "scale_max")


def metric_from_form(form: MetricForm, language: str, metric_id: str | None = None) -> Metric:
    """Validate the form into a metric (its progress computable), or raise naming the field.

    Raises :class:`ProgressInputError` (``field`` one of the form's names; reasons
    ``missing``, ``not_a_number``, ``negative``, ``equal_target``, ``out_of_range``) or
    :class:`BoardFileError` (``path`` the field, e.g. an empty or too long name).
    Required: baseline, current, weight, and the target of an improve metric; tolerance
    defaults to 0; a rating scale needs both ends.
    """
    required = {"baseline", "current", "weight"} | ({"target"} if form.kind == "improve" else set())
    values: dict[str, Decimal | None] = {}
    for name in _NUMBER_FIELDS:
        text = getattr(form, name)
        values[name] = (parse_number(text, language, name)
                        if text.strip() or name in required else None)
    for name in ("weight", "tolerance"):
        if values[name] is not None and values[name] < 0:
            raise ProgressInputError(name, "negative", value=values[name])
    if (values["scale_min"] is None) != (values["scale_max"] is None):
        raise ProgressInputError("scale_max" if values["scale_max"] is None else "scale_min",
                                 "missing")
    if values["scale_min"] is not None:
        validate_rating(values["scale_min"], values["scale_min"], values["scale_max"],
                        "scale_max")
    if values["tolerance"] is None:
        values["tolerance"] = Decimal(0)
    data = {**asdict(form), **values}  # the form's fields are the metric's, numbers parsed
    if metric_id:
        data["id"] = metric_id
    metric = validated(Metric, data)
    progress_of(metric)  # target == baseline, a value off its rating scale
    return metric


@dataclass(frozen=True)
class WorthForm:
    """The worth-it form as typed: money, hours and the chance (in per cent) as text, the
    four forces as whole ratings 0..10."""

    period: str
    currency: str
    value: str
    price: str
    effort_hours: str
    hour_value: str
    risk_chance: str
    risk_loss: str
    push: int
    pull: int
    anxiety: int
    habit: int

    @classmethod
    def of(cls, worth: Worth | None, language: str, currency: str = "EUR") -> WorthForm:
        """The form filled with ``worth`` (a new one in ``currency``, per month)."""
        worth = worth or Worth(currency=currency)
        text = {name: number_text(getattr(worth, name), language) for name in _AMOUNTS}
        text["risk_chance"] = number_text(worth.risk_chance * 100, language)
        return cls(worth.period, worth.currency, **text, push=worth.push, pull=worth.pull,
                   anxiety=worth.anxiety, habit=worth.habit)


_AMOUNTS = ("value", "price", "effort_hours", "hour_value", "risk_loss")
_FORCES = ("push", "pull", "anxiety", "habit")


def worth_from_form(form: WorthForm, language: str, persona: str | None,
                    worth_id: str | None = None) -> Worth:
    """Validate the form into the persona's worth record, or raise naming the field.

    Value and price are required; hours, the value of an hour, the chance and the loss are
    0 when left empty.  The chance is typed in per cent, 0 to 100.
    """
    amounts = {}
    for name in (*_AMOUNTS, "risk_chance"):
        text = getattr(form, name)
        amount = (parse_number(text, language, name)
                  if text.strip() or name in ("value", "price") else Decimal(0))
        if amount < 0:
            raise ProgressInputError(name, "negative", value=amount)
        amounts[name] = amount
    if amounts["risk_chance"] > 100:
        raise ProgressInputError("risk_chance", "out_of_range", low=0, high=100,
                                 value=amounts["risk_chance"])
    amounts["risk_chance"] /= 100
    data = {"persona": persona, "period": form.period, "currency": form.currency, **amounts,
            **{name: getattr(form, name) for name in _FORCES}}
    if worth_id:
        data["id"] = worth_id
    return validated(Worth, data)


@dataclass(frozen=True)
class DesiredForm:
    """The desired outcome in words as typed (all three optional)."""

    required: str
    experience: str
    alternative: str

    @classmethod
    def of(cls, desired: DesiredOutcome | None) -> DesiredForm:
        desired = desired or DesiredOutcome()
        return cls(desired.required, desired.experience, desired.alternative)


def desired_from_form(form: DesiredForm, persona: str | None,
                      desired_id: str | None = None) -> DesiredOutcome:
    """The persona's desired outcome record, or :class:`BoardFileError` naming the field."""
    data = {"persona": persona, **asdict(form)}
    if desired_id:
        data["id"] = desired_id
    return validated(DesiredOutcome, data)


def validated(kind: type[Record], data: dict) -> Record:
    """``kind`` made of ``data``, or the model's complaint as a :class:`BoardFileError`."""
    try:
        return kind.model_validate(data)
    except ValidationError as error:
        raise BoardFileError.from_validation(error) from None
