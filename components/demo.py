"""A demo board of any size: for trying the app with a realistic board, and for benchmarks.

``demo_board(items)`` fills every tool the way a real team would after a few workshops on
seed 002's shelf ("put up the shelf on the wall"), scaled up to a whole DIY household: personas,
jobs with outcomes (importance and satisfaction varied, a few not judged yet, a few
over-served), obstacles, consequences, solutions, weak and strong links (some outcomes left
unaddressed, some solutions linked to nothing), progress metrics on all three dimensions,
snapshots, worth-it estimates, each persona's desired outcome and a test card on its verdict,
funnel scenarios with the six stage rows and monthly actuals.
Texts are combined from word lists with ``random.Random(seed)``, so the same ``items`` and
``seed`` always give the same board, ids included (``job-1``, ``out-7`` …).

Sizing: a frame that grows slowly with ``items`` (personas, their worth, desired outcomes and
test cards, scenarios, the six stages, snapshots, actuals, votes) plus the canvas and scorer
records, which share the rest by fixed proportions (``_SHARES``, split by largest
remainder).  For ``items`` >= 20 the board holds
exactly ``min(items, MAX_ITEMS)`` records; below that the frame alone may exceed it.

Example: ``demo_board(200)`` has 3 personas, 3 worth rows, 3 desired outcomes, 3 test cards,
3 scenarios, 6 stages, 3 snapshots, 2 months of actuals and 4 dots of a dot vote (30
records); the other 170 are 12 jobs (7 %), then 51 outcomes, 17 obstacles, 9 consequences,
21 solutions, 38 links and 22 metrics (the shares of 158).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from components.board.model import (
    MAX_ITEMS,
    Actual,
    Board,
    Consequence,
    CycleDays,
    DesiredOutcome,
    Experiment,
    Job,
    Link,
    Metric,
    Obstacle,
    Outcome,
    Persona,
    Rates,
    Scenario,
    Snapshot,
    Solution,
    StageRow,
    Vote,
    Worth,
)

#: Share of the records left after the frame and the jobs, per collection.
_SHARES = {
    "outcomes": 0.32,
    "obstacles": 0.11,
    "consequences": 0.06,
    "solutions": 0.13,
    "links": 0.24,
    "metrics": 0.14,
}
_JOB_SHARE = 0.07
_START = dt.date(2025, 1, 6)

_PERSONAS = (
    ("First-time renter", "Just moved into a rented flat; owns a borrowed drill and no plugs."),
    ("Weekend DIY enthusiast", "Has a workshop in the basement and enjoys doing it right."),
    ("Busy parent", "Wants it done safely and quickly, ideally while the children sleep."),
)

_TASKS = (
    ("Put up", "a shelf"), ("Hang", "a mirror"), ("Hang", "a row of picture frames"),
    ("Mount", "a TV bracket"), ("Fix", "a wobbly cabinet door"), ("Assemble", "a wardrobe"),
    ("Paint", "the ceiling"), ("Replace", "a ceiling lamp"), ("Seal", "the bathtub joint"),
    ("Fit", "curtain rails"), ("Lay", "a laminate floor"), ("Repair", "a dripping tap"),
    ("Install", "a smoke detector"), ("Put up", "a coat rack"), ("Put up", "a spice rack"),
    ("Fix", "a loose skirting board"), ("Mount", "a bicycle hook"), ("Wallpaper", "a wall"),
    ("Childproof", "the bookcase"), ("Put up", "a floating shelf for plants"),
)
_PLACES = (
    "in the hallway", "in the kitchen", "in the living room", "in the children's room",
    "in the bathroom", "in the rented flat", "in the home office", "in the garage",
    "in the holiday cottage", "in the bedroom", "in the basement", "in the new flat",
    "at grandma's house", "in the small café", "in the attic room",
)
_OCCASIONS = (
    "", "before the guests arrive", "on a Sunday afternoon", "without help",
    "before moving out", "for the first time",
)
_OUTCOMES = (
    "It hangs straight", "It holds the weight of full book rows", "No visible holes are left",
    "The wall stays undamaged", "It is done in one afternoon",
    "No second trip to the DIY store", "It looks tidy", "The neighbours are not disturbed",
    "Nothing wobbles a year later", "Guests notice it", "The landlord has nothing to object",
    "It costs less than calling a handyman", "I feel confident while drilling",
    "No cables or pipes are hit", "The dust stays in one corner",
    "The tools are back in place afterwards", "The children cannot pull it down",
    "It can be taken down without traces", "It matches the rest of the room",
    "My partner likes the result", "I know which plug fits the wall",
    "The measurements are right the first time",
)
_OBSTACLES = (
    "The floor and ceiling are not level, so measuring from them misleads",
    "The wall is plasterboard", "Cables may run behind the wall",
    "There is no drill at hand", "The old plugs crumble out of the wall",
    "The instructions are missing", "Nobody is there to hold the other end",
    "Drilling is not allowed after 8 pm", "The tenancy agreement forbids holes",
    "The right screws are sold out", "The wall is concrete and the drill too weak",
    "The spirit level is bent", "There is no time on weekdays",
    "The room is too small to work in", "The ladder is too short",
    "The children wake up from the noise",
)
_CONSEQUENCES = (
    "The books fall down at night", "Holes in the rented wall cost the deposit",
    "A crooked shelf annoys me every day", "Drilling into a cable is dangerous",
    "The job drags on for weeks", "A handyman costs more than the shelf",
    "The neighbours complain", "The guests see the mess",
    "The children could get hurt", "Everything has to be done twice",
    "The partner takes over and I feel useless", "The wall needs repainting",
    "Money is wasted on the wrong plugs", "The weekend is gone",
)
_SOLUTIONS = (
    ("Laser spirit level", "product"), ("Wall plugs matched to the wall", "product"),
    ("Cable and pipe detector", "product"), ("Handyman on call", "service"),
    ("Video how-to for every wall type", "feature"), ("Drilling template", "product"),
    ("Adhesive strips for up to 10 kg", "product"), ("Drill rental by the day", "service"),
    ("Plug finder in the app", "feature"), ("Dust catcher for drills", "product"),
    ("Hole filler that matches the paint", "product"), ("Assembly service", "service"),
    ("Quiet-hours reminder", "feature"), ("Shelf kit with all screws", "product"),
    ("Wall scanner checklist", "feature"), ("Move-out repair service", "service"),
    ("Load calculator", "feature"), ("Two-person assembly team", "service"),
)
_AUDIENCES = (
    "", "for renters", "for beginners", "for old buildings", "for concrete walls",
    "for plasterboard", "for small flats", "for workshops", "compact edition",
    "professional edition", "for families", "weekend package",
)
# name, dimension, kind, unit, (baseline, target or tolerance), scale or None; the dimensions
# take turns so that even a small board has one of each
_METRICS = (
    ("Minutes spent per job", "functional", "improve", "min", (120, 30), None),
    ("Confidence when drilling", "emotional", "improve", "", (2, 5), (1, 5)),
    ("Compliments from guests per month", "social", "improve", "compliments", (0, 3), None),
    ("Trips to the DIY store per job", "functional", "improve", "trips", (3, 1), None),
    ("Stress before starting", "emotional", "improve", "", (8, 2), (0, 10)),
    ("Times friends ask for help", "social", "improve", "requests", (0, 2), None),
    ("Shelves hanging straight", "functional", "improve", "%", (60, 100), None),
    ("Calm during the work", "emotional", "secure", "", (4, 1), (1, 5)),
    ("Landlord complaints per year", "social", "improve", "complaints", (2, 0), None),
    ("Holes drilled in the wrong place", "functional", "improve", "holes", (4, 0), None),
    ("Pride in the result", "emotional", "improve", "", (4, 9), (0, 10)),
    ("Standing with the neighbours", "social", "secure", "", (4, 1), (1, 5)),
    ("Load the shelf holds", "functional", "secure", "kg", (40, 5), None),
)
_STAGES = (
    ("suspect", "Notices a bare wall and browses ideas online",
     "Be found where they look for ideas", "Visits to the how-to videos",
     "Video views per month", "Which rooms and walls people struggle with"),
    ("lead", "Looks for how to do it and what it needs",
     "Answer the question before the purchase", "Sign-up for the plug finder",
     "Sign-ups per month", "Which wall types our leads have"),
    ("prospect", "Compares kits, rentals and a handyman",
     "Show the whole job, not just the drill", "Request for a quote or a kit",
     "Quotes requested", "Why they hesitate: price, effort or risk"),
    ("customer", "Buys the kit or books the service",
     "Make buying and booking simple", "Order or booking", "Orders per month",
     "Which bundle sells with which job"),
    ("consumption", "Puts up the shelf and uses it",
     "Help them finish the job the first time", "Completed job reported in the app",
     "Share of orders with a finished job", "Where people get stuck halfway"),
    ("reference", "Shows the result to friends and neighbours",
     "Make the result worth showing", "Review or recommendation",
     "Reviews and referrals per month", "What customers say in their own words"),
)


def demo_board(items: int, seed: int = 0) -> Board:
    """A valid board of about ``items`` records (exactly, for 20 <= items <= MAX_ITEMS)."""
    rng = random.Random(seed)
    target = max(0, min(items, MAX_ITEMS))
    ids = _Ids()
    personas = [Persona(id=ids("persona"), name=name, description=description)
                for name, description in _PERSONAS[: 2 if target < 100 else 3]]
    persona_ids = [p.id for p in personas]
    worth = [_worth(rng, ids, persona) for persona in persona_ids]
    desired = [DesiredOutcome(id=ids("desired"), persona=persona, required=required,
                              experience=experience, alternative=alternative)
               for persona, (required, experience, alternative) in zip(
                   persona_ids, itertools.cycle(_DESIRED), strict=False)]
    experiments = [_experiment(ids, record) for record in worth]
    scenarios = _scenarios(ids, 1 if target < 60 else 3)
    stages = [StageRow(id=ids("stage"), stage=stage, buying_process=process, task=task,
                       response=response, metric=metric, discovery=discovery)
              for stage, process, task, response, metric, discovery in _STAGES]
    snapshots = [_snapshot(rng, ids, persona, month)
                 for persona in persona_ids for month in range(min(6, target // 150))]
    actuals = [_actual(rng, ids, month) for month in range(min(12, target // 100))]
    frame = len(personas) + len(worth) + len(desired) + len(experiments) + len(scenarios)
    frame += len(stages) + len(snapshots)
    vote_count = min(6, target // 50)  # two people's dots from a workshop
    frame += len(actuals) + vote_count
    rest = target - frame
    job_count = max(1, round(rest * _JOB_SHARE))
    counts = _split(max(0, rest - job_count), _SHARES)

    jobs = _jobs(rng, ids, job_count, counts, persona_ids)
    solutions = _solutions(rng, ids, counts["solutions"])
    links = _links(rng, ids, jobs, solutions, counts["links"])
    metric_count = counts["metrics"] + counts["links"] - len(links)
    outcome_ids = [o.id for job in jobs for o in job.outcomes]
    metrics = [_metric(rng, ids, persona_ids, outcome_ids, index) for index in range(metric_count)]
    votable = outcome_ids + [solution.id for solution in solutions]
    votes = [Vote(id=ids("vote"), voter=("Ann", "Ben")[index % 2], target=rng.choice(votable))
             for index in range(vote_count if votable else 0)]
    return Board(
        title=f"Demo: DIY at home ({target} items)",
        description="Generated demo board: the shelf on the wall, scaled up to a household.",
        personas=personas, needs=jobs, solutions=solutions, links=links, metrics=metrics,
        snapshots=snapshots, worth=worth, scenarios=scenarios, stages=stages, actuals=actuals,
        votes=votes, desired_outcomes=desired, experiments=experiments,
    )


class _Ids:
    """Readable ids, unique within the board: ``job-1``, ``out-1``, ``out-2`` …"""

    def __init__(self) -> None:
        self._counters: dict[str, itertools.count] = {}

    def __call__(self, prefix: str) -> str:
        counter = self._counters.setdefault(prefix, itertools.count(1))
        return f"{prefix}-{next(counter)}"


def _split(total: int, shares: dict[str, float]) -> dict[str, int]:
    """``total`` split by ``shares`` (summing to 1) with largest remainder: sums to ``total``."""
    exact = {name: total * share for name, share in shares.items()}
    counts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(shares, key=lambda name: exact[name] - counts[name], reverse=True)
    for name in by_remainder[: total - sum(counts.values())]:
        counts[name] += 1
    return counts


def _solutions(rng: random.Random, ids: _Ids, count: int) -> list[Solution]:
    """``count`` solutions: distinct (solution, audience) pairs, numbered once used up."""
    pairs = list(itertools.product(_SOLUTIONS, _AUDIENCES))
    solutions: list[Solution] = []
    for round_ in itertools.count(1):
        if len(solutions) >= count:
            return solutions
        rng.shuffle(pairs)
        for (text, kind), audience in pairs[: count - len(solutions)]:
            words = f"{text} {audience}".strip()
            solutions.append(Solution(id=ids("solution"), kind=kind,
                                      text=f"{words} ({round_})" if round_ > 1 else words))
    return solutions


def _jobs(rng: random.Random, ids: _Ids, job_count: int, counts: dict[str, int],
          persona_ids: list[str]) -> list[Job]:
    """Jobs with their parts dealt out unevenly: some jobs rich, some barely started.

    The 1800 task/place/occasion combinations exceed the jobs of the largest board (about 350).
    """
    tasks = [(f"{verb} {thing}", place, occasion)
             for (verb, thing), place, occasion in itertools.product(_TASKS, _PLACES, _OCCASIONS)]
    texts = [" ".join(part for part in task if part) for task in rng.sample(tasks, job_count)]
    parts = {part: _deal(rng, counts[part], job_count)
             for part in ("outcomes", "obstacles", "consequences")}
    jobs = []
    for index, text in enumerate(texts):
        outcomes = [_outcome(rng, ids, phrase)
                    for phrase in _phrases(rng, _OUTCOMES, parts["outcomes"][index])]
        obstacles = [Obstacle(id=ids("obstacle"), text=phrase)
                     for phrase in _phrases(rng, _OBSTACLES, parts["obstacles"][index])]
        consequences = [Consequence(id=ids("consequence"), text=phrase)
                        for phrase in _phrases(rng, _CONSEQUENCES, parts["consequences"][index])]
        persona = rng.choice([*persona_ids, None])
        jobs.append(Job(id=ids("job"), text=text, persona=persona, outcomes=outcomes,
                        obstacles=obstacles, consequences=consequences))
    return jobs


def _deal(rng: random.Random, total: int, jobs: int) -> list[int]:
    """``total`` parts over ``jobs`` jobs: an even base, the remainder to random jobs."""
    base, extra = divmod(total, jobs)
    counts = [base] * jobs
    for index in rng.sample(range(jobs), extra):
        counts[index] += 1
    return counts


def _phrases(rng: random.Random, pool: tuple[str, ...], count: int) -> list[str]:
    """``count`` phrases, distinct within one job until the pool runs out."""
    chosen = rng.sample(pool, min(count, len(pool)))
    return chosen + [f"{rng.choice(pool)} (case {n})" for n in range(2, count - len(chosen) + 2)]


def _outcome(rng: random.Random, ids: _Ids, text: str) -> Outcome:
    """Mostly judged outcomes; about one in twelve not judged yet, some from a survey."""
    if rng.random() < 0.08:
        return Outcome(id=ids("out"), text=text)
    importance = rng.randint(2, 10)
    satisfaction = rng.randint(0, 10)
    survey = rng.random() < 0.3
    return Outcome(id=ids("out"), text=text, importance=importance, satisfaction=satisfaction,
                   source="survey" if survey else "estimate",
                   judged_by=f"Survey wave {rng.randint(1, 4)}" if survey else "Workshop team")


def _links(rng: random.Random, ids: _Ids, jobs: list[Job], solutions: list[Solution],
           count: int) -> list[Link]:
    """Links from most solutions to most outcomes and some obstacles.

    About one solution in eight stays an orphan and one outcome in five stays unaddressed, as
    on real boards; with fewer possible pairs than ``count`` the caller makes up the rest.
    """
    linked_solutions = [s.id for s in solutions if rng.random() >= 0.125]
    outcomes = [o.id for job in jobs for o in job.outcomes if rng.random() >= 0.2]
    obstacles = [o.id for job in jobs for o in job.obstacles if rng.random() < 0.5]
    targets = outcomes + obstacles
    possible = len(linked_solutions) * len(targets)
    if possible == 0:
        return []
    chosen = sorted(rng.sample(range(possible), min(count, possible)))
    return [Link(id=ids("link"), solution=linked_solutions[n // len(targets)],
                 target=targets[n % len(targets)],
                 strength="strong" if rng.random() < 0.6 else "weak")
            for n in chosen]


def _metric(rng: random.Random, ids: _Ids, persona_ids: list[str], outcome_ids: list[str],
            index: int) -> Metric:
    """A metric from the templates (every dimension and kind in turn), values jittered.

    An improve metric ends somewhere between a step back and its target; a secure metric
    within or just outside its tolerance; ratings stay on their scale.
    """
    name, dimension, kind, unit, (baseline, second), scale = _METRICS[index % len(_METRICS)]
    low, high = scale if scale else (0, None)
    if not scale:  # move the baseline away from the target: the span never closes
        bump = rng.randint(0, 3)
        falling = kind == "improve" and baseline < second
        baseline = max(low, baseline - bump) if falling else baseline + bump
    if kind == "improve":
        current = baseline + round((second - baseline) * rng.uniform(-0.2, 1))
        fields = {"target": Decimal(second)}
    else:
        current = baseline - round(second * rng.uniform(0, 1.6))
        fields = {"tolerance": Decimal(second)}
    current = max(low, current if high is None else min(high, current))
    if scale:
        fields |= {"scale_min": Decimal(low), "scale_max": Decimal(high)}
    started = _START + dt.timedelta(days=rng.randint(0, 90))
    round_ = index // len(_METRICS)
    return Metric(
        id=ids("metric"), name=name if round_ == 0 else f"{name} ({round_ + 1})",
        persona=rng.choice([*persona_ids, None]), dimension=dimension, kind=kind, unit=unit,
        baseline=Decimal(baseline), current=Decimal(current), weight=Decimal(rng.choice((1, 1, 2))),
        baseline_date=started, current_date=started + dt.timedelta(days=rng.randint(30, 240)),
        required_outcome=rng.random() < 0.6, appropriate_experience=rng.random() < 0.5,
        outcome=rng.choice(outcome_ids) if outcome_ids and rng.random() < 0.5 else None,
        **fields,
    )


#: Each persona's desired outcome in words: required outcome, experience, the alternative.
_DESIRED = (
    ("The shelf hangs straight and holds the books", "Done on my own in one afternoon",
     "Paying a handyman"),
    ("A kitchen that works for the whole family", "Someone does it while we are at work",
     "A kitchen studio with its own fitters"),
    ("No more draughts through the old windows", "Step by step, one room a weekend",
     "Living with it another winter"),
)


def _experiment(ids: _Ids, worth: Worth) -> Experiment:
    """A test card on a persona's worth-it verdict: would they pay the price?"""
    return Experiment(id=ids("test"), subject=worth.id,
                      hypothesis=f"They would pay {worth.price} {worth.currency} a month",
                      test="Offer the kit at this price to 20 customers", metric="Orders",
                      threshold=Decimal(5), unit="orders", due=dt.date(2027, 3, 1))


def _worth(rng: random.Random, ids: _Ids, persona: str) -> Worth:
    return Worth(id=ids("worth"), persona=persona, value=Decimal(rng.randrange(80, 400, 10)),
                 price=Decimal(rng.randrange(40, 250, 10)),
                 effort_hours=Decimal(rng.randint(0, 8)), hour_value=Decimal(30),
                 risk_chance=Decimal(rng.randint(0, 20)) / 100,
                 risk_loss=Decimal(rng.randrange(0, 500, 50)), push=rng.randint(3, 9),
                 pull=rng.randint(3, 9), anxiety=rng.randint(1, 7), habit=rng.randint(1, 7))


def _scenarios(ids: _Ids, count: int) -> list[Scenario]:
    """Cautious / expected / bold plans for a DIY kit shop with a repair subscription."""
    plans = (
        ("Expected", "200000", ("0.1", "0.3", "0.5", "0.8", "0.1"), "1"),
        ("Cautious", "120000", ("0.05", "0.25", "0.4", "0.7", "0.05"), "0.5"),
        ("Bold", "350000", ("0.15", "0.35", "0.6", "0.85", "0.15"), "2"),
    )
    return [
        Scenario(id=ids("scenario"), name=name, target_revenue=Decimal(revenue),
                 deal_value=Decimal(120), monthly_fee=Decimal("4.90"),
                 paying_months=Decimal(12), leads_per_reference=Decimal(referrals),
                 rates=Rates(**dict(zip(Rates.model_fields, map(Decimal, rates), strict=True))),
                 cycle_days=CycleDays(suspect=45, lead=20, prospect=10))
        for name, revenue, rates, referrals in plans[:count]
    ]


def _snapshot(rng: random.Random, ids: _Ids, persona: str, month: int) -> Snapshot:
    """Monthly dimension scores creeping upwards, with noise."""
    def score(start: int) -> float:
        return float(min(100, max(0, start + 6 * month + rng.randint(-5, 5))))

    return Snapshot(id=ids("snapshot"), date=_START + dt.timedelta(days=30 * month),
                    persona=persona, functional=score(40), emotional=score(30), social=score(20))


def _actual(rng: random.Random, ids: _Ids, month: int) -> Actual:
    """Counts of one past month that fall from stage to stage, as a funnel's do."""
    counts = {"suspect": rng.randint(2500, 4000)}
    for upper, stage, low, high in (("suspect", "lead", 0.06, 0.12),
                                    ("lead", "prospect", 0.2, 0.4),
                                    ("prospect", "customer", 0.35, 0.6),
                                    ("customer", "consumption", 0.6, 0.9),
                                    ("consumption", "reference", 0.05, 0.2)):
        counts[stage] = int(counts[upper] * rng.uniform(low, high))
    year, index = divmod(_START.month - 1 + month, 12)
    return Actual(id=ids("actual"), month=f"{_START.year + year}-{index + 1:02d}",
                  **counts)
