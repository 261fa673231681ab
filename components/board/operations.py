"""What a write asks of a board: add, update, delete or move a record, or change the title.

A page builds a list of operations and hands it to the write door (``PageContext.apply`` in
``components/widgets/shell.py``); the store applies them as one revision, all or nothing
(:func:`components.board.store.apply`).  Every operation but :class:`Add` carries the board
revision its author last saw (``base_revision``): when someone else changed that record
since, the store refuses it as a :class:`~components.board.refusals.Conflict`.  Adding never
conflicts.

Example: a job with one outcome, then the outcome's importance changed, as seen at revision
7::

    [Add("needs", {"id": "j1", "text": "Put up a shelf"}),
     Add("outcomes", {"text": "It hangs straight"}, parent="j1")]
    [Update("o1", {"text": "It hangs straight", "importance": 9}, base_revision=7)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Add:
    """Add a record to a collection (``outcomes`` etc. need the job as ``parent``)."""

    kind: str
    data: Mapping[str, Any]
    parent: str | None = None


@dataclass(frozen=True)
class Update:
    """Replace a record's fields (without its children), as seen at ``base_revision``."""

    item_id: str
    data: Mapping[str, Any]
    base_revision: int


@dataclass(frozen=True)
class Delete:
    """Delete a record and whatever cannot live without it (a job's outcomes, links to it)."""

    item_id: str
    base_revision: int


@dataclass(frozen=True)
class Move:
    """Move a record to ``position`` among its siblings, under ``parent`` (jobs' parts)."""

    item_id: str
    position: int
    base_revision: int
    parent: str | None = None


@dataclass(frozen=True)
class Meta:
    """Change the board's title, description or language."""

    fields: Mapping[str, str]
    base_revision: int


Operation = Add | Update | Delete | Move | Meta
