"""Opening, creating and guarding boards from a page: the shared moves of the home page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from components import i18n
from components.board import boardfile, store
from components.board.model import Board
from components.errors import message
from components.widgets.shell import (
    DATABASE_DOWN,
    PageContext,
    database_down,
    escape_markdown,
    flash,
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


def open_board(board_id: str | None, key: str | None = None) -> None:
    """Open ``board_id`` (as facilitator when ``key`` is its secret); None closes the board."""
    switch_board(({"board": board_id} | ({"key": key} if key else {})) if board_id else None)


def open_as_facilitator(context: PageContext, board_id: str) -> None:
    """Open a board from this server's own lists with the facilitator's key."""
    open_board(board_id, key=store.workshop(context.engine, board_id).facilitator_key)


def run_safely(context: PageContext, action: Callable[[], object], success: str) -> bool:
    """Run a store write; show a translated error instead of a traceback when it fails."""
    try:
        action()
    except (store.StoreError, boardfile.BoardFileError) as error:
        st.error(message(error, context.language))
        return False
    except DATABASE_DOWN as error:
        database_down(error)
    flash("success", success)
    st.rerun()
    return True


def create_and_open(context: PageContext, make_board: Callable[[], Board], success_key: str,
                    failure_key: str | None = None) -> None:
    """Build a board (validating it), store it and open it; a bad board changes nothing."""
    try:
        board = make_board()
    except boardfile.BoardFileError as error:
        sentence = message(error, context.language)
        st.error(context.t(failure_key, error=sentence) if failure_key else sentence)
        return
    except ValueError as error:  # pydantic's ValidationError from a form
        problem = boardfile.BoardFileError.from_validation(error)
        st.error(message(problem, context.language))
        return
    board_id = store.create(context.engine, board, context.author)
    language = viewer_language(board.language)  # the page about to open speaks it
    flash("success", i18n.t(language, success_key, title=escape_markdown(board.title)))
    open_as_facilitator(context, board_id)
