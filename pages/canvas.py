"""Needs vs solutions: the yin/yang canvas, its fit analysis and the opportunity landscape.

Reads top to bottom like the screen: persona choice and undo, the canvas as one interactive
element across the page's width (needs left, solutions right, links as lines, the fit
analysis on top; add, edit, link, move and vote on it), then tabs below it: editing as forms
(not for observers; the same changes as a list), the opportunity landscape with the survey
upload, the discussion prompts, downloads.  Only the open tab is drawn (see
:func:`~components.widgets.canvas.panels.section_tabs`).  What someone did on the canvas is
saved first (:func:`~components.widgets.canvas.interactive.handle_events`).
"""

import streamlit as st

from components.widgets.canvas.edit import editing_panel, undo_button
from components.widgets.canvas.interactive import draw, handle_events, view_of
from components.widgets.canvas.landscape import landscape
from components.widgets.canvas.panels import exports, persona_choice, prompts, section_tabs
from components.widgets.shell import page, require_board

context = page()
st.title(context.t("nav.canvas"))
loaded = require_board(context)
handle_events(context)
board = loaded.board
st.caption(context.t("canvas.intro"))

choice_col, undo_col = st.columns([3, 1], vertical_alignment="bottom")
with choice_col:
    shown = persona_choice(context, board)
with undo_col:
    undo_button(context)
draw(context, shown)
view = view_of(context, shown)

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
