"""The interactive canvas on /canvas (AppTest): what the page sends it, and what the page does
with the events the browser's canvas sends back — saved through the store, answered per event.

AppTest does not run the canvas's script; :class:`Browser` plays its part: it puts the events
into the element's state ``outbox`` as canvas.js does and reads the answers from the data the
page sends back.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.board import store
from components.board.access import person_id
from components.board.model import Board, Job, Obstacle, Outcome, Solution
from components.widgets import state
from tests.canvas.test_page import canvas, card, fit, open_canvas, picture
from tests.conftest import KEY, PROJECT_ROOT, facilitator, participant


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/canvas.db"
    monkeypatch.setenv("PROGRESS_CANVAS_DB", url)
    return store.connect(url)


def shelf() -> Board:
    return Board(title="Shelf", needs=[
        Job(id="j1", text="Put up a shelf", outcomes=[
            Outcome(id="o1", text="It hangs straight", importance=8, satisfaction=3)],
            obstacles=[Obstacle(id="b1", text="Uneven floor")]),
        Job(id="j2", text="Hang a picture")],
        solutions=[Solution(id="s1", text="Laser level")])


class Browser:
    """One canvas in a browser tab: numbers its events and sends the unanswered ones."""

    def __init__(self, at: AppTest, client: str = "tab-1") -> None:
        self.at, self.client, self.events = at, client, []

    def send(self, **event) -> dict:
        """Send one event (with the ones before it, as the outbox does); its answer."""
        event["seq"] = len(self.events) + 1
        self.events.append(event)
        self.at.session_state[state.CANVAS] = {
            "outbox": {"client": self.client, "events": list(self.events)}}
        self.at.run()
        assert not self.at.exception, self.at.exception
        viewer = canvas(self.at)["viewer"]
        assert viewer["acks"][self.client] == event["seq"]
        return next(result for result in viewer["results"]
                    if (result["client"], result["seq"]) == (self.client, event["seq"]))

    @property
    def revision(self) -> int:
        return canvas(self.at)["viewer"]["revision"]


def test_the_page_sends_the_board_and_what_this_viewer_may_do(engine):
    board_id = store.create(engine, shelf())
    sent = canvas(open_canvas(board_id))
    assert sent["viewer"] | {"revision": 0} == {
        "board_id": board_id, "revision": 0, "mode": "edit", "can_edit": True, "acks": {},
        "results": [], "vote": None}
    assert sent["viewer"]["revision"] == store.load(engine, board_id).revision
    assert [g["jobs"][0]["outcomes"][0]["text"] for g in sent["board"]["groups"]] == [
        "It hangs straight"]
    assert sent["board"]["text"]["canvas.ui.add_outcome"] == "Desired outcome"


def test_adding_a_job_an_outcome_and_a_solution_from_the_canvas_saves_them(engine):
    board_id = store.create(engine, Board(title="New"))
    browser = Browser(open_canvas(board_id))
    assert browser.send(op="add", kind="job", text="Put up a shelf", id="job1")["ok"]
    assert browser.send(op="add", kind="outcome", text="It hangs straight", id="out1",
                        parent="job1")["ok"]
    assert browser.send(op="add", kind="solution", text="Laser level", id="sol1")["ok"]
    saved = store.load(engine, board_id).board
    assert [(job.id, job.text) for job in saved.needs] == [("job1", "Put up a shelf")]
    assert [(o.id, o.text) for o in saved.needs[0].outcomes] == [("out1", "It hangs straight")]
    assert [(s.id, s.text) for s in saved.solutions] == [("sol1", "Laser level")]
    assert picture(browser.at) == ["Put up a shelf", "It hangs straight", "Laser level"]
    # the same add sent again (a rerun before the answer arrived) adds nothing
    browser.at.session_state[state.CANVAS] = {"outbox": {"client": "tab-2", "events": [
        {"seq": 1, "op": "add", "kind": "solution", "text": "Laser level", "id": "sol1"}]}}
    browser.at.run()
    assert len(store.load(engine, board_id).board.solutions) == 1


def test_linking_by_the_canvas_raises_the_fit_and_the_job_can_be_linked(engine):
    board_id = store.create(engine, shelf())
    browser = Browser(open_canvas(board_id))
    assert fit(browser.at) == ("0", "0")
    assert card(browser.at, "s1")["orphan"]
    assert browser.send(op="link", solution="s1", target="o1", id="l1")["ok"]
    assert fit(browser.at) == ("100", "0")
    assert browser.send(op="link", solution="s1", target="j2", id="l2", strength="weak")["ok"]
    links = store.load(engine, board_id).board.links
    assert [(link.target, link.strength) for link in links] == [("o1", "strong"), ("j2", "weak")]
    assert not card(browser.at, "s1")["orphan"] and not card(browser.at, "o1")["open"]
    assert canvas(browser.at)["board"]["fit"]["unaddressed"] == ["b1"]
    assert browser.send(op="strength", link="l1", strength="weak", base=browser.revision)["ok"]
    assert fit(browser.at) == ("50", "0")
    assert browser.send(op="unlink", link="l2", base=browser.revision)["ok"]
    assert [link.id for link in store.load(engine, board_id).board.links] == ["l1"]


def test_bad_input_is_answered_in_the_viewers_language_and_nothing_is_saved(engine):
    board_id = store.create(engine, shelf().model_copy(update={"language": "de"}))
    browser = Browser(open_canvas(board_id))
    empty = browser.send(op="add", kind="job", text="   ", id="x1")
    assert empty == {"client": "tab-1", "seq": 1, "ok": False,
                     "error": "Text: darf nicht leer sein."}
    high = browser.send(op="rate", item="o1", field="importance", value=11,
                        base=browser.revision)
    assert high["ok"] is False and "muss eine Zahl von 0 bis 10 sein" in high["error"]
    gone = browser.send(op="link", solution="s1", target="nothing", id="l1")
    assert "gelöscht" in gone["error"]
    saved = store.load(engine, board_id).board
    assert len(saved.needs) == 2 and saved.needs[0].outcomes[0].importance == 8
    assert saved.links == ()


def test_editing_rating_moving_and_a_quick_second_edit_of_ones_own_card(engine):
    board_id = store.create(engine, shelf())
    browser = Browser(open_canvas(board_id))
    seen = browser.revision
    assert browser.send(op="edit", item="o1", text="It hangs level", base=seen)["ok"]
    # the second edit left before the first was answered: same base, still no conflict
    assert browser.send(op="rate", item="o1", field="satisfaction", value=6.5, base=seen)["ok"]
    [outcome] = store.load(engine, board_id).board.needs[0].outcomes
    assert (outcome.text, outcome.importance, outcome.satisfaction) == ("It hangs level", 8, 6.5)
    assert card(browser.at, "o1")["satisfaction_text"] == "6.5"
    assert browser.send(op="move", item="o1", parent="j2", before=None,
                        base=browser.revision)["ok"]
    needs = store.load(engine, board_id).board.needs
    assert (needs[0].outcomes, [o.id for o in needs[1].outcomes]) == ((), ["o1"])


def test_a_conflict_shows_both_versions_and_mine_can_be_saved_anyway(engine):
    board_id = store.create(engine, shelf())
    browser = Browser(open_canvas(board_id))
    seen = browser.revision
    store.apply(engine, participant(engine, board_id, "Bob"), [store.Update(
        "o1", {"text": "It hangs dead straight", "importance": 8, "satisfaction": 3}, seen)])
    refused = browser.send(op="edit", item="o1", text="It hangs level", base=seen)
    assert refused["ok"] is False
    assert refused["conflict"] | {"message": ""} == {
        "item": "o1", "message": "", "theirs": "It hangs dead straight",
        "yours": "It hangs level"}
    assert refused["conflict"]["message"].startswith("Changed by Bob")
    assert store.load(engine, board_id).board.needs[0].outcomes[0].text == (
        "It hangs dead straight")
    # "save mine anyway" sends the edit again, based on the board the conflict showed
    assert browser.send(op="edit", item="o1", text="It hangs level", base=browser.revision)["ok"]
    assert store.load(engine, board_id).board.needs[0].outcomes[0].text == "It hangs level"


def test_deleting_then_undoing_from_the_canvas(engine):
    board_id = store.create(engine, shelf())
    browser = Browser(open_canvas(board_id))
    deleted = browser.send(op="delete", item="j1", base=browser.revision)
    assert deleted["ok"] and deleted["done"] == "J1 deleted."
    assert [job.id for job in store.load(engine, board_id).board.needs] == ["j2"]
    assert "It hangs straight" not in picture(browser.at)
    # the page's own undo button offers it too
    assert [b.label for b in browser.at.button if b.label.startswith("Undo")] == [
        "Undo: J1 deleted."]
    undone = browser.send(op="undo", revision=deleted["revision"])
    assert undone["ok"] and undone["done"] == "Undone."
    restored = store.load(engine, board_id).board.needs[0]
    assert (restored.id, [o.id for o in restored.outcomes]) == ("j1", ["o1"])
    assert "It hangs straight" in picture(browser.at)
    assert not [b for b in browser.at.button if b.label.startswith("Undo")]


def test_observers_get_no_editing_and_their_events_are_refused(engine):
    board_id = store.create(engine, shelf())
    at = open_canvas(None, view=store.workshop(engine, board_id).observer_id)
    assert canvas(at)["viewer"]["can_edit"] is False
    refused = Browser(at).send(op="add", kind="job", text="Sneaky", id="x")
    assert refused["error"] == "This link is read-only: nothing was saved."
    assert len(store.load(engine, board_id).board.needs) == 2


def test_a_locked_board_is_read_only_for_participants_not_for_the_facilitator(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    store.set_locked(engine, facilitator(engine, board_id), True)
    participant = open_canvas(board_id)
    assert canvas(participant)["viewer"]["can_edit"] is False
    refused = Browser(participant).send(op="add", kind="job", text="Late idea", id="x")
    assert "locked" in refused["error"]
    facilitating = open_canvas(board_id, key=KEY)
    assert canvas(facilitating)["viewer"]["can_edit"] is True
    assert Browser(facilitating).send(op="add", kind="job", text="Wrap up", id="y")["ok"]
    assert [job.text for job in store.load(engine, board_id).board.needs][-1] == "Wrap up"


def test_dots_are_placed_on_cards_while_a_vote_is_open(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    store.open_vote(engine, facilitator(engine, board_id), 2)
    at = open_canvas(board_id)
    vote = canvas(at)["viewer"]["vote"]  # the dots are this browser's, with a name or not
    assert vote == {"open": True, "dots": 2, "can_vote": True, "name_missing": False,
                    "mine": {}}
    browser = Browser(at)
    assert browser.send(op="vote", target="o1", id="v2")["ok"]
    assert browser.send(op="vote", target="s1", id="v3")["ok"]
    full = browser.send(op="vote", target="s1", id="v4")
    assert full["error"] == "You have used all your dots."
    sent = canvas(at)
    assert sent["board"]["votes"] == {"o1": 1, "s1": 1}
    assert sent["viewer"]["vote"]["mine"] == {"o1": ["v2"], "s1": ["v3"]}
    assert browser.send(op="unvote", vote="v3", base=browser.revision)["ok"]
    me = person_id(at.session_state[state.MEMORY]["progress-canvas:me"]["id"])
    assert [(v.voter, v.target) for v in store.load(engine, board_id).board.votes] == [
        (me, "o1")]


def test_a_change_elsewhere_keeps_the_answers_and_moves_the_revision(engine):
    board_id = store.create(engine, shelf())
    browser = Browser(open_canvas(board_id))
    assert browser.send(op="add", kind="solution", text="Plugs", id="s2")["ok"]
    before = browser.revision
    store.apply(engine, participant(engine, board_id, "Bob"),
                [store.Add("solutions", {"text": "Drill guide"})])
    browser.at.run()  # the live panel's rerun
    sent = canvas(browser.at)
    assert sent["viewer"]["revision"] == before + 1
    assert sent["viewer"]["acks"] == {"tab-1": 1}  # nothing done twice
    assert [s["text"] for s in sent["board"]["solutions"]] == ["Laser level", "Plugs",
                                                               "Drill guide"]
    assert len(store.load(engine, board_id).board.solutions) == 3


@pytest.mark.parametrize("page,mode", [("pages/present.py", "present"),
                                       ("pages/report.py", "read")])
def test_present_and_report_show_the_same_canvas_read_only(engine, page, mode):
    board_id = store.create(engine, shelf())
    on_canvas = picture(open_canvas(board_id))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.switch_page(page)
    at.run()
    assert not at.exception
    sent = canvas(at)
    assert (sent["viewer"]["mode"], sent["viewer"]["can_edit"]) == (mode, False)
    assert picture(at) == on_canvas == ["Put up a shelf", "Hang a picture", "It hangs straight",
                                        "Uneven floor", "Laser level"]
