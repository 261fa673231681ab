"""The canvas's pure parts: the view model (fit analysis, opportunity bands and zones, persona
views, form checks), the data of the interactive canvas, the standalone HTML picture, and the
survey computation — all hand-computed."""

from __future__ import annotations

import html
import json
import re
from fractions import Fraction

import pytest

from components.board.boardfile import load
from components.board.model import (
    Board,
    Consequence,
    Job,
    Link,
    Obstacle,
    Outcome,
    Persona,
    Solution,
)
from components.canvas import picture, survey
from components.canvas import view as canvas_view
from components.canvas.opportunity import opportunity, opportunity_band, opportunity_zones
from components.canvas.payload import payload
from components.examples import EXAMPLES_DIR

PAYLOAD = "<img src=x onerror=alert(1)>"


def shelf() -> Board:
    """Two personas; the fit numbers below are worked out by hand from this board."""
    return Board(
        title="Shelf",
        personas=[Persona(id="p1", name="DIYer"), Persona(id="p2", name="Landlord")],
        needs=[
            Job(id="j1", text="Put up a shelf", persona="p1", outcomes=[
                Outcome(id="o1", text="It hangs straight", importance=8, satisfaction=3),
                Outcome(id="o2", text="It holds the books", importance=6, satisfaction=6),
                Outcome(id="o3", text="It looks tidy", importance=6, satisfaction=8),
            ], obstacles=[
                Obstacle(id="b1", text="Floor and ceiling are not level"),
                Obstacle(id="b2", text="Does not know the wall"),
            ], consequences=[Consequence(id="c1", text="Books slide off")]),
            Job(id="j2", text="They need a drill", persona="p2", outcomes=[
                Outcome(id="o4", text="No holes in the wrong place", importance=10,
                        satisfaction=2),
                Outcome(id="o5", text="Tenants are happy"),
            ]),
        ],
        solutions=[Solution(id="s1", text="Spirit level"), Solution(id="s2", text="Wall plugs"),
                   Solution(id="s3", text="3D planner app")],
        links=[Link(id="l1", solution="s1", target="o1", strength="strong"),
               Link(id="l2", solution="s2", target="o2", strength="weak"),
               Link(id="l3", solution="s1", target="b1", strength="strong"),
               Link(id="l4", solution="s2", target="o4", strength="strong")],
    )


# --- view model: codes, fit, personas --------------------------------------------------------

def test_codes_number_each_kind_over_the_whole_board():
    codes = canvas_view.codes(shelf())
    assert [codes[i] for i in ("j1", "j2", "o1", "o4", "o5", "b2", "c1", "s3")] == [
        "J1", "J2", "O1", "O4", "O5", "B2", "C1", "S3"]
    german = canvas_view.codes(shelf(), canvas_view.prefixes("de"))
    assert (german["j2"], german["o4"], german["b1"], german["c1"], german["s1"]) == (
        "A2", "E4", "H1", "K1", "L1")


def test_fit_of_the_whole_board():
    fit = canvas_view.build(shelf()).fit
    # o1 8×1 + o2 6×½ + o3 6×0 + o4 10×1; o5 unrated weighs the mean 7.5 -> 21 / 37.5
    assert fit.score == pytest.approx(56.0)
    # b1 removed strongly, b2 not at all
    assert fit.obstacles == pytest.approx(50.0)
    # unaddressed: o3 (6), then the unrated ones in canvas order (J1's b2 before J2's o5)
    assert [p.code for p in fit.unaddressed] == ["O3", "B2", "O5"]
    assert [s.code for s in fit.orphans] == ["S3"]


def test_one_persona_counts_only_its_needs():
    view = canvas_view.build(shelf(), personas=["p1"])
    assert [job.id for job in view.jobs] == ["j1"]
    # o1 8 + o2 3 + o3 0 -> 11 / 20
    assert view.fit.score == pytest.approx(55.0)
    # every solution is shown, but s2 helps p1 only weakly and s3 not at all
    assert [s.code for s in view.solutions] == ["S1", "S2", "S3"]
    assert [s.code for s in view.fit.orphans] == ["S3"]
    assert view.solutions[1].targets == ("o2",)   # o4 is not in view
    assert [link.id for link in view.links] == ["l1", "l2", "l3"]
    landlord = canvas_view.build(shelf(), personas=["p2"])
    # o4 10 reached strongly, o5 unrated weighs the mean 10 and is not reached
    assert landlord.fit.score == pytest.approx(50.0)
    assert [s.code for s in landlord.fit.orphans] == ["S1", "S3"]


def test_compare_two_personas_and_ignore_unknown_ones():
    view = canvas_view.build(shelf(), personas=["p2", "p1", "gone"])
    assert view.compare
    assert [(g.name, [j.id for j in g.jobs]) for g in view.groups] == [
        ("Landlord", ["j2"]), ("DIYer", ["j1"])]
    assert not canvas_view.build(shelf(), personas=["gone"]).compare


def test_jobs_without_persona_form_their_own_group():
    board = shelf().model_copy(update={"needs": (*shelf().needs, Job(id="j3", text="Move"))})
    groups = canvas_view.build(board).groups
    assert [(g.persona, [j.id for j in g.jobs]) for g in groups] == [
        ("p1", ["j1"]), ("p2", ["j2"]), (None, ["j3"])]


def test_links_in_view_and_what_each_solution_helps():
    view = canvas_view.build(shelf())
    assert [(link.solution, link.target, link.strength) for link in view.links] == [
        ("s1", "o1", "strong"), ("s2", "o2", "weak"), ("s1", "b1", "strong"),
        ("s2", "o4", "strong")]
    assert [s.targets for s in view.solutions] == [("o1", "b1"), ("o2", "o4"), ()]


def test_a_solution_linked_to_the_job_itself_is_no_orphan():
    board = shelf().model_copy(update={"links": (*shelf().links, Link(
        id="l5", solution="s3", target="j2", strength="weak"))})
    view = canvas_view.build(board)
    assert view.solutions[2].targets == ("j2",) and view.fit.orphans == ()
    assert view.fit.score == pytest.approx(56.0)  # the job is not an outcome: no change
    assert canvas_view.build(board, personas=["p1"]).solutions[2].orphan  # j2 not in view


def test_solutions_in_disguise():
    view = canvas_view.build(shelf())
    assert [(d.code, d.text, d.word) for d in view.fit.disguised] == [
        ("J2", "They need a drill", "drill")]
    assert view.jobs[1].disguise == "drill"
    genuine = shelf().model_copy(update={"needs": shelf().needs[:1]})
    assert canvas_view.build(genuine).fit.disguised == ()


def test_unrated_outcomes_still_count_and_no_outcomes_give_no_score():
    board = Board(title="B", needs=[Job(id="j", text="J", outcomes=[Outcome(id="o", text="O")])])
    assert canvas_view.build(board).fit.score == 0.0  # one unrated outcome, not reached
    assert canvas_view.build(board).fit.obstacles is None  # no obstacle to remove
    empty = canvas_view.build(Board(title="Empty"))
    assert empty.empty and empty.fit.score is None


# --- opportunity -----------------------------------------------------------------------------

def test_opportunity_rows_ranked_with_bands_and_over_served():
    rows = canvas_view.build(shelf()).opportunities
    # o4 10+8=18 extreme; o1 8+5=13 strong; o2 6+0=6; o3 6+0=6 over-served; o5 unrated
    assert [(r.code, r.score, r.band, r.over_served) for r in rows] == [
        ("O4", 18, "extreme", False), ("O1", 13, "strong", False),
        ("O2", 6, "unattractive", False), ("O3", 6, "unattractive", True)]
    assert rows[0].persona == "Landlord" and rows[0].job == "They need a drill"
    assert canvas_view.build(shelf()).unrated == 1


def test_zones_at_hand_computed_importances():
    zones = {(z.band, z.importance): (z.low, z.high) for z in opportunity_zones()}
    # importance 10: extreme below 2·10−15 = 5, strong to 8, worth considering to 10
    assert zones["extreme", 10] == (0, 5)
    assert zones["strong", 10] == (5, 8)
    assert zones["worth_considering", 10] == (8, 10)
    assert zones["unattractive", 10] == (10, 10)
    # importance 7: nothing extreme, strong 0..2, worth considering 2..4
    assert zones["extreme", 7] == (0, 0)
    assert zones["strong", 7] == (0, 2)
    assert zones["worth_considering", 7] == (2, 4)
    assert zones["unattractive", 7] == (4, 10)
    assert zones["unattractive", 4] == (0, 10)


def test_zones_agree_with_the_opportunity_band_everywhere():
    zones = opportunity_zones(Fraction(1, 4))
    by_x = {}
    for z in zones:
        by_x.setdefault(z.importance, []).append(z)
    for x, bands in by_x.items():
        for step in range(40):
            y = step / 4 + 1 / 8  # between grid lines: never on a band edge
            inside = [z.band for z in bands if z.low < y < z.high]
            assert inside == [opportunity_band(opportunity(x, y))], (x, y)


# --- form checks -----------------------------------------------------------------------------

def test_clean_item_checks_texts_and_scores():
    data, problems = canvas_view.clean_item(
        "outcomes", {"text": "  It hangs straight ", "judged_by": "", "importance": 9,
                     "satisfaction": None})
    assert problems == []
    assert data == {"text": "It hangs straight", "judged_by": "", "importance": 9.0,
                    "satisfaction": None}
    _, problems = canvas_view.clean_item(
        "outcomes", {"text": " ", "judged_by": "x" * 1001, "importance": 11,
                     "satisfaction": -0.5})
    assert [(p.field, p.code) for p in problems] == [
        ("text", "empty"), ("judged_by", "too_long"), ("importance", "out_of_range"),
        ("satisfaction", "out_of_range")]
    assert problems[2].params == {"low": 0, "high": 10, "value": "11"}


def test_link_problem_for_deleted_or_missing_ends():
    board = shelf()
    assert canvas_view.link_problem(board, "s1", "o2") is None
    assert canvas_view.link_problem(board, "s1", "b2") is None
    assert canvas_view.link_problem(board, "s1", "gone").code == "link_gone"
    assert canvas_view.link_problem(board, "gone", "o1").code == "link_gone"
    assert canvas_view.link_problem(board, "s1", "c1").code == "link_gone"  # not linkable
    assert canvas_view.link_problem(board, "s1", "j2") is None  # the job itself
    assert canvas_view.link_problem(board, "s1", None).code == "choose_both"


# --- the canvas's data and the HTML picture --------------------------------------------------

def data_of(document: str) -> dict:
    """The canvas data inside a standalone HTML file."""
    found = re.search(r'<script type="application/json" id="pcv-data">(.*?)</script>', document,
                      re.DOTALL)
    return json.loads(found.group(1))


def card_texts(data: dict) -> list[str]:
    jobs = [job for group in data["groups"] for job in group["jobs"]]
    parts = [part for job in jobs for name in ("outcomes", "obstacles", "consequences")
             for part in job[name]]
    return [item["text"] for item in (*jobs, *parts, *data["solutions"])]


def hostile() -> Board:
    return Board(
        title=PAYLOAD, personas=[Persona(id="p", name=PAYLOAD)],
        needs=[Job(id="j", text=PAYLOAD, persona="p", outcomes=[
            Outcome(id="o", text=PAYLOAD, judged_by=PAYLOAD, importance=9, satisfaction=3)],
            obstacles=[Obstacle(id="b", text=PAYLOAD)],
            consequences=[Consequence(id="c", text=PAYLOAD)])],
        solutions=[Solution(id="s", text=PAYLOAD, description=PAYLOAD)],
        links=[Link(id="l", solution="s", target="o")])


def test_user_text_stays_text_in_the_html_file():
    drawn = picture.document(canvas_view.build(hostile()), "en")
    # no markup of the payload anywhere: escaped in the outline, \u003c in the data
    assert "<img" not in drawn
    assert drawn.count(html.escape(PAYLOAD)) >= 7  # title, heading, outline of five cards
    data = data_of(drawn)["board"]
    assert card_texts(data) == [PAYLOAD] * 5
    assert data["groups"][0]["name"] == PAYLOAD
    assert data["groups"][0]["jobs"][0]["outcomes"][0]["note"] == PAYLOAD
    assert "</script" not in drawn.split('id="pcv-data">')[1].split("</script>")[0]


def test_a_text_cannot_end_the_script_of_the_file():
    board = hostile().model_copy(update={"title": "</script><script>alert(1)</script>"})
    drawn = picture.document(canvas_view.build(board), "en")
    assert "<script>alert(1)" not in drawn
    assert data_of(drawn)["board"]["title"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_the_data_holds_every_card_of_the_shelf_example(language):
    board = load((EXAMPLES_DIR / f"shelf.{language}.yaml").read_text("utf-8"))
    view = canvas_view.build(board, canvas_view.prefixes(language))
    data = payload(view, {}, language)
    items = [*board.needs, *board.solutions]
    items += [i for job in board.needs for i in (*job.outcomes, *job.obstacles, *job.consequences)]
    assert sorted(card_texts(data)) == sorted(item.text for item in items)
    jobs = [job for group in data["groups"] for job in group["jobs"]]
    codes = {item["id"]: item["code"] for job in jobs
             for item in (job, *job["outcomes"], *job["obstacles"], *job["consequences"])}
    codes |= {s["id"]: s["code"] for s in data["solutions"]}
    assert codes == dict(view.codes)
    assert [(link["solution"], link["target"], link["strength"]) for link in data["links"]] == [
        (link.solution, link.target, link.strength) for link in board.links]
    assert [s["description"] for s in data["solutions"]] == [
        s.description for s in board.solutions]
    document = picture.document(view, language)
    for item in items:
        assert html.escape(item.text) in document  # the outline for readers without scripts


def test_the_data_shows_scores_bands_marks_and_the_analysis():
    data = payload(canvas_view.build(shelf()), {"o1": 2}, "en")
    outcomes = {o["id"]: o for group in data["groups"] for job in group["jobs"]
                for o in job["outcomes"]}
    assert (outcomes["o1"]["opportunity_text"], outcomes["o1"]["band"]) == ("13", "strong")
    assert (outcomes["o4"]["opportunity_text"], outcomes["o4"]["band"]) == ("18", "extreme")
    assert outcomes["o3"]["over_served"] and not outcomes["o1"]["over_served"]
    assert outcomes["o5"]["importance"] is None and outcomes["o5"]["opportunity_text"] is None
    # the open needs and the orphan are marked on their cards
    assert [o for o in outcomes if outcomes[o]["open"]] == ["o3", "o5"]
    assert [s["orphan"] for s in data["solutions"]] == [False, False, True]
    assert data["groups"][1]["jobs"][0]["disguise"] == "drill"
    assert data["fit"] | {"outcome_value": None, "obstacle_value": None} == {
        "outcomes": "56", "obstacles": "50", "outcome_value": None, "obstacle_value": None,
        "unaddressed": ["o3", "b2", "o5"], "orphans": ["s3"],
        "disguised": [{"id": "j2", "word": "drill"}], "unrated": 1}
    assert data["votes"] == {"o1": 2}
    assert data["text"]["canvas.fit.score"] == "Fit score, outcomes"


def test_the_data_is_in_the_viewers_language():
    german = payload(canvas_view.build(shelf(), canvas_view.prefixes("de")), {}, "de")
    job = german["groups"][0]["jobs"][0]
    assert (job["code"], job["outcomes"][0]["code"]) == ("A1", "E1")
    assert german["text"]["canvas.picture.opportunity"] == "Chance"
    assert german["text"]["bands"]["strong"] == "stark"
    assert [7.5, "7,5"] in german["text"]["ratings"]  # the choices on an outcome card
    board = shelf().model_copy(update={"needs": (Job(id="j", text="J", outcomes=(
        Outcome(id="o", text="O", importance=7.5, satisfaction=2.5),)),), "links": ()})
    outcome = payload(canvas_view.build(board), {}, "de")["groups"][0]["jobs"][0]["outcomes"][0]
    assert (outcome["importance_text"], outcome["satisfaction_text"],
            outcome["opportunity_text"]) == ("7,5", "2,5", "12,5")


def test_compare_mode_and_empty_board_in_the_data():
    assert payload(canvas_view.build(shelf(), personas=["p1", "p2"]), {}, "en")["compare"]
    empty = payload(canvas_view.build(Board(title="E")), {}, "sv")
    assert empty["groups"] == [] and empty["solutions"] == []
    assert empty["text"]["canvas.ui.empty_needs"] == "Inga jobb ännu."
    assert empty["text"]["canvas.ui.empty_solutions"] == "Inga lösningar ännu."
    assert empty["fit"]["outcomes"] == "–"


def test_html_document_is_standalone():
    document = picture.document(canvas_view.build(shelf()), "de")
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in document and '<meta charset="utf-8">' in document
    # the canvas's own script and style, nothing fetched from anywhere
    assert picture.STYLE in document and "mountCanvas({data:" in document
    assert not re.search(r"\b(src|href)=", document)
    assert "import(" not in document and "fetch(" not in document
    assert data_of(document)["viewer"] == {"mode": "static"}


# --- survey ----------------------------------------------------------------------------------

SURVEY = ("respondent,persona,outcome,importance,satisfaction\n"
          "r1,DIYer,It hangs straight,5,2\n"
          "r2,DIYer,It hangs straight,4,4\n"
          "r3,,it hangs straight  ,3,1\n"
          "r4,DIYer,o1,5,2\n"
          "r1,DIYer,It looks tidy,2,5\n"
          "r1,Landlord,No holes in the wrong place,5,1\n"
          "r2,p2,o4,4,3\n")


def test_top_two_share():
    assert survey.top_two_share([5, 4, 3, 5]) == Fraction(15, 2)
    assert survey.top_two_share([1, 2, 3]) == 0
    assert survey.top_two_share([4]) == 10
    assert survey.stored(Fraction(20, 3)) == 6.67


def test_survey_results_by_hand():
    results = survey.read(SURVEY.encode("utf-8"), shelf())
    assert [(r.outcome, r.persona, r.respondents, r.importance, r.satisfaction)
            for r in results] == [
        # importance 5,4,3,5 -> 3 of 4 top-two -> 7.5; satisfaction 2,4,1,2 -> 1 of 4 -> 2.5
        ("o1", "p1", 4, Fraction(15, 2), Fraction(5, 2)),
        ("o3", "p1", 1, Fraction(0), Fraction(10)),
        ("o4", "p2", 2, Fraction(10), Fraction(0)),
    ]


def test_survey_reads_semicolons_bom_and_extra_columns():
    text = "\ufeffRespondent;Outcome;Importance;Satisfaction;Comment\nr1;o2;4;5;ok\n"
    results = survey.read(text.encode("utf-8"), shelf())
    assert [(r.outcome, r.importance, r.satisfaction) for r in results] == [
        ("o2", Fraction(10), Fraction(10))]


def test_survey_template_lists_the_outcomes():
    lines = survey.template(shelf()).splitlines()
    assert lines[0] == "respondent,persona,outcome,importance,satisfaction"
    assert lines[1] == "r1,DIYer,It hangs straight,,"
    assert len(lines) == 6


@pytest.mark.parametrize("text,code,line,params", [
    ("", "empty", 0, {}),
    ("respondent,outcome,importance,satisfaction\n", "empty", 0, {}),
    ("respondent,outcome,importance\nr1,o1,5\n", "missing_column", 1,
     {"column": "satisfaction"}),
    ("respondent,outcome,importance,satisfaction\nr1,o1,6,2\n", "bad_rating", 2,
     {"column": "importance", "value": "6"}),
    ("respondent,outcome,importance,satisfaction\nr1,o1,4,2.5\n", "bad_rating", 2,
     {"column": "satisfaction", "value": "2.5"}),
    ("respondent,outcome,importance,satisfaction\nr1,o1,4,\n", "missing_value", 2,
     {"column": "satisfaction"}),
    ("respondent,outcome,importance,satisfaction\n,o1,4,2\n", "missing_value", 2,
     {"column": "respondent"}),
    ("respondent,outcome,importance,satisfaction\nr1,o1,4,2\nr2,Nope,4,2\n", "unknown_outcome",
     3, {"value": "Nope"}),
    ("respondent,persona,outcome,importance,satisfaction\nr1,Nobody,o1,4,2\n",
     "unknown_persona", 2, {"value": "Nobody"}),
    ("respondent,persona,outcome,importance,satisfaction\nr1,Landlord,o1,4,2\n",
     "persona_mismatch", 2, {"outcome": "o1", "persona": "Landlord"}),
    ("respondent,outcome,importance,satisfaction\nr1,o1,4,2\n\nr1,It hangs straight,5,5\n",
     "duplicate", 4, {"respondent": "r1", "first": 2}),
])
def test_survey_errors(text, code, line, params):
    with pytest.raises(survey.SurveyError) as caught:
        survey.read(text.encode("utf-8"), shelf())
    assert (caught.value.code, caught.value.line, caught.value.params) == (code, line, params)


def test_survey_rejects_ambiguous_texts_non_utf8_and_huge_files():
    again = Job(id="j3", text="Again", outcomes=[Outcome(id="o9", text="It hangs straight")])
    twin = shelf().model_copy(update={"needs": (*shelf().needs, again)})
    with pytest.raises(survey.SurveyError) as caught:
        survey.read(b"respondent,outcome,importance,satisfaction\nr1,It hangs straight,4,2\n",
                    twin)
    assert caught.value.code == "ambiguous_outcome"
    with pytest.raises(survey.SurveyError) as caught:
        survey.read("respondent,outcome,importance,satisfaction\nr1,Öl,4,2\n".encode("latin-1"),
                    shelf())
    assert caught.value.code == "not_utf8"
    with pytest.raises(survey.SurveyError) as caught:
        survey.read(b"x" * (survey.MAX_BYTES + 1), shelf())
    assert caught.value.code == "too_large"
