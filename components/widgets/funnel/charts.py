"""Altair charts of the funnel page, and their PNG/SVG downloads.

Labels are formatted in Python (Babel, the viewer's language); the charts' own axis numbers
follow the same locale through Vega's ``config.locale``.  Each chart is one Vega-Lite spec,
so the page draws it as one element and ``vl_convert`` renders the very same spec to a file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import streamlit as st
from babel import numbers as babel_numbers

from components.formatting import format_integer, format_money, format_percent, locale_of
from components.funnel.calc import STAGES
from components.funnel.plan import Plan, fraction_as_decimal
from components.widgets import state
from components.widgets.charts import png, svg
from components.widgets.shell import PageContext

if TYPE_CHECKING:
    from streamlit.elements.lib.mutable_popover_container import PopoverContainer

# Suspects darkest, references lightest: the funnel empties as it narrows.
STAGE_COLOURS = alt.Scale(scheme=alt.SchemeParams(name="blues", extent=[0.95, 0.4]))
# Bar widths grow with the logarithm of the count, so that 8 references stay visible beside
# 8,000 suspects; a stage with people is never narrower than this share of the widest bar.
MIN_BAR_SHARE = 0.04
# One funnel bar per row of the stage table drawn beside it: same height, below its header.
# Rows taller than 64 pixels let the table's texts wrap (Streamlit's data editor).
ROW_PIXELS = 92
HEADER_PIXELS = 36
# Counts of people: an axis of 0–1 must not label its 0.5 tick (",d" would print it as "1").
WHOLE_NUMBER_AXIS = alt.Axis(format=",d", labelExpr="datum.value % 1 ? '' : datum.label")
REACHED_COLOUR, OPEN_COLOUR, TARGET_COLOUR = "#1c6bb0", "#9ecae1", "#d62728"


def vega_locale(language: str) -> dict:
    """Decimal and grouping signs of the viewer's locale for Vega's number formats."""
    locale = locale_of(language)
    return {"number": {"decimal": babel_numbers.get_decimal_symbol(locale),
                       "thousands": babel_numbers.get_group_symbol(locale),
                       "grouping": [3], "currency": ["", ""]}}


def bar_share(count: int, widest: int) -> float:
    """A stage's bar width as a share of the widest: ``log(1 + count) / log(1 + widest)``.

    Example: 8000 suspects 1.0, 800 leads 0.74, 80 consumers 0.49, 8 references 0.24.
    """
    if count <= 0 or widest <= 0:
        return 0.0
    return max(math.log1p(count) / math.log1p(widest), MIN_BAR_SHARE)


def funnel_chart(plan: Plan, stage_names: Mapping[str, str], language: str) -> alt.Chart:
    """The six stages as centred bars that narrow, labelled with count and conversion rate.

    Widths follow ``bar_share`` (a logarithmic scale: the lower stages stay legible); each
    label reads ``800 · 10 %`` (people, and the rate at which the stage above converts into
    this one).
    """
    widest = max(plan.counts.values())
    rows = []
    for order, stage in enumerate(STAGES):
        count = plan.counts[stage]
        half = bar_share(count, widest) / 2
        rate = plan.rate_into(stage)
        label = format_integer(count, language)
        if rate is not None:
            label += f" · {format_percent(rate, language)}"
        rows.append({"order": order, "stage": stage_names[stage], "left": -half, "right": half,
                     "label": label})
    data = pd.DataFrame(rows)
    sort = [stage_names[stage] for stage in STAGES]
    scale = alt.Scale(domain=[-0.5, 0.95])
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", sort=sort, title=None,
                axis=alt.Axis(ticks=False, domain=False, labelFontSize=13, labelPadding=8)),
        tooltip=[alt.Tooltip("stage:N", title=" "), alt.Tooltip("label:N", title=" ")],
    )
    bars = base.mark_bar(cornerRadius=3, height={"band": 0.7}).encode(
        x=alt.X("left:Q", scale=scale, axis=None), x2="right:Q",
        color=alt.Color("order:O", scale=STAGE_COLOURS, legend=None),
    )
    labels = base.mark_text(align="left", dx=6, fontSize=13, fontWeight="bold",
                            color="#262730").encode(x=alt.X("right:Q", scale=scale),
                                                    text="label:N")
    # Streamlit fits the whole chart, padding included, into ``height``.
    return (bars + labels).properties(
        height=HEADER_PIXELS + ROW_PIXELS * len(STAGES),
        padding={"top": HEADER_PIXELS, "bottom": 0, "left": 4, "right": 4},
    ).configure(locale=vega_locale(language), view=alt.ViewConfig(stroke=None))


def pacing_chart(plan: Plan, stage_names: Mapping[str, str], month_title: str,
                 language: str) -> alt.Chart:
    """New people per stage and month, one small bar chart per stage (own scale each)."""
    rows = [{"month": month.month, "order": order, "stage": stage_names[stage],
             "entries": month.entries[stage], "label": format_integer(month.entries[stage],
                                                                      language)}
            for month in plan.monthly or () for order, stage in enumerate(STAGES)]
    bars = alt.Chart(pd.DataFrame(rows)).mark_bar(cornerRadius=2).encode(
        x=alt.X("month:O", title=month_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("entries:Q", title=None, axis=WHOLE_NUMBER_AXIS),
        color=alt.Color("order:O", scale=STAGE_COLOURS, legend=None),
        tooltip=[alt.Tooltip("stage:N", title=" "), alt.Tooltip("month:O", title=month_title),
                 alt.Tooltip("label:N", title=" ")],
    ).properties(width=210, height=110)
    return _facets(bars, stage_names, language)


def revenue_chart(plan: Plan, titles: Mapping[str, str], language: str) -> alt.Chart:
    """Revenue counted when it comes in, added up month by month, against the target.

    ``titles`` names the axes and the legend: ``month``, ``cumulative``, ``target``.
    """
    target = fraction_as_decimal(plan.inputs.target_revenue)
    currency = plan.inputs.currency
    rows, total = [], 0
    for month in plan.monthly or ():
        total += month.revenue
        amount = fraction_as_decimal(total)
        rows.append({"month": month.month, "cumulative": float(amount),
                     "reached": bool(total >= plan.inputs.target_revenue),
                     "label": format_money(amount, currency, language)})
    bars = alt.Chart(pd.DataFrame(rows)).mark_bar(cornerRadius=2).encode(
        x=alt.X("month:O", title=titles["month"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cumulative:Q", title=titles["cumulative"], axis=alt.Axis(format=",.0f")),
        color=alt.Color("reached:N", legend=None,
                        scale=alt.Scale(domain=[True, False],
                                        range=[REACHED_COLOUR, OPEN_COLOUR])),
        tooltip=[alt.Tooltip("month:O", title=titles["month"]),
                 alt.Tooltip("label:N", title=titles["cumulative"])],
    )
    line = alt.Chart(pd.DataFrame([{"target": float(target), "label": titles["target"]}])
                     ).encode(y="target:Q")
    rule = line.mark_rule(color=TARGET_COLOUR, strokeDash=[6, 4], size=2)
    text = line.mark_text(align="left", baseline="bottom", dx=4, dy=-3, color=TARGET_COLOUR,
                          fontWeight="bold").encode(text="label:N", x=alt.value(0))
    return (bars + rule + text).properties(height=240).configure(
        locale=vega_locale(language), view=alt.ViewConfig(stroke=None))


def comparison_chart(rows: Sequence[Mapping], stage_names: Mapping[str, str], language: str
                     ) -> alt.Chart:
    """People needed per stage, one bar per scenario, one small chart per stage.

    ``rows`` hold ``scenario``, ``stage`` (the key), ``count`` and ``label``.
    """
    data = pd.DataFrame([{**row, "stage": stage_names[row["stage"]]} for row in rows])
    bars = alt.Chart(data).mark_bar(cornerRadius=2).encode(
        x=alt.X("scenario:N", title=None, sort=None,
                axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("count:Q", title=None, axis=WHOLE_NUMBER_AXIS),
        color=alt.Color("scenario:N", sort=None, title=None,
                        # one scenario a line: long names are read whole, never overlap
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=640)),
        tooltip=[alt.Tooltip("scenario:N", title=" "), alt.Tooltip("stage:N", title=" "),
                 alt.Tooltip("label:N", title=" ")],
    ).properties(width=210, height=120)
    return _facets(bars, stage_names, language)


def _facets(chart: alt.Chart, stage_names: Mapping[str, str], language: str) -> alt.FacetChart:
    return chart.facet(
        facet=alt.Facet("stage:N", sort=[stage_names[stage] for stage in STAGES], title=None,
                        header=alt.Header(labelFontSize=13, labelFontWeight="bold",
                                          labelAnchor="start")),
        columns=3,
    ).resolve_scale(y="independent").configure(locale=vega_locale(language))


def download_menu(context: PageContext, name: str) -> PopoverContainer | None:
    """A "Download" menu whose buttons are drawn only while it is open (opening it reruns
    the page): every other rerun pays one element for the downloads, not a row of them."""
    menu = st.popover(context.t("funnel.export.menu"), icon=":material/download:",
                      key=state.key("funnel_downloads", name), on_change="rerun")
    return menu if menu.open else None


def chart_downloads(context: PageContext, spec: dict, name: str) -> None:
    """PNG and SVG downloads of a chart's spec, rendered by vl_convert only when clicked."""
    if not (menu := download_menu(context, name)):
        return
    menu.download_button(context.t("funnel.export.png"), lambda: png(spec),
                         file_name=f"{name}.png", mime="image/png",
                         key=state.key("funnel_png", name), icon=":material/image:",
                         on_click="ignore")
    menu.download_button(context.t("funnel.export.svg"), lambda: svg(spec),
                         file_name=f"{name}.svg", mime="image/svg+xml",
                         key=state.key("funnel_svg", name), icon=":material/draw:",
                         on_click="ignore")
