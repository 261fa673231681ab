"""The workshop report's components: the summary sentences, the HTML file, Markdown, the ZIP."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from components.board import boardfile
from components.board.model import (
    Answer,
    Board,
    Job,
    Link,
    Metric,
    Outcome,
    Persona,
    Solution,
    Vote,
    Worth,
)
from components.canvas import view as canvas_view
from components.examples import all_examples
from components.funnel.plan import inputs_of, make_plan
from components.report import build as report
from components.report import content, export
from components.report import html as report_html
from components.widgets.report.share import board_zip, html_file
from components.widgets.shell import PageContext

PAYLOAD = "<img src=x onerror=alert(1)>"
DAY = dt.date(2026, 11, 24)


def example(key: str, language: str = "en") -> Board:
    return next(e for e in all_examples() if e.key == key and e.language == language).board()


def context(language: str) -> PageContext:
    """What the chart builders need of a page: the viewer's language (no database)."""
    return PageContext(engine=None, language=language, loaded=None)


def lines(section: content.Section) -> str:
    return "\n".join(f"{line.group} | {line.label}: {line.text}" for line in section.lines)


class Page(HTMLParser):
    """The parsed HTML file: its visible text, its tags and the ids of its sections."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.sections: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "section":
            self.sections.append(dict(attrs)["id"])

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


# --- the summary sentences -----------------------------------------------------------------

def test_shelf_in_german_states_the_fit_score_gaps_and_orphans():
    built = report.build(example("shelf", "de"), "de", ("Anna",), DAY)
    canvas = lines(built.section("canvas"))
    assert "Passungswert Ergebnisse: 63,3 von 100" in canvas
    assert "Passungswert Hindernisse: 100 von 100" in canvas
    assert "Bedürfnisse ohne Lösung (2): E3" in canvas
    assert "Lösungen ohne Bedürfnis (1): L5 Smartphone-App" in canvas
    # the top under-served outcomes, best first, with their opportunity and band
    assert re.search(r"Am stärksten unterversorgte Ergebnisse: E1 .*\(Chance 15, stark\); E2 ",
                     canvas)
    answers = lines(built.section("discussion"))
    assert "Verstehen wir die Bedürfnisse unserer Kunden wirklich" in answers
    summary = export.markdown(built, content.SECTIONS)
    assert "die folgen?** Zum Teil." in summary and "?:" not in summary  # no colon after "?"


def test_report_numbers_are_the_pages_numbers():
    board = example("shelf")
    view = canvas_view.build(board)
    built = report.build(board, "en", (), DAY)
    assert f"{view.fit.score:.1f} of 100" in lines(built.section("canvas"))
    table = built.section("canvas").tables[0]
    assert [row[1] for row in table.rows] == [row.code for row in view.opportunities]


def test_electronics_funnel_in_german_needs_7890_suspects_and_names_the_biggest_lever():
    board = example("electronics-funnel", "de")
    built = report.build(board, "de", (), DAY)
    funnel = lines(built.section("funnel"))
    plan = make_plan(inputs_of(board.scenarios[0]))
    assert plan.counts["suspect"] == 7890 and plan.per_month["suspect"] == 658
    assert "1.250.000\xa0€ im Jahr" in funnel and "aus 7.890 Verdächtigen" in funnel
    assert "Pro Monat: etwa 658 Verdächtige" in funnel
    assert "Gleichauf als größter Hebel: Lead → Prospect und Prospect → Kunde" in funnel
    assert "14.835 Verdächtige" in funnel  # the other scenarios in one line each
    counts = built.section("funnel").tables[0]
    # the seed's word for a suspect, explained where the stage is named
    assert counts.rows[0][:3] == ("Verdächtiger (alle in der Zielgruppe)", "7.890", "658")


def test_progress_states_the_gain_before_the_gap_per_persona_and_dimension():
    built = report.build(example("coffee"), "en", (), DAY)
    progress = built.section("progress")
    by_label = {(line.group, line.label): line.text for line in progress.lines}
    functional = by_label[("Office worker", "Functional 95 of 100")]
    gain = functional.index("12 min less since 1 Sept 2026")
    assert gain < functional.index("92.3% of the way to the target of 2 min")
    verdict = by_label[("Office worker", "Verdict")]
    assert verdict.startswith("clearly worth it: a benefit of €51.15 a month")
    assert "Worth it at a price up to €44.15 a month (break-even)" in verdict
    assert "Switch likely" in verdict


def test_progress_lists_every_persona_of_a_board_with_two():
    built = report.build(example("event-promoter"), "sv", (), DAY)
    groups = {line.group for line in built.section("progress").lines}
    assert len(groups) == 2
    assert built.section("progress").tables[0].columns[0] == "Persona"


def test_an_empty_board_says_so_once_per_section():
    built = report.build(Board(title="Blank"), "en", (), DAY)
    assert all(section.empty for section in built.sections)
    assert [section.lines[0].text for section in built.sections] == [
        "Nothing on the canvas yet, so there are no needs or solutions to report.",
        "No progress metrics yet, so there is no progress to report.",
        "No funnel scenario saved yet, so there is no funnel to report.",
        "No test card yet, so nothing tested to report.",
        "The discussion questions have not been answered yet.",
        "Nobody has voted yet."]


def voting_board() -> Board:
    job = Job(id="j1", text="Put up a shelf", outcomes=(
        Outcome(id="o1", text="It hangs straight", importance=9, satisfaction=3),
        Outcome(id="o2", text="It holds", importance=8, satisfaction=8)))
    return Board(title="Votes", needs=(job,), solutions=(Solution(id="s1", text="Level"),),
                 links=(Link(solution="s1", target="o1"),),
                 votes=(Vote(voter="Ann", target="o1"), Vote(voter="Bo", target="o1"),
                        Vote(voter="Ann", target="s1")))


def test_dot_voting_results_most_dots_first():
    section = report.build(voting_board(), "en", (), DAY).section("votes")
    assert lines(section).splitlines()[0] == " | Most dots: O1 It hangs straight (2), S1 Level (1)."
    assert "3 dots from 2 people." in lines(section)
    assert section.tables[0].rows == (("O1 It hangs straight", "2"), ("S1 Level", "1"))


def test_no_outcome_worth_an_opportunity_is_said_plainly():
    board = voting_board()
    job = board.needs[0].model_copy(update={"outcomes": board.needs[0].outcomes[1:]})
    canvas = lines(report.build(board.model_copy(update={"needs": (job,), "links": ()}), "en",
                                (), DAY).section("canvas"))
    assert ("Most under-served outcomes: No rated outcome has an opportunity of 10 or more."
            in canvas)


def test_participants_once_each_sorted_blank_names_left_out():
    assert report.participants(["bo", "Ann", "", "  ", "Bo "], ["Åsa", "ann", "Zoë"]) == (
        "Ann", "bo", "Zoë", "Åsa")


# --- the HTML file -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def electronics_html() -> str:
    built = report.build(example("electronics-funnel", "de"), "de", ("Anna", "Bo"), DAY)
    return html_file(context("de"), built, content.SECTIONS)


def test_html_file_carries_the_key_numbers_and_charts(electronics_html):
    page = Page(electronics_html)
    assert page.sections == list(content.SECTIONS)
    text = page.visible
    assert "7.890 Verdächtigen" in text and "88,3 von 100" in text
    assert "Teilnehmende Anna, Bo" in text and "24.11.2026" in text
    assert "Sprache des Boards Deutsch" in text
    # canvas landscape, progress scores, funnel, pacing and the scenario comparison
    assert page.tags.count("svg") == 5
    assert "script" not in page.tags and "http" not in electronics_html.split("<svg")[0]
    assert "@page{size:A4" in electronics_html and "@media print" in electronics_html
    assert "7.890" in electronics_html.split('<section id="funnel">')[1].split("</svg>")[0]


def test_html_file_of_the_shelf_in_german_shows_the_fit_score():
    built = report.build(example("shelf", "de"), "de", (), DAY)
    text = Page(html_file(context("de"), built, content.SECTIONS)).visible
    assert "Passungswert Ergebnisse: 63,3 von 100" in text


def test_switched_off_sections_stay_out_of_the_file():
    built = report.build(example("shelf"), "en", (), DAY)
    page = Page(report_html.document(built, ("canvas", "discussion")))
    assert page.sections == ["canvas", "discussion"]
    assert "Progress" not in page.visible.split("Made with")[0].split("Needs vs solutions", 1)[1]
    none = Page(report_html.document(built, ()))
    assert none.sections == [] and "All sections are switched off" in none.visible


def hostile_board() -> Board:
    persona = Persona(id="p1", name=PAYLOAD)
    job = Job(id="j1", text=PAYLOAD, persona="p1", outcomes=(
        Outcome(id="o1", text=PAYLOAD, importance=9, satisfaction=2),))
    return Board(
        title=PAYLOAD, description=f"{PAYLOAD} & <script>alert(2)</script>",
        personas=(persona,), needs=(job,), solutions=(Solution(id="s1", text=PAYLOAD),),
        links=(Link(solution="s1", target="o1", strength="weak"),),
        metrics=(Metric(name=PAYLOAD, persona="p1", unit=PAYLOAD, baseline=Decimal(1),
                        current=Decimal(2), target=Decimal(3)),),
        worth=(Worth(persona="p1", value=Decimal(100), price=Decimal(10)),),
        answers=(Answer(prompt="stakeholders", text=PAYLOAD),),
        votes=(Vote(voter=PAYLOAD, target="o1"),))


def test_user_text_stays_text_in_the_html_file():
    built = report.build(hostile_board(), "en", (PAYLOAD,), DAY)
    html = html_file(context("en"), built, content.SECTIONS)
    page = Page(html)
    assert "script" not in page.tags
    # the one picture is the canvas, drawn by the server's browser (its outline without one)
    assert page.tags.count("img") <= 1 and html.count("<img") == html.count(
        '<img alt="Needs vs solutions" src="data:image/png;base64,')
    assert f"<title>{'&lt;img src=x onerror=alert(1)&gt;'}</title>" in html
    assert page.visible.count(PAYLOAD) >= 8  # title, people, canvas, progress, answers, votes


def test_user_text_stays_text_in_the_markdown_summary():
    built = report.build(hostile_board(), "en", (), DAY)
    text = export.markdown(built, content.SECTIONS)
    assert re.search(r"(?<!\\)<", text) is None  # every < is escaped
    assert r"\<img src=x onerror=alert(1)\>" in text
    assert text.startswith(r"# \<img src=x onerror=alert(1)\>")


def test_markdown_summary_reads_like_the_page():
    built = report.build(example("electronics-funnel", "de"), "de", ("Anna",), DAY)
    text = export.markdown(built, ("canvas", "funnel"))
    assert "## Bedürfnisse und Lösungen" in text and "## Kundentrichter" in text
    assert "## Fortschritt" not in text
    assert "- **Passungswert Ergebnisse:** 88,3 von 100" in text
    assert "aus 7.890 Verdächtigen." in text  # numbers are not backslash-escaped
    assert "- **Teilnehmende:** Anna" in text


def test_markdown_text_escapes_only_what_would_format():
    assert export.markdown_text("2.500 EUR (6.250) - fine") == "2.500 EUR (6.250) - fine"
    assert export.markdown_text("# not a heading") == r"\# not a heading"
    assert export.markdown_text("1. not a list") == r"1\. not a list"
    assert export.markdown_text("*bold* [link](x)\nnext") == r"\*bold\* \[link\](x) next"


# --- the ZIP -------------------------------------------------------------------------------

def test_zip_holds_the_board_file_and_every_table():
    board = example("electronics-funnel", "en")
    built = report.build(board, "en", (), DAY)
    archive = zipfile.ZipFile(io.BytesIO(board_zip(board, built)))
    names = set(archive.namelist())
    assert {"board.yaml", "canvas-outcomes.csv", "progress-metrics.csv", "funnel-stages.csv",
            "funnel-actuals.csv"} <= names
    assert len([name for name in names if name.startswith("funnel-plan-")]) == 3
    assert boardfile.load(archive.read("board.yaml").decode()) == board
    plan = next(name for name in names if name.startswith("funnel-plan-1-"))
    rows = list(csv.reader(io.StringIO(archive.read(plan).decode())))
    assert rows[1][:4] == ["Suspect", "", "7890", "658"]  # plain numbers for a spreadsheet
    outcomes = list(csv.reader(io.StringIO(archive.read("canvas-outcomes.csv").decode())))
    assert outcomes[0][:3] == ["Rank", "Code", "Desired outcome"] and len(outcomes) == 5


def test_zip_of_votes_and_answers():
    built = report.build(voting_board(), "en", (), DAY)
    archive = zipfile.ZipFile(io.BytesIO(board_zip(voting_board(), built)))
    votes = list(csv.reader(io.StringIO(archive.read("votes.csv").decode())))
    assert votes == [["Item", "Dots"], ["O1 It hangs straight", "2"], ["S1 Level", "1"]]
    shelf = example("shelf")
    archive = zipfile.ZipFile(io.BytesIO(board_zip(
        shelf, report.build(shelf, "en", (), DAY))))
    answers = list(csv.reader(io.StringIO(archive.read("discussion.csv").decode())))
    assert answers[0] == ["prompt", "question", "answer"] and len(answers) == 4


def test_every_example_builds_in_every_language():
    for item in all_examples():
        for language in ("en", "de", "sv"):
            built = report.build(item.board(), language, (), DAY)
            html = report_html.document(built, content.SECTIONS)
            assert Page(html).sections == list(content.SECTIONS)
            assert export.markdown(built, content.SECTIONS).count("\n## ") == len(
                content.SECTIONS)
