"""What every page shares: the database engine, the open board, language, sidebar, messages.

Pages call :func:`page` first; it returns a :class:`PageContext` with the engine, the board
(freshly loaded: boards change under you, so they are never cached) in the viewer's role,
the viewer's language and its translator (``context.t``).  ``PageContext`` is also the one
door to the store: pages and widgets read lists, history and workshop state and make every
write through its methods, each write inside ``editing.save`` (which reports conflicts,
refusals and outages the same way everywhere).  This is the only module of ``pages/`` and
``components/widgets/`` that calls ``components.board.store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
import streamlit as st

from components import config, i18n
from components.board import store
from components.board.model import Board
from components.board.operations import Operation
from components.errors import message
from components.i18n import LANGUAGES
from components.widgets import state

PAGES = {"home": "pages/home.py", "canvas": "pages/canvas.py",
         "progress": "pages/progress.py", "funnel": "pages/funnel.py",
         "present": "pages/present.py", "report": "pages/report.py"}


RETRY_SECONDS = 3


DATABASE_DOWN = (sa.exc.OperationalError, sa.exc.InterfaceError)


def database_down(error: Exception) -> None:
    """Say the database cannot be reached, retry until it answers, and stop the page.

    Nothing is lost: writes are single transactions, so a write that failed did not happen,
    and the page (with what was typed into its forms) comes back by itself once the
    database answers again.
    """
    st.warning(message(store.DatabaseDown(), viewer_language(None)), icon=":material/cloud_off:")
    origin = getattr(error, "orig", None)
    st.caption(str(origin or error).splitlines()[0])
    _retry_when_database_is_back()
    st.stop()


@st.fragment(run_every=RETRY_SECONDS)
def _retry_when_database_is_back() -> None:
    try:
        with engine().connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DATABASE_DOWN:
        return
    st.rerun(scope="app")


def engine() -> sa.Engine:
    """The engine for the configured database URL, shared by all sessions."""
    return _engine_for(config.database_url())


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> sa.Engine:
    """One engine per URL and server process (never mutate it: every user shares it).

    Starting is also when boards deleted more than 30 days ago are removed for good.
    """
    engine = store.connect(url)
    store.purge_deleted(engine)
    return engine


@dataclass(frozen=True)
class PageContext:
    """The open board (or None) in the viewer's role, the engine and the viewer's language.

    It is also the one door between a page and the store: pages and widgets read the board's
    lists, history and workshop state through it, and every write goes through one of its
    write methods (called inside ``editing.save``, which reports what was refused).  Each
    write passes this viewer's name (``author``) and role (from ``access``) to the store,
    which checks the role on the server; nothing else in ``pages/`` or ``components/widgets/``
    calls the store (a test checks).
    """

    engine: sa.Engine
    language: str
    loaded: store.LoadedBoard | None
    access: store.Access | None = None

    def t(self, key: str, **params: Any) -> str:
        """Translate ``key`` into the viewer's language (see ``components/i18n.py``)."""
        return i18n.t(self.language, key, **params)

    @property
    def board_id(self) -> str | None:
        return self.loaded.id if self.loaded else None

    @property
    def role(self) -> str:
        """The viewer's role on the open board (a participant while none is open)."""
        return self.access.role if self.access else store.PARTICIPANT

    @property
    def author(self) -> str:
        return st.session_state.get(state.AUTHOR, "")

    @cached_property
    def session_keys(self) -> frozenset[str]:
        """The session-state keys as this run found them (read once: the lookup is slow)."""
        return frozenset(name for name in st.session_state if isinstance(name, str))

    @cached_property
    def workshop(self) -> store.Workshop:
        """Lock, timer, vote and link secrets of the open board, read once per run."""
        return self.workshop_now()

    @property
    def can_edit(self) -> bool:
        """False for observers and, on a locked board, for everyone but the facilitator: pages
        hide or disable their edit controls (the store refuses such writes anyway)."""
        if self.role == store.OBSERVER:
            return False
        return self.is_facilitator or self.loaded is None or not self.workshop.locked

    @property
    def is_facilitator(self) -> bool:
        return self.role == store.FACILITATOR

    # --- reading -----------------------------------------------------------------------------

    def workshop_now(self) -> store.Workshop:
        """The open board's workshop state as it is now (the live panel's check each tick)."""
        return store.workshop(self.engine, self.board_id)

    def boards(self, deleted: bool = False, limit: int = 200) -> list[store.BoardSummary]:
        """This server's boards, most recently changed first (``deleted``: the trash)."""
        return store.list_boards(self.engine, deleted=deleted, limit=limit)

    def facilitator_key(self, board_id: str) -> str:
        """The facilitator's key of a board from this server's own lists (see the README: the
        boards list opens them as facilitator)."""
        return store.workshop(self.engine, board_id).facilitator_key

    def history(self, limit: int = 500) -> list[store.Change]:
        """The open board's changes, newest first."""
        return store.history(self.engine, self.board_id, limit=limit)

    def my_last_revision(self) -> int | None:
        """The newest revision this viewer made on the open board ("undo my last")."""
        return store.last_revision_by(self.engine, self.board_id, self.author)

    def here_now(self) -> list[str]:
        """Names of the people on the open board in the last 30 seconds."""
        return store.present(self.engine, self.board_id)

    # --- writing: the one door ---------------------------------------------------------------

    def apply(self, operations: Sequence[Operation]) -> int:
        """Write ``operations`` to the open board as one revision; returns it."""
        return store.apply(self.engine, self.board_id, list(operations), self.author,
                           role=self.role)

    def revert(self, revision: int) -> int:
        """Undo one revision of the open board, as a new revision."""
        return store.revert(self.engine, self.board_id, revision, self.author, role=self.role)

    def restore(self, revision: int) -> int:
        """Bring the open board back to ``revision``, as a new revision (facilitator)."""
        return store.restore(self.engine, self.board_id, revision, self.author, role=self.role)

    def set_locked(self, locked: bool) -> None:
        """Lock or unlock the open board for everyone but the facilitator."""
        store.set_locked(self.engine, self.board_id, locked, role=self.role)

    def start_timer(self, seconds: int | None) -> None:
        """Start the shared countdown (``None`` stops it)."""
        store.start_timer(self.engine, self.board_id, seconds, role=self.role)

    def set_silent(self, silent: bool) -> None:
        """Start a silent brainstorm, or end it and reveal every hidden item."""
        store.set_silent(self.engine, self.board_id, silent, role=self.role)

    def open_vote(self, dots: int | None) -> None:
        """Open a dot vote with ``dots`` per participant (``None`` closes it)."""
        store.open_vote(self.engine, self.board_id, dots, role=self.role)

    def present_step(self, step: str | None) -> None:
        """Let participants follow the presentation at ``step`` (``None`` stops it)."""
        store.present_step(self.engine, self.board_id, step, role=self.role)

    def say_here(self, session_id: str, name: str) -> None:
        """Tell the open board this browser session is on it now, as ``name``."""
        store.touch_presence(self.engine, self.board_id, session_id, name)

    def create_board(self, board: Board) -> str:
        """Store ``board`` as a new board created by this viewer; returns its id."""
        return store.create(self.engine, board, self.author)

    def duplicate_board(self, title: str) -> str:
        """A copy of the open board titled ``title``; returns its id."""
        return store.duplicate(self.engine, self.board_id, title, self.author)

    def delete_board(self) -> None:
        """Move the open board to the trash (restorable for 30 days)."""
        store.delete_board(self.engine, self.board_id)

    def restore_board(self, board_id: str) -> None:
        """Bring a board back from the trash."""
        store.restore_board(self.engine, board_id)


LINK_PARAMS = ("board", "key", "view")


def link_params() -> dict[str, str]:
    """The link that opened the board (``board``, ``key``, ``view``), kept across pages.

    Streamlit drops query parameters when the viewer switches pages, so the session
    remembers them and puts them back into the URL: a copied URL always opens the same board
    in the same role.
    """
    from_url = {name: st.query_params[name] for name in LINK_PARAMS if st.query_params.get(name)}
    params = from_url or st.session_state.get(state.BOARD) or {}
    st.session_state[state.BOARD] = params
    if params and from_url != params:
        for name in LINK_PARAMS:
            st.query_params.pop(name, None)
        st.query_params.update(params)
    return params


def viewer_language(board_language: str | None = None) -> str:
    """The viewer's choice if made, else the board's language, else English."""
    chosen = st.session_state.get(state.LANGUAGE)
    if chosen in LANGUAGES:
        return chosen
    return board_language if board_language in LANGUAGES else "en"


def navigation_titles() -> dict[str, str]:
    """Page titles for ``st.navigation`` in the viewer's language (before a page runs).

    ``app.py`` calls this first in every run, so it also notes that this run goes through
    ``app.py`` (see :func:`_run_through_app_navigation`).
    """
    _app_run.set(True)
    params = link_params()
    language = viewer_language(_board_language(params.get("board") or params.get("view")))
    return {key: i18n.t(language, f"nav.{key}") for key in PAGES}


def _board_language(board_id: str | None) -> str | None:
    if not board_id:
        return None
    try:
        return store.board_language(engine(), board_id)
    except sa.exc.SQLAlchemyError:
        return None


def page(presenting: bool = False) -> PageContext:
    """Load the open board in the viewer's role and draw the sidebar; every page starts here.

    Keeps the top of the main area for the workshop bar (``workshop.finish_page`` draws it
    after the page).  ``presenting``: no sidebar, and the bar shows the timer only.
    """
    _run_through_app_navigation()
    try:
        return _page(presenting)
    except DATABASE_DOWN as error:
        database_down(error)


def _run_through_app_navigation() -> None:
    """Make sure pages run inside ``app.py``'s navigation, also on a fresh server.

    Streamlit treats a ``pages/`` folder as an old-style multipage app until ``app.py`` has
    called ``st.navigation`` once in the process; until then a deep link such as
    ``/canvas?board=…`` runs the page file alone, with Streamlit's automatic file-name
    navigation and without the live panel ``app.py`` adds.  That happens to every tab whose
    first run started before the first ``st.navigation`` call, e.g. a room of participants
    opening the link as the server starts.  Such a run switches the mode off and reruns,
    which sends the same URL through ``app.py``.  AppTest's mock runtime is left alone: it
    resets the mode before each run (the tests and ``bench/rerun.py`` keep it in navigation
    mode with :func:`keep_apptest_in_navigation_mode` instead).

    Still needed in Streamlit 1.67 (checked in its source): ``PagesManager`` decides the mode
    once per process from whether ``pages/`` exists, only ``st.navigation`` clears it, and no
    option of ``st.navigation`` (``position=``) or of the config
    (``client.showSidebarNavigation`` only hides the sidebar list) keeps a deep link from
    running the page alone; the folder's name is fixed by the design.
    ``tests/browser/test_boards_in_browser.py::test_deep_links_to_a_fresh_server_get_the_apps_
    navigation_and_live_panel`` fails without this.
    """
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager

    through_app = _app_run.get()
    _app_run.set(False)
    if through_app or type(Runtime.instance()) is not Runtime:
        return
    PagesManager.uses_pages_directory = False
    st.rerun()


#: True from ``app.py``'s first call in a run until the page starts (see above).
_app_run: ContextVar[bool] = ContextVar("app_run", default=False)


def keep_apptest_in_navigation_mode() -> None:
    """Make ``AppTest`` run switched-to pages through ``app.py``, as a server does.

    For the page tests and ``bench/rerun.py``.  Each ``AppTest.run()`` makes a new
    ``PagesManager``, which puts Streamlit back in the pages-folder mode (``pages/`` exists),
    where a switched-to page runs alone: without the navigation titles and the live panel
    every real page has.  A server leaves that mode for good at its first ``st.navigation``.
    Idempotent.  Still needed in Streamlit 1.67 (``AppTest`` sets
    ``PagesManager.uses_pages_directory = None`` before each run): without it the page tests
    ``tests/test_home_page.py::test_every_page_renders_on_an_empty_board`` miss the live panel.
    """
    from streamlit.runtime.pages_manager import PagesManager

    make = PagesManager.__init__
    if getattr(make, "keeps_navigation_mode", False):
        return

    def make_in_navigation_mode(self, *args, **kwargs) -> None:
        make(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    make_in_navigation_mode.keeps_navigation_mode = True
    PagesManager.__init__ = make_in_navigation_mode


def _page(presenting: bool) -> PageContext:
    params = link_params()
    access = store.access(engine(), **params) if params else None
    loaded = None
    if access:
        try:
            loaded = store.load(engine(), access.board_id,
                                viewer=st.session_state.get(state.AUTHOR, ""))
        except store.BoardNotFound:
            access = None
    not_found = bool(params) and access is None
    if not_found:
        st.session_state.pop(state.BOARD, None)
        for name in LINK_PARAMS:
            st.query_params.pop(name, None)
    context = PageContext(engine(), viewer_language(loaded.board.language if loaded else None),
                          loaded, access)
    if not presenting:
        _sidebar(context)
    _reserve_live_panel(context, st.container(), presenting)
    if not_found:
        st.error(message(store.BoardNotFound(params.get("board") or params.get("view", "")),
                         context.language))
    if loaded and context.role == store.OBSERVER:
        st.info(context.t("workshop.read_only"), icon=":material/visibility:")
    show_flash()
    return context


def _sidebar(context: PageContext) -> None:
    """Language, name, board picker."""
    with st.sidebar:
        options = list(LANGUAGES)
        current = options.index(context.language)
        chosen = st.selectbox(context.t("language.label"), options, index=current,
                              format_func=lambda code: i18n.t(code, f"language.{code}"),
                              key=state.LANGUAGE_SELECT)
        if chosen != context.language:
            st.session_state[state.LANGUAGE] = chosen
            st.rerun()
        st.text_input(context.t("sidebar.your_name"), key=state.AUTHOR,
                      help=context.t("sidebar.your_name_help"), max_chars=200)
        _board_picker(context)


_live_slot: ContextVar[tuple[PageContext, Any, bool] | None] = ContextVar("live_slot",
                                                                         default=None)


def _reserve_live_panel(context: PageContext, slot: Any, presenting: bool) -> None:
    """Keep a place for the live panel; ``workshop.finish_page`` fills it after the page ran."""
    _live_slot.set((context, slot, presenting) if context.loaded else None)


def take_live_panel() -> tuple[PageContext, Any, bool] | None:
    """The page's context, the place kept for its live panel and whether the page presents,
    once (then None).

    ``components.widgets.workshop.finish_page`` draws the panel there after the page ran.
    """
    reserved = _live_slot.get()
    _live_slot.set(None)
    return reserved


def _board_picker(context: PageContext) -> None:
    """Switch boards from any page: the recent boards, the open one first."""
    recent = context.boards(limit=30)
    titles = {summary.id: summary.title for summary in recent}
    if context.role == store.OBSERVER:
        return  # an observer link opens one board, read-only, and nothing else
    if context.loaded:
        titles = {context.loaded.id: context.loaded.board.title, **titles}
    if not titles:
        st.caption(context.t("sidebar.no_board"))
        return
    options = list(titles)
    labels = _unique_labels(titles)
    chosen = st.selectbox(context.t("sidebar.board"), options,
                          index=options.index(context.board_id) if context.loaded else None,
                          format_func=labels.get, placeholder=context.t("sidebar.pick_board"),
                          key=state.key("board_picker", context.board_id))
    if chosen and chosen != context.board_id:
        switch_board({"board": chosen})


def _unique_labels(titles: dict[str, str]) -> dict[str, str]:
    """Board titles as picker labels; equal titles get the start of their id to tell them apart
    (the picker keeps its choice by label)."""
    counts: dict[str, int] = {}
    for title in titles.values():
        counts[title] = counts.get(title, 0) + 1
    return {board_id: title if counts[title] == 1 else f"{title} · {board_id[:6]}"
            for board_id, title in titles.items()}


def switch_board(params: dict[str, str] | None, to_page: str | None = None) -> None:
    """Open the board a link's parameters name (None closes it) and rerun the page, or go
    to ``to_page`` (a key of :data:`PAGES`) with it."""
    st.session_state[state.BOARD] = params or {}
    if to_page is not None:
        st.switch_page(PAGES[to_page], query_params=params or None)
    for name in LINK_PARAMS:
        st.query_params.pop(name, None)
    if params:
        st.query_params.update(params)
    st.rerun()


def flash(kind: str, text: str) -> None:
    """Queue a message for the next run (survives ``st.rerun`` and page switches)."""
    st.session_state.setdefault(state.FLASH, []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop(state.FLASH, []):
        getattr(st, kind)(text)


def escape_markdown(text: str) -> str:
    """User text shown inside Markdown stays text: no HTML, no formatting, no links."""
    special = "\\`*_{}[]()#+-.!|<>~$"
    return "".join(f"\\{char}" if char in special else char for char in text)


def require_board(context: PageContext) -> store.LoadedBoard:
    """Stop the page with a friendly pointer to the boards list when no board is open."""
    if context.loaded is None:
        st.info(context.t("tools.open_board_first"))
        st.page_link(PAGES["home"], label=context.t("tools.go_home"), icon=":material/dashboard:")
        st.stop()
    return context.loaded
