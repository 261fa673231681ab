"""Boards: create, open by link, your boards, rename, duplicate, delete (with undo), import,
export, examples; for the admin, every board of the server."""

import streamlit as st

from components.board import boardfile
from components.board.access import FACILITATOR
from components.board.model import Board
from components.board.operations import Meta
from components.examples import examples_for
from components.i18n import LANGUAGES
from components.widgets import state
from components.widgets.boards import (
    board_row,
    create_and_open,
    delete_and_offer_undo,
    duplicate_and_open,
    open_pasted,
    restore_and_open,
    trash_row,
)
from components.widgets.editing import Fields, open_form, save
from components.widgets.history import history_panel
from components.widgets.shell import board_token, escape_markdown, page
from components.widgets.upload import file_drop
from components.widgets.workshop import links_panel, vote_results_panel

context = page()
st.title(context.t("app.name"))
st.caption(context.t("app.tagline"))

if context.loaded:
    loaded = context.loaded
    title = loaded.board.title
    with st.container(border=True):
        st.subheader(context.t("home.manage"))
        st.markdown(f"### {escape_markdown(title)}")
        st.caption(context.t("home.revision", revision=loaded.revision))
        links_panel(context)
        if context.is_facilitator:
            rename = open_form(context, state.form_id("home", "rename"))
            with st.form(state.key("home", "rename"), border=False), st.container(
                    horizontal=True, vertical_alignment="bottom"):
                new_title = st.text_input(context.t("home.rename"), title, max_chars=1000,
                                          key=f"{rename.key}_title")
                if st.form_submit_button(context.t("home.rename_button")):
                    save(context, rename, [Meta({"title": new_title}, rename.base)],
                         context.t("home.renamed", title=new_title.strip()),
                         Fields(context.t("home.rename"), str))
        actions = st.columns(3 if context.is_facilitator else 1)
        actions[-1].download_button(context.t("home.export"),
                                    lambda: boardfile.dump(loaded.board), file_name="board.yaml",
                                    mime="application/yaml", icon=":material/download:",
                                    on_click="ignore", width="stretch")
        if context.is_facilitator:
            if actions[0].button(context.t("home.duplicate"), icon=":material/content_copy:",
                                 width="stretch"):
                duplicate_and_open(context)
            if actions[1].button(context.t("home.delete"), icon=":material/delete:",
                                 width="stretch"):
                delete_and_offer_undo(context)
        with st.expander(context.t("workshop.votes"), icon=":material/how_to_vote:",
                         expanded=bool(loaded.board.votes)):
            vote_results_panel(context)
        with st.expander(context.t("history.title"), icon=":material/history:"):
            history_panel(context)

undo = state.undo_of(state.DELETED_BOARD)
if undo and st.button(context.t("home.undo_delete"), icon=":material/undo:", type="primary"):
    restore_and_open(context, undo.board_id, undo.label)

yours_col, create_col = st.columns([3, 2], gap="large")

with yours_col:
    st.subheader(context.t("home.yours"))
    st.caption(context.t("home.yours_help"))
    mine = context.my_boards
    live = [linked for linked in mine if linked.summary.deleted_at is None]
    if not live:
        st.info(context.t("home.none_yet"))
    for linked in live:
        board_row(context, linked.summary, board_token(linked), linked.link,
                  context.t(f"home.as_{linked.role}"))

    deleted = [linked for linked in mine
               if linked.summary.deleted_at and linked.role == FACILITATOR]
    if deleted:
        with st.expander(context.t("home.trash")):
            for linked in deleted:
                trash_row(context, linked.summary, board_token(linked))

with create_col:
    with st.form(state.key("home", "create"), clear_on_submit=True):
        st.subheader(context.t("home.create"))
        new_board = {
            "title": st.text_input(context.t("home.board_title"), max_chars=1000),
            "description": st.text_area(context.t("home.description"), max_chars=1000),
            "language": st.selectbox(context.t("home.board_language"), LANGUAGES,
                                     index=LANGUAGES.index(context.language),
                                     format_func=lambda code: context.t(f"language.{code}")),
        }
        if st.form_submit_button(context.t("home.create_button"), type="primary"):
            create_and_open(context, lambda: Board.model_validate(new_board),
                            success_key="home.created")

    with st.form(state.key("home", "open_link"), clear_on_submit=True):
        st.subheader(context.t("home.open_link"))
        pasted = st.text_input(context.t("home.paste_link"), max_chars=2000,
                               help=context.t("home.paste_help"))
        if st.form_submit_button(context.t("home.open_link_button")):
            open_pasted(context, pasted)

    with st.container(border=True):
        st.subheader(context.t("home.import"))
        upload = file_drop(context, context.t("home.import"), key=state.key("home_import"),
                           types=["yaml", "yml"], limit_mb=boardfile.MAX_BYTES // 1_000_000,
                           help=context.t("home.import_help"), label_visibility="collapsed")
        if upload is not None and st.button(context.t("home.import_button")):
            create_and_open(context, lambda: boardfile.read(upload.getvalue()),
                            success_key="home.imported", failure_key="home.import_failed")

st.subheader(context.t("home.examples"))
st.caption(context.t("home.examples_intro"))
example_cols = st.columns(3)
for index, example in enumerate(examples_for(context.language)):
    board = example.board()
    with example_cols[index % 3].container(border=True):
        st.markdown(f"**{escape_markdown(board.title)}**")
        if example.language != context.language:  # not translated: English, said so
            st.badge(context.t("home.example_english"), icon=":material/translate:",
                     color="gray")
        st.caption(escape_markdown(board.description))
        if st.button(context.t("home.use_example"), key=state.key("home_example", example.key)):
            create_and_open(context, lambda board=board: board,
                            success_key="home.example_created")

if context.admin:
    st.subheader(context.t("home.all_boards"))
    st.caption(context.t("home.admin_note"))
    for summary in context.all_boards():
        board_row(context, summary, summary.id, {"board": summary.id})
    with st.expander(context.t("home.trash")):
        for summary in context.all_boards(deleted=True):
            trash_row(context, summary, summary.id)
