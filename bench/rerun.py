"""Server time to rerun a page, in-process, compared in the same run with the bare page.

    python bench/rerun.py                      # bare, canvas, progress, funnel; 200 and 1000 items
    python bench/rerun.py --repeat 10 --pages canvas@1000

Each page runs through ``streamlit.testing.v1.AppTest``, which executes the real scripts
(app.py's navigation, then the page, then the live panel) as the server would for a rerun,
without the websocket: what is timed is one ``at.run()``, the script run plus AppTest turning
the messages into its element tree (the same small cost for every page).  AppTest on its own
would run a switched-to page alone, the old pages-folder way; ``shell.
keep_apptest_in_navigation_mode`` keeps it going through ``app.py``, as a server does.  Not
included: what the server does around a run, above all the ``gc.collect()`` Streamlit runs
after every run (``runner.postScriptGC``); bench/load.py measures that.  The database is a
scratch SQLite file with demo boards (``components.demo``, as ``admin demo`` makes them).

Every SQL statement the app sends is counted through a SQLAlchemy ``before_cursor_execute``
listener on the Engine class (so it sees the app's own cached engine), per rerun, by verb and
table (transaction control such as BEGIN is left out).  The same counts at 200 and 1000 items
show that a rerun costs one query set whatever the board's size, never a query per item.

Exit status 0; 1 when a page raised an exception (printed) instead of drawing.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
import streamlit.logger
from streamlit.testing.v1 import AppTest

from bench.common import (
    APP,
    BARE,
    BARE_APP,
    ROOT,
    Stats,
    Target,
    demo_boards,
    parse_targets,
    ratio,
    save_results,
    scratch_database_url,
    scratch_directory,
    table,
)
from components.config import ENV_VAR
from components.widgets.shell import (
    PAGES,
    keep_apptest_in_navigation_mode,
)

DEFAULT_PAGES = "canvas@200,canvas@1000,progress@200,funnel@200"
TIMEOUT_SECONDS = 300
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA|SAVEPOINT|RELEASE)\b", re.I)
TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+["`]?(\w+)', re.I)


class QueryCounter:
    """Counts the SQL statements of every engine in this process, as ``VERB table``."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", self._count)

    def _count(self, _connection, _cursor, statement: str, *_args) -> None:
        if TRANSACTION_CONTROL.match(statement):
            return
        table_ = TABLE.search(statement)
        self._counts[f"{statement.split(None, 1)[0].upper()} "
                     f"{table_.group(1) if table_ else '?'}"] += 1

    def take(self) -> Counter[str]:
        """The statements counted since the last call."""
        counts, self._counts = self._counts, Counter()
        return counts


@dataclass(frozen=True)
class Result:
    target: Target
    title: str
    stats: Stats
    timings: list[float]
    queries: list[Counter[str]]
    errors: list[str]

    @property
    def query_counts(self) -> str:
        """Statements per rerun: one number, or the range when reruns differ."""
        totals = sorted({sum(counts.values()) for counts in self.queries})
        return str(totals[0]) if len(totals) == 1 else f"{totals[0]}-{totals[-1]}"

    @property
    def query_breakdown(self) -> str:
        last = self.queries[-1] if self.queries else Counter()
        return ", ".join(f"{name} ×{count}" for name, count in sorted(last.items()))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    keep_apptest_in_navigation_mode()
    # quiet: an exception in a page is reported once per page below, not logged per rerun
    streamlit.logger.set_log_level(logging.CRITICAL)
    try:
        targets = parse_targets(args.pages, default_items=200)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with scratch_directory() as directory:
        url = args.db or scratch_database_url(directory)
        os.environ[ENV_VAR] = url  # the app reads it: components.config.database_url()
        boards = demo_boards(url, {target.items for target in targets})
        counter = QueryCounter()
        print(f"database {sa.make_url(url).render_as_string(hide_password=True)}; "
              f"{args.warmup} warm-up and {args.repeat} timed reruns per page\n")
        results = []
        for target in targets:
            result = measure(target, boards[target.items], args, counter)
            results.append(result)
            print(f"  {target}: median {result.stats.median:.1f} ms", flush=True)
    print()
    report(results, args.repeat)
    failed = [result for result in results if result.errors]
    for result in failed:
        print(f"\n{result.target} raised an exception instead of drawing:\n"
              + "\n".join(result.errors), file=sys.stderr)
    return 1 if failed else 0


def measure(target: Target, board_id: str, args: argparse.Namespace,
            counter: QueryCounter) -> Result:
    """Warm up, then time ``args.repeat`` reruns of the page and count their statements."""
    at = AppTest.from_file(str(BARE_APP if target.page == BARE else APP),
                           default_timeout=TIMEOUT_SECONDS)
    at.query_params["board"] = board_id
    at.run()  # AppTest finds a page of st.navigation only after a first run
    if target.page not in (BARE, "home"):
        at.switch_page(PAGES[target.page])
    for _ in range(args.warmup):
        at.run()
    counter.take()
    timings, queries = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(counter.take())
    errors = ["\n".join([error.message, *error.stack_trace]) for error in at.exception]
    title = at.title[0].value if len(at.title) else ""
    return Result(target, title, Stats.of(timings), timings, queries, errors)


def report(results: list[Result], repeat: int) -> None:
    references = {result.target: result for result in results if result.target.page == BARE}
    rows = []
    for result in results:
        bare = references[result.target.reference].stats
        rows.append((str(result.target), result.title[:28], result.stats.median,
                     result.stats.p95, ratio(result.stats.median, bare.median),
                     ratio(result.stats.p95, bare.p95), result.query_counts,
                     result.query_breakdown))
    print(f"Server time per rerun (AppTest, {repeat} reruns each; × bare = against the bare "
          "page on a board of the same size)")
    print(table(("page@items", "title shown", "median ms", "p95 ms", "× bare median",
                 "× bare p95", "SQL/rerun", "statements of one rerun"), rows))
    print()
    print(queries_verdict(results))
    path = save_results("rerun", {
        "repeat": repeat,
        "results": [{"target": str(r.target), "title": r.title, "median_ms": r.stats.median,
                     "p95_ms": r.stats.p95, "max_ms": r.stats.maximum,
                     "timings_ms": r.timings, "sql_per_rerun": r.query_counts,
                     "statements": dict(r.queries[-1]) if r.queries else {},
                     "errors": r.errors} for r in results],
    })
    print(f"\nraw numbers: {path.relative_to(ROOT)}")


def queries_verdict(results: list[Result]) -> str:
    """Per page measured at several board sizes: do its statements grow with the board?"""
    lines = ["SQL statements per rerun by board size (the same set at every size = one query "
             "set per rerun, no query per item):"]
    by_page: dict[str, list[Result]] = {}
    for result in results:
        by_page.setdefault(result.target.page, []).append(result)
    for page, sized in by_page.items():
        counts = ", ".join(f"{r.target.items} items → {r.query_counts}" for r in sized)
        if len(sized) < 2:
            lines.append(f"  {page}: {counts} (one size only)")
            continue
        same = all(r.queries and r.queries[-1] == sized[0].queries[-1] for r in sized)
        verdict = "same statements" if same else "DIFFERENT statements"
        lines.append(f"  {page}: {counts} — {verdict}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Time page reruns in-process (AppTest) against the bare reference page.")
    parser.add_argument("--pages", default=DEFAULT_PAGES, metavar="PAGE@ITEMS,...",
                        help="pages (home, canvas, progress, funnel, bare) with board sizes; "
                             f"the bare page at each size is added (default {DEFAULT_PAGES})")
    parser.add_argument("--repeat", type=int, default=30, metavar="N",
                        help="timed reruns per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, metavar="N",
                        help="untimed reruns per page first (default 3)")
    parser.add_argument("--db", metavar="URL",
                        help="database URL to use instead of a scratch SQLite file (demo boards "
                             "are created in it)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
