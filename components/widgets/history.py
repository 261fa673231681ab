"""The board's history: a timeline of who changed what and when, undo, restore."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.board.store import Change
from components.formatting import format_date
from components.widgets import state
from components.widgets.editing import save
from components.widgets.shell import PageContext

TIMELINE_ROWS = 200


def history_panel(context: PageContext) -> None:
    """Timeline as one table; undo my last change; facilitators restore any revision."""
    changes = context.history(limit=TIMELINE_ROWS)
    st.dataframe(timeline(changes, context), hide_index=True, width="stretch",
                 height=260)
    if not context.can_edit:
        return
    undo_col, restore_col = st.columns(2)
    with undo_col:
        mine = context.my_last_revision()
        if mine and st.button(context.t("history.undo_mine", revision=mine),
                              icon=":material/undo:"):
            save(context, None, lambda: context.revert(mine),
                 context.t("history.undone", revision=mine))
    if context.is_facilitator:
        with restore_col.form(state.key("history_restore")):
            revisions = sorted({change.revision for change in changes}, reverse=True)[1:]
            chosen = st.selectbox(context.t("history.restore_to"), revisions)
            if st.form_submit_button(context.t("history.restore")) and chosen:
                save(context, None, lambda: context.restore(chosen),
                     context.t("history.restored", revision=chosen))


def timeline(changes: list[Change], context: PageContext) -> pd.DataFrame:
    """One row per change: revision, time, who, what happened to which record."""
    rows = [{
        context.t("history.revision"): change.revision,
        context.t("history.when"): f"{format_date(change.at.date(), context.language)} "
                                   f"{change.at:%H:%M:%S}",
        context.t("history.who"): change.author or context.t("store_error.conflict_someone"),
        context.t("history.what"): context.t(f"history.action_{change.action}"),
        context.t("history.item"): describe(change),
    } for change in changes]
    return pd.DataFrame(rows)


def describe(change: Change) -> str:
    """The record's text (or name, or title) as it was after, else before, the change."""
    for version in (change.after, change.before):
        if version:
            data = version.get("data", version)
            for field in ("text", "name", "title", "stage", "month", "prompt"):
                if data.get(field):
                    return str(data[field])[:80]
    return change.kind or ""
