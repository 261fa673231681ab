"""Boards: create, open, rename, duplicate, delete (with undo), import, export, examples."""

import streamlit as st

from components.board import boardfile, store
from components.board.model import LANGUAGES, Board
from components.examples import examples_for
from components.formatting import format_date
from components.widgets.boards import create_and_open, open_as_facilitator, open_board
from components.widgets.editing import Fields, open_form, save
from components.widgets.history import history_panel
from components.widgets.shell import escape_markdown, flash, page
from components.widgets.state import UNDO
from components.widgets.workshop import (
    brainstorm_controls,
    facilitator_controls,
    links_panel,
    vote_panel,
)

context = page()
t = context.t
st.title(t("app.name"))
st.caption(t("app.tagline"))

if context.loaded:
    loaded = context.loaded
    with st.container(border=True):
        st.subheader(t("home.manage"))
        st.markdown(f"### {escape_markdown(loaded.board.title)}")
        st.caption(t("home.revision", revision=loaded.revision))
        links_panel(context)
        facilitator_controls(context)
        brainstorm_controls(context)
        with st.expander(context.t("workshop.votes"), icon=":material/how_to_vote:",
                         expanded=bool(loaded.board.votes)):
            vote_panel(context)
        if context.is_facilitator:
            rename_col, actions_col = st.columns([2, 1])
            rename = open_form(context, "home_rename@")
            with rename_col.form("rename"):
                new_title = st.text_input(t("home.rename"), loaded.board.title, max_chars=1000,
                                          key=f"{rename.key}_title")
                if st.form_submit_button(t("home.rename_button")):
                    save(context, rename, [store.Meta({"title": new_title}, rename.base)],
                         t("home.renamed", title=escape_markdown(new_title.strip())),
                         Fields(t("home.rename"), str))
            with actions_col:
                if st.button(t("home.duplicate"), icon=":material/content_copy:"):
                    copy_title = t("home.copy_of", title=loaded.board.title)[:1000]
                    copy_id = store.duplicate(context.engine, loaded.id, copy_title,
                                              context.author)
                    flash("success", t("home.duplicated"))
                    open_as_facilitator(context, copy_id)
                if st.button(t("home.delete"), icon=":material/delete:"):
                    store.delete_board(context.engine, loaded.id)
                    st.session_state[UNDO] = ("delete_board", loaded.id, loaded.board.title)
                    flash("warning",
                          t("home.deleted", title=escape_markdown(loaded.board.title)))
                    open_board(None)
        st.download_button(t("home.export"), lambda: boardfile.dump(loaded.board),
                           file_name="board.yaml", mime="application/yaml",
                           icon=":material/download:", on_click="ignore")
        with st.expander(t("history.title"), icon=":material/history:"):
            history_panel(context)

undo = st.session_state.get(UNDO)
if undo and undo[0] == "delete_board":
    if st.button(t("home.undo_delete"), icon=":material/undo:", type="primary"):
        store.restore_board(context.engine, undo[1])
        st.session_state.pop(UNDO)
        flash("success", t("home.restored", title=escape_markdown(undo[2])))
        open_as_facilitator(context, undo[1])

recent_col, create_col = st.columns([3, 2], gap="large")

with recent_col:
    st.subheader(t("home.recent"))
    boards = store.list_boards(context.engine)
    if not boards:
        st.info(t("home.none_yet"))
    for summary in boards:
        title_col, date_col, open_col = st.columns([4, 2, 1], vertical_alignment="center")
        title_col.markdown(f"**{escape_markdown(summary.title)}**")
        date_col.caption(t("home.updated_on",
                           date=format_date(summary.updated_at.date(), context.language)))
        if summary.id == context.board_id:
            open_col.caption(t("home.current"))
        elif open_col.button(t("home.open"), key=f"open-{summary.id}"):
            open_as_facilitator(context, summary.id)

    with st.expander(t("home.trash")):
        deleted = store.list_boards(context.engine, deleted=True)
        if not deleted:
            st.caption(t("home.trash_empty"))
        for summary in deleted:
            title_col, restore_col = st.columns([4, 1], vertical_alignment="center")
            title_col.markdown(f"{escape_markdown(summary.title)} · " + t(
                "home.deleted_on", date=format_date(summary.deleted_at.date(), context.language)))
            if restore_col.button(t("home.restore"), key=f"restore-{summary.id}"):
                store.restore_board(context.engine, summary.id)
                flash("success", t("home.restored", title=escape_markdown(summary.title)))
                open_as_facilitator(context, summary.id)

with create_col:
    with st.form("create", clear_on_submit=True):
        st.subheader(t("home.create"))
        title = st.text_input(t("home.board_title"), max_chars=1000)
        description = st.text_area(t("home.description"), max_chars=1000)
        language = st.selectbox(t("home.board_language"), LANGUAGES,
                                index=LANGUAGES.index(context.language),
                                format_func=lambda code: t(f"language.{code}"))
        if st.form_submit_button(t("home.create_button"), type="primary"):
            create_and_open(context, lambda: Board.model_validate(
                {"title": title, "description": description, "language": language}),
                success_key="home.created")

    with st.container(border=True):
        st.subheader(t("home.import"))
        upload = st.file_uploader(t("home.import"), type=["yaml", "yml"],
                                  help=t("home.import_help"), label_visibility="collapsed")
        if upload is not None and st.button(t("home.import_button")):
            create_and_open(context, lambda: boardfile.read(upload.getvalue()),
                            success_key="home.imported", failure_key="home.import_failed")

st.subheader(t("home.examples"))
st.caption(t("home.examples_intro"))
example_cols = st.columns(3)
for index, example in enumerate(examples_for(context.language)):
    board = example.board()
    with example_cols[index % 3].container(border=True):
        st.markdown(f"**{escape_markdown(board.title)}**")
        st.caption(escape_markdown(board.description))
        if st.button(t("home.use_example"), key=f"example-{example.key}"):
            create_and_open(context, lambda board=board: board,
                            success_key="home.example_created")
