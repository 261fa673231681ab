"""What the progress page shows, computed from the board: pure, no streamlit.

The page works on a *scope*: one persona (its id), the metrics that belong to no persona
(:data:`NO_PERSONA`) or every metric of the board (:data:`ALL`).  For each metric in scope it
shows how far the customer came (:class:`MetricView`: GAIN first, GAP on request, seed 003),
whether the desired outcome is reached (required outcome + appropriate experience, seed 001),
the dimension scores, the scores saved over time, and whether the progress is worth its price.

Forms hand in raw text; :func:`parse_number` reads it in the viewer's locale and
:func:`metric_from_form` / :func:`worth_from_form` turn a whole form into a validated record or
raise :class:`~components.progress.score.ProgressInputError` / :class:`~components.board.boardfile.
BoardFileError` naming the field, so the page can put a translated message beside it.

Worked example (the coffee buyer): "minutes waiting for coffee", baseline 15 on 15 Mar 2026,
now 3, target 2, smaller is better.  :func:`gain_statement` gives ``("less", 12)``, which
:func:`gain_sentence` words as "12 minutes less since 15 Mar 2026"; :func:`gap_statement` gives
``("to_go", 1)``, :func:`gap_sentence` "1 minute to go"; the fraction 12/13 ≈ 92 % feeds the
functional score.  The progress page and the workshop report use the same sentences.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from babel import numbers
from pydantic import ValidationError

from components import i18n
from components.board.boardfile import BoardFileError
from components.board.model import Board, Metric, Snapshot, Worth, outcomes
from components.formatting import format_date, format_money, format_number, locale_of
from components.numbers import typed
from components.progress.score import (
    DIMENSIONS,
    Forces,
    Progress,
    ProgressInputError,
    Tipping,
    WorthIt,
    dimension_scores,
    outcome_met,
    overall_fraction,
    progress_of,
    switch_forces,
    tipping_metric,
    validate_rating,
    worth_it,
)

#: Scope of every metric on the board (ids never contain ``*``).
ALL = "*"
#: Scope of the metrics, snapshots and worth that belong to no persona.
NO_PERSONA = "~"


# --- scope ----------------------------------------------------------------------------------

def scope_options(board: Board) -> list[str]:
    """Personas first, then "no persona", then "all" (only when there are personas)."""
    options = [persona.id for persona in board.personas] + [NO_PERSONA]
    return options + [ALL] if board.personas else options


def persona_of(scope: str) -> str | None:
    """The persona id a record added in ``scope`` belongs to (``None`` for no persona/all)."""
    return None if scope in (ALL, NO_PERSONA) else scope


def in_scope(persona: str | None, scope: str) -> bool:
    """Does a record of ``persona`` belong to ``scope``?"""
    return scope == ALL or persona == persona_of(scope)


def groups(board: Board) -> list[str | None]:
    """Every persona, plus ``None`` when some metric belongs to no persona."""
    ids: list[str | None] = [persona.id for persona in board.personas]
    if any(metric.persona is None for metric in board.metrics):
        ids.append(None)
    return ids


# --- one metric -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MetricView:
    """A metric with its progress, or the problem that stops computing it.

    A board file may hold a metric the form would refuse (target equal to baseline, a value
    off its rating scale); it is shown with its problem and left out of the scores.
    """

    metric: Metric
    progress: Progress | None
    problem: ProgressInputError | None = None

    @property
    def fraction(self) -> float | None:
        return None if self.progress is None else self.progress.fraction

    @property
    def desired_outcome(self) -> str:
        """``success``, ``missing_experience``, ``missing_outcome`` or ``missing_both``."""
        return outcome_met(self.metric.required_outcome, self.metric.appropriate_experience)


def view_of(metric: Metric) -> MetricView:
    try:
        return MetricView(metric, progress_of(metric))
    except ProgressInputError as problem:
        return MetricView(metric, None, problem)


def views_in(board: Board, scope: str) -> list[MetricView]:
    """The metrics of ``scope`` in board order, each with its progress."""
    return [view_of(metric) for metric in board.metrics if in_scope(metric.persona, scope)]


def gain_statement(view: MetricView) -> tuple[str, float]:
    """How far the metric moved from its baseline: (wording code, amount >= 0).

    Improve: ``more`` / ``less`` (better by the amount, larger or smaller is better),
    ``none`` (no change yet), ``worse`` (worse by the amount).  Secure: ``held`` (inside the
    tolerance; amount = |change|) or ``slipped`` (worse by the amount, beyond the tolerance).
    Example: baseline 15, now 3, target 2 → ``("less", 12.0)``.
    """
    progress = view.progress
    assert progress is not None, "only metrics without a problem have a gain"
    if view.metric.kind == "secure":
        return ("held" if progress.fraction == 1 else "slipped"), abs(progress.gain)
    if progress.gain > 0:
        return ("more" if progress.direction > 0 else "less"), progress.gain
    return ("none" if progress.gain == 0 else "worse"), abs(progress.gain)


def gap_statement(view: MetricView) -> tuple[str, float]:
    """How far is left: ``to_go`` / ``reached`` (improve), ``outside`` / ``inside`` (secure)."""
    progress = view.progress
    assert progress is not None, "only metrics without a problem have a gap"
    if view.metric.kind == "secure":
        return ("outside" if progress.gap > 0 else "inside"), progress.gap
    return ("to_go" if progress.gap > 0 else "reached"), progress.gap



# --- words ----------------------------------------------------------------------------------

def persona_names(board: Board, language: str) -> dict[str | None, str]:
    """Persona id -> name, with ``None`` named "no persona" in ``language``."""
    names: dict[str | None, str] = {p.id: p.name for p in board.personas}
    names[None] = i18n.t(language, "progress.scope.none")
    return names


def quantity(metric: Metric, amount: object, language: str) -> str:
    """An amount in the metric's unit ("12 min"); ratings count points ("2 points")."""
    number = format_number(amount, language, 2)
    if metric.scale_min is not None:
        return i18n.t(language, "progress.points_one" if amount == 1 else "progress.points_other",
                      amount=number)
    return f"{number} {metric.unit}".strip()


def gain_sentence(view: MetricView, language: str) -> str:
    """The GAIN of a metric without a problem, worded: "12 min less since 15 Mar 2026"."""
    metric = view.metric
    code, amount = gain_statement(view)
    since = (i18n.t(language, "progress.gain.since_date",
                    date=format_date(metric.baseline_date, language))
             if metric.baseline_date else i18n.t(language, "progress.gain.since_start"))
    return i18n.t(language, f"progress.gain.{code}", quantity=quantity(metric, amount, language),
                  since=since, tolerance=quantity(metric, metric.tolerance, language),
                  gap=quantity(metric, view.progress.gap, language))


def gap_sentence(view: MetricView, language: str) -> str:
    """The GAP of a metric without a problem, worded: "1 min to go"."""
    metric = view.metric
    code, amount = gap_statement(view)
    target = quantity(metric, metric.target, language) if metric.target is not None else ""
    return i18n.t(language, f"progress.gap.{code}", quantity=quantity(metric, amount, language),
                  target=target, tolerance=quantity(metric, metric.tolerance, language))


# --- scores ---------------------------------------------------------------------------------

def scores_of(views: Iterable[MetricView]) -> dict[str, float | None]:
    """Dimension scores 0..100 over the metrics that have a progress (see dimension_scores)."""
    return dimension_scores(_scored(views))


def _scored(views: Iterable[MetricView]) -> list[dict]:
    return [{"name": v.metric.name, "dimension": v.metric.dimension, "weight": v.metric.weight,
             "fraction": v.fraction} for v in views if v.progress is not None]


def score_rows(board: Board) -> list[tuple[str | None, str, float]]:
    """(persona id or None, dimension, score) of every group, for the comparison chart.

    Dimensions without a score are left out, so a persona without metrics has no bars.
    """
    rows = []
    for persona in groups(board):
        scores = scores_of(views_in(board, persona or NO_PERSONA))
        rows += [(persona, dim, score) for dim, score in scores.items() if score is not None]
    return rows


def snapshot_for(board: Board, scope: str, date: dt.date) -> list[tuple[Snapshot | None, Snapshot]]:
    """Snapshots to save at ``date``: (the one already saved there or None, the new one).

    One per persona group in scope that has a score; saving twice on one day replaces that
    day's snapshot instead of adding a second point.
    """
    targets = groups(board) if scope == ALL else [persona_of(scope)]
    result = []
    for persona in targets:
        scores = scores_of(views_in(board, persona or NO_PERSONA))
        if all(score is None for score in scores.values()):
            continue
        old = next((s for s in board.snapshots if s.persona == persona and s.date == date), None)
        same_id = {"id": old.id} if old else {}
        result.append((old, Snapshot(**same_id, date=date, persona=persona, **scores)))
    return result


def trend_rows(board: Board, scope: str) -> list[tuple[dt.date, str | None, str, float]]:
    """(date, persona, dimension, score) of the snapshots in scope, oldest first."""
    rows = []
    for snapshot in sorted(board.snapshots, key=lambda s: s.date):
        if in_scope(snapshot.persona, scope):
            rows += [(snapshot.date, snapshot.persona, dim, getattr(snapshot, dim))
                     for dim in DIMENSIONS if getattr(snapshot, dim) is not None]
    return rows


# --- reading forms --------------------------------------------------------------------------

def parse_number(text: str, language: str, field: str) -> Decimal:
    """A number typed in the viewer's locale ("2,5" in German), or plain "2.5".

    Spaces are ignored (Swedish groups thousands with them).  An empty text raises
    ``ProgressInputError(field, "missing")``, anything else unreadable ``not_a_number``.
    """
    value = typed(text, language)
    if value is None:
        raise ProgressInputError(field, "missing")
    if isinstance(value, str):
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


# --- is it worth it? ------------------------------------------------------------------------

def worth_of(board: Board, persona: str | None) -> Worth | None:
    """The persona's worth record (one per persona; the first if a file holds more)."""
    return next((worth for worth in board.worth if worth.persona == persona), None)


@dataclass(frozen=True)
class Judgement:
    """Worth-it verdict, what would move it, and the forces of switching, for one persona.

    ``fraction`` is the overall progress reached (None without weighted metrics, and then
    ``verdict`` and ``tipping`` are None too).
    """

    fraction: float | None
    verdict: WorthIt | None
    tipping: Tipping | None
    forces: Forces


def judge(views: Sequence[MetricView], worth: Worth) -> Judgement:
    """Benefit = value × progress reached, against price plus effort and risk (worth_it)."""
    scored = _scored(views)
    fraction = overall_fraction(scored) if scored else None
    forces = switch_forces(worth.push, worth.pull, worth.anxiety, worth.habit)
    if fraction is None:
        return Judgement(None, None, None, forces)
    verdict = worth_it(worth.value, worth.price, worth.effort, worth.risk,
                       progress_fraction=fraction)
    tipping = tipping_metric(scored, worth.value, worth.price, worth.effort, worth.risk)
    return Judgement(fraction, verdict, tipping, forces)


def switch_sentence(forces: Forces, language: str) -> str:
    """Whether the customer will likely switch, with the forces for and against it, worded.

    Example: push 4, pull 3, anxiety 2, habit 2 -> "Switch likely: push and pull (7) outweigh
    anxiety and habit (4)."
    """
    return i18n.t(language, "progress.worth.switch_likely" if forces.likely
                  else "progress.worth.switch_unlikely",
                  toward=format_number(forces.push + forces.pull, language),
                  against=format_number(forces.anxiety + forces.habit, language))


def currency_of(board: Board) -> str | None:
    """The board's currency: that of its first funnel scenario, if it has one."""
    return board.scenarios[0].currency if board.scenarios else None


def money(amount: object, currency: str | None, language: str) -> str:
    """Money in the board's currency, or a plain number when the board names none."""
    if currency:
        return format_money(amount, currency, language)
    return numbers.format_decimal(amount, format="#,##0.00", locale=locale_of(language))


# --- canvas outcomes ------------------------------------------------------------------------

def outcome_choices(board: Board) -> dict[str, str]:
    """Outcome id -> "job › outcome", for linking a metric to the canvas outcome it measures."""
    return {outcome.id: f"{job.text} › {outcome.text}" for job, outcome in outcomes(board)}


# --- exports --------------------------------------------------------------------------------

METRIC_COLUMNS = ("name", "persona", "dimension", "kind", "unit", "baseline", "current",
                  "target", "tolerance", "weight", "scale_min", "scale_max", "baseline_date",
                  "current_date", "gain", "gap", "fraction", "required_outcome",
                  "appropriate_experience", "desired_outcome", "outcome")


def metrics_csv(views: Iterable[MetricView], persona_names: Mapping[str | None, str],
                outcome_texts: Mapping[str, str]) -> str:
    """The metrics as CSV for a spreadsheet: plain numbers (dot decimals), ISO dates.

    Column names are stable field names (:data:`METRIC_COLUMNS`) so that sheets built on an
    export keep working; persona and outcome are given by their text, not their id.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(METRIC_COLUMNS)
    for view in views:
        metric, progress = view.metric, view.progress
        row = {name: getattr(metric, name) for name in METRIC_COLUMNS if hasattr(metric, name)}
        row |= {"persona": persona_names.get(metric.persona, ""),
                "outcome": outcome_texts.get(metric.outcome or "", ""),
                "gain": progress.gain if progress else None,
                "gap": progress.gap if progress else None,
                "fraction": progress.fraction if progress else None,
                "desired_outcome": view.desired_outcome}
        writer.writerow([_csv_value(row[name]) for name in METRIC_COLUMNS])
    return buffer.getvalue()


def snapshots_csv(snapshots: Iterable[Snapshot], persona_names: Mapping[str | None, str]) -> str:
    """The saved snapshots as CSV: date, persona, one column per dimension (0..100)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("date", "persona", *DIMENSIONS))
    for snapshot in sorted(snapshots, key=lambda s: (s.date, persona_names.get(s.persona, ""))):
        writer.writerow([snapshot.date.isoformat(), persona_names.get(snapshot.persona, ""),
                         *(_csv_value(getattr(snapshot, dim)) for dim in DIMENSIONS)])
    return buffer.getvalue()


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return round(value, 6)
    return value
