"""What a workshop report holds: sections of lines and tables, in the viewer's language.

A :class:`Report` holds one :class:`Section` per tool (:data:`SECTIONS`).  A section is a list
of :class:`Line` s (an optional bold label and a sentence) and some :class:`Table` s; a tool
with nothing on the board gives an ``empty`` section whose one line says so.  Everything is
text already worded and formatted (``components/report/sections.py`` words it), so the page,
the HTML file (:mod:`components.report.html`) and the Markdown summary
(:mod:`components.report.export`) only lay it out.

Example: the shelf's canvas section in English starts with
``Line("Fit score", "63.3 of 100 …")``; shown as ``**Fit score:** 63.3 of 100 …``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from components import i18n
from components.board.model import Scenario
from components.canvas.view import CanvasView
from components.formatting import format_date
from components.funnel.calc import FunnelInputError
from components.funnel.plan import Plan

#: The report's sections in reading order; each can be switched off.
SECTIONS = ("canvas", "progress", "funnel", "experiments", "discussion", "votes")


@dataclass(frozen=True)
class Line:
    """One line of a section's summary: ``label`` (may be empty) shown bold before ``text``.

    Consecutive lines of the same ``group`` (a persona's name) are shown under it.
    """

    label: str
    text: str
    group: str = ""

    @property
    def heading(self) -> str:
        """The label as shown before the text: "Fit score:"; a question keeps its "?"."""
        return self.label if self.label.endswith(("?", ":", "!")) else f"{self.label}:"


def grouped(lines: Iterable[Line]) -> list[tuple[str, list[Line]]]:
    """Consecutive lines of one group together: ``[(group, lines), …]`` in order."""
    groups_: list[tuple[str, list[Line]]] = []
    for line in lines:
        if not groups_ or groups_[-1][0] != line.group:
            groups_.append((line.group, []))
        groups_[-1][1].append(line)
    return groups_


@dataclass(frozen=True)
class Table:
    """A table as the reader sees it: translated headers, numbers formatted for the locale.

    ``numeric`` are the indexes of the columns to align right; ``main`` is the column of the
    long texts (the outcome, the metric), which gets the room when a page is narrow.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    main: int | None = None


@dataclass(frozen=True)
class Section:
    """One tool's part of the report; ``empty`` when the board has nothing for it yet."""

    key: str
    title: str
    lines: tuple[Line, ...]
    tables: tuple[Table, ...] = ()
    empty: bool = False


@dataclass(frozen=True)
class ScenarioPlan:
    """A saved funnel scenario and its plan (``None`` with the problem when it cannot run)."""

    scenario: Scenario
    plan: Plan | None
    problem: FunnelInputError | None = None


@dataclass(frozen=True)
class Report:
    """Everything the report shows, in the viewer's ``language``.

    ``view``, ``scores``, ``trend`` and ``plans`` are what the tools' charts are drawn from
    (the same inputs as on the tool pages); ``names`` maps persona ids (``None``: no persona)
    to the names shown.
    """

    title: str
    description: str
    language: str
    board_language: str
    date: dt.date
    participants: tuple[str, ...]
    sections: tuple[Section, ...]
    view: CanvasView
    names: Mapping[str | None, str]
    scores: tuple[tuple[str, str, float], ...]
    trend: tuple[tuple[dt.date, str, str, float], ...]
    plans: tuple[ScenarioPlan, ...]

    def section(self, key: str) -> Section:
        """The section ``key`` (one of :data:`SECTIONS`)."""
        return next(section for section in self.sections if section.key == key)

    @property
    def main_plan(self) -> ScenarioPlan | None:
        """The first scenario that computes: the one the funnel page opens with."""
        return next((item for item in self.plans if item.plan is not None), None)


def shown_sections(report: Report, chosen: Iterable[str]) -> tuple[Section, ...]:
    """The sections switched on, in report order."""
    wanted = set(chosen)
    return tuple(section for section in report.sections if section.key in wanted)


def meta_lines(report: Report) -> list[tuple[str, str]]:
    """(label, value) of the report's header: date, participants, board language."""
    language = report.language
    people = ", ".join(report.participants) or i18n.t(language, "report.meta.nobody")
    return [(i18n.t(language, "report.meta.date"), format_date(report.date, language)),
            (i18n.t(language, "report.meta.participants"), people),
            (i18n.t(language, "report.meta.language"), report.board_language)]
