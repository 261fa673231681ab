"""The workshop report on the page: who took part, the section switches, each section.

A section is drawn as one Markdown block for its lines (every user text escaped), one chart
element per chart and one dataframe per table, so a big board stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components import i18n
from components.board.cache import derived
from components.i18n import LANGUAGES
from components.report.build import participants
from components.report.content import SECTIONS, Report, Section, Table, meta_lines
from components.report.export import lines_markdown
from components.widgets import state
from components.widgets.report.charts import Figure
from components.widgets.shell import PageContext, escape_markdown


def participants_of(context: PageContext) -> tuple[str, ...]:
    """Who changed the board (its history's authors) and who is on it now, by name.

    Viewers who gave no name show as "Guest 1a2b" in the live panel; they are left out here,
    a report names people.
    """
    authors = derived(context.loaded, "authors", (),
                      lambda: tuple(change.author for change in context.history()))
    present = context.here_now()
    return participants(authors, [name for name in present if not _GUEST.match(name)])


#: The live panel's name for a viewer without a name, in any language ("Guest 1a2b").
_GUEST = re.compile("^(?:" + "|".join(
    re.escape(i18n.t(language, "workshop.guest", number="@@")).replace("@@", "[0-9a-f]{4}")
    for language in LANGUAGES) + ")$")


def choose_sections(context: PageContext, report: Report) -> tuple[str, ...]:
    """One checkbox per section, all on at first; returns the keys switched on."""
    st.markdown(f"**{context.t('report.sections_label')}**")
    row = st.container(horizontal=True, gap="medium")
    chosen = []
    for section in report.sections:
        if row.checkbox(section.title, value=True, key=state.key("report_section", section.key)):
            chosen.append(section.key)
    return tuple(key for key in SECTIONS if key in chosen)


def show_header(report: Report) -> None:
    """Title, description, date, participants and the board's language."""
    st.header(escape_markdown(report.title), anchor=False)
    if report.description:
        st.markdown(escape_markdown(report.description))
    st.markdown("  \n".join(f"**{escape_markdown(label)}:** {escape_markdown(value)}"
                            for label, value in meta_lines(report)))


def show_section(section: Section, figures: Sequence[Figure]) -> None:
    """A section's heading, lines, charts and tables; an empty one as a single line."""
    st.subheader(escape_markdown(section.title), anchor=f"report-{section.key}")
    if section.empty:
        st.caption(escape_markdown(section.lines[0].text))
        return
    st.markdown(lines_markdown(section, one_line))
    for figure in figures:
        if figure.caption:
            st.markdown(f"**{escape_markdown(figure.caption)}**")
        st.vega_lite_chart(figure.drawable, width="content" if figure.faceted else "stretch")
    for table in section.tables:
        show_table(table)


def one_line(value: str) -> str:
    """User text escaped for Streamlit's Markdown and kept on one line."""
    return escape_markdown(" ".join(value.split()))


def show_table(table: Table) -> None:
    """A report table as one dataframe, numbers aligned right."""
    st.markdown(f"**{escape_markdown(table.title)}**")
    frame = pd.DataFrame(list(table.rows), columns=_unique(table.columns))
    config = {frame.columns[index]: st.column_config.TextColumn(alignment="right")
              for index in table.numeric}
    st.dataframe(frame, hide_index=True, column_config=config)


def _unique(columns: Sequence[str]) -> list[str]:
    """Column headers made unique (a dataframe needs that; two may translate alike)."""
    seen: dict[str, int] = {}
    unique = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        unique.append(column if seen[column] == 1 else f"{column} ({seen[column]})")
    return unique
