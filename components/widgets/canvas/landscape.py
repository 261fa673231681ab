"""The opportunity landscape: importance against satisfaction, the ranked outcome table and the
survey upload that fills both from customers' answers.

The chart is one Altair chart (zones, the over-served diagonal, the outcomes); its PNG and SVG
are made by ``vl_convert`` only when the viewer clicks a download button.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
import vl_convert as vlc

from components import i18n
from components.board import store
from components.canvas import survey
from components.canvas.opportunity import OPPORTUNITY_BANDS, opportunity_zones
from components.canvas.picture import BAND_COLOURS
from components.canvas.view import CanvasView
from components.errors import message
from components.formatting import format_number
from components.widgets import state
from components.widgets.canvas.edit import commit
from components.widgets.charts import draw
from components.widgets.shell import PageContext, escape_markdown
from components.widgets.upload import file_drop

#: Pale fills of the band zones behind the outcomes (the dots use the strong band colours).
ZONE_COLOURS = {"extreme": "#fecaca", "strong": "#fed7aa", "worth_considering": "#fef3c7",
                "unattractive": "#f8fafc"}


def landscape(context: PageContext, view: CanvasView) -> None:
    """Chart and ranked table of the outcomes in view, then the survey upload."""
    st.caption(context.t("canvas.landscape.intro"))
    if not view.opportunities:
        st.info(context.t("canvas.landscape.empty"))
    else:
        draw(opportunity_chart, view, context.language)
        if view.unrated:
            st.caption(context.t("canvas.landscape.unrated", count=view.unrated))
        st.dataframe(outcome_table(view, context.language), hide_index=True,
                     width="stretch")
    if context.can_edit:
        with st.expander(context.t("canvas.survey.title"), icon=":material/upload_file:"):
            survey_upload(context, view)


def _band_labels(language: str) -> dict[str, str]:
    return {band: i18n.t(language, f"canvas.picture.band.{band}") for band in OPPORTUNITY_BANDS}


def _translator(language: str) -> Callable[[str], str]:
    return lambda key: i18n.t(language, f"canvas.landscape.{key}")


def opportunity_chart(view: CanvasView, language: str) -> alt.LayerChart:
    """Importance (x) against satisfaction (y) with the bands as coloured zones."""
    tr = _translator(language)
    bands = _band_labels(language)
    colour = alt.Color("band:N", legend=None, scale=alt.Scale(
        domain=list(bands.values()), range=[BAND_COLOURS[b] for b in bands]))
    zone_colour = alt.Color("band:N", title=tr("band"), legend=alt.Legend(symbolType="square"),
                            scale=alt.Scale(domain=list(bands.values()),
                                            range=[ZONE_COLOURS[b] for b in bands]))
    ticks = alt.Axis(values=list(range(11)), format="d")
    axis_x = alt.X("importance:Q", title=tr("importance"), scale=alt.Scale(domain=[0, 10]),
                   axis=ticks)
    axis_y = alt.Y("satisfaction:Q", title=tr("satisfaction"), scale=alt.Scale(domain=[0, 10]),
                   axis=ticks)
    zones = pd.DataFrame([{"importance": z.importance, "satisfaction": z.low, "high": z.high,
                           "band": bands[z.band]} for z in opportunity_zones()])
    zone_layer = alt.Chart(zones).mark_area(interpolate="linear").encode(
        x=axis_x, y=axis_y, y2="high:Q", color=zone_colour)
    diagonal = alt.Chart(pd.DataFrame({"importance": [0, 10], "satisfaction": [0, 10]})).mark_line(
        strokeDash=[6, 4], color="#1e3a8a", opacity=0.6).encode(x=axis_x, y=axis_y)
    diagonal_label = alt.Chart(pd.DataFrame({"importance": [0.3], "satisfaction": [9.4],
                                             "label": [tr("over_served_zone")]})).mark_text(
        align="left", color="#1e3a8a", fontSize=12).encode(x=axis_x, y=axis_y, text="label:N")
    points = pd.DataFrame([{
        "code": row.code, "outcome": row.text, "job": row.job, "persona": row.persona,
        "importance": row.importance, "satisfaction": row.satisfaction,
        "importance_shown": format_number(row.importance, language),
        "satisfaction_shown": format_number(row.satisfaction, language),
        "opportunity": format_number(row.score, language), "band": bands[row.band],
        "over_served": tr("yes") if row.over_served else tr("no"),
        "source": tr(f"source_{row.source}"),
    } for row in view.opportunities])
    tooltip = [alt.Tooltip("code:N", title=tr("code")),
               alt.Tooltip("outcome:N", title=tr("outcome")),
               alt.Tooltip("job:N", title=tr("job")),
               alt.Tooltip("importance_shown:N", title=tr("importance")),
               alt.Tooltip("satisfaction_shown:N", title=tr("satisfaction")),
               alt.Tooltip("opportunity:N", title=tr("opportunity")),
               alt.Tooltip("band:N", title=tr("band")),
               alt.Tooltip("over_served:N", title=tr("over_served")),
               alt.Tooltip("source:N", title=tr("source"))]
    shape = alt.Shape("over_served:N", title=tr("over_served"),
                      scale=alt.Scale(domain=[tr("no"), tr("yes")],
                                      range=["circle", "diamond"]))
    dots = alt.Chart(points).mark_point(filled=True, size=140, opacity=0.95,
                                        stroke="#111827", strokeWidth=1).encode(
        x=axis_x, y=axis_y, color=colour, shape=shape, tooltip=tooltip)
    labels = alt.Chart(points).mark_text(align="left", dx=9, dy=-7, fontSize=12,
                                         fontWeight="bold").encode(
        x=axis_x, y=axis_y, text="code:N", tooltip=tooltip)
    return alt.layer(zone_layer, diagonal, diagonal_label, dots, labels).resolve_scale(
        color="independent").properties(height=420, title=tr("chart_title"))


def outcome_table(view: CanvasView, language: str, formatted: bool = True) -> pd.DataFrame:
    """The ranked outcomes; ``formatted`` gives locale numbers, else raw numbers (CSV)."""
    tr = _translator(language)
    def number(value: float) -> str | float:
        return format_number(value, language) if formatted else value

    bands = _band_labels(language)
    rows = view.opportunities
    return pd.DataFrame({
        tr("rank"): list(range(1, len(rows) + 1)),
        tr("code"): [row.code for row in rows],
        tr("outcome"): [row.text for row in rows],
        tr("opportunity"): [number(row.score) for row in rows],
        tr("band"): [bands[row.band] for row in rows],
        tr("importance"): [number(row.importance) for row in rows],
        tr("satisfaction"): [number(row.satisfaction) for row in rows],
        tr("source"): [tr(f"source_{row.source}") for row in rows],
        tr("over_served"): [tr("over_served_hint") if row.over_served else "" for row in rows],
        tr("persona"): [row.persona for row in rows],
        tr("job"): [row.job for row in rows],
    })


def chart_png(view: CanvasView, language: str) -> bytes:
    """The chart as PNG (made on click: vl_convert takes a moment)."""
    return vlc.vegalite_to_png(opportunity_chart(view, language).properties(width=720).to_json(),
                               scale=2)


def chart_svg(view: CanvasView, language: str) -> str:
    """The chart as SVG."""
    return vlc.vegalite_to_svg(opportunity_chart(view, language).properties(width=720).to_json())


def survey_upload(context: PageContext, view: CanvasView) -> None:
    """Upload 1–5 ratings, preview the computed numbers, then save them as one revision."""
    board = context.loaded.board
    st.markdown(context.t("canvas.survey.format"))
    st.code(context.t("canvas.survey.example"), language="csv")
    st.download_button(context.t("canvas.survey.template"), lambda: survey.template(board),
                       file_name="survey-template.csv", mime="text/csv",
                       icon=":material/download:", key=state.key("canvas_survey_template"),
                       on_click="ignore")
    upload = file_drop(context, context.t("canvas.survey.upload"),
                       key=state.key("canvas_survey_file"), types=["csv", "txt"],
                       limit_mb=survey.MAX_BYTES // 1_000_000,
                       help=context.t("canvas.survey.upload_help",
                                      limit=survey.MAX_BYTES // 1_000_000))
    if upload is None:
        return
    try:
        results = survey.read(upload.getvalue()[: survey.MAX_BYTES + 1], board)
    except survey.SurveyError as error:
        where = context.t("canvas.survey.line", line=error.line) if error.line else ""
        st.error(escape_markdown(context.t("canvas.survey.failed") + " " + where
                                 + message(error, context.language, with_field=False)))
        return
    outcomes = {o.id: (job, o) for job in board.needs for o in job.outcomes}
    names = {p.id: p.name for p in board.personas}
    st.dataframe(pd.DataFrame({
        context.t("canvas.landscape.persona"): [names.get(r.persona, "") for r in results],
        context.t("canvas.landscape.code"): [view.codes.get(r.outcome, "") for r in results],
        context.t("canvas.landscape.outcome"): [outcomes[r.outcome][1].text for r in results],
        context.t("canvas.survey.respondents"): [r.respondents for r in results],
        context.t("canvas.landscape.importance"): [
            format_number(survey.stored(r.importance), context.language, 2) for r in results],
        context.t("canvas.landscape.satisfaction"): [
            format_number(survey.stored(r.satisfaction), context.language, 2) for r in results],
    }), hide_index=True, width="stretch")
    st.markdown(escape_markdown(context.t("canvas.survey.ready", count=len(results))))
    if st.button(context.t("canvas.survey.apply"), type="primary",
                 key=state.key("canvas_survey_apply"), icon=":material/done_all:"):
        # built from the records as this run loaded them, so their revision is the right base
        revision = context.loaded.revision
        operations = []
        for result in results:
            outcome = outcomes[result.outcome][1]
            data = outcome.model_dump(mode="json", exclude={"id"})
            data.update(importance=survey.stored(result.importance),
                        satisfaction=survey.stored(result.satisfaction), source="survey")
            operations.append(store.Update(outcome.id, data, revision))
        commit(context, None, operations, context.t("canvas.survey.applied", count=len(results)))
