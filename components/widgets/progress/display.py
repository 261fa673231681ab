"""What the progress page reads out: GAIN/GAP sentences, the metric table, scores, verdicts.

Each function draws one element (a Markdown block, a dataframe, a row of metrics) from the
views computed in :mod:`components.progress.view`; every user text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from components.board.model import Board, Worth
from components.errors import message
from components.formatting import format_date, format_number, format_percent
from components.progress import view as progress_view
from components.progress.score import DIMENSIONS
from components.progress.view import (
    NO_PERSONA,
    Judgement,
    MetricView,
    gain_sentence,
    gap_sentence,
    judge,
    money,
    switch_sentence,
    views_in,
    worth_of,
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
    return (gap_sentence if show_gap else gain_sentence)(view, context.language)


def show_progress_lines(context: PageContext, views: Sequence[MetricView], show_gap: bool,
                        names: Mapping[str | None, str], with_persona: bool) -> None:
    """One line per metric: its name and its GAIN (or GAP) sentence, as one Markdown block."""
    lines = []
    for view in views:
        persona = f" ({escape_markdown(names[view.metric.persona])})" if with_persona else ""
        sentence = escape_markdown(progress_sentence(context, view, show_gap))
        lines.append(f"- **{escape_markdown(view.metric.name)}**{persona}: {sentence}")
    st.markdown("\n".join(lines))


def show_outcome_notes(context: PageContext, views: Sequence[MetricView]) -> None:
    """Say which half of the desired outcome is missing where exactly one half is (seed 001)."""
    lines = [f"- **{escape_markdown(view.metric.name)}**: "
             + escape_markdown(context.t(f"progress.outcome.{view.desired_outcome}_note"))
             for view in views
             if view.desired_outcome in ("missing_experience", "missing_outcome")]
    if lines:
        st.warning("\n".join(lines), icon=":material/flight_land:")


def show_metric_table(context: PageContext, views: Sequence[MetricView], show_gap: bool,
                      names: Mapping[str | None, str], outcome_texts: Mapping[str, str],
                      with_persona: bool) -> None:
    """All metrics in scope as one table, numbers and dates in the viewer's locale."""
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
            context.t("progress.table.desired"): context.t(
                f"progress.outcome.{view.desired_outcome}"),
            column["outcome"]: outcome_texts.get(metric.outcome or "", ""),
            context.t("progress.table.measured"): _measured(context, metric.baseline_date,
                                                            metric.current_date),
        }
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def _measured(context: PageContext, start: dt.date | None, now: dt.date | None) -> str:
    dates = [format_date(day, context.language) if day else "…" for day in (start, now)]
    return "" if start is None and now is None else " → ".join(dates)


def show_scores(context: PageContext, scores: Mapping[str, float | None]) -> None:
    """The three dimension scores 0..100 of the scope, side by side."""
    for column, dimension in zip(st.columns(3), DIMENSIONS, strict=True):
        score = scores[dimension]
        column.metric(context.t(f"progress.dimension.{dimension}"),
                      "–" if score is None else format_number(score, context.language, 0),
                      help=context.t(f"progress.dimension.{dimension}_help"), border=True)


_VERDICT_BOX = {"clearly_above": st.success, "close": st.warning, "below": st.error}


def show_verdict(context: PageContext, judgement: Judgement, currency: str | None) -> None:
    """Worth it? The verdict with benefit and cost, how it is reached, and what moves it."""
    verdict = judgement.verdict
    if verdict is None:
        st.info(context.t("progress.worth.no_metrics"))
        return
    _VERDICT_BOX[verdict.verdict](context.t(
        f"progress.worth.verdict_{verdict.verdict}",
        benefit=escape_markdown(money(verdict.benefit, currency, context.language)),
        cost=escape_markdown(money(verdict.cost, currency, context.language))))
    st.caption(context.t("progress.worth.how", reached=format_percent(judgement.fraction,
                                                                      context.language)))
    tipping = judgement.tipping
    if tipping is not None:
        after = context.t(f"progress.worth.short_{tipping.after.verdict}")
        st.markdown(escape_markdown(context.t("progress.worth.tipping", metric=tipping.name,
                                              verdict=after)))
    elif verdict.verdict != "clearly_above":
        st.markdown(escape_markdown(context.t("progress.worth.no_tipping")))


def show_forces_verdict(context: PageContext, judgement: Judgement) -> None:
    """Switch likely only when push + pull outweigh anxiety + habit."""
    forces = judgement.forces
    (st.success if forces.likely else st.warning)(switch_sentence(forces, context.language))


def show_worth_overview(context: PageContext, board: Board, names: Mapping[str | None, str],
                        currency: str | None) -> None:
    """All personas' worth-it verdicts and forces in one table (the "all personas" scope)."""
    rows = []
    for persona in [*(p.id for p in board.personas), None]:
        worth: Worth | None = worth_of(board, persona)
        if worth is None:
            continue
        judgement = judge(views_in(board, persona or NO_PERSONA), worth)
        verdict = judgement.verdict
        rows.append({
            context.t("progress.scope.label"): names[persona],
            context.t("progress.worth.verdict"): (
                context.t(f"progress.worth.short_{verdict.verdict}") if verdict else "–"),
            context.t("progress.worth.benefit"): (
                money(verdict.benefit, currency, context.language) if verdict else ""),
            context.t("progress.worth.cost"): (
                money(verdict.cost, currency, context.language) if verdict else ""),
            context.t("progress.worth.switch"): context.t(
                "progress.worth.switch_yes" if judgement.forces.likely
                else "progress.worth.switch_no"),
        })
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.info(context.t("progress.worth.none_saved"))

