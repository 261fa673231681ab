"""The workshop report: the whole board told as one story, for people who were not in the room.

Pure Python (no streamlit).  :func:`build` reads a :class:`~components.board.model.Board`
through the same functions the tool pages use — :func:`components.canvas.view.build` for the
canvas and its fit analysis, :mod:`components.progress.view` for scores, gains and worth-it
verdicts, :func:`components.funnel.plan.make_plan` for the funnel — and has each tool's
section worded (:mod:`components.report.sections`) into a
:class:`~components.report.content.Report`.  Nothing is computed twice: the numbers in the
report are the pages' numbers, only worded for a reader.  The same report feeds the page, the
HTML file (:mod:`components.report.html`), the Markdown summary and the ZIP of board file and
tables (:mod:`components.report.export`).

Example: ``build(shelf, "de", ("Anna",))`` gives a report titled like the board, dated today,
with Anna as participant and six sections; its canvas section starts with the lines
``Passungswert Ergebnisse: 63,3 von 100 …`` (``fit.fit_score``) and ``Passungswert
Hindernisse: 100 von 100 …`` (``fit.obstacle_score``: all three obstacles removed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from components import i18n
from components.board.model import Board, Scenario
from components.canvas import view as canvas_view
from components.funnel.calc import FunnelInputError
from components.funnel.plan import inputs_of, make_plan
from components.progress.view import ALL, persona_names, score_rows, trend_rows
from components.report import sections
from components.report.content import Report, ScenarioPlan
from components.report.experiments import experiments_section


def build(board: Board, language: str, people: Sequence[str] = (),
          today: dt.date | None = None) -> Report:
    """The report of ``board`` in ``language``, dated ``today`` (default: the current date)."""
    view = canvas_view.build(board, canvas_view.prefixes(language))
    names = persona_names(board, language)
    plans = tuple(_plan_of(scenario) for scenario in board.scenarios)
    inputs = sections.Inputs(language, board, view, names)
    today = today or dt.date.today()
    return Report(
        title=board.title,
        description=board.description,
        language=language,
        board_language=i18n.t(language, f"language.{board.language}"),
        date=today,
        participants=tuple(people),
        sections=(sections.canvas(inputs), sections.progress(inputs),
                  sections.funnel(inputs, plans), experiments_section(board, language, today),
                  sections.discussion(inputs), sections.votes(inputs)),
        view=view,
        names=names,
        scores=tuple((names[p], dim, score) for p, dim, score in score_rows(board)),
        trend=tuple((day, names[p], dim, score) for day, p, dim, score in
                    trend_rows(board, ALL)),
        plans=plans,
    )


def _plan_of(scenario: Scenario) -> ScenarioPlan:
    try:
        return ScenarioPlan(scenario, make_plan(inputs_of(scenario)))
    except FunnelInputError as problem:
        return ScenarioPlan(scenario, None, problem)


def participants(authors: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """Everyone who changed the board or is on it now, each name once, sorted.

    ``authors`` are the history's authors (empty for changes nobody signed), ``present`` the
    names :func:`components.board.store.present` sees.  Names differing only in case or spaces
    around them count once (the first spelling met wins).
    """
    seen: dict[str, str] = {}
    for name in (*authors, *present):
        clean = " ".join(name.split())
        if clean:
            seen.setdefault(clean.casefold(), clean)
    return tuple(sorted(seen.values(), key=str.casefold))
