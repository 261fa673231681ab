"""What the benchmarks share: targets and their references, demo boards, statistics, tables.

A *target* is a page and the size of the board it shows, written ``page@items``
(``canvas@1000``).  Two references are measured beside every page, in the same run:

- ``bare`` (bench/bare_app.py): a Streamlit page with navigation and one line of text,
  nothing of the app: what Streamlit itself costs.  It shows no board, so it has no size
  (written ``bare``; ``bare@200`` means the same).
- ``shell`` (bench/shell_app.py running bench/shell_page.py): the app's frame without a
  page (link, board load, sidebar, live panel) on a board of the same size: what every page
  pays before drawing its own content.

``canvas / bare`` is what the canvas costs against Streamlit's floor, ``canvas / shell``
what its own content costs on top of the frame.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from components import demo
from components.board import store
from components.widgets.shell import PAGES

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE_APP = ROOT / "bench" / "bare_app.py"
SHELL_APP = ROOT / "bench" / "shell_app.py"
RESULTS = ROOT / "bench" / "results"
#: Who the benchmarks' boards and changes are by (the server operator, as the command line).
AUTHOR = store.Person("", "bench")
BARE = "bare"
SHELL = "shell"
REFERENCES = (BARE, SHELL)
APP_PAGES = tuple(PAGES)  # app.py's pages; the URL path of each is its name, "" for home
ORDER = (*REFERENCES, *APP_PAGES)


@dataclass(frozen=True, order=True)
class Target:
    """A page of the app (or a reference) showing a demo board of ``items`` records.

    The bare page shows no board: its ``items`` is always 0.
    """

    page: str
    items: int

    @classmethod
    def parse(cls, text: str, default_items: int) -> Target:
        """``canvas@1000`` or ``canvas`` (then ``default_items``); unknown pages are refused."""
        page, _, items = text.strip().partition("@")
        if page not in ORDER:
            raise ValueError(f"unknown page {page!r}: use one of {', '.join(ORDER)}")
        try:
            size = int(items) if items else default_items
        except ValueError:
            raise ValueError(f"{text!r}: the board size after @ must be a whole number") from None
        return cls(page, 0 if page == BARE else size)

    @property
    def url_path(self) -> str:
        """The page's URL path in its app's navigation ("" for home and the references)."""
        return "" if self.page in ("home", *REFERENCES) else self.page

    @property
    def server(self) -> str:
        """Which server shows it: ``bare``, ``shell`` or ``app``."""
        return self.page if self.page in REFERENCES else "app"

    @property
    def script(self) -> Path:
        """The main script of its server."""
        return {BARE: BARE_APP, SHELL: SHELL_APP}.get(self.page, APP)

    @property
    def bare(self) -> Target:
        return Target(BARE, 0)

    @property
    def shell(self) -> Target:
        """The app's frame on a board of the same size."""
        return Target(SHELL, self.items)

    @property
    def references(self) -> tuple[Target, ...]:
        """What this target is compared with: bare, and the shell of its size (not itself)."""
        if self.page == BARE:
            return ()
        return (self.bare,) if self.page == SHELL else (self.bare, self.shell)

    def __str__(self) -> str:
        return BARE if self.page == BARE else f"{self.page}@{self.items}"


def parse_targets(text: str, default_items: int) -> list[Target]:
    """Comma-separated targets with their references, by size, references first."""
    targets = {Target.parse(part, default_items) for part in text.split(",") if part.strip()}
    return with_references(targets)


def with_references(targets: Iterable[Target]) -> list[Target]:
    """The targets and the references of each, bare first, then by size and page."""
    every = set(targets)
    every |= {reference for target in every for reference in target.references}
    return sorted(every, key=lambda target: (target.items, ORDER.index(target.page)))


def scratch_directory() -> tempfile.TemporaryDirectory:
    """A temporary folder for the scratch database and server logs, removed afterwards."""
    return tempfile.TemporaryDirectory(prefix="progress-canvas-bench-")


def scratch_database_url(directory: str) -> str:
    return f"sqlite:///{Path(directory) / 'bench.sqlite'}"


def demo_boards(url: str, sizes: Iterable[int], seed: int = 0) -> dict[int, str]:
    """One demo board per size (``components.demo``, as ``admin demo`` makes); ids by size.

    Size 0 (the bare page's) gets no board: its id is "".
    """
    engine = store.connect(url)
    try:
        boards = {size: new_demo_board(engine, size, seed) for size in sorted(set(sizes) - {0})}
    finally:
        engine.dispose()
    return {0: "", **boards}


def new_demo_board(engine: sa.Engine, size: int, seed: int = 0) -> str:
    """A demo board of ``size`` records in the database; its id."""
    return store.create(engine, demo.demo_board(size, seed), AUTHOR)


@dataclass(frozen=True)
class Stats:
    """Median and 95th percentile (nearest rank) of timings in milliseconds."""

    n: int
    median: float
    p95: float
    maximum: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        return cls(len(values), statistics.median(values), percentile(values, 95), max(values))


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q % of the values at or below.

    Example: of 30 timings, p95 is the 29th smallest (ceil(0.95 × 30) = 29).  A value
    never measured (a change nobody saw) goes in as ``math.inf``.
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def ratio(value: float | None, reference: float | None) -> str:
    """``value / reference`` as ``8.20×``; "-" when either is unknown or the reference 0."""
    if value is None or not reference:
        return "-"
    return f"{value / reference:.2f}×"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain text table: first column left-aligned, the others right-aligned."""
    cells = [list(map(str, headers))] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(value.ljust(width) if i == 0 else value.rjust(width)
                         for i, (value, width) in enumerate(zip(row, widths, strict=True))).rstrip()

    return "\n".join([line(cells[0]), line(["-" * width for width in widths]),
                      *map(line, cells[1:])])


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The same as a Markdown table (``|`` in cells escaped)."""
    def line(row: Sequence[object]) -> str:
        return "| " + " | ".join(_cell(value).replace("|", "\\|") for value in row) + " |"

    return "\n".join([line(headers), line(["---"] * len(headers)), *map(line, rows)])


def _cell(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def save_results(name: str, data: dict, markdown: str | None = None) -> Path:
    """Write the raw results as JSON to bench/results/ (git-ignored), and ``markdown``
    beside it as ``.md``; returns the JSON's path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    if markdown is not None:
        path.with_suffix(".md").write_text(markdown + "\n", encoding="utf-8")
    return path
