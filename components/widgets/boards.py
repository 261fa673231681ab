"""Opening, creating and guarding boards from a page: the shared moves of the home page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from components import boardfile, i18n, store
from components.model import Board
from components.widgets import state
from components.widgets.shell import PageContext, flash, store_error_message, viewer_language


def board_link(board_id: str, page_path: str = "") -> str:
    """The shareable link of a board (absolute when the browser told us its address)."""
    query = urlencode({"board": board_id})
    url = st.context.url
    if not url:
        return f"/{page_path}?{query}"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{page_path}", query, ""))


def open_board(board_id: str | None) -> None:
    """Make ``board_id`` the open board (None closes it) and rerun the page."""
    if board_id:
        st.session_state[state.BOARD] = board_id
        st.query_params["board"] = board_id
    else:
        st.session_state.pop(state.BOARD, None)
        st.query_params.pop("board", None)
    st.rerun()


def run_safely(context: PageContext, action: Callable[[], object], success: str) -> bool:
    """Run a store write; show a translated error instead of a traceback when it fails."""
    try:
        action()
    except (store.StoreError, boardfile.BoardFileError) as error:
        st.error(store_error_message(context, error))
        return False
    flash("success", success)
    st.rerun()
    return True


def create_and_open(context: PageContext, make_board: Callable[[], Board], success_key: str,
                    failure_key: str | None = None) -> None:
    """Build a board (validating it), store it and open it; a bad board changes nothing."""
    try:
        board = make_board()
    except boardfile.BoardFileError as error:
        message = error.message(context.language)
        st.error(context.t(failure_key, error=message) if failure_key else message)
        return
    except ValueError as error:  # pydantic's ValidationError from a form
        problem = boardfile.BoardFileError.from_validation(error)
        st.error(problem.message(context.language))
        return
    board_id = store.create(context.engine, board, context.author)
    language = viewer_language(board.language)  # the page about to open speaks it
    flash("success", i18n.t(language, success_key, title=board.title))
    open_board(board_id)
