"""The stage table of seed 004 on the funnel page: six stages × five columns, editable.

A board's table starts empty; the worked examples (hair salon, electronics design service)
are offered and fill the editor only when picked, in the board's language, and become the
board's content once saved.  Rows are tall enough for the texts to wrap, and line up with the
bars of the funnel chart beside them (``charts.ROW_PIXELS``).  The editor is an
``editing.open_form`` form, so an edit is based on the revision it was first drawn at.

A saved table is shown read-only, made once per board revision and language, with "Edit stage
table" for those who may edit; the editor (a grid widget, the page's costliest element,
paid on every rerun while it is drawn) opens on that click and closes when the table is
saved or the edit cancelled.  A table with no saved row yet opens in the editor: there is
nothing to read yet, only to fill in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from components.board.cache import derived
from components.board.model import Board
from components.board.store import LoadedBoard
from components.funnel.calc import STAGES
from components.funnel.stages import STAGE_COLUMNS, stage_operations, stage_rows, stage_vocabulary
from components.widgets import state
from components.widgets.editing import open_form, save
from components.widgets.funnel.charts import HEADER_PIXELS, ROW_PIXELS
from components.widgets.funnel.inputs import conflict_fields
from components.widgets.shell import PageContext

TEMPLATE_KEY = state.key("funnel_stage_template")
#: True while the viewer edits a saved stage table.
EDITING_KEY = state.key("funnel_stages_editing")
EMPTY = ""
# Wide enough to read a few words a line, narrow enough to show several columns at once.
STAGE_COLUMN_PIXELS = 190


def pick_stage_template(context: PageContext, board: Board) -> str | None:
    """The worked example that fills the stage table, offered while the board has no rows
    (None: the table starts empty)."""
    if board.stages:
        return None
    templates = [EMPTY, *stage_vocabulary(board.language).templates]
    template_col, note_col = st.columns([1, 2], vertical_alignment="bottom")
    with template_col:
        chosen = st.selectbox(
            context.t("funnel.stages.template"), templates, key=TEMPLATE_KEY,
            format_func=lambda key: context.t(f"funnel.stages.templates.{key or 'empty'}"))
    note_col.caption(context.t("funnel.stages.prefilled" if chosen else "funnel.stages.empty"))
    return chosen or None


def stage_table(context: PageContext, loaded: LoadedBoard, template_key: str | None
                ) -> None:
    """The table, one row beside each bar of the funnel chart: read, or edited.

    Rows not saved yet come from ``template_key``'s example in the board's language (empty
    without one); titles, questions and stage names follow the viewer's language.
    """
    board = loaded.board
    if not context.can_edit or (board.stages and not st.session_state.get(EDITING_KEY)):
        # Arrow: immutable, so one table is shown to everyone on this revision
        table = derived(loaded, "funnel.stage_table", (context.language,), lambda: pa.Table.
                        from_pandas(_table(context.language, board, None), preserve_index=False))
        st.dataframe(table, column_config=_columns(context), hide_index=True,
                     row_height=ROW_PIXELS, height=_height(table.num_rows))
        if context.can_edit:
            st.button(context.t("funnel.stages.edit"), icon=":material/edit:",
                      key=state.key("funnel_stages_edit"),
                      on_click=lambda: st.session_state.update({EDITING_KEY: True}))
        return
    frame = _table(context.language, board, template_key)
    # fixed rows: the editor keeps what was typed while others change cells (a conflict then)
    form = open_form(context, state.form_id("funnel_stages", template_key))
    with st.form(form.key, border=False):
        edited = st.data_editor(frame, column_config=_columns(context), num_rows="fixed",
                                hide_index=True, row_height=ROW_PIXELS, height=_height(len(frame)),
                                key=f"{form.key}_editor")
        buttons = st.container(horizontal=True)
        submitted = buttons.form_submit_button(context.t("funnel.stages.save"),
                                               icon=":material/save:", type="primary")
        cancelled = bool(board.stages) and buttons.form_submit_button(
            context.t("funnel.stages.cancel"), icon=":material/close:")
    if cancelled:
        st.session_state.pop(EDITING_KEY, None)
        st.rerun()
    if not submitted:
        return
    new_rows = [{"stage": stage, **{column: values[column] for column in STAGE_COLUMNS}}
                for stage, values in edited.to_dict("index").items() if stage in STAGES]
    operations = stage_operations(board.stages, new_rows, form.base)
    if operations:
        save(context, form, operations, context.t("funnel.stages.saved"), conflict_fields(context),
             on_saved=lambda _revision: st.session_state.pop(EDITING_KEY, None))
    else:
        st.info(context.t("funnel.nothing_changed"))


def _table(language: str, board: Board, template_key: str | None) -> pd.DataFrame:
    """The six rows: the stage in the viewer's words, then the board's (or example's) texts."""
    viewer = stage_vocabulary(language)
    template = stage_vocabulary(board.language).templates.get(template_key or "")
    rows = stage_rows(board.stages, template)
    return pd.DataFrame([{"name": f"{viewer.stage_names[row['stage']]}: "
                                  f"{viewer.stage_meanings[row['stage']]}",
                          **{column: row[column] for column in STAGE_COLUMNS}} for row in rows],
                        index=pd.Index([row["stage"] for row in rows]))


def _columns(context: PageContext) -> dict[str, Any]:
    viewer = stage_vocabulary(context.language)
    return {"name": st.column_config.TextColumn(context.t("funnel.table.stage"), disabled=True,
                                                width=150, pinned=True),
            **{column: st.column_config.TextColumn(viewer.columns[column], max_chars=1000,
                                                   help=viewer.questions.get(column),
                                                   width=STAGE_COLUMN_PIXELS)
               for column in STAGE_COLUMNS}}


def _height(rows: int) -> int:
    """Every row shown, none scrolled (lined up with the funnel chart's bars)."""
    return HEADER_PIXELS + ROW_PIXELS * rows + 3
