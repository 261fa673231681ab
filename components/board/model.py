"""The board: one model for every tool of Progress Canvas.

A board holds the content of all three tools, so that the canvas, the progress scorer and the
funnel calculator read and write the same records (a progress metric points at the canvas
outcome it measures instead of copying it).  The same pydantic models validate board files,
feed the store and back the pages.

Every record that a person can add, edit or delete on its own carries an ``id``: the store
keeps such records as separate rows, so two people editing different records never collide.
The records live in flat collections on the board, except the outcomes, obstacles and
consequences, which belong to a job (``needs[i]``), as on the canvas.

Worked example (the shelf, seed 002)::

    Board(title="Shelf", needs=[Job(id="j1", text="Put up a shelf", outcomes=[
        Outcome(id="o1", text="It hangs straight", importance=9, satisfaction=3)])],
        solutions=[Solution(id="s1", text="Laser spirit level")],
        links=[Link(id="l1", solution="s1", target="o1", strength="strong")])
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FORMAT = "progress-canvas/1"
LANGUAGES = ("en", "de", "sv")
MAX_TEXT = 1000
MAX_ITEMS = 5000

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Score = Annotated[float, Field(ge=0, le=10)]
Rating = Annotated[int, Field(ge=0, le=10)]
Fraction01 = Annotated[Decimal, Field(ge=0, le=1)]
Money = Annotated[Decimal, Field(ge=0)]
Language = Literal["en", "de", "sv"]
Dimension = Literal["functional", "emotional", "social"]
Stage = Literal["suspect", "lead", "prospect", "customer", "consumption", "reference"]


def new_id() -> str:
    """A fresh record id: 64 random bits are plenty inside one board."""
    return secrets.token_hex(8)


class Record(BaseModel):
    """Base of every record: frozen, strict about unknown keys, with its own id."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: ItemId = Field(default_factory=new_id)


class Persona(Record):
    """A customer persona or segment; needs and metrics may belong to one."""

    name: Text
    description: OptionalText = ""


class Outcome(Record):
    """A desired outcome under a job, judged by the customer (importance and satisfaction 0–10)."""

    text: Text
    importance: Score | None = None
    satisfaction: Score | None = None
    judged_by: OptionalText = ""
    source: Literal["estimate", "survey"] = "estimate"


class Obstacle(Record):
    """Something in the customer's way of getting the job done."""

    text: Text


class Consequence(Record):
    """What happens to the customer when the job goes badly."""

    text: Text


class Job(Record):
    """The job the customer tries to get done, with what belongs to it on the need side."""

    text: Text
    persona: ItemId | None = None
    outcomes: tuple[Outcome, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    consequences: tuple[Consequence, ...] = ()


class Solution(Record):
    """Our way of helping: a product, service or feature."""

    text: Text
    kind: Literal["product", "service", "feature"] = "product"
    description: OptionalText = ""


class Link(Record):
    """A solution helps reach an outcome, removes an obstacle, or helps with the job itself."""

    solution: ItemId
    target: ItemId
    strength: Literal["weak", "strong"] = "strong"


class Metric(Record):
    """A progress metric in the customer's own words, measured from a baseline.

    ``kind`` is ``improve`` (move from baseline towards target) or ``secure`` (keep the
    baseline within ``tolerance``; ``direction`` says which way is better: 1 higher, -1 lower,
    0 any change is bad).  Ratings (1–5, 0–10) set ``scale_min``/``scale_max``.
    ``required_outcome`` and ``appropriate_experience`` say whether each half of the desired
    outcome is met (seed 001); only both together are success.
    """

    name: Text
    persona: ItemId | None = None
    dimension: Dimension = "functional"
    kind: Literal["improve", "secure"] = "improve"
    unit: OptionalText = ""
    baseline: Decimal
    current: Decimal
    target: Decimal | None = None
    tolerance: Annotated[Decimal, Field(ge=0)] = Decimal(0)
    direction: Literal[1, -1, 0] = 1
    weight: Annotated[Decimal, Field(ge=0)] = Decimal(1)
    scale_min: Decimal | None = None
    scale_max: Decimal | None = None
    baseline_date: dt.date | None = None
    current_date: dt.date | None = None
    required_outcome: bool = False
    appropriate_experience: bool = False
    outcome: ItemId | None = None


class Snapshot(Record):
    """Dimension scores of one persona saved at a date, for the trend chart."""

    date: dt.date
    persona: ItemId | None = None
    functional: Annotated[float, Field(ge=0, le=100)] | None = None
    emotional: Annotated[float, Field(ge=0, le=100)] | None = None
    social: Annotated[float, Field(ge=0, le=100)] | None = None


class Worth(Record):
    """Does the benefit outweigh the price, for one persona, and the forces of switching."""

    persona: ItemId | None = None
    period: Literal["year", "quarter", "month", "once"] = "month"
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    value: Money = Decimal(0)
    price: Money = Decimal(0)
    effort: Rating = 0
    risk: Rating = 0
    push: Rating = 0
    pull: Rating = 0
    anxiety: Rating = 0
    habit: Rating = 0


class Rates(BaseModel):
    """The five conversion rates of the funnel, as fractions."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    suspect_to_lead: Fraction01
    lead_to_prospect: Fraction01
    prospect_to_customer: Fraction01
    customer_to_consumption: Fraction01
    consumption_to_reference: Fraction01


class CycleDays(BaseModel):
    """Average days a person spends in each stage before moving to the next."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    suspect: Annotated[int, Field(ge=0)] = 30
    lead: Annotated[int, Field(ge=0)] = 30
    prospect: Annotated[int, Field(ge=0)] = 30
    customer: Annotated[int, Field(ge=0)] = 0
    consumption: Annotated[int, Field(ge=0)] = 0


class Scenario(Record):
    """One named set of funnel inputs (cautious, expected, bold …)."""

    name: Text
    description: OptionalText = ""
    period: Literal["year", "quarter", "month"] = "year"
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    target_revenue: Money
    deal_value: Money = Decimal(0)
    monthly_fee: Money = Decimal(0)
    paying_months: Annotated[Decimal, Field(ge=0)] = Decimal(0)
    rates: Rates
    leads_per_reference: Annotated[Decimal, Field(ge=0)] = Decimal(0)
    cycle_days: CycleDays = CycleDays()


class StageRow(Record):
    """One row of the stage table of seed 004: the five columns for one stage."""

    stage: Stage
    buying_process: OptionalText = ""
    task: OptionalText = ""
    response: OptionalText = ""
    metric: OptionalText = ""
    discovery: OptionalText = ""


class Actual(Record):
    """Counts actually seen per stage in one past month."""

    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]
    suspect: Annotated[int, Field(ge=0)] | None = None
    lead: Annotated[int, Field(ge=0)] | None = None
    prospect: Annotated[int, Field(ge=0)] | None = None
    customer: Annotated[int, Field(ge=0)] | None = None
    consumption: Annotated[int, Field(ge=0)] | None = None
    reference: Annotated[int, Field(ge=0)] | None = None


class Answer(Record):
    """The team's answer to one workshop discussion prompt."""

    prompt: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
    text: OptionalText = ""


class Vote(Record):
    """One dot of a dot vote: who put it on which job, outcome, obstacle or solution."""

    voter: Text
    target: ItemId


class Board(BaseModel):
    """The whole board: every tool's content.  See the module docstring for an example."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    format: Literal["progress-canvas/1"] = FORMAT
    title: Text
    description: OptionalText = ""
    language: Language = "en"
    personas: tuple[Persona, ...] = ()
    needs: tuple[Job, ...] = ()
    solutions: tuple[Solution, ...] = ()
    links: tuple[Link, ...] = ()
    metrics: tuple[Metric, ...] = ()
    snapshots: tuple[Snapshot, ...] = ()
    worth: tuple[Worth, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    stages: tuple[StageRow, ...] = ()
    actuals: tuple[Actual, ...] = ()
    answers: tuple[Answer, ...] = ()
    votes: tuple[Vote, ...] = ()


#: Top-level collections of a board and the record type each holds, in file order.
COLLECTIONS: dict[str, type[Record]] = {
    "personas": Persona,
    "needs": Job,
    "solutions": Solution,
    "links": Link,
    "metrics": Metric,
    "snapshots": Snapshot,
    "worth": Worth,
    "scenarios": Scenario,
    "stages": StageRow,
    "actuals": Actual,
    "answers": Answer,
    "votes": Vote,
}

#: Collections nested under each job.
JOB_PARTS: dict[str, type[Record]] = {
    "outcomes": Outcome,
    "obstacles": Obstacle,
    "consequences": Consequence,
}

#: Board fields that are not collections: kept on the board row itself.
BOARD_FIELDS = ("title", "description", "language")


def count_items(board: Board) -> int:
    """Number of records on a board, the unit of the 5000-item limit."""
    top = sum(len(getattr(board, name)) for name in COLLECTIONS)
    nested = sum(len(getattr(job, part)) for job in board.needs for part in JOB_PARTS)
    return top + nested


def outcomes(board: Board) -> list[tuple[Job, Outcome]]:
    """Every outcome on the board with the job it belongs to, in canvas order."""
    return [(job, outcome) for job in board.needs for outcome in job.outcomes]


def referential_errors(board: Board) -> list[tuple[str, str]]:
    """(path, problem) for every reference to a record that does not exist.

    Pydantic checks each record on its own; references across records (a link to an
    outcome, a metric to a persona) are checked here, for board files and the store alike.
    """
    personas = {p.id for p in board.personas}
    solutions = {s.id for s in board.solutions}
    targets = {item.id for job in board.needs for item in (job, *job.outcomes, *job.obstacles)}
    outcome_ids = {o.id for _, o in outcomes(board)}
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path, record in _records_with_paths(board):
        if record.id in seen:
            problems.append((f"{path}.id", "duplicate_id"))
        seen.add(record.id)
    for i, link in enumerate(board.links):
        if link.solution not in solutions:
            problems.append((f"links[{i}].solution", "unknown_solution"))
        if link.target not in targets:
            problems.append((f"links[{i}].target", "unknown_target"))
    for name in ("needs", "metrics", "snapshots", "worth"):
        for i, record in enumerate(getattr(board, name)):
            if record.persona is not None and record.persona not in personas:
                problems.append((f"{name}[{i}].persona", "unknown_persona"))
    for i, metric in enumerate(board.metrics):
        if metric.outcome is not None and metric.outcome not in outcome_ids:
            problems.append((f"metrics[{i}].outcome", "unknown_outcome"))
    votable = targets | solutions | {job.id for job in board.needs}
    for i, vote in enumerate(board.votes):
        if vote.target not in votable:
            problems.append((f"votes[{i}].target", "unknown_target"))
    return problems


def _records_with_paths(board: Board):
    for name in COLLECTIONS:
        for i, record in enumerate(getattr(board, name)):
            yield f"{name}[{i}]", record
    for i, job in enumerate(board.needs):
        for part in JOB_PARTS:
            for k, record in enumerate(getattr(job, part)):
                yield f"needs[{i}].{part}[{k}]", record
