"""Evidence on needs, desired outcomes, worth costs and test cards in board files and the
store: old files still load, references are checked, a deleted subject leaves its card."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from components.board import store
from components.board.boardfile import dump, load
from components.board.model import (
    Board,
    DesiredOutcome,
    Evidence,
    Experiment,
    Job,
    Obstacle,
    Outcome,
    Persona,
    Rates,
    Scenario,
    Worth,
)
from tests.conftest import participant

HEAD = "format: progress-canvas/1\ntitle: Coffee\n"
RATES = Rates(suspect_to_lead="0.2", lead_to_prospect="0.25", prospect_to_customer="0.5",
              customer_to_consumption="0.5", consumption_to_reference="0.1")


def coffee() -> Board:
    quick = Outcome(id="o1", text="Awake at my desk without queueing", importance=9,
                    evidence=(Evidence(source="interview", customers=4,
                                       quote="I lose ten minutes every morning",
                                       date=dt.date(2026, 9, 3)),
                              Evidence(source="observation", customers=3)))
    queue = Obstacle(id="b1", text="The queue is longest at 8:30",
                     evidence=(Evidence(source="estimate"),))
    return Board(
        title="Coffee", personas=(Persona(id="p1", name="Office worker"),),
        needs=(Job(id="j1", text="Get awake", persona="p1", outcomes=(quick,),
                   obstacles=(queue,)),),
        worth=(Worth(id="w1", persona="p1", period="month", currency="SEK", value=600,
                     price=350, effort_hours=Decimal("0.25"), hour_value=240,
                     risk_chance=Decimal("0.05"), risk_loss=200),),
        desired_outcomes=(DesiredOutcome(id="d1", persona="p1", required="Awake by 10",
                                         experience="No queue",
                                         alternative="The station café"),),
        scenarios=(Scenario(id="x", name="Expected", target_revenue=100000, deal_value=1000,
                            rates=RATES),),
        experiments=(
            Experiment(id="e1", subject="w1", hypothesis="They would pay 350 kr a month",
                       test="Offer it to 20", metric="sign-ups", threshold=5,
                       unit="sign-ups", due=dt.date(2027, 1, 15), observation="7 of 20",
                       result=7, learning="Price is fine", decision="persevere",
                       action="Offer it to the building", learned_on=dt.date(2027, 1, 20)),
            Experiment(id="e2", subject="x", rate="suspect_to_lead",
                       hypothesis="One in five passers-by comes in", direction=-1),
            Experiment(id="e3", subject="o1", hypothesis="They care most about the queue"),
        ),
    )


def test_round_trip_keeps_evidence_desired_outcomes_worth_costs_and_cards():
    board = coffee()
    text = dump(board)
    assert load(text) == board
    assert "quote: I lose ten minutes every morning" in text
    assert "risk_chance: '0.05'" in text or "risk_chance: 0.05" in text


def test_old_worth_ratings_of_effort_and_risk_are_dropped_not_refused():
    old = HEAD + "worth:\n- {id: w, value: 60, price: 35, effort: 2, risk: 1, push: 7}\n"
    (worth,) = load(old).worth
    assert (worth.value, worth.price, worth.push, worth.effort_hours, worth.risk_chance) == (
        60, 35, 7, 0, 0)
    assert "effort" not in dump(load(old)).split("worth:")[1].replace("effort_hours", "")


def test_a_card_outlives_what_it_tested(engine):
    board_id = store.create(engine, coffee())
    loaded = store.load(engine, board_id)
    store.apply(engine, participant(engine, board_id, "ann"),
                [store.Delete("o1", loaded.revision)])
    cards = {e.id: e for e in store.load(engine, board_id).board.experiments}
    assert cards["e3"].subject is None  # the learning stays; what it tested is gone
    assert cards["e3"].hypothesis == "They care most about the queue"
    loaded = store.load(engine, board_id)
    store.apply(engine, participant(engine, board_id, "ann"),
                [store.Delete("x", loaded.revision)])
    assert store.load(engine, board_id).board.experiments[1].subject is None


def test_evidence_is_stored_with_its_need(engine):
    board_id = store.create(engine, coffee())
    outcome = store.load(engine, board_id).board.needs[0].outcomes[0]
    assert [(e.source, e.customers) for e in outcome.evidence] == [("interview", 4),
                                                                    ("observation", 3)]
