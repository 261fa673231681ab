"""The tools' charts for the workshop report, drawn by the tools' own chart builders.

Each chart is made by the function its page uses (the opportunity landscape of the canvas, the
progress scores and their trend, the funnel, its pacing and the scenario comparison), from the
inputs the report collected in :class:`~components.report.content.Report`, so the report's
charts show the pages' numbers.  For the HTML file ``vl_convert`` renders the same specs to SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import altair as alt

from components.board.cache import derived
from components.formatting import format_integer
from components.funnel.calc import STAGES
from components.funnel.stages import stage_vocabulary
from components.report.build import build
from components.report.content import Report
from components.widgets.canvas.landscape import opportunity_chart
from components.widgets.charts import specs
from components.widgets.charts import svg as chart_svg
from components.widgets.funnel.charts import comparison_chart, funnel_chart, pacing_chart
from components.widgets.progress.charts import scores_chart, trend_chart
from components.widgets.shell import PageContext

#: Width of a chart in the HTML file: about the printable width of an A4 page.
PRINT_WIDTH = 640


@dataclass(frozen=True)
class Figure:
    """A chart with the caption shown above it ("" when the chart carries its own title),
    and its drawable spec, converted once (see :func:`components.widgets.charts.specs`)."""

    caption: str
    chart: alt.TopLevelMixin
    drawable: dict

    @classmethod
    def of(cls, caption: str, chart: alt.TopLevelMixin) -> Figure:
        return cls(caption, chart, specs(chart)[1])

    @property
    def faceted(self) -> bool:
        """Small multiples keep their own width; the other charts stretch to the space."""
        return isinstance(self.chart, alt.FacetChart)


def section_charts(context: PageContext, report: Report) -> dict[str, list[Figure]]:
    """The charts of each section that has data for them, keyed by section (shared per
    board revision with the report they show, see :func:`built`)."""
    language = context.language
    charts: dict[str, list[Figure]] = {"canvas": [], "progress": [], "funnel": []}
    if report.view.opportunities:
        charts["canvas"].append(Figure.of("", opportunity_chart(report.view, language)))
    if report.scores:
        charts["progress"].append(Figure.of("", scores_chart(language, report.scores)))
    if report.trend:
        several = len({persona for _, persona, _, _ in report.trend}) > 1
        charts["progress"].append(Figure.of("", trend_chart(language, report.trend,
                                                         by_persona=several)))
    main = report.main_plan
    if main is not None:
        names = stage_vocabulary(language).stage_names
        charts["funnel"].append(Figure.of(main.scenario.name,
                                       funnel_chart(main.plan, names, language)))
        if main.plan.monthly:
            charts["funnel"].append(Figure.of(
                f"{main.scenario.name}: {context.t('funnel.tab.pacing')}",
                pacing_chart(main.plan, names, context.t("funnel.table.month"), language)))
        rows = [{"scenario": item.scenario.name, "stage": stage,
                 "count": item.plan.counts[stage],
                 "label": format_integer(item.plan.counts[stage], language)}
                for item in report.plans if item.plan is not None for stage in STAGES]
        if len(rows) > len(STAGES):
            charts["funnel"].append(Figure.of(context.t("funnel.tab.scenarios"),
                                           comparison_chart(rows, names, language)))
    return charts


def built(context: PageContext, participants: tuple[str, ...]
          ) -> tuple[Report, dict[str, list[Figure]]]:
    """The report of the open board for these participants, in the viewer's language, and
    its charts: built once per board revision, language and participants, for everyone who
    sees the same board (Altair's spec building was two thirds of the report's rerun)."""
    loaded = context.loaded

    def make() -> tuple[Report, dict[str, list[Figure]]]:
        report = build(loaded.board, context.language, participants)
        return report, section_charts(context, report)

    return derived(loaded, "report", (context.language, participants), make)


def svg(figure: Figure) -> str:
    """The chart as SVG markup at print width (faceted charts at their own size), in the
    font the PDF is printed with (see ``widgets.charts.svg``)."""
    chart = figure.chart if figure.faceted else figure.chart.properties(width=PRINT_WIDTH)
    return chart_svg(chart.to_dict())


def section_svgs(context: PageContext, report: Report,
                 chosen: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """The charts of the ``chosen`` sections as (caption, SVG markup)."""
    wanted = set(chosen)
    return {key: [(figure.caption, svg(figure)) for figure in figures]
            for key, figures in section_charts(context, report).items() if key in wanted}
