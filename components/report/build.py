"""The workshop report: the whole board told as one story, for people who were not in the room.

Pure Python (no streamlit).  :func:`build` reads a :class:`~components.board.model.Board` through the
same functions the tool pages use — :func:`components.canvas.view.build` for the canvas and its
fit analysis, :mod:`components.progress.view` for scores, gains and worth-it verdicts,
:func:`components.funnel.plan.make_plan` for the funnel — and words the results as short
sentences in the viewer's language.  Nothing is computed twice: the numbers in the report are
the pages' numbers, only worded for a reader.

The :class:`Report` holds one :class:`Section` per tool (:data:`SECTIONS`).  A section is a list
of :class:`Line` s (an optional bold label and a sentence) and some :class:`Table` s; a tool
with nothing on the board gives an ``empty`` section whose one line says so.  The same report
feeds the page, the HTML file (:mod:`components.report.html`), the Markdown summary
(:func:`markdown`) and the ZIP of board file and tables (:func:`zip_files`).

Worked example (the shelf, in German): the canvas section starts with the lines
``Passungswert Ergebnisse: 63,3 von 100 …`` (``fit.fit_score`` of the needs and links =
63.33…, formatted with one decimal; the canvas rounds it to 63) and ``Passungswert
Hindernisse: 100 von 100 …`` (``fit.obstacle_score``: all three obstacles removed).  The funnel section of the
electronics example says that 1.250.000 € a year need 7.900 suspects, about 659 a month
(7900 / 12 rounded up, ``Plan.per_month``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from components import i18n
from components.board.model import Board, Scenario, Worth
from components.board.votes import votable, vote_counts
from components.canvas import view as canvas_view
from components.canvas.view import CanvasView
from components.formatting import (
    format_date,
    format_integer,
    format_money,
    format_number,
    format_percent,
)
from components.funnel.calc import STAGES, FunnelInputError
from components.funnel.plan import (
    Plan,
    fraction_as_decimal,
    inputs_of,
    lever_sentence,
    make_plan,
    plan_sentence,
    stage_vocabulary,
)
from components.progress.score import DIMENSIONS
from components.progress.view import (
    ALL,
    NO_PERSONA,
    MetricView,
    currency_of,
    gain_sentence,
    gap_sentence,
    groups,
    judge,
    money,
    persona_names,
    quantity,
    score_rows,
    scores_of,
    switch_sentence,
    trend_rows,
    views_in,
    worth_of,
)

#: The report's sections in reading order; each can be switched off.
SECTIONS = ("canvas", "progress", "funnel", "discussion", "votes")
#: How many items a summary line names before "and N more".
LISTED = 5
#: How many outcomes the opportunity table of the report lists.
TOP_OUTCOMES = 10


@dataclass(frozen=True)
class Line:
    """One line of a section's summary: ``label`` (may be empty) shown bold before ``text``.

    Consecutive lines of the same ``group`` (a persona's name) are shown under it.
    """

    label: str
    text: str
    group: str = ""

    @property
    def heading(self) -> str:
        """The label as shown before the text: "Fit score:"; a question keeps its "?"."""
        return self.label if self.label.endswith(("?", ":", "!")) else f"{self.label}:"


def grouped(lines: Iterable[Line]) -> list[tuple[str, list[Line]]]:
    """Consecutive lines of one group together: ``[(group, lines), …]`` in order."""
    groups_: list[tuple[str, list[Line]]] = []
    for line in lines:
        if not groups_ or groups_[-1][0] != line.group:
            groups_.append((line.group, []))
        groups_[-1][1].append(line)
    return groups_


@dataclass(frozen=True)
class Table:
    """A table as the reader sees it: translated headers, numbers formatted for the locale.

    ``numeric`` are the indexes of the columns to align right; ``main`` is the column of the
    long texts (the outcome, the metric), which gets the room when a page is narrow.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    main: int | None = None


@dataclass(frozen=True)
class Section:
    """One tool's part of the report; ``empty`` when the board has nothing for it yet."""

    key: str
    title: str
    lines: tuple[Line, ...]
    tables: tuple[Table, ...] = ()
    empty: bool = False


@dataclass(frozen=True)
class ScenarioPlan:
    """A saved funnel scenario and its plan (``None`` with the problem when it cannot run)."""

    scenario: Scenario
    plan: Plan | None
    problem: FunnelInputError | None = None


@dataclass(frozen=True)
class Report:
    """Everything the report shows, in the viewer's ``language``.

    ``view``, ``scores``, ``trend`` and ``plans`` are what the tools' charts are drawn from
    (the same inputs as on the tool pages); ``names`` maps persona ids (``None``: no persona)
    to the names shown.
    """

    title: str
    description: str
    language: str
    board_language: str
    date: dt.date
    participants: tuple[str, ...]
    sections: tuple[Section, ...]
    view: CanvasView
    names: Mapping[str | None, str]
    scores: tuple[tuple[str, str, float], ...]
    trend: tuple[tuple[dt.date, str, str, float], ...]
    plans: tuple[ScenarioPlan, ...]

    def section(self, key: str) -> Section:
        """The section ``key`` (one of :data:`SECTIONS`)."""
        return next(section for section in self.sections if section.key == key)

    @property
    def main_plan(self) -> ScenarioPlan | None:
        """The first scenario that computes: the one the funnel page opens with."""
        return next((item for item in self.plans if item.plan is not None), None)

    def t(self, key: str, **params: object) -> str:
        return i18n.t(self.language, key, **params)


def participants(authors: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """Everyone who changed the board or is on it now, each name once, sorted.

    ``authors`` are the history's authors (empty for changes nobody signed), ``present`` the
    names :func:`components.board.store.present` sees.  Names differing only in case or spaces
    around them count once (the first spelling met wins).
    """
    seen: dict[str, str] = {}
    for name in (*authors, *present):
        clean = " ".join(name.split())
        if clean:
            seen.setdefault(clean.casefold(), clean)
    return tuple(sorted(seen.values(), key=str.casefold))


def build(board: Board, language: str, people: Sequence[str] = (),
          today: dt.date | None = None) -> Report:
    """The report of ``board`` in ``language``, dated ``today`` (default: the current date)."""
    view = canvas_view.build(board, canvas_view.prefixes(language), (),
                             canvas_view.disguise_words(board.language))
    names = persona_names(board, language)
    plans = tuple(_plan_of(scenario) for scenario in board.scenarios)
    writer = _Writer(language, board, view, names)
    sections = (writer.canvas(), writer.progress(), writer.funnel(plans),
                writer.discussion(), writer.votes())
    return Report(
        title=board.title,
        description=board.description,
        language=language,
        board_language=i18n.t(language, f"language.{board.language}"),
        date=today or dt.date.today(),
        participants=tuple(people),
        sections=sections,
        view=view,
        names=names,
        scores=tuple((names[p], dim, score) for p, dim, score in score_rows(board)),
        trend=tuple((day, names[p], dim, score) for day, p, dim, score in
                    trend_rows(board, ALL)),
        plans=plans,
    )


def _plan_of(scenario: Scenario) -> ScenarioPlan:
    try:
        return ScenarioPlan(scenario, make_plan(inputs_of(scenario)))
    except FunnelInputError as problem:
        return ScenarioPlan(scenario, None, problem)


class _Writer:
    """Words the sections; holds the language and the board's computed views."""

    def __init__(self, language: str, board: Board, view: CanvasView,
                 names: Mapping[str | None, str]) -> None:
        self.language = language
        self.board = board
        self.view = view
        self.names = names

    def t(self, key: str, **params: object) -> str:
        return i18n.t(self.language, key, **params)

    def number(self, value: object, digits: int = 1) -> str:
        return format_number(value, self.language, digits)

    def count(self, value: int) -> str:
        return format_integer(value, self.language)

    def listing(self, items: Sequence[str]) -> str:
        """``a, b, c`` or ``a, b, c, d, e and 3 more`` (at most :data:`LISTED` named)."""
        shown = ", ".join(items[:LISTED])
        if len(items) > LISTED:
            shown += " " + self.t("report.more", count=len(items) - LISTED)
        return shown

    def title(self, key: str) -> str:
        return self.t(f"report.section.{key}")

    def empty(self, key: str) -> Section:
        return Section(key, self.title(key), (Line("", self.t(f"report.empty.{key}")),),
                       empty=True)

    # --- needs vs solutions ------------------------------------------------------------------

    def canvas(self) -> Section:
        view = self.view
        if view.empty:
            return self.empty("canvas")
        fit = view.fit
        lines = []
        if fit.score is None:
            lines.append(Line(self.t("canvas.fit.score"), self.t("canvas.fit.no_score")))
        else:
            lines.append(Line(self.t("canvas.fit.score"),
                              self.t("report.canvas.fit", score=self.number(fit.score))))
        if fit.obstacles is not None:
            lines.append(Line(self.t("canvas.fit.obstacle_score"), self.t(
                "report.canvas.obstacle_fit", score=self.number(fit.obstacles))))
        under = [row for row in view.opportunities if row.band != "unattractive"]
        if under:
            items = [self.t("report.canvas.opportunity_item", code=row.code, text=row.text,
                            score=self.number(row.score),
                            band=self.t(f"canvas.picture.band.{row.band}"))
                     for row in under[:3]]
            lines.append(Line(self.t("report.canvas.under_served"), "; ".join(items) + "."))
        elif view.opportunities:
            lines.append(Line(self.t("report.canvas.under_served"),
                              self.t("report.canvas.none_under_served")))
        if view.unrated:
            lines.append(Line("", self.t("report.canvas.unrated", count=view.unrated)))
        lines.append(self._need_line(
            "report.canvas.unaddressed", "canvas.fit.all_addressed",
            [f"{part.code} {part.text}" for part in fit.unaddressed]))
        lines.append(self._need_line(
            "report.canvas.orphans", "canvas.fit.no_orphans",
            [f"{solution.code} {solution.text}" for solution in fit.orphans]))
        if fit.disguised:
            lines.append(Line(self.t("report.canvas.disguised", count=len(fit.disguised)),
                              self.listing([f"{d.code} {d.text} → “{d.word}”"
                                            for d in fit.disguised]) + "."))
        tables = (self._opportunity_table(),) if view.opportunities else ()
        return Section("canvas", self.title("canvas"), tuple(lines), tables)

    def _need_line(self, label_key: str, none_key: str, items: Sequence[str]) -> Line:
        label = self.t(label_key, count=len(items))
        return Line(label, self.listing(items) + "." if items else self.t(none_key))

    def _opportunity_table(self) -> Table:
        rows = self.view.opportunities
        column = {name: self.t(f"canvas.landscape.{name}") for name in (
            "rank", "code", "outcome", "opportunity", "band", "importance", "satisfaction",
            "persona")}
        with_persona = len({row.persona for row in rows}) > 1
        header = [column["rank"], column["code"], column["outcome"], column["opportunity"],
                  column["band"], column["importance"], column["satisfaction"]]
        body = []
        for rank, row in enumerate(rows[:TOP_OUTCOMES], start=1):
            cells = [str(rank), row.code, row.text, self.number(row.score),
                     self.t(f"canvas.picture.band.{row.band}"), self.number(row.importance),
                     self.number(row.satisfaction)]
            body.append(tuple(cells + ([row.persona] if with_persona else [])))
        if with_persona:
            header.append(column["persona"])
        title = self.t("report.canvas.table", shown=min(len(rows), TOP_OUTCOMES),
                       count=len(rows))
        return Table(title, tuple(header), tuple(body), numeric=(0, 3, 5, 6), main=2)

    # --- progress ----------------------------------------------------------------------------

    def progress(self) -> Section:
        board = self.board
        if not board.metrics and not board.worth:
            return self.empty("progress")
        lines: list[Line] = []
        metric_rows = []
        personas = [*groups(board), *self._worth_only_groups()]
        for persona in personas:
            views = views_in(board, persona or NO_PERSONA)
            name = self.names[persona]
            lines += self._dimension_lines(name, views)
            worth = worth_of(board, persona)
            if worth is not None:
                lines.append(self._worth_line(name, views, worth))
            metric_rows += [self._metric_row(name, view) for view in views]
        tables = ()
        if metric_rows:
            keys = ("progress.scope.label", "progress.field.name", "progress.field.dimension",
                    "progress.table.gain", "progress.table.gap", "progress.table.reached")
            skip = 0 if len(personas) > 1 else 1  # one persona: its name heads the lines
            tables = (Table(self.t("report.progress.table"),
                            tuple(self.t(key) for key in keys[skip:]),
                            tuple(row[skip:] for row in metric_rows),
                            numeric=(3 - skip, 4 - skip, 5 - skip), main=1 - skip),)
        return Section("progress", self.title("progress"), tuple(lines), tables)

    def _worth_only_groups(self) -> list[str | None]:
        """Personas with a worth record but no metric (``groups`` lists metrics' personas)."""
        listed = set(groups(self.board))
        return [w.persona for w in self.board.worth if w.persona not in listed
                and w.persona in self.names]

    def _dimension_lines(self, name: str, views: Sequence[MetricView]) -> list[Line]:
        """Per dimension: the score, then each metric's GAIN (and what is left, the GAP)."""
        scores = scores_of(views)
        lines = []
        for dimension in DIMENSIONS:
            in_dimension = [view for view in views if view.metric.dimension == dimension]
            if not in_dimension:
                continue
            score = scores[dimension]
            shown = "–" if score is None else self.number(score, 0)
            label = self.t("report.progress.dimension",
                           dimension=self.t(f"progress.dimension.{dimension}"), score=shown)
            gains = [f"{view.metric.name}: {self.gain(view)}" for view in in_dimension]
            more = len(gains) - LISTED
            text = "; ".join(gains[:LISTED]) + (f"; {self.t('report.more', count=more)}"
                                                if more > 0 else "")
            lines.append(Line(label, text + ".", group=name))
        return lines

    def gain(self, view: MetricView) -> str:
        """GAIN first, then the GAP in brackets: "12 min less since 15 Mar 2026 (1 min to go)"."""
        if view.problem is not None:
            return self.t("report.progress.problem")
        gain = gain_sentence(view, self.language)
        if view.metric.kind == "secure":  # its sentence already weighs the tolerance
            return gain
        return f"{gain} ({gap_sentence(view, self.language)})"

    def _worth_line(self, name: str, views: Sequence[MetricView], worth: Worth) -> Line:
        judgement = judge(views, worth)
        label = self.t("progress.worth.verdict")
        switch = switch_sentence(judgement.forces, self.language)
        verdict = judgement.verdict
        if verdict is None:
            return Line(label, f"{self.t('report.progress.no_verdict')} {switch}", group=name)
        currency = currency_of(self.board)
        text = self.t("report.progress.verdict",
                      verdict=self.t(f"progress.worth.short_{verdict.verdict}"),
                      benefit=money(verdict.benefit, currency, self.language),
                      cost=money(verdict.cost, currency, self.language),
                      reached=format_percent(judgement.fraction, self.language))
        return Line(label, f"{text} {switch}", group=name)

    def _metric_row(self, persona: str, view: MetricView) -> tuple[str, ...]:
        metric, progress = view.metric, view.progress
        if progress is None:
            numbers = ("", "", "")
        else:
            numbers = (quantity(metric, progress.gain, self.language),
                       quantity(metric, progress.gap, self.language),
                       format_percent(progress.fraction, self.language))
        return (persona, metric.name, self.t(f"progress.dimension.{metric.dimension}"),
                *numbers)

    # --- funnel ------------------------------------------------------------------------------

    def funnel(self, plans: Sequence[ScenarioPlan]) -> Section:
        if not plans:
            return self.empty("funnel")
        main = next((item for item in plans if item.plan is not None), None)
        lines = []
        tables = []
        if main is not None:
            lines += self._plan_lines(main)
            tables.append(self._counts_table(main))
        for item in plans:
            if item is main:
                continue
            lines.append(self._other_scenario(item))
        if self.board.stages:
            tables.append(self._stage_table())
        return Section("funnel", self.title("funnel"), tuple(lines), tuple(tables))

    def stage_names(self) -> dict[str, str]:
        return stage_vocabulary(self.language).stage_names

    def target(self, plan: Plan) -> str:
        inputs = plan.inputs
        return format_money(fraction_as_decimal(inputs.target_revenue), inputs.currency,
                            self.language)

    def _plan_lines(self, item: ScenarioPlan) -> list[Line]:
        plan = item.plan
        lines = [Line(item.scenario.name, plan_sentence(plan, self.language))]
        if plan.months > 1:
            lines.append(Line(self.t("report.funnel.per_month_label"), self.t(
                "report.funnel.per_month", suspects=self.count(plan.per_month["suspect"]),
                leads=self.count(plan.per_month["lead"]),
                customers=self.count(plan.per_month["customer"]))))
        lines.append(Line(self.t("report.funnel.first_customers_label"),
                          self.t("report.funnel.first_customers",
                                 month=plan.first_customer_month)))
        lines.append(Line("", lever_sentence(plan, self.language)
                          or self.t("funnel.levers.none")))
        return lines

    def _other_scenario(self, item: ScenarioPlan) -> Line:
        if item.plan is None:
            return Line(item.scenario.name, self.t("report.funnel.invalid"))
        plan = item.plan
        return Line(item.scenario.name, self.t(
            "report.funnel.other", target=self.target(plan),
            period=self.t(f"funnel.period_phrase.{plan.inputs.period}"),
            suspects=self.count(plan.counts["suspect"]),
            customers=self.count(plan.counts["customer"])))

    def _counts_table(self, item: ScenarioPlan) -> Table:
        """People per stage, in the columns of the funnel page's table."""
        plan = item.plan
        names = self.stage_names()
        monthly = plan.months > 1  # a month's plan is its own per-month plan
        header = [self.t("funnel.table.stage"),
                  self.t(f"funnel.table.per_period.{plan.inputs.period}")]
        if monthly:
            header.append(self.t("funnel.table.per_month"))
        header.append(self.t("funnel.table.rate"))
        rows = []
        for stage in STAGES:
            rate = plan.rate_into(stage)
            row = [names[stage], self.count(plan.counts[stage])]
            if monthly:
                row.append(self.count(plan.per_month[stage]))
            row.append("–" if rate is None
                       else format_percent(fraction_as_decimal(rate), self.language))
            rows.append(tuple(row))
        return Table(self.t("report.funnel.table", name=item.scenario.name), tuple(header),
                     tuple(rows), numeric=tuple(range(1, len(header))))

    def _stage_table(self) -> Table:
        vocabulary = stage_vocabulary(self.language)
        saved = {row.stage: row for row in self.board.stages}
        columns = tuple(vocabulary.columns)
        header = (self.t("funnel.table.stage"), *(vocabulary.columns[c] for c in columns))
        rows = tuple((vocabulary.stage_names[stage],
                      *(getattr(saved[stage], column) for column in columns))
                     for stage in STAGES if stage in saved)
        return Table(self.t("report.funnel.stages"), header, rows)

    # --- discussion and votes ----------------------------------------------------------------

    def discussion(self) -> Section:
        answered = [answer for answer in self.board.answers if answer.text.strip()]
        if not answered:
            return self.empty("discussion")
        catalog = i18n.catalog(self.language)
        lines = tuple(Line(catalog.get(f"canvas.prompts.{answer.prompt}", answer.prompt),
                           answer.text) for answer in answered)
        return Section("discussion", self.title("discussion"), lines)

    def votes(self) -> Section:
        board = self.board
        if not board.votes:
            return self.empty("votes")
        labels = votable(board)
        codes = self.view.codes
        counts = vote_counts(board)

        def label(target: str) -> str:
            return f"{codes.get(target, '')} {labels.get(target, target)}".strip()

        voters = len({vote.voter for vote in board.votes})
        top = [self.t("report.votes.item", item=label(target), dots=self.count(dots))
               for target, dots in counts]
        lines = (Line(self.t("report.votes.most"), self.listing(top) + "."),
                 Line("", self.t("report.votes.total", dots=self.count(len(board.votes)),
                                 voters=self.count(voters))))
        table = Table(self.t("report.votes.table"),
                      (self.t("workshop.vote_item"), self.t("workshop.vote_count")),
                      tuple((label(target), self.count(dots)) for target, dots in counts),
                      numeric=(1,), main=0)
        return Section("votes", self.title("votes"), lines, (table,))


# --- sharing -----------------------------------------------------------------------------------

def shown_sections(report: Report, chosen: Iterable[str]) -> tuple[Section, ...]:
    """The sections switched on, in report order."""
    wanted = set(chosen)
    return tuple(section for section in report.sections if section.key in wanted)


def meta_lines(report: Report) -> list[tuple[str, str]]:
    """(label, value) of the report's header: date, participants, board language."""
    people = ", ".join(report.participants) or report.t("report.meta.nobody")
    return [(report.t("report.meta.date"), format_date(report.date, report.language)),
            (report.t("report.meta.participants"), people),
            (report.t("report.meta.language"), report.board_language)]


def markdown(report: Report, chosen: Iterable[str]) -> str:
    """The summary as Markdown for a chat or a wiki: header, then each section's lines."""
    out = [f"# {markdown_text(report.title)}"]
    if report.description:
        out += ["", markdown_text(report.description)]
    out.append("")
    out += [f"- **{markdown_text(label)}:** {markdown_text(value)}"
            for label, value in meta_lines(report)]
    for section in shown_sections(report, chosen):
        out += ["", f"## {markdown_text(section.title)}", "", lines_markdown(section).rstrip()]
    return "\n".join(out) + "\n"


def lines_markdown(section: Section, escape: Callable[[str], str] | None = None) -> str:
    """A section's lines as Markdown bullets, each group under its name in bold.

    ``escape`` makes a user text safe (default :func:`markdown_text`); the page passes the
    stricter escaping Streamlit's Markdown needs.
    """
    escape = escape or markdown_text
    out = []
    for group, lines in grouped(section.lines):
        if group:
            out += ["", f"**{escape(group)}**", ""]
        out += ["- " + (f"**{escape(line.heading)}** " if line.label else "") + escape(line.text)
                for line in lines]
    return "\n".join(out).strip() + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\d*)([#>]|[-+.)](?=\s))")


def markdown_text(text: str) -> str:
    """User text that stays text in Markdown, readable when pasted into a chat.

    Kept on one line (a line break typed into an answer cannot end its bullet); the
    characters that format inline (``* _ ` [ ] < > | ~`` and the backslash) are escaped, and so
    is a start that would begin a heading, quote or list.  Dots, dashes and brackets inside
    the text stay as they are: ``2.500 EUR (6.250 EUR)`` reads as typed.
    """
    flat = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(r"\1\\\2", flat)


def zip_files(files: Mapping[str, str | bytes]) -> bytes:
    """One ZIP archive of ``{file name: content}`` (text is written as UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str)
                             else content)
    return buffer.getvalue()
