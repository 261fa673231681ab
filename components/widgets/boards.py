"""Opening, creating, copying, deleting and restoring boards: the moves of the boards page.

A board opens only by a link: one pasted, one of this browser's boards (remembered with the
link it was opened with, so the role never rises), or the admin's list.  Every write goes
through ``editing.save`` (the write door's reporting), as the viewer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import streamlit as st

from components import i18n
from components.board.boardfile import BoardFileError
from components.board.model import Board
from components.board.refusals import BoardNotFound
from components.board.store import BoardSummary
from components.errors import message
from components.formatting import format_date
from components.widgets import state
from components.widgets.editing import save
from components.widgets.shell import (
    LINK_PARAMS,
    PageContext,
    escape_markdown,
    switch_board,
    viewer_language,
)


def board_link(board_id: str | None = None, page_path: str = "", key: str | None = None,
               view: str | None = None) -> str:
    """A shareable link: participant (board id), facilitator (plus key) or observer (view id).

    Absolute when the browser told us its address, else relative to the app.
    """
    params = {"board": board_id, "key": key, "view": view}
    query = urlencode({name: value for name, value in params.items() if value})
    url = st.context.url
    if not url:
        return f"/{page_path}?{query}"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{page_path}", query, ""))


def open_pasted(context: PageContext, pasted: str) -> None:
    """Open the board of a link the viewer pasted (a whole address or its ``?board=…``
    part, or a bare board id); say so when it opens none."""
    link = pasted_link(pasted)
    if link and context.opens(link):
        switch_board(link)  # reruns the page
    else:
        st.error(message(BoardNotFound(link.get("board") or link.get("view", "")),
                         context.language))


def pasted_link(pasted: str) -> dict[str, str]:
    """The link parameters in a pasted address; a bare board id is a participant's link.

    ``pasted_link("https://host/canvas?board=Ab3&key=k9")`` -> ``{"board": "Ab3", "key": "k9"}``.
    """
    text = pasted.strip()
    query = parse_qs(urlsplit(text).query)
    link = {name: values[0] for name, values in query.items() if name in LINK_PARAMS}
    if not link and text and not any(char in text for char in "/?&=# "):
        link = {"board": text}
    return link


def create_and_open(context: PageContext, make_board: Callable[[], Board], success_key: str,
                    failure_key: str | None = None) -> None:
    """Build a board (validating it), store it and open it as its facilitator on its canvas,
    where a new board's work starts; a bad board changes nothing.

    The success message is in the language of the page about to open: the new board's,
    unless the viewer chose their own.
    """
    try:
        board = make_board()
    except BoardFileError as error:
        sentence = message(error, context.language)
        st.error(escape_markdown(context.t(failure_key, error=sentence) if failure_key
                                 else sentence))
        return
    except ValueError as error:  # pydantic's ValidationError from a form
        st.error(escape_markdown(message(BoardFileError.from_validation(error),
                                         context.language)))
        return
    success = i18n.t(viewer_language(board.language), success_key, title=board.title)
    save(context, None, lambda: context.create_board(board), success,
         on_saved=lambda link: switch_board(link, to_page="canvas"))


def duplicate_and_open(context: PageContext) -> None:
    """Copy the open board under "Copy of <title>" and open the copy as its facilitator."""
    title = context.t("home.copy_of", title=context.loaded.board.title)[:1000]
    save(context, None, lambda: context.duplicate_board(title), context.t("home.duplicated"),
         on_saved=switch_board)


def delete_and_offer_undo(context: PageContext) -> None:
    """Move the open board to the trash, close it, and offer to undo that."""
    loaded = context.loaded

    def close(_: None) -> None:
        state.remember_undo(state.Undo(state.DELETED_BOARD, loaded.id, loaded.board.title))
        switch_board(None)

    save(context, None, context.delete_board,
         context.t("home.deleted", title=loaded.board.title),
         on_saved=close, flash_as="warning")


def restore_and_open(context: PageContext, board_id: str, title: str) -> None:
    """Bring a deleted board back (the undo button, the trash) and open it; only its
    facilitator (or the admin) may."""
    def reopen(link: dict[str, str]) -> None:
        if state.undo_of(state.DELETED_BOARD, board_id):
            state.forget_undo()
        switch_board(link)

    save(context, None, lambda: context.restore_board(board_id),
         context.t("home.restored", title=title), on_saved=reopen)


def board_row(context: PageContext, summary: BoardSummary, token: str,
              link: Mapping[str, str], note: str = "") -> None:
    """A board of a list: its title (and ``note``), when it changed, and the button that
    opens it by ``link`` ("open now" for the open board); ``token`` keys the button."""
    title_col, date_col, open_col = st.columns([4, 2, 1], vertical_alignment="center")
    title_col.markdown(f"**{escape_markdown(summary.title)}**" + (f"  \n{note}" if note else ""))
    date_col.caption(context.t(
        "home.updated_on", date=format_date(summary.updated_at.date(), context.language)))
    if summary.id == context.board_id:
        open_col.caption(context.t("home.current"))
    elif open_col.button(context.t("home.open"), key=state.key("home_open", token)):
        switch_board(dict(link))


def trash_row(context: PageContext, summary: BoardSummary, token: str) -> None:
    """A deleted board: its title, when it was deleted, and the button that restores it."""
    title_col, restore_col = st.columns([4, 1], vertical_alignment="center")
    title_col.markdown(f"{escape_markdown(summary.title)} · " + context.t(
        "home.deleted_on", date=format_date(summary.deleted_at.date(), context.language)))
    if restore_col.button(context.t("home.restore"), key=state.key("home_restore", token)):
        restore_and_open(context, summary.id, summary.title)
