"""The funnel page as a founder uses it: targets, rates, scenarios, actuals, the stage table."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import boardfile, store
from components.board.model import Actual, Board, CycleDays, Rates, Scenario, StageRow
from components.examples import EXAMPLES_DIR
from components.formatting import format_integer
from components.funnel.calc import STAGES
from components.funnel.plan import inputs_of, make_plan
from components.funnel.stages import stage_vocabulary
from components.i18n import LANGUAGES
from components.widgets import state
from components.widgets.funnel.inputs import FORM_KEY, MORE_KEY, delete_key
from components.widgets.tabs import widget_key
from tests.conftest import PROJECT_ROOT, participant
from tests.hostile import as_shown

CONTRACT = Scenario(
    id="contract", name="Contract", target_revenue=Decimal(100000), deal_value=Decimal(1000),
    rates=Rates(suspect_to_lead=Decimal("0.1"), lead_to_prospect=Decimal("0.25"),
                prospect_to_customer=Decimal("0.5"), customer_to_consumption=Decimal("0.8"),
                consumption_to_reference=Decimal("0.1")),
)
SAVE_LABEL = {"en": "Save as scenario", "de": "Als Szenario speichern",
              "sv": "Spara som scenario"}
CALCULATE = {"en": "Calculate", "de": "Berechnen", "sv": "Beräkna"}


def funnel_page(board_id: str, form: bool = True) -> AppTest:
    """The funnel page of ``board_id``, with the inputs form opened (``form``) as a click on
    "Change the inputs" does."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    if form:
        at.session_state[FORM_KEY] = True
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
    return [as_shown(element.value) for element in elements]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def field(at: AppTest, label_start: str):
    """The form's text field whose label starts with ``label_start``."""
    return next(n for n in at.text_input if n.label.startswith(label_start))


def confirm_delete(at: AppTest, scenario_id: str, name: str) -> AppTest:
    """Open the scenario's delete popover and confirm, as two clicks do."""
    at.session_state[delete_key(scenario_id)] = True
    return button(at.run(), f"Yes, delete “{name}”").click().run()


def unfold(at: AppTest) -> AppTest:
    """Open the form's folded part (churn, existing customers, cost, budget), as a click does."""
    at.session_state[MORE_KEY] = True
    return at.run()


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
    # the stage table, in the plan tab that opens first: read when saved, else to fill in
    assert (any("task" in frame.value.columns for frame in at.dataframe)
            if board.stages else at.data_editor)
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
    ("en", "0", "Enter a percentage above 0 and at most 100."),
    ("en", "150", "Enter a percentage above 0 and at most 100."),
    ("de", "150", "Gib einen Prozentsatz über 0 und höchstens 100 ein."),
    ("de", "zwölf", "Gib eine Zahl ein."),
    ("sv", "0", "Ange en procentsats över 0 och högst 100."),
])
def test_bad_rate_shows_translated_message_and_saves_nothing(app_db, language, value, message):
    board_id = store.create(app_db, Board(title="Plan", language=language))
    at = funnel_page(board_id)
    field(at, stage_vocabulary(language).stage_names["lead"]).input(value)
    at = button(at, SAVE_LABEL[language]).click().run()
    assert not at.exception
    assert message in texts(at.error)
    assert store.load(app_db, board_id).board.scenarios == ()
    # the rest of the page keeps working
    assert at.data_editor
    assert field(at, stage_vocabulary(language).stage_names["lead"]).value == value


def test_several_bad_fields_are_all_named(app_db):
    at = unfold(funnel_page(store.create(app_db, Board(title="Plan"))))
    field(at, "Revenue target").input("-5")
    field(at, "Customer → Consumption").input("0")
    field(at, "First order").input("0")
    field(at, "Churn").input("a lot")
    at = button(at, "Calculate").click().run()
    errors = texts(at.error)
    assert "Must not be negative." in errors
    assert "Enter a percentage above 0 and at most 100." in errors
    assert any(text.startswith("A customer brings no revenue") for text in errors)
    assert "Enter a number." in errors
    assert not at.exception
    # a rerun that submits nothing (a click elsewhere, a live change) keeps every message
    assert texts(at.run().error) == errors
    # fixed and calculated: the messages go, and do not come back on the next rerun
    field(at, "Revenue target").input("50000")
    field(at, "Customer → Consumption").input("50")
    field(at, "First order").input("1000")
    field(at, "Churn").input("1")
    at = button(at, "Calculate").click().run()
    assert not at.error and not texts(at.run().error)


def test_a_saved_scenario_shows_its_inputs_until_the_form_is_opened(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = funnel_page(board_id, form=False)
    assert not at.exception
    assert "Revenue target for the period (€)" not in [field.label for field in at.text_input]
    summary = next(m.value for m in at.markdown if "Conversion rates" in m.value)
    assert [line.rstrip() for line in as_shown(summary).splitlines()] == [
        "**Target** · Period: Year · Currency: EUR · Revenue target for the period: €100,000 "
        "· Situation: Ramp-up",
        "**What a customer brings** · First order: €1,000",
        "**Conversion rates** · Suspect → Lead: 10% · Lead → Prospect: 25% · "
        "Prospect → Customer: 50% · Customer → Consumption: 80% · Consumption → Reference: 10%",
        "**Referrals and cycle times** · Days as Suspect: 30 · Days as Lead: 30 · "
        "Days as Prospect: 30",
    ]
    headline = texts(at.info)
    at = button(at, "Change the inputs").click().run()
    assert field(at, "Revenue target for the period").value == "100,000"
    assert texts(at.info) == headline  # the same plan, now with its form
    # open for the rest of the session: a rerun (a live change) keeps what was calculated
    field(at, "Revenue target for the period").input("50000")
    at = button(at, "Calculate").click().run()
    assert field(at.run(), "Revenue target for the period").value == "50000"
    assert texts(at.info) != headline


def test_an_observer_tries_other_numbers_in_the_form(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["view"] = store.workshop(app_db, board_id).observer_id
    at.switch_page("pages/funnel.py")
    at = button(at.run(), "Try other numbers").click().run()
    field(at, "Revenue target for the period").input("200000")
    at = button(at, "Calculate").click().run()
    assert any("€200,000" in text for text in texts(at.info))


def test_the_folded_part_is_drawn_once_opened_and_its_inputs_count_meanwhile(app_db):
    subscribed = CONTRACT.model_copy(update={"monthly_fee": Decimal(50),
                                             "paying_months": Decimal(24)})
    board_id = store.create(app_db, Board(title="Plan", scenarios=(subscribed,)))
    at = funnel_page(board_id)
    labels = [field.label for field in at.text_input]
    assert "Revenue target for the period (€)" in labels and not any(
        label.startswith(("Churn", "Budget", "Start month")) for label in labels)
    folded = texts(at.info)
    # calculated while folded: the saved inputs count, as they would if the fields were drawn
    at = button(at, "Calculate").click().run()
    assert texts(at.info) == folded
    at = unfold(at)
    assert field(at, "Churn").value == "0"
    field(at, "Churn").input("50")
    at = button(at, "Calculate").click().run()
    assert texts(at.info) != folded
    # it stays drawn (folding it again keeps what was typed in it)
    assert field(at.run(), "Churn").value == "50"


def test_empty_name_is_refused_when_saving(app_db):
    board_id = store.create(app_db, Board(title="Plan"))
    at = funnel_page(board_id)
    next(t for t in at.text_input if t.label == "Scenario name").input("   ")
    at = button(at, "Save as scenario").click().run()
    assert "Give the scenario a name." in texts(at.error)
    assert store.load(app_db, board_id).board.scenarios == ()


@pytest.mark.parametrize(("language", "name", "value", "message"), [
    ("en", "target", "1e29", "must be a number from 0 to 1,000,000,000,000"),
    ("de", "target", "1e29", "muss eine Zahl von 0 bis 1.000.000.000.000 sein"),
    ("sv", "lead", "0,00001", "måste vara ett tal från 0,0001 till 100"),
])
def test_a_value_beyond_the_models_bounds_is_named_under_its_field(app_db, language, name,
                                                                   value, message):
    board_id = store.create(app_db, Board(title="Plan", language=language))
    at = funnel_page(board_id)
    label = (i18n.t(language, "funnel.form.target") if name == "target"
             else stage_vocabulary(language).stage_names["lead"])
    field(at, label).input(value)
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
    field(at, "Suspect → Lead").input("12.5")
    at = button(at, "Save as scenario").click().run()
    assert not at.exception
    assert "Scenario “Bold” saved." in texts(at.success)
    (saved,) = store.load(app_db, board_id).board.scenarios
    assert (saved.name, saved.rates.suspect_to_lead) == ("Bold", Decimal("0.125"))
    assert at.selectbox(key="pc_funnel_scenario").value == saved.id

    # edit it: the same record is updated
    field(at, "Suspect → Lead").input("20")
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


def test_a_scenario_of_rates_of_one_in_a_million_is_compared_and_drawn(app_db):
    """Its suspects (beyond 64 bits: a month's target, customers who pay only after the
    month, referrals) once broke the comparison chart for everyone on the board."""
    tiny = CONTRACT.model_copy(update={
        "period": "month", "target_revenue": Decimal(10**9), "deal_value": Decimal("37.93"),
        "monthly_fee": Decimal(10**12), "paying_months": Decimal(600),
        "leads_per_reference": Decimal("47.38"),
        "cycle_days": CycleDays(suspect=202, lead=53, prospect=1, customer=658),
        "rates": Rates(suspect_to_lead=Decimal("0.000001"), lead_to_prospect=Decimal(1),
                       prospect_to_customer=Decimal("0.000001"),
                       customer_to_consumption=Decimal("0.5"),
                       consumption_to_reference=Decimal(1))})
    board_id = store.create(app_db, Board(title="Plan", scenarios=(tiny,)))
    at = open_tab(funnel_page(board_id), "scenarios")
    assert not at.exception
    comparison = next(d.value for d in at.dataframe if "Scenario" in d.value.columns)
    assert comparison["Suspect"][0] == "26,363,731,428,454,000,000"
    assert comparison["Suspect → Lead"][0] == "0.0001%"  # not "0%"
    assert at.get("vega_lite_chart")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_plan_needing_more_suspects_than_people_on_earth_says_it_is_out_of_reach(
        app_db, language):
    tiny = CONTRACT.model_copy(update={"id": "tiny", "name": "Tiny", "rates": CONTRACT.rates.
                                       model_copy(update={"suspect_to_lead": Decimal("1e-6"),
                                                          "lead_to_prospect": Decimal("0.01")})})
    # 200 prospects from 20,000 leads from 20 billion suspects
    board_id = store.create(app_db, Board(title="Plan", language=language,
                                          scenarios=(tiny, CONTRACT)))
    at = funnel_page(board_id)
    beyond = i18n.t(language, "funnel.result.beyond_earth")
    assert beyond in texts(at.warning)
    assert any(f"{format_integer(20_000_000_000, language)} " in text for text in texts(at.info))
    at = at.selectbox(key="pc_funnel_scenario").set_value(CONTRACT.id).run()
    assert beyond not in texts(at.warning)  # 8,000 suspects: within reach


def test_the_referral_note_reads_well_for_one_lead_per_reference(app_db):
    referred = CONTRACT.model_copy(update={"leads_per_reference": Decimal(1)})
    at = funnel_page(store.create(app_db, Board(title="Plan", scenarios=(referred,))))
    notes = " ".join(texts(at.caption))
    assert re.search(r"References bring \d[\d,]* of the \d[\d,]* leads \(1 per reference\)\.",
                     notes), notes


def test_deleting_a_scenario(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = funnel_page(board_id)
    assert "Yes, delete “Contract”" not in [b.label for b in at.button]  # until it is opened
    at = confirm_delete(at, CONTRACT.id, "Contract")
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
    field(at, "Suspect → Lead").input("30")
    at = button(at, "Save scenario").click().run()
    assert not at.exception
    assert any("Changed by Kim" in text for text in texts(at.error))
    versions = next(d.value for d in at.dataframe if "Their version" in d.value.columns)
    assert versions.values.tolist() == [["Scenario name", "Theirs", "Contract"],
                                        ["Suspect → Lead", "10%", "30%"]]
    stored = store.load(app_db, board_id).board.scenarios[0]
    assert (stored.name, stored.rates.suspect_to_lead) == ("Theirs", Decimal("0.1"))
    assert field(at, "Suspect → Lead").value == "30"  # typing kept

    # having seen both versions, saving again saves this viewer's version
    at = button(at, "Save scenario").click().run()
    stored = store.load(app_db, board_id).board.scenarios[0]
    assert (stored.name, stored.rates.suspect_to_lead) == ("Contract", Decimal("0.3"))


def test_deleting_a_scenario_leaves_the_next_ones_confirmation_closed(app_db):
    other = CONTRACT.model_copy(update={"id": "other", "name": "Other"})
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT, other)))
    at = confirm_delete(funnel_page(board_id), CONTRACT.id, "Contract")
    assert [s.name for s in store.load(app_db, board_id).board.scenarios] == ["Other"]
    assert at.selectbox(key="pc_funnel_scenario").value == "other"
    assert "Yes, delete “Other”" not in [b.label for b in at.button]


def test_a_scenario_changed_meanwhile_is_not_deleted_unseen(app_db):
    board_id = store.create(app_db, Board(title="Plan", scenarios=(CONTRACT,)))
    at = funnel_page(board_id)
    kim_renames_the_contract(app_db, board_id)
    at.run()  # the live rerun shows the new name, the form still holds the old values
    at = confirm_delete(at, CONTRACT.id, "Theirs")
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


# --- amounts as the viewer writes them ---------------------------------------------------------


def electronics_page(app_db, language: str = "de") -> AppTest:
    return funnel_page(store.create(app_db, example("electronics-funnel", language)))


def test_amounts_are_typed_and_shown_with_the_viewers_separators(app_db):
    at = electronics_page(app_db)
    assert field(at, "Umsatzziel").value == "1.250.000"  # not 1250000.00 beside 1.250.000 €
    assert field(at, "Abwanderung").value == "10"
    assert field(at, "Budget").value == "280.000"
    assert any("1.250.000\xa0€ im Jahr" in text for text in texts(at.info))
    field(at, "Umsatzziel").input("1.500.000,50")
    at = button(at, "Berechnen").click().run()
    assert not at.error
    assert any("1.500.001\xa0€ im Jahr" in text or "1.500.000" in text for text in texts(at.info))


def test_switching_language_carries_typed_amounts_over_in_the_new_separators(app_db):
    at = funnel_page(store.create(app_db, example("electronics-funnel", "en")))
    field(at, "Revenue target").input("2,000,000")
    field(at, "First order").input("2,500.5")
    at = button(at, "Calculate").click().run()
    at = at.selectbox(key="pc_language_select").set_value("de").run()  # nothing saved yet
    assert not at.error and not at.exception
    assert field(at, "Umsatzziel").value == "2.000.000"
    assert field(at, "Erster Auftrag").value == "2.500,5"  # not read as 2.5005
    assert any("2.000.000\xa0€ im Jahr" in text for text in texts(at.info))
    period = next(box for box in at.selectbox if box.label == "Zeitraum")
    assert period.value == "year" and "Jahr" in period.options


# --- the bowtie, both situations, revenue when it comes in ---------------------------------------


def test_alpha_board_orders_per_customer_hold_the_seed_together(app_db):
    at = funnel_page(store.create(app_db, example("electronics-funnel", "en")))
    headline = as_shown(" ".join(c.value for c in at.caption))
    assert "you need about 200 customers, which needs 400 prospects" in " ".join(texts(at.info))
    assert "A customer brings €6,250 over its time with us: the first order of €2,500" in headline
    assert "That is 2.5 orders per customer." in headline
    assert "Each month 10% of the consuming customers leave." in headline
    assert "Steady state, the pipeline already full: about 658 new suspects" in headline


def test_pacing_offers_both_situations_and_counts_revenue_when_it_comes_in(app_db):
    at = open_tab(electronics_page(app_db, "en"), "pacing")
    shown = texts(at.info)
    assert any(text.startswith("Steady state, the pipeline already full: about 658 new "
                               "suspects and 17 new customers every month.") for text in shown)
    other = as_shown(" ".join(c.value for c in at.caption))
    assert "Instead: 335 customers. From an empty funnel: about 1,886 new suspects" in other
    table = next(d.value for d in at.dataframe if "Revenue so far" in d.value.columns)
    assert table["Revenue so far"].iloc[-1] == "€1,250,000"
    assert len(at.get("vega_lite_chart")) == 2  # revenue against the target, entries


def test_the_bold_ramp_up_reaches_its_target_inside_the_period(app_db):
    bold = CONTRACT.model_copy(update={"target_revenue": Decimal(1250000),
                                       "deal_value": Decimal(6250),
                                       "monthly_fee": Decimal(100),
                                       "paying_months": Decimal(12)})
    at = open_tab(funnel_page(store.create(app_db, Board(title="Bold", scenarios=(bold,)))),
                  "pacing")
    table = next(d.value for d in at.dataframe if "Revenue so far" in d.value.columns)
    so_far = int(table["Revenue so far"].iloc[-1].replace("€", "").replace(",", ""))
    assert so_far >= 1250000  # it once said "reached" with 1,125,600 paced


def test_a_loop_that_feeds_itself_says_so_and_names_the_seed(app_db):
    feeding = CONTRACT.model_copy(update={
        "leads_per_reference": Decimal(5),
        "rates": Rates(suspect_to_lead=Decimal("0.1"), lead_to_prospect=Decimal("0.5"),
                       prospect_to_customer=Decimal("0.5"), customer_to_consumption=Decimal(1),
                       consumption_to_reference=Decimal(1))})
    at = funnel_page(store.create(app_db, Board(title="Loop", scenarios=(feeding,))))
    warning = " ".join(texts(at.warning))
    assert "Each lead brings 1.25 new leads through references: the funnel feeds itself." in warning
    assert "suspects in month 1 are enough" in warning
    at = open_tab(at, "levers")
    assert any("levers are not ranked" in text for text in texts(at.info))
    steady = feeding.model_copy(update={"situation": "steady", "id": "steady"})
    at = funnel_page(store.create(app_db, Board(title="Loop", scenarios=(steady,))))
    assert any("the funnel would feed itself and grow without end" in text
               for text in texts(at.error))


def test_cost_of_a_customer_against_the_budget(app_db):
    at = funnel_page(store.create(app_db, example("electronics-funnel", "en")))
    assert ("The plan costs €263,530: €1,318 for each customer won. A customer brings €6,250 "
            "over its time with us, 4.7 times what winning it costs. Within the budget of "
            "€280,000: €16,470 left.") in texts(at.info)


# --- what moves it, forward --------------------------------------------------------------------


def test_biggest_levers_tie_in_money(app_db):
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan"))), "levers")
    assert any(text.startswith("Tied as the biggest lever: Suspect → Lead, Lead → Prospect, "
                               "Prospect → Customer and Deal value. 10% more of any of them "
                               "brings €10,000 more a year") for text in texts(at.success))
    levers = next(d.value for d in at.dataframe if "Brings (10%)" in d.value.columns)
    assert list(levers["Lever"])[:4] == ["Suspect → Lead", "Lead → Prospect",
                                         "Prospect → Customer", "Deal value"]
    assert list(levers["Brings (one point)"])[:3] == ["+€10,000", "+€4,000", "+€2,000"]
    assert list(levers["Brings (10%)"])[-1] == "+€0.00"


def test_biggest_lever_follows_the_inputs(app_db):
    at = open_tab(electronics_page(app_db, "en"), "levers")
    assert any(text.startswith("Tied as the biggest lever: Lead → Prospect and Prospect → "
                               "Customer.") for text in texts(at.success))
    levers = next(d.value for d in at.dataframe if "Brings (10%)" in d.value.columns)
    gains = dict(zip(levers["Lever"], levers["Brings (10%)"], strict=True))
    assert gains["Customer → Consumption"] != "+€0.00"  # consuming customers come back
    assert {"Churn", "Repeat orders a year", "Leads per reference"} <= set(gains)


def test_forward_mode_shows_the_revenue(app_db):
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan"))), "forward")
    at.text_input(key="pc_funnel_forward_8000_en").input("4,000").run()
    assert any(text.startswith("4,000 suspects give 400 leads, 100 prospects and 50 customers: "
                               "€50,000") for text in texts(at.info))


AT_MOST = "Enter at most 1,000,000,000,000 people."


@pytest.mark.parametrize(("typed", "said"), [
    ("1e400", AT_MOST), ("1000000000001", AT_MOST), ("9" * 5000, "Enter a number."),
    ("1e10000000", "Enter a number.")])  # beyond 10^1000: not read at all (numbers.exact)
def test_forward_mode_names_a_number_beyond_any_plan_instead_of_breaking(app_db, typed, said):
    at = open_tab(funnel_page(store.create(app_db, Board(title="Plan"))), "forward")
    at.text_input(key="pc_funnel_forward_8000_en").input(typed).run()
    assert not at.exception
    assert texts(at.error) == [said]


def test_forward_of_the_plans_own_suspects_reaches_its_customers(app_db):
    at = open_tab(electronics_page(app_db, "en"), "forward")
    assert any(text.startswith("7,890 suspects give 1,602 leads, 400 prospects and 200 "
                               "customers: €1,250,000") for text in texts(at.info))


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


def test_a_scenario_from_actuals_that_would_need_too_many_people_is_refused_in_words(app_db):
    """Observed rates of one in a million need a plan beyond 10^12 people: the button says
    so (it once broke the page)."""
    scenario = CONTRACT.model_copy(update={"target_revenue": Decimal(10**9),
                                           "start_month": "2026-07"})
    seen = Actual(id="a1", month="2026-07", suspect=10**12, lead=10**6, prospect=1000,
                  customer=1)
    board_id = store.create(app_db, Board(title="Plan", scenarios=(scenario,), actuals=(seen,)))
    at = open_tab(funnel_page(board_id), "actuals")
    at = at.button(key=state.key("funnel_observed_scenario")).click().run()
    assert not at.exception
    assert any("needs more than 1,000,000,000,000 people" in text for text in texts(at.error))
    assert len(store.load(app_db, board_id).board.scenarios) == 1


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
    # month 1 of a plan from an empty funnel: 889 suspects, no leads or customers yet
    review = next(d.value for d in at.dataframe if "Ist" in d.value.columns)
    assert list(review["Stand"])[:4] == ["▼ zurück", "▲ voraus", "▲ voraus", "▲ voraus"]
    by_month = next(d.value for d in at.dataframe if "Planmonat" in d.value.columns)
    assert list(by_month.iloc[0])[:4] == ["2025-01", "1", "700 / 889", "80 / 0"]


def test_actuals_follow_the_plans_calendar_months(app_db):
    at = open_tab(electronics_page(app_db, "en"), "actuals")
    assert "Month 1 of the plan is 2026-07; the plan has 12 months." in [c.value for c in
                                                                         at.caption]
    by_month = next(d.value for d in at.dataframe if "Plan month" in d.value.columns)
    assert list(by_month["Plan month"]) == ["1", "2", "3", "4"]
    assert list(by_month["Customer"]) == ["15 / 17", "12 / 17", "18 / 17", "17 / 17"]


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


def stage_editor(at: AppTest):
    return next(d for d in at.data_editor if "stage" in d.key)


def test_a_saved_stage_table_is_read_until_edit_is_clicked(app_db):
    rows = tuple(StageRow(id=stage, stage=stage, task=f"{stage} task") for stage in STAGES)
    board_id = store.create(app_db, Board(title="Plan", stages=rows))
    at = funnel_page(board_id)
    assert not any("stage" in editor.key for editor in at.data_editor)
    table = next(frame.value for frame in at.dataframe if "task" in frame.value.columns)
    assert table["task"].tolist() == [f"{stage} task" for stage in STAGES]
    at = button(at, "Edit stage table").click().run()
    key = stage_editor(at).key
    at.session_state[key] = {"edited_rows": {"1": {"task": "Call back"}},
                             "added_rows": [], "deleted_rows": []}
    at = button(at, "Save stage table").click().run()
    assert {row.stage: row.task for row in store.load(app_db, board_id).board.stages}[
        "lead"] == "Call back"
    # saved: the table is read again, with the change
    assert not any("stage" in editor.key for editor in at.data_editor)
    table = next(frame.value for frame in at.dataframe if "task" in frame.value.columns)
    assert table["task"].tolist()[1] == "Call back"
    # an edit cancelled saves nothing and closes the editor
    at = button(at, "Edit stage table").click().run()
    at.session_state[stage_editor(at).key] = {"edited_rows": {"1": {"task": "Never mind"}},
                                              "added_rows": [], "deleted_rows": []}
    at = button(at, "Cancel").click().run()
    assert not any("stage" in editor.key for editor in at.data_editor)
    assert {row.stage: row.task for row in store.load(app_db, board_id).board.stages}[
        "lead"] == "Call back"


def test_an_observer_reads_the_stage_table_and_cannot_edit_it(app_db):
    rows = tuple(StageRow(id=stage, stage=stage, task=f"{stage} task") for stage in STAGES)
    board_id = store.create(app_db, Board(title="Plan", stages=rows))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["view"] = store.workshop(app_db, board_id).observer_id
    at.switch_page("pages/funnel.py")
    at = at.run()
    assert any("task" in frame.value.columns for frame in at.dataframe)
    assert not at.data_editor and "Edit stage table" not in [b.label for b in at.button]


def test_stage_table_starts_empty_with_the_templates_offered(app_db):
    at = funnel_page(store.create(app_db, Board(title="Plan")))
    table = stage_editor(at).value
    assert (table[["task", "metric"]] == "").all().all()  # no hair salon on an unrelated board
    assert table.loc["suspect", "name"] == "Suspect: everyone in the target group"
    assert stage_editor(at).proto.row_height > 64  # tall enough for the texts to wrap
    picker = at.selectbox(key="pc_funnel_stage_template")
    assert picker.options == ["Empty table", "Hair salon", "Electronics design service"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_picked_template_fills_the_table_in_the_board_language(app_db, language):
    at = funnel_page(store.create(app_db, Board(title="Plan", language=language)))
    at = at.selectbox(key="pc_funnel_stage_template").set_value("hair_salon").run()
    template = stage_vocabulary(language).templates["hair_salon"]
    table = stage_editor(at).value
    assert table.loc["suspect", "task"] == template["suspect"]["task"].strip()
    assert table.loc["reference", "discovery"] == template["reference"]["discovery"].strip()


def test_stage_table_content_follows_the_board_not_the_viewer(app_db):
    board_id = store.create(app_db, Board(title="Plan", language="de"))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.session_state[state.LANGUAGE] = "en"
    at.switch_page("pages/funnel.py")
    at = at.run()
    at = at.selectbox(key="pc_funnel_stage_template").set_value("hair_salon").run()
    assert "Save stage table" in [b.label for b in at.button]
    table = stage_editor(at).value
    german = stage_vocabulary("de").templates["hair_salon"]
    assert table.loc["lead", "response"] == german["lead"]["response"].strip()
    assert table.loc["lead", "name"].startswith("Lead: has shown up")  # the viewer's words


def test_stage_table_edits_are_saved_as_stage_rows(app_db):
    board_id = store.create(app_db, Board(title="Plan"))
    at = funnel_page(board_id)
    at = at.selectbox(key="pc_funnel_stage_template").set_value("hair_salon").run()
    key = stage_editor(at).key
    at.session_state[key] = {"edited_rows": {"0": {"task": "Stand out at the station"}},
                             "added_rows": [], "deleted_rows": []}
    at = button(at, "Save stage table").click().run()
    assert not at.exception
    stages = {row.stage: row for row in store.load(app_db, board_id).board.stages}
    assert list(stages) == ["suspect", "lead", "prospect", "customer", "consumption",
                            "reference"]
    assert stages["suspect"].task == "Stand out at the station"
    assert stages["lead"].task == stage_vocabulary("en").templates["hair_salon"]["lead"]["task"]


def test_an_empty_table_saves_only_the_rows_filled_in(app_db):
    board_id = store.create(app_db, Board(title="Plan"))
    at = funnel_page(board_id)
    key = stage_editor(at).key
    at.session_state[key] = {"edited_rows": {"2": {"metric": "Offers a month"}},
                             "added_rows": [], "deleted_rows": []}
    at = button(at, "Save stage table").click().run()
    (row,) = store.load(app_db, board_id).board.stages
    assert (row.stage, row.metric) == ("prospect", "Offers a month")


def test_stage_table_edits_keep_someone_elses_change_of_the_same_row(app_db):
    rows = tuple(StageRow(id=stage, stage=stage, task=f"{stage} task") for stage in STAGES)
    board_id = store.create(app_db, Board(title="Plan", stages=rows))
    at = button(funnel_page(board_id), "Edit stage table").click().run()
    seen = store.load(app_db, board_id).revision
    # Kim rewrites the suspect row and the lead row while this viewer edits the table ...
    store.apply(app_db, participant(app_db, board_id, "Kim"), [
        store.Update("suspect", {"stage": "suspect", "task": "Kim's task"}, seen),
        store.Update("lead", {"stage": "lead", "task": "Kim's lead task"}, seen)])
    at.run()
    key = stage_editor(at).key
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


