"""The evidence widget (components.widgets.evidence) as a page places it: it says how
well-founded the need is, adds a piece, removes one, and never lets an observer write."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import store
from components.board.model import Board, Evidence, Job, Outcome
from components.widgets.state import LANGUAGE
from tests.hostile import as_shown


def evidence_page():
    import streamlit as st

    from components.widgets.evidence import evidence_panel
    from components.widgets.shell import page, require_board

    context = page()
    require_board(context)
    evidence_panel(context, st.query_params.get("item", ""), key="t_evidence")


QUEUE = Outcome(id="o1", text="Awake at my desk without queueing",
                evidence=(Evidence(source="interview", customers=4, quote="ten minutes lost"),))


def board() -> Board:
    return Board(title="Coffee", needs=(Job(id="j1", text="Get awake", outcomes=(QUEUE,)),))


def app(board_id: str, item: str = "o1", language: str = "en", **link: str) -> AppTest:
    at = AppTest.from_function(evidence_page, default_timeout=60)
    at.query_params.update({"board": board_id, "item": item, **link})
    at.session_state[LANGUAGE] = language
    return at.run()


def t(language: str, key: str, **params) -> str:
    return i18n.t(language, key, **params)


def shown(elements) -> list[str]:
    """Messages as the reader sees them (Markdown escapes removed)."""
    return [as_shown(element.value) for element in elements]


def test_it_says_how_well_founded_the_need_is_and_lists_the_evidence(app_db):
    at = app(store.create(app_db, board()))
    assert not at.exception
    assert "Anecdotal: heard from or seen with 4 of at least 5 customers." in shown(at.info)
    table = at.dataframe[0].value
    assert list(table["Quote, in their words"]) == ["ten minutes lost"]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_adding_an_observation_makes_it_well_founded(app_db, language):
    board_id = store.create(app_db, board())
    at = app(board_id, language=language)
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.endswith("_source"))).set_value(
        "observation")
    next(n for n in at.number_input).set_value(3)
    next(a for a in at.text_area).input("We queue while the train leaves")
    at = next(b for b in at.button if b.label == t(language, "evidence.add")).click().run()
    assert not at.exception
    evidence = store.load(app_db, board_id).board.needs[0].outcomes[0].evidence
    assert [(e.source, e.customers, e.quote) for e in evidence] == [
        ("interview", 4, "ten minutes lost"),
        ("observation", 3, "We queue while the train leaves")]
    assert t(language, "evidence.level.triangulated", customers=7, sources=", ".join(
        t(language, f"evidence.from.{s}") for s in ("interview", "observation"))) in shown(
        at.success)


def test_an_estimate_counts_no_customer_and_a_piece_can_be_removed(app_db):
    board_id = store.create(app_db, board())
    at = app(board_id)
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.endswith("_source"))).set_value(
        "estimate")
    next(n for n in at.number_input).set_value(9)
    at = next(b for b in at.button if b.label == t("en", "evidence.add")).click().run()
    evidence = store.load(app_db, board_id).board.needs[0].outcomes[0].evidence
    assert [(e.source, e.customers) for e in evidence] == [("interview", 4), ("estimate", 0)]
    # the choice starts at the first piece, the interview
    at = next(b for b in at.button if b.label == t("en", "evidence.remove")).click().run()
    evidence = store.load(app_db, board_id).board.needs[0].outcomes[0].evidence
    assert [(e.source, e.customers) for e in evidence] == [("estimate", 0)]


def test_observers_see_the_evidence_but_no_forms(app_db):
    board_id = store.create(app_db, board())
    observer = store.workshop(app_db, board_id).observer_id
    at = AppTest.from_function(evidence_page, default_timeout=60)
    at.query_params.update({"view": observer, "item": "o1"})
    at = at.run()
    assert not at.exception
    assert at.dataframe and not at.button and not at.text_area


def test_a_need_that_is_gone_says_so(app_db):
    at = app(store.create(app_db, board()), item="nope")
    assert t("en", "evidence.gone") in shown(at.info)
