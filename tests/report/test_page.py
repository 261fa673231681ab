"""The /report page as a facilitator uses it (Streamlit AppTest): every example in every
language, the section switches, empty tools, participants, escaping, the Markdown to copy."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.board import store
from components.board.model import Board, Job
from components.examples import all_examples
from components.i18n import LANGUAGES
from components.widgets.shell import escape_markdown
from components.widgets.state import LANGUAGE
from tests.conftest import PROJECT_ROOT, participant
from tests.hostile import as_shown

PAYLOAD = "<img src=x onerror=alert(1)>"


def app(board_id: str, language: str = "en") -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["board"] = board_id
    at.session_state[LANGUAGE] = language
    at.switch_page("pages/report.py")
    at.run()
    assert not at.exception, at.exception
    return at


def markdown_text(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def summary(at: AppTest) -> str:
    """The Markdown summary offered for copying (the one code block of the page)."""
    (block,) = at.code
    return block.value


def checkbox(at: AppTest, label: str):
    return next(box for box in at.checkbox if box.label == label)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("item", all_examples(), ids=lambda e: f"{e.key}.{e.language}")
def test_every_example_renders_in_every_language(app_db, item, language):
    board = item.board()
    at = app(store.create(app_db, board), language)
    assert [element.value for element in at.header] == [escape_markdown(board.title)]
    subheaders = [element.value for element in at.subheader]
    assert len(subheaders) == 7  # "Share" and the six sections
    assert len(at.checkbox) == 6 and all(box.value for box in at.checkbox)
    assert summary(at).count("\n## ") == 6
    charts = len(at.get("vega_lite_chart"))
    # the landscape (rated outcomes), the scores, the funnel with its pacing and comparison
    assert charts >= (1 if board.needs else 0) + (1 if board.metrics else 0) + (
        3 if len(board.scenarios) > 1 else 0)


def test_german_electronics_report_shows_the_pages_numbers(app_db):
    board = next(e for e in all_examples()
                 if e.key == "electronics-funnel" and e.language == "de").board()
    at = app(store.create(app_db, board), "de")
    text = as_shown(markdown_text(at))
    assert "88,3 von 100" in text and "7.890 Verdächtigen" in text
    assert "etwa 658 Verdächtige" in text
    copied = summary(at)
    assert "- **Passungswert Ergebnisse:** 88,3 von 100" in copied
    assert "aus 7.890 Verdächtigen." in copied
    tables = [frame.value for frame in at.dataframe]
    counts = next(frame for frame in tables if "Pro Monat" in frame.columns)
    assert list(counts.iloc[0]) == ["Verdächtiger (alle in der Zielgruppe)", "7.890", "658", "–"]


def test_switching_a_section_off_drops_it_from_page_and_summary(app_db):
    board = next(e for e in all_examples() if e.key == "shelf" and e.language == "en").board()
    at = app(store.create(app_db, board))
    checkbox(at, "Progress").uncheck()
    checkbox(at, "Discussion").uncheck()
    at.run()
    assert not at.exception
    subheaders = [element.value for element in at.subheader]
    assert "Progress" not in subheaders and "Discussion" not in subheaders
    assert "Needs vs solutions" in subheaders
    assert "## Progress" not in summary(at) and "## Needs vs solutions" in summary(at)
    for box in at.checkbox:
        box.uncheck()
    at.run()
    assert [element.value for element in at.info][-1].startswith("All sections are switched off")


def test_an_empty_board_reports_one_line_per_tool(app_db):
    at = app(store.create(app_db, Board(title="Blank")))
    captions = [element.value for element in at.caption]
    assert escape_markdown("Nothing on the canvas yet, so there are no needs or solutions to "
                           "report.") in captions
    assert escape_markdown("Nobody has voted yet.") in captions
    assert not at.get("vega_lite_chart") and not at.dataframe


def test_participants_are_the_authors_of_changes_and_who_is_here(app_db):
    board_id = store.create(app_db, Board(title="Team"), store.Person("zoe-browser", "Zoë"))
    store.apply(app_db, participant(app_db, board_id, "Ann"),
                [store.Add("needs", {"text": "Put up a shelf"})])
    store.touch_presence(app_db, board_id, "s-bo", "Bo")
    at = app(board_id)  # this viewer gave no name: a guest, not named in the report
    assert "**Participants:** Ann, Bo, Zoë  \n" in as_shown(markdown_text(at))
    assert "- **Participants:** Ann, Bo, Zoë\n" in summary(at)


def test_user_text_is_escaped_on_the_page(app_db):
    board = Board(title=PAYLOAD, description=PAYLOAD, needs=(Job(text=PAYLOAD),))
    at = app(store.create(app_db, board, store.Person("payload-browser", PAYLOAD)))
    text = markdown_text(at) + at.header[0].value
    assert "<img" not in text.replace("\\<img", "")
    assert "<img" not in summary(at).replace("\\<img", "")


def test_without_an_open_board_the_page_points_to_the_boards(app_db):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/report.py")
    at.run()
    assert not at.exception
    assert [element.value for element in at.info] == ["Open or create a board first."]


def test_the_summary_is_a_download_too_and_no_names_read_naturally(app_db):
    at = app(store.create(app_db, Board(title="Quiet")))
    assert "Summary (Markdown)" in [button.proto.label for button in at.get("download_button")]
    assert ("**Participants:** no names yet: nobody has put their name to a change"
            in markdown_text(at).replace("\\", ""))
    assert "- **Participants:** no names yet: nobody has put their name to a change" in (
        summary(at).replace("\\", ""))
