"""The data of the interactive canvas: one JSON-able dict per view and language.

Pure Python (no streamlit).  The canvas in the browser (``components/canvas/assets/canvas.js``)
draws cards, lines and the analysis from this dict alone; Python never sends HTML.  Every
user-written text travels as a JSON string and the script puts it into the page as text
(``textContent``), so markup typed into a card stays text.  Numbers are formatted here, by
Babel in the viewer's language (``7,5`` in German), so the script only shows them.

:func:`payload` is a pure function of a :class:`~components.canvas.view.CanvasView`, the dots
each item got and the language; the page caches its result by the board's revision (which
names the content) and adds what belongs to one viewer (role, dots left, answers to the
viewer's own edits) beside it, without touching the cached dict.

Shape (keys of the top level)::

    title, compare, groups[{persona, name, jobs[job]}], solutions[solution],
    links[{id, solution, target, strength}], fit{...}, votes{item id: dots}, text{...}

    job      = {id, code, text, disguise, outcomes[part], obstacles[part], consequences[part]}
    part     = {id, kind, code, text, disguise, open, and for outcomes: note, importance,
                satisfaction, importance_text, satisfaction_text, opportunity_text, band,
                over_served, survey}
    solution = {id, code, text, kind, description, orphan}

Worked example: the shelf's outcome "The shelf hangs straight" (importance 9, satisfaction 3,
one strong link) becomes ``{"id": "out-straight", "kind": "outcome", "code": "O1", "importance":
9.0, "importance_text": "9", "opportunity_text": "15", "band": "strong", "open": False, …}``;
in German ``"opportunity_text"`` of a 7.5 would be ``"7,5"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from components import i18n
from components.canvas.opportunity import OPPORTUNITY_BANDS
from components.canvas.view import KINDS, CanvasView, JobView, Part, SolutionView
from components.formatting import format_number

#: The steps an importance or satisfaction can be set to on a card: 0, 0.5, … 10.
RATINGS = tuple(step / 2 for step in range(21))
#: Catalog subtrees the script needs, sent as flat ``{key: text}`` (placeholders stay).
TEXT_KEYS = ("canvas.ui.", "canvas.picture.", "canvas.kind.", "canvas.fit.",
             "canvas.field.placeholder_")
#: Shown instead of a score that cannot be computed yet.
NO_SCORE = "–"


def payload(view: CanvasView, votes: Mapping[str, int], language: str) -> dict[str, Any]:
    """The canvas data of ``view`` in ``language``; ``votes`` maps item ids to their dots."""
    open_ids = {part.id for part in view.fit.unaddressed}
    return {
        "title": view.title,
        "compare": view.compare,
        "groups": [{"persona": group.persona, "name": group.name,
                    "jobs": [_job(job, open_ids, language) for job in group.jobs]}
                   for group in view.groups],
        "solutions": [_solution(solution) for solution in view.solutions],
        "links": [{"id": link.id, "solution": link.solution, "target": link.target,
                   "strength": link.strength} for link in view.links],
        "fit": _fit(view, language),
        "votes": dict(votes),
        "text": texts(language),
    }


@cache
def texts(language: str) -> dict[str, Any]:
    """The script's texts in ``language`` (shared by every payload: never change it); a
    counted text as its plural forms (``{"one": …, "other": …}``, see canvas.js ``fill``)."""
    catalog = i18n.catalog(i18n.DEFAULT_LANGUAGE)
    flat = {key: i18n.forms(language, key) if i18n.is_plural(value) else i18n.t(language, key)
            for key, value in catalog.items() if key.startswith(TEXT_KEYS)}
    flat["ratings"] = [[rating, format_number(rating, language, 1)] for rating in RATINGS]
    flat["kinds"] = {kind: i18n.t(language, f"canvas.kind.{kind}") for kind in KINDS}
    flat["bands"] = {band: i18n.t(language, f"canvas.picture.band.{band}")
                     for band in OPPORTUNITY_BANDS}
    flat["language"] = language
    return flat


def _job(job: JobView, open_ids: set[str], language: str) -> dict[str, Any]:
    return {"id": job.id, "code": job.code, "text": job.text, "disguise": job.disguise,
            "outcomes": [_part(part, open_ids, language) for part in job.outcomes],
            "obstacles": [_part(part, open_ids, language) for part in job.obstacles],
            "consequences": [_part(part, open_ids, language) for part in job.consequences]}


def _part(part: Part, open_ids: set[str], language: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": part.id, "kind": part.kind, "code": part.code,
                            "text": part.text, "disguise": part.disguise,
                            "open": part.id in open_ids}
    if part.kind != "outcome":
        return data
    data.update(
        note=part.note, importance=part.importance, satisfaction=part.satisfaction,
        importance_text=_number(part.importance, language),
        satisfaction_text=_number(part.satisfaction, language),
        opportunity_text=_number(part.opportunity, language),
        band=part.band, over_served=part.over_served, survey=part.source == "survey")
    return data


def _solution(solution: SolutionView) -> dict[str, Any]:
    return {"id": solution.id, "code": solution.code, "text": solution.text,
            "kind": solution.kind, "description": solution.description,
            "orphan": solution.orphan}


def _fit(view: CanvasView, language: str) -> dict[str, Any]:
    """Both scores as shown (``"63"`` or ``"–"``), and what the analysis found."""
    fit = view.fit
    return {
        "outcomes": _score(fit.score, language),
        "obstacles": _score(fit.obstacles, language),
        "outcome_value": fit.score,
        "obstacle_value": fit.obstacles,
        "unaddressed": [part.id for part in fit.unaddressed],
        "orphans": [solution.id for solution in fit.orphans],
        "disguised": [{"id": d.id, "word": d.word} for d in fit.disguised],
        "unrated": view.unrated,
    }


def _score(value: float | None, language: str) -> str:
    return NO_SCORE if value is None else format_number(value, language, 0)


def _number(value: float | None, language: str) -> str | None:
    return None if value is None else format_number(value, language, 1)
