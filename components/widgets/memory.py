"""What this browser remembers between visits: who it is, the name typed, the boards it opened.

A Streamlit session ends with a reload, and a new tab is a new session; the browser's local
storage stays.  Per browser it holds (storage key -> entry, each stamped ``at`` in
milliseconds):

- ``progress-canvas:me`` -> ``{"at", "id", "name"}``: the browser's secret participant id
  (only its digest reaches the database, see ``components/board/access.py``) and the name
  typed in the sidebar;
- ``progress-canvas:language`` -> ``{"at", "language"}``: the language chosen in the sidebar
  (``None``: follow each board's language).  A new tab or a reload starts in it; a tab
  where the viewer then chooses another keeps its own choice (``state.LANGUAGE``);
- ``progress-canvas:board:<board id>`` -> ``{"at", "link"}``: a board this browser created or
  opened, with the strongest link it was opened with (``{"board", "key"}`` for its
  facilitator: the key cannot be read back from the server, so it is kept from the moment
  the board is created; ``{"board"}`` for a participant); an observer link is kept under
  ``progress-canvas:board:view:<observer id>`` as ``{"view"}``.

The session keeps its own copy (``state.MEMORY``) and works with it during a run.
:func:`sync`, drawn once per run, mounts a small ``st.components.v2`` component
(``memory.js`` beside this module: no iframe, no network) that writes the session's newer
entries to local storage and reports back what local storage holds that is newer (another
tab's, an earlier visit's); :func:`merged` takes it in before the next run.  The newer ``at``
wins; what a session drew itself before it heard from the browser (its first participant
id) has ``at`` 0, so what the browser already holds wins over it.

The first run of a new session does not know the browser yet: it runs as a new person
without a name (seeing nothing hidden), then the browser reports and the page reruns as
itself.  Without local storage (switched off, or ``AppTest``) the session alone remembers.

Example: a facilitator creates a board; the next run's memory holds
``{"progress-canvas:board:Ab3…": {"at": 1764000000000, "link": {"board": "Ab3…", "key":
"k9…"}}}``, the component writes it to local storage, and a new tab of the same browser lists
that board as the facilitator's on the boards page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from components.board.access import FACILITATOR, OBSERVER, new_participant
from components.i18n import LANGUAGES
from components.widgets import state

PREFIX = "progress-canvas:"
ME = f"{PREFIX}me"
LANGUAGE = f"{PREFIX}language"
BOARD = f"{PREFIX}board:"
#: How many boards the boards page lists at most (the newest remembered).
MAX_BOARDS = 200
MAX_NAME = 200

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: Control characters: never part of a name (PostgreSQL refuses a NUL, which would break every
#: write and presence check of this viewer).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: It draws nothing, so it needs no shadow root of its own (``isolate_styles=False``).
_component = st.components.v2.component(
    "progress_canvas.memory", js=(Path(__file__).with_name("memory.js")).read_text("utf-8"),
    isolate_styles=False)


# --- what the session remembers --------------------------------------------------------------

def participant() -> str:
    """This browser's secret participant id."""
    return _memory()[ME]["id"]


def name() -> str:
    """The name typed in the sidebar (remembered across pages, reloads and tabs)."""
    return _memory()[ME]["name"]


def set_name(typed: str) -> None:
    """Remember a newly typed name."""
    cleaned = _cleaned(typed)
    if cleaned != name():
        _memory()[ME] = {"at": _now(), "id": participant(), "name": cleaned}


def language() -> str | None:
    """The language last chosen in this browser's sidebar, if any."""
    return _memory().get(LANGUAGE, {}).get("language")


def set_language(code: str) -> None:
    """Remember the language just chosen in the sidebar (one of ``LANGUAGES``)."""
    if code != language():
        _memory()[LANGUAGE] = {"at": _now(), "language": code}


def _cleaned(typed: str) -> str:
    """A name as kept: no control characters, spaces collapsed, at most :data:`MAX_NAME`."""
    return " ".join(_CONTROL.sub("", typed).split())[:MAX_NAME]


def remember(params: Mapping[str, str], role: str) -> None:
    """Remember the link that opened a board in ``role`` (as the server found it).

    Only what grants that role is kept (a wrong key is dropped), and a weaker link never
    replaces a stronger one of the same board: a facilitator who opens their own
    participant link keeps their facilitator's link.
    """
    link = _link_for(params, role)
    entry = _entry_of(link)
    current = _memory().get(entry, {}).get("link")
    if current == link or (current and "key" in current and "key" not in link):
        return
    _memory()[entry] = {"at": _now(), "link": link}


def links() -> list[dict[str, str]]:
    """The links of every board remembered, the newest first (at most :data:`MAX_BOARDS`)."""
    entries = sorted(((entry["at"], entry["link"]) for key, entry in _memory().items()
                      if key.startswith(BOARD) and entry.get("link")),
                     key=lambda pair: pair[0], reverse=True)
    return [dict(link) for _, link in entries[:MAX_BOARDS]]


def link_of(board_id: str) -> dict[str, str] | None:
    """The remembered link of a board by its id (not an observer's link), if any."""
    link = _memory().get(f"{BOARD}{board_id}", {}).get("link")
    return dict(link) if link else None


def _link_for(params: Mapping[str, str], role: str) -> dict[str, str]:
    if role == OBSERVER:
        return {"view": params["view"]}
    if role == FACILITATOR and params.get("key"):
        return {"board": params["board"], "key": params["key"]}
    return {"board": params["board"]}


def _entry_of(link: Mapping[str, str]) -> str:
    return f"{BOARD}view:{link['view']}" if "view" in link else f"{BOARD}{link['board']}"


def _memory() -> dict[str, dict[str, Any]]:
    memory = st.session_state.get(state.MEMORY)
    if memory is None:
        memory = {ME: {"at": 0, "id": new_participant(), "name": ""}}
        st.session_state[state.MEMORY] = memory
    return memory


def _now() -> int:
    return int(time.time() * 1000)


# --- the browser's side ----------------------------------------------------------------------

def sync(then: Callable[[], None]) -> None:
    """Hand the session's memory to the browser and take in what the browser knows better
    (before the next run, then call ``then``); draws nothing visible.  Once per run, on
    every page."""
    def take_in_report() -> None:
        reported = (st.session_state.get(state.MEMORY_SYNC) or {}).get("memory")
        st.session_state[state.MEMORY] = merged(_memory(), reported)
        then()

    _component(key=state.MEMORY_SYNC, data={"memory": _memory()},
               on_memory_change=take_in_report)


def merged(session: Mapping[str, dict], reported: Any) -> dict[str, dict]:
    """The session's memory with the newer entries of what the browser reported.

    An entry the browser holds is taken when it is newer, or as new and different (the
    browser breaks ties), and a board's facilitator link also when it is older than the
    session's weaker link of the same board (a new session that opened the participant link
    did not know the key yet: it is kept).  An entry that is not what this module writes
    (edited by hand, an older version's) is answered by a newer empty one, which the
    component writes back over it.

    >>> merged({ME: {"at": 0, "id": "s" * 24, "name": ""}},
    ...        {ME: {"at": 5, "id": "b" * 24, "name": "Ann"}})[ME]["name"]
    'Ann'
    """
    result = {key: dict(entry) for key, entry in session.items()}
    if not isinstance(reported, Mapping):
        return result
    for key, entry in reported.items():
        if not isinstance(key, str) or not key.startswith(PREFIX):
            continue
        at = entry.get("at") if isinstance(entry, Mapping) else None
        if not isinstance(at, int | float) or isinstance(at, bool):
            at = -1
        mine = result.get(key)
        stronger = mine is not None and _has_key(entry) and not _has_key(mine)
        if mine is not None and not stronger and (
                at < mine["at"] or (at == mine["at"] and entry == mine)):
            continue
        valid = _valid(key, entry)
        if valid is not None:  # taken as it should be written (newer if that is not as it was)
            taken = {**valid, "at": at}
            if taken != entry or stronger:
                taken["at"] = max(at, mine["at"] if mine else at) + 1
            result[key] = taken
        elif key == ME:
            result[ME] = {**result[ME], "at": max(at, result[ME]["at"]) + 1}
        elif key == LANGUAGE:
            result[key] = {"at": at + 1, "language": None}
        else:
            result[key] = {"at": at + 1, "link": None}
    return result


def _has_key(entry: Any) -> bool:
    """Whether ``entry`` is a board's facilitator link."""
    link = entry.get("link") if isinstance(entry, Mapping) else None
    return isinstance(link, Mapping) and "key" in link


def _valid(key: str, entry: Any) -> dict[str, Any] | None:
    """The entry as this module writes it, or None when it is not one."""
    if not isinstance(entry, Mapping):
        return None
    if key == ME:
        secret, typed = entry.get("id"), entry.get("name")
        if isinstance(secret, str) and _SECRET.match(secret) and isinstance(typed, str):
            return {"id": secret, "name": _cleaned(typed)}
        return None
    if key == LANGUAGE:
        code = entry.get("language")
        return {"language": code} if code is None or code in LANGUAGES else None
    link = entry.get("link")
    if link is None and key.startswith(BOARD):
        return {"link": None}
    if not isinstance(link, Mapping) or not key.startswith(BOARD):
        return None
    allowed = ({"view"},) if "view" in link else ({"board"}, {"board", "key"})
    if set(link) not in allowed or not all(
            isinstance(value, str) and _TOKEN.match(value) for value in link.values()):
        return None
    clean = {name_: link[name_] for name_ in sorted(link)}
    return {"link": clean} if _entry_of(clean) == key else None
