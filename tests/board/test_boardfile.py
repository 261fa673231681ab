"""Board files: round trip, and a clear place named for every kind of bad input."""

from __future__ import annotations

import pytest

from components.board import boardfile
from components.board.boardfile import BoardFileError, dump, load
from components.board.model import Board, Job, Link, Outcome, Rates, Scenario, Solution
from components.errors import message

HEAD = "format: progress-canvas/1\ntitle: Shelf\n"
COFFEE = "format: progress-canvas/1\ntitle: Coffee\n"


def test_round_trip_keeps_every_field_exactly():
    board = Board(
        title="Shelf", language="sv",
        needs=[Job(id="j1", text="Put up a shelf", outcomes=[
            Outcome(id="o1", text="Hangs straight", importance=9.5, satisfaction=3)])],
        solutions=[Solution(id="s1", text="Laser level", kind="product")],
        links=[Link(id="l1", solution="s1", target="o1", strength="weak")],
        scenarios=[Scenario(id="x", name="Expected", target_revenue="1250000.50",
                            rates=Rates(suspect_to_lead="0.7", lead_to_prospect="0.25",
                                        prospect_to_customer="0.5",
                                        customer_to_consumption="0.8",
                                        consumption_to_reference="0"))],
    )
    text = dump(board)
    assert text.startswith("format: progress-canvas/1\n")
    assert load(text) == board
    assert str(load(text).scenarios[0].rates.suspect_to_lead) == "0.7"


@pytest.mark.parametrize(("text", "path", "sentence"), [
    (HEAD + "needs:\n- text: a\n  outcomes:\n  - {text: b, importance: 11}\n",
     "needs[0].outcomes[0].importance", "must be a number from 0 to 10"),
    (HEAD + "needs:\n- text: a\n  outcomes:\n  - {text: b, importance: lots}\n",
     "needs[0].outcomes[0].importance", "must be a number"),
    (HEAD + "links:\n- {solution: nope, target: nope}\n", "links[0].solution",
     "links to a solution that does not exist"),
    (HEAD + "colour: red\n", "colour", "this field is not part of a board file"),
    ("format: progress-canvas/1\n", "title", "this field is required"),
    ("format: progress-canvas/2\ntitle: x\n", "format", "must be “progress-canvas/1”"),
    (HEAD + "solutions:\n- {text: ''}\n", "solutions[0].text", "must not be empty"),
    (HEAD + "solutions:\n- {text: " + "x" * 1001 + "}\n", "solutions[0].text",
     "text is longer than 1000 characters"),
    (HEAD + "solutions: [\n", "line 4, column 1", "this is not valid YAML"),
    (HEAD + "solutions:\n- {id: a, text: x}\n- {id: a, text: y}\n", "solutions[1].id",
     "this id is used twice"),

    # evidence, desired outcomes, worth costs and test cards (tests/board/test_new_records.py)
    (COFFEE + "experiments:\n- {subject: nope, hypothesis: h}\n", "experiments[0].subject",
     "tests something that does not exist"),
    (COFFEE + "needs:\n- {id: j, text: job}\nexperiments:\n- {subject: j, rate: lead_to_prospect,"
     " hypothesis: h}\n", "experiments[0].rate", "a rate can only be tested on a funnel scenario"),
    (COFFEE + "experiments:\n- {hypothesis: ''}\n", "experiments[0].hypothesis",
     "must not be empty"),
    (COFFEE + "experiments:\n- {hypothesis: h, decision: maybe}\n", "experiments[0].decision",
     "must be one of"),
    (COFFEE + "needs:\n- text: a\n  outcomes:\n  - text: b\n    evidence:\n    - {source: rumour}\n",
     "needs[0].outcomes[0].evidence[0].source", "must be one of"),
    (COFFEE + "needs:\n- text: a\n  obstacles:\n  - text: b\n    evidence:\n    - {customers: -1}\n",
     "needs[0].obstacles[0].evidence[0].customers", ""),
    (COFFEE + "worth:\n- {risk_chance: 1.5}\n", "worth[0].risk_chance", ""),
    (COFFEE + "desired_outcomes:\n- {persona: ghost}\n", "desired_outcomes[0].persona",
     "names a persona that does not exist"),
])
def test_bad_file_names_the_place(text, path, sentence):
    with pytest.raises(BoardFileError) as refused:
        load(text)
    assert refused.value.path == path
    assert sentence in str(refused.value)


@pytest.mark.parametrize("text", [
    "", "- a list\n", "just text", "!!python/object:os.system {}\n", "a: !!binary AAAA\n",
    "format: progress-canvas/1\ntitle: [1, 2]\n", "format: progress-canvas/1\ntitle: x\nneeds: 3\n",
    "format: progress-canvas/1\ntitle: x\nneeds:\n- 3\n", "{format: progress-canvas/1, title: .nan}",
    "\x00\x01", "format: progress-canvas/1\ntitle: x\nmetrics:\n- {name: m, baseline: .inf, current: 1}\n",
])
def test_nothing_but_board_file_errors_escape(text):
    with pytest.raises(BoardFileError):
        load(text)


def test_oversized_files_are_refused():
    big = HEAD + "description: " + "x" * (boardfile.MAX_BYTES + 10) + "\n"
    with pytest.raises(BoardFileError, match="larger than 1 MB"):
        load(big)
    many = HEAD + "solutions:\n" + "".join(f"- {{text: s{i}}}\n" for i in range(5001))
    with pytest.raises(BoardFileError, match="more than 5000 items"):
        load(many)


def test_errors_speak_the_viewers_language():
    with pytest.raises(BoardFileError) as refused:
        load(HEAD + "needs:\n- text: a\n  outcomes:\n  - {text: b, importance: 11}\n")
    assert message(refused.value, "de") == (
        "needs[0].outcomes[0].importance: muss eine Zahl von 0 bis 10 sein")
    assert message(refused.value, "sv").endswith("måste vara ett tal från 0 till 10")
