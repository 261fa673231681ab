"""The one boundary of every page: no traceback, SQL, bound parameter or key reaches a browser.

``app.py`` runs each page inside :func:`guard`, and so does the live panel (the one fragment
of every page, which reruns on its own).  What escapes a page there is one of two things:

- the database not answering (down, busy, damaged; ``components.board.engine.unavailable``
  tells): the page says so, waits until it answers (``shell.until_database_answers``) and
  runs again, with what was typed still in its forms;
- anything else, a bug: the viewer reads one short sentence in their language with a
  reference (``E-3F9A1C2B``); the server log holds the traceback under the same reference
  (Streamlit's logger, logger name ``components.widgets.boundary``), for whoever runs it.

Streamlit would otherwise draw the exception with its message and traceback, which may hold
SQL with its parameters: a board's facilitator key, say.  ``client.showErrorDetails = "none"``
in ``.streamlit/config.toml`` covers what runs outside this boundary (widget callbacks).

Example: a page that fails shows "Something went wrong on our side … Reference: E-3F9A1C2B",
and the log has ``unexpected error E-3F9A1C2B`` followed by the traceback.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.logger import get_logger

from components import i18n
from components.board.engine import unavailable
from components.widgets.shell import database_answers, shown_language, until_database_answers

_log = get_logger(__name__)


@contextmanager
def guard() -> Iterator[None]:
    """Run a page (or the live panel) so that nothing unexpected reaches the browser raw.

    ``st.stop`` and ``st.rerun`` pass through (they are no ``Exception``).
    """
    try:
        yield
    except Exception as error:  # the boundary: every error of a page ends here
        if unavailable(error) is not None:
            until_database_answers(database_answers, shown_language())
            st.rerun()
        report(error)


def report(error: Exception) -> str:
    """Log ``error`` with its traceback under a new reference, tell the viewer that reference
    in their language, and return it."""
    reference = f"E-{secrets.token_hex(4).upper()}"
    _log.error("unexpected error %s", reference, exc_info=error)
    st.error(i18n.t(shown_language(), "error.unexpected", reference=reference),
             icon=":material/error:")
    return reference
