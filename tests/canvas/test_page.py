"""The /canvas page as a user drives it (Streamlit AppTest): what the page sends the canvas,
editing by the forms, links, undo, bad input, the survey upload and the persona views.

The canvas itself is one custom component; AppTest does not run its script, so these tests
read the data the page sends it (``canvas(at)``); the browser tests drive the drawn canvas.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import boardfile, store
from components.board.model import Board, Job, Obstacle, Outcome, Persona, Solution
from components.examples import EXAMPLES_DIR
from components.widgets.canvas.panels import SECTION_KEY
from components.widgets.tabs import widget_key
from tests.conftest import PROJECT_ROOT, participant
from tests.hostile import as_shown

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/canvas.db"
    monkeypatch.setenv("PROGRESS_CANVAS_DB", url)
    return store.connect(url)


def open_canvas(board_id: str | None, kind: str | None = None, **link: str) -> AppTest:
    """The canvas page; with ``kind`` (needs, outcomes, …, links) its editing forms open.

    ``link`` adds the link's other parameters (``key`` of the facilitator); without a board
    id, ``view`` opens it read-only.
    """
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    for name, value in ({"board": board_id} if board_id else {}).items() | link.items():
        at.query_params[name] = value
    at.switch_page("pages/canvas.py")
    at.run()
    assert not at.exception, at.exception
    if kind:
        at.button_group(key="pc_canvas_edit_kind").set_value(kind).run()
    return at


def canvas(at: AppTest) -> dict:
    """The data the page sends its one canvas element: ``board`` and ``viewer``."""
    elements = [element for element in at.get("bidi_component")
                if element.proto.component_name == "progress_canvas.canvas"]
    assert len(elements) == 1
    return sent(elements[0])


def sent(element) -> dict:
    """What the page sent one canvas element, as its script reads it (the canvas comes as
    JSON text inside the element's JSON)."""
    data = json.loads(element.proto.json)
    return {**data, "board": json.loads(data["board"])}


def picture(at: AppTest) -> list[str]:
    """Every card's text on the canvas, in canvas order."""
    board = canvas(at)["board"]
    jobs = [job for group in board["groups"] for job in group["jobs"]]
    parts = [part for job in jobs for name in ("outcomes", "obstacles", "consequences")
             for part in job[name]]
    return [item["text"] for item in (*jobs, *parts, *board["solutions"])]


def card(at: AppTest, item_id: str) -> dict:
    """One card's data (a job, part or solution) by id."""
    board = canvas(at)["board"]
    jobs = [job for group in board["groups"] for job in group["jobs"]]
    items = [*jobs, *(p for job in jobs for name in ("outcomes", "obstacles", "consequences")
                      for p in job[name]), *board["solutions"]]
    return next(item for item in items if item["id"] == item_id)


def fit(at: AppTest) -> tuple[str, str]:
    """The two fit scores the canvas shows: outcomes, obstacles."""
    scores = canvas(at)["board"]["fit"]
    return scores["outcomes"], scores["obstacles"]


def button(scope, label: str):
    matches = [b for b in scope.button if as_shown(b.label) == label]
    assert matches, f"no button {label!r} among {[b.label for b in scope.button]}"
    return matches[0]


def form_key(at: AppTest, form_id: str) -> str:
    """The key of the form ``form_id`` as drawn: its id and the revision it was first drawn at."""
    keys = [w.key for w in (*at.text_area, *at.text_input) if w.key and w.key.startswith(form_id)]
    assert keys, f"no form {form_id!r} on the page"
    return form_id + keys[0][len(form_id):].split("_", 1)[0]


KINDS = {"Jobs": "needs", "Outcomes": "outcomes", "Obstacles": "obstacles",
         "Consequences": "consequences", "Solutions": "solutions", "Links": "links",
         "Personas": "personas"}


def tab(at: AppTest, label: str) -> AppTest:
    """Open the editing forms of the kind ``label`` (English), if they are not open yet."""
    chooser = at.button_group(key="pc_canvas_edit_kind")
    if chooser.value != KINDS[label]:
        chooser.set_value(KINDS[label]).run()
    return at


def section(at: AppTest, label: str, language: str = "en") -> AppTest:
    """Open the tab ``label`` below the picture, as a click on it does (a rerun)."""
    assert label in [tab.label for tab in at.tabs], [tab.label for tab in at.tabs]
    at.session_state[widget_key(SECTION_KEY, language)] = label
    return at.run()


def errors(at: AppTest) -> list[str]:
    return [as_shown(e.value) for e in at.error]


def shelf_board(**changes) -> Board:
    board = Board(
        title="Shelf", language="en",
        personas=[Persona(id="p1", name="DIYer")],
        needs=[Job(id="j1", text="Put up a shelf", persona="p1", outcomes=[
            Outcome(id="o1", text="It hangs straight", importance=8, satisfaction=3)])],
        solutions=[Solution(id="s1", text="Laser spirit level")],
    )
    return board.model_copy(update=changes)


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_renders_the_shelf_example_in_each_language(engine, language):
    board = boardfile.load((EXAMPLES_DIR / f"shelf.{language}.yaml").read_text("utf-8"))
    at = open_canvas(store.create(engine, board))
    texts = [item.text for job in board.needs
             for item in (job, *job.outcomes, *job.obstacles, *job.consequences)]
    texts += [s.text for s in board.solutions]
    assert sorted(picture(at)) == sorted(texts)
    sent = canvas(at)
    titles = {"en": "Needs (yin)", "de": "Bedürfnisse (Yin)", "sv": "Behov (yin)"}
    assert sent["board"]["text"]["canvas.picture.needs_title"] == titles[language]
    # fit: straight 9 (strong), holds 10 (strong), afternoon 6 (none), drill 5 (none) -> 19/30;
    # all three obstacles are removed strongly
    assert fit(at) == ("63", "100")
    assert not errors(at)
    # the example's "better drill" is a solution in disguise, its 3D planner app an orphan
    drill = {"en": "better drill", "de": "bessere Bohrmaschine",
             "sv": "bättre borrmaskin"}[language]
    assert sent["board"]["fit"]["disguised"] == [{"id": "out-drill", "word": drill}]
    assert card(at, "out-drill")["disguise"] == drill
    assert sent["board"]["fit"]["orphans"] == ["sol-planner-app"]
    assert card(at, "sol-planner-app")["orphan"]
    assert [i for i in sent["board"]["fit"]["unaddressed"]] == ["out-one-afternoon", "out-drill"]


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_renders_an_empty_board(engine, language):
    at = open_canvas(store.create(engine, Board(title="Empty", language=language)))
    empty = {"en": "No jobs yet", "de": "Noch keine Aufgaben", "sv": "Inga jobb ännu"}
    sent = canvas(at)
    assert sent["board"]["groups"] == [] and picture(at) == []
    assert sent["board"]["text"]["canvas.ui.empty_needs_edit"].startswith(empty[language])
    assert sent["viewer"]["can_edit"] is True
    assert fit(at) == ("–", "–")


def test_adding_a_job_and_an_outcome_persists(engine):
    board_id = store.create(engine, Board(title="New"))
    at = open_canvas(board_id, "needs")
    at.text_area(key=f"{form_key(at, 'pc_canvas_add_needs@')}_text").set_value("Put up a shelf")
    button(tab(at, "Jobs"), "Add").click().run()
    assert not at.exception and not errors(at)
    loaded = store.load(engine, board_id)
    assert [job.text for job in loaded.board.needs] == ["Put up a shelf"]
    assert picture(at) == ["Put up a shelf"]

    key = form_key(tab(at, "Outcomes"), "pc_canvas_add_outcomes@")
    at.text_area(key=f"{key}_text").set_value("It hangs straight")
    at.text_input(key=f"{key}_judged_by").set_value(PAYLOAD)
    at.number_input(key=f"{key}_importance").set_value(9)
    at.number_input(key=f"{key}_satisfaction").set_value(3)
    button(tab(at, "Outcomes"), "Add").click().run()
    assert not at.exception and not errors(at)
    outcome = store.load(engine, board_id).board.needs[0].outcomes[0]
    assert (outcome.text, outcome.importance, outcome.satisfaction, outcome.judged_by) == (
        "It hangs straight", 9, 3, PAYLOAD)
    drawn = card(at, outcome.id)
    assert drawn["note"] == PAYLOAD  # sent as text; the canvas puts it in as text
    assert (drawn["opportunity_text"], drawn["band"]) == ("15", "strong")


def test_linking_persists_and_raises_the_fit_score(engine):
    board_id = store.create(engine, shelf_board())
    at = open_canvas(board_id)
    assert fit(at) == ("0", "–")
    links = tab(at, "Links")
    new_link = next(s for s in links.selectbox if s.label == "Link to the job, outcome or obstacle")
    new_link.set_value("o1")
    button(links, "Save links").click().run()
    assert not at.exception and not errors(at)
    saved = store.load(engine, board_id).board.links
    assert [(link.solution, link.target, link.strength) for link in saved] == [
        ("s1", "o1", "strong")]
    assert fit(at) == ("100", "–")
    assert [(link["solution"], link["target"], link["strength"])
            for link in canvas(at)["board"]["links"]] == [("s1", "o1", "strong")]
    assert card(at, "o1")["open"] is False and card(at, "s1")["orphan"] is False


def test_link_from_the_need_side_with_a_weak_strength(engine):
    board_id = store.create(engine, shelf_board())
    at = open_canvas(board_id)
    links = tab(at, "Links")
    links.radio(key="pc_canvas_link_side").set_value("need").run()
    links = tab(at, "Links")
    links.selectbox(key="pc_canvas_link_pick_need").set_value("o1").run()  # the job comes first
    next(s for s in links.selectbox if s.label == "Link to the solution").set_value("s1")
    next(r for r in links.radio if r.label == "Strength of the new link").set_value("weak")
    button(links, "Save links").click().run()
    assert not errors(at)
    assert store.load(engine, board_id).board.links[0].strength == "weak"
    assert fit(at) == ("50", "–")


def test_a_link_to_an_item_deleted_meanwhile_is_refused(engine):
    job = shelf_board().needs[0]
    second = Outcome(id="o2", text="It holds the books", importance=6)
    board_id = store.create(engine, shelf_board(
        needs=[job.model_copy(update={"outcomes": (*job.outcomes, second)})]))
    at = open_canvas(board_id)
    links = tab(at, "Links")
    next(s for s in links.selectbox
         if s.label == "Link to the job, outcome or obstacle").set_value("o1")
    revision = store.load(engine, board_id).revision
    store.apply(engine, participant(engine, board_id, "someone else"),
                [store.Delete("o1", revision)])
    button(links, "Save links").click().run()
    assert not at.exception
    assert store.load(engine, board_id).board.links == ()
    assert any("was deleted meanwhile, so the link was not saved" in e for e in errors(at))


def test_deleting_and_undoing_restores_the_item(engine):
    board_id = store.create(engine, shelf_board())
    at = open_canvas(board_id)
    button(tab(at, "Outcomes"), "Delete").click().run()
    assert not errors(at)
    assert store.load(engine, board_id).board.needs[0].outcomes == ()
    assert "It hangs straight" not in picture(at)
    button(at, "Undo: O1 deleted.").click().run()
    assert not at.exception and not errors(at)
    restored = store.load(engine, board_id).board.needs[0].outcomes
    assert [(o.id, o.text, o.importance) for o in restored] == [("o1", "It hangs straight", 8)]
    assert "It hangs straight" in picture(at)


@pytest.mark.parametrize("language,message", [
    ("en", "must be a number from 0 to 10 (you entered 11"),
    ("de", "muss eine Zahl von 0 bis 10 sein (eingegeben: 11"),
    ("sv", "måste vara ett tal från 0 till 10 (du angav 11"),
])
def test_importance_eleven_is_rejected_in_the_boards_language(engine, language, message):
    board_id = store.create(engine, shelf_board(language=language))
    at = open_canvas(board_id, "outcomes")
    key = form_key(at, "pc_canvas_add_outcomes@")
    at.text_area(key=f"{key}_text").set_value("It holds the books")
    at.number_input(key=f"{key}_importance").set_value(11)
    button(at, i18n.t(language, "canvas.edit.add_button")).click().run()
    assert any(message in e for e in errors(at)), errors(at)
    assert len(store.load(engine, board_id).board.needs[0].outcomes) == 1
    assert at.text_area(key=f"{key}_text").value == "It holds the books"  # typing kept


def test_empty_and_over_long_texts_are_rejected(engine):
    board_id = store.create(engine, shelf_board())
    at = open_canvas(board_id, "needs")
    key = form_key(at, "pc_canvas_add_needs@")
    at.text_area(key=f"{key}_text").set_value("   ")
    button(tab(at, "Jobs"), "Add").click().run()
    assert any("must not be empty" in e for e in errors(at))
    at.text_area(key=f"{key}_text").set_value("x" * 1001)
    button(tab(at, "Jobs"), "Add").click().run()
    assert any("1001 characters long; at most 1000" in e for e in errors(at))
    assert len(store.load(engine, board_id).board.needs) == 1


def test_editing_moves_an_outcome_to_another_job(engine):
    board = shelf_board(needs=[*shelf_board().needs, Job(id="j2", text="Hang a picture")])
    board_id = store.create(engine, board)
    at = open_canvas(board_id, "outcomes")
    key = f"pc_canvas_edit_o1@{store.load(engine, board_id).revision}"
    at.text_area(key=f"{key}_text").set_value("It hangs straight, level with the frame")
    at.selectbox(key=f"{key}_job").set_value("j2")
    button(tab(at, "Outcomes"), "Save").click().run()
    assert not errors(at)
    needs = store.load(engine, board_id).board.needs
    assert needs[0].outcomes == ()
    assert [(o.text, o.importance) for o in needs[1].outcomes] == [
        ("It hangs straight, level with the frame", 8)]


def test_evidence_is_entered_below_the_outcome_and_obstacle_forms(engine):
    board = shelf_board()
    board = board.model_copy(update={"needs": [board.needs[0].model_copy(update={
        "obstacles": [Obstacle(id="b1", text="The wall is concrete")]})]})
    board_id = store.create(engine, board)
    at = open_canvas(board_id, "outcomes")
    assert "No evidence recorded for this need yet." in [c.value for c in at.caption]
    key = f"pc_canvas_evidence_add_o1_en@{store.load(engine, board_id).revision}"
    at.selectbox(key=f"{key}_source").set_value("interview")
    at.number_input(key=f"{key}_customers").set_value(3)
    at.text_area(key=f"{key}_quote").input(PAYLOAD)
    button(tab(at, "Outcomes"), "Add evidence").click().run()
    assert not at.exception and not errors(at)
    [piece] = store.load(engine, board_id).board.needs[0].outcomes[0].evidence
    assert (piece.source, piece.customers, piece.quote) == ("interview", 3, PAYLOAD)
    assert at.dataframe[0].value["Quote, in their words"].tolist() == [PAYLOAD]

    tab(at, "Obstacles")
    key = f"pc_canvas_evidence_add_b1_en@{store.load(engine, board_id).revision}"
    at.selectbox(key=f"{key}_source").set_value("observation")
    button(at, "Add evidence").click().run()
    assert not errors(at)
    [piece] = store.load(engine, board_id).board.needs[0].obstacles[0].evidence
    assert (piece.source, piece.customers) == ("observation", 1)
    # the outcome's edit form saves its text and keeps the evidence
    at = open_canvas(board_id, "outcomes")
    key = f"pc_canvas_edit_o1@{store.load(engine, board_id).revision}"
    at.text_area(key=f"{key}_text").set_value("It hangs level")
    button(tab(at, "Outcomes"), "Save").click().run()
    assert not errors(at)
    outcome = store.load(engine, board_id).board.needs[0].outcomes[0]
    assert outcome.text == "It hangs level" and len(outcome.evidence) == 1


def test_survey_upload_sets_numbers_and_marks_them(engine):
    board_id = store.create(engine, shelf_board())
    at = section(open_canvas(board_id), "Opportunity landscape")
    csv = ("respondent,persona,outcome,importance,satisfaction\n"
           "r1,DIYer,It hangs straight,5,2\nr2,DIYer,It hangs straight,4,4\n"
           "r3,,It hangs straight,3,1\nr4,DIYer,o1,5,2\n")
    at.file_uploader(key="pc_canvas_survey_file").set_value(("s.csv", csv.encode(), "text/csv"))
    at.run()
    assert not errors(at)
    button(at, "Use these numbers").click().run()
    assert not at.exception and not errors(at)
    outcome = store.load(engine, board_id).board.needs[0].outcomes[0]
    assert (outcome.importance, outcome.satisfaction, outcome.source) == (7.5, 2.5, "survey")
    table = at.dataframe[0].value
    assert list(table["Numbers from"]) == ["survey"]


def test_a_bad_survey_file_changes_nothing(engine):
    board_id = store.create(engine, shelf_board(language="de"))
    at = section(open_canvas(board_id), "Chancenlandschaft", "de")
    csv = "respondent,outcome,importance,satisfaction\nr1,It hangs straight,7,2\n"
    at.file_uploader(key="pc_canvas_survey_file").set_value(("s.csv", csv.encode(), "text/csv"))
    at.run()
    assert any("Zeile 2" in e and "ganze Zahl von 1 bis 5" in e for e in errors(at)), errors(at)
    assert not [b for b in at.button if b.label == "Diese Zahlen übernehmen"]
    assert store.load(engine, board_id).board.needs[0].outcomes[0].importance == 8


def test_personas_filter_and_compare(engine):
    board = shelf_board(
        personas=[Persona(id="p1", name="DIYer"), Persona(id="p2", name="Landlord")],
        needs=[*shelf_board().needs, Job(id="j2", text="Rent out a flat", persona="p2")])
    at = open_canvas(store.create(engine, board))
    assert "Put up a shelf" in picture(at) and "Rent out a flat" in picture(at)
    at.multiselect(key="pc_canvas_personas").set_value(["p2"]).run()
    assert "Put up a shelf" not in picture(at) and "Rent out a flat" in picture(at)
    at.multiselect(key="pc_canvas_personas").set_value(["p1", "p2"]).run()
    sent = canvas(at)["board"]
    assert sent["compare"] and [g["name"] for g in sent["groups"]] == ["DIYer", "Landlord"]
    assert "Put up a shelf" in picture(at) and "Rent out a flat" in picture(at)


def test_discussion_answers_are_saved(engine):
    board_id = store.create(engine, shelf_board())
    at = section(open_canvas(board_id), "Discuss with your team")
    prompts = [a for a in at.text_area if a.key and a.key.startswith("pc_canvas_edit_~prompts@")]
    assert len(prompts) == 3
    prompts[0].set_value("Partly: we never asked about the uneven floor.")
    button(at, "Save answers").click().run()
    assert not errors(at)
    answers = store.load(engine, board_id).board.answers
    assert [(a.prompt, a.text) for a in answers] == [
        ("understand_needs", "Partly: we never asked about the uneven floor.")]


def test_a_conflict_shows_both_versions_then_keeps_mine_on_request(engine):
    board_id = store.create(engine, shelf_board())
    at = open_canvas(board_id, "outcomes")
    seen = store.load(engine, board_id).revision
    key = f"pc_canvas_edit_o1@{seen}"
    # Bob changes the outcome while this viewer has its form open ...
    store.apply(engine, participant(engine, board_id, "Bob"), [store.Update("o1", {
        "text": "It hangs dead straight", "importance": 8, "satisfaction": 3}, seen)])
    at.run()  # ... the page's live update reruns it; the open form keeps its base revision
    at.text_area(key=f"{key}_text").set_value("It hangs straight, my way")
    button(tab(at, "Outcomes"), "Save").click().run()
    assert any("Changed by Bob" in e for e in errors(at)), errors(at)
    versions = at.dataframe[0].value  # only the fields that differ
    assert versions.values.tolist() == [
        ["Desired outcome", "It hangs dead straight", "It hangs straight, my way"]]
    assert store.load(engine, board_id).board.needs[0].outcomes[0].text == (
        "It hangs dead straight")
    assert at.text_area(key=f"{key}_text").value == "It hangs straight, my way"  # typing kept
    button(at, "Save my version anyway").click().run()
    assert not errors(at)
    assert store.load(engine, board_id).board.needs[0].outcomes[0].text == (
        "It hangs straight, my way")


def test_observers_see_the_canvas_without_editing(engine):
    board_id = store.create(engine, shelf_board())
    at = open_canvas(None, view=store.workshop(engine, board_id).observer_id)
    assert "It hangs straight" in picture(at)
    assert canvas(at)["viewer"]["can_edit"] is False  # no places to add, no link handles
    assert not at.button_group and not at.file_uploader
    assert not [b for b in at.button if b.label in ("Add", "Save", "Save answers")]
    # no editing tab: the landscape below the picture opens first
    assert [tab.label for tab in at.tabs] == [
        "Opportunity landscape", "Discuss with your team", "Downloads"]
    assert at.dataframe[0].value["Desired outcome"].tolist() == ["It hangs straight"]


def test_only_the_open_tab_below_the_picture_is_drawn(engine):
    at = open_canvas(store.create(engine, shelf_board()))
    assert [tab.label for tab in at.tabs] == [
        "Edit the canvas", "Opportunity landscape", "Discuss with your team", "Downloads"]
    assert at.button_group(key="pc_canvas_edit_kind")  # editing opens first for editors
    assert not at.dataframe and not at.get("vega_lite_chart")
    section(at, "Opportunity landscape")
    assert not at.button_group
    assert len(at.get("vega_lite_chart")) == 1
    assert at.dataframe[0].value["Opportunity"].tolist() == ["13"]  # 8 + (8 − 3)
    section(at, "Downloads")
    assert not at.dataframe
    assert [b.label for b in at.get("download_button")][:2] == ["Canvas (HTML)", "Canvas (PNG)"]


def test_the_open_tab_stays_open_in_another_language(engine):
    at = open_canvas(store.create(engine, shelf_board()))
    at.session_state[SECTION_KEY] = "landscape"  # what a click on the tab remembers
    at.selectbox(key="pc_language_select").set_value("de").run()
    assert [tab.label for tab in at.tabs][1] == "Chancenlandschaft"
    assert len(at.get("vega_lite_chart")) == 1 and not at.button_group  # landscape, not edit


def test_downloads_produce_the_files():
    from components.canvas import picture
    from components.canvas import view as canvas_view
    from components.widgets.canvas.landscape import chart_png, chart_svg, outcome_table

    board = boardfile.load((EXAMPLES_DIR / "shelf.de.yaml").read_text("utf-8"))
    view = canvas_view.build(board, canvas_view.prefixes("de"))
    assert chart_png(view, "de").startswith(b"\x89PNG")
    svg = chart_svg(view, "de")
    assert svg.lstrip().startswith("<svg") and "Wichtigkeit" in svg
    csv = outcome_table(view, "de", formatted=False).to_csv(index=False)
    header, first, *_ = csv.splitlines()
    assert header.startswith("Rang,Kürzel,Gewünschtes Ergebnis,Chance,Bereich,Wichtigkeit")
    # straight: 9 + (9 − 3) = 15 ranks before holds: 10 + (10 − 6) = 14
    assert first.startswith("1,E1,Das Regal hängt gerade,15.0,stark,9.0,3.0,Schätzung")
    assert "mountCanvas({data:" in picture.document(view, "de")
