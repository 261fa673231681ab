"""The report's experiments section: every test card and what was learned from it.

Pure Python (no streamlit).  One line per card, most urgent first (overdue, waiting for a
decision, running, drafts, decided), labelled with its status and what it tests; the text is
the card as written ("We believe that … To verify that, we will … We observed …").  A table
lists them all for the ZIP and the HTML file.  The words are those of the cards on the pages
(:mod:`components.experiments.words`).

Example (English, one running card on the coffee example's verdict): the line
``running · Worth-it verdict: Office worker`` — "We believe that: Office workers would pay €35
a month. To verify that, we will: offer it to 20 of them. We are right if: at least 5
sign-ups. By: 15 Jan 2027."
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from components import i18n
from components.board.model import Board
from components.experiments.cards import STATUSES, cards
from components.experiments.words import learning_lines, planned_lines, subject_text
from components.report.content import Line, Section, Table


def experiments_section(board: Board, language: str, today: dt.date) -> Section:
    """The section ``experiments`` of the report (``empty`` without a card)."""
    title = i18n.t(language, "report.section.experiments")
    found = cards(board, language, today)
    if not found:
        return Section("experiments", title,
                       (Line("", i18n.t(language, "report.empty.experiments")),), empty=True)
    count = Counter(card.status for card in found)
    lines = [Line("", i18n.t(language, "experiments.report.counts", count=len(found),
                             total=len(found),
                             **{status: count[status] for status in STATUSES}))]
    rows = []
    for card in found:
        status = i18n.t(language, f"experiments.status.{card.status}")
        label = f"{status} · {subject_text(card.subject, language)}"
        parts = [*planned_lines(card.experiment, language), *learning_lines(card, language)]
        lines.append(Line(label, " ".join(f"{name}: {text}." if not text.endswith(
            (".", "!", "?")) else f"{name}: {text}" for name, text in parts)))
        by_label = dict(parts)
        rows.append((status, subject_text(card.subject, language),
                     *(by_label.get(i18n.t(language, f"experiments.card.{name}"), "")
                       for name in _COLUMNS)))
    header = (i18n.t(language, "experiments.report.status"),
              i18n.t(language, "experiments.report.subject"),
              *(i18n.t(language, f"experiments.card.{name}") for name in _COLUMNS))
    table = Table(i18n.t(language, "experiments.report.table"), header, tuple(rows), main=2)
    return Section("experiments", title, tuple(lines), (table,))


_COLUMNS = ("hypothesis", "test", "criterion", "due", "observation", "learning", "decision")
