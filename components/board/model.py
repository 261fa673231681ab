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

Bounds.  Every number has a range, and every text a length (:mod:`components.board.bounds`
names them and their table), so that neither a form nor a board file can save a value that
breaks a page.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from components.board.bounds import (
    MAX_PEOPLE,
    Count,
    Currency,
    Customers,
    Date,
    Days,
    Hours,
    MetricValue,
    Money,
    Month,
    Months,
    OptionalText,
    Orders,
    Percentage,
    PerReference,
    Rate,
    RateOrZero,
    Rating,
    Score,
    Share,
    Text,
    Tolerance,
    Weight,
)
from components.funnel.bowtie import bowtie, value_by_close
from components.funnel.calc import FunnelInputError, back_compute
from components.funnel.pacing import PERIOD_MONTHS

FORMAT = "progress-canvas/1"
MAX_ITEMS = 5000
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Language = Literal["en", "de", "sv"]
Dimension = Literal["functional", "emotional", "social"]
Stage = Literal["suspect", "lead", "prospect", "customer", "consumption", "reference"]
RateKey = Literal["suspect_to_lead", "lead_to_prospect", "prospect_to_customer",
                  "customer_to_consumption", "consumption_to_reference"]
EvidenceSource = Literal["interview", "observation", "survey", "estimate"]
Decision = Literal["", "persevere", "pivot", "stop"]
MAX_EVIDENCE = 200


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


class Evidence(BaseModel):
    """What a need rests on (seed 002: needs are asked and watched, not guessed in the office).

    ``source``: an ``interview``, an ``observation`` in the customer's own surroundings, a
    ``survey``, or the team's ``estimate``; ``customers``: how many customers it comes from
    (respondents of a survey; 0 for an estimate); ``quote``: a customer's own words.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    source: EvidenceSource = "interview"
    customers: Customers = 0
    quote: OptionalText = ""
    date: Date | None = None


class Outcome(Record):
    """A desired outcome under a job, judged by the customer (importance and satisfaction 0–10)."""

    text: Text
    importance: Score | None = None
    satisfaction: Score | None = None
    judged_by: OptionalText = ""
    source: Literal["estimate", "survey"] = "estimate"
    evidence: Annotated[tuple[Evidence, ...], Field(max_length=MAX_EVIDENCE)] = ()


class Obstacle(Record):
    """Something in the customer's way of getting the job done."""

    text: Text
    evidence: Annotated[tuple[Evidence, ...], Field(max_length=MAX_EVIDENCE)] = ()


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

    ``unit`` is the customer's unit ("tries"), ``unit_one`` its form for exactly one ("try"; empty
    when the unit reads the same for one).  ``kind`` is ``improve`` (move from baseline towards
    target) or ``secure`` (keep the
    baseline within ``tolerance``; ``direction`` says which way is better: 1 higher, -1 lower,
    0 any change is bad).  Ratings (1–5, 0–10) set ``scale_min``/``scale_max``.
    ``required_outcome`` and ``appropriate_experience`` mark the metric as measuring that half
    of the persona's desired outcome (seed 001); a half is met when all its metrics reach their
    target, and only both halves together are success (:mod:`components.progress.desired`).
    """

    name: Text
    persona: ItemId | None = None
    dimension: Dimension = "functional"
    kind: Literal["improve", "secure"] = "improve"
    unit: OptionalText = ""
    unit_one: OptionalText = ""
    baseline: MetricValue
    current: MetricValue
    target: MetricValue | None = None
    tolerance: Tolerance = Decimal(0)
    direction: Literal[1, -1, 0] = 1
    weight: Weight = Decimal(1)
    scale_min: MetricValue | None = None
    scale_max: MetricValue | None = None
    baseline_date: Date | None = None
    current_date: Date | None = None
    required_outcome: bool = False
    appropriate_experience: bool = False
    outcome: ItemId | None = None


class Snapshot(Record):
    """Dimension scores of one persona saved at a date, for the trend chart."""

    date: Date
    persona: ItemId | None = None
    functional: Percentage | None = None
    emotional: Percentage | None = None
    social: Percentage | None = None


class Worth(Record):
    """Does the benefit outweigh the price, for one persona, and the forces of switching.

    Money is per ``period`` in ``currency``.  Effort and risk are costs of their own
    (:mod:`components.progress.worth`): ``effort_hours`` of the customer's time per period at
    ``hour_value`` each, and a ``risk_chance`` per period of losing ``risk_loss``.  Boards from
    before rated effort and risk 0–10 as a share of the price; those ratings had no unit of
    their own and are dropped when such a board is read.
    """

    persona: ItemId | None = None
    period: Literal["year", "quarter", "month", "once"] = "month"
    currency: Currency = "EUR"
    value: Money = Decimal(0)
    price: Money = Decimal(0)
    effort_hours: Hours = Decimal(0)
    hour_value: Money = Decimal(0)
    risk_chance: Share = Decimal(0)
    risk_loss: Money = Decimal(0)
    push: Rating = 0
    pull: Rating = 0
    anxiety: Rating = 0
    habit: Rating = 0

    @model_validator(mode="before")
    @classmethod
    def _drop_old_ratings(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("effort" in data or "risk" in data):
            return {key: value for key, value in data.items() if key not in ("effort", "risk")}
        return data


class DesiredOutcome(Record):
    """A persona's desired outcome in words (seed 001): what they must achieve (the required
    outcome), the way that fits them (the appropriate experience) and the competing
    alternative that way is chosen over (a competitor, doing it by hand, doing nothing).
    The metrics marked ``required_outcome`` / ``appropriate_experience`` measure each half."""

    persona: ItemId | None = None
    required: OptionalText = ""
    experience: OptionalText = ""
    alternative: OptionalText = ""


class Rates(BaseModel):
    """The five conversion rates of the funnel, as fractions."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    suspect_to_lead: Rate
    lead_to_prospect: Rate
    prospect_to_customer: Rate
    customer_to_consumption: Rate
    consumption_to_reference: RateOrZero


class CycleDays(BaseModel):
    """Average days a person spends in each stage before moving to the next."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    suspect: Days = 30
    lead: Days = 30
    prospect: Days = 30
    customer: Days = 0
    consumption: Days = 0


class StageCosts(BaseModel):
    """What one person costs at each stage before the sale (reaching, handling, offering,
    closing), in the scenario's currency."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    suspect: Money = Decimal(0)
    lead: Money = Decimal(0)
    prospect: Money = Decimal(0)
    customer: Money = Decimal(0)


class Scenario(Record):
    """One named set of funnel inputs (cautious, expected, bold …).

    After the sale (the bowtie, ``components.funnel.bowtie``): consuming customers place
    ``repeat_orders`` a year and pay ``monthly_fee`` for ``paying_months`` (0: until they
    leave); ``churn`` of them leave and ``expansion`` grows what the others spend, each month.
    ``situation`` is ``ramp_up`` (the funnel starts empty, ``existing_customers`` already
    consume) or ``steady`` (an ongoing business whose pipeline is full); ``start_month`` is
    the plan's first calendar month, for comparing actuals.
    """

    name: Text
    description: OptionalText = ""
    period: Literal["year", "quarter", "month"] = "year"
    currency: Currency = "EUR"
    situation: Literal["ramp_up", "steady"] = "ramp_up"
    start_month: Month | None = None
    target_revenue: Money
    deal_value: Money = Decimal(0)
    repeat_orders: Orders = Decimal(0)
    monthly_fee: Money = Decimal(0)
    paying_months: Months = Decimal(0)
    churn: Share = Decimal(0)
    expansion: Share = Decimal(0)
    existing_customers: Count = 0
    rates: Rates
    leads_per_reference: PerReference = Decimal(0)
    cycle_days: CycleDays = CycleDays()
    costs: StageCosts = StageCosts()
    budget: Money | None = None

    @model_validator(mode="after")
    def _plan_fits(self) -> Scenario:
        """At most ``MAX_PEOPLE`` suspects (the widest stage) before referrals, for customers
        who each bring what the first one won brings inside the period (the bowtie's
        ``value_by_close``: first order, repeat orders and fees of that period)."""
        try:
            tie = bowtie(self.deal_value, self.repeat_orders, self.monthly_fee,
                         self.paying_months, self.churn, self.expansion,
                         self.rates.customer_to_consumption)
        except FunnelInputError:  # a customer who brings nothing: the funnel says so
            return self
        per_customer = value_by_close(tie, PERIOD_MONTHS[self.period])[0]
        rates = self.rates.model_dump()
        if back_compute(self.target_revenue, per_customer, rates)["suspect"] > MAX_PEOPLE:
            raise PydanticCustomError("too_many_people", "needs more than {limit} people",
                                      {"limit": MAX_PEOPLE})
        return self


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

    month: Month
    suspect: Count | None = None
    lead: Count | None = None
    prospect: Count | None = None
    customer: Count | None = None
    consumption: Count | None = None
    reference: Count | None = None


class Answer(Record):
    """The team's answer to one workshop discussion prompt."""

    prompt: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
    text: OptionalText = ""


class Vote(Record):
    """One dot of a dot vote: who put it on which job, outcome, obstacle, solution, metric or
    funnel scenario (see :mod:`components.board.votes`)."""

    voter: Text
    target: ItemId


class Experiment(Record):
    """An assumption put to the test: Strategyzer's test card, then its learning card.

    ``subject`` is what it tests: a canvas item (job, outcome, obstacle, consequence,
    solution), a persona's worth-it verdict (a ``worth`` id) or a funnel scenario, then with
    the ``rate`` tested (None when what it tested was deleted).  Test card: ``hypothesis``
    (we believe that …), ``test`` (to verify that, we will …), ``metric`` (and measure …),
    ``criterion`` (we are right if …), optionally as a number (``threshold`` in ``unit``,
    reached when the result is at least it, or at most it for ``direction`` -1), ``due``.
    Learning card: ``observation`` (we observed …), ``result`` (the number measured),
    ``learning`` (from that we learned …), ``decision`` (persevere, pivot or stop) and
    ``action`` (therefore, we will …), ``learned_on``.
    """

    subject: ItemId | None = None
    rate: RateKey | None = None
    hypothesis: Text
    test: OptionalText = ""
    metric: OptionalText = ""
    criterion: OptionalText = ""
    threshold: MetricValue | None = None
    direction: Literal[1, -1] = 1
    unit: OptionalText = ""
    due: Date | None = None
    observation: OptionalText = ""
    result: MetricValue | None = None
    learning: OptionalText = ""
    decision: Decision = ""
    action: OptionalText = ""
    learned_on: Date | None = None


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
    desired_outcomes: tuple[DesiredOutcome, ...] = ()
    experiments: tuple[Experiment, ...] = ()


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
    "desired_outcomes": DesiredOutcome,
    "experiments": Experiment,
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
    for name in ("needs", "metrics", "snapshots", "worth", "desired_outcomes"):
        for i, record in enumerate(getattr(board, name)):
            if record.persona is not None and record.persona not in personas:
                problems.append((f"{name}[{i}].persona", "unknown_persona"))
    for i, metric in enumerate(board.metrics):
        if metric.outcome is not None and metric.outcome not in outcome_ids:
            problems.append((f"metrics[{i}].outcome", "unknown_outcome"))
    votable = targets | solutions | {job.id for job in board.needs}
    scenarios = {s.id for s in board.scenarios}
    voted = votable | {m.id for m in board.metrics} | scenarios  # components/board/votes.py
    for i, vote in enumerate(board.votes):
        if vote.target not in voted:
            problems.append((f"votes[{i}].target", "unknown_target"))
    testable = votable | {o.id for job in board.needs for o in job.consequences} | scenarios | {
        w.id for w in board.worth}
    for i, experiment in enumerate(board.experiments):
        if experiment.subject is not None and experiment.subject not in testable:
            problems.append((f"experiments[{i}].subject", "unknown_subject"))
        elif experiment.rate is not None and experiment.subject not in (None, *scenarios):
            problems.append((f"experiments[{i}].rate", "not_a_scenario"))
    return problems


def _records_with_paths(board: Board):
    for name in COLLECTIONS:
        for i, record in enumerate(getattr(board, name)):
            yield f"{name}[{i}]", record
    for i, job in enumerate(board.needs):
        for part in JOB_PARTS:
            for k, record in enumerate(getattr(job, part)):
                yield f"needs[{i}].{part}[{k}]", record
