"""Sharing the workshop report: HTML and PDF files, board file and tables as ZIP, Markdown.

The files are made only when the viewer clicks a download button (rendering the charts to SVG
takes a moment), from the same :class:`~components.report.build.Report` the page shows.  Every CSV is
the one its tool page offers (same function, same columns); tables no page exports yet (stage
table, actuals, answers, votes) are written from the board's records.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import streamlit as st

from components.board import boardfile
from components.board.model import Board
from components.funnel.calc import STAGES
from components.funnel.plan import plan_csv
from components.funnel.stages import STAGE_COLUMNS, stage_vocabulary
from components.progress.view import ALL, metrics_csv, outcome_choices, snapshots_csv, views_in
from components.report import html as report_html
from components.report import snapshot
from components.report.build import Report, markdown, zip_files
from components.widgets.canvas.landscape import outcome_table
from components.widgets.report.charts import section_svgs
from components.widgets.shell import PageContext


def html_file(context: PageContext, report: Report, chosen: Iterable[str]) -> str:
    """The standalone HTML report with the charts of the chosen sections as inline SVG."""
    chosen = tuple(chosen)
    return report_html.document(report, chosen, section_svgs(context, report, chosen))


def pdf_file(context: PageContext, report: Report, chosen: Iterable[str]) -> bytes:
    """The HTML report printed to PDF (A4) by the server's headless Chromium."""
    data = snapshot.html_to_pdf(html_file(context, report, chosen))
    if data is None:  # Streamlit then tells the viewer the file could not be made
        raise RuntimeError("headless Chromium made no PDF of the report")
    return data


def board_zip(context: PageContext, board: Board, report: Report) -> bytes:
    """The board file (YAML) and every table as CSV, in one ZIP."""
    t, language = context.t, context.language
    files: dict[str, str] = {"board.yaml": boardfile.dump(board)}
    if report.view.opportunities:
        files["canvas-outcomes.csv"] = outcome_table(report.view, language,
                                                     formatted=False).to_csv(index=False)
    if board.metrics:
        files["progress-metrics.csv"] = metrics_csv(views_in(board, ALL), report.names,
                                                    outcome_choices(board))
    if board.snapshots:
        files["progress-snapshots.csv"] = snapshots_csv(board.snapshots, report.names)
    names = stage_vocabulary(language).stage_names
    for number, item in enumerate(report.plans, start=1):
        if item.plan is None:
            continue
        headers = {"stage": t("funnel.table.stage"), "rate": t("funnel.table.rate_percent"),
                   "total": t(f"funnel.table.per_period.{item.plan.inputs.period}"),
                   "per_month": t("funnel.table.per_month")}
        files[f"funnel-plan-{number}-{_slug(item.scenario.name)}.csv"] = plan_csv(
            item.plan, names, headers, lambda month: t("funnel.table.month_n", month=month))
    if board.stages:
        files["funnel-stages.csv"] = _csv(
            ("stage", *STAGE_COLUMNS),
            [(row.stage, *(getattr(row, column) for column in STAGE_COLUMNS))
             for row in sorted(board.stages, key=lambda row: STAGES.index(row.stage))])
    if board.actuals:
        files["funnel-actuals.csv"] = _csv(
            ("month", *STAGES),
            [(actual.month, *("" if getattr(actual, stage) is None else getattr(actual, stage)
                              for stage in STAGES)) for actual in board.actuals])
    if board.answers:
        files["discussion.csv"] = _csv(
            ("prompt", "question", "answer"),
            [(answer.prompt, t(f"canvas.prompts.{answer.prompt}"), answer.text)
             for answer in board.answers])
    votes = report.section("votes")
    if votes.tables:
        files["votes.csv"] = _csv(votes.tables[0].columns, votes.tables[0].rows)
    return zip_files(files)


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _slug(name: str) -> str:
    """A file-name part from a scenario name: letters and digits joined by dashes."""
    return re.sub(r"[^\w]+", "-", name.casefold(), flags=re.ASCII).strip("-")[:40] or "scenario"


def file_stem(report: Report) -> str:
    """``report-<title>-<date>``: the downloads' file names."""
    return f"report-{_slug(report.title)}-{report.date.isoformat()}"


def share_panel(context: PageContext, board: Board, report: Report,
                chosen: Sequence[str]) -> None:
    """Downloads (HTML, ZIP) and the Markdown summary with its copy button."""
    t = context.t
    stem = file_stem(report)
    buttons = st.container(horizontal=True)
    buttons.download_button(t("report.share.html"), lambda: html_file(context, report, chosen),
                            file_name=f"{stem}.html", mime="text/html",
                            help=t("report.share.html_help"), icon=":material/download:",
                            key="report_html", on_click="ignore", type="primary")
    has_browser = snapshot.browser() is not None
    buttons.download_button(t("report.share.pdf"), lambda: pdf_file(context, report, chosen),
                            file_name=f"{stem}.pdf", mime="application/pdf",
                            help=t("report.share.pdf_help" if has_browser
                                   else "report.share.pdf_unavailable"),
                            icon=":material/picture_as_pdf:", key="report_pdf",
                            on_click="ignore", disabled=not has_browser)
    buttons.download_button(t("report.share.zip"), lambda: board_zip(context, board, report),
                            file_name=f"{stem}.zip", mime="application/zip",
                            help=t("report.share.zip_help"), icon=":material/folder_zip:",
                            key="report_zip", on_click="ignore")
    st.markdown(f"**{t('report.share.markdown')}**", help=t("report.share.markdown_help"))
    st.code(markdown(report, chosen), language="markdown", wrap_lines=True, height=220)
