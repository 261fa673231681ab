"""Board files: round trip, and a clear place named for every kind of bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench.hostile import corpus, laughs
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
    (COFFEE + "needs:\n- text: a\n  outcomes:\n  - text: b\n    evidence:\n"
     "    - {source: rumour}\n",
     "needs[0].outcomes[0].evidence[0].source", "must be one of"),
    (COFFEE + "needs:\n- text: a\n  obstacles:\n  - text: b\n    evidence:\n"
     "    - {customers: -1}\n",
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
    "format: progress-canvas/1\ntitle: [1, 2]\n",
    "format: progress-canvas/1\ntitle: x\nneeds: 3\n",
    "format: progress-canvas/1\ntitle: x\nneeds:\n- 3\n",
    "{format: progress-canvas/1, title: .nan}",
    "\x00\x01",
    "format: progress-canvas/1\ntitle: x\nmetrics:\n- {name: m, baseline: .inf, current: 1}\n",
    "--- a\n--- b\n", HEAD + "? [a, b]\n: c\n", HEAD + "1: x\n",
])
def test_nothing_but_board_file_errors_escape(text):
    with pytest.raises(BoardFileError):
        load(text)


RATES = ("rates: {suspect_to_lead: 1, lead_to_prospect: 1, prospect_to_customer: 1, "
         "customer_to_consumption: 1, consumption_to_reference: 1}")


def scenario(**fields: str) -> str:
    values = {"target_revenue": "1000", "deal_value": "1000", **fields}
    rates = RATES
    for key in ("suspect_to_lead", "consumption_to_reference"):
        if key in values:
            rates = rates.replace(f"{key}: 1", f"{key}: {values.pop(key)}")
    written = ", ".join(f"{name}: {value}" for name, value in values.items())
    return HEAD + f"scenarios:\n- {{id: x, name: s, {written}, {rates}}}\n"


OUTCOME = HEAD + "needs:\n- text: a\n  outcomes:\n  - {text: b, importance: %s}\n"
METRIC = HEAD + "metrics:\n- {name: m, baseline: %s, current: 1}\n"


@pytest.mark.parametrize(("text", "path", "sentence"), [
    # no coercion: what a number, a text, a yes/no or a date must be, it is
    (OUTCOME % "'9'", "needs[0].outcomes[0].importance", "must be a number"),
    (OUTCOME % "true", "needs[0].outcomes[0].importance", "must be a number"),
    (OUTCOME % "yes", "needs[0].outcomes[0].importance", "must be a number"),
    (METRIC % '"9"', "metrics[0].baseline", "must be a number"),
    (METRIC % "no", "metrics[0].baseline", "must be a number"),
    (METRIC % "1e400000", "metrics[0].baseline", "must be a number"),  # YAML reads it as text
    (HEAD + "worth:\n- {push: 3.0}\n", "worth[0].push", "must be a whole number"),
    (HEAD + "worth:\n- {push: '3'}\n", "worth[0].push", "must be a whole number"),
    (HEAD + "metrics:\n- {name: m, baseline: 1, current: 1, required_outcome: 'yes'}\n",
     "metrics[0].required_outcome", "must be true or false"),
    (HEAD + "solutions:\n- {text: 12}\n", "solutions[0].text", "must be text"),
    (HEAD + "snapshots:\n- {date: '2024-02-03'}\n", "snapshots[0].date", "must be a date"),
    (HEAD + "snapshots:\n- {date: 2024-02-03 10:00:00}\n", "snapshots[0].date",
     "must be a date"),
    # what YAML itself would make of it, refused where it is written
    ("format: progress-canvas/1\ntitle: !!binary aGVsbG8=\n", "line 2, column 8",
     "the YAML tag !!binary is not allowed"),
    (HEAD + "personas: !!set {a, b}\n", "line 3, column 11", "the YAML tag !!set is not allowed"),
    (HEAD + "title: Shelf again\n", "line 3, column 1", "the key “title” appears twice"),
    (HEAD + "solutions:\n- {text: a, text: b}\n", "line 4, column 13",
     "the key “text” appears twice"),
    (HEAD + "base: &b {text: a}\nsolutions:\n- {<<: *b}\n", "line 5, column 4",
     "merge keys (<<) are not allowed"),
    (OUTCOME % ("9" * 5000), "line 6, column 27", "is a number of more than 100 characters"),
    (HEAD + "snapshots:\n- {date: 2024-02-30}\n", "line 4, column 10", "must be a date"),
    (METRIC % "1:30.5", "line 4, column 23", "must be a number"),
    (HEAD + "description: a\x00b\n", "line 3, column 15", "contains a character"),
    (HEAD + "description: a\x1bb\n", "line 3, column 15", "contains a character"),
    (HEAD + "description: " + "[" * 60 + "]" * 60 + "\n", "line 3, column 63",
     "is nested more than 50 levels deep"),
    (HEAD + "description:\n" + "- " * 100_000 + "x\n", "line 4, column 99",
     "is nested more than 50 levels deep"),
    (HEAD + 'description: "a\\ud800b"\n', "line 3, column 18", "this is not valid YAML"),
    # what the model refuses in any text or number
    (HEAD + 'description: "a\\0b"\n', "description", "must not contain a NUL character"),
    (METRIC % ".nan", "metrics[0].baseline", "must be a number"),
    (METRIC % ".inf", "metrics[0].baseline", "must be a number"),
    (METRIC % "-.inf", "metrics[0].baseline", "must be a number"),
    (OUTCOME % ".nan", "needs[0].outcomes[0].importance", "must be a number"),
    # ranges that are not "from low to high", and the size of a plan
    (scenario(consumption_to_reference="0.0000005"), "scenarios[0].rates.consumption_to_reference",
     "must be 0 or a number from 0.000001 to 1"),
    (HEAD + "snapshots:\n- {date: 1899-12-31}\n", "snapshots[0].date",
     "must be a date from 1900-01-01 to 2199-12-31"),
    (HEAD + "metrics:\n- {name: m, baseline: 1, current: 1, target: 1, "
     "baseline_date: 2200-01-01}\n", "metrics[0].baseline_date",
     "must be a date from 1900-01-01 to 2199-12-31"),
    (METRIC % "0.12345678901", "metrics[0].baseline", "must have at most 10 decimal places"),
    (HEAD + "actuals:\n- {month: 2024-13}\n", "actuals[0].month",
     "must be a month as YYYY-MM, such as 2025-03"),
    (HEAD + "worth:\n- {currency: eur}\n", "worth[0].currency",
     "must be a currency code of three capital letters, such as EUR"),
    # a trillion to earn at a euro a customer, one in a thousand at each of three steps
    (scenario(target_revenue="1000000000000", deal_value="1", suspect_to_lead="0.001")
     .replace("lead_to_prospect: 1", "lead_to_prospect: 0.001")
     .replace("prospect_to_customer: 1", "prospect_to_customer: 0.001"), "scenarios[0]",
     "this plan needs more than 1,000,000,000,000 people in one stage"),
], ids=lambda value: value.removeprefix(HEAD)[-40:] if isinstance(value, str) else None)
def test_what_is_not_as_the_board_wants_it_is_refused_with_the_place(text, path, sentence):
    with pytest.raises(BoardFileError) as refused:
        load(text)
    assert refused.value.path == path
    assert sentence in str(refused.value)


def test_a_lone_surrogate_in_the_text_itself_is_refused_at_its_place():
    with pytest.raises(BoardFileError) as refused:
        load(HEAD + "description: a\ud800b\n")
    assert (refused.value.path, refused.value.code) == ("line 3, column 15", "bad_character")


def test_numbers_with_a_point_stay_exact_and_yaml_number_forms_are_read():
    board = load(HEAD + "metrics:\n- {name: m, baseline: 0x10, current: 1_000.25, "
                 "target: 0.5e-3, weight: 1_0}\n")
    (metric,) = board.metrics
    assert (metric.baseline, metric.current, metric.target, metric.weight) == (
        16, Decimal("1000.25"), Decimal("0.0005"), 10)


def test_a_wrong_or_absent_encoding_is_refused_with_the_place():
    with pytest.raises(BoardFileError) as refused:
        boardfile.read(b"format: progress-canvas/1\ntitle: Caf\xe9\n")
    assert str(refused.value) == "line 2, column 11: the file is not UTF-8 text"
    assert message(refused.value, "de") == "Zeile 2, Spalte 11: die Datei ist kein UTF-8-Text"
    with pytest.raises(BoardFileError, match="not UTF-8"):
        boardfile.read(HEAD.encode("utf-16"))
    with pytest.raises(BoardFileError, match="larger than 1 MB"):
        boardfile.read(b"x" * (boardfile.MAX_BYTES + 1))
    assert boardfile.read(("\ufeff" + HEAD).encode()).title == "Shelf"  # a byte order mark


def test_oversized_files_are_refused():
    big = HEAD + "description: " + "x" * (boardfile.MAX_BYTES + 10) + "\n"
    with pytest.raises(BoardFileError, match="larger than 1 MB"):
        load(big)
    many = HEAD + "solutions:\n" + "".join(f"- {{text: s{i}}}\n" for i in range(5001))
    with pytest.raises(BoardFileError, match="more than 5000 items"):
        load(many)


def test_the_limits_hold_with_every_alias_written_out():
    with pytest.raises(BoardFileError) as refused:
        load(laughs(9, head=HEAD))  # a 600-byte file that stands for a billion strings
    assert refused.value.code == "too_large_expanded"
    assert str(refused.value) == ("with its aliases written out, the content is larger "
                                  "than 1 MB")
    bomb = laughs(10_500, head=HEAD)  # a 1 MB file of aliases
    assert boardfile.MAX_BYTES - 20_000 < len(bomb) <= boardfile.MAX_BYTES
    with pytest.raises(BoardFileError, match="aliases written out"):
        load(bomb)
    solution = "- &s {text: the same solution}\n"
    aliased = HEAD + "solutions:\n" + solution + "- *s\n" * 5000
    with pytest.raises(BoardFileError, match="more than 5000 items"):
        load(aliased)
    with pytest.raises(BoardFileError, match="nested more than 50 levels"):
        load(HEAD + "description: &d [*d]\n")  # an alias inside itself
    assert len(load(HEAD + "solutions:\n" + solution + "- *s\n" * 3).solutions) == 4


def test_errors_speak_the_viewers_language():
    with pytest.raises(BoardFileError) as refused:
        load(HEAD + "needs:\n- text: a\n  outcomes:\n  - {text: b, importance: 11}\n")
    assert message(refused.value, "de") == (
        "needs[0].outcomes[0].importance: muss eine Zahl von 0 bis 10 sein")
    assert message(refused.value, "sv").endswith("måste vara ett tal från 0 till 10")


BOUNDS = [  # path, the file with the value as %s, lowest, highest, just below, just above
    ("needs[0].outcomes[0].importance", OUTCOME, "0", "10", "-0.5", "10.5"),
    ("worth[0].push", HEAD + "worth:\n- {push: %s}\n", "0", "10", "-1", "11"),
    ("worth[0].effort_hours", HEAD + "worth:\n- {effort_hours: %s}\n", "0", "8784", "-0.5",
     "8784.5"),
    ("worth[0].hour_value", HEAD + "worth:\n- {hour_value: %s}\n", "0", "1000000000000", "-1",
     "1000000000001"),
    ("worth[0].risk_chance", HEAD + "worth:\n- {risk_chance: %s}\n", "0", "1", "-0.1", "1.1"),
    ("worth[0].risk_loss", HEAD + "worth:\n- {risk_loss: %s}\n", "0", "1000000000000", "-1",
     "1000000000001"),
    ("needs[0].outcomes[0].evidence[0].customers", HEAD + "needs:\n- text: a\n  outcomes:\n"
     "  - text: b\n    evidence:\n    - {customers: %s}\n", "0", "1000000", "-1", "1000001"),
    ("experiments[0].threshold", HEAD + "experiments:\n- {hypothesis: h, threshold: %s}\n",
     "-1000000000000", "1000000000000", "-1000000000001", "1000000000001"),
    ("snapshots[0].functional", HEAD + "snapshots:\n- {date: 2024-01-01, functional: %s}\n",
     "0", "100", "-0.1", "100.1"),
    ("scenarios[0].target_revenue", scenario(target_revenue="%s"), "0", "1000000000000",
     "-0.01", "1000000000000.01"),
    ("scenarios[0].deal_value", scenario(target_revenue="0", deal_value="%s"), "0",
     "1000000000000", "-1", "1000000000001"),
    ("scenarios[0].monthly_fee", scenario(monthly_fee="%s"), "0", "1000000000000", "-1",
     "1.0e+13"),
    ("scenarios[0].paying_months", scenario(paying_months="%s"), "0", "600", "-1", "601"),
    ("scenarios[0].rates.suspect_to_lead", scenario(suspect_to_lead="%s"), "0.000001", "1",
     "0.0000009", "1.1"),
    ("scenarios[0].leads_per_reference", scenario(leads_per_reference="%s"), "0", "1000",
     "-1", "1000.5"),
    ("scenarios[0].cycle_days.lead", scenario(cycle_days="{lead: %s}"), "0", "3650", "-1",
     "3651"),
    ("actuals[0].lead", HEAD + "actuals:\n- {month: 2024-01, lead: %s}\n", "0",
     "1000000000000", "-1", "1000000000001"),
    ("metrics[0].baseline", METRIC, "-1000000000000", "1000000000000", "-1000000000001",
     "1000000000001"),
    ("metrics[0].tolerance", HEAD + "metrics:\n- {name: m, baseline: 1, current: 1, "
     "tolerance: %s}\n", "0", "1000000000000", "-1", "1000000000001"),
    ("metrics[0].weight", HEAD + "metrics:\n- {name: m, baseline: 1, current: 1, weight: %s}\n",
     "0", "1000", "-1", "1001"),
    ("worth[0].value", HEAD + "worth:\n- {value: %s}\n", "0", "1000000000000", "-1",
     "1000000000001"),
]


@pytest.mark.parametrize(("path", "text", "low", "high", "below", "above"), BOUNDS,
                         ids=[bound[0] for bound in BOUNDS])
def test_every_number_has_a_range_and_the_error_says_it(path, text, low, high, below, above):
    load(text % low)
    load(text % high)
    for beyond in (below, above):
        with pytest.raises(BoardFileError) as refused:
            load(text % beyond)
        assert refused.value.path == path
        shown = {value: f"{int(value):,}" if value.lstrip("-").isdigit() else value
                 for value in (low, high)}
        assert str(refused.value) == (
            f"{path}: must be a number from {shown[low]} to {shown[high]}")


def test_the_edges_are_allowed():
    load(scenario(consumption_to_reference="0"))
    load(scenario(consumption_to_reference="0.000001"))
    load(METRIC % "0.1234567890")
    load(HEAD + "snapshots:\n- {date: 1900-01-01}\n- {date: 2199-12-31}\n")
    # the biggest plan: a trillion people at the top of the funnel, and one more is too many
    load(scenario(target_revenue="1000000000", deal_value="1", suspect_to_lead="0.001"))
    with pytest.raises(BoardFileError, match="more than 1,000,000,000,000 people"):
        load(scenario(target_revenue="1000000000.001", deal_value="1", suspect_to_lead="0.001"))


def test_ranges_are_said_in_the_viewers_language():
    with pytest.raises(BoardFileError) as refused:
        load(scenario(target_revenue="1.0e+29"))
    assert message(refused.value, "de", with_field=False) == (
        "muss eine Zahl von 0 bis 1.000.000.000.000 sein")
    assert message(refused.value, "sv", with_field=False) == (
        "måste vara ett tal från 0 till 1\xa0000\xa0000\xa0000\xa0000")
    with pytest.raises(BoardFileError) as refused:
        load(scenario(suspect_to_lead="0.0000001"))
    assert message(refused.value, "de", with_field=False) == (
        "muss eine Zahl von 0,000001 bis 1 sein")


def test_files_at_every_bound_round_trip():
    for _, text, low, high, _, _ in BOUNDS:
        for value in (low, high):
            board = load(text % value)
            assert load(dump(board)) == board


@pytest.mark.parametrize("case", corpus(), ids=lambda case: case.name)
def test_every_file_of_the_hostile_corpus_is_refused(case):
    """bench/hostile.py's files (it also times them and runs the command line)."""
    with pytest.raises(BoardFileError):
        if isinstance(case.content, bytes):
            boardfile.read(case.content)
        else:
            load(case.content)
