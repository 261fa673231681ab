"""Server time to rerun a page, in-process, compared in the same run with bare and the shell.

    python bench/rerun.py                      # canvas at 200/1000/5000, progress, funnel, report
    python bench/rerun.py --repeat 10 --pages canvas@1000

Each page runs through ``streamlit.testing.v1.AppTest``, which executes the real scripts
(app.py's navigation, then the page, then the live panel) as the server would for a rerun,
without the websocket: what is timed is one ``at.run()``, the script run plus AppTest turning
the messages into its element tree (the same small cost for every page).  AppTest on its own
would run a switched-to page alone, the old pages-folder way; ``shell.
keep_apptest_in_navigation_mode`` keeps it going through ``app.py``, as a server does.  Not
included: what the server does around a run, above all the ``gc.collect()`` Streamlit runs
after every run (``runner.postScriptGC``); bench/load.py measures that.  AppTest on its own
would also compile app.py and the page anew every run (a new ``ScriptCache`` per run, with
Streamlit's "magic" rewriting of the syntax tree: ~10 ms of a progress rerun, a few tenths
of a millisecond of bare's); a server compiles each script once, so here every run shares
one ``ScriptCache`` (``share_script_cache``).  The database is a
scratch SQLite file with demo boards (``components.demo``, as ``admin demo`` makes them).

The two references of bench/common.py run beside the pages: ``bare`` (navigation and one
line of text) and ``shell`` (the app's frame) at every size used.  The messages of each
run are counted as a browser tab would receive them: elements (``new_element`` and
``add_block`` deltas) and bytes, a big element already in the tab's message cache (sent in
one of the last two runs) counted as the reference the server would send instead.

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

# the project root instead of bench/ (whose module names must not hide installed packages)
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import sqlalchemy as sa  # noqa: E402
import streamlit.logger  # noqa: E402
import streamlit.testing.v1.app_test as app_test_module  # noqa: E402
import streamlit.testing.v1.local_script_runner as local_runner_module  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.runtime.forward_msg_cache import create_reference_msg  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1.local_script_runner import LocalScriptRunner  # noqa: E402

from bench.common import (  # noqa: E402
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
from bench.tab import ELEMENT_DELTAS  # noqa: E402
from components.config import ENV_VAR  # noqa: E402
from components.widgets.shell import (  # noqa: E402
    PAGES,
    keep_apptest_in_navigation_mode,
)

DEFAULT_PAGES = "canvas@200,canvas@1000,canvas@5000,progress@200,funnel@200,report@200"
CACHE_AGE = 2  # runs a browser keeps a cached message it did not use (maxCachedMessageAge)
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


def share_script_cache() -> None:
    """Every AppTest run compiles its scripts once per process, as a server does."""
    shared = ScriptCache()
    app_test_module.ScriptCache = local_runner_module.ScriptCache = lambda: shared


class MessageCounter:
    """The messages of each AppTest run, counted as one browser tab would receive them.

    AppTest makes a ``LocalScriptRunner`` per run and keeps only the element tree; this
    wraps its ``run`` to keep the run's messages (the queue as the server would flush it).
    """

    def __init__(self) -> None:
        self.messages: list[ForwardMsg] = []
        run = LocalScriptRunner.run

        def run_and_keep(runner: LocalScriptRunner, *args, **kwargs):
            tree = run(runner, *args, **kwargs)
            self.messages = list(runner.forward_msgs())
            return tree

        LocalScriptRunner.run = run_and_keep


class BrowserCache:
    """One tab's message cache: which big elements it would get as a reference only."""

    def __init__(self) -> None:
        self._used: dict[str, int] = {}  # hash → the run that last sent or referred to it
        self._runs = 0

    def count(self, messages: list[ForwardMsg]) -> tuple[int, int]:
        """Elements and bytes of one run's messages, as the tab receives them."""
        self._runs += 1
        elements = size = 0
        for message in messages:
            if message.WhichOneof("type") == "delta" \
                    and message.delta.WhichOneof("type") in ELEMENT_DELTAS:
                elements += 1
            cached = message.metadata.cacheable and message.hash in self._used
            size += (create_reference_msg(message) if cached else message).ByteSize()
            if message.metadata.cacheable:
                self._used[message.hash] = self._runs
        self._used = {key: run for key, run in self._used.items()
                      if self._runs - run <= CACHE_AGE}
        return elements, size


@dataclass(frozen=True)
class Result:
    target: Target
    title: str
    stats: Stats
    timings: list[float]
    queries: list[Counter[str]]
    elements: list[int]
    sizes: list[int]
    errors: list[str]

    @property
    def elements_per_rerun(self) -> float:
        return sum(self.elements) / len(self.elements) if self.elements else 0.0

    @property
    def kb_per_rerun(self) -> float:
        return sum(self.sizes) / 1024 / len(self.sizes) if self.sizes else 0.0

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
    share_script_cache()
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
        counter, messages = QueryCounter(), MessageCounter()
        print(f"database {sa.make_url(url).render_as_string(hide_password=True)}; "
              f"{args.warmup} warm-up and {args.repeat} timed reruns per page\n")
        results = []
        for target in targets:
            result = measure(target, boards[target.items], args, counter, messages)
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
            counter: QueryCounter, messages: MessageCounter) -> Result:
    """Warm up, then time ``args.repeat`` reruns of the page, count their statements and
    their messages."""
    at = AppTest.from_file(str(target.script), default_timeout=TIMEOUT_SECONDS)
    if board_id:
        at.query_params["board"] = board_id
    at.run()  # AppTest finds a page of st.navigation only after a first run
    if target.page in PAGES and target.page != "home":
        at.switch_page(PAGES[target.page])
    cache = BrowserCache()
    for _ in range(args.warmup):
        at.run()
        cache.count(messages.messages)
    counter.take()
    timings, queries, elements, sizes = [], [], [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(counter.take())
        count, size = cache.count(messages.messages)
        elements.append(count)
        sizes.append(size)
    errors = ["\n".join([error.message, *error.stack_trace]) for error in at.exception]
    title = at.title[0].value if len(at.title) else ""
    return Result(target, title, Stats.of(timings), timings, queries, elements, sizes, errors)


def report(results: list[Result], repeat: int) -> None:
    by_target = {result.target: result for result in results}
    rows = []
    for result in results:
        medians = [ratio(result.stats.median, by_target[reference].stats.median)
                   if reference in result.target.references else "-"
                   for reference in (result.target.bare, result.target.shell)]
        rows.append((str(result.target), result.title[:28], result.stats.median,
                     result.stats.p95, *medians, result.elements_per_rerun,
                     result.kb_per_rerun, result.query_counts, result.query_breakdown))
    print(f"Server time per rerun (AppTest, {repeat} reruns each; × bare = against "
          "navigation and one line of text, × shell = against the app's frame on a board of "
          "the same size)")
    print(table(("page@items", "title shown", "median ms", "p95 ms", "× bare", "× shell",
                 "elements/rerun", "KB/rerun", "SQL/rerun", "statements of one rerun"),
                rows))
    print()
    print(queries_verdict(results))
    path = save_results("rerun", {
        "repeat": repeat,
        "results": [{"target": str(r.target), "title": r.title, "median_ms": r.stats.median,
                     "p95_ms": r.stats.p95, "max_ms": r.stats.maximum,
                     "timings_ms": r.timings, "sql_per_rerun": r.query_counts,
                     "elements_per_rerun": r.elements_per_rerun,
                     "kb_per_rerun": r.kb_per_rerun,
                     "statements": dict(r.queries[-1]) if r.queries else {},
                     "errors": r.errors} for r in results],
    })
    print(f"\nraw numbers: {path.relative_to(ROOT)}")


def queries_verdict(results: list[Result]) -> str:
    """Per page measured at several board sizes: do its statements grow with the board?"""
    lines = [("SQL statements per rerun by board size (the same set at every size = one query "
              "set per rerun, no query per item):")]
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
        description="Time page reruns in-process (AppTest) against bare and the shell.")
    parser.add_argument("--pages", default=DEFAULT_PAGES, metavar="PAGE@ITEMS,...",
                        help="pages (home, canvas, progress, funnel, report, present, shell, "
                             "bare) with board sizes; bare and the shell of each size are "
                             f"added (default {DEFAULT_PAGES})")
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
