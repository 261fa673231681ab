"""What the progress page shows, computed from the board: pure, no streamlit.

The page works on a *scope*: one persona (its id), the metrics that belong to no persona
(:data:`NO_PERSONA`) or every metric of the board (:data:`ALL`).  For each metric in scope it
shows how far the customer came (:class:`MetricView`: GAIN first in the customer's own units,
the share of the way second, GAP on request, seed 003), whether the persona's desired outcome
is reached (required outcome + appropriate experience, seed 001, :func:`desired_of`), the
dimension scores and the scores saved over time.  Forms: :mod:`components.progress.forms`;
the worth-it verdict: :mod:`components.progress.verdict`.

Worked example (the coffee buyer): "minutes waiting for coffee", baseline 15 on 15 Mar 2026,
now 3, target 2, smaller is better.  :func:`gain_statement` gives ``("less", 12)``, which
:func:`headline` words as "12 min less" and :func:`gain_sentence` as "12 min less since 15 Mar
2026"; :func:`share_sentence` adds "92 % of the way to the target of 2 min";
:func:`gap_statement` gives ``("to_go", 1)``, :func:`gap_sentence` "1 min to go".  The
fraction 12/13 ≈ 92 % feeds the functional score.  The progress page and the workshop report
use the same sentences.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from components import i18n
from components.board.model import Board, DesiredOutcome, Metric, Snapshot, outcomes
from components.formatting import format_date, format_number, format_percent
from components.progress.desired import DesiredState, desired_state
from components.progress.score import (
    DIMENSIONS,
    Progress,
    ProgressInputError,
    dimension_scores,
    progress_of,
)

#: Scope of every metric on the board (ids never contain ``*``).
ALL = "*"
#: Scope of the metrics, snapshots and worth that belong to no persona.
NO_PERSONA = "~"


# --- scope ----------------------------------------------------------------------------------

def scope_options(board: Board) -> list[str]:
    """Personas first, then "no persona", then "all" (only when there are personas)."""
    options = [persona.id for persona in board.personas] + [NO_PERSONA]
    return [*options, ALL] if board.personas else options


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
    def at_target(self) -> bool:
        """Target reached (or the state secured within its tolerance): fraction 1."""
        return self.fraction == 1

    @property
    def measures(self) -> str:
        """Which half of the desired outcome the metric measures: ``required``,
        ``experience``, ``both`` or ``""`` (neither)."""
        metric = self.metric
        return {(True, True): "both", (True, False): "required",
                (False, True): "experience"}.get(
            (metric.required_outcome, metric.appropriate_experience), "")


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
    """An amount in the metric's unit ("12 min", "1 try"); ratings count points ("2 points")."""
    if metric.scale_min is not None:
        return i18n.t(language, "progress.points", count=amount)
    one = metric.unit_one and i18n.plural_form(language, amount) == "one"
    return f"{format_number(amount, language, 2)} {metric.unit_one if one else metric.unit}".strip()


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
    return i18n.t(language, f"progress.gap.{code}", quantity=quantity(metric, amount, language),
                  target=_target(metric, language),
                  tolerance=quantity(metric, metric.tolerance, language))


def _target(metric: Metric, language: str) -> str:
    return quantity(metric, metric.target, language) if metric.target is not None else ""


def headline(view: MetricView, language: str) -> str:
    """What was gained, in the customer's units and nothing else: "12 min less"."""
    code, amount = gain_statement(view)
    return i18n.t(language, f"progress.headline.{code}",
                  quantity=quantity(view.metric, amount, language))


def share_sentence(view: MetricView, language: str) -> str:
    """The share of the way, second to the gain: "92 % of the way to the target of 2 min";
    for a state to secure, whether it is inside its tolerance."""
    metric = view.metric
    if metric.kind == "secure":
        return i18n.t(language, "progress.share.inside" if view.at_target
                      else "progress.share.outside",
                      tolerance=quantity(metric, metric.tolerance, language))
    return i18n.t(language, "progress.share.improve",
                  share=format_percent(view.fraction, language), target=_target(metric, language))


def leading(views: Sequence[MetricView], count: int = 3) -> list[MetricView]:
    """The metrics a headline names: scored ones, the heaviest first (board order on ties)."""
    computed = [view for view in views if view.progress is not None]
    return sorted(computed, key=lambda view: -view.metric.weight)[:count]


# --- desired outcome ------------------------------------------------------------------------

def desired_record(board: Board, persona: str | None) -> DesiredOutcome | None:
    """The persona's desired outcome in words (one per persona; the first if a file holds
    more)."""
    return next((d for d in board.desired_outcomes if d.persona == persona), None)


def desired_of(views: Iterable[MetricView]) -> DesiredState:
    """Required outcome and appropriate experience met?  From the metrics marked for each
    half (:func:`components.progress.desired.desired_state`)."""
    return desired_state({"required_outcome": view.metric.required_outcome,
                          "appropriate_experience": view.metric.appropriate_experience,
                          "fraction": view.fraction} for view in views)


# --- scores ---------------------------------------------------------------------------------

def scores_of(views: Iterable[MetricView]) -> dict[str, float | None]:
    """Dimension scores 0..100 over the metrics that have a progress (see dimension_scores)."""
    return dimension_scores(scored(views))


def scored(views: Iterable[MetricView]) -> list[dict]:
    """Name, dimension, weight and fraction of the metrics that have a progress."""
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


# --- canvas outcomes ------------------------------------------------------------------------

def outcome_choices(board: Board) -> dict[str, str]:
    """Outcome id -> "job › outcome", for linking a metric to the canvas outcome it measures."""
    return {outcome.id: f"{job.text} › {outcome.text}" for job, outcome in outcomes(board)}


# --- exports --------------------------------------------------------------------------------

METRIC_COLUMNS = ("name", "persona", "dimension", "kind", "unit", "baseline", "current",
                  "target", "tolerance", "weight", "scale_min", "scale_max", "baseline_date",
                  "current_date", "gain", "gap", "fraction", "required_outcome",
                  "appropriate_experience", "at_target", "outcome")


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
                "at_target": view.at_target}
        writer.writerow([csv_value(row[name]) for name in METRIC_COLUMNS])
    return buffer.getvalue()


def snapshots_csv(snapshots: Iterable[Snapshot], persona_names: Mapping[str | None, str]) -> str:
    """The saved snapshots as CSV: date, persona, one column per dimension (0..100)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("date", "persona", *DIMENSIONS))
    for snapshot in sorted(snapshots, key=lambda s: (s.date, persona_names.get(s.persona, ""))):
        writer.writerow([snapshot.date.isoformat(), persona_names.get(snapshot.persona, ""),
                         *(csv_value(getattr(snapshot, dim)) for dim in DIMENSIONS)])
    return buffer.getvalue()


def csv_value(value: object) -> object:
    """A value as a spreadsheet cell: empty for None, true/false, ISO dates, floats to 6
    decimals."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return round(value, 6)
    return value
