"""User text is text everywhere: the one escaper, and every page holding hostile texts.

``escape_markdown`` is checked on its own (every character it must neutralise), then every
page is drawn (AppTest) with a board whose every text, and the viewer's and other people's
names, look like links, images, HTML, shortcodes and LaTeX (``tests/hostile.py``).  Each
string the page sends the browser is checked by how Streamlit shows it:

- where Streamlit renders Markdown (``st.markdown``, captions, alerts, headers, metrics, the
  labels and help of every widget, tabs, expanders, buttons, radio and pill options), a
  hostile text must arrive escaped: none of its addresses or shortcodes as written;
- where it shows plain text (select box options, text fields, tables, charts), it must
  arrive as typed: no backslash of an escape;
- HTML (``st.html``) must hold it as entities.

The canvas element gets its texts as data and draws them as text itself; the browser tests
(``tests/browser/test_user_text_in_browser.py``) check what a browser makes of all of it.
"""

from __future__ import annotations

import re
import string

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import store
from components.board.operations import Update
from components.progress.view import scope_options
from components.widgets import state
from components.widgets.canvas.panels import SECTION_KEY, SECTIONS
from components.widgets.funnel.inputs import FORM_KEY, MORE_KEY, delete_key
from components.widgets.funnel.stage_table import EDITING_KEY
from components.widgets.progress.forms import DESIRED_KEY, EDITOR_KEY, SCOPE_KEY, WORTH_KEY
from components.widgets.shell import WORD_JOINER, escape_markdown
from components.widgets.tabs import widget_key
from tests.conftest import KEY, PROJECT_ROOT, facilitator, named, participant
from tests.hostile import HOST, HOSTILE, HOSTILE_NAME, as_shown, hostile_board, text

CORPUS = [
    HOSTILE, HOSTILE_NAME, ":material/home: alone", ":smile::+1::tada:", ":streamlit:",
    "$x$ and $$\\frac{1}{2}$$ and \\(x\\)", "&lt; &amp; &#58; &nbsp;", "<b>b</b> <img src=x>",
    "[x](http://evil.test) ![](http://evil.test/i.png) <http://evil.test/a>",
    "https://evil.test/a_b WWW.EVIL.TEST mailto:x@evil.test _www.evil.test",
    "**b** __u__ *i* _i_ ~~s~~ `c` ```f```", ":red[r] :blue-background[b] :small[s]",
    "# h\n## h\n- item\n1. one\n2) two\n> quote\n---\n===", "| a | b |\n|---|---|",
    "    indented code\n\tand a tab", "a\\b \\* \\\\", "[x]: http://evil.test/ref\n\n[x]",
    "Grüße 👩‍👩‍👧 שלום", "", "just text",
]


# --- the escaper ---------------------------------------------------------------------------

@pytest.mark.parametrize("original", CORPUS)
def test_the_escaper_keeps_every_character_and_leaves_markdown_nothing_to_read(original):
    escaped = escape_markdown(original)
    # a browser shows the text as typed (indentation as no-break spaces)
    indented = re.sub(r"^[ \t]+", lambda found: "\u00a0" * len(found.group()), original,
                      flags=re.MULTILINE)
    assert as_shown(escaped) == indented
    # every ASCII punctuation character is escaped, so no Markdown or shortcode syntax is left
    index = 0
    while index < len(escaped):
        if escaped[index] == "\\":
            assert escaped[index + 1] in string.punctuation, (escaped, index)
            index += 2
            continue
        assert escaped[index] not in string.punctuation, (escaped, index)
        index += 1
    # what Streamlit finds in the parsed text itself (addresses, :streamlit:) is split; a
    # mark with a space or nothing after it opens nothing and stays as typed ("field: text")
    plain = escaped.replace("\\", "")
    for mark in (":", "@"):
        assert all(plain[i + 1] == WORD_JOINER for i, char in enumerate(plain[:-1])
                   if char == mark and not plain[i + 1].isspace())
    assert "www." not in plain.lower()
    assert not any(line.startswith((" ", "\t")) for line in escaped.split("\n"))


# --- every page ----------------------------------------------------------------------------

#: The fields Streamlit renders as Markdown, by element (besides every ``label`` and
#: ``help``, which are Markdown everywhere), as found in its 1.67 frontend.
MARKDOWN = {("Markdown", "body"), ("Alert", "body"), ("Heading", "body"), ("Toast", "body"),
            ("Metric", "body"), ("Metric", "delta"), ("Radio", "options"),
            ("Radio", "captions"), ("ButtonGroup", "content"), ("Slider", "options"),
            ("ImageList", "caption"), ("Progress", "text")}
#: Elements that draw their text themselves: the canvas (as text, see the browser tests)
#: and the Markdown summary offered for copying (Markdown source, on purpose).
OWN_DRAWING = {"BidiComponent", "Code"}


def violations(at: AppTest) -> list[str]:
    """Every place the page sends a hostile text in a form the browser would not show as
    typed: unescaped into Markdown, escaped into plain text, raw into HTML."""
    found = [f"exception: {e.value}" for e in at.exception]
    for root in at._tree.children.values():
        for node in _walk(root):
            proto = getattr(node, "proto", None)
            if proto is None:
                continue
            kind = type(proto).__name__
            if kind in OWN_DRAWING:
                continue
            for path, value in _strings(proto):
                if HOST not in value.replace("\\", ""):
                    continue
                field = path.rsplit(".", 1)[-1]
                if field in ("label", "help") or (kind, field) in MARKDOWN:
                    if HOST in value or ":smile:" in value:
                        found.append(f"{kind}.{path} renders Markdown: {value[:80]!r}")
                elif kind == "Html":
                    if "<b>bold</b>" in value:
                        found.append(f"{kind}.{path} holds raw HTML: {value[:80]!r}")
                elif f"evil\\.{HOST.split('.')[1]}" in value:
                    found.append(f"{kind}.{path} shows escapes: {value[:80]!r}")
            if type(node).__name__ in ("Dataframe", "Table"):
                cells = node.value.to_string() + " ".join(map(str, node.value.columns))
                if "evil\\." in cells:
                    found.append(f"{type(node).__name__} shows escapes")
                if type(node).__name__ == "Table" and HOST in cells:
                    found.append("Table renders Markdown")
    return found


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _strings(message, path=""):
    for field, value in message.ListFields():
        name = f"{path}.{field.name}" if path else field.name
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry:
            for item in values:
                yield from _strings(item, name)
        elif field.type == field.TYPE_STRING:
            for item in values:
                yield name, item


@pytest.fixture
def hostile(app_db):
    """The hostile board, changed once by someone with a hostile name who is on it now."""
    board = hostile_board()
    board_id = store.create(app_db, board, store.Person("hostile-browser", HOSTILE_NAME), key=KEY)
    orphan = board.solutions[1].model_dump(mode="json", exclude={"id"})
    store.apply(app_db, facilitator(app_db, board_id, HOSTILE_NAME),
                [Update("s2", {**orphan, "text": text("orphan2")}, 1)])
    store.touch_presence(app_db, board_id, "someone", HOSTILE_NAME)
    return board_id, KEY


def page(board_id: str, path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.query_params["board"] = board_id
    for name, value in query.items():
        at.query_params[name] = value
    named(at, HOSTILE_NAME)
    at.switch_page(path)
    return at.run()


def checked(at: AppTest, where: str) -> AppTest:
    assert violations(at) == [], where
    return at


def test_home_page_shows_hostile_texts_as_text(hostile):
    board_id, key = hostile
    checked(page(board_id, "pages/home.py", key=key), "/")


def test_canvas_page_tabs_and_forms_show_hostile_texts_as_text(hostile):
    board_id, key = hostile
    at = checked(page(board_id, "pages/canvas.py", key=key), "/canvas")
    for kind in ("needs", "outcomes", "obstacles", "consequences", "solutions", "personas",
                 "links"):
        checked(at.button_group(key="pc_canvas_edit_kind").set_value(kind).run(), kind)
    for side, end in (("solution", "s1"), ("need", "o1")):  # a radio per link, labelled
        at.radio(key=state.key("canvas_link_side")).set_value(side).run()  # with its other end
        at.selectbox(key=state.key(f"canvas_link_pick_{side}")).set_value(end).run()
        assert [r for r in at.radio if HOST in r.label.replace("\\", "")], side
        checked(at, f"links from a {side}")
    for name in SECTIONS[1:]:
        at.session_state[widget_key(SECTION_KEY, "en")] = i18n.t("en", f"canvas.{name}.title")
        checked(at.run(), f"/canvas {name}")


def test_progress_page_in_every_scope_shows_hostile_texts_as_text(hostile, app_db):
    board_id, key = hostile
    at = page(board_id, "pages/progress.py", key=key)
    for scope in scope_options(store.load(app_db, board_id).board):
        at.selectbox(key=SCOPE_KEY).set_value(scope)
        at.session_state[EDITOR_KEY] = True
        at.session_state[DESIRED_KEY] = True
        at.session_state[WORTH_KEY] = True
        checked(at.run(), f"/progress {scope}")


def test_funnel_page_and_its_tabs_show_hostile_texts_as_text(hostile, app_db):
    board_id, key = hostile
    at = checked(page(board_id, "pages/funnel.py", key=key), "/funnel")  # inputs in short
    # the inputs form, its folded part, the stage editor and the download menus, opened
    scenarios = store.load(app_db, board_id).board.scenarios
    for opened in (FORM_KEY, MORE_KEY, EDITING_KEY, *(delete_key(s.id) for s in scenarios),
                   *(state.key("funnel_downloads", name) for name in ("funnel", "plan"))):
        at.session_state[opened] = True
    at = checked(at.run(), "/funnel with its forms open")
    assert {"Scenario name", "Plan starts (YYYY-MM)"} <= {field.label for field in at.text_input}
    assert at.data_editor and "Plan as CSV" in [b.label for b in at.get("download_button")]
    for name in ("pacing", "levers", "scenarios", "actuals", "forward"):
        at.session_state[widget_key(state.key("funnel_section"), "en")] = i18n.t(
            "en", f"funnel.tab.{name}")
        checked(at.run(), f"/funnel {name}")


def test_report_and_present_show_hostile_texts_as_text(hostile):
    board_id, key = hostile
    checked(page(board_id, "pages/report.py", key=key), "/report")
    for step in ("canvas", "progress", "funnel"):
        checked(page(board_id, "pages/present.py", step=step), f"/present {step}")


def test_changed_by_a_hostile_name_is_said_as_text(hostile, app_db):
    """The conflict message names who changed the record: their name is text (it once made
    the other person's browser fetch an image)."""
    board_id, key = hostile
    at = page(board_id, "pages/canvas.py", key=key)
    at.button_group(key="pc_canvas_edit_kind").set_value("solutions").run()
    loaded = store.load(app_db, board_id)
    record = loaded.board.solutions[0].model_dump(mode="json", exclude={"id"})
    store.apply(app_db, participant(app_db, board_id, HOSTILE_NAME),
                [Update("s1", {**record, "text": "Theirs"}, loaded.revision)])
    form_text = next(t for t in at.text_area if t.key.endswith("_text") and "edit_s1" in t.key)
    form_text.input("Mine")
    at = next(b for b in at.button if b.label == "Save").click().run()
    said = [as_shown(e.value) for e in at.error]
    assert any(f"Changed by {HOSTILE_NAME}" in sentence for sentence in said), said
    checked(at, "conflict")


def test_survey_errors_quote_the_file_as_text(hostile):
    board_id, key = hostile
    at = page(board_id, "pages/canvas.py", key=key)
    at.session_state[widget_key(SECTION_KEY, "en")] = i18n.t("en", "canvas.landscape.title")
    at.run()
    csv = f"respondent,outcome,importance,satisfaction\nr1,{HOSTILE},4,5\n"
    at.file_uploader(key=state.key("canvas_survey_file")).set_value(
        ("survey.csv", csv.encode(), "text/csv"))
    at.run()
    said = [as_shown(e.value) for e in at.error]
    assert any(HOSTILE[:60] in sentence for sentence in said), said
    checked(at, "survey error")
