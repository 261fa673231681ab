"""Every stored value within the bounds the board model now holds, so that every board opens.

Before the bounds (components/board/model.py) a form or a board file could store a value that
broke pages (a revenue target of 1e29); now the store refuses to read such a board at all.
This brings each stored record inside the bounds, as gently as it can:

- a number beyond its range becomes the nearest end of it (1e29 becomes 10^12, a rate of 0
  becomes one in a million), a date outside 1900–2199 the nearest of those days;
- a number with more than ten decimal places is rounded to ten;
- NUL characters leave the texts (SQLite could store them);
- a funnel scenario that needs more than 10^12 people has its target lowered, to the cent,
  until it fits.

What cannot be mended so is left as it was; the history (``changes``) keeps every old value.

Revision ID: 0004_bounds
Revises: 0003
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op
from pydantic import BaseModel, ValidationError

from components.board.bounds import MAX_PLACES
from components.board.model import COLLECTIONS, JOB_PARTS, Scenario

revision = "0004_bounds"
down_revision = "0003"
branch_labels = None
depends_on = None

RECORDS: dict[str, type[BaseModel]] = {**COLLECTIONS, **JOB_PARTS}
CLAMPED = ("out_of_range", "out_of_range_or_zero", "date_out_of_range")


def upgrade() -> None:
    connection = op.get_bind()
    items = sa.table("items", sa.column("board_id"), sa.column("id"), sa.column("kind"),
                     sa.column("data", sa.JSON))
    mended = []
    for board_id, item_id, kind, data in connection.execute(
            sa.select(items.c.board_id, items.c.id, items.c.kind, items.c.data)):
        fixed = within_bounds(RECORDS[kind], data) if kind in RECORDS else data
        if fixed != data:
            mended.append((board_id, item_id, fixed))
    for board_id, item_id, fixed in mended:
        connection.execute(items.update().where(items.c.board_id == board_id,
                                                items.c.id == item_id).values(data=fixed))
    boards = sa.table("boards", sa.column("id"), sa.column("title"), sa.column("description"))
    for board_id, title, description in connection.execute(
            sa.select(boards.c.id, boards.c.title, boards.c.description)).all():
        if "\x00" in f"{title}{description}":
            connection.execute(boards.update().where(boards.c.id == board_id).values(
                title=title.replace("\x00", ""), description=description.replace("\x00", "")))


def within_bounds(record: type[BaseModel], data: dict) -> dict:
    """``data`` (a stored record's fields) with what the model refuses mended, pass by pass
    (clamping a rate may make a plan too big, which the next pass mends)."""
    data = {**data}
    for _ in range(10):
        try:
            record.model_validate({**data, "id": "x"})
        except ValidationError as error:
            mended = [_mend(data, problem) for problem in error.errors()]  # each, then decide
            if not any(mended):
                return data  # nothing more to mend here
        else:
            return data
    return data


def _mend(data: dict, problem: dict) -> bool:
    kind, place, value, ctx = problem["type"], problem["loc"], problem["input"], problem.get("ctx")
    if kind in CLAMPED:  # the input as stored: exact numbers as text, dates in ISO form
        if isinstance(ctx["low"], Decimal):
            value = Decimal(str(value))
        elif isinstance(ctx["low"], dt.date):
            value = dt.date.fromisoformat(value)
        _put(data, place, min(max(value, ctx["low"]), ctx["high"]))
    elif kind == "too_precise":
        _put(data, place, Decimal(str(value)).quantize(Decimal(1).scaleb(-MAX_PLACES)))
    elif kind == "nul_character" and value.replace("\x00", "").strip():
        _put(data, place, value.replace("\x00", ""))
    elif kind == "too_many_people":
        _put(data, ("target_revenue",), _largest_target(data))
    else:
        return False
    return True


def _largest_target(data: dict) -> Decimal:
    """The largest target, in cents, whose plan fits (a target of 0 always does)."""
    def fits(cents: int) -> bool:
        try:
            Scenario.model_validate({**data, "id": "x", "target_revenue": Decimal(cents) / 100})
        except ValidationError:
            return False
        return True

    low, high = 0, int(Decimal(str(data["target_revenue"])) * 100)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return Decimal(low) / 100


def _put(data: dict, place: tuple, value: Any) -> None:
    """Set the field at ``place`` (``("rates", "suspect_to_lead")``) as the store keeps it."""
    *parents, name = place
    for parent in parents:
        data[parent] = {**data[parent]}
        data = data[parent]
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    data[name] = value
