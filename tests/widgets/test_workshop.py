"""The workshop as the room sees it (AppTest): the bar on every page, the facilitator's menu,
votes where the items are, the lock, following the presentation, the first run.

The bar is one HTML block (``data-testid="pc-workshop-bar"``) drawn by the page's live
fragment; these tests read what it says.  The browser tests watch it change live.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import replace
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import store
from components.board.access import person_id
from components.board.model import Board
from components.board.store import Workshop
from components.examples import all_examples
from components.funnel.plan import DEFAULT_INPUTS, scenario_data
from components.widgets import state
from components.widgets.memory import ME
from components.widgets.workshop import (
    BUSY_CHECK_SECONDS,
    BUSY_SECONDS,
    CHECK_SECONDS,
    Tick,
    bar_html,
    next_tick,
    timer_left,
)
from tests.conftest import KEY, PROJECT_ROOT, facilitator, participant
from tests.hostile import as_shown

PAGES = {"canvas": "pages/canvas.py", "progress": "pages/progress.py",
         "funnel": "pages/funnel.py", "home": "pages/home.py", "report": "pages/report.py",
         "present": "pages/present.py"}


def example(key: str, language: str = "en") -> Board:
    return next(e for e in all_examples() if (e.key, e.language) == (key, language)).board()


def secret_of(name: str) -> str:
    """The participant id of ``name``'s own browser (the same one on every page they open)."""
    return f"browser-of-{name or 'nobody'}-0000"


def person(name: str) -> str:
    """The public id of ``name``'s browser: the voter of their dots."""
    return person_id(secret_of(name))


def open_page(page: str, board_id: str | None = None, name: str = "", language: str = "",
              browser: str | None = None, **link: str) -> AppTest:
    """Open ``page`` from ``name``'s browser (``browser``: someone else's, typing ``name``)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    if board_id:
        at.query_params["board"] = board_id
    for key, value in link.items():
        at.query_params[key] = value
    at.session_state[state.MEMORY] = {
        ME: {"at": 1, "id": secret_of(name if browser is None else browser), "name": name}}
    if language:
        at.session_state["pc_language"] = language
    at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, at.exception
    return at


def bar(at: AppTest) -> str:
    """What the workshop bar says, as text."""
    [drawn] = [h.value for h in at.html if 'data-testid="pc-workshop-bar"' in h.value]
    return html.unescape(drawn)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def bo(app_db, board_id: str) -> store.Access:
    """Bo, a participant, from the browser the pages above open as Bo's."""
    return participant(app_db, board_id, "Bo", person_id=person("Bo"))


@pytest.fixture
def running(app_db):
    """The shelf board with a 5-minute timer, a dot vote of 3, a silent brainstorm and the
    lock on, as the facilitator left it."""
    board_id = store.create(app_db, example("shelf"), key=KEY)
    lead = facilitator(app_db, board_id)
    store.start_timer(app_db, lead, 300)
    store.open_vote(app_db, lead, 3)
    store.set_silent(app_db, lead, True)
    return board_id


@pytest.mark.parametrize("page", ["canvas", "progress", "funnel", "home", "report"])
def test_a_participant_sees_the_timer_the_vote_and_the_silent_brainstorm_on_every_page(
        app_db, running, page):
    said = bar(open_page(page, running, name="Bo"))
    assert "04:5" in said or "05:00" in said
    assert "Dot vote open: you have 3 dots." in said
    assert "Silent brainstorm: your ideas stay hidden until the facilitator reveals them." in said
    assert "Board locked" not in said


def test_the_lock_shows_in_the_bar_and_the_dots_count_down(app_db, running):
    store.set_locked(app_db, facilitator(app_db, running), True)
    said = bar(open_page("canvas", running, name="Bo"))
    assert "Board locked by the facilitator: you can look, not change." in said
    assert "Dot vote open: the participants are voting." in said
    store.set_locked(app_db, facilitator(app_db, running), False)
    for target in ("m-tries", "m-confidence"):
        store.apply(app_db, bo(app_db, running), [store.Add("votes", {"target": target})])
    assert "Dot vote open: you have 1 dot." in bar(open_page("progress", running, name="Bo"))
    store.apply(app_db, bo(app_db, running), [store.Add("votes", {"target": "sol-laser"})])
    assert "you have placed all your dots" in bar(open_page("funnel", running, name="Bo"))


def test_the_bar_says_it_in_german_and_swedish(app_db, running):
    store.set_locked(app_db, facilitator(app_db, running), True)
    german = bar(open_page("canvas", running, name="Bo", language="de"))
    assert "Board von der Moderation gesperrt" in german
    assert "Stilles Brainstorming: deine Ideen bleiben verborgen" in german
    swedish = bar(open_page("canvas", running, name="Bo", language="sv"))
    assert "Tavlan är låst av facilitatorn" in swedish


def test_the_timer_turns_red_in_its_last_minute_and_time_up_goes_after_a_while():
    context = SimpleNamespace(t=lambda key, **params: i18n.t("en", key, **params),
                              is_facilitator=False)
    now = dt.datetime.now(dt.UTC)

    def at(seconds: float) -> str:
        status = Workshop(1, False, now + dt.timedelta(seconds=seconds), "")
        return bar_html(context, status, [], presenting=True)

    assert 'class="pc-timer"' in at(125) and ">02:05<" in at(125)
    assert 'class="pc-timer pc-timer-last"' in at(42) and ">00:42<" in at(42)
    assert "Time is up!" in at(-5) and 'data-testid="pc-timer"' not in at(-5)
    assert "Time is up!" not in at(-120)  # gone after a short while
    assert timer_left(Workshop(1, False, now - dt.timedelta(seconds=1), "")) is None
    assert timer_left(Workshop(1, False, None, "")) is None


def test_the_menu_offers_stop_only_while_a_timer_runs(app_db):
    board_id = store.create(app_db, example("shelf"), key=KEY)
    at = open_page("canvas", board_id, key=KEY)
    labels = {b.label for b in at.button}
    assert {"Start timer", "Start a silent brainstorm", "Open a dot vote",
            "Lock the board"} <= labels
    assert not {"Stop timer", "Reveal all ideas", "Close the dot vote"} & labels
    at = button(at, "Start timer").click().run()
    assert store.workshop(app_db, board_id).timer_ends_at is not None
    labels = {b.label for b in at.button}
    assert "Stop timer" in labels and "Start timer" not in labels
    assert any("Timer started: 5 minutes." in as_shown(s.value) for s in at.success)
    store.start_timer(app_db, facilitator(app_db, board_id), 1)
    ended = store.workshop(app_db, board_id).timer_ends_at
    while dt.datetime.now(dt.UTC) <= ended:  # the one-second timer runs out
        pass
    at = open_page("canvas", board_id, key=KEY)
    assert "Stop timer" not in {b.label for b in at.button}
    assert "Time is up!" in bar(at)


def test_the_menu_is_the_facilitators_alone(app_db, running):
    for at in (open_page("canvas", running, name="Bo"),
               open_page("canvas", view=store.workshop(app_db, running).observer_id)):
        assert not {"Start timer", "Stop timer", "Lock the board", "Reveal all ideas",
                    "Close the dot vote"} & {b.label for b in at.button}


def test_a_participant_votes_for_metrics_and_scenarios_where_they_are(app_db, running):
    lead = facilitator(app_db, running)
    store.set_silent(app_db, lead, False)
    store.apply(app_db, lead, [store.Add("scenarios", {
        **scenario_data(replace(DEFAULT_INPUTS, name="Plan A")), "id": "sc-plan"})])
    at = open_page("progress", running, name="Bo")
    at = button(at, "Dot").click().run()  # the first metric's
    assert not at.exception
    at = open_page("funnel", running, name="Bo")
    assert "Dot vote: put your dots on the scenarios you would pursue" in " ".join(
        m.value for m in at.markdown)
    at = button(at, "Dot").click().run()
    votes = store.load(app_db, running).board.votes
    assert sorted((v.voter, v.target) for v in votes) == [(person("Bo"), "m-tries"),
                                                          (person("Bo"), "sc-plan")]
    assert "you have 1 dot" in bar(at)
    at = button(at, "−").click().run()  # takes the scenario's dot back
    assert [v.target for v in store.load(app_db, running).board.votes] == ["m-tries"]


def test_dots_are_the_browsers_not_the_names(app_db, running):
    for target in ("m-tries", "m-confidence", "sol-laser"):
        store.apply(app_db, bo(app_db, running), [store.Add("votes", {"target": target})])
    assert "you have placed all your dots" in bar(open_page("progress", running, name="Bo"))
    # someone else typing "Bo" keeps their own three dots, and a browser without a name votes
    for at in (open_page("progress", running, name="Bo", browser="Cy"),
               open_page("progress", running)):
        assert "Dot vote open: you have 3 dots." in bar(at)
        assert not all(b.disabled for b in at.button if b.label == "Dot")
    at = button(open_page("progress", running), "Dot").click().run()
    assert not at.exception
    assert [v.voter for v in store.load(app_db, running).board.votes].count(person("")) == 1


def test_an_observer_places_no_dot(app_db, running):
    at = open_page("progress", view=store.workshop(app_db, running).observer_id)
    assert "Dot vote open: the participants are voting." in bar(at)
    assert all(b.disabled for b in at.button if b.label == "Dot")


def test_a_locked_board_offers_no_edit_controls_to_a_participant(app_db, running):
    store.set_locked(app_db, facilitator(app_db, running), True)
    canvas = open_page("canvas", running, name="Bo")
    sent = json.loads(canvas.get("bidi_component")[0].proto.json)["viewer"]
    assert sent["can_edit"] is False and sent["vote"] is None  # no "+", handles nor dots
    assert "Edit the canvas" not in [tab.label for tab in canvas.tabs]
    progress = open_page("progress", running, name="Bo")
    assert "Add or edit a progress metric" not in [e.label for e in progress.expander]
    assert all(b.disabled for b in progress.button if b.label == "Dot")
    funnel = open_page("funnel", running, name="Bo")
    saves = [b for b in funnel.button if b.label in (
        "Save as scenario", "Save scenario", "Save as new scenario", "Save stage table")]
    assert saves and all(b.disabled for b in saves)
    assert "Edit stage table" not in [b.label for b in funnel.button]
    assert any("saving is off" in c.value for c in funnel.caption)
    # the facilitator still edits
    mine = open_page("progress", running, name="Fa", key=KEY)
    assert "Add or edit a progress metric" in [e.label for e in mine.expander]


def test_the_facilitator_lets_participants_follow_the_presentation(app_db, running):
    at = open_page("present", running, key=KEY, step="progress")
    at.toggle(key="pc_present_share").set_value(True).run()
    assert store.workshop(app_db, running).presented == "progress"
    at = button(at, "Next").click().run()
    assert store.workshop(app_db, running).presented == "funnel"

    follower = open_page("present", running, name="Bo", step="canvas")
    assert follower.markdown[0].value.endswith("Customer funnel")  # the facilitator's step
    assert button(follower, "Previous").disabled and button(follower, "Next").disabled
    assert "Following the facilitator" in " ".join(c.value for c in follower.caption)
    elsewhere = open_page("canvas", running, name="Bo")
    assert "The facilitator presents: Customer funnel" in bar(elsewhere)
    assert [link.label for link in elsewhere.get("page_link")
            if link.proto.label == "Follow the presentation"]

    at = open_page("canvas", running, key=KEY)
    at = button(at, "Participants stop following").click().run()
    assert store.workshop(app_db, running).presented is None


def test_a_participant_cannot_make_others_follow(app_db, running):
    with pytest.raises(store.Forbidden):
        store.present_step(app_db, bo(app_db, running), "canvas")
    with pytest.raises(store.StoreError):
        store.present_step(app_db, facilitator(app_db, running), "no such step!")
    assert store.workshop(app_db, running).presented is None


def test_the_projector_shows_no_presence_and_no_menu(app_db, running):
    at = open_page("present", running, key=KEY)
    said = bar(at)
    assert "04:5" in said or "05:00" in said  # the timer, for the room
    assert "On this board now" not in said and "Dot vote" not in said
    assert "Start timer" not in {b.label for b in at.button}


@pytest.mark.parametrize("start", ["create", "example"])
def test_a_new_board_opens_on_its_canvas(app_db, start):
    at = open_page("home")
    if start == "create":
        next(t for t in at.text_input if t.label == "Title").input("Shelf workshop")
        at = button(at, "Create board").click().run()
    else:
        at = next(b for b in at.button if b.label == "Use this example").click().run()
    assert not at.exception
    assert [title.value for title in at.title] == ["Needs vs solutions"]
    [board] = store.list_boards(app_db)
    assert at.query_params["board"] == board.id
    link = {name: at.query_params[name] for name in ("board", "key")}
    assert store.access(app_db, store.NOBODY, **link).role == store.FACILITATOR


def test_examples_come_in_the_viewers_language_and_the_english_ones_say_so(app_db):
    at = open_page("home", language="de")
    shown = " ".join(m.value for m in at.markdown)
    assert "**Ein Regal aufhängen**" in shown.replace("\\", "")  # shelf.de.yaml
    english_only = [m for m in at.markdown if "nur auf Englisch" in m.value]
    translated = {e.key for e in all_examples() if e.language == "de"}
    assert len(english_only) == len({e.key for e in all_examples()} - translated)


def test_the_bar_ticks_faster_while_the_board_is_worked_on():
    first = next_tick(None, "b", 3, now=10.0)
    assert not first.busy  # a page just opened: nothing seen change yet
    changed = next_tick(first, "b", 4, now=12.0)
    assert changed.busy and changed.busy_until == 12.0 + BUSY_SECONDS
    assert next_tick(changed, "b", 4, now=20.0).busy  # still busy between changes
    assert next_tick(changed, "b", 5, now=40.0).busy_until == 40.0 + BUSY_SECONDS
    assert not next_tick(changed, "b", 4, now=12.0 + BUSY_SECONDS).busy  # quiet again
    assert not next_tick(changed, "other", 9, now=13.0).busy  # another board starts quiet
    assert BUSY_CHECK_SECONDS < CHECK_SECONDS


def test_a_page_run_after_a_change_draws_the_fast_ticking_bar(app_db):
    board_id = store.create(app_db, Board(title="Busy"))
    at = open_page("canvas", board_id, name="Bo")
    assert at.session_state[state.LIVE] == Tick(board_id, store.load(app_db, board_id).revision)
    store.apply(app_db, participant(app_db, board_id, "Kim"),
                [store.Add("needs", {"id": "j1", "text": "A job"})])
    at.run()
    tick = at.session_state[state.LIVE]
    assert tick.busy and tick.revision == store.load(app_db, board_id).revision
