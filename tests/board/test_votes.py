"""Dot votes on the canvas's cards, the progress page's metrics and the funnel's scenarios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from components.board import store
from components.board.model import (
    Board,
    Job,
    Metric,
    Outcome,
    Scenario,
    Solution,
    Vote,
    referential_errors,
)
from components.board.votes import votable, votable_on, vote_counts
from tests.conftest import KEY, facilitator, participant

RATES = {"suspect_to_lead": Decimal("0.1"), "lead_to_prospect": Decimal("0.25"),
         "prospect_to_customer": Decimal("0.5"), "customer_to_consumption": Decimal("0.8"),
         "consumption_to_reference": Decimal("0.1")}


def board(**extra) -> Board:
    return Board(title="Votes", needs=(Job(id="j1", text="Put up a shelf", outcomes=(
        Outcome(id="o1", text="It hangs straight"),)),),
        solutions=(Solution(id="s1", text="Laser level"),),
        metrics=(Metric(id="m1", name="Tries", baseline=3, current=2, target=1),),
        scenarios=(Scenario(id="sc1", name="Plan A", target_revenue=100000,
                            deal_value=1000, rates=RATES),), **extra)


def test_each_page_offers_its_own_items_and_all_of_them_can_get_dots():
    shelf = board()
    assert votable_on(shelf, "canvas") == {"j1": "Put up a shelf", "o1": "It hangs straight",
                                           "s1": "Laser level"}
    assert votable_on(shelf, "progress") == {"m1": "Tries"}
    assert votable_on(shelf, "funnel") == {"sc1": "Plan A"}
    assert list(votable(shelf)) == ["j1", "o1", "s1", "m1", "sc1"]


def test_a_dot_on_a_metric_or_scenario_is_a_valid_board_one_on_nothing_is_not():
    voted = board(votes=(Vote(id="v1", voter="Ann", target="m1"),
                         Vote(id="v2", voter="Bo", target="sc1"),
                         Vote(id="v3", voter="Bo", target="m1")))
    assert vote_counts(voted) == [("m1", 2), ("sc1", 1)]
    assert referential_errors(voted) == []
    assert referential_errors(board(votes=(Vote(voter="Ann", target="nothing"),))) == [
        ("votes[0].target", "unknown_target")]


def test_the_store_takes_dots_on_metrics_and_scenarios_and_drops_them_with_their_item(engine):
    board_id = store.create(engine, board(), key=KEY)
    store.open_vote(engine, facilitator(engine, board_id), 3)
    ann = participant(engine, board_id, "Ann")
    for target in ("m1", "sc1", "o1"):
        store.apply(engine, ann, [store.Add("votes", {"target": target})])
    with pytest.raises(store.Forbidden):  # three dots each, whatever they are on
        store.apply(engine, ann, [store.Add("votes", {"target": "m1"})])
    store.apply(engine, facilitator(engine, board_id), [store.Delete("m1", 99),
                                                        store.Delete("sc1", 99)])
    assert [(v.voter, v.target) for v in store.load(engine, board_id).board.votes] == [
        (ann.person.id, "o1")]
