"""Importance and satisfaction of desired outcomes from a customer survey (CSV upload).

Pure Python (no streamlit).  Instead of estimating importance and satisfaction, a team can ask
customers to rate each desired outcome from 1 to 5 and upload the answers.  Each number on the
canvas (0..10) becomes the share of "top-two box" answers (4 or 5) times ten::

    importance   = 10 × (answers of 4 or 5 on importance)   / (importance answers)
    satisfaction = 10 × (answers of 4 or 5 on satisfaction) / (satisfaction answers)

Worked example: four respondents rate "it hangs straight" importance 5, 4, 3, 5 and
satisfaction 2, 4, 1, 2 → importance 10 × 3/4 = 7.5, satisfaction 10 × 1/4 = 2.5, so the
opportunity is 7.5 + 5 = 12.5 (strong).

CSV format
----------
A header row, then one row per respondent and outcome; comma, semicolon or tab separated,
UTF-8 (a byte-order mark is fine), at most 2 MB::

    respondent,persona,outcome,importance,satisfaction
    r1,Weekend DIYer,It hangs straight,5,2
    r2,Weekend DIYer,It hangs straight,4,4

* ``respondent`` — who answered (any text; one person rates an outcome once);
* ``persona`` — optional column: the persona's name (or id) on the board, or empty;
* ``outcome`` — the outcome's id or its exact text (case and surrounding spaces ignored);
* ``importance``, ``satisfaction`` — whole numbers 1 to 5.

Column names are matched ignoring case and spaces, in any order; other columns are ignored.
Results are per persona: an outcome belongs to a job, and the job to at most one persona, so
the answers for an outcome must come from that persona (or leave the persona empty).  A row
for another persona is an error rather than silently mixing segments.

Any problem raises :class:`SurveyError` with a stable ``code``, the ``line`` of the file and
``params`` for a translated message; nothing is returned half-done.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from components.board.model import Board
from components.errors import Problem

COLUMNS = ("respondent", "persona", "outcome", "importance", "satisfaction")
REQUIRED = ("respondent", "outcome", "importance", "satisfaction")
RATINGS = ("importance", "satisfaction")
MAX_BYTES = 2_000_000
TOP_TWO = (4, 5)


class SurveyError(Problem):
    """A survey file that cannot be used (sentences under ``canvas.survey_error``).

    ``code``: ``not_utf8``, ``too_large``, ``empty``, ``bad_csv``, ``missing_column``,
    ``missing_value``, ``bad_rating``, ``unknown_outcome``, ``ambiguous_outcome``,
    ``unknown_persona``, ``persona_mismatch``, ``duplicate``; ``line``: line of the file (1 is
    the header), 0 for the whole file (the field is ``line <n>``).
    """

    catalog = "canvas.survey_error"

    def __init__(self, code: str, line: int = 0, **params: Any) -> None:
        super().__init__(f"line {line}" if line else "", code, **params)
        self.line = line


@dataclass(frozen=True)
class SurveyResult:
    """The computed numbers of one outcome (0..10, exact) and how many answered."""

    outcome: str
    persona: str | None
    respondents: int
    importance: Fraction
    satisfaction: Fraction


def top_two_share(ratings: Sequence[int]) -> Fraction:
    """10 × the share of ratings that are 4 or 5; ``[5, 4, 3, 5]`` -> 7.5."""
    if not ratings:
        raise ValueError("no ratings")
    return Fraction(10 * sum(1 for r in ratings if r in TOP_TWO), len(ratings))


def stored(score: Fraction) -> float:
    """A computed score as saved on the board: two decimals (10 × 2/3 -> 6.67)."""
    return round(float(score), 2)


def read(data: bytes | str, board: Board) -> list[SurveyResult]:
    """Parse a survey file against ``board``; one result per outcome answered, board order."""
    rows = _rows(data)
    outcomes = _OutcomeIndex(board)
    personas = _PersonaIndex(board)
    answers: dict[str, dict[str, list[int]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        respondent = _required(row, "respondent", line)
        outcome_id = outcomes.find(_required(row, "outcome", line), line)
        persona_id = personas.find(row.get("persona", ""), line)
        owner = outcomes.persona_of[outcome_id]
        if persona_id is not None and persona_id != owner:
            raise SurveyError("persona_mismatch", line, outcome=row["outcome"].strip(),
                              persona=row["persona"].strip())
        first = seen.setdefault((respondent, outcome_id), line)
        if first != line:
            raise SurveyError("duplicate", line, respondent=respondent, first=first)
        ratings = answers.setdefault(outcome_id, {name: [] for name in RATINGS})
        for name in RATINGS:
            ratings[name].append(_rating(row, name, line))
    return [SurveyResult(outcome_id, outcomes.persona_of[outcome_id],
                         len(answers[outcome_id]["importance"]),
                         top_two_share(answers[outcome_id]["importance"]),
                         top_two_share(answers[outcome_id]["satisfaction"]))
            for outcome_id in outcomes.order if outcome_id in answers]


def template(board: Board) -> str:
    """A CSV to fill in: the header and one row per outcome for a first respondent."""
    names = {p.id: p.name for p in board.personas}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for job in board.needs:
        for outcome in job.outcomes:
            writer.writerow(["r1", names.get(job.persona, ""), outcome.text, "", ""])
    return buffer.getvalue()


# --- reading ---------------------------------------------------------------------------------

def _rows(data: bytes | str) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: cell}) for each non-blank row; checks size, encoding and columns."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        raise SurveyError("too_large", limit=MAX_BYTES // 1_000_000)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SurveyError("not_utf8") from None
    text = data.lstrip("\ufeff")
    if not text.strip():
        raise SurveyError("empty")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [cell.strip().casefold().replace(" ", "") for cell in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise SurveyError("missing_column", 1, column=", ".join(missing))
        rows = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                row = {name: cells[i] if i < len(cells) else ""
                       for i, name in enumerate(header) if name in COLUMNS}
                rows.append((reader.line_num, row))
    except csv.Error as error:
        raise SurveyError("bad_csv", reader.line_num, detail=str(error)) from None
    if not rows:
        raise SurveyError("empty")
    return rows


def _required(row: dict[str, str], column: str, line: int) -> str:
    value = row.get(column, "").strip()
    if not value:
        raise SurveyError("missing_value", line, column=column)
    return value


def _rating(row: dict[str, str], column: str, line: int) -> int:
    value = _required(row, column, line)
    if value not in ("1", "2", "3", "4", "5"):
        raise SurveyError("bad_rating", line, column=column, value=value[:40])
    return int(value)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _OutcomeIndex:
    """Find an outcome by id or exact text; remembers each outcome's persona."""

    def __init__(self, board: Board) -> None:
        self.order: list[str] = []
        self.persona_of: dict[str, str | None] = {}
        self.by_text: dict[str, list[str]] = {}
        for job in board.needs:
            for outcome in job.outcomes:
                self.order.append(outcome.id)
                self.persona_of[outcome.id] = job.persona
                self.by_text.setdefault(_key(outcome.text), []).append(outcome.id)

    def find(self, value: str, line: int) -> str:
        if value in self.persona_of:
            return value
        matches = self.by_text.get(_key(value), [])
        if len(matches) > 1:
            raise SurveyError("ambiguous_outcome", line, value=value[:80])
        if not matches:
            raise SurveyError("unknown_outcome", line, value=value[:80])
        return matches[0]


class _PersonaIndex:
    """Find a persona by id or name (case ignored); empty means none."""

    def __init__(self, board: Board) -> None:
        self.ids = {p.id for p in board.personas}
        self.by_name = {_key(p.name): p.id for p in board.personas}

    def find(self, value: str, line: int) -> str | None:
        value = value.strip()
        if not value:
            return None
        if value in self.ids:
            return value
        if _key(value) in self.by_name:
            return self.by_name[_key(value)]
        raise SurveyError("unknown_persona", line, value=value[:80])
