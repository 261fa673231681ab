"""Working on the canvas itself in a real browser: add, edit, link by dragging, move, delete
and undo, by mouse and by keyboard, two people at once, roles, dots; and how it fits screens.

The canvas is ``[data-testid=pc-canvas]`` (shared/CONTRACT.md, "Canvas in the browser"):
cards carry ``data-pc-item``/``data-pc-kind``, places to add ``data-pc-add`` (and
``data-pc-parent`` inside a job), each solution a ``[data-pc-link-handle]``, each line
``data-pc-link``.  Every check of what an action changed waits for it (``expect``), and the
saved board is read back from the store.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from components.board import store
from components.board.model import Board, Job, Link, Obstacle, Outcome, Solution
from tests import conftest
from tests.browser.conftest import open_page, wait_idle
from tests.browser.test_canvas_browser import SOON, new_board, stored, together
from tests.browser.test_live_workshop import joined
from tests.conftest import KEY, participant

SHELF = Board(title="Shelf", needs=(
    Job(id="job", text="Put up a shelf", outcomes=(
        Outcome(id="straight", text="The shelf hangs straight", importance=8, satisfaction=3),
        Outcome(id="holds", text="It holds the books")),
        obstacles=(Obstacle(id="uneven", text="The floor is not level"),)),
    Job(id="picture", text="Hang a picture")),
    solutions=(Solution(id="laser", text="Laser spirit level"),
               Solution(id="plugs", text="Wall plugs")))


def canvas_page(app_server, browser, board: Board, name: str = "Ann", size=(1280, 900)):
    board_id = new_board(app_server, board)
    context, page = joined(browser, f"{app_server.url}/canvas?board={board_id}", name)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    canvas = page.get_by_test_id("pc-canvas")
    expect(canvas).to_be_visible(timeout=SOON)
    return context, page, canvas, board_id


def stored_once(app_server, board_id: str, done) -> Board:
    """The saved board, once ``done(board)`` holds (or the last one read after a while)."""
    deadline = time.monotonic() + SOON / 1000
    while True:
        board = stored(app_server, board_id)
        if done(board) or time.monotonic() > deadline:
            return board
        time.sleep(0.2)


def card(canvas, kind: str, text: str):
    return canvas.locator(f'[data-pc-kind="{kind}"]', has=canvas.page.locator(
        "[data-pc-text]", has_text=text)).first


def saved(canvas, kind: str, text: str):
    """The card of ``text``, once the server has saved it (no longer marked as saving)."""
    found = card(canvas, kind, text)
    expect(found).to_be_visible(timeout=SOON)
    expect(found).not_to_have_attribute("data-pc-pending", "", timeout=SOON)
    return found


def type_new(page, canvas, kind: str, text: str, parent: str | None = None) -> None:
    """Click a "+" place, type, Enter; the editor stays open for the next one: Escape."""
    where = f'[data-pc-add="{kind}"]' + (f'[data-pc-parent="{parent}"]' if parent else "")
    canvas.locator(where).first.click()
    editor = canvas.locator(".pcv-editor textarea")
    expect(editor).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(editor).to_have_value("")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)


def drag(page, source, target) -> None:
    """Press the mouse on ``source``, move onto ``target`` in steps, release."""
    wait_idle(page)  # the canvas is drawn afresh when a rerun brings new data
    for place in (target, source):
        place.scroll_into_view_if_needed()
        expect(place).to_be_visible()
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + min(end["height"] / 2, 14),
                    steps=8)
    page.mouse.up()


def test_by_mouse_add_link_edit_delete_and_undo(app_server, browser):
    context, page, canvas, board_id = canvas_page(app_server, browser, Board(title="New"))
    type_new(page, canvas, "job", "Put up a shelf")
    job = saved(canvas, "job", "Put up a shelf")
    job_id = job.get_attribute("data-pc-item")
    type_new(page, canvas, "outcome", "The shelf hangs straight", parent=job_id)
    type_new(page, canvas, "obstacle", "The floor is not level", parent=job_id)
    type_new(page, canvas, "solution", "Laser spirit level")
    outcome = saved(canvas, "outcome", "The shelf hangs straight")
    laser = saved(canvas, "solution", "Laser spirit level")
    saved(canvas, "obstacle", "The floor is not level")
    expect(canvas.locator(".pcv-score").first).to_contain_text("0 / 100")

    # link by dragging the solution's handle onto the outcome, then onto the job itself
    drag(page, laser.locator("[data-pc-link-handle]"), outcome)
    expect(canvas.locator("[data-pc-link]")).to_have_count(1, timeout=SOON)
    drag(page, laser.locator("[data-pc-link-handle]"), job.locator(".pcv-own").first)
    expect(canvas.locator("[data-pc-link]")).to_have_count(2, timeout=SOON)
    expect(canvas.locator(".pcv-score").first).to_contain_text("100 / 100", timeout=SOON)

    # double-click the text to edit it in place; importance on the card
    outcome.locator("[data-pc-text]").dblclick()
    page.keyboard.press("End")
    page.keyboard.type(", level with the door")
    page.keyboard.press("Enter")
    outcome = saved(canvas, "outcome", "The shelf hangs straight, level with the door")
    outcome.get_by_label("Importance (O1)").select_option("9")
    expect(outcome.get_by_label("Importance (O1)")).to_have_value("9", timeout=SOON)
    outcome.get_by_label("Satisfaction (O1)").select_option("3")
    # 9 + (9 − 3) = 15
    expect(outcome.locator(".pcv-opp")).to_have_text("Opportunity 15 · strong", timeout=SOON)

    board = stored(app_server, board_id)
    [job_record] = board.needs
    [outcome_record] = job_record.outcomes
    assert (job_record.text, outcome_record.text, outcome_record.importance,
            outcome_record.satisfaction) == (
        "Put up a shelf", "The shelf hangs straight, level with the door", 9, 3)
    assert [(link.target, link.strength) for link in board.links] == [
        (outcome_record.id, "strong"), (job_record.id, "strong")]

    # click a line: make it weak
    line = canvas.locator(f'[data-pc-link="{board.links[0].id}"]')
    line.click()
    canvas.get_by_role("button", name="Make weak").click()
    expect(line).to_have_class(re.compile(r"\bpcv-weak\b"), timeout=SOON)  # dashed
    expect(line).not_to_have_class(re.compile(r"\bpcv-pending\b"), timeout=SOON)

    # delete the solution, then undo: it comes back with its links
    laser = card(canvas, "solution", "Laser spirit level")
    laser.hover()
    laser.get_by_role("button", name="Delete S1").click()
    expect(card(canvas, "solution", "Laser spirit level")).to_have_count(0)
    toast = canvas.locator(".pcv-toast")
    expect(toast).to_contain_text("S1 deleted.", timeout=SOON)  # the server's answer
    assert stored(app_server, board_id).solutions == ()
    toast.get_by_role("button", name="Undo").click()
    saved(canvas, "solution", "Laser spirit level")
    expect(canvas.locator("[data-pc-link]")).to_have_count(2, timeout=SOON)
    board = stored(app_server, board_id)
    assert [s.text for s in board.solutions] == ["Laser spirit level"]
    assert [link.strength for link in board.links] == ["weak", "strong"]
    context.close()


def test_by_keyboard_add_link_edit_move_delete_and_undo(app_server, browser):
    context, page, canvas, board_id = canvas_page(app_server, browser, SHELF)
    keyboard = page.keyboard
    # add: the "+" place is a button; Enter opens the editor, Enter saves, Escape closes
    canvas.locator('[data-pc-add="solution"]').focus()
    keyboard.press("Enter")
    keyboard.type("Drill guide")
    keyboard.press("Enter")
    keyboard.press("Escape")
    guide = saved(canvas, "solution", "Drill guide")

    # link: L on the solution, then arrows to the obstacle, Enter
    guide.focus()
    keyboard.press("l")
    expect(canvas.locator('[data-pc-item="job"]')).to_be_focused()
    keyboard.press("ArrowRight")  # the outcomes of the first job
    keyboard.press("ArrowRight")  # its obstacles
    expect(canvas.locator('[data-pc-item="uneven"]')).to_be_focused()
    keyboard.press("Enter")
    expect(canvas.locator("[data-pc-link]")).to_have_count(1, timeout=SOON)
    expect(canvas.locator(".pcv-score").nth(1)).to_contain_text("100 / 100", timeout=SOON)

    # edit: Enter on a card edits its text
    canvas.locator('[data-pc-item="holds"]').focus()
    keyboard.press("Enter")
    keyboard.press("End")
    keyboard.type(" for years")
    keyboard.press("Enter")
    saved(canvas, "outcome", "It holds the books for years")
    expect(canvas.locator('[data-pc-item="holds"]')).to_be_focused()

    # move: Alt+↑ puts it first
    keyboard.press("Alt+ArrowUp")
    outcomes = canvas.locator('[data-pc-list="outcome"][data-pc-parent="job"] > [data-pc-item]')
    expect(outcomes.first).to_have_attribute("data-pc-item", "holds", timeout=SOON)

    # delete with the Delete key, undo with Ctrl+Z
    canvas.locator('[data-pc-item="plugs"]').focus()
    keyboard.press("Delete")
    expect(canvas.locator('[data-pc-item="plugs"]')).to_have_count(0)
    expect(canvas.locator(".pcv-toast")).to_contain_text("deleted", timeout=SOON)
    keyboard.press("Control+z")
    saved(canvas, "solution", "Wall plugs")

    board = stored(app_server, board_id)
    assert [o.id for o in board.needs[0].outcomes] == ["holds", "straight"]
    assert board.needs[0].outcomes[0].text == "It holds the books for years"
    assert [s.text for s in board.solutions] == ["Laser spirit level", "Wall plugs",
                                                 "Drill guide"]
    [link] = board.links
    assert (link.target, link.strength) == ("uneven", "strong")
    context.close()


def test_a_card_dragged_onto_another_job_moves_there(app_server, browser):
    context, page, canvas, board_id = canvas_page(app_server, browser, SHELF)
    outcome = card(canvas, "outcome", "It holds the books")
    add_to_picture = canvas.locator('[data-pc-add="outcome"][data-pc-parent="picture"]')
    drag(page, outcome.locator("[data-pc-text]"), add_to_picture)
    moved = canvas.locator('[data-pc-list="outcome"][data-pc-parent="picture"] > [data-pc-item]')
    expect(moved).to_have_count(1, timeout=SOON)
    expect(moved.first).not_to_have_attribute("data-pc-pending", "", timeout=SOON)
    needs = stored(app_server, board_id).needs
    assert ([o.id for o in needs[0].outcomes], [o.id for o in needs[1].outcomes]) == (
        ["straight"], ["holds"])
    context.close()


def test_two_people_at_once_and_the_text_being_typed_survives(app_server, browser):
    board_id, [(ann_context, ann), (bob_context, bob)] = together(
        app_server, browser, SHELF, "Ann", "Bob")
    ann_canvas, bob_canvas = ann.get_by_test_id("pc-canvas"), bob.get_by_test_id("pc-canvas")
    for canvas in (ann_canvas, bob_canvas):
        expect(canvas).to_be_visible(timeout=SOON)
    # Ann starts typing an obstacle ...
    ann_canvas.locator('[data-pc-add="obstacle"][data-pc-parent="job"]').click()
    ann.keyboard.type("Does not know the wall")
    # ... while Bob adds a solution and links it
    type_new(bob, bob_canvas, "solution", "Stud finder")
    finder = saved(bob_canvas, "solution", "Stud finder")
    drag(bob, finder.locator("[data-pc-link-handle]"),
         card(bob_canvas, "outcome", "It holds the books"))
    expect(bob_canvas.locator("[data-pc-link]")).to_have_count(1, timeout=SOON)
    # Ann sees both within the live interval, her text still in her editor
    saved(ann_canvas, "solution", "Stud finder")
    expect(ann_canvas.locator("[data-pc-link]")).to_have_count(1, timeout=SOON)
    editor = ann_canvas.locator(".pcv-editor textarea")
    expect(editor).to_have_value("Does not know the wall")
    expect(editor).to_be_focused()
    ann.keyboard.type(" (concrete?)")
    ann.keyboard.press("Enter")
    saved(ann_canvas, "obstacle", "Does not know the wall (concrete?)")
    saved(bob_canvas, "obstacle", "Does not know the wall (concrete?)")
    board = stored(app_server, board_id)
    assert [o.text for o in board.needs[0].obstacles] == [
        "The floor is not level", "Does not know the wall (concrete?)"]
    assert [s.text for s in board.solutions][-1] == "Stud finder"
    assert [link.target for link in board.links] == ["holds"]
    ann_context.close()
    bob_context.close()


def test_a_conflicting_edit_shows_both_versions_on_the_card(app_server, browser):
    context, page, canvas, board_id = canvas_page(app_server, browser, SHELF)
    straight = card(canvas, "outcome", "The shelf hangs straight")
    straight.locator("[data-pc-text]").dblclick()
    editor = canvas.locator(".pcv-editor textarea")
    expect(editor).to_be_focused()
    engine = store.connect(app_server.database_url)
    seen = store.load(engine, board_id).revision
    store.apply(engine, participant(engine, board_id, "Bob"), [store.Update("straight", {
        "text": "The shelf hangs dead straight", "importance": 8, "satisfaction": 3}, seen)])
    engine.dispose()
    expect(editor).to_have_value("The shelf hangs straight", timeout=SOON)  # mine kept
    editor.fill("The shelf hangs at eye height")
    page.keyboard.press("Enter")
    conflict = canvas.locator('[data-pc-item="straight"] .pcv-conflict')
    expect(conflict).to_contain_text("Changed by Bob", timeout=SOON)
    expect(conflict.locator("dd")).to_have_text(["The shelf hangs dead straight",
                                                 "The shelf hangs at eye height"])
    assert stored(app_server, board_id).needs[0].outcomes[0].text == (
        "The shelf hangs dead straight")
    conflict.get_by_role("button", name="Save mine anyway").click()
    saved(canvas, "outcome", "The shelf hangs at eye height")
    expect(conflict).to_have_count(0)
    assert stored(app_server, board_id).needs[0].outcomes[0].text == (
        "The shelf hangs at eye height")
    context.close()


def test_observers_and_a_locked_board_get_no_places_to_add_and_no_handles(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, SHELF, key=KEY)
    secrets_ = store.workshop(engine, board_id)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    observer = context.new_page()
    open_page(observer, f"{app_server.url}/canvas?view={secrets_.observer_id}")
    participant = context.new_page()
    open_page(participant, f"{app_server.url}/canvas?board={board_id}")
    facilitator = context.new_page()
    open_page(facilitator, f"{app_server.url}/canvas?board={board_id}&key={KEY}")
    for page in (observer, participant, facilitator):
        expect(page.locator('[data-pc-kind="solution"]')).to_have_count(2, timeout=SOON)
    expect(observer.locator("[data-pc-add]")).to_have_count(0)
    expect(observer.locator("[data-pc-link-handle]")).to_have_count(0)
    expect(participant.locator("[data-pc-link-handle]")).to_have_count(2)

    store.set_locked(engine, conftest.facilitator(engine, board_id), True)
    expect(participant.locator("[data-pc-add]")).to_have_count(0, timeout=SOON)
    expect(participant.locator("[data-pc-link-handle]")).to_have_count(0)
    expect(facilitator.locator("[data-pc-link-handle]")).to_have_count(2, timeout=SOON)
    expect(facilitator.locator('[data-pc-add="job"]')).to_have_count(1)
    participant.locator('[data-pc-item="straight"] [data-pc-text]').dblclick()
    expect(participant.locator(".pcv-editor")).to_have_count(0)
    context.close()
    engine.dispose()


def test_dots_are_placed_on_the_cards_with_the_dots_left_shown(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, SHELF, key=KEY)
    store.open_vote(engine, conftest.facilitator(engine, board_id), 2)
    engine.dispose()
    context, page = joined(browser, f"{app_server.url}/canvas?board={board_id}", "Ann")
    canvas = page.get_by_test_id("pc-canvas")
    left = canvas.locator(".pcv-votes-left")
    expect(left).to_have_text("Dot vote: you have 2 dots left", timeout=SOON)
    canvas.locator('[data-pc-vote="straight"]').click()
    expect(left).to_have_text("Dot vote: you have 1 dot left")
    canvas.locator('[data-pc-vote="laser"]').click()
    expect(left).to_have_text("Dot vote: you have 0 dots left")
    expect(canvas.locator('[data-pc-vote="holds"]')).to_be_disabled()
    expect(canvas.locator('[data-pc-vote="laser"]')).to_have_text("● 1", timeout=SOON)
    wait_idle(page)
    votes = stored_once(app_server, board_id, lambda board: len(board.votes) == 2).votes
    assert sorted(vote.target for vote in votes) == ["laser", "straight"]
    assert len({vote.voter for vote in votes}) == 1  # the dots of this browser, by its id
    context.close()


def words_broken_across_lines(page) -> list[str]:
    """Words of card texts that the browser split over two lines (each shown in one piece
    gives one box)."""
    return page.evaluate("""() => {
      const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
      const broken = [];
      for (const node of host.shadowRoot.querySelectorAll('[data-pc-text]')) {
        const text = node.firstChild;
        if (!text) continue;
        for (const match of text.data.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(text, match.index);
          range.setEnd(text, match.index + match[0].length);
          if (range.getClientRects().length > 1) broken.push(match[0]);
        }
      }
      return broken;
    }""")


def cut_off(page) -> list[str]:
    """Texts of the canvas that stick out of it on the right (the canvas would clip them)."""
    return page.evaluate("""() => {
      const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
      const canvas = host.shadowRoot.querySelector('.pcv');
      const right = canvas.getBoundingClientRect().right;
      return [...canvas.querySelectorAll('span, b, summary, button, label, p, h2, div')]
        .filter((node) => node.getClientRects().length
                && node.getBoundingClientRect().right > right + 1
                && !node.closest('.pcv-toast'))
        .map((node) => node.textContent.slice(0, 40));
    }""")


def test_the_canvas_fits_wide_and_narrow_screens(app_server, browser):
    board = SHELF.model_copy(update={"links": (
        Link(id="l1", solution="laser", target="straight"),)})
    context, page, canvas, _ = canvas_page(app_server, browser, board, size=(1440, 900))
    expect(canvas.locator("[data-pc-link]")).to_have_count(1)
    assert canvas.bounding_box()["width"] >= 0.6 * 1440
    need, solution = canvas.locator(".pcv-need"), canvas.locator(".pcv-sol")
    assert solution.bounding_box()["x"] > need.bounding_box()["x"]  # side by side

    page.set_viewport_size({"width": 390, "height": 844})
    expect(canvas.locator(".pcv-gutter")).to_be_hidden()
    wait_idle(page)
    # one column: needs, then solutions, nothing cut off or broken mid-word
    assert solution.bounding_box()["y"] >= need.bounding_box()["y"] + need.bounding_box()[
        "height"] - 1
    assert canvas.bounding_box()["width"] <= 390
    assert words_broken_across_lines(page) == []
    assert cut_off(page) == []
    context.close()


def test_german_and_swedish_words_fit_a_phone(app_server, browser):
    from components.board import boardfile
    from components.examples import EXAMPLES_DIR

    for language in ("de", "sv"):
        shelf = boardfile.load((EXAMPLES_DIR / f"shelf.{language}.yaml").read_text("utf-8"))
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        open_page(page, f"{app_server.url}/canvas?board={new_board(app_server, shelf)}")
        canvas = page.get_by_test_id("pc-canvas")
        expect(canvas.locator("[data-pc-link]")).to_have_count(8, timeout=SOON)
        assert words_broken_across_lines(page) == [], language
        assert cut_off(page) == [], language
        for finding in canvas.locator(".pcv-find summary").all():  # the lists of the analysis
            finding.click()
        assert cut_off(page) == [], language
        context.close()


def test_present_shows_the_whole_canvas_on_a_1080p_screen(app_server, browser):
    from components.board import boardfile
    from components.examples import EXAMPLES_DIR

    shelf = boardfile.load((EXAMPLES_DIR / "shelf.en.yaml").read_text("utf-8"))
    board_id = new_board(app_server, shelf)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    open_page(page, f"{app_server.url}/present?board={board_id}")
    canvas = page.get_by_test_id("pc-canvas")
    expect(canvas.locator("[data-pc-item]")).to_have_count(16, timeout=SOON)
    expect(canvas.locator("[data-pc-add], [data-pc-link-handle]")).to_have_count(0)
    expect(canvas.locator("[data-pc-link]")).to_have_count(8)
    page.wait_for_function("""() => {
      const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
      const box = host.shadowRoot.querySelector('.pcv').getBoundingClientRect();
      return box.bottom <= window.innerHeight && box.top >= 0;
    }""", timeout=SOON)
    context.close()
