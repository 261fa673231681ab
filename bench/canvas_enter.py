"""From Enter to the card on the canvas: how soon the author sees what they typed.

    python bench/canvas_enter.py                     # 20 cards on a demo board of 200 items
    python bench/canvas_enter.py --items 1000 --cards 10
    python bench/canvas_enter.py --url http://host:8501 --db URL   # a running server

Starts ``streamlit run app.py`` on a free port of 8700-8799 with a scratch SQLite database
holding one demo board (``components.demo``), opens its canvas in the system Chromium
(Playwright, ``/usr/bin/chromium`` or ``PROGRESS_CANVAS_CHROMIUM``) at 1440×900, and adds
``--cards`` solutions the way a person does: click "+ Solution", type, press Enter.  For each
it measures in the page, from the Enter keydown:

- **shown**: until the new card is in the canvas and the browser drew the next frame (the
  canvas shows it at once, marked "saving…");
- **saved**: until the card is drawn from the server's answer (no longer "saving…"): the event
  went to the server, the store saved it, the page reran and sent the new canvas data;
- the canvas's own drawing time (the script's ``pcv-render`` performance measure), to tell it
  from the rest of the page's work.

Goal: shown under 300 ms.  Nothing is asserted; the numbers mean something on a quiet machine
only.  Exit status 0; 1 when the page or the server failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bench.common import APP, Stats, demo_boards, scratch_database_url, table
from bench.servers import free_port, start_server, wait_until_healthy

GOAL_MS = 300
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
#: Runs in the page before Enter: notes the time of the keydown, then of the new card drawn
#: (next animation frame) and of the card drawn from the server's answer.
WATCH = """(text) => {
  const root = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot;
  const times = window.pcvTimes = {};
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') times.enter = performance.now();
  }, { capture: true, once: true });
  const find = () => [...root.querySelectorAll('[data-pc-kind="solution"]')]
    .find((card) => card.querySelector('[data-pc-text]')?.textContent === text);
  const watcher = new MutationObserver(() => {
    const card = find();
    if (card && times.enter && !times.inDom) {
      times.inDom = true;
      requestAnimationFrame(() => { times.shown = performance.now() - times.enter; });
    }
    if (card && times.enter && !card.hasAttribute('data-pc-pending') && !times.saved) {
      times.saved = performance.now() - times.enter;
      watcher.disconnect();
    }
  });
  watcher.observe(root, { subtree: true, childList: true, attributes: true });
}"""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    chromium = (os.environ.get("PROGRESS_CANVAS_CHROMIUM") or shutil.which("chromium")
                or "/usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="progress-canvas-bench-") as directory:
        url = args.db or scratch_database_url(directory)
        board_id = demo_boards(url, [args.items])[args.items]
        server = None
        if args.url:
            base = args.url.rstrip("/")
        else:
            server = start_server(APP, free_port(set()), url, Path(directory) / "server.log", [])
            wait_until_healthy(server)
            base = server.url
        try:
            shown, saved, renders = measure(f"{base}/canvas?board={board_id}", chromium,
                                            args.cards)
        finally:
            if server is not None:
                server.stop()
    report(shown, saved, renders, args)
    return 0


def measure(url: str, chromium: str, cards: int) -> tuple[list[float], list[float], list[float]]:
    """Add ``cards`` solutions by typing and Enter; the shown, saved and drawing times in ms
    (drawing: the longest of the canvas's last drawings, its ``pcv-render`` measure)."""
    shown, saved, renders = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=60_000)
        canvas = page.get_by_test_id("pc-canvas")
        canvas.locator('[data-pc-add="solution"]').wait_for(timeout=60_000)
        for number in range(cards):
            text = f"Bench idea {number + 1}"
            page.wait_for_selector(IDLE, timeout=60_000)
            canvas.locator('[data-pc-add="solution"]').click()
            page.keyboard.type(text)
            page.evaluate(WATCH, text)
            page.keyboard.press("Enter")
            page.wait_for_function("() => window.pcvTimes.shown && window.pcvTimes.saved",
                                   timeout=60_000)
            times = page.evaluate("window.pcvTimes")
            renders.append(page.evaluate(
                "Math.max(...performance.getEntriesByName('pcv-render').slice(-3)"
                ".map((entry) => entry.duration))"))
            shown.append(times["shown"])
            saved.append(times["saved"])
            page.keyboard.press("Escape")
        browser.close()
    return shown, saved, renders


def report(shown: list[float], saved: list[float], renders: list[float],
           args: argparse.Namespace) -> None:
    rows = []
    for name, values in (("shown (Enter → card drawn)", shown),
                         ("saved (Enter → card from the server)", saved),
                         ("of which the canvas drawing itself", renders)):
        stats = Stats.of(values)
        rows.append((name, stats.median, stats.p95, stats.maximum))
    print(f"From Enter to the new card, {len(shown)} cards on a board of {args.items} items "
          "(ms, measured in the page)")
    print(table(("", "median", "p95", "max"), rows))
    verdict = "met" if Stats.of(shown).p95 < GOAL_MS else "MISSED"
    print(f"\ngoal: shown under {GOAL_MS} ms (p95) — {verdict}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Time from Enter to the card on the canvas.")
    parser.add_argument("--items", type=int, default=200, help="demo board size (default 200)")
    parser.add_argument("--cards", type=int, default=20, help="cards to add (default 20)")
    parser.add_argument("--url", help="a running server instead of starting one (needs --db)")
    parser.add_argument("--db", metavar="URL", help="its database (the demo board is added)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
