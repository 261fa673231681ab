"""The progress page as a team uses it: gain and gap, adding and fixing metrics, scores,
snapshots, worth it?  Numbers in the assertions are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import store
from components.board.boardfile import load
from components.board.model import Board, DesiredOutcome, Job, Metric, Outcome, Persona, Worth
from components.examples import EXAMPLES_DIR
from components.progress.forms import MetricForm, WorthForm, metric_from_form, parse_number
from components.progress.score import ProgressInputError
from components.progress.view import (
    ALL,
    NO_PERSONA,
    gap_sentence,
    headline,
    metrics_csv,
    share_sentence,
    views_in,
)
from components.widgets.progress.forms import DESIRED_KEY, EDITOR_KEY, SNAPSHOT_KEY
from components.widgets.shell import escape_markdown
from components.widgets.state import LANGUAGE
from tests.conftest import PROJECT_ROOT, participant
from tests.hostile import as_shown

OFFICE = Persona(id="office", name="Office worker")
STUDENT = Persona(id="student", name="Student")
WAITING = Metric(id="waiting", name="Minutes waiting for coffee", persona="office", unit="min",
                 baseline=15, current=3, target=2, baseline_date=dt.date(2026, 3, 15))


def coffee(*metrics: Metric, worth: tuple[Worth, ...] = (), **fields) -> Board:
    """A small coffee board: the office worker waits 15 min at first, 3 min now, wants 2."""
    return Board(title="Coffee", personas=(OFFICE, STUDENT), metrics=metrics or (WAITING,),
                 worth=worth, **fields)


def app(board_id: str, language: str = "en", editor: bool = False,
        desired: bool = False) -> AppTest:
    """The progress page; ``editor``/``desired``: with the metric form's or the desired-outcome
    form's expander opened, as by a click."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.session_state[LANGUAGE] = language
    if editor:
        at.session_state[EDITOR_KEY] = True
    if desired:
        at.session_state[DESIRED_KEY] = True
    at.switch_page("pages/progress.py")
    return at.run()


def t(language: str, key: str, **params) -> str:
    return i18n.t(language, key, **params)


def markdown(at: AppTest) -> str:
    """The page's Markdown as the reader sees it (user text and numbers are escaped)."""
    return as_shown("\n".join(element.value for element in at.markdown))


def scores(at: AppTest) -> list[tuple[str, str]]:
    """The three dimension tiles (the headline's tiles name metrics, not dimensions)."""
    dimensions = {t("en", f"progress.dimension.{d}") for d in ("functional", "emotional",
                                                                "social")}
    dimensions |= {t(lang, f"progress.dimension.{d}") for lang in ("de", "sv")
                   for d in ("functional", "emotional", "social")}
    return [(m.label, m.value) for m in at.metric if m.label in dimensions]


def texts(elements) -> str:
    """Messages as the reader sees them (Markdown escapes removed)."""
    return as_shown("\n".join(element.value for element in elements))


def text_input(at: AppTest, language: str, field: str):
    label = t(language, f"progress.field.{field}")
    return next(widget for widget in at.text_input if widget.label.startswith(label))


def button(at: AppTest, language: str, key: str):
    label = t(language, key)
    return next(widget for widget in at.button if widget.label == label)


def fill_metric(at: AppTest, language: str, **values: str) -> AppTest:
    for field, value in values.items():
        text_input(at, language, field).input(value)
    return button(at, language, "progress.edit.add").click().run()


def example(name: str) -> Board:
    return load((EXAMPLES_DIR / f"{name}.en.yaml").read_text(encoding="utf-8"))


# --- it renders -----------------------------------------------------------------------------

EXAMPLES = [name for name in ("coffee", "event-promoter")
            if (EXAMPLES_DIR / f"{name}.en.yaml").exists()]


@pytest.mark.parametrize("language", ["en", "de", "sv"])
@pytest.mark.parametrize("source", ["empty", "built", *EXAMPLES])
def test_page_renders_in_every_language_and_scope(app_db, source, language):
    board = {"empty": lambda: Board(title="Empty"), "built": coffee}.get(
        source, lambda: example(source))()
    board_id = store.create(app_db, board)
    at = app(board_id, language)
    assert not at.exception
    assert at.title[0].value == t(language, "progress.title")
    if source == "empty":
        assert t(language, "progress.metrics.none") in texts(at.info)
    for value in [*(p.id for p in board.personas), NO_PERSONA, *([ALL] if board.personas else [])]:
        at = at.selectbox(key="pc_progress_scope").set_value(value).run()
        assert not at.exception, value
        for view in views_in(board, value):
            assert view.metric.name in markdown(at)


# --- GAIN first, GAP on request -------------------------------------------------------------

@pytest.mark.parametrize("language, gain, gap", [
    # 15 -> 3 min with target 2: 12 min less since the baseline date, 1 min still to go.
    ("en", "12 min less since 15 Mar 2026", "1 min to go to the target of 2 min"),
    ("de", "12 min weniger seit dem 15.03.2026", "noch 1 min bis zum Ziel von 2 min"),
])
def test_gain_first_and_gap_on_request(app_db, language, gain, gap):
    at = app(store.create(app_db, coffee()), language)
    assert gain in markdown(at)
    assert gap not in markdown(at)
    assert t(language, "progress.view.explain") in texts(at.caption)
    at = at.toggle(key="pc_progress_gap").set_value(True).run()
    assert gap in markdown(at)
    assert gain not in markdown(at)


@pytest.mark.parametrize("language, tile, share", [
    ("en", "12 min less", "92.3% of the way to the target of 2 min"),
    ("sv", "12 min mindre", "92,3\u00a0% av vägen till målet 2 min"),
])
def test_the_headline_says_what_was_gained_first_and_the_share_second(app_db, language, tile,
                                                                       share):
    # 15 -> 3 of 2 min: what the customer gained, in their unit; 12/13 of the way second
    at = app(store.create(app_db, coffee()), language)
    (headline,) = [m for m in at.metric if m.label == WAITING.name]
    assert (as_shown(headline.value), as_shown(headline.delta)) == (tile, share)
    assert f"12 {'min less' if language == 'en' else 'min mindre'}" in markdown(at)
    assert share in markdown(at)  # and on the metric's line, after the gain


def test_a_metric_that_got_worse_says_so(app_db):
    worse = WAITING.model_copy(update={"current": Decimal(20), "baseline_date": None})
    at = app(store.create(app_db, coffee(worse)))
    assert "5 min worse since the start" in markdown(at)


# --- adding and fixing metrics --------------------------------------------------------------

def test_adding_a_metric_through_the_form_saves_it(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, "de", editor=True)
    at = fill_metric(at, "de", name="Kaffeepausen mit Kollegen pro Woche", unit="Pausen",
                     baseline="1", current="2,5", target="5", weight="2")
    assert not at.exception
    metric = store.load(app_db, board_id).board.metrics[-1]
    assert (metric.name, metric.persona, metric.baseline, metric.current, metric.target,
            metric.weight) == ("Kaffeepausen mit Kollegen pro Woche", "office", 1,
                               Decimal("2.5"), 5, 2)
    # 1 -> 2.5 of 5: the gain is shown at once, in German decimals
    assert "1,5 Pausen mehr seit dem Start" in markdown(at)


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_target_equal_to_baseline_is_refused_with_a_translated_message(app_db, language):
    board_id = store.create(app_db, coffee())
    at = app(board_id, language, editor=True)
    at = fill_metric(at, language, name="Cups a day", baseline="2", current="2", target="2")
    assert not at.exception
    assert t(language, "progress.error.equal_target") in texts(at.error)
    assert store.load(app_db, board_id).board.metrics == (WAITING,)
    assert text_input(at, language, "name").value == "Cups a day"  # nothing typed is lost


@pytest.mark.parametrize("values, field, message", [
    ({"baseline": "many"}, "baseline", "progress.error.not_a_number"),
    ({"weight": "-1"}, "weight", "progress.error.negative"),
    ({"scale_min": "1", "scale_max": "5", "current": "7"}, "current",
     "progress.error.out_of_range"),
    ({"name": "   "}, "name", "file_error.empty"),
])
def test_bad_input_is_explained_and_nothing_is_saved(app_db, values, field, message):
    board_id = store.create(app_db, coffee())
    at = app(board_id, editor=True)
    typed = {"name": "Cups a day", "baseline": "4", "current": "3", "target": "1", **values}
    at = fill_metric(at, "en", **typed)
    assert t("en", message, low="1", high="5") in texts(at.error)
    assert store.load(app_db, board_id).board.metrics == (WAITING,)


@pytest.mark.parametrize("language, form, values, message", [
    ("en", "metric", {"baseline": "1e13"},
     "Baseline: must be a number from -1,000,000,000,000 to 1,000,000,000,000"),
    ("en", "metric", {"current": "3.14159265358979"}, "must have at most 10 decimal places"),
    ("en", "metric", {"weight": "5000"}, "must be a number from 0 to 1,000"),
    ("de", "worth", {"value": "1e400000", "price": "300"},
     "muss eine Zahl von 0 bis 1.000.000.000.000 sein"),
])
def test_a_value_beyond_the_models_bounds_is_named_under_its_field(app_db, language, form,
                                                                   values, message):
    board_id = store.create(app_db, coffee())
    at = app(board_id, language, editor=True)
    if form == "metric":
        at = fill_metric(at, language, **{"name": "Cups a day", "baseline": "4",
                                          "current": "3", "target": "1", **values})
    else:
        for field, value in values.items():
            text_input(at, language, field).input(value)
        at = button(at, language, "progress.worth.save").click().run()
    assert not at.exception
    assert message in texts(at.error)
    board = store.load(app_db, board_id).board
    assert (board.metrics, board.worth) == ((WAITING,), ())


def test_the_metric_form_is_drawn_while_its_expander_is_open(app_db):
    def editors(at: AppTest) -> list:
        return [s for s in at.selectbox if s.key == "pc_progress_edit"]

    # no metric yet: the expander opens by itself, with the form
    assert editors(app(store.create(app_db, Board(title="Empty", personas=(OFFICE,)))))
    at = app(store.create(app_db, coffee()))
    assert not editors(at)  # closed: the form costs nothing
    at.session_state[EDITOR_KEY] = True
    assert editors(at.run())


def test_editing_a_metric_links_it_to_a_canvas_outcome(app_db):
    job = Job(id="awake", text="Get awake", outcomes=(Outcome(id="quick", text="No queue"),))
    board_id = store.create(app_db, coffee(needs=(job,)))
    at = app(board_id, editor=True)
    at = at.selectbox(key="pc_progress_edit").set_value("waiting").run()
    outcome = next(s for s in at.selectbox if s.label == t("en", "progress.field.outcome"))
    outcome.set_value("quick")
    text_input(at, "en", "current").input("2.5")
    at = button(at, "en", "progress.edit.save").click().run()
    assert not at.exception
    metric = store.load(app_db, board_id).board.metrics[0]
    assert (metric.outcome, metric.current) == ("quick", Decimal("2.5"))


def test_a_change_by_someone_else_is_shown_beside_yours_and_not_overwritten(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, editor=True)
    at = at.selectbox(key="pc_progress_edit").set_value("waiting").run()
    theirs = WAITING.model_copy(update={"current": Decimal(4)}).model_dump(exclude={"id"})
    store.apply(app_db, participant(app_db, board_id, "Ana"), [store.Update("waiting", theirs, 1)])
    text_input(at, "en", "current").input("2.5")
    at = button(at, "en", "progress.edit.save").click().run()
    assert "Changed by Ana" in texts(at.error)
    table = at.dataframe[-1].value  # only the fields that differ
    assert table.values.tolist() == [[t("en", "progress.field.current"), "4", "2.5"]]
    assert store.load(app_db, board_id).board.metrics[0].current == 4
    # having seen both versions, saving again keeps theirs out and mine in
    at = button(at, "en", "progress.edit.save").click().run()
    assert store.load(app_db, board_id).board.metrics[0].current == Decimal("2.5")


def test_a_form_opened_again_shows_the_newest_version_and_saves_without_conflict(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, editor=True)
    at = at.selectbox(key="pc_progress_edit").set_value("waiting").run()
    at = at.selectbox(key="pc_progress_edit").set_value("+").run()  # looks at something else
    theirs = WAITING.model_copy(update={"current": Decimal(4)}).model_dump(exclude={"id"})
    store.apply(app_db, participant(app_db, board_id, "Ana"), [store.Update("waiting", theirs, 1)])
    at = at.selectbox(key="pc_progress_edit").set_value("waiting").run()
    assert text_input(at, "en", "current").value == "4"  # drawn afresh: Ana's version
    text_input(at, "en", "target").input("1")
    at = button(at, "en", "progress.edit.save").click().run()
    assert not at.error
    metric = store.load(app_db, board_id).board.metrics[0]
    assert (metric.current, metric.target) == (4, 1)


def test_delete_and_undo(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, editor=True)
    at = at.selectbox(key="pc_progress_edit").set_value("waiting").run()
    at = button(at, "en", "progress.edit.delete").click().run()
    assert store.load(app_db, board_id).board.metrics == ()
    undo = next(b for b in at.button if b.label.startswith("Undo"))
    at = undo.click().run()
    assert not at.exception
    assert store.load(app_db, board_id).board.metrics == (WAITING,)


# --- desired outcome = required outcome + appropriate experience ----------------------------

ARRIVED = Metric(id="arrived", name="Arrived on time", persona="office", baseline=0, current=1,
                 target=1, required_outcome=True)
SEAT = Metric(id="seat", name="Could work on board", persona="office", dimension="emotional",
              baseline=1, current=2, target=5, scale_min=1, scale_max=5,
              appropriate_experience=True)
AIRLINE = DesiredOutcome(persona="office", required="Arrive at the meeting on time",
                         experience="Get an hour of work done on the way",
                         alternative="The night train with a desk")


@pytest.mark.parametrize("language", ["en", "sv"])
def test_outcome_met_without_the_experience_is_not_success(app_db, language):
    # arrived: 0 -> 1 of 1, at its target; working on board 1 -> 2 of 5, not at its target
    board = coffee(ARRIVED, SEAT, desired_outcomes=(AIRLINE,))
    at = app(store.create(app_db, board), language)
    text = markdown(at)
    assert AIRLINE.required in text and AIRLINE.alternative in text
    assert t(language, "progress.desired.met", count=1, met=1, marked=1) in text
    assert t(language, "progress.desired.not_met", count=1, met=0, marked=1) in text
    assert t(language, "progress.outcome.missing_experience_note") in texts(at.warning)
    table = at.dataframe[0].value
    assert list(table[t(language, "progress.table.measures")]) == [
        t(language, "progress.measures.required"), t(language, "progress.measures.experience")]
    assert list(table[t(language, "progress.table.at_target")]) == [
        t(language, "progress.answer_yes"), t(language, "progress.answer_no")]


def test_a_metric_at_zero_does_not_meet_the_required_outcome(app_db):
    # the finding: a metric that has not moved at all used to be flagged "met" by a tick
    nothing = ARRIVED.model_copy(update={"current": Decimal(0)})
    done = SEAT.model_copy(update={"current": Decimal(5)})
    at = app(store.create(app_db, coffee(nothing, done)))
    assert t("en", "progress.desired.not_met", count=1, met=0, marked=1) in markdown(at)
    assert "not met yet: 0 of 1 metric at its target" in markdown(at)
    assert t("en", "progress.outcome.missing_outcome_note") in texts(at.warning)
    assert not at.success or t("en", "progress.desired.success_note") not in texts(at.success)
    done_too = nothing.model_copy(update={"current": Decimal(1)})
    at = app(store.create(app_db, coffee(done_too, done)))
    assert t("en", "progress.desired.success_note") in texts(at.success)


def test_unmarked_metrics_leave_both_halves_unmeasured(app_db):
    at = app(store.create(app_db, coffee()))
    assert markdown(at).count(t("en", "progress.desired.unmeasured")) == 2
    assert t("en", "progress.desired.not_written") in markdown(at)


def test_the_desired_outcome_is_written_per_persona(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, "de", desired=True)
    area = {a.label: a for a in at.text_area}
    area[t("de", "progress.desired.required")].input("Wach im Meeting um zehn")
    area[t("de", "progress.desired.alternative")].input("Die Schlange am Bahnhof")
    at = button(at, "de", "progress.desired.save").click().run()
    assert not at.exception
    (desired,) = store.load(app_db, board_id).board.desired_outcomes
    assert (desired.persona, desired.required, desired.experience, desired.alternative) == (
        "office", "Wach im Meeting um zehn", "", "Die Schlange am Bahnhof")
    assert "Wach im Meeting um zehn" in markdown(at)
    at = at.selectbox(key="pc_progress_scope").set_value("student").run()
    assert "Wach im Meeting um zehn" not in markdown(at)  # the student has none yet


# --- scores ---------------------------------------------------------------------------------

def test_dimension_scores_are_the_weighted_fractions(app_db):
    alert = Metric(id="alert", name="Alertness", persona="office", kind="secure", baseline=8,
                   current=6.5, tolerance=1, weight=3)
    rating = Metric(id="calm", name="Calm mornings", persona="office", dimension="emotional",
                    baseline=2, current=4, target=5, scale_min=1, scale_max=5)
    other = Metric(id="seen", name="Seen with friends", persona="student", dimension="social",
                   baseline=0, current=4, target=4)
    at = app(store.create(app_db, coffee(WAITING, alert, rating, other)), "de")
    # functional: waiting 12/13 at weight 1, alertness 1.5 below 8 with tolerance 1 -> 0.5 at
    # weight 3: (12/13 + 1.5) / 4 = 0.6058 -> 61.  Emotional: (4-2)/(5-2) -> 67.  Social: none
    # for the office worker (the student's metric is not theirs).
    assert scores(at) == [("Funktional", "61"), ("Emotional", "67"), ("Sozial", "–")]
    at = at.selectbox(key="pc_progress_scope").set_value("student").run()
    assert [value for _, value in scores(at)] == ["–", "–", "100"]


def test_saving_a_snapshot_stores_the_scores_at_that_date(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id)
    assert not at.date_input  # until "Save snapshot" is opened
    at.session_state[SNAPSHOT_KEY] = True
    at = at.run()
    at.date_input[-1].set_value(dt.date(2026, 4, 1))
    at = button(at, "en", "progress.snapshots.save").click().run()
    assert not at.exception
    snapshots = store.load(app_db, board_id).board.snapshots
    assert [(s.date, s.persona, round(s.functional, 2), s.emotional) for s in snapshots] == [
        (dt.date(2026, 4, 1), "office", 92.31, None)]  # 12/13
    # saving again on the same day replaces that day's snapshot
    at = button(at, "en", "progress.snapshots.save").click().run()
    assert len(store.load(app_db, board_id).board.snapshots) == 1


# --- worth it? ------------------------------------------------------------------------------

HALF = Metric(id="half", name="Orders on time", persona="office", baseline=0, current=50,
              target=100)


def test_worth_it_verdict_break_even_and_what_tips_it(app_db):
    # Half way (fraction 0.5) to progress worth 10.00 a month: benefit 5.00.  Price 3.00, one
    # hour of their time at 2.00, no risk: cost 5.00, ratio 1 -> close.  Break-even at a price
    # of 5 - 2 = 3.00; clearly worth it up to 5 / 1.2 - 2 = 2.16 (2.1666… rounded down).
    # Finishing the one metric doubles the benefit to 10.00 -> clearly worth it.
    worth = Worth(persona="office", value=10, price=3, effort_hours=1, hour_value=2, push=3,
                  pull=2, anxiety=4, habit=2)
    at = app(store.create(app_db, coffee(HALF, worth=(worth,))))
    assert ("**Close.** A benefit of €5.00 a month against a cost of €5.00 a month"
            in texts(at.warning))
    text = markdown(at)
    assert ("Worth it at a price up to €3.00 a month (break-even); clearly worth it up to €2.16."
            in text)
    assert "a price of at most €2.16 a month (now €3.00)" in text
    assert "bringing “Orders on time” to its target (clearly worth it)" in text
    assert "effort 1 h × €2.00 = €2.00" in texts(at.caption)
    # push + pull 5 against anxiety + habit 6: no switch
    assert "Switch unlikely" in texts(at.warning)


def test_free_is_not_clearly_worth_it_when_it_costs_them_a_day(app_db):
    # the finding: with price 0, effort and risk used to cost nothing at all.  Full progress
    # worth 100.00 a month; free, but 8 h of their time at 10.00 and a 50 % chance of losing
    # 40.00: cost 0 + 80 + 20 = 100 -> close, not clearly worth it.
    reached = HALF.model_copy(update={"current": Decimal(100)})
    worth = Worth(persona="office", value=100, price=0, effort_hours=8, hour_value=10,
                  risk_chance=Decimal("0.5"), risk_loss=40)
    at = app(store.create(app_db, coffee(reached, worth=(worth,))))
    assert "**Close.**" in texts(at.warning)
    assert "Worth it at a price up to €0.00 a month (break-even), but clearly worth it at no " \
           "price" in markdown(at)


def test_the_verdict_speaks_in_its_own_currency_and_period(app_db):
    # 12/13 of 1300 a year = 1200 against 600 kr a year
    worth = Worth(persona="office", period="year", currency="SEK", value=1300, price=600)
    at = app(store.create(app_db, coffee(worth=(worth,))), "sv")
    success = texts(at.success).replace("\u00a0", " ")
    assert "1 200 kr om året" in success and "600,00 kr om året" in success


def test_worth_form_saves_one_record_per_persona(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, "de")
    text_input(at, "de", "value").input("1.234,5")
    text_input(at, "de", "price").input("-3")
    at = button(at, "de", "progress.worth.save").click().run()
    assert t("de", "progress.error.negative") in texts(at.error)
    assert store.load(app_db, board_id).board.worth == ()
    text_input(at, "de", "price").input("300")
    text_input(at, "de", "effort_hours").input("2")
    text_input(at, "de", "hour_value").input("25")
    text_input(at, "de", "risk_chance").input("10")
    text_input(at, "de", "risk_loss").input("50")
    next(s for s in at.selectbox if s.label == t("de", "progress.field.period")).set_value("year")
    at = button(at, "de", "progress.worth.save").click().run()
    assert not at.exception
    (worth,) = store.load(app_db, board_id).board.worth
    assert (worth.persona, worth.period, worth.value, worth.price, worth.effort_hours,
            worth.hour_value, worth.risk_chance, worth.risk_loss) == (
        "office", "year", Decimal("1234.5"), 300, 2, 25, Decimal("0.1"), 50)
    # the verdict appears: 12/13 of 1234.50 = 1139.54 (whole euros from a thousand on)
    # against 300 + 2 × 25 + 10 % × 50 = 355
    assert "1.140\u00a0€ im Jahr gegenüber Kosten von 355,00\u00a0€ im Jahr" in texts(at.success)


def test_a_chance_above_100_percent_is_refused():
    form = WorthForm.of(None, "en")
    with pytest.raises(ProgressInputError) as caught:
        from components.progress.forms import worth_from_form
        worth_from_form(form.__class__(**{**form.__dict__, "value": "1", "price": "1",
                                          "risk_chance": "120"}), "en", None)
    assert (caught.value.field, caught.value.code) == ("risk_chance", "out_of_range")


def test_all_personas_compare_verdicts_in_their_own_currency(app_db):
    office = Worth(persona="office", value=60, price=35)
    student = Worth(persona="student", currency="USD", period="year", value=100, price=10)
    seen = Metric(id="seen", name="Seen with friends", persona="student", dimension="social",
                  baseline=0, current=4, target=4)
    at = app(store.create(app_db, coffee(WAITING, seen, worth=(office, student))))
    at = at.selectbox(key="pc_progress_scope").set_value(ALL).run()
    table = at.dataframe[-1].value
    assert list(table[t("en", "progress.worth.cost")]) == ["€35.00 a month", "US$10.00 a year"]


# --- user text stays text -------------------------------------------------------------------

def test_user_text_is_escaped(app_db):
    sneaky = WAITING.model_copy(update={"name": "<b>bold</b> *star* [link](x)"})
    at = app(store.create(app_db, coffee(sneaky)))
    raw = "\n".join(element.value for element in at.markdown)
    assert escape_markdown("<b>bold</b> *star* [link](x)") in raw


# --- pure helpers behind the page -----------------------------------------------------------

@pytest.mark.parametrize("text, language, value", [
    ("2,5", "de", Decimal("2.5")), ("2.5", "de", Decimal("2.5")), ("1.500", "de", 1500),
    ("1 234,5", "sv", Decimal("1234.5")), ("1,234.5", "en", Decimal("1234.5")),
    ("−3", "sv", -3),
])
def test_numbers_are_read_in_the_viewers_locale(text, language, value):
    assert parse_number(text, language, "baseline") == value


@pytest.mark.parametrize("text, reason", [("", "missing"), ("2,5", "not_a_number"),
                                          ("abc", "not_a_number"), ("inf", "not_a_number")])
def test_unreadable_numbers_name_the_field(text, reason):
    with pytest.raises(ProgressInputError) as caught:
        parse_number(text, "en", "target")
    assert (caught.value.field, caught.value.code) == ("target", reason)


def test_form_round_trip_keeps_the_metric():
    form = MetricForm.of(WAITING, "de", None)
    assert (form.baseline, form.weight) == ("15", "1")
    assert metric_from_form(form, "de", WAITING.id) == WAITING


def test_metrics_csv_has_plain_numbers_and_names():
    views = views_in(coffee(), "office")
    lines = metrics_csv(views, {"office": "Office worker", None: ""}, {}).splitlines()
    assert lines[0].startswith("name,persona,dimension,kind,unit,baseline,current,target")
    row = dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
    assert (row["persona"], row["baseline"], row["gain"], row["gap"], row["baseline_date"]) == (
        "Office worker", "15", "12.0", "1.0", "2026-03-15")


def test_a_state_to_secure_where_lower_is_better(app_db):
    board_id = store.create(app_db, coffee())
    at = app(board_id, editor=True)
    next(s for s in at.selectbox if s.label == t("en", "progress.field.kind")).set_value("secure")
    next(s for s in at.selectbox if s.label == t("en", "progress.field.direction")).set_value(-1)
    # resting pulse 60 at the start, 61 now, may rise by 2: held, 1 bpm changed
    at = fill_metric(at, "en", name="Resting pulse", unit="bpm", baseline="60", current="61",
                     tolerance="2")
    assert not at.exception
    metric = store.load(app_db, board_id).board.metrics[-1]
    assert (metric.kind, metric.direction, metric.target) == ("secure", -1, None)
    assert "held since the start: changed by 1 bpm, within the tolerance of 2 bpm" in markdown(at)


def test_observers_see_the_scores_but_no_forms(app_db):
    board_id = store.create(app_db, coffee())
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["view"] = store.workshop(app_db, board_id).observer_id
    at.switch_page("pages/progress.py")
    at = at.run()
    assert not at.exception
    assert "12 min less since 15 Mar 2026" in markdown(at)
    assert not [b for b in at.button if b.label in (t("en", "progress.edit.add"),
                                                     t("en", "progress.worth.save"))]


def test_metrics_a_board_file_got_wrong_are_named_not_fatal(app_db):
    # A file may hold what the form refuses: a target equal to the baseline, no target.
    flat = WAITING.model_copy(update={"id": "flat", "name": "Flat", "target": Decimal(15)})
    open_ended = WAITING.model_copy(update={"id": "open", "name": "Open", "target": None})
    at = app(store.create(app_db, coffee(WAITING, flat, open_ended)))
    assert not at.exception
    text = markdown(at)
    assert "**Flat**: cannot be scored: Target: The target equals the baseline." in text
    assert "**Open**: cannot be scored: Target: Please fill this in." in text
    assert scores(at)[0][1] == "92"  # scored on the one good metric: 12/13


@pytest.mark.parametrize(("current", "gained", "to_go"), [
    (2, "1 try less", "1 try to go"), (Decimal("1.5"), "1.5 tries less", "0.5 tries to go")])
def test_a_unit_for_one_says_1_try_and_2_tries(current, gained, to_go):
    tries = Metric(name="Tries until it hangs straight", unit="tries", unit_one="try",
                   baseline=3, current=current, target=1)
    [view] = views_in(Board(title="Shelf", metrics=(tries,)), NO_PERSONA)
    assert headline(view, "en") == gained
    assert gap_sentence(view, "en") == f"{to_go} to the target of 1 try"
    assert "of the way to the target of 1 try" in share_sentence(view, "en")


def test_the_unit_for_one_is_typed_beside_the_unit(app_db):
    at = app(store.create(app_db, coffee()), editor=True)
    form = next(f for f in at.text_input if f.label == "Unit for one")
    assert form.value == ""
