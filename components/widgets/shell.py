"""What every page shares: the database engine, the open board, language, sidebar, messages.

Pages call :func:`page` first; it returns a :class:`PageContext` with the engine, the board
as it is now in the viewer's role (one lookup of its row tells the revision; the board of
that revision comes from the process's cache, :mod:`components.board.cache`, loaded only
when nobody has it yet), the viewer's language and its translator (``context.t``).
``PageContext`` is also the one door to the store: pages and widgets read lists, history
and workshop state and make every write through its methods, each write inside
``editing.save`` (which reports conflicts, refusals and outages the same way everywhere).
This is the only module of ``pages/`` and ``components/widgets/`` that calls
``components.board.store``.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import re
import string
import time
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import sqlalchemy as sa
import streamlit as st
from streamlit.logger import get_logger

from components import config, i18n
from components.board import cache, store
from components.board.access import person_id
from components.board.engine import unavailable
from components.board.model import Board
from components.board.operations import Operation
from components.board.watch import WATCH
from components.errors import message
from components.i18n import LANGUAGES
from components.widgets import memory, state

_log = get_logger(__name__)

PAGES = {"home": "pages/home.py", "canvas": "pages/canvas.py",
         "progress": "pages/progress.py", "funnel": "pages/funnel.py",
         "present": "pages/present.py", "report": "pages/report.py"}


#: How often a page waiting for the database tries again.
RETRY_SECONDS = 3

#: What the database raises when it may be away (``unavailable`` tells an outage from a bug).
DATABASE_ERRORS = (sa.exc.DBAPIError, store.DatabaseDown)

T = TypeVar("T")


def until_database_answers(call: Callable[[], T], language: str) -> T:
    """``call()`` once the database answers; while it is down, busy or damaged the page says
    so where it is and tries again every :data:`RETRY_SECONDS`.

    Nothing is lost meanwhile: the run goes on waiting instead of ending, so the browser keeps
    the page as it was, forms, tables and the canvas with what was typed into them (Streamlit
    drops widgets only when a run ends without them), and a write waiting here is done as
    soon as the database answers (each write is one transaction: one that failed did not
    happen).  Anything the viewer does meanwhile starts a new run, which waits the same way.
    Any other error is no outage and is raised.
    """
    notice = None
    while True:
        try:
            result = call()
        except DATABASE_ERRORS as error:
            trouble = unavailable(error)
            if trouble is None:
                raise
            if notice is None:
                notice = st.empty()
                cause = getattr(error, "orig", None) or error
                _log.warning("database %s, waiting: %s: %s", trouble.reason,
                             type(cause).__name__, str(cause).partition("\n")[0])
            with notice.container():
                st.warning(message(trouble, language), icon=":material/cloud_off:")
                st.caption(i18n.t(language, "outage.kept"))
            _pause()
            continue
        if notice is not None:
            notice.empty()
        return result


def _pause() -> None:
    """Wait before trying the database again (the run goes on: see above)."""
    time.sleep(RETRY_SECONDS)


def database_answers() -> None:
    """Raise unless the database answers a query that reads the schema (a damaged SQLite
    file may still answer ``SELECT 1``)."""
    store.board_language(engine(), "")


def engine() -> sa.Engine:
    """The engine for the configured database URL, shared by all sessions."""
    return _engine_for(config.database_url())


#: Allocations that start a young-generation collection (Python's default: 700).  Loading a
#: board of 5000 items allocates a few hundred thousand objects, which with the default made
#: ~160 young and ~1 full collection per load, each full one walking every object of the
#: process (pandas, Altair, the cached boards).  Measured in-process (30 reruns after a write
#: each, canvas): 5000 items 131 → 123–126 ms CPU per rerun, 23 full collections → 1; 200
#: items 16.8 → 13.4 ms.  ``gc.freeze()`` after start was tried too and kept out: it made
#: full collections more frequent (the frozen objects no longer count as old ones) and the
#: same run slower (148 → 195 ms).
GC_THRESHOLD = 20_000


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> sa.Engine:
    """One engine per URL and server process (never mutate it: every user shares it).

    Starting is also when boards deleted more than 30 days ago are removed for good, and when
    the process's garbage collection is tuned (:data:`GC_THRESHOLD`).
    """
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    engine = store.connect(url)
    store.purge_deleted(engine)
    return engine


@dataclass(frozen=True)
class PageContext:
    """The open board (or None) in the viewer's role, the engine and the viewer's language.

    It is also the one door between a page and the store: pages and widgets read the board's
    lists, history and workshop state through it, and every write goes through one of its
    write methods (called inside ``editing.save``, which reports what was refused).  Each
    write passes this viewer's :class:`~components.board.access.Access` (board, role, and
    the person: their browser's public id and the name they typed) to the store, which
    checks it on the server; nothing else in ``pages/`` or ``components/widgets/`` calls the
    store (a test checks).

    ``link`` holds the parameters of the link that opened the board (``board``, ``key`` or
    ``view``); ``admin`` says the viewer opened the app with the server's admin key;
    ``opened`` is the workshop state read with the link this run, ``boards`` what that
    lookup read of the browser's boards (for :attr:`my_boards`).
    """

    engine: sa.Engine
    language: str
    loaded: store.LoadedBoard | None
    access: store.Access | None = None
    person: store.Person = store.NOBODY
    link: Mapping[str, str] = field(default_factory=dict)
    admin: bool = False
    opened: store.Workshop | None = None
    boards: store.Opening | None = None

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

    @cached_property
    def session_keys(self) -> frozenset[str]:
        """The session-state keys as this run found them (read once: the lookup is slow)."""
        return frozenset(name for name in st.session_state if isinstance(name, str))

    @cached_property
    def workshop(self) -> store.Workshop:
        """Lock, timer, vote and the observer link of the open board, as of the revision
        shown (read with the link; again only when the board moved on in between)."""
        if self.opened is not None and self.loaded and (
                self.opened.revision == self.loaded.revision):
            return self.opened
        return store.workshop(self.engine, self.board_id)

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

    @property
    def facilitator_key(self) -> str | None:
        """The key of the facilitator's link, for the facilitator who opened the board with it
        (the server keeps only its digest; the server operator has none)."""
        return self.link.get("key") if self.is_facilitator else None

    # --- reading -----------------------------------------------------------------------------

    def workshop_now(self) -> store.Workshop:
        """The open board's workshop state as of this second (the live panel's check each
        tick: one lookup per board and second for every tab of the process, see
        :mod:`components.board.watch`)."""
        return WATCH.pulse(self.engine, self.board_id).workshop

    @cached_property
    def my_boards(self) -> list[store.LinkedBoard]:
        """The boards this browser created or opened, each in the role of its link, most
        recently changed first; deleted ones too, while they can be restored.  Read once,
        with the link (``boards``) when the page was opened this run."""
        if self.boards is not None:
            return self.boards.linked(memory.links())
        return store.linked_boards(self.engine, memory.links())

    def all_boards(self, deleted: bool = False) -> list[store.BoardSummary]:
        """Every board of this server (``deleted``: the trash), for the admin only."""
        return store.list_boards(self.engine, deleted=deleted) if self.admin else []

    def opens(self, link: Mapping[str, str]) -> bool:
        """Whether the link's parameters open a board."""
        return store.access(self.engine, self.person, **_link_only(link)) is not None

    def history(self, limit: int = 500) -> list[store.Change]:
        """The open board's changes as this viewer may see them, newest first."""
        return store.history(self.engine, self.board_id, viewer=self.person, limit=limit)

    def my_last_revision(self) -> int | None:
        """The newest revision this viewer made on the open board ("undo my last")."""
        return store.last_revision_by(self.engine, self.board_id, self.person)

    def here_now(self) -> list[str]:
        """Names of the people on the open board in the last 30 seconds (as of this
        second, like :meth:`workshop_now`)."""
        return list(WATCH.pulse(self.engine, self.board_id).present)

    # --- writing: the one door ---------------------------------------------------------------

    def apply(self, operations: Sequence[Operation]) -> int:
        """Write ``operations`` to the open board as one revision; returns it."""
        return store.apply(self.engine, self.access, list(operations))

    def revert(self, revision: int) -> int:
        """Undo one revision of the open board (a participant: one of their own)."""
        return store.revert(self.engine, self.access, revision)

    def restore(self, revision: int) -> int:
        """Bring the open board back to ``revision``, as a new revision (facilitator)."""
        return store.restore(self.engine, self.access, revision)

    def set_locked(self, locked: bool) -> None:
        """Lock or unlock the open board for everyone but the facilitator."""
        store.set_locked(self.engine, self.access, locked)

    def start_timer(self, seconds: int | None) -> None:
        """Start the shared countdown (``None`` stops it)."""
        store.start_timer(self.engine, self.access, seconds)

    def set_silent(self, silent: bool) -> None:
        """Start a silent brainstorm, or end it and reveal every hidden item."""
        store.set_silent(self.engine, self.access, silent)

    def open_vote(self, dots: int | None) -> None:
        """Open a dot vote with ``dots`` per participant (``None`` closes it)."""
        store.open_vote(self.engine, self.access, dots)

    def present_step(self, step: str | None) -> None:
        """Let participants follow the presentation at ``step`` (``None`` stops it)."""
        store.present_step(self.engine, self.access, step)

    def say_here(self, session_id: str, name: str) -> None:
        """Tell the open board this browser session is on it now, as ``name``."""
        store.touch_presence(self.engine, self.board_id, session_id, name)

    def create_board(self, board: Board) -> dict[str, str]:
        """Store ``board`` as a new board of this viewer, its facilitator; returns the
        facilitator's link (remembered in this browser from now on)."""
        key = store.new_key()
        link = {"board": store.create(self.engine, board, self.person, key), "key": key}
        memory.remember(link, store.FACILITATOR)
        return link

    def duplicate_board(self, title: str) -> dict[str, str]:
        """A copy of the open board titled ``title``; returns its facilitator's link."""
        key = store.new_key()
        link = {"board": store.duplicate(self.engine, self.access, title, key), "key": key}
        memory.remember(link, store.FACILITATOR)
        return link

    def delete_board(self) -> None:
        """Move the open board to the trash (restorable for 30 days)."""
        store.delete_board(self.engine, self.access)

    def restore_board(self, board_id: str) -> dict[str, str]:
        """Bring a board back from the trash, by its facilitator's link remembered in this
        browser (or as the admin); returns the link that opens it."""
        link = memory.link_of(board_id) or {"board": board_id}
        access = store.access(self.engine, self.person, **link, deleted=True)
        if self.admin and (access is None or not access.is_facilitator):
            access = store.operator(self.engine, board_id, self.person, deleted=True)
        if access is None:
            raise store.BoardNotFound(board_id)
        store.restore_board(self.engine, access)
        return link


def _link_only(params: Mapping[str, str]) -> dict[str, str]:
    """The link parameters among ``params`` (``board``, ``key``, ``view``)."""
    return {name: params[name] for name in LINK_PARAMS if params.get(name)}


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
    """The viewer's choice if made (in this tab, else the last one this browser made), else
    the board's language, else English."""
    chosen = st.session_state.get(state.LANGUAGE) or memory.language()
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
    try:
        found = _opening(params, _person())
    except sa.exc.SQLAlchemyError:  # the page says so, and waits (see until_database_answers)
        found = None
    else:
        _opened_by_navigation.set((params, found))
    language = viewer_language(found.opened.language if found and found.opened else None)
    _shown_language.set(language)
    return {key: i18n.t(language, f"nav.{key}") for key in PAGES}


def shown_language() -> str:
    """The language this run's page is shown in, as far as it is known (for messages drawn
    outside a page: the page boundary's)."""
    return _shown_language.get()


_shown_language: ContextVar[str] = ContextVar("shown_language", default="en")


#: The link :func:`navigation_titles` opened this run, for the page (one lookup, not two).
_opened_by_navigation: ContextVar[tuple[dict, store.Opening] | None] = ContextVar(
    "opened_by_navigation", default=None)


def page(presenting: bool = False) -> PageContext:
    """Load the open board in the viewer's role and draw the sidebar; every page starts here.

    Keeps the top of the main area for the workshop bar (``workshop.finish_page`` draws it
    after the page).  ``presenting``: no sidebar, and the bar shows the timer only.
    """
    _run_through_app_navigation()
    return _page(presenting)


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
    admin = _admin_from_link()
    params = link_params()
    person = _person()
    found, loaded = until_database_answers(lambda: _open(params, person), viewer_language())
    opened = found.opened
    by_link = opened.access if opened else None
    access = _as_admin(by_link) if admin else by_link
    if params and access is None:
        st.session_state.pop(state.BOARD, None)
        for name in LINK_PARAMS:
            st.query_params.pop(name, None)
        flash("error", message(store.BoardNotFound(params.get("board") or params.get("view", "")),
                               viewer_language(None)))
    elif access is not None and access is by_link:  # the admin's boards are not this browser's
        memory.remember(params, access.role)
    context = PageContext(engine(), viewer_language(loaded.board.language if loaded else None),
                          loaded, access, person, params if access else {}, admin,
                          opened.workshop if opened else None, found)
    _shown_language.set(context.language)
    if not presenting:
        _sidebar(context)
    _reserve_live_panel(context, st.container(), presenting)
    with st.sidebar:
        memory.sync(then=_flash_again)
    if loaded and context.role == store.OBSERVER:
        st.info(context.t("workshop.read_only"), icon=":material/visibility:")
    show_flash()
    return context


def _as_admin(access: store.Access | None) -> store.Access | None:
    """The admin facilitates any board its participant link opens."""
    if access is not None and access.role == store.PARTICIPANT:
        return store.operator(engine(), access.board_id, access.person)
    return access


def _admin_from_link() -> bool:
    """Whether this session is the admin's: opened once with ``?admin=<the admin key>``.

    The key leaves the address at once (a shared screen must not show it); a wrong key, or
    a server without one, is refused with a message and changes nothing.
    """
    given = st.query_params.get("admin")
    if given is not None:
        st.query_params.pop("admin", None)
        expected = config.admin_key()
        if expected and hmac.compare_digest(given.encode(), expected.encode()):
            st.session_state[state.ADMIN] = True
        else:
            flash("error", message(store.Forbidden("not_admin"), viewer_language(None)))
    return bool(st.session_state.get(state.ADMIN))


def _person() -> store.Person:
    """The viewer: their browser's public id and the name they typed."""
    return store.Person(person_id(memory.participant()), memory.name())


def _open(params: dict[str, str], person: store.Person
          ) -> tuple[store.Opening, store.LoadedBoard | None]:
    """The board a link opens, in the link's role, as it is now (none for a link that opens
    none), and the browser's boards: the lookup :func:`navigation_titles` made earlier in
    this run (or one now), then the board of that revision from the process's cache."""
    earlier = _opened_by_navigation.get()
    _opened_by_navigation.set(None)
    found = earlier[1] if earlier and earlier[0] == params else _opening(params, person)
    opened = found.opened
    if opened:
        WATCH.offer(engine(), opened.access.board_id, opened.workshop)
        try:
            return found, _load(opened)
        except store.BoardNotFound:
            pass
    return store.Opening(None, found.rows), None


def _opening(params: dict[str, str], person: store.Person) -> store.Opening:
    """The link's board, role and state and the browser's boards, one lookup."""
    if not all(_LINK_VALUE.fullmatch(value) for value in params.values()):
        params = {}  # no id or key looks like that (a NUL, a space …): opens nothing
    return store.opening(engine(), person, params, memory.links())


def _load(opened: store.Opened) -> store.LoadedBoard:
    """The board as the viewer sees it at the revision just read: shared by everyone who
    sees the same (see :mod:`components.board.cache`), loaded on a miss."""
    database, board_id, person = engine(), opened.access.board_id, opened.access.person
    url = str(database.url)

    def key_of(loaded: store.LoadedBoard) -> tuple:
        return cache.board_key(url, loaded.id, loaded.revision, loaded.seen_by is not None,
                               person.id)

    return cache.BOARDS.get(
        cache.board_key(url, board_id, opened.workshop.revision, opened.workshop.silent,
                        person.id),
        lambda: store.load(database, board_id, viewer=person), key_of=key_of)


#: What a board id, facilitator key or observer id can look like (ids of old boards included).
_LINK_VALUE = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _sidebar(context: PageContext) -> None:
    """Language, name, board picker."""
    with st.sidebar:
        _language_field(context)
        _name_field(context)
        _board_picker(context)


def _language_field(context: PageContext) -> None:
    """The language select box, showing the language the page is in (a choice takes effect
    in the run it starts, and is remembered in this browser for its reloads and new tabs)."""
    def choose() -> None:
        chosen = st.session_state[state.LANGUAGE_SELECT]
        st.session_state[state.LANGUAGE] = chosen
        memory.set_language(chosen)

    if st.session_state.get(state.LANGUAGE_SELECT) != context.language:
        st.session_state[state.LANGUAGE_SELECT] = context.language
    st.selectbox(context.t("language.label"), list(LANGUAGES), key=state.LANGUAGE_SELECT,
                 format_func=lambda code: i18n.t(code, f"language.{code}"), on_change=choose)


def _name_field(context: PageContext) -> None:
    """The viewer's name, as remembered in this browser (Streamlit forgets a widget's value
    on every page switch, so the field is filled from the memory each run)."""
    if st.session_state.get(state.AUTHOR) != memory.name():
        st.session_state[state.AUTHOR] = memory.name()
    st.text_input(context.t("sidebar.your_name"), key=state.AUTHOR,
                  help=context.t("sidebar.your_name_help"), max_chars=memory.MAX_NAME,
                  on_change=lambda: memory.set_name(st.session_state[state.AUTHOR]))


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
    """Switch boards from any page: this browser's boards (see the boards page), each in the
    role of its link.  Keyed without the board's id, which an observer must not learn."""
    mine = {board_token(linked): linked for linked in context.my_boards
            if linked.summary.deleted_at is None}
    if not mine:
        st.caption(context.t("sidebar.no_board"))
        return
    options = list(mine)
    current = next((token for token, linked in mine.items()
                    if linked.summary.id == context.board_id), None)
    labels = _unique_labels({token: linked.summary.title for token, linked in mine.items()})
    if options == [current]:  # nothing to switch to: the board's name, not a widget
        st.caption(f"{context.t('sidebar.board')}: {escape_markdown(labels[current])}")
        return
    chosen = st.selectbox(context.t("sidebar.board"), options,
                          index=options.index(current) if current else None,
                          format_func=labels.get, placeholder=context.t("sidebar.pick_board"),
                          key=state.key("board_picker", current))
    if chosen and chosen != current:
        switch_board(dict(mine[chosen].link))


def board_token(linked: store.LinkedBoard) -> str:
    """A short stand-in for a board of this browser's list, for widget keys and choices:
    the board's id and an observer's link never reach the page through it."""
    return hashlib.sha256(repr(sorted(linked.link.items())).encode()).hexdigest()[:12]


def _unique_labels(titles: dict[str, str]) -> dict[str, str]:
    """Board titles as picker labels; equal titles get a number to tell them apart (the
    picker keeps its choice by label)."""
    counts: dict[str, int] = {}
    labels = {}
    for token, title in titles.items():
        counts[title] = counts.get(title, 0) + 1
        labels[token] = title if counts[title] == 1 else f"{title} ({counts[title]})"
    return labels


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
    """Queue a message for the next run (survives ``st.rerun`` and page switches); ``text``
    is plain text (:func:`show_flash` escapes it)."""
    st.session_state.setdefault(state.FLASH, []).append((kind, text))


def show_flash() -> None:
    """Show the queued messages, each as plain text (they often name what a person typed),
    and keep them for :func:`_flash_again`."""
    shown = st.session_state.pop(state.FLASH, [])
    st.session_state[state.FLASHED] = shown
    for kind, text in shown:
        getattr(st, kind)(escape_markdown(text))


def _flash_again() -> None:
    """Queue the messages of the last run once more: the run about to start only takes in
    what the browser remembers (a new tab's first run is followed by one at once), and what
    the viewer was just told must not vanish with it."""
    st.session_state.setdefault(state.FLASH, [])[:0] = st.session_state.pop(state.FLASHED, [])


def escape_markdown(text: str) -> str:
    r"""User text as Markdown that Streamlit shows exactly as typed: the one escaper of every
    label, option, tab, message and Markdown text that holds someone's words.

    Streamlit renders Markdown (with its own additions) in ``st.markdown``, ``st.caption``,
    headers, alerts (``st.info`` …), toasts, ``st.table`` cells, and in the labels and help
    texts of widgets, buttons, tabs, expanders and metrics, and the options of radio buttons,
    pills, segmented controls and select sliders (not those of select boxes and multiselects,
    nor ``st.dataframe`` cells, which are plain text).  Three steps make a text literal there:

    1. every ASCII punctuation character gets a backslash (CommonMark drops the backslash and
       shows the character): no emphasis, link, image, HTML, entity (``&lt;``), LaTeX
       (``$x$``), list, heading, table, emoji or icon shortcode (``:smile:``,
       ``:material/home:``, ``:red[…]``);
    2. an invisible word joiner (U+2060) follows every ``:`` and ``@`` that has a character
       after it (not a space: "field: message" stays as it is) and splits ``www.``:
       web and mail addresses, and ``:streamlit:``, are found in the text *after* parsing,
       where no escape reaches, and would become links (with the backslashes in them) or
       the logo;
    3. spaces and tabs that start a line become no-break spaces (no code block).

    >>> escape_markdown("**Ann** :smile: www.x.org")
    '\\*\\*Ann\\*\\* \\:\u2060smile\\: www\u2060\\.x\\.org'
    """
    text = _ADDRESS_START.sub(lambda found: found.group() + WORD_JOINER, text)
    text = _LINE_INDENT.sub(lambda found: "\u00a0" * len(found.group()), text)
    return "".join(f"\\{char}" if char in _PUNCTUATION else char for char in text)


#: Invisible, zero width, and no line break: what :func:`escape_markdown` slips into addresses.
WORD_JOINER = "\u2060"
_PUNCTUATION = frozenset(string.punctuation)
_ADDRESS_START = re.compile(r"[:@](?=\S)|www(?=\.)", re.IGNORECASE)
_LINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def require_board(context: PageContext) -> store.LoadedBoard:
    """Stop the page with a friendly pointer to the boards list when no board is open."""
    if context.loaded is None:
        st.info(context.t("tools.open_board_first"))
        st.page_link(PAGES["home"], label=context.t("tools.go_home"), icon=":material/dashboard:")
        st.stop()
    return context.loaded
