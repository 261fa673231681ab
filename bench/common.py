"""What both benchmarks share: targets, demo boards in a scratch database, statistics, tables.

A *target* is a page and the size of the board it shows, written ``page@items``
(``canvas@1000``).  ``bare`` is the reference page (bench/bare_app.py running
bench/bare_page.py): the work every page of the app does before drawing its own content, so
``canvas / bare`` is what the canvas itself costs on top of the shared frame.
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

from components import demo
from components.board import store
from components.widgets.shell import PAGES

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE_APP = ROOT / "bench" / "bare_app.py"
RESULTS = ROOT / "bench" / "results"
#: Who the benchmarks' boards and changes are by (the server operator, as the command line).
AUTHOR = store.Person("", "bench")
BARE = "bare"
APP_PAGES = tuple(PAGES)  # app.py's pages; the URL path of each is its name, "" for home


@dataclass(frozen=True, order=True)
class Target:
    """A page of the app (or the bare reference) showing a demo board of ``items`` records."""

    page: str
    items: int

    @classmethod
    def parse(cls, text: str, default_items: int) -> Target:
        """``canvas@1000`` or ``canvas`` (then ``default_items``); unknown pages are refused."""
        page, _, items = text.strip().partition("@")
        if page not in (BARE, *APP_PAGES):
            raise ValueError(f"unknown page {page!r}: use one of {', '.join((BARE, *APP_PAGES))}")
        try:
            return cls(page, int(items) if items else default_items)
        except ValueError:
            raise ValueError(f"{text!r}: the board size after @ must be a whole number") from None

    @property
    def url_path(self) -> str:
        """The page's URL path in app.py's navigation ("" for the boards page and for bare)."""
        return "" if self.page in ("home", BARE) else self.page

    @property
    def reference(self) -> Target:
        """The bare page on a board of the same size: what this target is compared with."""
        return Target(BARE, self.items)

    def __str__(self) -> str:
        return f"{self.page}@{self.items}"


def parse_targets(text: str, default_items: int) -> list[Target]:
    """Comma-separated targets with the bare reference of each size, by size, bare first."""
    targets = {Target.parse(part, default_items) for part in text.split(",") if part.strip()}
    targets |= {target.reference for target in targets}
    order = (BARE, *APP_PAGES)
    return sorted(targets, key=lambda target: (target.items, order.index(target.page)))


def scratch_directory() -> tempfile.TemporaryDirectory:
    """A temporary folder for the scratch database and server logs, removed afterwards."""
    return tempfile.TemporaryDirectory(prefix="progress-canvas-bench-")


def scratch_database_url(directory: str) -> str:
    return f"sqlite:///{Path(directory) / 'bench.sqlite'}"


def demo_boards(url: str, sizes: Iterable[int], seed: int = 0) -> dict[int, str]:
    """One demo board per size (``components.demo``, as ``admin demo`` makes); ids by size."""
    engine = store.connect(url)
    try:
        return {size: store.create(engine, demo.demo_board(size, seed), AUTHOR)
                for size in sorted(set(sizes))}
    finally:
        engine.dispose()


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

    Example: of 30 timings, p95 is the 29th smallest (ceil(0.95 × 30) = 29).
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×" if reference > 0 else "-"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain text table: first column left-aligned, the others right-aligned."""
    cells = [list(map(str, headers))] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(value.ljust(width) if i == 0 else value.rjust(width)
                         for i, (value, width) in enumerate(zip(row, widths, strict=True))).rstrip()

    return "\n".join([line(cells[0]), line(["-" * width for width in widths]),
                      *map(line, cells[1:])])


def _cell(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def save_results(name: str, data: dict) -> Path:
    """Write the raw results as JSON to bench/results/ (git-ignored); returns the path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    return path
