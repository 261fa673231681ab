"""The canvas's pure parts: the view model (fit analysis, opportunity bands and zones, persona
views, form checks), the HTML picture, and the survey computation — all hand-computed."""

from __future__ import annotations

import html
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
    # o1 8×1 + o2 6×½ + o3 6×0 + o4 10×1 ; o5 unrated weighs 0  ->  21 / 30
    assert fit.score == pytest.approx(70.0)
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
    assert [b.code for b in view.solutions[1].links] == ["O2"]   # O4 is not in view
    landlord = canvas_view.build(shelf(), personas=["p2"])
    assert landlord.fit.score == pytest.approx(100.0)
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


def test_links_show_on_both_ends():
    view = canvas_view.build(shelf())
    o1 = view.jobs[0].outcomes[0]
    assert [(b.code, b.strength) for b in o1.links] == [("S1", "strong")]
    s2 = view.solutions[1]
    assert [(b.code, b.text, b.strength) for b in s2.links] == [
        ("O2", "It holds the books", "weak"), ("O4", "No holes in the wrong place", "strong")]


def test_solutions_in_disguise():
    view = canvas_view.build(shelf())
    assert [(d.code, d.text, d.word) for d in view.fit.disguised] == [
        ("J2", "They need a drill", "drill")]
    assert view.jobs[1].disguise == "drill"
    genuine = shelf().model_copy(update={"needs": shelf().needs[:1]})
    assert canvas_view.build(genuine).fit.disguised == ()


def test_no_fit_score_without_importance():
    board = Board(title="B", needs=[Job(id="j", text="J", outcomes=[Outcome(id="o", text="O")])])
    assert canvas_view.build(board).fit.score is None
    assert canvas_view.build(Board(title="Empty")).empty


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
    assert canvas_view.link_problem(board, "s1", None).code == "choose_both"


# --- the HTML picture ------------------------------------------------------------------------

def test_html_escapes_user_text_everywhere():
    board = Board(
        title=PAYLOAD, personas=[Persona(id="p", name=PAYLOAD)],
        needs=[Job(id="j", text=PAYLOAD, persona="p", outcomes=[
            Outcome(id="o", text=PAYLOAD, judged_by=PAYLOAD, importance=9, satisfaction=3)],
            obstacles=[Obstacle(id="b", text=PAYLOAD)],
            consequences=[Consequence(id="c", text=PAYLOAD)])],
        solutions=[Solution(id="s", text=PAYLOAD, description=PAYLOAD)],
        links=[Link(id="l", solution="s", target="o")])
    view = canvas_view.build(board)
    for drawn in (picture.render(view, "en"), picture.document(view, "en")):
        assert "<img" not in drawn and "onerror=alert(1)>" not in drawn
        assert drawn.count(html.escape(PAYLOAD)) >= 8
    assert 'title="&lt;img src=x onerror=alert(1)&gt;"' in picture.render(view, "en")


@pytest.mark.parametrize("language", ["en", "de", "sv"])
def test_html_contains_every_item_text_of_the_shelf_example(language):
    board = load((EXAMPLES_DIR / f"shelf.{language}.yaml").read_text("utf-8"))
    view = canvas_view.build(board, canvas_view.prefixes(language))
    drawn = picture.render(view, language)
    items = [(job.text, job.id) for job in board.needs]
    items += [(i.text, i.id) for job in board.needs
              for i in (*job.outcomes, *job.obstacles, *job.consequences)]
    items += [(s.text, s.id) for s in board.solutions]
    for text, item_id in items:
        assert html.escape(text) in drawn
        assert f">{view.codes[item_id]}<" in drawn
    for outcome in (o for job in board.needs for o in job.outcomes if o.judged_by):
        assert html.escape(outcome.judged_by) in drawn
    for solution in board.solutions:
        assert html.escape(solution.description) in drawn


def test_html_shows_scores_links_and_bands():
    view = canvas_view.build(shelf())
    drawn = picture.render(view, "en")
    assert "Opportunity 13 · strong" in drawn and "Opportunity 18 · extreme" in drawn
    assert "→ S1 strong" in drawn and "← O2 weak" in drawn
    assert "over-served" in drawn  # o3: satisfaction 8 > importance 6
    german = picture.render(canvas_view.build(shelf(), canvas_view.prefixes("de")), "de")
    assert "Chance 13 · stark" in german and "→ L1 stark" in german
    assert "Wichtigkeit 8" in german


def test_html_compare_mode_and_empty_board():
    assert "pcv-compare" in picture.render(canvas_view.build(shelf(), personas=["p1", "p2"]),
                                               "en")
    empty = picture.render(canvas_view.build(Board(title="E")), "sv")
    assert "Inga jobb ännu" in empty and "Inga lösningar ännu" in empty


def test_html_document_is_standalone():
    document = picture.document(canvas_view.build(shelf()), "de")
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in document and '<meta charset="utf-8">' in document
    assert "<script" not in document and "http" not in document


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
