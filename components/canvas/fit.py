"""Fit of the needs/solutions canvas (the yin and yang of seed 002).

Pure Python (no streamlit) on plain data: the functions read attributes ``id``, ``text``,
``kind``, ``importance`` (needs), ``solution``, ``target``, ``strength`` (links) from any
object or mapping, so the frozen dataclasses below, the board records of
``components.board.model`` (its ``Outcome``/``Obstacle``/``Solution``/``Link``) and plain dicts all
work.

* :func:`unaddressed_needs` — needs no link points at, most important first.
* :func:`orphan_solutions` — solutions that point at no need ("a solution looking for a
  problem").
* :func:`fit_score` — how well the solutions cover the outcomes, 0..100, importance-weighted.
* :func:`disguised`, :func:`solutions_in_disguise` — "needs" that name a product ("they need a
  drill"), read by sentence shape in :mod:`components.canvas.disguise`.

Fit score
---------
Each outcome counts with its importance; its coverage is that of its strongest link
(``strong`` 1, ``weak`` 0.5, no link 0)::

    fit = 100 * sum(importance * coverage) / sum(importance)

Outcomes without an importance (``None``) weigh 0; items whose ``kind`` is ``obstacle`` are
left out (items without a ``kind`` count as outcomes).  ``None`` when there is no outcome or
the importances add up to 0 — the page should ask for importance ratings then.

Worked example (the shelf): "it hangs straight" importance 8 with a strong link from the
spirit level, "it holds the books" importance 6 with a weak link from the wall plugs, "it looks
tidy" importance 6 without a link: fit = 100 × (8×1 + 6×0.5 + 6×0) / 20 = 55.0.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from components.board.records import MISSING, field_of
from components.canvas.disguise import disguised, solutions_in_disguise
from components.errors import Problem
from components.numbers import non_negative

__all__ = [
    "STRENGTH_COVERAGE",
    "FitInputError",
    "Need",
    "Sol",
    "Link",
    "unaddressed_needs",
    "orphan_solutions",
    "fit_score",
    "disguised",
    "solutions_in_disguise",
]

#: Coverage an outcome gets from its strongest link.
STRENGTH_COVERAGE: dict[str, Fraction] = {"strong": Fraction(1), "weak": Fraction(1, 2)}

class FitInputError(Problem):
    """A bad input to a fit calculation: ``field`` names it (``links[2].strength`` for the
    third of a list), ``code`` is ``missing``, ``not_a_number``, ``negative`` or
    ``not_allowed`` (a kind or strength that does not exist)."""


@dataclass(frozen=True)
class Need:
    """An outcome or obstacle on the need side; ``importance`` 0..10 or ``None`` (not rated)."""

    id: Hashable
    text: str
    kind: Literal["outcome", "obstacle"] = "outcome"
    importance: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("outcome", "obstacle"):
            raise FitInputError("kind", "not_allowed", allowed="outcome, obstacle")
        if self.importance is not None:
            _importance(self.importance, None)


@dataclass(frozen=True)
class Sol:
    """A solution: product, service or feature."""

    id: Hashable
    text: str


@dataclass(frozen=True)
class Link:
    """``solution`` helps with the need ``target``, ``weak``ly or ``strong``ly."""

    solution: Hashable
    target: Hashable
    strength: Literal["weak", "strong"] = "strong"

    def __post_init__(self) -> None:
        _strength(self.strength, None)


def _get(item: Any, key: str, index: int | None, default: Any = MISSING) -> Any:
    """The field ``key`` of a mapping or object; missing without a ``default``: an error."""
    value = field_of(item, key, default)
    if value is MISSING:
        raise FitInputError(_at(index, key), "missing")
    return value


def _at(index: int | None, name: str) -> str:
    return name if index is None else f"[{index}].{name}"


def _importance(value: Any, index: int | None) -> Fraction | None:
    return None if value is None else non_negative(value, _at(index, "importance"), FitInputError)


def _strength(value: Any, index: int | None) -> Fraction:
    try:
        return STRENGTH_COVERAGE[value]
    except (KeyError, TypeError):
        raise FitInputError(_at(index, "strength"), "not_allowed",
                            allowed="weak, strong") from None


def _targets(links: Iterable[Any]) -> set[Hashable]:
    return {_get(link, "target", i) for i, link in enumerate(links)}


def unaddressed_needs(needs: Iterable[Any], links: Iterable[Any]) -> list[Any]:
    """Needs (outcomes or obstacles) that no link targets, most important first.

    Any link counts, weak or strong.  Unrated needs (importance ``None`` or missing) come last;
    ties keep the input order.  The items are returned as given.
    """
    targets = _targets(links)
    open_needs = []
    for index, need in enumerate(needs):
        if _get(need, "id", index) not in targets:
            importance = _importance(_get(need, "importance", index, None), index)
            open_needs.append((importance is None, -(importance or 0), index, need))
    open_needs.sort(key=lambda row: row[:3])
    return [row[3] for row in open_needs]


def orphan_solutions(solutions: Iterable[Any], links: Iterable[Any]) -> list[Any]:
    """Solutions that no link connects to a need, in input order, as given."""
    linked = {_get(link, "solution", i) for i, link in enumerate(links)}
    return [s for i, s in enumerate(solutions) if _get(s, "id", i) not in linked]


def fit_score(outcomes: Iterable[Any], links: Iterable[Any]) -> float | None:
    """Importance-weighted share of the outcomes covered by a link, 0..100.

    See the module docstring for the formula and a worked example.  Obstacles (``kind ==
    "obstacle"``) are ignored; ``None`` without outcomes or with total importance 0.
    """
    coverage: dict[Hashable, Fraction] = {}
    for i, link in enumerate(links):
        target = _get(link, "target", i)
        strength = _strength(_get(link, "strength", i, "strong"), i)
        coverage[target] = max(coverage.get(target, Fraction(0)), strength)
    total = Fraction(0)
    covered = Fraction(0)
    for index, outcome in enumerate(outcomes):
        if _get(outcome, "kind", index, "outcome") == "obstacle":
            continue
        importance = _importance(_get(outcome, "importance", index, None), index) or Fraction(0)
        total += importance
        covered += importance * coverage.get(_get(outcome, "id", index), Fraction(0))
    if total == 0:
        return None
    return float(100 * covered / total)
