"""The boards page, as a user drives it: create, rename, duplicate, delete and undo, import."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import boardfile, store
from components.board.access import person_id
from components.board.model import Board
from components.examples import all_examples
from components.i18n import LANGUAGES
from components.progress.view import scope_options, views_in
from tests.canvas.test_page import sent
from tests.conftest import KEY, PROJECT_ROOT, participant
from tests.hostile import as_shown


def app(board_id: str | None = None, page: str = "pages/home.py", **link: str) -> AppTest:
    """Run the app on ``page`` with a board open by its link (``key=…`` or ``view=…``)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    if board_id:
        at.query_params["board"] = board_id
    for name, value in link.items():
        at.query_params[name] = value
    at.switch_page(page)
    return at.run()


def opened_as(engine, at: AppTest) -> str:
    """The role the link in the page's address grants (the store checks its key)."""
    link = {name: at.query_params[name] for name in ("board", "key", "view")
            if name in at.query_params}
    return store.access(engine, store.NOBODY, **link).role


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_empty_start_invites_to_create_a_board(app_db):
    at = app()
    assert not at.exception
    assert "No boards in this browser yet" in " ".join(i.value for i in at.info)


def test_create_board_opens_it_and_lists_it(app_db):
    at = app()
    next(t for t in at.text_input if t.label == "Title").input("Shelf workshop")
    next(s for s in at.selectbox if s.label == "Board language").select("de")
    at = button(at, "Create board").click().run()
    assert not at.exception
    boards = store.list_boards(app_db)
    assert [(b.title, b.language) for b in boards] == [("Shelf workshop", "de")]
    assert at.query_params["board"] == boards[0].id
    # its creator facilitates it: the key is in the link, only its digest in the database
    assert opened_as(app_db, at) == store.FACILITATOR
    # the board speaks German now, opens on its canvas, and is one of this browser's boards,
    # as its facilitator's
    assert any("Board „Shelf workshop“ angelegt." in as_shown(s.value) for s in at.success)
    assert [title.value for title in at.title] == ["Bedürfnisse und Lösungen"]
    at = at.switch_page("pages/home.py").run()
    assert "**Shelf workshop**  \nals Moderation" in [m.value for m in at.markdown]


def test_empty_title_is_refused_with_a_message(app_db):
    at = app()
    at = button(at, "Create board").click().run()
    assert not at.exception
    assert any("title: must not be empty" in as_shown(e.value) for e in at.error)
    assert store.list_boards(app_db) == []


@pytest.mark.parametrize(("language", "content", "sentence"), [
    ("en", b"format: progress-canvas/1\ntitle: Caf\xe9\n",
     "The file was not imported, nothing changed. line 2, column 11: the file is not UTF-8 text"),
    ("de", "format: progress-canvas/1\ntitle: Café\n".encode("utf-16"),
     ("Die Datei wurde nicht importiert, nichts wurde geändert. Zeile 1, Spalte 1: die Datei "
      "ist kein UTF-8-Text")),
    ("sv", b"format: progress-canvas/1\ntitle: x\ntitle: y\n",
     ("Filen importerades inte, inget ändrades. rad 3, kolumn 1: nyckeln ”title” "
      "förekommer två gånger")),
])
def test_an_upload_that_is_not_a_board_file_is_refused_in_the_viewers_language(
        app_db, language, content, sentence):
    at = app()
    at.selectbox(key="pc_language_select").set_value(language).run()
    at.file_uploader[0].set_value(("board.yaml", content, "application/yaml"))
    at.run()
    at = button(at, {"en": "Import as a new board", "de": "Als neues Board importieren",
                     "sv": "Importera som ny tavla"}[language]).click().run()
    assert not at.exception
    assert sentence in [as_shown(e.value) for e in at.error]
    assert store.list_boards(app_db) == []


def test_rename_duplicate_delete_and_undo(app_db):
    board_id = store.create(app_db, Board(title="Old"), key=KEY)
    at = app(board_id, key=KEY)
    next(t for t in at.text_input if t.label == "Rename").input("New <b>name</b>")
    at = button(at, "Save title").click().run()
    assert store.load(app_db, board_id).board.title == "New <b>name</b>"
    at = button(at, "Duplicate").click().run()
    titles = sorted(b.title for b in store.list_boards(app_db))
    assert titles == ["Copy of New <b>name</b>", "New <b>name</b>"]
    copy = next(b.id for b in store.list_boards(app_db) if b.id != board_id)
    assert at.query_params["board"] == copy  # the copy opens, as its facilitator's
    assert opened_as(app_db, at) == store.FACILITATOR
    at = app(board_id, key=KEY)
    at = button(at, "Delete").click().run()
    assert not at.exception
    assert board_id not in {b.id for b in store.list_boards(app_db)}
    assert any("You can restore it for 30 days" in w.value for w in at.warning)
    at = button(at, "Undo delete").click().run()
    assert board_id in {b.id for b in store.list_boards(app_db)}


def test_unknown_board_link_says_so(app_db):
    at = app("no-such-board")
    assert not at.exception
    assert any("does not exist" in e.value for e in at.error)


def test_example_becomes_a_board(app_db):
    at = app()
    examples = [b for b in at.button if b.label == "Use this example"]
    assert examples, "the home page offers worked examples"
    at = examples[0].click().run()
    assert not at.exception
    assert len(store.list_boards(app_db)) == 1


PAGES = ["pages/home.py", "pages/canvas.py", "pages/progress.py", "pages/funnel.py",
         "pages/present.py"]
#: The heading each page starts with (the present page names the board and the tool).
HEADINGS = {"pages/home.py": "app.name", "pages/canvas.py": "nav.canvas",
            "pages/progress.py": "progress.title", "pages/funnel.py": "nav.funnel"}


def shown(at: AppTest) -> str:
    """Every text the page shows, as the reader sees it (Markdown escapes and HTML entities
    undone): headings, Markdown, captions, messages, HTML blocks, tables, choices, and the
    texts the interactive canvas draws from the data the page sends it."""
    parts = [element.value for kind in ("title", "markdown", "caption", "info", "warning",
                                        "success", "subheader", "header")
             for element in getattr(at, kind)]
    parts += [html.unescape(element.value) for element in at.html]
    parts += [frame.value.to_string() for frame in at.dataframe]
    parts += [str(option) for box in at.selectbox for option in box.options]
    parts += [text for element in at.get("bidi_component")
              if element.proto.component_name == "progress_canvas.canvas"
              for text in canvas_texts(sent(element))]
    return as_shown("\n".join(parts))


def canvas_texts(sent: dict) -> list[str]:
    """The cards' texts of the canvas, or the sentence its script shows without a job
    (``draw.js``: the editor's invitation, or the plain one)."""
    board, viewer = sent["board"], sent["viewer"]
    jobs = [job for group in board["groups"] for job in group["jobs"]]
    parts = [part for job in jobs for name in ("outcomes", "obstacles", "consequences")
             for part in job[name]]
    texts = [item["text"] for item in (*jobs, *parts, *board["solutions"])]
    if not jobs:
        empty = "empty_needs_edit" if viewer.get("can_edit") else "empty_needs"
        texts.append(board["text"][f"canvas.ui.{empty}"])
    return texts


def check_page_frame(at: AppTest, page: str, board: Board, language: str) -> str:
    """What every page shows: its heading in the viewer's language, and the workshop bar
    that app.py draws after the page (so the page ran through app.py's navigation, as on a
    server; see shell.keep_apptest_in_navigation_mode), with who is here except on the
    projector.  Returns all the page shows."""
    assert not at.exception, at.exception
    text = shown(at)
    if page == "pages/present.py":
        assert f"# {board.title} · {i18n.t(language, 'present.step.canvas')}" in text
    else:
        assert [title.value for title in at.title] == [i18n.t(language, HEADINGS[page])]
    assert any('data-testid="pc-workshop-bar"' in html.value for html in at.html)
    assert (i18n.t(language, "workshop.here_now") in text) == (page != "pages/present.py")
    return text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_board(app_db, language, page):
    board = Board(title="Empty", language=language)
    text = check_page_frame(app(store.create(app_db, board), page), page, board, language)
    empty = {"pages/home.py": "### Empty", "pages/canvas.py": "canvas.ui.empty_needs_edit",
             "pages/progress.py": "progress.metrics.none",
             "pages/funnel.py": "funnel.scenario.none_yet",
             "pages/present.py": "canvas.ui.empty_needs"}[page]
    assert (empty if empty.startswith("#") else i18n.t(language, empty)) in text


@pytest.mark.parametrize("example", all_examples(), ids=lambda e: f"{e.key}.{e.language}")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_every_example(app_db, example, page):
    board = example.board()
    at = app(store.create(app_db, board), page)
    text = check_page_frame(at, page, board, board.language)
    assert not at.error, [e.value for e in at.error]
    if page == "pages/home.py":
        assert f"### {board.title}" in text
    elif page in ("pages/canvas.py", "pages/present.py"):  # the canvas holds every job
        assert all(job.text in text for job in board.needs)
    elif page == "pages/progress.py":  # the metrics of the scope it opens with
        scope = scope_options(board)[0]
        assert all(view.metric.name in text for view in views_in(board, scope))
    elif board.scenarios:  # the funnel: each saved scenario can be picked
        assert all(scenario.name in text for scenario in board.scenarios)


def test_export_gives_the_board_file(app_db):
    board = Board(title="Exported")
    board_id = store.create(app_db, board)
    at = app(board_id)
    assert not at.exception
    assert boardfile.load(boardfile.dump(store.load(app_db, board_id).board)) == board


def test_roles_by_link(app_db):
    """The facilitator sees all three links and the controls; others do not."""
    board_id = store.create(app_db, Board(title="Workshop"), key=KEY)
    secrets_ = store.workshop(app_db, board_id)
    facilitator = app(board_id, key=KEY)
    links = [code.value for code in facilitator.code]  # each with its copy button
    assert links == [f"/?board={board_id}", f"/?board={board_id}&key={KEY}",
                     f"/?view={secrets_.observer_id}"]
    assert {"**Participant link**", "**Facilitator link (keep it to yourself)**",
            "**Read-only link**"} <= {m.value.replace("\\", "") for m in facilitator.markdown}
    assert any(b.label == "Lock the board" for b in facilitator.button)

    participant = app(board_id)
    assert [code.value for code in participant.code] == [f"/?board={board_id}"]
    assert not any(b.label in ("Lock the board", "Delete") for b in participant.button)

    observer = app(view=secrets_.observer_id)
    assert not observer.exception
    assert any("read-only" in i.value for i in observer.info)
    assert not observer.code
    assert observer.title[0].value == "Progress Canvas"


def test_facilitator_locks_the_board(app_db):
    board_id = store.create(app_db, Board(title="Workshop"), key=KEY)
    at = app(board_id, key=KEY)
    at = button(at, "Lock the board").click().run()
    assert store.workshop(app_db, board_id).locked
    with pytest.raises(store.Forbidden):
        store.apply(app_db, participant(app_db, board_id),
                    [store.Add("solutions", {"text": "late idea"})])


def this_browser(at: AppTest, name: str = "") -> store.Person:
    """The person this AppTest session is (its participant id, as the page found it)."""
    return store.Person(person_id(at.session_state["pc_memory"]["progress-canvas:me"]["id"]),
                        name)


def test_history_shows_who_changed_what_and_undoes_my_last_change(app_db):
    board_id = store.create(app_db, Board(title="Shelf"), store.Person("ann-browser", "Ann"),
                            key=KEY)
    at = app(board_id, key=KEY)
    me = store.access(app_db, this_browser(at, "Bob"), board=board_id)
    store.apply(app_db, me, [store.Add("solutions", {"text": "Laser level"})])
    at = at.run()
    timeline = next(df.value for df in at.dataframe if "Who" in df.value.columns)
    assert list(timeline["Who"])[:2] == ["Bob", "Ann"]
    assert next(iter(timeline["Item"])) == "Laser level"
    at = button(at, "Undo my last change (revision 2)").click().run()
    assert not at.exception
    assert store.load(app_db, board_id).board.solutions == ()


def test_typing_someone_elses_name_does_not_offer_their_undo(app_db):
    board_id = store.create(app_db, Board(title="Shelf"))
    store.apply(app_db, participant(app_db, board_id, "Bob"),
                [store.Add("solutions", {"text": "Laser level"})])
    at = app(board_id)
    at.text_input(key="pc_author").input("Bob").run()
    assert not any(b.label.startswith("Undo my last change") for b in at.button)


def test_unreachable_database_gives_a_clear_message_not_a_traceback(monkeypatch):
    from tests.postgres import free_port

    monkeypatch.setenv("PROGRESS_CANVAS_DB",
                       f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    at = app_waiting_once(monkeypatch)
    assert not at.exception
    assert any("Cannot reach the database, retrying" in as_shown(w.value) for w in at.warning)
    assert any("what you typed stays on this page" in c.value for c in at.caption)


def app_waiting_once(monkeypatch, *args, **query) -> AppTest:
    """The page as it stands while it waits for the database: its first wait ends the run
    (on a server the run waits on, with the page as it was, until the database answers)."""
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    from components.widgets import shell

    def stop() -> None:
        raise StopException()

    monkeypatch.setattr(shell, "_pause", stop)
    return app(*args, **query)


def test_dot_vote_results_on_the_boards_page(app_db):
    board_id = store.create(app_db, Board(title="Vote", solutions=[
        {"id": "s1", "text": "Laser level"}, {"id": "s2", "text": "Wall plugs"}]), key=KEY)
    at = app(board_id, key=KEY)
    at = button(at, "Open a dot vote").click().run()
    assert store.workshop(app_db, board_id).vote_dots == 3
    ann = participant(app_db, board_id, "Ann")
    store.apply(app_db, ann, [store.Add("votes", {"voter": "Ben", "target": "s2"})])
    at = at.run()
    assert not at.exception
    assert [(v.voter, v.target) for v in store.load(app_db, board_id).board.votes] == [
        (ann.person.id, "s2")]  # the voter is Ann's browser, whatever the page sent
    results = next(df.value for df in at.dataframe if "Dots" in df.value.columns)
    assert (results.iloc[0]["Item"], results.iloc[0]["Dots"]) == ("Wall plugs", 1)
    assert any(b.label == "Close the dot vote" for b in at.button)


def test_presentation_steps_through_the_tools(app_db):
    board = next(e for e in all_examples() if (e.key, e.language) == ("electronics-funnel", "en"))
    board_id = store.create(app_db, board.board())
    at = app(board_id, "pages/present.py")
    assert not at.exception
    assert at.markdown[0].value.endswith("Needs vs solutions")
    assert "Step 2 of 4" in " ".join(c.value for c in at.caption)
    assert not button(at, "Previous").disabled
    at = button(at, "Next").click().run()
    at = button(at, "Next").click().run()
    assert at.markdown[0].value.endswith("Customer funnel")
    assert "Step 4 of 4" in " ".join(c.value for c in at.caption)
    assert button(at, "Next").disabled  # at the end, at once
    assert any("7,890 suspects" in html.unescape(h.value) for h in at.html)
    assert any("Suspect: everyone in the target group" in h.value for h in at.html)
    assert not [b for b in at.button if b.label in ("Save title", "Delete")]
    at = button(at, "Previous").click().run()
    at = button(at, "Previous").click().run()
    at = button(at, "Previous").click().run()
    assert at.markdown[0].value.endswith("Join") and button(at, "Previous").disabled
    assert any(f"/?board={board_id}" in h.value and "data:image/png" in h.value
               for h in at.html)  # the QR code and the link


def test_an_observers_join_slide_shows_their_read_only_link_not_the_participant_link(app_db):
    board_id = store.create(app_db, Board(title="Shelf"))
    view = store.workshop(app_db, board_id).observer_id
    at = app(None, "pages/present.py", view=view, step="join")
    assert not at.exception
    [slide] = [h.value for h in at.html if 'data-testid="pc-join"' in h.value]
    assert f"/?view={view}" in slide and "to watch (read-only)" in slide
    assert board_id not in slide


def test_renaming_after_someone_else_renamed_is_reported_not_overwritten(app_db):
    board_id = store.create(app_db, Board(title="Shelf"), key=KEY)
    at = app(board_id, key=KEY)
    store.apply(app_db, participant(app_db, board_id, "Kim"),
                [store.Meta({"title": "Kim's title"}, 1)])
    at = at.run()  # the live panel reruns the page: the open form keeps its base
    next(t for t in at.text_input if t.label == "Rename").input("My title")
    at = button(at, "Save title").click().run()
    assert any("Changed by" in e.value for e in at.error)
    assert store.load(app_db, board_id).board.title == "Kim's title"
