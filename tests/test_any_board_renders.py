"""Any board the model accepts can be saved, read back, and shown on every page.

Hypothesis draws random valid boards: every collection, numbers across their whole allowed
ranges (the bounds themselves included, see components/board/model.py), texts in any script
that look like Markdown, HTML, Streamlit icons or format strings.  Each board goes through a
board file and the store unchanged, and every page (/, /canvas with each of its tabs,
/progress, /funnel with each of its tabs, /report, /present at each step) draws it without
an exception.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from components import i18n
from components.board import boardfile, store
from components.board.bounds import (
    FIRST_DATE,
    LAST_DATE,
    MAX_CUSTOMERS,
    MAX_HOURS,
    MAX_MONEY,
    MAX_PEOPLE,
    MAX_TEXT,
    MIN_RATE,
)
from components.board.model import Board, Scenario
from components.funnel.calc import RATE_KEYS
from components.i18n import LANGUAGES
from components.widgets import state
from components.widgets.canvas.panels import PROMPTS, SECTION_KEY, SECTIONS
from components.widgets.tabs import widget_key
from tests.conftest import KEY, PROJECT_ROOT

FUNNEL_TABS = ("plan", "pacing", "levers", "scenarios", "actuals", "forward")

# --- texts -------------------------------------------------------------------------------------

LOOKALIKES = [
    "<script>alert(1)</script>", "<b>bold</b> &lt;b&gt; &amp;", "**bold** _it_ ~~gone~~",
    "[a link](https://example.com) ![image](https://example.com/x.png)", "https://x.y/a\\b",
    ":material/home: :smile: :red[red]", "$x^2$ and $$\\frac{1}{2}$$", "`code` ```block```",
    "# Heading\n- item\n> quote", "| a | b |\n|---|---|", "{title} {0} %s %(x)s {{", "\\",
    "<!-- comment --> <img src=x onerror=alert(1)>", "right-to-left: שלום עולם مرحبا",
    "emoji 👩‍👩‍👧 🇸🇪 e\u0301", "line\u2028separator\u2029", "tab\tand\nnew line", "\ufeffbom",
    "Grüße, smörgåsbord, ÆØÅ", "x" * MAX_TEXT, "1e29", "NaN", "yes", "null", "- item",
]
# any character a database stores (no NUL, no lone surrogate)
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
TEXT = st.one_of(st.sampled_from(LOOKALIKES), st.text(CHARACTERS, min_size=1, max_size=60),
                 st.builds("{} {}".format, st.sampled_from(LOOKALIKES),
                           st.text(CHARACTERS, max_size=20))
                 ).map(lambda text: text.strip()[:MAX_TEXT]).filter(bool)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)

# --- numbers: anywhere in the range, and often right at its ends ------------------------------


def exact(low: Decimal | int, high: Decimal | int, places: int = 10) -> st.SearchStrategy:
    low, high = Decimal(low), Decimal(high)
    return st.one_of(st.sampled_from([low, high]),
                     st.decimals(low, high, places=places, allow_nan=False,
                                 allow_infinity=False))


def whole(low: int, high: int) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([low, high]), st.integers(low, high))


def real(low: float, high: float) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([low, high]), st.floats(low, high))


MONEY = exact(0, MAX_MONEY, places=2)
RATE = st.one_of(exact(MIN_RATE, 1, places=6), st.sampled_from([Decimal("0.5"), Decimal(1)]))
DATES = st.one_of(st.sampled_from([FIRST_DATE, LAST_DATE]), st.dates(FIRST_DATE, LAST_DATE))
CURRENCIES = st.one_of(st.sampled_from(["EUR", "SEK", "USD", "JPY", "BHD"]),
                       st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


# --- the board ---------------------------------------------------------------------------------


@st.composite
def boards(draw) -> Board:
    """A valid board with records in every collection; ids are unique, references hold."""
    count = iter(range(10**6))

    def records(maker, most: int) -> list[dict]:
        return [{"id": f"r{next(count)}", **maker()} for _ in range(draw(st.integers(0, most)))]

    personas = records(lambda: {"name": draw(TEXT), "description": draw(OPTIONAL_TEXT)}, 3)
    persona_ids = [p["id"] for p in personas]
    persona = maybe(st.sampled_from(persona_ids)) if persona_ids else st.none()
    def evidence() -> list[dict]:
        return [{"source": draw(st.sampled_from(["interview", "observation", "survey",
                                                 "estimate"])),
                 "customers": draw(whole(0, MAX_CUSTOMERS)), "quote": draw(OPTIONAL_TEXT),
                 "date": draw(maybe(DATES))} for _ in range(draw(st.integers(0, 2)))]

    needs = records(lambda: {
        "text": draw(TEXT), "persona": draw(persona),
        "outcomes": records(lambda: {
            "text": draw(TEXT), "importance": draw(maybe(real(0, 10))),
            "satisfaction": draw(maybe(real(0, 10))), "judged_by": draw(OPTIONAL_TEXT),
            "source": draw(st.sampled_from(["estimate", "survey"])),
            "evidence": evidence()}, 4),
        "obstacles": records(lambda: {"text": draw(TEXT), "evidence": evidence()}, 2),
        "consequences": records(lambda: {"text": draw(TEXT)}, 2)}, 4)
    solutions = records(lambda: {"text": draw(TEXT), "description": draw(OPTIONAL_TEXT),
                                 "kind": draw(st.sampled_from(["product", "service",
                                                               "feature"]))}, 4)
    outcome_ids = [o["id"] for job in needs for o in job["outcomes"]]
    targets = outcome_ids + [o["id"] for job in needs for o in job["obstacles"]]
    links = records(lambda: {"solution": draw(st.sampled_from([s["id"] for s in solutions])),
                             "target": draw(st.sampled_from(targets)),
                             "strength": draw(st.sampled_from(["weak", "strong"]))},
                    5 if solutions and targets else 0)
    value = exact(-MAX_MONEY, MAX_MONEY)
    metrics = records(lambda: {
        "name": draw(TEXT), "persona": draw(persona),
        "dimension": draw(st.sampled_from(["functional", "emotional", "social"])),
        "kind": draw(st.sampled_from(["improve", "secure"])), "unit": draw(OPTIONAL_TEXT),
        "baseline": draw(value), "current": draw(value), "target": draw(maybe(value)),
        "tolerance": draw(exact(0, MAX_MONEY)), "direction": draw(st.sampled_from([1, -1, 0])),
        "weight": draw(exact(0, 1000)), "scale_min": draw(maybe(value)),
        "scale_max": draw(maybe(value)), "baseline_date": draw(maybe(DATES)),
        "current_date": draw(maybe(DATES)), "required_outcome": draw(st.booleans()),
        "appropriate_experience": draw(st.booleans()),
        "outcome": draw(maybe(st.sampled_from(outcome_ids)) if outcome_ids else st.none())}, 4)
    snapshots = records(lambda: {
        "date": draw(DATES), "persona": draw(persona),
        **{name: draw(maybe(real(0, 100))) for name in ("functional", "emotional", "social")}},
        3)
    worth = records(lambda: {
        "persona": draw(persona), "currency": draw(CURRENCIES),
        "period": draw(st.sampled_from(["year", "quarter", "month", "once"])),
        "value": draw(MONEY), "price": draw(MONEY), "effort_hours": draw(exact(0, MAX_HOURS)),
        "hour_value": draw(MONEY), "risk_chance": draw(exact(0, 1)), "risk_loss": draw(MONEY),
        **{name: draw(whole(0, 10)) for name in ("push", "pull", "anxiety", "habit")}}, 2)
    desired_outcomes = records(lambda: {
        "persona": draw(persona),
        **{name: draw(OPTIONAL_TEXT) for name in ("required", "experience", "alternative")}}, 2)
    scenarios = [fitted(scenario) for scenario in records(lambda: {
        "name": draw(TEXT), "description": draw(OPTIONAL_TEXT),
        "period": draw(st.sampled_from(["year", "quarter", "month"])),
        "currency": draw(CURRENCIES), "target_revenue": draw(MONEY),
        "deal_value": draw(MONEY), "monthly_fee": draw(MONEY),
        "paying_months": draw(exact(0, 600, places=1)),
        "rates": {key: draw(st.one_of(RATE, st.just(Decimal(0)))
                            if key == "consumption_to_reference" else RATE)
                  for key in RATE_KEYS},
        "leads_per_reference": draw(exact(0, 1000, places=2)),
        "cycle_days": {stage: draw(whole(0, 3650)) for stage in
                       ("suspect", "lead", "prospect", "customer", "consumption")}}, 3)]
    stages = records(lambda: {
        "stage": draw(st.sampled_from(["suspect", "lead", "prospect", "customer",
                                       "consumption", "reference"])),
        **{column: draw(OPTIONAL_TEXT) for column in ("buying_process", "task", "response",
                                                      "metric", "discovery")}}, 6)
    actuals = records(lambda: {
        "month": f"{draw(st.integers(1900, 2199))}-{draw(st.integers(1, 12)):02d}",
        **{stage: draw(maybe(whole(0, MAX_PEOPLE))) for stage in
           ("suspect", "lead", "prospect", "customer", "consumption", "reference")}}, 3)
    prompt = st.one_of(st.sampled_from(PROMPTS), st.from_regex(r"[a-z_]{1,40}", fullmatch=True))
    answers = records(lambda: {"prompt": draw(prompt),
                               "text": draw(OPTIONAL_TEXT)}, 3)
    votable = [job["id"] for job in needs] + targets + [s["id"] for s in solutions]
    consequences = [o["id"] for job in needs for o in job["consequences"]]
    scenario_ids = [scenario["id"] for scenario in scenarios]
    voted = votable + [m["id"] for m in metrics] + scenario_ids  # components/board/votes.py
    votes = records(lambda: {"voter": draw(TEXT), "target": draw(st.sampled_from(voted))},
                    6 if voted else 0)
    testable = votable + consequences + [w["id"] for w in worth] + scenario_ids

    def experiment() -> dict:
        subject = draw(maybe(st.sampled_from(testable)) if testable else st.none())
        rate = (draw(maybe(st.sampled_from(RATE_KEYS))) if subject in scenario_ids
                else None)
        return {"subject": subject, "rate": rate, "hypothesis": draw(TEXT),
                **{name: draw(OPTIONAL_TEXT) for name in (
                    "test", "metric", "criterion", "unit", "observation", "learning",
                    "action")},
                "threshold": draw(maybe(value)), "result": draw(maybe(value)),
                "direction": draw(st.sampled_from([1, -1])), "due": draw(maybe(DATES)),
                "decision": draw(st.sampled_from(["", "persevere", "pivot", "stop"])),
                "learned_on": draw(maybe(DATES))}

    experiments = records(experiment, 3)
    return Board.model_validate({
        "title": draw(TEXT), "description": draw(OPTIONAL_TEXT),
        "language": draw(st.sampled_from(LANGUAGES)), "personas": personas,
        "needs": needs, "solutions": solutions, "links": links, "metrics": metrics,
        "snapshots": snapshots, "worth": worth, "scenarios": scenarios, "stages": stages,
        "actuals": actuals, "answers": answers, "votes": votes,
        "desired_outcomes": desired_outcomes, "experiments": experiments})


def fitted(scenario: dict) -> dict:
    """The scenario, its target lowered until its plan fits ``MAX_PEOPLE`` people a stage."""
    for target in (scenario["target_revenue"], *(Decimal(10) ** n for n in (9, 6, 3, 0)), 0):
        candidate = {**scenario, "target_revenue": min(Decimal(target),
                                                       scenario["target_revenue"])}
        try:
            Scenario.model_validate(candidate)
        except ValidationError:
            continue
        return candidate
    raise AssertionError(f"no target fits {scenario}")  # pragma: no cover - 0 always fits


def extreme_board() -> Board:
    """Every number at an end of its range at once: the biggest plan (10^12 people at the top
    of the funnel), the longest cycles, a rate of one in a million, metric values of
    ±10^12 with ten decimal places, counts of 10^12."""
    big, places = MAX_MONEY, Decimal("0.0000000001")
    rates = dict.fromkeys(RATE_KEYS, Decimal("0.001")) | {"consumption_to_reference": MIN_RATE}
    return Board.model_validate({
        "title": "x" * MAX_TEXT, "language": "de",
        "needs": [{"id": "j", "text": "Job", "outcomes": [
            {"id": "o1", "text": "Top", "importance": 10, "satisfaction": 0},
            {"id": "o2", "text": "Bottom", "importance": 0, "satisfaction": 10}]}],
        "solutions": [{"id": "s", "text": "Solution"}],
        "links": [{"id": "l", "solution": "s", "target": "o1"}],
        "metrics": [
            {"id": "m1", "name": "up", "baseline": -big, "current": big, "target": big - places,
             "weight": 1000, "tolerance": big, "baseline_date": FIRST_DATE,
             "current_date": LAST_DATE},
            {"id": "m2", "name": "scale", "kind": "secure", "baseline": big, "current": -big,
             "scale_min": -big, "scale_max": big, "direction": -1, "weight": 0},
            {"id": "m3", "name": "tiny", "baseline": places, "current": 0, "target": -places}],
        "snapshots": [{"id": "n1", "date": FIRST_DATE, "functional": 100, "emotional": 0},
                      {"id": "n2", "date": LAST_DATE, "social": 100}],
        "worth": [{"id": "w", "value": big, "price": big, "currency": "BHD",
                   "effort_hours": MAX_HOURS, "hour_value": big, "risk_chance": 1,
                   "risk_loss": big, "push": 0, "pull": 10, "anxiety": 10, "habit": 10}],
        "scenarios": [
            {"id": "c1", "name": "Biggest plan", "target_revenue": 10**9, "deal_value": 1,
             "rates": rates | {"lead_to_prospect": 1, "prospect_to_customer": 1},
             "leads_per_reference": 1000,
             "cycle_days": dict.fromkeys(("suspect", "lead", "prospect"), 0)},
            {"id": "c2", "name": "Longest", "target_revenue": big, "deal_value": big,
             "monthly_fee": big, "paying_months": 600, "period": "month",
             "rates": dict.fromkeys(RATE_KEYS, Decimal(1)),
             "cycle_days": dict.fromkeys(("suspect", "lead", "prospect", "customer",
                                          "consumption"), 3650)},
            {"id": "c3", "name": "Rare", "target_revenue": 1, "deal_value": big,
             "rates": dict.fromkeys(RATE_KEYS, MIN_RATE) | {"suspect_to_lead": 1}}],
        "actuals": [{"id": "a1", "month": "1900-01", **dict.fromkeys(
                        ("suspect", "lead", "prospect", "customer"), MAX_PEOPLE)},
                    {"id": "a2", "month": "2199-12", "suspect": MAX_PEOPLE, "lead": 1,
                     "prospect": 0}],
        "votes": [{"id": "v", "voter": "x" * MAX_TEXT, "target": "o1"}],
    })


# --- the properties ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, database=None)
@given(boards())
def test_any_board_round_trips_through_a_board_file(board):
    assert boardfile.load(boardfile.dump(board)) == board


def page(board_id: str, path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.query_params["board"] = board_id
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(path)
    return at.run()


def drawn(at: AppTest, where: str) -> AppTest:
    assert not at.exception, (where, [e.value for e in at.exception])
    return at


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(board=boards())
@example(board=extreme_board())
def test_any_board_is_stored_and_every_page_draws_it(app_db, board):
    board_id = store.create(app_db, board, key=KEY)
    assert store.load(app_db, board_id).board == board
    language = board.language
    drawn(page(board_id, "pages/home.py", key=KEY), "/")
    canvas = drawn(page(board_id, "pages/canvas.py"), "/canvas")
    for name in SECTIONS[1:]:
        canvas.session_state[widget_key(SECTION_KEY, language)] = i18n.t(
            language, f"canvas.{name}.title")
        drawn(canvas.run(), f"/canvas {name}")
    drawn(page(board_id, "pages/progress.py"), "/progress")
    funnel = drawn(page(board_id, "pages/funnel.py"), "/funnel")
    for name in FUNNEL_TABS[1:]:
        funnel.session_state[widget_key(state.key("funnel_section"), language)] = i18n.t(
            language, f"funnel.tab.{name}")
        drawn(funnel.run(), f"/funnel {name}")
    drawn(page(board_id, "pages/report.py"), "/report")
    for step in ("canvas", "progress", "funnel"):
        drawn(page(board_id, "pages/present.py", step=step), f"/present {step}")

