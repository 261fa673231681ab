"""User text is text in a real browser: every page of a board whose every text, and every
name, looks like links, images, HTML, Streamlit shortcodes and LaTeX (``tests/hostile.py``).

On each page (and each tab and editing form) no link or image points at the texts'
addresses, no formula, icon or emoji is drawn from them, no backslash of an escape is
visible, the texts read as typed, and the browser never asks for anything on ``evil.test``
(every request is recorded).  The conflict message names someone with a hostile name, the
links tab labels its radio buttons with hostile texts, and a survey file quoting one is
refused with it: all as text.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from components.board import store
from components.board.operations import Update
from components.widgets.shell import WORD_JOINER
from tests.browser.conftest import open_page, wait_idle
from tests.browser.test_live_workshop import joined
from tests.conftest import KEY, facilitator, participant
from tests.hostile import HOST, HOSTILE, HOSTILE_NAME, RENDERED, hostile_board, text

#: The visible text of the page, without what is Markdown source on purpose (the report's
#: summary offered for copying) and what is not shown (styles, scripts).
VISIBLE_TEXT = """() => {
  const skipped = '[data-testid="stCode"], style, script, noscript, title';
  const parts = [];
  const visit = (root) => {  // the canvas element draws into a shadow root of its own
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.shadowRoot) visit(node.shadowRoot);
        continue;
      }
      if (!(node.parentElement && node.parentElement.closest(skipped))) parts.push(node.data);
    }
  };
  visit(document.body);
  return parts.join(" ");
}"""


@pytest.fixture
def hostile(app_server):
    engine = store.connect(app_server.database_url)
    board = hostile_board()
    board_id = store.create(engine, board, store.Person("hostile-browser", HOSTILE_NAME), key=KEY)
    orphan = board.solutions[1].model_dump(mode="json", exclude={"id"})
    store.apply(engine, facilitator(engine, board_id, HOSTILE_NAME),
                [Update("s2", {**orphan, "text": text("orphan2")}, 1)])
    yield engine, board_id, KEY
    engine.dispose()


def watched(browser, url: str, name: str):
    """A browser that typed ``name`` into the sidebar, with every request to the texts'
    host recorded (and refused)."""
    context, page = joined(browser, url, name)
    asked: list[str] = []
    context.route(f"**/*{HOST}*", lambda route: (asked.append(route.request.url),
                                                 route.abort()))
    page.on("request", lambda request: HOST in request.url and asked.append(request.url))
    page.set_viewport_size({"width": 1440, "height": 900})
    return context, page, asked


def literal(page, where: str, shown: str = HOSTILE) -> None:
    """Nothing on the page is made from a hostile text, and ``shown`` reads as typed."""
    wait_idle(page)
    with contextlib.suppress(PlaywrightTimeout):  # charts draw their texts after the run
        page.wait_for_function(f"shown => ({VISIBLE_TEXT})().replaceAll('{WORD_JOINER}', '')"
                               ".includes(shown)", arg=shown, timeout=10_000)
    assert page.locator(f'a[href*="{HOST}"], img[src*="{HOST}"]').count() == 0, where
    assert page.locator(".katex").count() == 0, where
    assert page.locator('[data-testid="stIconMaterial"]', has_text="rocket_launch").count() == 0
    assert page.locator('[data-testid="stMarkdownContainer"] img').count() == 0, where  # logo
    visible = page.evaluate(VISIBLE_TEXT).replace(WORD_JOINER, "")
    assert not [piece for piece in RENDERED if piece in visible], where
    assert "\\" not in visible, (where, visible[visible.index("\\") - 60:][:120])
    assert shown in visible, where


def test_every_page_shows_hostile_texts_as_typed(app_server, browser, hostile):
    _engine, board_id, key = hostile
    base = f"{app_server.url}/{{}}?board={board_id}&key={key}"
    context, page, asked = watched(browser, base.format(""), HOSTILE_NAME)
    literal(page, "/")
    page.get_by_text("History", exact=True).click()  # who changed what: hostile names in it
    literal(page, "/ history")

    open_page(page, base.format("canvas"))
    canvas = page.get_by_test_id("pc-canvas")
    expect(canvas.get_by_text(text("job"))).to_be_visible()
    literal(page, "/canvas")
    edit_panel = page.get_by_role("radiogroup", name="What to add or edit")
    for kind in ("Jobs", "Outcomes", "Solutions", "Personas"):
        edit_panel.get_by_text(kind, exact=True).click()
        literal(page, f"/canvas edit {kind}")
    edit_panel.get_by_text("Links", exact=True).click()  # a radio per link, labelled with
    literal(page, "/canvas edit Links", shown="O1 · " + text("outcome")[:50])  # its other end
    for tab in ("Opportunity landscape", "Discuss with your team", "Downloads"):
        page.get_by_role("tab", name=tab).click()
        literal(page, f"/canvas {tab}")

    open_page(page, base.format("progress"))
    literal(page, "/progress all")
    page.get_by_role("combobox", name="Persona").click()
    page.get_by_role("option", name=text("persona")[:30]).first.click()
    literal(page, "/progress persona")

    open_page(page, base.format("funnel"))
    literal(page, "/funnel")
    for tab in ("Month by month", "What moves it", "Scenarios", "Actuals", "Forward"):
        page.get_by_role("tab", name=tab).click()
        literal(page, f"/funnel {tab}", shown="")  # the scenario's name is in its picker

    open_page(page, base.format("report"))
    literal(page, "/report")
    for step in ("canvas", "progress", "funnel"):
        open_page(page, f"{app_server.url}/present?board={board_id}&step={step}")
        literal(page, f"/present {step}", shown=text("title"))
    assert asked == []
    context.close()


def test_a_conflict_by_a_hostile_name_and_a_survey_error_are_text(app_server, browser, hostile):
    engine, board_id, key = hostile
    context, page, asked = watched(browser, f"{app_server.url}/canvas?board={board_id}&key={key}",
                                   "Bo")
    page.get_by_role("radiogroup", name="What to add or edit").get_by_text(
        "Solutions", exact=True).click()
    wait_idle(page)
    loaded = store.load(engine, board_id)
    record = loaded.board.solutions[0].model_dump(mode="json", exclude={"id"})
    store.apply(engine, participant(engine, board_id, HOSTILE_NAME),
                [Update("s1", {**record, "text": "Theirs"}, loaded.revision)])
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Save"))
    form.get_by_role("textbox").first.fill("Mine")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Changed by {HOSTILE_NAME[:10]}")).to_be_visible()
    literal(page, "conflict", shown=f"Changed by {HOSTILE_NAME}")

    page.get_by_role("tab", name="Opportunity landscape").click()
    page.get_by_text("Importance and satisfaction from a survey (CSV)").click()
    csv = f"respondent,outcome,importance,satisfaction\nr1,{HOSTILE},4,5\n"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "survey.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    expect(page.get_by_text("The survey was not used")).to_be_visible()
    literal(page, "survey error", shown=HOSTILE[:60])
    assert asked == []
    context.close()
