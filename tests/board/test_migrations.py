"""Migrations that change stored data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from components.board import schema, store
from components.board.bounds import MAX_MONEY, MAX_PEOPLE, MIN_RATE
from tests.conftest import database_at

RATES = {"suspect_to_lead": "0.1", "lead_to_prospect": "0.25", "prospect_to_customer": "0.5",
         "customer_to_consumption": "0.8", "consumption_to_reference": "0.1"}
# what forms and board files could store before the model had bounds
BEFORE = {
    "o1": ("outcomes", "j1", {"text": "Straight\x00", "importance": 10.0}),
    "m1": ("metrics", None, {"name": "Minutes", "baseline": "1E+29", "current": "-1E+400000",
                             "target": "3.14159265358979", "weight": "5000",
                             "baseline_date": "1066-10-14"}),
    "x1": ("scenarios", None, {"name": "Huge", "target_revenue": "1E+29", "deal_value": "1000",
                               "rates": {**RATES, "suspect_to_lead": "0"}}),
    "x2": ("scenarios", None, {"name": "Tiny deals", "target_revenue": "1000000000",
                               "deal_value": "0.0001", "rates": RATES}),
    "a1": ("actuals", None, {"month": "2026-09", "lead": 10**15}),
}


def test_values_stored_before_the_bounds_are_brought_inside_them(database_url):
    old = database_at(database_url, "0003")
    now = dt.datetime.now(dt.UTC)
    history = {"kind": "scenarios", "parent_id": None, "position": 0, "data": BEFORE["x1"][2]}
    with old.begin() as connection:
        title = "Old\x00" if old.dialect.name == "sqlite" else "Old"  # PostgreSQL holds no NUL
        connection.execute(_table("boards").insert().values(
            id="b", title=title, description="", language="en", revision=1, meta_revision=1,
            created_at=now, updated_at=now, locked=False, silent=False))
        connection.execute(_table("items").insert(), [
            {"board_id": "b", "id": "j1", "kind": "needs", "parent_id": None, "position": 0,
             "data": {"text": "Job"}, "revision": 1, "updated_by": "", "updated_at": now,
             "hidden": False},
            *({"board_id": "b", "id": item_id, "kind": kind, "parent_id": parent,
               "position": position, "data": data, "revision": 1, "updated_by": "",
               "updated_at": now, "hidden": False}
              for position, (item_id, (kind, parent, data)) in enumerate(BEFORE.items()))])
        connection.execute(_table("changes").insert().values(
            board_id="b", revision=1, at=now, author="ann", action="add", item_id="x1",
            kind="scenarios", before=None, after=history))
    old.dispose()

    upgraded = store.connect(database_url)
    board = store.load(upgraded, "b").board  # refused as out of bounds without the migration
    (metric,) = board.metrics
    assert (metric.baseline, metric.current, metric.target, metric.weight,
            metric.baseline_date) == (MAX_MONEY, -MAX_MONEY, Decimal("3.1415926536"), 1000,
                                      dt.date(1900, 1, 1))
    huge, tiny = board.scenarios
    assert (huge.rates.suspect_to_lead, tiny.deal_value) == (MIN_RATE, Decimal("0.0001"))
    for scenario, rates in ((huge, {**RATES, "suspect_to_lead": MIN_RATE}), (tiny, RATES)):
        per_customer = scenario.deal_value
        lead = scenario.target_revenue / per_customer / Decimal(rates["prospect_to_customer"]) \
            / Decimal(rates["lead_to_prospect"]) / Decimal(rates["suspect_to_lead"])
        assert MAX_PEOPLE * Decimal("0.99") < lead <= MAX_PEOPLE  # lowered just enough
    assert board.actuals[0].lead == MAX_PEOPLE
    assert (board.title, board.needs[0].outcomes[0].text) == ("Old", "Straight")
    assert board.needs[0].outcomes[0].importance == 10  # within bounds: as it was
    assert [c.after["data"] for c in store.history(upgraded, "b")] == [BEFORE["x1"][2]]
    upgraded.dispose()


def _table(name: str) -> sa.TableClause:
    """The table as versions 0003 and 0004 have it."""
    columns = {"boards": ("id", "title", "description", "language", "revision",
                          "meta_revision", "created_at", "updated_at", "locked", "silent"),
               "items": ("board_id", "id", "kind", "parent_id", "position", "data",
                         "revision", "updated_by", "updated_at", "hidden"),
               "changes": ("board_id", "revision", "at", "author", "action", "item_id",
                           "kind", "before", "after")}[name]
    return sa.table(name, *(sa.column(column, sa.JSON if column in ("data", "before", "after")
                                      else None) for column in columns))


def test_keys_in_clear_become_digests_and_hidden_items_stay_hidden(database_url):
    """A database of 0004: a facilitator link given out before keeps working though only the
    key's digest is kept; an item hidden then (tied to a typed name) stays hidden from
    everyone, its history line too, until the reveal."""
    old = database_at(database_url, "0004_bounds")
    now = dt.datetime.now(dt.UTC)
    with old.begin() as connection:
        connection.execute(sa.table(
            "boards", *(sa.column(name) for name in (
                "id", "title", "description", "language", "revision", "meta_revision",
                "created_at", "updated_at", "locked", "silent", "facilitator_key",
                "observer_id"))).insert().values(
            id="b", title="Old", description="", language="en", revision=2, meta_revision=1,
            created_at=now, updated_at=now, locked=False, silent=True,
            facilitator_key="old-key-in-clear", observer_id="old-view"))
        connection.execute(_table("items").insert().values(
            board_id="b", id="s1", kind="solutions", parent_id=None, position=0,
            data={"text": "Ann's hidden idea"}, revision=2, updated_by="Ann", updated_at=now,
            hidden=True))
        connection.execute(_table("changes").insert().values(
            board_id="b", revision=2, at=now, author="Ann", action="add", item_id="s1",
            kind="solutions", before=None, after={"kind": "solutions", "parent_id": None,
                                                  "position": 0,
                                                  "data": {"text": "Ann's hidden idea"}}))
    old.dispose()

    upgraded = store.connect(database_url)
    with upgraded.connect() as connection:
        stored = connection.execute(sa.select(schema.boards)).mappings().one()
    assert "old-key-in-clear" not in {str(value) for value in stored.values()}
    ann = store.Person("ann-browser", "Ann")
    facilitator = store.access(upgraded, ann, board="b", key="old-key-in-clear")
    assert facilitator.role == store.FACILITATOR
    assert store.load(upgraded, "b", viewer=ann).hidden == 1  # the name no longer opens it
    assert store.history(upgraded, "b", viewer=ann) == []
    store.set_silent(upgraded, facilitator, False)
    assert [s.text for s in store.load(upgraded, "b", viewer=ann).board.solutions] == [
        "Ann's hidden idea"]
    assert len(store.history(upgraded, "b", viewer=ann)) == 1
    upgraded.dispose()
