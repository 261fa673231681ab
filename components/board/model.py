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

Bounds.  Every number has a range, so that neither a form nor a board file can save a value
that breaks a page (a revenue target of 1e29 once crashed the funnel and the report for
everyone on the board).  Each range is wider than anything a real business types, and
narrow enough that every page can count, format and chart the result:

=====================================================  ===================================
field                                                  allowed
=====================================================  ===================================
outcome importance, satisfaction                       0 to 10
worth effort, risk, push, pull, anxiety, habit         whole numbers 0 to 10
snapshot functional, emotional, social                 0 to 100
money: target revenue, deal value, monthly fee,        0 to 10^12 (a trillion)
worth value and price
paying months                                          0 to 600 (fifty years)
conversion rates                                       10^-6 (one in a million) to 1;
                                                       consumption → reference may be 0
leads per reference                                    0 to 1000
cycle days per stage                                   whole numbers 0 to 3650 (ten years)
actual counts per stage                                whole numbers 0 to 10^12
metric baseline, current, target, scale ends           -10^12 to 10^12
metric tolerance                                       0 to 10^12
metric weight                                          0 to 1000
dates (snapshots, metric dates)                        1900-01-01 to 2199-12-31
months of actuals                                      YYYY-MM, month 01 to 12
=====================================================  ===================================

Exact numbers (``Decimal``) have at most 10 decimal places (what the progress form shows),
and no funnel scenario may need more than 10^12 people in a stage (``MAX_PEOPLE``: a hundred
times the world's population; its target divided by the revenue per customer and the rates
up to the sale, before referrals).  Texts hold no NUL character and no lone surrogate (a
database cannot store them).  A value outside its range is refused with the place and the
range: ``scenarios[0].target_revenue: must be a number from 0 to 1,000,000,000,000``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from components.funnel.calc import back_compute

FORMAT = "progress-canvas/1"
MAX_TEXT = 1000
MAX_ITEMS = 5000
MAX_MONEY = Decimal(10) ** 12
MAX_PEOPLE = 10**12
MIN_RATE = Decimal("0.000001")
MAX_PLACES = 10
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
CURRENCY_PATTERN = r"^[A-Z]{3}$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _storable(text: str) -> str:
    """Refuse what no database stores: NUL, and lone surrogates (no UTF-8 for them)."""
    if "\x00" in text:
        raise PydanticCustomError("nul_character", "must not contain a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("bad_character", "must be valid Unicode text") from None
    return text


def _exact(value: Any) -> Any:
    """A whole number (a board file writes 5, not 5.0) as the Decimal an exact field holds;
    anything else is left for the field's own check (a bool is no number, nor, in a board
    file, is a text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _decimal_places(value: Decimal) -> int:
    """Places after the point, trailing zeros not counted: 2.50 has 1, 1E+3 has 0."""
    _, digits, exponent = value.as_tuple()
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0") or "0")
    return max(0, -(exponent + zeros))


def _within(low: Any, high: Any, code: str = "out_of_range", *,
            or_zero: bool = False) -> AfterValidator:
    """The range check of one kind of value: ``low..high`` (or exactly 0 with ``or_zero``),
    and at most ``MAX_PLACES`` decimal places for an exact number.  The error's ``code``
    names the sentence (``file_error.<code>``), its context the range."""
    def check(value: Any) -> Any:
        if isinstance(value, Decimal) and not value.is_finite():
            raise PydanticCustomError("finite_number", "must be a finite number")
        if not (low <= value <= high or (or_zero and value == 0)):
            raise PydanticCustomError(code, "must be from {low} to {high}",
                                      {"low": low, "high": high})
        if isinstance(value, Decimal) and _decimal_places(value) > MAX_PLACES:
            raise PydanticCustomError("too_precise", "at most {places} decimal places",
                                      {"places": MAX_PLACES})
        return value
    return AfterValidator(check)


def _exact_number(low: Decimal | int, high: Decimal | int, code: str = "out_of_range", *,
                  or_zero: bool = False) -> Any:
    """An exact number field (money, rates, metric values) from ``low`` to ``high``."""
    # NaN and infinities are refused by the range check: pydantic's own check would take
    # 1E+400000 for one of them and say "a number" where "from 0 to 10^12" helps
    return Annotated[Decimal, Field(allow_inf_nan=True), BeforeValidator(_exact),
                     _within(Decimal(low), Decimal(high), code, or_zero=or_zero)]


def _whole_number(low: int, high: int) -> Any:
    """A whole-number field (ratings, days, counts of people) from ``low`` to ``high``."""
    return Annotated[int, _within(low, high)]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
                 AfterValidator(_storable)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT),
                         AfterValidator(_storable)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Score = Annotated[float, Field(allow_inf_nan=False), _within(0, 10)]
Percentage = Annotated[float, Field(allow_inf_nan=False), _within(0, 100)]
Rating = _whole_number(0, 10)
Days = _whole_number(0, 3650)
Count = _whole_number(0, MAX_PEOPLE)
Money = _exact_number(0, MAX_MONEY)
Months = _exact_number(0, 600)
Rate = _exact_number(MIN_RATE, 1)
RateOrZero = _exact_number(MIN_RATE, 1, "out_of_range_or_zero", or_zero=True)
PerReference = _exact_number(0, 1000)
MetricValue = _exact_number(-MAX_MONEY, MAX_MONEY)
Tolerance = _exact_number(0, MAX_MONEY)
Weight = _exact_number(0, 1000)
Date = Annotated[dt.date, _within(FIRST_DATE, LAST_DATE, "date_out_of_range")]
Currency = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]
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
    """A solution helps reach an outcome or removes an obstacle."""

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
    """Does the benefit outweigh the price, for one persona, and the forces of switching."""

    persona: ItemId | None = None
    period: Literal["year", "quarter", "month", "once"] = "month"
    currency: Currency = "EUR"
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


class Scenario(Record):
    """One named set of funnel inputs (cautious, expected, bold …)."""

    name: Text
    description: OptionalText = ""
    period: Literal["year", "quarter", "month"] = "year"
    currency: Currency = "EUR"
    target_revenue: Money
    deal_value: Money = Decimal(0)
    monthly_fee: Money = Decimal(0)
    paying_months: Months = Decimal(0)
    rates: Rates
    leads_per_reference: PerReference = Decimal(0)
    cycle_days: CycleDays = CycleDays()

    @model_validator(mode="after")
    def _plan_fits(self) -> Scenario:
        """At most ``MAX_PEOPLE`` suspects (the widest stage) before referrals."""
        per_customer = self.deal_value + self.monthly_fee * self.paying_months
        if per_customer > 0:
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

    month: Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
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
    targets = {o.id for job in board.needs for o in (*job.outcomes, *job.obstacles)}
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
