"""The needs/solutions canvas as a view model: what the picture, the fit analysis and the
opportunity landscape draw (seed 002: the need is yin, the solution is yang).

Pure Python (no streamlit).  :func:`build` turns a :class:`~components.board.model.Board` into a
:class:`CanvasView`: the need side grouped by persona (jobs with their desired outcomes,
obstacles and consequences), the solution side, the links between them, the fit analysis of
:mod:`components.canvas.fit` and the opportunity rows of
:func:`components.canvas.opportunity.opportunity`.  The interactive canvas (its data is
:func:`components.canvas.payload.payload`), the HTML picture of the downloads
(:mod:`components.canvas.picture`), the report and the chart all read this one object, so they
always agree.

Codes
-----
Every item gets a short code made of a prefix per kind and its number on the whole board in
canvas order (``J1``, ``O3``, ``B2``, ``C1``, ``S4``).  Numbers count over the whole board,
not over the persona shown, so "O3" means the same item in every view and in the editing
panel.  Prefixes are translatable (German uses ``A`` for Aufgabe, ``E`` for Ergebnis …).

Persona views
-------------
``personas=()`` shows every job, grouped by persona in board order, then the jobs without a
persona.  One persona shows only that persona's jobs; two show both side by side (compare).
Solutions are not per persona: all are shown, but their links, the orphan check and the fit
scores only count the needs in view ("for this persona, S3 helps nothing").

Links
-----
A link goes from a solution to an outcome, an obstacle or a job (the job as a whole).  The view
keeps the links whose need is in view; each solution knows the needs in view it helps
(``targets``), and a solution without any is an orphan.

Opportunity scores, bands and zones: :mod:`components.canvas.opportunity`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from components import i18n
from components.board.bounds import MAX_TEXT
from components.board.model import Board, Job, Link
from components.canvas import fit
from components.canvas.opportunity import is_over_served, opportunity, opportunity_band
from components.errors import Problem
from components.numbers import in_range

#: Kinds of items on the canvas, in drawing order (need side, then solution side).
KINDS = ("job", "outcome", "obstacle", "consequence", "solution")
#: The kinds a link may point at, from a solution.
LINKABLE = ("job", "outcome", "obstacle")

#: English code prefixes; pages pass the translated ones (:func:`prefixes`).
PREFIXES: Mapping[str, str] = {"job": "J", "outcome": "O", "obstacle": "B", "consequence": "C",
                               "solution": "S"}

def prefixes(language: str) -> dict[str, str]:
    """The code prefixes in ``language`` (German: A for Aufgabe, E for Ergebnis …)."""
    return {kind: i18n.t(language, f"canvas.code.{kind}") for kind in KINDS}


# --- the view model --------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """An outcome, obstacle or consequence under a job.

    Outcomes carry ``importance``/``satisfaction`` (0..10 or ``None``), where they came from
    (``source``), the opportunity score and band when both are rated, and ``over_served``.
    ``disguise`` is the solution word the text names, if any.
    """

    id: str
    kind: str
    code: str
    text: str
    job_id: str
    note: str = ""
    importance: float | None = None
    satisfaction: float | None = None
    source: str = "estimate"
    opportunity: float | None = None
    band: str | None = None
    over_served: bool = False
    disguise: str | None = None


@dataclass(frozen=True)
class JobView:
    """A job with its parts, on the need side."""

    id: str
    code: str
    text: str
    persona: str | None
    outcomes: tuple[Part, ...] = ()
    obstacles: tuple[Part, ...] = ()
    consequences: tuple[Part, ...] = ()
    disguise: str | None = None

    @property
    def parts(self) -> tuple[Part, ...]:
        return (*self.outcomes, *self.obstacles, *self.consequences)


@dataclass(frozen=True)
class Group:
    """The jobs of one persona (``persona`` None: jobs without a persona)."""

    persona: str | None
    name: str
    jobs: tuple[JobView, ...]


@dataclass(frozen=True)
class SolutionView:
    """A solution with the needs in view it helps (``targets``); ``orphan`` when none."""

    id: str
    code: str
    text: str
    kind: str
    description: str
    targets: tuple[str, ...] = ()

    @property
    def orphan(self) -> bool:
        return not self.targets


@dataclass(frozen=True)
class Disguise:
    """A need text that names a solution word ("they need a drill")."""

    id: str
    code: str
    text: str
    word: str


@dataclass(frozen=True)
class FitView:
    """The fit analysis of the needs in view (see :mod:`components.canvas.fit`).

    ``score`` is the outcomes' fit score, ``obstacles`` the obstacles' score (each ``None``
    when it has nothing to score); they are always shown with their names.
    """

    score: float | None
    obstacles: float | None
    unaddressed: tuple[Part, ...]
    orphans: tuple[SolutionView, ...]
    disguised: tuple[Disguise, ...]


@dataclass(frozen=True)
class OpportunityRow:
    """One rated outcome in the landscape and its ranked table."""

    id: str
    code: str
    text: str
    job: str
    persona: str
    importance: float
    satisfaction: float
    score: float
    band: str
    over_served: bool
    source: str


@dataclass(frozen=True)
class CanvasView:
    """Everything the canvas page draws, for one persona selection."""

    title: str
    groups: tuple[Group, ...]
    solutions: tuple[SolutionView, ...]
    links: tuple[Link, ...]
    fit: FitView
    opportunities: tuple[OpportunityRow, ...]
    compare: bool = False
    unrated: int = 0
    codes: Mapping[str, str] = field(default_factory=dict)

    @property
    def jobs(self) -> tuple[JobView, ...]:
        return tuple(job for group in self.groups for job in group.jobs)

    @property
    def empty(self) -> bool:
        return not self.jobs and not self.solutions


def codes(board: Board, prefixes: Mapping[str, str] = PREFIXES) -> dict[str, str]:
    """``{item id: code}`` for every job, part and solution, numbered over the whole board."""
    counters = dict.fromkeys(KINDS, 0)
    result: dict[str, str] = {}

    def number(kind: str, item_id: str) -> None:
        counters[kind] += 1
        result[item_id] = f"{prefixes[kind]}{counters[kind]}"

    for job in board.needs:
        number("job", job.id)
    for kind, part in (("outcome", "outcomes"), ("obstacle", "obstacles"),
                       ("consequence", "consequences")):
        for job in board.needs:
            for item in getattr(job, part):
                number(kind, item.id)
    for solution in board.solutions:
        number("solution", solution.id)
    return result


def build(board: Board, prefixes: Mapping[str, str] = PREFIXES,
          personas: Sequence[str] = ()) -> CanvasView:
    """The view of ``board`` for the chosen personas (none: all; two: compare side by side).

    Need texts are checked for solutions in disguise in the board's language.
    Unknown persona ids are ignored (the persona may have been deleted meanwhile).
    """
    code_of = codes(board, prefixes)
    names = {p.id: p.name for p in board.personas}
    chosen = [p for p in dict.fromkeys(personas) if p in names][:2]
    jobs_by_persona = _groups(board, chosen, names)
    jobs = [job for _, group in jobs_by_persona for job in group]
    links = _links_in_view(board, jobs)
    found = _disguised(jobs, board.language)
    disguise = dict(found)
    groups = tuple(Group(persona, names.get(persona, ""),
                         tuple(_job_view(job, code_of, disguise) for job in group))
                   for persona, group in jobs_by_persona)
    solutions = tuple(_solution_views(board, code_of, links))
    return CanvasView(board.title, groups, solutions, links,
                      _fit_view(groups, solutions, links, found),
                      _opportunity_rows(groups), compare=len(chosen) == 2,
                      unrated=_unrated(groups), codes=code_of)


def _groups(board: Board, chosen: Sequence[str],
            names: Mapping[str, str]) -> list[tuple[str | None, list[Job]]]:
    if chosen:
        return [(p, [job for job in board.needs if job.persona == p]) for p in chosen]
    order: list[str | None] = [*names, None]
    grouped = {p: [job for job in board.needs if job.persona == p] for p in order}
    return [(p, jobs) for p, jobs in grouped.items() if jobs]


def _links_in_view(board: Board, jobs: Sequence[Job]) -> tuple[Link, ...]:
    """The links whose need (a job, outcome or obstacle) is in view."""
    in_view = {item.id for job in jobs for item in (job, *job.outcomes, *job.obstacles)}
    return tuple(link for link in board.links if link.target in in_view)


def _disguised(jobs: Sequence[Job], language: str) -> list[tuple[str, str]]:
    """``(id, solution)`` of every need text in view that names a solution (read in the
    board's ``language``, see :mod:`components.canvas.disguise`)."""
    texts = [(item.id, item.text) for job in jobs
             for item in (job, *job.outcomes, *job.obstacles, *job.consequences)]
    return fit.solutions_in_disguise(texts, language)


def _job_view(job: Job, code_of: Mapping[str, str], disguise: Mapping[str, str]) -> JobView:
    outcomes = []
    for o in job.outcomes:
        rated = o.importance is not None and o.satisfaction is not None
        score = opportunity(o.importance, o.satisfaction) if rated else None
        outcomes.append(Part(
            o.id, "outcome", code_of[o.id], o.text, job.id, note=o.judged_by,
            importance=o.importance, satisfaction=o.satisfaction, source=o.source,
            opportunity=score, band=opportunity_band(score) if rated else None,
            over_served=rated and is_over_served(o.importance, o.satisfaction),
            disguise=disguise.get(o.id)))
    obstacles = tuple(Part(b.id, "obstacle", code_of[b.id], b.text, job.id,
                           disguise=disguise.get(b.id)) for b in job.obstacles)
    consequences = tuple(Part(c.id, "consequence", code_of[c.id], c.text, job.id,
                              disguise=disguise.get(c.id)) for c in job.consequences)
    return JobView(job.id, code_of[job.id], job.text, job.persona, tuple(outcomes), obstacles,
                   consequences, disguise.get(job.id))


def _solution_views(board: Board, code_of: Mapping[str, str],
                    links: Sequence[Link]) -> Iterable[SolutionView]:
    targets: dict[str, list[str]] = {}
    for link in links:
        targets.setdefault(link.solution, []).append(link.target)
    for s in board.solutions:
        yield SolutionView(s.id, code_of[s.id], s.text, s.kind, s.description,
                           tuple(targets.get(s.id, ())))


def _fit_view(groups: Sequence[Group], solutions: Sequence[SolutionView],
              links: Sequence[Link], found: Sequence[tuple[str, str]]) -> FitView:
    """Both fit scores, the needs without a solution, the orphans and the disguised needs."""
    jobs = [job for group in groups for job in group.jobs]
    parts = [part for job in jobs for part in job.parts if part.kind != "consequence"]
    needs = [fit.Need(p.id, p.text, p.kind, p.importance) for p in parts]
    by_id = {p.id: p for p in parts}
    texts = {item.id: (item.code, item.text) for job in jobs for item in (job, *job.parts)}
    return FitView(
        score=fit.fit_score(needs, links),
        obstacles=fit.obstacle_score(needs, links),
        unaddressed=tuple(by_id[n.id] for n in fit.unaddressed_needs(needs, links)),
        orphans=tuple(s for s in solutions if s.orphan),
        disguised=tuple(Disguise(i, *texts[i], w) for i, w in found),
    )


def _unrated(groups: Sequence[Group]) -> int:
    """How many outcomes in view lack importance or satisfaction."""
    return sum(1 for group in groups for job in group.jobs for p in job.outcomes
               if p.opportunity is None)


def _opportunity_rows(groups: Sequence[Group]) -> tuple[OpportunityRow, ...]:
    """Rated outcomes in view, best opportunity first (ties: more important, then canvas order)."""
    rows = [OpportunityRow(p.id, p.code, p.text, job.text, group.name, p.importance,
                           p.satisfaction, p.opportunity, p.band, p.over_served, p.source)
            for group in groups for job in group.jobs for p in job.outcomes
            if p.opportunity is not None]
    order = {row.id: index for index, row in enumerate(rows)}
    return tuple(sorted(rows, key=lambda r: (-r.score, -r.importance, order[r.id])))


# --- checking form input ---------------------------------------------------------------------

class CanvasInputError(Problem):
    """A bad form field of the canvas (sentences under ``canvas.error``)."""

    catalog = "canvas.error"


#: Editable fields per collection: (name, required text / optional text / score / choice).
FIELDS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "personas": (("name", "text"), ("description", "optional")),
    "needs": (("text", "text"), ("persona", "choice")),
    "outcomes": (("text", "text"), ("judged_by", "optional"), ("importance", "score"),
                 ("satisfaction", "score")),
    "obstacles": (("text", "text"),),
    "consequences": (("text", "text"),),
    "solutions": (("text", "text"), ("kind", "choice"), ("description", "optional")),
    "answers": (("text", "optional"),),
}


def clean_item(collection: str, values: Mapping[str, Any]) -> tuple[dict, list[CanvasInputError]]:
    """Form values -> record data (texts stripped), plus every problem found.

    Texts: required ones must not be empty, none may exceed the model's limit (1000
    characters).  Scores: empty (``None``, not rated) or a number from 0 to 10.
    """
    data: dict[str, Any] = {}
    problems: list[CanvasInputError] = []
    for name, kind in FIELDS[collection]:
        value = values.get(name)
        if kind in ("text", "optional"):
            text = (value or "").strip()
            if kind == "text" and not text:
                problems.append(CanvasInputError(name, "empty"))
            elif len(text) > MAX_TEXT:
                problems.append(CanvasInputError(name, "too_long", limit=MAX_TEXT,
                                                 length=len(text)))
            data[name] = text
        elif kind == "score":
            problem = _score_problem(name, value)
            if problem:
                problems.append(problem)
            data[name] = None if value is None or problem else float(value)
        else:
            data[name] = value
    return data, problems


def _score_problem(name: str, value: Any) -> CanvasInputError | None:
    if value is None:
        return None
    try:
        in_range(value, 0, 10, name, CanvasInputError)
    except CanvasInputError as problem:
        return problem
    return None


def link_problem(board: Board, solution: str | None, target: str | None) -> CanvasInputError | None:
    """Why a link from ``solution`` to ``target`` cannot be saved on ``board``, if it cannot.

    Both ends must be chosen and still exist (someone may have deleted one meanwhile); the
    target must be a job, an outcome or an obstacle.
    """
    if not solution or not target:
        return CanvasInputError("link", "choose_both")
    targets = {item.id for job in board.needs for item in (job, *job.outcomes, *job.obstacles)}
    if solution not in {s.id for s in board.solutions} or target not in targets:
        return CanvasInputError("link", "link_gone")
    return None
