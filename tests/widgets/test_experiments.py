"""Test and learning cards (components.widgets.experiments) where the progress page places
them, beside a persona's worth-it verdict: a card starts from the verdict's assumption, is
saved, gets its learning card, and observers only read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import store
from components.board.model import Board, Experiment, Metric, Persona, Worth
from components.widgets.progress.worth import TESTS_KEY
from components.widgets.state import LANGUAGE
from tests.conftest import PROJECT_ROOT
from tests.hostile import as_shown

WAITING = Metric(id="waiting", name="Minutes waiting for coffee", persona="office", unit="min",
                 baseline=15, current=3, target=2)
WORTH = Worth(id="w1", persona="office", value=60, price=35)


def board(*experiments: Experiment) -> Board:
    return Board(title="Coffee", personas=(Persona(id="office", name="Office worker"),),
                 metrics=(WAITING,), worth=(WORTH,), experiments=experiments)


def app(board_id: str, language: str = "en", **opened: bool) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.session_state[LANGUAGE] = language
    for key, value in opened.items():
        at.session_state[key] = value
    at.switch_page("pages/progress.py")
    return at.run()


def t(language: str, key: str, **params) -> str:
    return i18n.t(language, key, **params)


def field(at: AppTest, language: str, name: str):
    label = t(language, f"experiments.field.{name}")
    return next(w for w in [*at.text_area, *at.text_input] if w.label == label)


def test_a_new_card_starts_from_the_verdicts_assumption_and_is_saved(app_db):
    # 12/13 of 60 = 55.38 a month; clearly worth it up to 55.38 / 1.2 = 46.15
    board_id = store.create(app_db, board())
    at = app(board_id, **{f"{TESTS_KEY}_new": True})
    hypothesis = field(at, "en", "hypothesis")
    assert hypothesis.value == ("Office worker: full progress is worth €60.00 a month to them, "
                                "and they would pay up to €46.15 a month for it.")
    field(at, "en", "test").input("Offer the flat rate to 20 of them for a month")
    field(at, "en", "metric").input("sign-ups")
    field(at, "en", "threshold").input("5")
    field(at, "en", "unit").input("sign-ups")
    at = next(b for b in at.button if b.label == t("en", "experiments.add")).click().run()
    assert not at.exception
    (card,) = store.load(app_db, board_id).board.experiments
    assert (card.subject, card.rate, card.threshold, card.unit, card.metric) == (
        "w1", None, 5, "sign-ups", "sign-ups")


def test_a_bad_number_is_named_and_nothing_is_saved(app_db):
    board_id = store.create(app_db, board())
    at = app(board_id, "de", **{f"{TESTS_KEY}_new": True})
    field(at, "de", "threshold").input("fünf")
    at = next(b for b in at.button if b.label == t("de", "experiments.add")).click().run()
    said = f"{t('de', 'experiments.field.threshold')}: {t('de', 'experiments.error.not_a_number')}"
    assert said in [as_shown(e.value) for e in at.error]
    assert store.load(app_db, board_id).board.experiments == ()
    assert field(at, "de", "threshold").value == "fünf"  # nothing typed is lost


def test_the_learning_card_records_the_result_and_the_decision(app_db):
    card = Experiment(id="e1", subject="w1", hypothesis="They would pay €35 a month",
                      test="Offer it to 20", metric="sign-ups", threshold=5, unit="sign-ups",
                      due=dt.date(2199, 1, 1))
    board_id = store.create(app_db, board(card))
    at = app(board_id, "sv", **{f"{TESTS_KEY}_card_e1": True})
    assert any(e.label.startswith(t("sv", "experiments.status.running")) for e in at.expander)
    field(at, "sv", "observation").input("7 av 20 anmälde sig")
    field(at, "sv", "result").input("7")
    next(s for s in at.selectbox if s.label == t("sv", "experiments.field.decision")).set_value(
        "persevere")
    at = next(b for b in at.button if b.label == t("sv", "experiments.save")).click().run()
    assert not at.exception
    (saved,) = store.load(app_db, board_id).board.experiments
    assert (saved.observation, saved.result, saved.decision, saved.hypothesis) == (
        "7 av 20 anmälde sig", Decimal(7), "persevere", card.hypothesis)
    text = as_shown("\n".join(m.value for m in at.markdown))
    assert "7 av 20 anmälde sig (7 sign-ups: kriteriet uppfyllt)" in text


def test_observers_read_the_cards_but_cannot_write(app_db):
    card = Experiment(id="e1", subject="w1", hypothesis="They would pay €35 a month")
    board_id = store.create(app_db, board(card))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["view"] = store.workshop(app_db, board_id).observer_id
    at.session_state[f"{TESTS_KEY}_card_e1"] = True
    at.switch_page("pages/progress.py")
    at = at.run()
    assert not at.exception
    text = as_shown("\n".join(m.value for m in at.markdown))
    assert "They would pay €35 a month" in text
    assert not [b for b in at.button if b.label in (t("en", "experiments.add"),
                                                     t("en", "experiments.save"))]
