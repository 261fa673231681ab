"""Edit forms that notice someone else's change, and save or explain: one way for every page.

Why this exists: the live panel reruns a page whenever the board changes, so
``context.loaded.revision`` is always the newest revision.  An edit based on it would silently
overwrite whatever someone else saved while the viewer was typing.  An edit must carry the
revision its form was first drawn at (its *base*) instead; the store then refuses it as a
``Conflict`` when the record changed since, and the page shows both versions.

How a page uses it::

    form = open_form(context, state.form_id("progress_metric", metric.id))
    with st.form(form.key):
        name = st.text_input(label, metric.name, key=f"{form.key}_name")
        submitted = st.form_submit_button(...)
    if submitted:
        save(context, form, [Update(metric.id, {...}, form.base)], success, fields)

Every other write of a page goes through :func:`save` too, as a call of the write method of
``PageContext`` it needs: ``save(context, None, lambda: context.set_locked(True), success)``.
Conflicts, refusals (a locked board, an observer's link) and database outages are then
reported the same way everywhere.  Where a refusal must be answered as data instead of drawn
(the interactive canvas answers its browser), :func:`attempt` does the write: it is the one
place that tells them apart, and :func:`save` calls it too.

- A form's id is the start of its key, ending in ``@`` (never part of a record id), and
  every widget in it is keyed ``f"{form.key}_<name>"``.  While the form is open, that is while
  its widgets of the last run are in the session, it keeps its key, its typed values and its
  base (remembered under ``state.FORMS``).  A form drawn afresh (first time, after the viewer
  looked at something else, after a save) starts at the newest revision and shows the record
  as it is now.
- After a conflict (:func:`save` calls :func:`mark_seen`) the viewer has seen the newest
  version in the table, so submitting the form again saves the viewer's version on purpose.
- After a successful save (:func:`reset`) the next run draws the form afresh: its key (the
  *generation*, the revision it was drawn at) changes, so its widgets show the saved record
  instead of the values typed into the old ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from components.board.boardfile import BoardFileError
from components.board.model import COLLECTIONS, JOB_PARTS, Board, Record
from components.board.operations import Operation, Update
from components.board.refusals import Conflict, DatabaseDown, StoreError
from components.errors import message
from components.formatting import format_date, format_number
from components.widgets import state
from components.widgets.shell import (
    PageContext,
    escape_markdown,
    flash,
    until_database_answers,
)

T = TypeVar("T")


@dataclass(frozen=True)
class EditForm:
    """One open edit form: ``id`` names it, ``key`` keys it, ``base`` is its base revision."""

    id: str
    key: str
    base: int


@dataclass(frozen=True)
class Fields:
    """How a page names its records' fields and shows their values in the conflict table.

    ``heading`` titles the column of field names, ``label`` names a field (nested fields as a
    dotted path, ``rates.lead_to_prospect``), ``text`` shows a value the way the page's forms
    do (default :func:`plain`), all in the viewer's language.
    """

    heading: str
    label: Callable[[str], str]
    text: Callable[[str, Any], str] | None = None


# --- the form's base revision ----------------------------------------------------------------

def open_form(context: PageContext, form_id: str) -> EditForm:
    """The form ``form_id`` with the key and base revision to draw it with in this run.

    Open (its widgets, keyed ``f"{key}_<name>"``, were drawn last run): the same key and base
    as then, however often the live panel reran the page since.  Otherwise: drawn afresh at
    the revision this run loaded.
    """
    forms = st.session_state.setdefault(state.FORMS, {})
    generation, base = forms.get(form_id, (None, None))
    if generation is None or not _drawn_last_run(context, f"{form_id}{generation}"):
        generation = base = context.loaded.revision
        forms[form_id] = (generation, base)
    return EditForm(form_id, f"{form_id}{generation}", base)


def _drawn_last_run(context: PageContext, key: str) -> bool:
    """Whether widgets of the form ``key`` are in the session (Streamlit drops those of widgets
    a run did not draw)."""
    return any(name.startswith(f"{key}_") for name in context.session_keys)


def mark_seen(context: PageContext, form_id: str) -> None:
    """The viewer has now seen the board as this run loaded it: the form's next save is based
    on it (a change made after this run loaded still shows as a conflict)."""
    forms = st.session_state.setdefault(state.FORMS, {})
    if form_id in forms:
        forms[form_id] = (forms[form_id][0], context.loaded.revision)


def reset(prefix: str) -> None:
    """Draw every form whose id starts with ``prefix`` afresh in the next run (after a save or
    an undo: they show the records as stored, not what was typed)."""
    forms = st.session_state.get(state.FORMS, {})
    for form_id in [form_id for form_id in forms if form_id.startswith(prefix)]:
        del forms[form_id]


def digest(records: Iterable[BaseModel]) -> str:
    """A short fingerprint of records, for a form id that must change when they do.

    Only where Streamlit itself restarts a widget on new data (a data editor with dynamic
    rows, a list of radio buttons per record): such a form always shows the records as they
    are, so its base is the revision at which it first showed *these* records.
    """
    text = json.dumps([record.model_dump(mode="json") for record in records], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


# --- saving ----------------------------------------------------------------------------------

#: What a page hands :func:`save`: operations for the open board, or a call of one of
#: ``PageContext``'s write methods (``lambda: context.set_locked(True)``).
Write = Sequence[Operation] | Callable[[], T]


@dataclass(frozen=True)
class Refused:
    """A write that was not done, and why (``problem``): a :class:`Conflict` (someone else
    changed the record since the viewer's base revision), a ``BoardFileError`` (a record the
    board model refuses) or another ``StoreError`` (a locked board, an observer's link, a
    record deleted meanwhile).  Nothing was saved."""

    problem: BoardFileError | StoreError

    @property
    def conflict(self) -> Conflict | None:
        return self.problem if isinstance(self.problem, Conflict) else None


def attempt(context: PageContext, write: Write[T]) -> T | Refused:
    """Do one write as this viewer: what the write returned, or why it was refused, as data.

    The one place that tells conflicts, refusals and outages apart: :func:`save` draws a
    refusal on the page, the interactive canvas answers it to the browser.  ``write`` is as
    for :func:`save`.  While the database does not answer, the page says so and the write
    waits, then is done (``shell.until_database_answers``): what was typed stays on the page
    meanwhile, and nothing is written twice.
    """
    def once() -> T | Refused:
        try:
            return write() if callable(write) else context.apply(list(write))
        except DatabaseDown:
            raise  # waited for, not refused
        except (BoardFileError, StoreError) as error:
            return Refused(error)

    return until_database_answers(once, context.language)


def save(context: PageContext, form: EditForm | None, write: Write[T], success: str,
         fields: Fields | None = None, *,
         invalid: Callable[[BoardFileError], None] | None = None,
         on_saved: Callable[[T], None] | None = None, flash_as: str = "success") -> bool:
    """Do one write as this viewer (:func:`attempt`); on success say ``success`` after a rerun.

    ``write`` is a list of operations (applied as one revision: ``context.apply``) or a call
    of another of ``PageContext``'s write methods.  On success the form (if any) is drawn
    afresh next run, ``success`` is flashed (as ``flash_as``: ``st.success`` …), then
    ``on_saved`` gets what the write returned (the new revision, a new board's id) and may
    switch pages; otherwise the page reruns.  Nothing is saved otherwise and the form keeps
    what was typed: a conflict shows both versions (:func:`show_conflict`, the table when
    ``fields`` name them) and marks the newest as seen; a record the model refuses goes to
    ``invalid`` (default: the translated message); any other refusal is said in the viewer's
    language; a database outage shows the retry notice and stops the page.  Returns whether
    the write was refused as a conflict.
    """
    operations = () if callable(write) else list(write)
    result = attempt(context, write if callable(write) else operations)
    if isinstance(result, Refused):
        error = result.problem
        if result.conflict is not None:
            if form is not None:
                mark_seen(context, form.id)
            yours = next((operation.data for operation in operations
                          if isinstance(operation, Update)
                          and operation.item_id == error.item_id), None)
            show_conflict(context, result.conflict, yours, fields)
            return True
        if isinstance(error, BoardFileError) and invalid is not None:
            invalid(error)
        else:
            st.error(escape_markdown(message(error, context.language)))
        return False
    if form is not None:
        reset(form.id)
    flash(flash_as, success)
    if on_saved is not None:
        on_saved(result)
    st.rerun()


def show_conflict(context: PageContext, error: Conflict, yours: Mapping[str, Any] | None,
                  fields: Fields | None) -> None:
    """Say who changed the record when, and show the fields where their version (as stored
    now) and ``yours`` (the data the viewer tried to save) differ, as one table.

    Both sides are read as the record type first, so ``"4"`` from the store and ``4.0`` from a
    form are the same number, and a date is a date on both sides.  Without ``yours`` (a
    delete, a move, an undo) or ``fields`` only the message is shown.
    """
    st.error(escape_markdown(message(error, context.language)))
    kind = _record_type(context.loaded.board, error.item_id)
    if yours is None or fields is None or error.theirs is None or kind is None:
        return
    try:
        theirs = _flat(kind.model_validate({**error.theirs, "id": error.item_id}))
        mine = _flat(kind.model_validate({**yours, "id": error.item_id}))
    except ValueError:  # not a valid record any more: show nothing rather than guess
        return
    text = fields.text or (lambda _name, value: plain(context, value))
    rows = [(fields.label(name), text(name, theirs.get(name)), text(name, mine.get(name)))
            for name in dict.fromkeys([*mine, *theirs]) if theirs.get(name) != mine.get(name)]
    if rows:
        columns = [fields.heading, context.t("store_error.theirs"), context.t("store_error.yours")]
        st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True)


def plain(context: PageContext, value: Any) -> str:
    """A field's value as plain text: numbers and dates in the viewer's locale."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, Decimal | int | float):
        return format_number(value, context.language, 10)
    if isinstance(value, dt.date):
        return format_date(value, context.language)
    return str(value)


def _record_type(board: Board, item_id: str) -> type[Record] | None:
    """The type of the record ``item_id`` on the board (None when it is not there)."""
    tops = [record for name in COLLECTIONS for record in getattr(board, name)]
    parts = [part for job in board.needs for name in JOB_PARTS for part in getattr(job, name)]
    return next((type(record) for record in (*tops, *parts) if record.id == item_id), None)


def _flat(record: Record) -> dict[str, Any]:
    """A record's own fields, nested ones as dotted paths (``rates.suspect_to_lead``)."""
    def flatten(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        flat: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, Mapping):
                flat |= flatten(value, f"{prefix}{name}.")
            else:
                flat[f"{prefix}{name}"] = value
        return flat

    return flatten(record.model_dump(exclude={"id", *JOB_PARTS}), "")
