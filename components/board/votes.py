"""Dot voting: what can get dots and how many each got.

Pure Python (no streamlit).  The live vote panel (:mod:`components.widgets.workshop`) offers
:func:`votable` as the choices and shows :func:`vote_counts` as its results; the workshop
report (:mod:`components.report.sections`) words the same counts.

What gets dots is what a team ranks in a workshop: on the canvas its jobs, outcomes,
obstacles and solutions (the canvas's cards carry the dot buttons), on the progress page its
metrics, on the funnel page its scenarios (each page offers its own, see :func:`votable_on`).

Example: on the shelf board, Ann puts two dots on outcome ``o1`` and Ben one on solution
``s1``: ``vote_counts(board)`` -> ``[("o1", 2), ("s1", 1)]``.
"""

from __future__ import annotations

from collections import Counter

from components.board.model import Board

#: The pages whose items get dots, in the order :func:`votable` lists them.
PAGES = ("canvas", "progress", "funnel")


def votable_on(board: Board, page: str) -> dict[str, str]:
    """What can get dots on one of :data:`PAGES`, id -> text, in board order.

    ``canvas``: each job followed by its outcomes and obstacles, then the solutions;
    ``progress``: the metrics (by name); ``funnel``: the scenarios (by name).
    """
    if page == "progress":
        return {metric.id: metric.name for metric in board.metrics}
    if page == "funnel":
        return {scenario.id: scenario.name for scenario in board.scenarios}
    options = {}
    for job in board.needs:
        options[job.id] = job.text
        for part in (*job.outcomes, *job.obstacles):
            options[part.id] = part.text
    options.update({solution.id: solution.text for solution in board.solutions})
    return options


def votable(board: Board) -> dict[str, str]:
    """Everything that can get dots, id -> text: the canvas's, then the metrics, then the
    scenarios."""
    return {item: text for page in PAGES for item, text in votable_on(board, page).items()}


def vote_counts(board: Board) -> list[tuple[str, int]]:
    """(item id, dots) of every item with a dot, most dots first (ties: first voted first)."""
    return Counter(vote.target for vote in board.votes).most_common()
