"""Fit of the needs/solutions canvas (the yin and yang of seed 002).

Pure Python (no streamlit) on plain data: the functions read attributes ``id``, ``text``,
``kind``, ``importance`` (needs), ``solution``, ``target``, ``strength`` (links) from any
object or mapping, so the frozen dataclasses below, the board records of
``components.board.model`` (its ``Outcome``/``Obstacle``/``Solution``/``Link``) and plain dicts all
work.

* :func:`unaddressed_needs` — needs no link points at, most important first.
* :func:`orphan_solutions` — solutions that point at no need ("a solution looking for a
  problem").
* :func:`fit_score` — how well the solutions reach the desired outcomes, 0..100,
  importance-weighted.
* :func:`obstacle_score` — how well they remove the obstacles, 0..100.
* :func:`disguised`, :func:`solutions_in_disguise` — "needs" that name a product ("they need a
  drill"), read by sentence shape in :mod:`components.canvas.disguise`.

A link's ``target`` is an outcome, an obstacle or the job itself.  A link to the job says the
solution helps with the job as a whole: the solution is then no orphan, but the link reaches no
particular outcome and removes no particular obstacle, so it adds to neither score.

Fit score (outcomes)
--------------------
Each outcome counts with its importance; its coverage is that of its strongest link
(``strong`` 1, ``weak`` 0.5, no link 0)::

    fit = 100 * sum(weight * coverage) / sum(weight)

The weight is the outcome's importance.  An outcome not rated yet (importance ``None``)
weighs the mean importance of the rated ones, and while none is rated every outcome weighs 1:
an unrated outcome without a solution lowers the score, as it shows among the needs without
a solution.  Items whose ``kind`` is ``obstacle`` are left out (items without a ``kind``
count as outcomes).  ``None`` when there is no outcome or the weights add up to 0 (every
outcome rated 0).

Worked example (the shelf): "it hangs straight" importance 8 with a strong link from the
spirit level, "it holds the books" importance 6 with a weak link from the wall plugs, "it looks
tidy" importance 6 without a link: fit = 100 × (8×1 + 6×0.5 + 6×0) / 20 = 55.0.  A fourth
outcome "no dust on the carpet", not rated and not linked, weighs (8 + 6 + 6) / 3 = 6⅔:
fit = 100 × 11 / 26⅔ = 41.25.

Obstacle score
--------------
Obstacles carry no importance; each counts alike, with the coverage of its strongest link::

    obstacles = 100 * sum(coverage) / number of obstacles

Two obstacles, one removed strongly, one weakly: 100 × (1 + 0.5) / 2 = 75.0.  ``None`` without
obstacles.  The two scores are shown side by side, each with its name, so that "outcomes 100"
never hides obstacles nobody removes.
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
    "obstacle_score",
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
    """``solution`` helps with the need ``target`` (an outcome, an obstacle or the job),
    ``weak``ly or ``strong``ly."""

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
    """Importance-weighted share of the outcomes reached by a link, 0..100.

    See the module docstring for the formula, the weight of unrated outcomes and a worked
    example.  Obstacles (``kind == "obstacle"``) are left out; ``None`` without outcomes or
    when the weights add up to 0.
    """
    coverage = _coverage(links)
    rated: list[tuple[Fraction, Fraction]] = []
    unrated: list[Fraction] = []
    for index, outcome in enumerate(outcomes):
        if _get(outcome, "kind", index, "outcome") == "obstacle":
            continue
        importance = _importance(_get(outcome, "importance", index, None), index)
        covered = coverage.get(_get(outcome, "id", index), Fraction(0))
        if importance is None:
            unrated.append(covered)
        else:
            rated.append((importance, covered))
    if not rated and not unrated:
        return None
    mean = sum(weight for weight, _ in rated) / len(rated) if rated else Fraction(1)
    total = sum(weight for weight, _ in rated) + mean * len(unrated)
    if total == 0:
        return None
    reached = sum(weight * covered for weight, covered in rated) + mean * sum(unrated)
    return float(100 * reached / total)


def obstacle_score(needs: Iterable[Any], links: Iterable[Any]) -> float | None:
    """Share of the obstacles removed by a link, 0..100 (strong 1, weak 0.5, each alike).

    Only items whose ``kind`` is ``obstacle`` count; ``None`` without obstacles.  See the
    module docstring for a worked example.
    """
    coverage = _coverage(links)
    removed = [coverage.get(_get(need, "id", index), Fraction(0))
               for index, need in enumerate(needs)
               if _get(need, "kind", index, "outcome") == "obstacle"]
    if not removed:
        return None
    return float(100 * sum(removed) / len(removed))


def _coverage(links: Iterable[Any]) -> dict[Hashable, Fraction]:
    """Each target's coverage: that of its strongest link."""
    coverage: dict[Hashable, Fraction] = {}
    for i, link in enumerate(links):
        target = _get(link, "target", i)
        strength = _strength(_get(link, "strength", i, "strong"), i)
        coverage[target] = max(coverage.get(target, Fraction(0)), strength)
    return coverage
