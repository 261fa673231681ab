"""Needs vs solutions: the yin/yang canvas, its fit analysis and the opportunity landscape.

Reads top to bottom like the screen: persona choice and undo, the picture with the fit panel
beside it, then tabs below it: editing (not for observers), the opportunity landscape with the
survey upload, the discussion prompts, downloads.  Only the open tab is drawn (see
:func:`~components.widgets.canvas.panels.section_tabs`).
"""

import streamlit as st

from components.canvas import picture
from components.canvas import view as canvas_view
from components.widgets.canvas.edit import editing_panel, undo_button
from components.widgets.canvas.landscape import landscape
from components.widgets.canvas.panels import (
    exports,
    fit_panel,
    persona_choice,
    prompts,
    section_tabs,
)
from components.widgets.shell import page, require_board

context = page()
st.title(context.t("nav.canvas"))
loaded = require_board(context)
board = loaded.board
st.caption(context.t("canvas.intro"))

choice_col, undo_col = st.columns([3, 1], vertical_alignment="bottom")
with choice_col:
    shown = persona_choice(context, board)
with undo_col:
    undo_button(context)
view = canvas_view.build(board, canvas_view.prefixes(context.language), shown)

picture_col, fit_col = st.columns([3, 1], gap="medium")
with picture_col:
    st.html(picture.render(view, context.language))
with fit_col:
    fit_panel(context, view)

tabs = section_tabs(context)
if "edit" in tabs and tabs["edit"].open:
    with tabs["edit"]:
        editing_panel(context, view)
if tabs["landscape"].open:
    with tabs["landscape"]:
        landscape(context, view)
if tabs["prompts"].open:
    with tabs["prompts"]:
        prompts(context)
if tabs["export"].open:
    with tabs["export"]:
        exports(context, view)
