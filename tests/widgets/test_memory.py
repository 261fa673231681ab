"""The browser's memory as the session takes it in (``components/widgets/memory.py``): the
newer entry wins, a facilitator's link is never lost to a weaker one, and whatever else is
in local storage (edited by hand, broken) is answered, never trusted."""

from __future__ import annotations

from components.widgets.memory import BOARD, ME, merged

SECRET, OTHER = "s" * 24, "b" * 24
FACILITATOR = {"board": "Ab3", "key": "k9"}


def session(**boards: dict) -> dict:
    return {ME: {"at": 0, "id": SECRET, "name": ""},
            **{f"{BOARD}{board_id}": entry for board_id, entry in boards.items()}}


def test_what_the_browser_knew_before_wins_over_a_new_sessions_first_guess():
    reported = {ME: {"at": 5, "id": OTHER, "name": "Ann"},
                f"{BOARD}Ab3": {"at": 4, "link": FACILITATOR}}
    taken = merged(session(), reported)
    assert taken[ME] == {"at": 5, "id": OTHER, "name": "Ann"}
    assert taken[f"{BOARD}Ab3"] == {"at": 4, "link": FACILITATOR}


def test_the_sessions_newer_name_stays():
    mine = {**session(), ME: {"at": 9, "id": SECRET, "name": "Ann Lee"}}
    assert merged(mine, {ME: {"at": 5, "id": SECRET, "name": "Ann"}})[ME]["name"] == "Ann Lee"


def test_a_facilitators_link_is_kept_over_the_participant_link_opened_later():
    mine = session(Ab3={"at": 9, "link": {"board": "Ab3"}})
    taken = merged(mine, {f"{BOARD}Ab3": {"at": 4, "link": FACILITATOR}})
    assert taken[f"{BOARD}Ab3"]["link"] == FACILITATOR
    assert taken[f"{BOARD}Ab3"]["at"] > 9  # newer, so the browser keeps it as it is


def test_entries_that_are_not_this_apps_are_answered_with_newer_empty_ones():
    reported = {
        ME: {"at": 3, "id": "short", "name": "Ann"},  # not a participant id
        f"{BOARD}Ab3": {"at": 2, "link": {"board": "Other"}},  # another board's link
        f"{BOARD}Cd4": {"at": 2, "link": {"board": "Cd4", "role": "facilitator"}},
        f"{BOARD}Ef5": {"at": -1},  # what the component reports for broken JSON
        "someone-elses-key": {"at": 1, "x": 1},
    }
    taken = merged(session(), reported)
    assert taken[ME]["id"] == SECRET and taken[ME]["at"] == 4
    for board_id in ("Ab3", "Cd4"):
        assert taken[f"{BOARD}{board_id}"] == {"at": 3, "link": None}
    assert taken[f"{BOARD}Ef5"] == {"at": 0, "link": None}
    assert "someone-elses-key" not in taken


def test_a_name_is_taken_cleaned_and_written_back_so():
    taken = merged(session(), {ME: {"at": 5, "id": OTHER, "name": "  Ann \n  Lee " + "x" * 300}})
    assert taken[ME]["name"] == ("Ann Lee " + "x" * 300)[:200]
    assert taken[ME]["at"] == 6


def test_nothing_reported_changes_nothing():
    assert merged(session(), None) == session()
    assert merged(session(), {ME: session()[ME]}) == session()
