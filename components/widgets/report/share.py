"""Sharing the workshop report: HTML and PDF files, board file and tables as ZIP, Markdown.

The files are made only when the viewer clicks a download button (rendering the charts to SVG
takes a moment), from the same :class:`~components.report.content.Report` the page shows;
what goes into the ZIP and the Markdown is :mod:`components.report.export`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from components.board.model import Board
from components.canvas import picture
from components.report import html as report_html
from components.report import snapshot
from components.report.content import Report
from components.report.export import board_files, file_stem, markdown, zip_files
from components.widgets import state
from components.widgets.canvas.landscape import outcome_table
from components.widgets.report.charts import section_svgs
from components.widgets.shell import PageContext

#: Width of the window the canvas picture of the report is drawn in (it is shown at the
#: report's width: about A4's, so its type stays readable on paper).
CANVAS_PIXELS = 1100


def html_file(context: PageContext, report: Report, chosen: Iterable[str]) -> str:
    """The standalone HTML report with the charts of the chosen sections as inline SVG and
    the canvas as a picture (drawn by the server's Chromium; without one, its outline)."""
    chosen = tuple(chosen)
    canvas = None
    if "canvas" in chosen and not report.section("canvas").empty:
        canvas = snapshot.html_to_png(picture.document(report.view, context.language),
                                      width=CANVAS_PIXELS)
    return report_html.document(report, chosen, section_svgs(context, report, chosen), canvas)


def pdf_file(context: PageContext, report: Report, chosen: Iterable[str]) -> bytes:
    """The HTML report printed to PDF (A4) by the server's headless Chromium."""
    data = snapshot.html_to_pdf(html_file(context, report, chosen))
    if data is None:  # Streamlit then tells the viewer the file could not be made
        raise RuntimeError("headless Chromium made no PDF of the report")
    return data


def board_zip(board: Board, report: Report) -> bytes:
    """The board file (YAML) and every table as CSV, in one ZIP (see ``export.board_files``)."""
    outcomes = (outcome_table(report.view, report.language, formatted=False).to_csv(index=False)
                if report.view.opportunities else None)
    return zip_files(board_files(board, report, outcomes))


def share_panel(context: PageContext, board: Board, report: Report,
                chosen: Sequence[str]) -> None:
    """Downloads (HTML, PDF, ZIP, Markdown) and the Markdown summary with its copy button."""
    stem = file_stem(report)
    buttons = st.container(horizontal=True)
    buttons.download_button(context.t("report.share.html"),
                            lambda: html_file(context, report, chosen),
                            file_name=f"{stem}.html", mime="text/html",
                            help=context.t("report.share.html_help"), icon=":material/download:",
                            key=state.key("report_html"), on_click="ignore", type="primary")
    has_browser = snapshot.browser() is not None
    buttons.download_button(context.t("report.share.pdf"),
                            lambda: pdf_file(context, report, chosen),
                            file_name=f"{stem}.pdf", mime="application/pdf",
                            help=context.t("report.share.pdf_help" if has_browser
                                           else "report.share.pdf_unavailable"),
                            icon=":material/picture_as_pdf:", key=state.key("report_pdf"),
                            on_click="ignore", disabled=not has_browser)
    buttons.download_button(context.t("report.share.zip"), lambda: board_zip(board, report),
                            file_name=f"{stem}.zip", mime="application/zip",
                            help=context.t("report.share.zip_help"), icon=":material/folder_zip:",
                            key=state.key("report_zip"), on_click="ignore")
    summary = markdown(report, chosen)
    buttons.download_button(context.t("report.share.markdown_file"), summary,
                            file_name=f"{stem}.md", mime="text/markdown",
                            icon=":material/description:", key=state.key("report_markdown"),
                            on_click="ignore")
    st.markdown(f"**{context.t('report.share.markdown')}**",
                help=context.t("report.share.markdown_help"))
    st.code(summary, language="markdown", wrap_lines=True, height=220)
