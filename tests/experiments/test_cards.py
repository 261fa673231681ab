"""Test cards and learning cards (components.experiments): status, criterion, what the funnel
already knows, the words, the form, the export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest

from components.board.boardfile import BoardFileError
from components.board.model import (
    Actual,
    Board,
    Experiment,
    Job,
    Metric,
    Outcome,
    Persona,
    Rates,
    Scenario,
    StageRow,
    Worth,
)
from components.experiments.cards import (
    cards,
    discovery,
    experiments_csv,
    observed_rate,
    status,
    subject_of,
    subjects,
    supported,
)
from components.experiments.forms import ExperimentForm, ExperimentInputError, experiment_from_form
from components.experiments.words import criterion_text, learning_lines, planned_lines, suggestion

TODAY = dt.date(2027, 1, 10)
RATES = Rates(suspect_to_lead="0.2", lead_to_prospect="0.25", prospect_to_customer="0.5",
              customer_to_consumption="0.5", consumption_to_reference="0.1")
CARD = Experiment(id="e1", subject="w1", hypothesis="Office workers would pay €35 a month",
                  test="Offer it to 20 of them", metric="sign-ups", threshold=5,
                  unit="sign-ups", due=dt.date(2027, 1, 15))


def board(*experiments: Experiment) -> Board:
    return Board(
        title="Coffee", personas=(Persona(id="p1", name="Office worker"),),
        needs=(Job(id="j1", text="Get awake", outcomes=(Outcome(id="o1", text="No queue"),)),),
        metrics=(Metric(id="m", name="Minutes waiting", persona="p1", baseline=15, current=3,
                        target=2),),
        worth=(Worth(id="w1", persona="p1", value=60, price=35),),
        scenarios=(Scenario(id="x", name="Expected", target_revenue=100000, deal_value=1000,
                            rates=RATES),),
        stages=(StageRow(stage="suspect", discovery="Which posters bring people in"),),
        actuals=(Actual(month="2026-11", suspect=400, lead=60),
                 Actual(month="2026-12", suspect=600, lead=90, prospect=20)),
        experiments=experiments)


def test_status_follows_from_what_is_filled_in():
    assert status(CARD, TODAY) == "running"
    assert status(CARD, dt.date(2027, 1, 16)) == "overdue"
    assert status(CARD.model_copy(update={"metric": ""}), TODAY) == "draft"
    assert status(CARD.model_copy(update={"threshold": None}), TODAY) == "draft"  # no criterion
    observed = CARD.model_copy(update={"observation": "7 of 20 signed up"})
    assert status(observed, dt.date(2027, 2, 1)) == "to_decide"  # not overdue: the result is in
    assert status(observed.model_copy(update={"decision": "persevere"}), TODAY) == "decided"


def test_the_numbers_decide_whether_the_criterion_is_met():
    assert supported(CARD) is None
    assert supported(CARD.model_copy(update={"result": Decimal(7)})) is True
    assert supported(CARD.model_copy(update={"result": Decimal(5)})) is True  # at least 5
    assert supported(CARD.model_copy(update={"result": Decimal(4)})) is False
    fewer = CARD.model_copy(update={"direction": -1, "result": Decimal(4)})  # at most 5
    assert supported(fewer) is True


def test_cards_come_most_urgent_first():
    late = CARD.model_copy(update={"id": "late", "due": dt.date(2027, 1, 1)})
    soon = CARD.model_copy(update={"id": "soon", "due": dt.date(2027, 1, 12)})
    draft = Experiment(id="draft", subject="o1", hypothesis="They hate queueing")
    done = CARD.model_copy(update={"id": "done", "decision": "stop"})
    found = cards(board(done, draft, CARD, soon, late), "en", TODAY)
    assert [card.experiment.id for card in found] == ["late", "soon", "e1", "draft", "done"]
    only = cards(board(done, draft, CARD), "en", TODAY, on=[("o1", None)])
    assert [card.experiment.id for card in only] == ["draft"]


def test_subjects_name_canvas_items_verdicts_scenarios_and_rates():
    found = subjects(board(), "en")
    assert found["o1", None].kind == "outcome" and found["o1", None].label == "No queue"
    assert found["w1", None].label == "Office worker"
    assert found["x", "suspect_to_lead"].label == "Expected: Suspect → Lead"
    gone = Experiment(hypothesis="h", subject=None)
    assert subject_of(board(), gone, "de").label == "Was sie prüfte, wurde gelöscht"


def test_the_funnel_feeds_its_rates():
    # (60 + 90) leads of (400 + 600) suspects over two months
    assert observed_rate(board(), "suspect_to_lead") == (Fraction(3, 20), 2)
    assert observed_rate(board(), "lead_to_prospect") == (Fraction(20, 90), 1)
    assert observed_rate(board(), "customer_to_consumption") is None
    assert discovery(board(), "suspect_to_lead") == "Which posters bring people in"
    assert discovery(board(), "lead_to_prospect") == ""


@pytest.mark.parametrize(("language", "criterion", "hypothesis"), [
    ("en", "at least 5 sign-ups",
     ("Office worker: full progress is worth €60.00 a month to them, and they would pay up to "
      "€46.15 a month for it.")),
    ("sv", "minst 5 sign-ups",
     ("Office worker: fullt framsteg är värt 60,00\xa0€ i månaden för dem, och de skulle betala "
      "upp till 46,15\xa0€ i månaden för det.")),
])
def test_the_words_of_a_card(language, criterion, hypothesis):
    assert criterion_text(CARD, language) == criterion
    labels = [label for label, _ in planned_lines(CARD, language)]
    assert len(labels) == 5  # believe, verify, measure, right if, by
    # the suggestion names the highest price the verdict can bear: 12/13 of 60 = 55.38 is
    # clearly worth a price up to 55.38 / 1.2 = 46.15
    subject = subjects(board(), language)["w1", None]
    assert suggestion(board(), subject, language) == hypothesis


def test_a_learning_card_says_whether_the_criterion_was_met():
    learned = CARD.model_copy(update={"observation": "7 of 20 signed up", "result": Decimal(7),
                                      "decision": "persevere", "action": "Offer it to all"})
    (card,) = cards(board(learned), "en", TODAY)
    lines = dict(learning_lines(card, "en"))
    assert lines["We observed"] == "7 of 20 signed up (7 sign-ups: criterion met)"
    assert lines["Therefore, we will"] == "persevere — Offer it to all"


def test_suggestions_for_a_rate_and_an_outcome():
    found = subjects(board(), "de")
    assert suggestion(board(), found["x", "suspect_to_lead"], "de") == (
        "20\xa0% der Stufe „Verdächtiger“ kommen weiter zu „Lead“.")
    assert "„No queue“" in suggestion(board(), found["o1", None], "de")


def test_the_form_reads_numbers_in_the_viewers_locale_and_names_bad_fields():
    form = ExperimentForm("Sie würden 35 € zahlen", test="Anbieten", metric="Anmeldungen",
                          threshold="2,5", result="")
    record = experiment_from_form(form, "de", "w1")
    assert (record.subject, record.threshold, record.result) == ("w1", Decimal("2.5"), None)
    with pytest.raises(ExperimentInputError) as caught:
        experiment_from_form(ExperimentForm("h", threshold="fünf"), "de", "w1")
    assert (caught.value.field, caught.value.code) == ("threshold", "not_a_number")
    with pytest.raises(BoardFileError) as refused:
        experiment_from_form(ExperimentForm("   "), "en", "w1")
    assert refused.value.path == "hypothesis"
    assert ExperimentForm.of(record, "de").threshold == "2,5"


def test_cards_export_as_csv_with_stable_columns():
    learned = CARD.model_copy(update={"result": Decimal(7)})
    rows = list(csv.DictReader(io.StringIO(experiments_csv(cards(board(learned), "en",
                                                                  TODAY)))))
    assert (rows[0]["status"], rows[0]["subject_kind"], rows[0]["threshold"],
            rows[0]["supported"], rows[0]["due"]) == ("to_decide", "worth", "5", "true",
                                                      "2027-01-15")
