"""Pieces of the presentation mode: large type without the app's chrome, and stepping."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.widgets.shell import PageContext

#: Hides the sidebar and toolbar, uses the full width and larger type (readable when a
#: 1280×720 screen is shared).
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: 1rem 2rem 2rem;}
[data-testid="stMain"] {font-size: 1.2rem;}
[data-testid="stMarkdownContainer"] h1 {font-size: 2rem; padding-top: 0;}
</style>"""


def step_through(context: PageContext, steps: Sequence[str]) -> str:
    """Previous / next buttons (keys ← and →) and the tool shown now, kept in the URL."""
    current = st.query_params.get("step")
    index = steps.index(current) if current in steps else 0
    previous_col, where_col, next_col = st.columns([1, 4, 1], vertical_alignment="center")
    if previous_col.button(context.t("present.previous"), icon=":material/arrow_back:",
                           shortcut="Left", disabled=index == 0, width="stretch"):
        index -= 1
    if next_col.button(context.t("present.next"), icon=":material/arrow_forward:",
                       shortcut="Right", disabled=index == len(steps) - 1, width="stretch"):
        index += 1
    where_col.caption(context.t("present.where", number=index + 1, total=len(steps)))
    st.query_params["step"] = steps[index]
    return steps[index]
