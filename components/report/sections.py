"""The report's sections, worded: one function per tool, each turning the board into a
:class:`~components.report.content.Section` of short sentences in the viewer's language.

Each reads the board through the same functions the tool pages use (the canvas view and its
fit analysis, the progress page's gains and verdicts, the funnel's plan), so the numbers in
the report are the pages' numbers, only worded for a reader.  :class:`Inputs` carries what
every section needs, computed once by :func:`components.report.build.build`.

Worked example (the shelf, in German): :func:`canvas` starts with the lines
``Passungswert Ergebnisse: 63,3 von 100 …`` (``fit.fit_score`` of the needs and links =
63.33…, formatted with one decimal; the canvas rounds it to 63) and ``Passungswert
Hindernisse: 100 von 100 …`` (``fit.obstacle_score``: all three obstacles removed).
:func:`funnel` of the electronics example says that 1.250.000 € a year need 7.890 suspects,
about 658 a month (the busiest month of the plan, ``Plan.per_month``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from components import i18n
from components.board.model import Board, Worth
from components.board.votes import votable, vote_counts
from components.canvas.view import CanvasView
from components.formatting import format_integer, format_money, format_number, format_percent
from components.funnel.calc import STAGES
from components.funnel.plan import (
    Plan,
    fraction_as_decimal,
    lever_sentence,
    plan_sentence,
)
from components.funnel.stages import stage_vocabulary
from components.progress.score import DIMENSIONS
from components.progress.verdict import judge, worth_of, worth_summary
from components.progress.view import (
    NO_PERSONA,
    MetricView,
    gain_sentence,
    groups,
    quantity,
    scores_of,
    share_sentence,
    views_in,
)
from components.report.content import Line, ScenarioPlan, Section, Table

#: How many items a summary line names before "and N more".
LISTED = 5
#: How many outcomes the opportunity table of the report lists.
TOP_OUTCOMES = 10


@dataclass(frozen=True)
class Inputs:
    """What the sections are worded from: the viewer's language, the board, its canvas view
    and the persona names shown (``None``: no persona)."""

    language: str
    board: Board
    view: CanvasView
    names: Mapping[str | None, str]


# --- wording shared by the sections ----------------------------------------------------------

def _number(value: object, language: str, digits: int = 1) -> str:
    return format_number(value, language, digits)


def _listing(items: Sequence[str], language: str) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 3 more`` (at most :data:`LISTED` named)."""
    shown = ", ".join(items[:LISTED])
    if len(items) > LISTED:
        shown += " " + i18n.t(language, "report.more", count=len(items) - LISTED)
    return shown


def _section(key: str, language: str, lines: Sequence[Line],
             tables: Sequence[Table] = ()) -> Section:
    return Section(key, i18n.t(language, f"report.section.{key}"), tuple(lines), tuple(tables))


def _empty(key: str, language: str) -> Section:
    return Section(key, i18n.t(language, f"report.section.{key}"),
                   (Line("", i18n.t(language, f"report.empty.{key}")),), empty=True)


# --- needs vs solutions ----------------------------------------------------------------------

def canvas(inputs: Inputs) -> Section:
    """Both fit scores, the most under-served outcomes, what no solution addresses, orphans."""
    view, language = inputs.view, inputs.language
    if view.empty:
        return _empty("canvas", language)
    fit = view.fit
    score_label = i18n.t(language, "canvas.fit.score")
    lines = [Line(score_label, i18n.t(language, "canvas.fit.no_score")) if fit.score is None
             else Line(score_label, i18n.t(language, "report.canvas.fit",
                                           score=_number(fit.score, language)))]
    if fit.obstacles is not None:
        lines.append(Line(i18n.t(language, "canvas.fit.obstacle_score"),
                          i18n.t(language, "report.canvas.obstacle_fit",
                                 score=_number(fit.obstacles, language))))
    under = [row for row in view.opportunities if row.band != "unattractive"]
    under_label = i18n.t(language, "report.canvas.under_served")
    if under:
        items = [i18n.t(language, "report.canvas.opportunity_item", code=row.code,
                        text=row.text, score=_number(row.score, language),
                        band=i18n.t(language, f"canvas.picture.band.{row.band}"))
                 for row in under[:3]]
        lines.append(Line(under_label, "; ".join(items) + "."))
    elif view.opportunities:
        lines.append(Line(under_label, i18n.t(language, "report.canvas.none_under_served")))
    if view.unrated:
        lines.append(Line("", i18n.t(language, "report.canvas.unrated", count=view.unrated)))
    lines.append(_need_line(language, "report.canvas.unaddressed", "canvas.fit.all_addressed",
                            [f"{part.code} {part.text}" for part in fit.unaddressed]))
    lines.append(_need_line(language, "report.canvas.orphans", "canvas.fit.no_orphans",
                            [f"{solution.code} {solution.text}" for solution in fit.orphans]))
    if fit.disguised:
        lines.append(Line(i18n.t(language, "report.canvas.disguised", count=len(fit.disguised)),
                          _listing([f"{d.code} {d.text} → “{d.word}”" for d in fit.disguised],
                                   language) + "."))
    tables = (_opportunity_table(inputs),) if view.opportunities else ()
    return _section("canvas", language, lines, tables)


def _need_line(language: str, label_key: str, none_key: str, items: Sequence[str]) -> Line:
    label = i18n.t(language, label_key, count=len(items))
    return Line(label, _listing(items, language) + "." if items else i18n.t(language, none_key))


def _opportunity_table(inputs: Inputs) -> Table:
    rows, language = inputs.view.opportunities, inputs.language
    column = {name: i18n.t(language, f"canvas.landscape.{name}") for name in (
        "rank", "code", "outcome", "opportunity", "band", "importance", "satisfaction",
        "persona")}
    with_persona = len({row.persona for row in rows}) > 1
    header = [column["rank"], column["code"], column["outcome"], column["opportunity"],
              column["band"], column["importance"], column["satisfaction"]]
    body = []
    for rank, row in enumerate(rows[:TOP_OUTCOMES], start=1):
        cells = [str(rank), row.code, row.text, _number(row.score, language),
                 i18n.t(language, f"canvas.picture.band.{row.band}"),
                 _number(row.importance, language), _number(row.satisfaction, language)]
        body.append(tuple(cells + ([row.persona] if with_persona else [])))
    if with_persona:
        header.append(column["persona"])
    title = i18n.t(language, "report.canvas.table", shown=min(len(rows), TOP_OUTCOMES),
                   count=len(rows))
    return Table(title, tuple(header), tuple(body), numeric=(0, 3, 5, 6), main=2)


# --- progress --------------------------------------------------------------------------------

def progress(inputs: Inputs) -> Section:
    """Per persona: each dimension's score with its metrics' gains, the worth-it verdict."""
    board, language = inputs.board, inputs.language
    if not board.metrics and not board.worth:
        return _empty("progress", language)
    lines: list[Line] = []
    metric_rows = []
    personas = [*groups(board), *_worth_only_groups(inputs)]
    for persona in personas:
        views = views_in(board, persona or NO_PERSONA)
        name = inputs.names[persona]
        lines += _dimension_lines(language, name, views)
        worth = worth_of(board, persona)
        if worth is not None:
            lines.append(_worth_line(inputs, name, views, worth))
        metric_rows += [_metric_row(language, name, view) for view in views]
    tables = ()
    if metric_rows:
        keys = ("progress.scope.label", "progress.field.name", "progress.field.dimension",
                "progress.table.gain", "progress.table.gap", "progress.table.reached")
        skip = 0 if len(personas) > 1 else 1  # one persona: its name heads the lines
        tables = (Table(i18n.t(language, "report.progress.table"),
                        tuple(i18n.t(language, key) for key in keys[skip:]),
                        tuple(row[skip:] for row in metric_rows),
                        numeric=(3 - skip, 4 - skip, 5 - skip), main=1 - skip),)
    return _section("progress", language, lines, tables)


def _worth_only_groups(inputs: Inputs) -> list[str | None]:
    """Personas with a worth record but no metric (``groups`` lists metrics' personas)."""
    listed = set(groups(inputs.board))
    return [w.persona for w in inputs.board.worth if w.persona not in listed
            and w.persona in inputs.names]


def _dimension_lines(language: str, name: str, views: Sequence[MetricView]) -> list[Line]:
    """Per dimension: the score, then each metric's GAIN (and what is left, the GAP)."""
    scores = scores_of(views)
    lines = []
    for dimension in DIMENSIONS:
        in_dimension = [view for view in views if view.metric.dimension == dimension]
        if not in_dimension:
            continue
        score = scores[dimension]
        shown = "–" if score is None else _number(score, language, 0)
        label = i18n.t(language, "report.progress.dimension",
                       dimension=i18n.t(language, f"progress.dimension.{dimension}"),
                       score=shown)
        gains = [f"{view.metric.name}: {gain(view, language)}" for view in in_dimension]
        more = len(gains) - LISTED
        text = "; ".join(gains[:LISTED]) + (
            f"; {i18n.t(language, 'report.more', count=more)}" if more > 0 else "")
        lines.append(Line(label, text + ".", group=name))
    return lines


def gain(view: MetricView, language: str) -> str:
    """GAIN first, then the share of the way in brackets: "12 min less since 15 Mar 2026
    (92 % of the way to the target of 2 min)"."""
    if view.problem is not None:
        return i18n.t(language, "report.progress.problem")
    said = gain_sentence(view, language)
    if view.metric.kind == "secure":  # its sentence already weighs the tolerance
        return said
    return f"{said} ({share_sentence(view, language)})"


def _worth_line(inputs: Inputs, name: str, views: Sequence[MetricView], worth: Worth) -> Line:
    language = inputs.language
    return Line(i18n.t(language, "progress.worth.verdict"),
                worth_summary(judge(views, worth), language), group=name)


def _metric_row(language: str, persona: str, view: MetricView) -> tuple[str, ...]:
    metric, progress_ = view.metric, view.progress
    if progress_ is None:
        numbers = ("", "", "")
    else:
        numbers = (quantity(metric, progress_.gain, language),
                   quantity(metric, progress_.gap, language),
                   format_percent(progress_.fraction, language))
    return (persona, metric.name, i18n.t(language, f"progress.dimension.{metric.dimension}"),
            *numbers)


# --- funnel ----------------------------------------------------------------------------------

def funnel(inputs: Inputs, plans: Sequence[ScenarioPlan]) -> Section:
    """The first scenario that computes, in sentences and its table; the others in a line."""
    language = inputs.language
    if not plans:
        return _empty("funnel", language)
    main = next((item for item in plans if item.plan is not None), None)
    lines = []
    tables = []
    if main is not None:
        lines += _plan_lines(language, main)
        tables.append(_counts_table(language, main))
    lines += [_other_scenario(language, item) for item in plans if item is not main]
    if inputs.board.stages:
        tables.append(_stage_table(inputs))
    return _section("funnel", language, lines, tables)


def _plan_lines(language: str, item: ScenarioPlan) -> list[Line]:
    plan = item.plan
    lines = [Line(item.scenario.name, plan_sentence(plan, language))]
    if plan.months > 1:
        lines.append(Line(i18n.t(language, "report.funnel.per_month_label"), i18n.t(
            language, "report.funnel.per_month",
            suspects=_counted(language, "suspect", plan.per_month["suspect"]),
            leads=_counted(language, "lead", plan.per_month["lead"]),
            customers=_counted(language, "customer", plan.per_month["customer"]))))
    lines.append(Line(i18n.t(language, "report.funnel.first_customers_label"),
                      i18n.t(language, "report.funnel.first_customers",
                             month=plan.first_customer_month)))
    lines.append(Line("", lever_sentence(plan, language)
                      or i18n.t(language, "funnel.levers.none")))
    return lines


def _target(plan: Plan, language: str) -> str:
    inputs = plan.inputs
    return format_money(fraction_as_decimal(inputs.target_revenue), inputs.currency, language)


def _other_scenario(language: str, item: ScenarioPlan) -> Line:
    if item.plan is None:
        return Line(item.scenario.name, i18n.t(language, "report.funnel.invalid"))
    plan = item.plan
    return Line(item.scenario.name, i18n.t(
        language, "report.funnel.other", target=_target(plan, language),
        period=i18n.t(language, f"funnel.period_phrase.{plan.inputs.period}"),
        suspects=_counted(language, "suspect", plan.counts["suspect"]),
        customers=_counted(language, "customer", plan.counts["customer"])))


def _counted(language: str, noun: str, count: int) -> str:
    """A count with its noun in the right plural form ("1 customer", "8.000 Verdächtige")."""
    return i18n.t(language, f"funnel.count.{noun}", count=count)


def _counts_table(language: str, item: ScenarioPlan) -> Table:
    """People per stage, in the columns of the funnel page's table; each stage with what it
    means, as there ("Verdächtiger (alle in der Zielgruppe)": the seed's word, explained)."""
    plan = item.plan
    vocabulary = stage_vocabulary(language)
    monthly = plan.months > 1  # a month's plan is its own per-month plan
    header = [i18n.t(language, "funnel.table.stage"),
              i18n.t(language, f"funnel.table.per_period.{plan.inputs.period}")]
    if monthly:
        header.append(i18n.t(language, "funnel.table.per_month"))
    header.append(i18n.t(language, "funnel.table.rate"))
    rows = []
    for stage in STAGES:
        rate = plan.rate_into(stage)
        row = [f"{vocabulary.stage_names[stage]} ({vocabulary.stage_meanings[stage]})",
               format_integer(plan.counts[stage], language)]
        if monthly:
            row.append(format_integer(plan.per_month[stage], language))
        row.append("–" if rate is None else format_percent(fraction_as_decimal(rate), language))
        rows.append(tuple(row))
    return Table(i18n.t(language, "report.funnel.table", name=item.scenario.name),
                 tuple(header), tuple(rows), numeric=tuple(range(1, len(header))))


def _stage_table(inputs: Inputs) -> Table:
    vocabulary = stage_vocabulary(inputs.language)
    saved = {row.stage: row for row in inputs.board.stages}
    columns = tuple(vocabulary.columns)
    header = (i18n.t(inputs.language, "funnel.table.stage"),
              *(vocabulary.columns[c] for c in columns))
    rows = tuple((vocabulary.stage_names[stage],
                  *(getattr(saved[stage], column) for column in columns))
                 for stage in STAGES if stage in saved)
    return Table(i18n.t(inputs.language, "report.funnel.stages"), header, rows)


# --- discussion and votes --------------------------------------------------------------------

def discussion(inputs: Inputs) -> Section:
    """The team's answers to the discussion prompts, each under its question."""
    language = inputs.language
    answered = [answer for answer in inputs.board.answers if answer.text.strip()]
    if not answered:
        return _empty("discussion", language)
    catalog = i18n.catalog(language)
    return _section("discussion", language, [
        Line(catalog.get(f"canvas.prompts.{answer.prompt}", answer.prompt), answer.text)
        for answer in answered])


def votes(inputs: Inputs) -> Section:
    """The items with the most dots, how many dots by how many voters, all counts."""
    board, language = inputs.board, inputs.language
    if not board.votes:
        return _empty("votes", language)
    labels = votable(board)
    codes = inputs.view.codes
    counts = vote_counts(board)

    def label(target: str) -> str:
        return f"{codes.get(target, '')} {labels.get(target, target)}".strip()

    voters = len({vote.voter for vote in board.votes})
    top = [i18n.t(language, "report.votes.item", item=label(target),
                  dots=format_integer(dots, language)) for target, dots in counts]
    lines = (Line(i18n.t(language, "report.votes.most"), _listing(top, language) + "."),
             Line("", i18n.t(language, "report.votes.total",
                             dots=i18n.t(language, "report.votes.dots", count=len(board.votes)),
                             voters=i18n.t(language, "report.votes.people", count=voters))))
    table = Table(i18n.t(language, "report.votes.table"),
                  (i18n.t(language, "workshop.vote_item"),
                   i18n.t(language, "workshop.vote_count")),
                  tuple((label(target), format_integer(dots, language))
                        for target, dots in counts),
                  numeric=(1,), main=0)
    return _section("votes", language, lines, (table,))
