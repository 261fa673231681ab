"""Presentation mode: the board for a shared screen, one tool at a time, large and clean.

No sidebar, no edit controls; ← and → (or the buttons) step through canvas, progress and
funnel.  The page still follows the board live, so the screen shows what participants add.
"""

import streamlit as st

from components.funnel.plan import input_problems, inputs_of, make_plan
from components.funnel.stages import stage_vocabulary
from components.progress.view import score_rows
from components.widgets.canvas.interactive import PRESENT
from components.widgets.canvas.interactive import draw as draw_canvas
from components.widgets.charts import draw
from components.widgets.funnel.charts import funnel_chart
from components.widgets.funnel.sections import show_sentence
from components.widgets.present import PRESENTATION_CSS, step_through
from components.widgets.progress.charts import scores_chart
from components.widgets.progress.display import persona_names
from components.widgets.shell import escape_markdown, page, require_board

context = page(presenting=True)
st.html(PRESENTATION_CSS)
loaded = require_board(context)
board = loaded.board
step = step_through(context, ("canvas", "progress", "funnel"))
st.markdown(f"# {escape_markdown(board.title)} · {context.t(f'nav.{step}')}")

if step == "canvas":
    draw_canvas(context, (), PRESENT)  # read-only, zoomed to fit the screen
elif step == "progress":
    rows = score_rows(board)
    names = persona_names(context, board)
    if rows:
        draw(scores_chart, context.language, [(names[p], d, s) for p, d, s in rows])
    else:
        st.info(context.t("present.empty.progress"))
else:
    scenario = board.scenarios[0] if board.scenarios else None
    inputs = inputs_of(scenario) if scenario else None
    if inputs is None or input_problems(inputs):
        st.info(context.t("present.empty.funnel"))
    else:
        plan = make_plan(inputs)
        st.caption(escape_markdown(scenario.name))
        show_sentence(context, plan)
        draw(funnel_chart, plan, stage_vocabulary(context.language).stage_names,
             context.language)
