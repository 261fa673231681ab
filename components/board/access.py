"""Who may do what on a board: the role a link grants, the person acting, the link secrets.

A board is opened by a link, and the link decides the role:

- ``?board=<id>``: **participant**, adds and edits (not on a locked board) and undoes their
  own changes;
- ``?board=<id>&key=<key>``: **facilitator**, also locks the board, runs the timer, the silent
  brainstorm and the dot vote, restores earlier revisions, copies, deletes and restores the
  board;
- ``?view=<observer id>``: **observer**, reads and writes nothing (a separate id, so it
  cannot be turned into an editing link).

Every store function that changes a board takes an :class:`Access` (board, role, person) and
checks it; nothing has a default role.  The server operator (the command line, or the boards
page opened with the admin key) acts with an access the store builds for them
(``store.operator``).

**Keys.**  A facilitator's key is drawn once (:func:`new_key`, 128 random bits) and the
database keeps only its SHA-256 digest (:func:`key_digest`); a key is checked by comparing
digests in constant time (:func:`is_key`).  For a random 128-bit secret a plain hash is
enough: nobody can search that space, so neither salt nor a slow hash adds anything.  Once
stored, a key cannot be read back: the facilitator's link is kept by whoever was given it
(the creating browser remembers it).

**Persons.**  Who acts is a :class:`Person`: the public id of their browser and the name they
typed.  A browser keeps a random secret, its participant id (:func:`new_participant`); only
its digest (:func:`person_id`) reaches the database, as the author of changes, the voter of
dots and the one person who sees an idea hidden in a silent brainstorm.  Typing someone
else's name changes the name shown, nothing else; knowing someone's public id (a vote in a
board file shows it) does not let anyone act as them.

Example::

    >>> key = new_key()
    >>> is_key(key, key_digest(key)), is_key("guess", key_digest(key))
    (True, False)
    >>> len(person_id(new_participant()))
    32
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from components.board.refusals import Forbidden

FACILITATOR, PARTICIPANT, OBSERVER = "facilitator", "participant", "observer"
#: The roles from the weakest to the strongest (the boards page keeps a board's strongest link).
ROLES = (OBSERVER, PARTICIPANT, FACILITATOR)


@dataclass(frozen=True)
class Person:
    """Who acts: ``id`` is the public id of their browser (:func:`person_id`, empty when
    unknown: such a person owns nothing and undoes nothing), ``name`` what they typed."""

    id: str
    name: str = ""


#: Nobody in particular: the author of boards a test or a benchmark creates.
NOBODY = Person("")


@dataclass(frozen=True)
class Access:
    """Which board a link opens, in which role, for whom: what every write is checked against.

    Built by ``store.access`` from a link (or ``store.operator`` for the server operator),
    never by a page.
    """

    board_id: str
    role: str
    person: Person

    @property
    def can_edit(self) -> bool:
        return self.role != OBSERVER

    @property
    def is_facilitator(self) -> bool:
        return self.role == FACILITATOR


def check_edit(access: Access, locked: bool) -> None:
    """A change of the content: never by an observer, on a ``locked`` board only by the
    facilitator (:class:`~components.board.refusals.Forbidden` otherwise)."""
    if not access.can_edit:
        raise Forbidden("read_only")
    if locked and not access.is_facilitator:
        raise Forbidden("locked")


def check_facilitator(access: Access) -> None:
    """The facilitator's own actions: lock, timer, silence, vote, restore, copy, delete."""
    if not access.is_facilitator:
        raise Forbidden("facilitator_only")


def new_key() -> str:
    """A facilitator's key: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def key_digest(key: str) -> str:
    """What the database keeps of a key: its SHA-256 digest, 64 hex digits."""
    return hashlib.sha256(key.encode()).hexdigest()


def is_key(key: str | None, digest: str | None) -> bool:
    """Whether ``key`` is the key whose digest is stored (constant time; no key, no match)."""
    if not key or not digest:
        return False
    return hmac.compare_digest(key_digest(str(key)), digest)


def new_participant() -> str:
    """A browser's secret participant id: 144 random bits, URL-safe (24 characters)."""
    return secrets.token_urlsafe(18)


def person_id(secret: str) -> str:
    """The public id of the browser holding ``secret``: 128 bits of its SHA-256 digest."""
    return hashlib.sha256(f"progress-canvas participant {secret}".encode()).hexdigest()[:32]


def stronger(role: str, other: str) -> bool:
    """Whether ``role`` grants more than ``other`` (facilitator > participant > observer)."""
    return ROLES.index(role) > ROLES.index(other)
