"""Charts of the progress page (Altair), each drawn as one element with a PNG download.

The chart data carry the texts already translated (dimension names, persona names), so the
charts read in the viewer's language; Vega escapes every text it draws.  Each builder takes
the language and plain rows, so :func:`components.widgets.charts.draw` can cache its spec.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from components import i18n
from components.progress.score import DIMENSIONS
from components.progress.worth import Forces
from components.widgets.charts import Builder, draw, png
from components.widgets.shell import PageContext

#: One colour per dimension, the same in every chart.
DIMENSION_COLORS = ("#1f77b4", "#e4572e", "#17a398")
HEIGHT = 260


def _dimension_scale(language: str) -> alt.Scale:
    return alt.Scale(domain=[i18n.t(language, f"progress.dimension.{d}") for d in DIMENSIONS],
                     range=list(DIMENSION_COLORS))


def scores_chart(language: str, rows: Sequence[tuple[str, str, float]]) -> alt.Chart:
    """Per dimension one bar per persona (score 0..100): the personas compared side by side.

    ``rows``: (persona name, dimension, score).
    """
    dimension = {d: i18n.t(language, f"progress.dimension.{d}") for d in DIMENSIONS}
    axis = i18n.t(language, "progress.scores.axis")
    frame = pd.DataFrame(
        [{"persona": persona, "dimension": dimension[dim], "score": score}
         for persona, dim, score in rows])
    personas = list(dict.fromkeys(frame["persona"]))
    dimensions = list(dimension.values())
    title = i18n.t(language, "progress.scores.chart_title")
    return alt.Chart(frame, title=title, height=HEIGHT).mark_bar().encode(
        x=alt.X("dimension:N", sort=dimensions, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("persona:N", sort=personas),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title=axis),
        color=alt.Color("persona:N", sort=personas, title=None, scale=alt.Scale(scheme="set2"),
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          labelLimit=400)),
        tooltip=[alt.Tooltip("persona:N", title=i18n.t(language, "progress.scope.label")),
                 alt.Tooltip("dimension:N", title=i18n.t(language, "progress.field.dimension")),
                 alt.Tooltip("score:Q", title=axis, format=".0f")],
    )


def trend_chart(language: str,
                rows: Sequence[tuple[dt.date, str, str, float]], by_persona: bool) -> alt.Chart:
    """Each dimension's score over the saved snapshots (one line per dimension and persona).

    ``rows``: (date, persona name, dimension, score).
    """
    dimension = {d: i18n.t(language, f"progress.dimension.{d}") for d in DIMENSIONS}
    axis = i18n.t(language, "progress.scores.axis")
    date_format = i18n.t(language, "progress.chart.date_format")
    frame = pd.DataFrame(
        [{"date": pd.Timestamp(date), "persona": persona, "dimension": dimension[dim],
          "score": score} for date, persona, dim, score in rows])
    dates = sorted({date for date, *_ in rows})
    encoding = dict(
        x=alt.X("date:T", title=None,
                axis=alt.Axis(format=date_format, grid=False, labelAngle=0,
                              values=[day.isoformat() for day in dates], labelOverlap=True)),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title=axis),
        color=alt.Color("dimension:N", scale=_dimension_scale(language),
                        sort=list(dimension.values()), title=None,
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("date:T", title=i18n.t(language, "progress.snapshots.date"),
                             format=date_format),
                 alt.Tooltip("persona:N", title=i18n.t(language, "progress.scope.label")),
                 alt.Tooltip("dimension:N", title=i18n.t(language, "progress.field.dimension")),
                 alt.Tooltip("score:Q", title=axis, format=".0f")],
    )
    if by_persona:  # dashes tell the personas apart; points would blur the two legends
        encoding["strokeDash"] = alt.StrokeDash("persona:N", title=None,
                                                legend=alt.Legend(orient="bottom",
                                                                  direction="vertical",
                                                                  labelLimit=400))
    title = i18n.t(language, "progress.snapshots.chart_title")
    return alt.Chart(frame, title=title, height=HEIGHT).mark_line(
        point=not by_persona).encode(**encoding)


def forces_chart(language: str, forces: Forces) -> alt.Chart:
    """The four forces of switching: push and pull towards the switch (to the right), anxiety
    and habit against it (to the left); the verdict sentence beside it names the sides."""
    side = {sign: i18n.t(language, f"progress.worth.side_{'for' if sign > 0 else 'against'}")
            for sign in (1, -1)}
    frame = pd.DataFrame([
        {"force": i18n.t(language, f"progress.field.{name}"),
         "value": sign * getattr(forces, name), "side": side[sign]}
        for name, sign in (("push", 1), ("pull", 1), ("anxiety", -1), ("habit", -1))])
    sides = [side[1], side[-1]]
    return alt.Chart(frame, title=i18n.t(language, "progress.worth.forces_chart"),
                     height=alt.Step(32)).mark_bar().encode(
        y=alt.Y("force:N", sort=list(frame["force"]), title=None,
                axis=alt.Axis(labelLimit=220)),
        x=alt.X("value:Q", scale=alt.Scale(domain=[-10, 10]), title=None),
        color=alt.Color("side:N", legend=None,
                        scale=alt.Scale(domain=sides, range=["#17a398", "#e4572e"])),
        tooltip=[alt.Tooltip("force:N", title=i18n.t(language, "progress.worth.force")),
                 alt.Tooltip("side:N", title=i18n.t(language, "progress.worth.side")),
                 alt.Tooltip("value:Q", title=i18n.t(language, "progress.worth.rating"))],
    )


def show_chart(context: PageContext, build: Builder, args: tuple, file_name: str,
               key: str) -> None:
    """Draw the chart ``build(context.language, *args)`` and offer it as a PNG, rendered only
    when the button is clicked."""
    spec = draw(build, context.language, *args)
    st.download_button(context.t("progress.export.png"), lambda: png(spec),
                       file_name=f"{file_name}.png", mime="image/png", key=key,
                       icon=":material/image:", on_click="ignore")
