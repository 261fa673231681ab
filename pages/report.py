"""The workshop report: the whole board on one page, printable and shareable.

Reads top to bottom like the screen: which sections to include, the downloads and the
Markdown summary, then the report itself (header, and per section its summary lines, the
tools' charts and tables; the canvas section ends with the canvas itself, read-only).
"""

import streamlit as st

from components.report.content import shown_sections
from components.widgets.canvas.interactive import READ
from components.widgets.canvas.interactive import draw as draw_canvas
from components.widgets.report.charts import built
from components.widgets.report.display import (
    choose_sections,
    participants_of,
    show_header,
    show_section,
)
from components.widgets.report.share import share_panel
from components.widgets.shell import page, require_board

context = page()
st.title(context.t("nav.report"))
loaded = require_board(context)
board = loaded.board
st.caption(context.t("report.intro"))

report, charts = built(context, participants_of(context))
chosen = choose_sections(context, report)

st.subheader(context.t("report.share.title"), anchor="share")
share_panel(context, board, report, chosen)

st.divider()
show_header(report)
for section in shown_sections(report, chosen):
    show_section(section, charts.get(section.key, ()))
    if section.key == "canvas" and not section.empty:
        draw_canvas(context, (), READ)  # the canvas itself, as on /canvas and in its PNG
if not chosen:
    st.info(context.t("report.none_shown"))
