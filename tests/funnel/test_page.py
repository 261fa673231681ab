"""The funnel page as a founder uses it: targets, rates, scenarios, actuals, the stage table."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import boardfile, store
from components.board.model import Actual, Board, Rates, Scenario, StageRow
from components.examples import EXAMPLES_DIR
from components.funnel.calc import STAGES
from components.funnel.plan import (
    DEFAULT_INPUTS,
    actual_operations,
    input_problems,
    inputs_of,
    make_plan,
    observed_scenario,
    plan_csv,
    review_actuals,
    stage_vocabulary,
)
from components.i18n import LANGUAGES
from components.widgets import state
from components.widgets.tabs import widget_key
from tests.conftest import PROJECT_ROOT, participant

CONTRACT = Scenario(
    id="contract", name="Contract", target_revenue=Decimal(100000), deal_value=Decimal(1000),
    rates=Rates(suspect_to_lead=Decimal("0.1"), lead_to_prospect=Decimal("0.25"),
                prospect_to_customer=Decimal("0.5"), customer_to_consumption=Decimal("0.8"),
                consumption_to_reference=Decimal("0.1")),
)
SAVE_LABEL = {"en": "Save as scenario", "de": "Als Szenario speichern",
              "sv": "Spara som scenario"}
CALCULATE = {"en": "Calculate", "de": "Berechnen", "sv": "Beräkna"}


def funnel_page(board_id: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.switch_page("pages/funnel.py")
    return at.run()


TABS = ("plan", "pacing", "levers", "scenarios", "actuals", "forward")


def open_tab(at: AppTest, name: str, language: str = "en") -> AppTest:
    """Open the tab ``name`` (one of :data:`TABS`) below the inputs, as a click on it does."""
    label = i18n.t(language, f"funnel.tab.{name}")
    assert label in [tab.label for tab in at.tabs], [tab.label for tab in at.tabs]
    at.session_state[widget_key(state.key("funnel_section"), language)] = label
    return at.run()


def texts(elements) -> list[str]:
    """Shown text of messages (Markdown escapes removed)."""
    return [element.value.replace("\\", "") for element in elements]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def number_field(at: AppTest, label_start: str):
    return next(n for n in at.number_input if n.label.startswith(label_start))


def example(name: str, language: str) -> Board | None:
    """An example board in ``language`` (its own file if translated, else English relabelled)."""
    for code in (language, "en"):
        path = EXAMPLES_DIR / f"{name}.{code}.yaml"
        if path.exists():
            return boardfile.load(path.read_text(encoding="utf-8")).model_copy(
                update={"language": language})
    return None


# --- rendering ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("board_name", [None, "electronics-funnel", "hair-salon"])
def test_page_renders_on_empty_and_example_boards(app_db, board_name, language):
    board = (example(board_name, language) if board_name
             else Board(title="Empty", language=language))
    if board is None:
        pytest.skip(f"no example {board_name}")
    at = funnel_page(store.create(app_db, board))
    assert not at.exception
    assert not at.error
    headline = texts(at.info)
    if board.scenarios:
        plan = make_plan(inputs_of(board.scenarios[0]))
        customers = plan.counts["customer"]
        assert any(f" {customers} " in text for text in headline), headline
    assert at.data_editor  # the stage table, in the plan tab that opens first
    # each tab draws when opened: funnel, pacing and comparison charts among them
    charts = 0
    for name in TABS:
        open_tab(at, name, language)
        assert not at.exception and not at.error, name
        charts += len(at.get("vega_lite_chart"))
    assert charts >= 2


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", "To reach €100,000 a year you need about 100 customers, which needs 200 prospects, "
           "800 leads, from 8,000 suspects."),
    ("de", "Um 100.000\xa0€ im Jahr zu erreichen, brauchst du etwa 100 Kunden, dafür 200 "
           "Prospects und 800 Leads, aus 8.000 Verdächtigen."),
    ("sv", "För att nå 100\xa0000\xa0€ per år behöver du ungefär 100 kunder, vilket kräver 200 "
           "prospekt och 800 leads, från 8\xa0000 misstänkta."),
])
def test_meeting_sentence_for_the_contract_example(app_db, language, sentence):
    at = funnel_page(store.create(app_db, Board(title="Plan", language=language)))
    assert sentence in texts(at.info)


def test_saved_scenario_drives_the_first_view(app_db):
    board = Board(title="Plan", scenarios=(CONTRACT.model_copy(
        update={"target_revenue": Decimal(200000)}),))
    at = funnel_page(store.create(app_db, board))
    assert any("you need about 200 customers" in text and "16,000 suspects" in text
               for text in texts(at.info))


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "value", "message"), [
    ("en", 0.0, "Enter a percentage above 0 and at most 100."),
    ("en", 150.0, "Enter a percentage above 0 and at most 100."),
    ("de", 150.0, "Gib einen Prozentsatz über 0 und höchstens 100 ein."),
    ("sv", 0.0, "Ange en procentsats över 0 och högst 100."),
])
def test_bad_rate_shows_translated_message_and_saves_nothing(app_db, language, value, message):
    board_id = store.create(app_db, Board(title="Plan", language=language))
    at = funnel_page(board_id)
    number_field(at, stage_vocabulary(language).stage_names["lead"]).set_value(value)
    at = button(at, SAVE_LABEL[language]).click().run()
    assert not at.exception
    assert message in texts(at.error)
    assert store.load(app_db, board_id).board.scenarios == ()
    # the rest of the page keeps working
    assert at.data_editor
    assert number_field(at, stage_vocabulary(language).stage_names["lead"]).value == value


def test_several_bad_fields_are_all_named(app_db):
    at = funnel_page(store.create(app_db, Board(title="Plan")))
    number_field(at, "Revenue target").set_value(-5.0)
    number_field(at, "Customer → Consumption").set_value(0.0)
    number_field(at, "One-off deal value").set_value(0.0)
    at = button(at, "Calculate").click().run()
    errors = texts(at.error)
    assert "Must not be negative." in errors
    assert "Enter a percentage above 0 and at most 100." in errors
    assert any(text.startswith("A customer brings no revenue") for text in errors)
    assert not at.exception


def test_empty_name_is_refused_when_saving(app_db):
    board_id = store.create(app_db, Board(title="Plan"))
    at = funnel_page(board_id)
    next(t for t in at.text_input if t.label == "Scenario name").input("   ")
    at = button(at, "Save as scenario").click().run()
    assert "Give the scenario a name." in texts(at.error)
    assert store.load(app_db, board_id).board.scenarios == ()


@pytest.mark.parametrize(("language", "field", "value", "message"), [
    ("en", "target", 1e29, "must be a number from 0 to 1,000,000,000,000"),
    ("de", "target", 1e29, "muss eine Zahl von 0 bis 1.000.000.000.000 sein"),
    ("sv", "lead", 0.00001, "måste vara ett tal från 0,0001 till 100"),
])
def test_a_value_beyond_the_models_bounds_is_named_under_its_field(app_db, language, field,
                                                                   value, message):
    board_id = store.create(app_db, Board(title="Plan", language=language))
    at = funnel_page(board_id)
    label = (i18n.t(language, "funnel.form.target") if field == "target"
             else stage_vocabulary(language).stage_names["lead"])
    number_field(at, label).set_value(value)
    for action in (CALCULATE, SAVE_LABEL):  # neither draws a plan the page cannot show
        at = button(at, action[language]).click().run()
        assert not at.exception
        assert message in texts(at.error)
    assert store.load(app_db, board_id).board.scenarios == ()


# --- saving scenarios --------------------------------------------------------------------------


def test_saving_a_scenario_persists_it_and_keeps_it_selected(app_db):
    board_id = store.create(app_db, Board(title="Plan"))
    at = funnel_page(board_id)
    next(t for t in at.text_input if t.label == "Scenario name").input("Bold")
    number_field(at, "Suspect → Lead").set_value(12.5)
    at = button(at, "Save as scenario").click().run()
    assert not at.exception
    assert "Scenario “Bold” saved." in texts(at.success)
    (saved,) = store.load(app_db, board_id).board.scenarios
    assert (saved.name, saved.rates.suspect_to_lead) == ("Bold", Decimal("0.125"))
    assert at.selectbox(key="pc_funnel_scenario").value == saved.id

    # edit it: the same record is updated
    number_field(at, "Suspect → Lead").set_value(20.0)
    at = button(at, "Save scenario").click().run()
    (updated,) = store.load(app_db, board_id).board.scenarios
    assert (updated.id, updated.rates.suspect_to_lead) == (saved.id, Decimal("0.2"))

    # save as new: a second scenario, now selected
    next(t for t in at.text_input if t.label == "Scenario name").input("Cautious")
    at = button(at, "Save as new scenario").click().run()
    scenarios = store.load(app_db, board_id).board.scenarios
    assert [s.name for s in scenarios] == ["Bold", "Cautious"]
    assert at.selectbox(key="pc_funnel_scenario").value == scenarios[1].id
    # both compared side by side
    open_tab(at, "scenarios")
    comparison = next(d.value for d in at.dataframe if "Scenario" in d.value.columns)
    assert list(comparison["Scenario"]) == ["Bold", "Cautious"]


def test_deleting_a_scenario(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = funnel_page(board_id)
    at = button(at, "Yes, delete “Contract”").click().run()
    assert not at.exception
    assert store.load(app_db, board_id).board.scenarios == ()
    assert "Scenario “Contract” deleted." in texts(at.success)


def kim_renames_the_contract(engine, board_id: str) -> None:
    """Another person renames the scenario "Theirs", seeing the newest revision."""
    seen = store.load(engine, board_id)
    theirs = seen.board.scenarios[0].model_dump(mode="json", exclude={"id"})
    store.apply(engine, participant(engine, board_id, "Kim"), [
        store.Update("contract", {**theirs, "name": "Theirs"}, seen.revision)])


def test_a_change_by_someone_else_is_shown_beside_yours_and_not_overwritten(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = funnel_page(board_id)
    kim_renames_the_contract(app_db, board_id)  # while this viewer has the form open ...
    at.run()  # ... the live panel reruns the page: the open form keeps its base revision
    number_field(at, "Suspect → Lead").set_value(30.0)
    at = button(at, "Save scenario").click().run()
    assert not at.exception
    assert any("Changed by Kim" in text for text in texts(at.error))
    versions = next(d.value for d in at.dataframe if "Their version" in d.value.columns)
    assert versions.values.tolist() == [["Scenario name", "Theirs", "Contract"],
                                        ["Suspect → Lead", "10%", "30%"]]
    stored = store.load(app_db, board_id).board.scenarios[0]
    assert (stored.name, stored.rates.suspect_to_lead) == ("Theirs", Decimal("0.1"))
    assert number_field(at, "Suspect → Lead").value == 30.0  # typing kept

    # having seen both versions, saving again saves this viewer's version
    at = button(at, "Save scenario").click().run()
    stored = store.load(app_db, board_id).board.scenarios[0]
    assert (stored.name, stored.rates.suspect_to_lead) == ("Contract", Decimal("0.3"))


def test_a_scenario_changed_meanwhile_is_not_deleted_unseen(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = funnel_page(board_id)
    kim_renames_the_contract(app_db, board_id)
    at.run()  # the live rerun shows the new name, the form still holds the old values
    at = button(at, "Yes, delete “Theirs”").click().run()
    assert any("Changed by Kim" in text for text in texts(at.error))
    assert [s.name for s in store.load(app_db, board_id).board.scenarios] == ["Theirs"]
    # told, the viewer deletes it on purpose
    at = button(at, "Yes, delete “Theirs”").click().run()
    assert store.load(app_db, board_id).board.scenarios == ()


def test_a_month_too_short_for_the_cycle_times_is_explained(app_db):
    scenario = CONTRACT.model_copy(update={"period": "month"})
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan", scenarios=(scenario,)))),
                  "pacing")
    assert not at.exception
    assert any(text.startswith("From suspect to customer takes 90 days with these cycle times")
               and "month 4, after the end of the period (1 month)" in text
               for text in texts(at.warning))


# --- what moves it, forward --------------------------------------------------------------------


def test_biggest_lever_comes_first(app_db):
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan"))), "levers")
    assert ("Biggest lever: Suspect → Lead. Raising it from 10% to 11% saves 727 suspects "
            "(8,000 → 7,273).") in texts(at.success)
    levers = next(d.value for d in at.dataframe if "Suspects saved" in d.value.columns)
    assert list(levers["Rate"])[:3] == ["Suspect → Lead", "Lead → Prospect",
                                        "Prospect → Customer"]
    assert list(levers["Suspects saved"]) == ["727", "720", "720", "0", "0"]


def test_biggest_lever_follows_the_inputs(app_db):
    # with referral leads fewer suspects are needed, so a better suspect rate saves fewer
    # of them (690) than a better offer rate (720): the ranking changes
    scenario = CONTRACT.model_copy(update={"leads_per_reference": Decimal(5)})
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan", scenarios=(scenario,)))),
                  "levers")
    levers = next(d.value for d in at.dataframe if "Suspects saved" in d.value.columns)
    assert list(levers["Rate"])[:3] == ["Lead → Prospect", "Prospect → Customer",
                                        "Suspect → Lead"]
    assert list(levers["Suspects saved"]) == ["720", "720", "690", "0", "0"]


def test_forward_mode_shows_the_revenue(app_db):
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan"))), "forward")
    at.number_input(key="pc_funnel_forward_8000").set_value(4000).run()
    assert any(text.startswith("4,000 suspects give 400 leads, 100 prospects and 50 customers: "
                               "€50,000") for text in texts(at.info))


# --- actuals -----------------------------------------------------------------------------------


def test_actuals_growing_down_the_funnel_show_an_error(app_db):
    bad = Actual(month="2025-03", suspect=500, lead=40, prospect=60)
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan", actuals=(bad,)))),
                  "actuals")
    assert not at.exception
    assert any(text.startswith("2025-03 · Prospect: More people than in the stage above")
               for text in texts(at.error))
    # the plan itself is unaffected
    assert any("8,000 suspects" in text for text in texts(at.info))


def test_actuals_entered_in_the_table_are_checked_and_saved(app_db):
    board_id = store.create(app_db, Board(title="Plan", language="de"))
    at = open_tab(funnel_page(board_id), "actuals", "de")
    key = next(d.key for d in at.data_editor if "actuals" in d.key)
    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"month": "2025-01", "suspect": 700, "lead": 80, "prospect": 20, "customer": 30}]}
    at = button(at, "Istwerte speichern").click().run()
    assert any(text.startswith("2025-01 · Kunde: Mehr Personen als in der Stufe darüber")
               for text in texts(at.error))
    assert store.load(app_db, board_id).board.actuals == ()

    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"month": "2025-01", "suspect": 700, "lead": 80, "prospect": 20, "customer": 9}]}
    at = button(at, "Istwerte speichern").click().run()
    (saved,) = store.load(app_db, board_id).board.actuals
    assert (saved.month, saved.customer, saved.consumption) == ("2025-01", 9, None)
    review = next(d.value for d in at.dataframe if "Ist" in d.value.columns)
    assert list(review["Stand"])[:4] == ["▲ voraus", "▲ voraus", "▲ voraus", "● im Plan"]


def test_scenario_from_observed_rates(app_db):
    actuals = (Actual(month="2025-01", suspect=1000, lead=200, prospect=40, customer=10),
               Actual(month="2025-02", suspect=1000, lead=100, prospect=20, customer=5))
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,), actuals=actuals))
    at = open_tab(funnel_page(board_id), "actuals")
    at = button(at, "Create a scenario from the observed rates").click().run()
    assert not at.exception
    contract, observed = store.load(app_db, board_id).board.scenarios
    assert observed.name == "Observed 2025-01 to 2025-02"
    assert (observed.rates.suspect_to_lead, observed.rates.lead_to_prospect,
            observed.rates.prospect_to_customer) == (Decimal("0.15"), Decimal("0.2"),
                                                     Decimal("0.25"))
    # not measured: the planned rates stay
    assert observed.rates.customer_to_consumption == contract.rates.customer_to_consumption
    assert at.selectbox(key="pc_funnel_scenario").value == observed.id


# --- the stage table ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_stage_table_is_prefilled_in_the_board_language(app_db, language):
    board_id = store.create(app_db, Board(title="Plan", language=language))
    at = funnel_page(board_id)
    template = stage_vocabulary(language).templates["hair_salon"]
    table = next(d for d in at.data_editor if "stage" in d.key).value
    assert table.loc["suspect", "task"] == template["suspect"]["task"].strip()
    assert table.loc["reference", "discovery"] == template["reference"]["discovery"].strip()


def test_stage_table_content_follows_the_board_not_the_viewer(app_db):
    board_id = store.create(app_db, Board(title="Plan", language="de"))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.session_state[state.LANGUAGE] = "en"
    at.switch_page("pages/funnel.py")
    at = at.run()
    assert "Save stage table" in [b.label for b in at.button]
    table = next(d for d in at.data_editor if "stage" in d.key).value
    german = stage_vocabulary("de").templates["hair_salon"]
    assert table.loc["lead", "response"] == german["lead"]["response"].strip()


def test_stage_table_edits_are_saved_as_stage_rows(app_db):
    board_id = store.create(app_db, Board(title="Plan"))
    at = funnel_page(board_id)
    key = next(d.key for d in at.data_editor if "stage" in d.key)
    at.session_state[key] = {"edited_rows": {"0": {"task": "Stand out at the station"}},
                             "added_rows": [], "deleted_rows": []}
    at = button(at, "Save stage table").click().run()
    assert not at.exception
    stages = {row.stage: row for row in store.load(app_db, board_id).board.stages}
    assert list(stages) == ["suspect", "lead", "prospect", "customer", "consumption",
                            "reference"]
    assert stages["suspect"].task == "Stand out at the station"
    assert stages["lead"].task == stage_vocabulary("en").templates["hair_salon"]["lead"]["task"]


def test_stage_table_edits_keep_someone_elses_change_of_the_same_row(app_db):
    rows = tuple(StageRow(id=stage, stage=stage, task=f"{stage} task") for stage in STAGES)
    board_id = store.create(app_db, Board(title="Plan", stages=rows))
    at = funnel_page(board_id)
    seen = store.load(app_db, board_id).revision
    # Kim rewrites the suspect row and the lead row while this viewer edits the table ...
    store.apply(app_db, participant(app_db, board_id, "Kim"), [
        store.Update("suspect", {"stage": "suspect", "task": "Kim's task"}, seen),
        store.Update("lead", {"stage": "lead", "task": "Kim's lead task"}, seen)])
    at.run()
    key = next(d.key for d in at.data_editor if "stage" in d.key)
    at.session_state[key] = {"edited_rows": {"0": {"task": "My task"}},
                             "added_rows": [], "deleted_rows": []}
    at = button(at, "Save stage table").click().run()
    assert any("Changed by Kim" in text for text in texts(at.error))
    versions = next(d.value for d in at.dataframe if "Their version" in d.value.columns)
    assert versions.values.tolist() == [["Task", "Kim's task", "My task"]]
    stages = {row.stage: row.task for row in store.load(app_db, board_id).board.stages}
    assert (stages["suspect"], stages["lead"]) == ("Kim's task", "Kim's lead task")

    # saving again after seeing theirs: my row is saved, their other row is kept
    at = button(at, "Save stage table").click().run()
    stages = {row.stage: row.task for row in store.load(app_db, board_id).board.stages}
    assert (stages["suspect"], stages["lead"]) == ("My task", "Kim's lead task")


# --- the pure helpers behind the page ----------------------------------------------------------


def test_contract_plan_per_month_and_first_customers():
    plan = make_plan(DEFAULT_INPUTS)
    assert plan.counts["suspect"] == 8000
    assert plan.per_month == {"suspect": 667, "lead": 67, "prospect": 17, "customer": 9,
                              "consumption": 7, "reference": 1}
    assert plan.first_customer_month == 4
    assert plan.monthly[0].entries["suspect"] == 889


def test_a_month_long_period_cannot_be_paced_with_long_cycle_times():
    plan = make_plan(replace(DEFAULT_INPUTS, period="month"))
    assert plan.monthly is None
    assert plan.counts["suspect"] == 8000  # the counts themselves are still there


def test_input_problems_names_every_bad_field_once():
    bad = replace(DEFAULT_INPUTS, target_revenue=None, monthly_fee=Decimal(-1),
                  rates={**DEFAULT_INPUTS.rates, "lead_to_prospect": Decimal("1.5")})
    problems = input_problems(bad)
    assert {field: error.code for field, error in problems.items()} == {
        "target_revenue": "missing", "monthly_fee": "negative",
        "rates.lead_to_prospect": "out_of_range"}


def test_observed_rates_round_to_a_hundredth_of_a_percent_and_skip_zeros():
    observed = {"suspect_to_lead": Fraction(37, 300), "lead_to_prospect": Fraction(0),
                "prospect_to_customer": None}
    result = observed_scenario(DEFAULT_INPUTS, observed, "Seen")
    assert result.rates["suspect_to_lead"] == Decimal("0.1233")
    assert result.rates["lead_to_prospect"] == DEFAULT_INPUTS.rates["lead_to_prospect"]
    assert result.rates["prospect_to_customer"] == DEFAULT_INPUTS.rates["prospect_to_customer"]


def test_review_compares_totals_with_the_plan_for_the_months_entered():
    rows = [{"month": "2025-01", "suspect": 700, "lead": 70},
            {"month": "2025-02", "suspect": 600, "lead": None}]
    review = review_actuals(rows, make_plan(DEFAULT_INPUTS))
    assert review.totals["suspect"] == 1300 and review.totals["lead"] == 70
    assert review.planned["suspect"] == 1334  # 8000 × 2 / 12, rounded up
    assert review.planned["lead"] == 67  # measured in one month only


def test_actual_operations_add_update_delete():
    kept = Actual(id="a1", month="2025-01", suspect=10)
    gone = Actual(id="a2", month="2025-02", suspect=20)
    rows = [{"id": "a1", "month": "2025-01", "suspect": 12.0},
            {"id": None, "month": "2025-03", "suspect": 5}]
    operations = actual_operations([kept, gone], rows, base_revision=7)
    kinds = sorted(type(operation).__name__ for operation in operations)
    assert kinds == ["Add", "Delete", "Update"]
    update = next(op for op in operations if isinstance(op, store.Update))
    assert update.data["suspect"] == 12 and update.base_revision == 7


CSV_HEADERS = {"stage": "Stage", "rate": "Rate (%)", "total": "Total", "per_month": "Per month"}


def csv_rows(inputs) -> list[list[str]]:
    text = plan_csv(make_plan(inputs), stage_vocabulary("en").stage_names, CSV_HEADERS,
                    lambda month: f"M{month}")
    return list(csv.reader(io.StringIO(text)))


def test_plan_csv_has_a_row_per_stage_and_the_monthly_pacing():
    rows = csv_rows(DEFAULT_INPUTS)
    assert rows[0] == ["Stage", "Rate (%)", "Total", "Per month", *(f"M{m}" for m in range(1, 13))]
    assert rows[1] == ["Suspect", "", "8000", "667", *["889"] * 8, "888", "0", "0", "0"]
    assert rows[2][:4] == ["Lead", "10", "800", "67"]
    assert len(rows) == 7


def test_plan_csv_of_a_month_has_no_per_month_column():
    rows = csv_rows(replace(DEFAULT_INPUTS, period="month"))  # too short to be paced
    assert rows[0] == ["Stage", "Rate (%)", "Total"]
    assert rows[1] == ["Suspect", "", "8000"]
