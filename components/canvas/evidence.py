"""How well-founded is each need?  Seed 002: the customer owns their needs; a team cannot sit
in the office and speculate them up, it must ask, listen and watch customers at work.

Pure Python (no streamlit).  Each outcome and obstacle carries its evidence
(:class:`~components.board.model.Evidence`: source, how many customers, a quote).  The
customers of the interviews, observations and surveys are added up (an estimate counts no
customer: it is the office's guess), and the kinds of source are counted::

    level = "none"          no evidence recorded
            "guessed"       only the team's estimates
            "anecdotal"     heard from or seen with 1 to FOUNDED - 1 customers
            "founded"       FOUNDED (5) customers or more, from one kind of source
            "triangulated"  FOUNDED customers or more, from two kinds of source or more
                            (e.g. interviews and watching them work)

Five follows the practice of asking five to eight customers before trusting a pattern; the
same customer met twice (interviewed, then observed) counts twice, so a team should record
distinct customers where it can.

Worked example (the coffee buyer's "awake and at my desk without losing time in a queue"):
interviews with 4 office workers ("I lose ten minutes every morning"), 3 observed at the
station café, and the team's estimate: 4 + 3 = 7 customers from two kinds of source:
``triangulated``.  The obstacle "the office coffee corner is often empty" with only an
estimate: ``guessed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from components import i18n
from components.board.model import Board
from components.board.records import field_of

__all__ = ["FOUNDED", "LEVELS", "SOURCES", "Foundation", "foundation", "foundation_sentence",
           "foundations"]

#: Kinds of evidence, the customer's own first.
SOURCES: tuple[str, ...] = ("interview", "observation", "survey", "estimate")
#: Levels from weakest to strongest.
LEVELS: tuple[str, ...] = ("none", "guessed", "anecdotal", "founded", "triangulated")
#: Customers heard or seen from which a need counts as founded.
FOUNDED = 5


@dataclass(frozen=True)
class Foundation:
    """What a need rests on: ``level`` (one of :data:`LEVELS`), ``customers`` heard or seen,
    the kinds of source other than estimates (``sources``, in :data:`SOURCES` order), the
    number of pieces of evidence (``pieces``) and of customers' quotes (``quotes``)."""

    level: str
    customers: int
    sources: tuple[str, ...]
    pieces: int
    quotes: int


def foundation(evidence: Iterable[Any]) -> Foundation:
    """How well-founded a need is, from its evidence (records or mappings with ``source``,
    ``customers``, ``quote``).

    >>> foundation([{"source": "interview", "customers": 4, "quote": "ten minutes lost"},
    ...             {"source": "observation", "customers": 3}]).level
    'triangulated'
    """
    pieces = list(evidence)
    heard = [item for item in pieces if field_of(item, "source", "estimate") != "estimate"]
    customers = sum(int(field_of(item, "customers", 0) or 0) for item in heard)
    kinds = {field_of(item, "source") for item in heard}
    sources = tuple(source for source in SOURCES if source in kinds)
    quotes = sum(1 for item in pieces if (field_of(item, "quote", "") or "").strip())
    if not pieces:
        level = "none"
    elif customers == 0:
        level = "guessed"
    elif customers < FOUNDED:
        level = "anecdotal"
    else:
        level = "triangulated" if len(sources) >= 2 else "founded"
    return Foundation(level, customers, sources, len(pieces), quotes)


def foundations(board: Board) -> dict[str, Foundation]:
    """Every outcome's and obstacle's foundation, by item id, in canvas order."""
    return {item.id: foundation(item.evidence) for job in board.needs
            for item in (*job.outcomes, *job.obstacles)}


def foundation_sentence(found: Foundation, language: str) -> str:
    """How well-founded a need is, in one sentence ("Well founded: 7 customers, from
    interviews, watching them work.")."""
    sources = ", ".join(i18n.t(language, f"evidence.from.{source}") for source in found.sources)
    return i18n.t(language, f"evidence.level.{found.level}", count=found.customers,
                  customers=found.customers, founded=FOUNDED, sources=sources)
