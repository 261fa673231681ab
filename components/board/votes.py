"""Dot voting: what can get dots and how many each got.

Pure Python (no streamlit).  The live vote panel (:mod:`components.widgets.workshop`) offers
:func:`votable` as the choices and shows :func:`vote_counts` as its results; the workshop
report (:mod:`components.report.sections`) words the same counts.

Example: on the shelf board, Ann puts two dots on outcome ``o1`` and Ben one on solution
``s1``: ``vote_counts(board)`` -> ``[("o1", 2), ("s1", 1)]``.
"""

from __future__ import annotations

from collections import Counter

from components.board.model import Board


def votable(board: Board) -> dict[str, str]:
    """What can get dots: jobs, their outcomes and obstacles, and solutions, id -> text.

    In board order: each job followed by its outcomes and obstacles, then the solutions.
    """
    options = {}
    for job in board.needs:
        options[job.id] = job.text
        for part in (*job.outcomes, *job.obstacles):
            options[part.id] = part.text
    options.update({solution.id: solution.text for solution in board.solutions})
    return options


def vote_counts(board: Board) -> list[tuple[str, int]]:
    """(item id, dots) of every item with a dot, most dots first (ties: first voted first)."""
    return Counter(vote.target for vote in board.votes).most_common()
