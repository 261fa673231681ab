"""Opening, creating, copying, deleting and restoring boards: the moves of the boards page.

Every write goes through ``editing.save`` (the write door's reporting), as the viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from components import i18n
from components.board.boardfile import BoardFileError
from components.board.model import Board
from components.errors import message
from components.widgets import state
from components.widgets.editing import save
from components.widgets.shell import PageContext, escape_markdown, switch_board, viewer_language


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


def open_board(board_id: str | None, key: str | None = None, to_page: str | None = None) -> None:
    """Open ``board_id`` (as facilitator when ``key`` is its secret) here, or on ``to_page``
    (a key of ``shell.PAGES``); None closes the board."""
    switch_board(({"board": board_id} | ({"key": key} if key else {})) if board_id else None,
                 to_page)


def open_as_facilitator(context: PageContext, board_id: str, to_page: str | None = None) -> None:
    """Open a board from this server's own lists with the facilitator's key."""
    open_board(board_id, key=context.facilitator_key(board_id), to_page=to_page)


def create_and_open(context: PageContext, make_board: Callable[[], Board], success_key: str,
                    failure_key: str | None = None) -> None:
    """Build a board (validating it), store it and open it on its canvas, where a new board's
    work starts; a bad board changes nothing.

    The success message is in the language of the page about to open: the new board's,
    unless the viewer chose their own.
    """
    try:
        board = make_board()
    except BoardFileError as error:
        sentence = message(error, context.language)
        st.error(context.t(failure_key, error=sentence) if failure_key else sentence)
        return
    except ValueError as error:  # pydantic's ValidationError from a form
        st.error(message(BoardFileError.from_validation(error), context.language))
        return
    success = i18n.t(viewer_language(board.language), success_key,
                     title=escape_markdown(board.title))
    save(context, None, lambda: context.create_board(board), success,
         on_saved=lambda board_id: open_as_facilitator(context, board_id, to_page="canvas"))


def duplicate_and_open(context: PageContext) -> None:
    """Copy the open board under "Copy of <title>" and open the copy as its facilitator."""
    title = context.t("home.copy_of", title=context.loaded.board.title)[:1000]
    save(context, None, lambda: context.duplicate_board(title), context.t("home.duplicated"),
         on_saved=lambda copy_id: open_as_facilitator(context, copy_id))


def delete_and_offer_undo(context: PageContext) -> None:
    """Move the open board to the trash, close it, and offer to undo that."""
    loaded = context.loaded

    def close(_: None) -> None:
        state.remember_undo(state.Undo(state.DELETED_BOARD, loaded.id, loaded.board.title))
        open_board(None)

    save(context, None, context.delete_board,
         context.t("home.deleted", title=escape_markdown(loaded.board.title)),
         on_saved=close, flash_as="warning")


def restore_and_open(context: PageContext, board_id: str, title: str) -> None:
    """Bring a deleted board back (the undo button, the trash) and open it."""
    def reopen(_: None) -> None:
        if state.undo_of(state.DELETED_BOARD, board_id):
            state.forget_undo()
        open_as_facilitator(context, board_id)

    save(context, None, lambda: context.restore_board(board_id),
         context.t("home.restored", title=escape_markdown(title)), on_saved=reopen)
