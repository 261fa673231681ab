"""What the progress page reads out: the gain headline, GAIN/GAP lines, the metric table, the
desired outcome, the dimension scores.

Each function draws one element (a Markdown block, a dataframe, a row of metrics) from the
views computed in :mod:`components.progress.view`; every user text is escaped.  The worth-it
section is :mod:`components.widgets.progress.worth`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa
import streamlit as st

from components.board.model import Board, DesiredOutcome
from components.errors import message
from components.formatting import format_date, format_number, format_percent
from components.progress import view as progress_view
from components.progress.desired import Half
from components.progress.score import DIMENSIONS
from components.progress.view import (
    MetricView,
    desired_of,
    gain_sentence,
    gap_sentence,
    headline,
    leading,
    share_sentence,
)
from components.widgets.shell import PageContext, escape_markdown


def persona_names(context: PageContext, board: Board) -> dict[str | None, str]:
    """Persona id -> name, with ``None`` named "no persona" in the viewer's language."""
    return progress_view.persona_names(board, context.language)


def progress_sentence(context: PageContext, view: MetricView, show_gap: bool) -> str:
    """GAIN (how far from the baseline) or GAP (how far to the target) of one metric."""
    if view.problem is not None:
        field = context.t(f"progress.field.{view.problem.field}")
        sentence = message(view.problem, context.language, with_field=False)
        return context.t("progress.metrics.problem", problem=f"{field}: {sentence}")
    if show_gap:
        return gap_sentence(view, context.language)
    gain = gain_sentence(view, context.language)
    if view.metric.kind == "secure":  # its sentence already weighs the tolerance
        return gain
    return f"{gain} · {share_sentence(view, context.language)}"


Card = tuple[str, str, str]  # a headline metric: label, value, the line under it (Markdown)


def headline_cards(context: PageContext, views: Sequence[MetricView]) -> tuple[Card, ...]:
    """What the customer gained, in their own units, for the heaviest metrics: "12 min less",
    the share of the way to the target second, under it (made once per board, scope and
    language: the page keeps them with ``cache.derived``)."""
    return tuple((escape_markdown(view.metric.name),
                  escape_markdown(headline(view, context.language)),
                  escape_markdown(share_sentence(view, context.language)))
                 for view in leading(views))


def show_headline(context: PageContext, cards: Sequence[Card]) -> None:
    """The :func:`headline_cards` side by side, in one block."""
    if not cards:
        return
    st.caption(context.t("progress.metrics.headline"))
    row = st.container(horizontal=True)  # one block, not a column per metric
    for label, value, share in cards:
        row.metric(label, value, share, delta_color="off", delta_arrow="off", border=True)


def progress_lines(context: PageContext, views: Sequence[MetricView], show_gap: bool,
                   names: Mapping[str | None, str], with_persona: bool) -> str:
    """One line per metric: its name and its GAIN (or GAP) sentence, as one Markdown list."""
    lines = []
    for view in views:
        persona = f" ({escape_markdown(names[view.metric.persona])})" if with_persona else ""
        sentence = escape_markdown(progress_sentence(context, view, show_gap))
        lines.append(f"- **{escape_markdown(view.metric.name)}**{persona}: {sentence}")
    return "\n".join(lines)


def show_desired(context: PageContext, desired: DesiredOutcome | None,
                 views: Sequence[MetricView]) -> None:
    """One persona's desired outcome: each half in words with whether its metrics are at
    their target, the alternative the experience is chosen over, and what is still missing
    (the airline passenger: arrived, but will not fly with them again)."""
    state = desired_of(views)
    desired = desired or DesiredOutcome()
    unwritten = context.t("progress.desired.not_written")

    def line(label: str, text: str, half: Half | None = None) -> str:
        status = f" — {_half(context, half)}" if half is not None else ""
        return f"- **{context.t(f'progress.desired.{label}')}:** {escape_markdown(text)}{status}"

    lines = [line("required", desired.required or unwritten, state.required),
             line("experience", desired.experience or unwritten, state.experience)]
    if desired.alternative:
        lines.append(line("alternative", desired.alternative))
    st.markdown("\n".join(lines))
    if state.result == "success":
        st.success(context.t("progress.outcome.success") + ": "
                   + context.t("progress.desired.success_note"), icon=":material/flight_land:")
    elif state.result in ("missing_experience", "missing_outcome"):
        st.warning(context.t(f"progress.outcome.{state.result}") + ": "
                   + context.t(f"progress.outcome.{state.result}_note"),
                   icon=":material/flight_land:")


def _half(context: PageContext, half: Half) -> str:
    return context.t(f"progress.desired.{half.state}", count=half.marked, met=half.met,
                     marked=half.marked)


def show_desired_overview(context: PageContext, board: Board,
                          names: Mapping[str | None, str]) -> None:
    """Every persona's desired outcome in one table (the "all personas" scope)."""
    rows = []
    for persona in progress_view.groups(board):
        state = desired_of(progress_view.views_in(board, persona or progress_view.NO_PERSONA))
        rows.append({context.t("progress.scope.label"): names[persona],
                     context.t("progress.desired.required"): _half(context, state.required),
                     context.t("progress.desired.experience"): _half(context, state.experience),
                     context.t("progress.desired.result"): context.t(
                         f"progress.outcome.{state.result}")})
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def metric_table(context: PageContext, views: Sequence[MetricView], show_gap: bool,
                 names: Mapping[str | None, str], outcome_texts: Mapping[str, str],
                 with_persona: bool) -> pa.Table:
    """All metrics in scope as one table, numbers and dates in the viewer's locale (an Arrow
    table: immutable, so one can be shared, and sent without converting a DataFrame)."""
    language = context.language
    column = {name: context.t(f"progress.field.{name}") for name in (
        "name", "persona", "dimension", "kind", "baseline", "current", "unit", "weight",
        "outcome")}
    rows = []
    for view in views:
        metric, progress = view.metric, view.progress
        row = {column["name"]: metric.name}
        if with_persona:
            row[column["persona"]] = names[metric.persona]
        if metric.kind == "secure":
            goal = "± " + format_number(metric.tolerance, language, 2)
        else:  # a board file may leave the target out; the sentence above names the problem
            goal = "" if metric.target is None else format_number(metric.target, language, 2)
        row |= {
            column["dimension"]: context.t(f"progress.dimension.{metric.dimension}"),
            column["kind"]: context.t(f"progress.kind.{metric.kind}"),
            column["baseline"]: format_number(metric.baseline, language, 2),
            column["current"]: format_number(metric.current, language, 2),
            context.t("progress.table.goal"): goal,
            column["unit"]: metric.unit,
            context.t("progress.table.gap" if show_gap else "progress.table.gain"): (
                "" if progress is None else
                format_number(progress.gap if show_gap else progress.gain, language, 2)),
            context.t("progress.table.reached"): (
                "" if progress is None else format_percent(progress.fraction, language)),
            column["weight"]: format_number(metric.weight, language, 2),
            context.t("progress.table.measures"): (
                context.t(f"progress.measures.{view.measures}") if view.measures else ""),
            context.t("progress.table.at_target"): ("" if progress is None else context.t(
                "progress.answer_yes" if view.at_target else "progress.answer_no")),
            column["outcome"]: outcome_texts.get(metric.outcome or "", ""),
            context.t("progress.table.measured"): _measured(context, metric.baseline_date,
                                                            metric.current_date),
        }
        rows.append(row)
    return pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False)


def _measured(context: PageContext, start: dt.date | None, now: dt.date | None) -> str:
    dates = [format_date(day, context.language) if day else "…" for day in (start, now)]
    return "" if start is None and now is None else " → ".join(dates)


def show_scores(context: PageContext, scores: Mapping[str, float | None]) -> None:
    """The three dimension scores 0..100 of the scope, side by side."""
    row = st.container(horizontal=True)  # one block, not a column per score
    for dimension in DIMENSIONS:
        score = scores[dimension]
        row.metric(context.t(f"progress.dimension.{dimension}"),
                   "–" if score is None else format_number(score, context.language, 0),
                   help=context.t(f"progress.dimension.{dimension}_help"), border=True)
