"""Presentation mode: the board for a projector, one step at a time, large and clean.

No sidebar, no edit controls, no presence; a way out, and ← → (or the buttons) step through
joining (QR code and link), the canvas, progress and the funnel, each filling the screen.
The facilitator can let participants follow the step shown.  The page follows the board
live, so the screen shows what participants add.
"""

import streamlit as st

from components.funnel.plan import input_problems, inputs_of, make_plan
from components.widgets.canvas.interactive import PRESENT
from components.widgets.canvas.interactive import draw as draw_canvas
from components.widgets.present import (
    PRESENTATION_CSS,
    funnel_slide,
    join_slide,
    progress_slide,
    step_through,
)
from components.widgets.shell import escape_markdown, page, require_board

context = page(presenting=True)
st.html(PRESENTATION_CSS)
loaded = require_board(context)
board = loaded.board
step = step_through(context)
st.markdown(f"# {escape_markdown(board.title)} · {context.t(f'present.step.{step}')}")

if step == "join":
    join_slide(context)
elif step == "canvas":
    draw_canvas(context, (), PRESENT)  # read-only, zoomed to fit the screen
elif step == "progress":
    if not progress_slide(context, board):
        st.info(context.t("present.empty.progress"))
else:
    scenario = board.scenarios[0] if board.scenarios else None
    inputs = inputs_of(scenario) if scenario else None
    if inputs is None or input_problems(inputs):
        st.info(context.t("present.empty.funnel"))
    else:
        funnel_slide(context, scenario.name, make_plan(inputs))
