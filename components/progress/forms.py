"""Reading the progress page's forms: numbers typed in the viewer's locale, whole records.

Forms hand in raw text; :func:`parse_number` reads it in the viewer's locale and
:func:`metric_from_form` / :func:`worth_from_form` turn a whole form into a validated record or
raise :class:`~components.progress.score.ProgressInputError` /
:class:`~components.board.boardfile.BoardFileError` naming the field, so the page can put a
translated message beside it.  :class:`MetricForm` and :class:`WorthForm` are the forms as
typed; ``MetricForm.of(metric, language, persona)`` fills one from a stored record (numbers as
:func:`number_text` shows them).

Worked example: in German ``parse_number("2,5", "de", "target")`` is ``Decimal("2.5")`` and
``number_text(Decimal("2.5"), "de")`` is ``"2,5"``; a metric form with baseline "15",
current "3" and target "2" becomes a metric whose progress is computable, while a target
equal to its baseline raises ``ProgressInputError("target", "equal_target")``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from babel import numbers
from pydantic import ValidationError

from components.board.boardfile import BoardFileError
from components.board.model import Metric, Worth
from components.formatting import locale_of
from components.progress.score import ProgressInputError, progress_of, validate_rating


def parse_number(text: str, language: str, field: str) -> Decimal:
    """A number typed in the viewer's locale ("2,5" in German), or plain "2.5".

    Spaces are ignored (Swedish groups thousands with them).  An empty text raises
    ``ProgressInputError(field, "missing")``, anything else unreadable ``not_a_number``.
    """
    cleaned = "".join(text.split()).replace("\u2212", "-")
    if not cleaned:
        raise ProgressInputError(field, "missing")
    try:
        value = Decimal(str(numbers.parse_decimal(cleaned, locale=locale_of(language),
                                                  strict=True)))
    except numbers.NumberFormatError:
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ProgressInputError(field, "not_a_number", value=text) from None
    if not value.is_finite():
        raise ProgressInputError(field, "not_a_number", value=text)
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
            return cls("", persona, "functional", "improve", 1, "", "", "", "", "", "1", "",
                       "", None, None, False, False, None)
        text = {name: number_text(getattr(metric, name), language) for name in _NUMBER_FIELDS}
        return cls(metric.name, metric.persona, metric.dimension, metric.kind,
                   metric.direction, metric.unit,
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
    try:
        metric = Metric.model_validate(data)
    except ValidationError as error:
        raise BoardFileError.from_validation(error) from None
    progress_of(metric)  # target == baseline, a value off its rating scale
    return metric


@dataclass(frozen=True)
class WorthForm:
    """The worth-it form as typed: money as text, the six ratings as whole numbers 0..10."""

    value: str
    price: str
    effort: int
    risk: int
    push: int
    pull: int
    anxiety: int
    habit: int

    @classmethod
    def of(cls, worth: Worth | None, language: str) -> WorthForm:
        worth = worth or Worth()
        return cls(number_text(worth.value, language), number_text(worth.price, language),
                   worth.effort, worth.risk, worth.push, worth.pull, worth.anxiety, worth.habit)


_RATINGS = ("effort", "risk", "push", "pull", "anxiety", "habit")


def worth_from_form(form: WorthForm, language: str, persona: str | None,
                    worth_id: str | None = None) -> Worth:
    """Validate the form into the persona's worth record, or raise naming the field."""
    money = {name: parse_number(getattr(form, name), language, name)
             for name in ("value", "price")}
    for name, amount in money.items():
        if amount < 0:
            raise ProgressInputError(name, "negative", value=amount)
    data = {"persona": persona, **money, **{name: getattr(form, name) for name in _RATINGS}}
    if worth_id:
        data["id"] = worth_id
    try:
        return Worth.model_validate(data)
    except ValidationError as error:
        raise BoardFileError.from_validation(error) from None
