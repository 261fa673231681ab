"""How well-founded a need is (components.canvas.evidence): asked and watched, not guessed."""

from __future__ import annotations

import pytest

from components.board.model import Board, Evidence, Job, Obstacle, Outcome
from components.canvas.evidence import FOUNDED, foundation, foundation_sentence, foundations


def piece(source: str, customers: int = 0, quote: str = "") -> Evidence:
    return Evidence(source=source, customers=customers, quote=quote)


@pytest.mark.parametrize(("evidence", "level", "customers"), [
    ((), "none", 0),
    ((piece("estimate"), piece("estimate", 12)), "guessed", 0),  # an estimate asks nobody
    ((piece("interview", 2), piece("survey", 2)), "anecdotal", 4),
    ((piece("interview", 3), piece("interview", 2)), "founded", 5),
    ((piece("interview", 4), piece("observation", 3), piece("estimate")), "triangulated", 7),
    ((piece("survey", 120),), "founded", 120),
])
def test_levels(evidence, level, customers):
    found = foundation(evidence)
    assert (found.level, found.customers) == (level, customers)


def test_sources_quotes_and_pieces_are_counted():
    found = foundation([piece("observation", 3, "we stand in line"), piece("interview", 4),
                        piece("estimate", 0, "   ")])
    assert (found.sources, found.pieces, found.quotes) == (("interview", "observation"), 3, 1)
    assert FOUNDED == 5


def test_every_need_of_a_board_by_id():
    board = Board(title="b", needs=(Job(id="j", text="job", outcomes=(
        Outcome(id="o", text="out", evidence=(piece("interview", 6),)),), obstacles=(
        Obstacle(id="b", text="obstacle"),)),))
    assert {key: f.level for key, f in foundations(board).items()} == {
        "o": "founded", "b": "none"}


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", "Well founded: 7 customers, from interviews, watching them work."),
    ("de", "Gut begründet: 7 Kunden, aus Interviews, Beobachtung bei der Arbeit."),
    ("sv", "Väl grundat: 7 kunder, från intervjuer, iakttagelser i arbetet."),
])
def test_the_sentence_in_each_language(language, sentence):
    found = foundation([piece("interview", 4), piece("observation", 3)])
    assert foundation_sentence(found, language) == sentence
    assert "5" in foundation_sentence(foundation([piece("interview", 2)]), language)
