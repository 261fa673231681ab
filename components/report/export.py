"""Sharing the workshop report outside the app: Markdown, and the ZIP of board file and tables.

Pure Python (no streamlit).  :func:`markdown` writes the summary for a chat or a wiki;
:func:`board_files` the board file and every table as CSV (each CSV the one its tool page
offers: same function, same columns; tables no page exports yet, the stage table, actuals,
answers and votes, written from the board's records), packed by :func:`zip_files`.  User text
stays text: :func:`markdown_text` escapes what Markdown would format.

Example: ``markdown(report, ("canvas",))`` of the shelf starts ``# Put up a shelf`` and has
one ``## Needs vs solutions`` part; ``board_files(board, report)`` holds ``board.yaml``,
``canvas-outcomes.csv`` (when given), ``progress-metrics.csv`` … for what the board has.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence

from components import i18n
from components.board import boardfile
from components.board.model import Board
from components.experiments import cards, experiments_csv
from components.funnel.calc import STAGES
from components.funnel.plan import plan_csv
from components.funnel.stages import STAGE_COLUMNS, stage_vocabulary
from components.progress.view import ALL, metrics_csv, outcome_choices, snapshots_csv, views_in
from components.report.content import Report, Section, grouped, meta_lines, shown_sections


def markdown(report: Report, chosen: Iterable[str]) -> str:
    """The summary as Markdown for a chat or a wiki: header, then each section's lines."""
    out = [f"# {markdown_text(report.title)}"]
    if report.description:
        out += ["", markdown_text(report.description)]
    out.append("")
    out += [f"- **{markdown_text(label)}:** {markdown_text(value)}"
            for label, value in meta_lines(report)]
    for section in shown_sections(report, chosen):
        out += ["", f"## {markdown_text(section.title)}", "", lines_markdown(section).rstrip()]
    return "\n".join(out) + "\n"


def lines_markdown(section: Section, escape: Callable[[str], str] | None = None) -> str:
    """A section's lines as Markdown bullets, each group under its name in bold.

    ``escape`` makes a user text safe (default :func:`markdown_text`); the page passes the
    stricter escaping Streamlit's Markdown needs.
    """
    escape = escape or markdown_text
    out = []
    for group, lines in grouped(section.lines):
        if group:
            out += ["", f"**{escape(group)}**", ""]
        out += ["- " + (f"**{escape(line.heading)}** " if line.label else "") + escape(line.text)
                for line in lines]
    return "\n".join(out).strip() + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\d*)([#>]|[-+.)](?=\s))")


def markdown_text(text: str) -> str:
    """User text that stays text in Markdown, readable when pasted into a chat.

    Kept on one line (a line break typed into an answer cannot end its bullet); the
    characters that format inline (``* _ ` [ ] < > | ~`` and the backslash) are escaped, and so
    is a start that would begin a heading, quote or list.  Dots, dashes and brackets inside
    the text stay as they are: ``2.500 EUR (6.250 EUR)`` reads as typed.
    """
    flat = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(r"\1\\\2", flat)


def board_files(board: Board, report: Report, outcomes_csv: str | None = None
                ) -> dict[str, str]:
    """The board file (YAML) and every table of the board as CSV, by file name.

    ``outcomes_csv`` is the canvas page's outcome table (drawn by its widget), included when
    given.  Headers are in the report's language where the tool pages translate them.
    """
    language = report.language
    files: dict[str, str] = {"board.yaml": boardfile.dump(board)}
    if outcomes_csv is not None:
        files["canvas-outcomes.csv"] = outcomes_csv
    if board.metrics:
        files["progress-metrics.csv"] = metrics_csv(views_in(board, ALL), report.names,
                                                    outcome_choices(board))
    if board.snapshots:
        files["progress-snapshots.csv"] = snapshots_csv(board.snapshots, report.names)
    names = stage_vocabulary(language).stage_names
    for number, item in enumerate(report.plans, start=1):
        if item.plan is None:
            continue
        period = item.plan.inputs.period
        headers = {"stage": i18n.t(language, "funnel.table.stage"),
                   "rate": i18n.t(language, "funnel.table.rate_percent"),
                   "total": i18n.t(language, f"funnel.table.per_period.{period}"),
                   "per_month": i18n.t(language, "funnel.table.per_month")}
        files[f"funnel-plan-{number}-{slug(item.scenario.name)}.csv"] = plan_csv(
            item.plan, names, headers,
            lambda month: i18n.t(language, "funnel.table.month_n", month=month))
    if board.stages:
        files["funnel-stages.csv"] = _csv(
            ("stage", *STAGE_COLUMNS),
            [(row.stage, *(getattr(row, column) for column in STAGE_COLUMNS))
             for row in sorted(board.stages, key=lambda row: STAGES.index(row.stage))])
    if board.actuals:
        files["funnel-actuals.csv"] = _csv(
            ("month", *STAGES),
            [(actual.month, *("" if getattr(actual, stage) is None else getattr(actual, stage)
                              for stage in STAGES)) for actual in board.actuals])
    if board.answers:
        files["discussion.csv"] = _csv(
            ("prompt", "question", "answer"),
            [(answer.prompt, i18n.t(language, f"canvas.prompts.{answer.prompt}"), answer.text)
             for answer in board.answers])
    if board.experiments:
        files["experiments.csv"] = experiments_csv(cards(board, language, report.date))
    votes = report.section("votes")
    if votes.tables:
        files["votes.csv"] = _csv(votes.tables[0].columns, votes.tables[0].rows)
    return files


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def slug(name: str) -> str:
    """A file-name part: letters and digits joined by dashes ("Q3 plan" -> "q3-plan")."""
    return re.sub(r"[^\w]+", "-", name.casefold(), flags=re.ASCII).strip("-")[:40] or "scenario"


def file_stem(report: Report) -> str:
    """``report-<title>-<date>``: the downloads' file names."""
    return f"report-{slug(report.title)}-{report.date.isoformat()}"


def zip_files(files: Mapping[str, str | bytes]) -> bytes:
    """One ZIP archive of ``{file name: content}`` (text is written as UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str)
                             else content)
    return buffer.getvalue()
