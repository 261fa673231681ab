"""The funnel page's result sections: each draws one part of the screen from a ``Plan``.

Numbers are formatted for the viewer's locale; every table is one ``st.dataframe`` and every
chart one element (a cached Vega-Lite spec, see ``widgets/charts.py``).  The stage table and
the actuals, which edit the board, have modules of their own (``stage_table``, ``actuals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from babel.lists import format_list

from components.board import boardfile
from components.board.cache import derived
from components.board.model import Board, Scenario
from components.errors import message
from components.formatting import (
    format_integer,
    format_money,
    format_number,
    format_percent,
    locale_of,
)
from components.funnel.bowtie import existing_revenue
from components.funnel.calc import RATE_KEYS, STAGES, FunnelInputError
from components.funnel.levers import Lever, Step
from components.funnel.pacing import SITUATIONS
from components.funnel.plan import (
    Plan,
    forward_of,
    fraction_as_decimal,
    inputs_of,
    lever_name,
    lever_sentence,
    lever_value,
    make_plan,
    plan_csv,
    plan_sentence,
)
from components.funnel.seed import generation_months
from components.funnel.stages import rate_label, stage_vocabulary
from components.numbers import typed
from components.widgets import state
from components.widgets.charts import draw
from components.widgets.funnel.charts import (
    chart_downloads,
    comparison_chart,
    download_menu,
    funnel_chart,
    pacing_chart,
    revenue_chart,
)
from components.widgets.funnel.inputs import field_label, shown
from components.widgets.shell import PageContext, escape_markdown

RIGHT = "right"


# --- small helpers -----------------------------------------------------------------------------


def _money(context: PageContext, value: Decimal | Fraction | int, currency: str) -> str:
    """An amount in the plan's currency, formatted for the viewer."""
    return format_money(fraction_as_decimal(value), currency, context.language)


def _stage_names(context: PageContext) -> dict[str, str]:
    return stage_vocabulary(context.language).stage_names


def _count(context: PageContext, value: int | None) -> str:
    return "–" if value is None else format_integer(value, context.language)


def _counted(context: PageContext, noun: str, value: int | None) -> str:
    """A count with its noun in the right plural form ("1 customer", "8.000 Verdächtige");
    ``noun`` names a key of ``funnel.count`` (``suspect``, ``new_customer``, ``month`` …)."""
    return "–" if value is None else context.t(f"funnel.count.{noun}", count=value)


def _percent(context: PageContext, rate: Any) -> str:
    return "–" if rate is None else format_percent(fraction_as_decimal(rate), context.language)


def _table(frame: pd.DataFrame, right: Sequence[str] = ()) -> None:
    """One read-only table; the named (formatted number) columns aligned right."""
    config = {name: st.column_config.TextColumn(alignment=RIGHT) for name in right}
    st.dataframe(frame, hide_index=True, column_config=config)


def _say(text: str, kind: str = "info", icon: str | None = None) -> None:
    """A message built from catalog text and formatted numbers, shown as plain text."""
    getattr(st, kind)(escape_markdown(text), icon=icon)


def _period(context: PageContext, plan: Plan) -> str:
    return context.t(f"funnel.period_length.{plan.inputs.period}")


# --- the headline ------------------------------------------------------------------------------


def show_sentence(context: PageContext, plan: Plan) -> None:
    """The sentence a founder can say in a meeting, what a customer brings and, beside it,
    the month-by-month plan in a sentence (or why there is none); the texts are made once
    per plan and language (kept with the plan, which everyone on its inputs shares)."""
    said, warnings, notes = derived(plan, "funnel.sentence", (context.language,),
                                    lambda: _sentences(context, plan))
    _say(said, icon=":material/campaign:")
    for icon, warning in warnings:
        _say(warning, kind="warning", icon=icon)
    st.caption(notes)  # one element, a paragraph each


def _sentences(context: PageContext, plan: Plan
               ) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """The headline's sentence, its warnings (icon, text), and its notes (Markdown)."""
    warnings = [(":material/public:", context.t("funnel.result.beyond_earth"))] \
        if plan.beyond_earth else []
    if plan.seed is not None:
        warnings.append((":material/all_inclusive:", seed_sentence(context, plan)))
    elif plan.monthly is None:
        warnings.append((":material/schedule:", unpaced_sentence(context, plan)))
    notes = [value_sentence(context, plan)]
    if plan.monthly is not None:
        notes += [situation_sentence(context, plan), revenue_sentence(context, plan)]
    referral = plan.counts["lead"] - plan.direct_leads
    if referral > 0 and plan.seed is None:
        notes.append(context.t("funnel.result.referrals", referral=_count(context, referral),
                               lead=_count(context, plan.counts["lead"]),
                               per_reference=format_number(plan.inputs.leads_per_reference,
                                                           context.language, 2)))
    return (plan_sentence(plan, context.language), tuple(warnings),
            "\n\n".join(escape_markdown(note) for note in notes))


def value_sentence(context: PageContext, plan: Plan) -> str:
    """What one customer brings: the first order, then what consuming customers add."""
    tie, currency = plan.tie, plan.inputs.currency
    deal = _money(context, tie.deal_value, currency)
    if not (tie.repeat_orders or tie.monthly_fee):
        return context.t("funnel.value.one_off", deal=deal)
    share = _percent(context, tie.consumption)
    parts = [context.t("funnel.value.part.first", deal=deal)] if tie.deal_value else []
    if tie.repeat_orders:
        repeat = fraction_as_decimal(tie.repeat_orders)
        parts.append(context.t("funnel.value.part.repeat", share=share, count=repeat,
                               repeat=format_number(repeat, context.language, 2)))
    if tie.monthly_fee:
        fee = _money(context, tie.monthly_fee, currency)
        parts.append(context.t("funnel.value.part.fee_term", share=share, fee=fee,
                               months=context.t("funnel.count.month", count=fraction_as_decimal(
                                   tie.paying_months)))
                     if tie.paying_months
                     else context.t("funnel.value.part.fee", share=share, fee=fee))
    listed = format_list(parts, locale=locale_of(context.language))
    lifetime = plan.lifetime_value
    if lifetime is None:
        return " ".join([context.t("funnel.value.open", parts=listed), *_leaving(context, plan)])
    sentences = [context.t("funnel.value.lifetime", total=_money(context, lifetime, currency),
                           parts=listed)]
    orders = plan.orders_per_customer
    if tie.repeat_orders and orders is not None:
        orders = fraction_as_decimal(orders)
        sentences.append(context.t("funnel.value.orders", count=orders,
                                   orders=format_number(orders, context.language, 2)))
    return " ".join(sentences + _leaving(context, plan))


def _leaving(context: PageContext, plan: Plan) -> list[str]:
    """Churn and expansion of the consuming customers, a sentence each (when there are any)."""
    tie, sentences = plan.tie, []
    if tie.churn:
        sentences.append(context.t("funnel.value.churn", churn=_percent(context, tie.churn)))
    if tie.expansion:
        sentences.append(context.t("funnel.value.expansion",
                                   expansion=_percent(context, tie.expansion)))
    return sentences


def situation_sentence(context: PageContext, plan: Plan) -> str:
    """The month-by-month plan in one sentence: the same numbers as its table."""
    if plan.seed is not None or plan.timing.steady:
        key = "seed" if plan.seed is not None else "steady"
        return context.t(f"funnel.situation_sentence.{key}",
                         suspects=_counted(context, "new_suspect", plan.per_month["suspect"]),
                         customers=_counted(context, "new_customer",
                                            plan.per_month["customer"]))
    last = plan.entry_months
    key = "ramp_up" if last > 1 else "ramp_up_one"
    return context.t(f"funnel.situation_sentence.{key}",
                     suspects=_count(context, plan.per_month["suspect"]),
                     customers=_count(context, plan.per_month["customer"]),
                     last=last, first=plan.first_customer_month)


def revenue_sentence(context: PageContext, plan: Plan) -> str:
    """How the revenue, counted when it comes in, adds up to the target."""
    currency = plan.inputs.currency
    revenue = _money(context, plan.revenue, currency)
    if plan.timing.steady and plan.months == 1:
        return context.t("funnel.revenue.steady_one", revenue=revenue)
    if plan.timing.steady:
        return context.t("funnel.revenue.steady", revenue=revenue,
                         monthly=_money(context, plan.revenue / plan.months, currency))
    existing = sum(existing_revenue(plan.tie, plan.months))
    if plan.customers_needed == 0 and existing:
        return context.t("funnel.revenue.none_needed", existing=_money(context, existing, currency))
    sentence = context.t("funnel.revenue.ramp_up", revenue=revenue, month=plan.reached_month or "–")
    if existing:
        sentence += " " + context.t("funnel.revenue.existing",
                                    existing=_money(context, existing, currency))
    return sentence


def seed_sentence(context: PageContext, plan: Plan) -> str:
    """Why a self-feeding referral loop needs a seed, and how big it must be."""
    gain = plan.referral_gain
    step = generation_months(plan.timing)
    generations = 1 + (plan.months - plan.first_customer_month) // step
    return context.t("funnel.seed.sentence",
                     gain=format_number(fraction_as_decimal(gain), context.language, 2),
                     seed=_counted(context, "suspect", plan.seed), generations=generations,
                     months=_counted(context, "month", step))


def unpaced_sentence(context: PageContext, plan: Plan) -> str:
    """Why no month-by-month plan exists: nobody won in the period pays inside it."""
    if plan.entry_months < 1:
        days = sum(Decimal(plan.inputs.cycle_days.get(stage) or 0)
                   for stage in ("suspect", "lead", "prospect"))
        return context.t("funnel.pacing.too_long", days=format_number(days, context.language),
                         first=plan.first_customer_month, period=_period(context, plan))
    return context.t("funnel.pacing.after_period", month=plan.first_revenue_month,
                     period=_period(context, plan))


# --- the plan ----------------------------------------------------------------------------------


def show_funnel(context: PageContext, plan: Plan) -> None:
    """The funnel chart with its PNG/SVG downloads."""
    spec = draw(funnel_chart, plan, _stage_names(context), context.language)
    st.caption(context.t("funnel.chart.log_note"))
    chart_downloads(context, spec, "funnel")


def show_counts(context: PageContext, plan: Plan, board: Board) -> None:
    """People per stage for the period and in its busiest month, with the plan's downloads
    (the table made once per plan and language, kept with the plan)."""
    headers, table = derived(plan, "funnel.counts", (context.language,),
                             lambda: _counts(context, plan))
    config = {name: st.column_config.TextColumn(alignment=RIGHT) for name in
              (headers["total"], headers["per_month"], headers["months"])}
    config[headers["rate"]] = st.column_config.TextColumn(alignment=RIGHT,
                                                          help=context.t("funnel.table.rate_help"))
    config[headers["per_month"]] = st.column_config.TextColumn(
        alignment=RIGHT, help=context.t("funnel.table.per_month_help"))
    st.dataframe(table, hide_index=True, column_config=config)
    vocabulary = stage_vocabulary(context.language)
    if not (menu := download_menu(context, "plan")):
        return
    menu.download_button(
        context.t("funnel.export.csv"),
        lambda: plan_csv(plan, vocabulary.stage_names,
                         {**headers, "rate": context.t("funnel.table.rate_percent")},
                         lambda month: context.t("funnel.table.month_n", month=month)),
        file_name="funnel-plan.csv", mime="text/csv", icon=":material/table:",
        key=state.key("funnel_csv"), on_click="ignore")
    menu.download_button(
        context.t("funnel.export.board"), lambda: boardfile.dump(board), file_name="board.yaml",
        mime="application/yaml", icon=":material/download:", key=state.key("funnel_board"),
        on_click="ignore")


def _counts(context: PageContext, plan: Plan) -> tuple[dict[str, str], pa.Table]:
    """The table's headers and the table (Arrow: immutable, so it can be shared)."""
    vocabulary = stage_vocabulary(context.language)
    per_period = context.t(f"funnel.table.per_period.{plan.inputs.period}")
    headers = {"stage": context.t("funnel.table.stage"), "rate": context.t("funnel.table.rate"),
               "total": per_period, "per_month": context.t("funnel.table.per_month"),
               "months": context.t("funnel.table.months"),
               "revenue": context.t("funnel.table.revenue")}
    columns = {
        headers["stage"]: [f"{vocabulary.stage_names[stage]} ({vocabulary.stage_meanings[stage]})"
                           for stage in STAGES],
        headers["total"]: [_count(context, plan.counts[stage]) for stage in STAGES],
    }
    if plan.months > 1:  # a month's plan is its own per-month plan
        columns[headers["per_month"]] = [_count(context, plan.per_month[stage])
                                         for stage in STAGES]
        columns[headers["months"]] = [_months(plan.active_months(stage)) for stage in STAGES]
    columns[headers["rate"]] = [_percent(context, plan.rate_into(stage)) for stage in STAGES]
    return headers, pa.Table.from_pandas(pd.DataFrame(columns), preserve_index=False)


def _months(active: tuple[int, int] | None) -> str:
    if active is None:
        return "–"
    first, last = active
    return str(first) if first == last else f"{first}–{last}"


def show_cost(context: PageContext, plan: Plan) -> None:
    """What the plan and one customer cost, against the value of a customer and the budget."""
    cost, currency = plan.cost, plan.inputs.currency
    if not cost.given:
        st.caption(context.t("funnel.cost.none"))
        return
    lines = [context.t("funnel.cost.sentence", total=_money(context, cost.total, currency),
                       per_customer=_money(context, cost.per_customer or 0, currency))]
    value = plan.lifetime_value if plan.timing.steady else plan.value_per_customer
    if cost.per_customer and value:
        key = "lifetime" if plan.timing.steady else "in_period"
        lines.append(context.t(f"funnel.cost.value.{key}", value=_money(context, value, currency),
                               ratio=format_number(fraction_as_decimal(value / cost.per_customer),
                                           context.language, 1)))
    if cost.left is not None:
        budget = _money(context, cost.budget, currency)
        if cost.left >= 0:
            lines.append(context.t("funnel.cost.within", budget=budget,
                                   left=_money(context, cost.left, currency)))
        else:
            lines.append(context.t("funnel.cost.over", budget=budget,
                                   over=_money(context, -cost.left, currency),
                                   customers=_counted(context, "customer",
                                                      cost.customers_bought)))
    kind = "warning" if cost.left is not None and cost.left < 0 else "info"
    _say(" ".join(lines), kind=kind, icon=":material/payments:")


# --- pacing ------------------------------------------------------------------------------------


def show_pacing(context: PageContext, plan: Plan) -> None:
    """When to find how many people and when the money comes in, in both situations."""
    names = _stage_names(context)
    if plan.monthly is None:
        _say(unpaced_sentence(context, plan), kind="warning", icon=":material/schedule:")
        return
    _say(f"{situation_sentence(context, plan)} {revenue_sentence(context, plan)}",
         icon=":material/calendar_month:")
    st.caption(escape_markdown(other_situation(context, plan)))
    st.caption(context.t(f"funnel.pacing.model.{'seed' if plan.seed else plan.inputs.situation}"))
    revenue_titles = {"month": context.t("funnel.table.month"),
                      "cumulative": context.t("funnel.table.so_far"),
                      "target": context.t("funnel.pacing.target")}
    spec = draw(revenue_chart, plan, revenue_titles, context.language)
    chart_downloads(context, spec, "revenue")
    spec = draw(pacing_chart, plan, names, context.t("funnel.table.month"), context.language,
                width="content")
    chart_downloads(context, spec, "pacing")
    _table(pacing_frame(context, plan), right=[*(names[stage] for stage in STAGES),
                                               context.t("funnel.table.revenue"),
                                               context.t("funnel.table.so_far")])


def other_situation(context: PageContext, plan: Plan) -> str:
    """The same inputs in the other situation, in one sentence (or why it cannot be)."""
    other = next(code for code in SITUATIONS if code != plan.inputs.situation)
    label = context.t(f"funnel.situation.{other}")
    try:
        alternative = make_plan(replace(plan.inputs, situation=other))
    except FunnelInputError as error:
        return context.t("funnel.pacing.other_problem", situation=label,
                         problem=message(error, context.language, with_field=False))
    if alternative.monthly is None:
        return context.t("funnel.pacing.other_problem", situation=label,
                         problem=unpaced_sentence(context, alternative))
    return context.t("funnel.pacing.other",
                     customers=_counted(context, "customer", alternative.counts["customer"]),
                     sentence=situation_sentence(context, alternative))


def pacing_frame(context: PageContext, plan: Plan) -> pd.DataFrame:
    """The month-by-month table: new people per stage, the revenue, the revenue so far."""
    names, currency = _stage_names(context), plan.inputs.currency
    so_far, running = [], Fraction(0)
    for month in plan.monthly or ():
        running += month.revenue
        so_far.append(_money(context, running, currency))
    return pd.DataFrame({
        context.t("funnel.table.month"): [str(month.month) for month in plan.monthly or ()],
        **{names[stage]: [_count(context, month.entries[stage]) for month in plan.monthly or ()]
           for stage in STAGES},
        context.t("funnel.table.revenue"): [_money(context, month.revenue, currency)
                                            for month in plan.monthly or ()],
        context.t("funnel.table.so_far"): so_far,
    })


# --- levers ------------------------------------------------------------------------------------


def show_levers(context: PageContext, plan: Plan) -> None:
    """What each lever brings in money from the same suspects: the biggest first, ties said."""
    if plan.seed is not None or plan.monthly is None:
        key = "seeded" if plan.seed is not None else "unpaced"
        _say(context.t(f"funnel.levers.{key}"), icon=":material/info:")
        return
    biggest = lever_sentence(plan, context.language)
    if biggest is not None:
        _say(biggest, kind="success", icon=":material/trending_up:")
    else:
        _say(context.t("funnel.levers.none"), icon=":material/info:")
    columns = {name: context.t(f"funnel.levers.column.{name}")
               for name in ("lever", "now", "point", "point_gain", "tenth", "tenth_gain")}
    currency = plan.inputs.currency

    def value(lever: Lever, step: Step | None) -> str:
        return "–" if step is None else lever_value(lever.key, step.value, currency,
                                                    context.language)

    def gain(step: Step | None) -> str:
        if step is None:
            return "–"
        if step.gain is None:
            return context.t("funnel.levers.endless")
        return "+" + _money(context, step.gain, currency)

    rows = plan.levers
    frame = pd.DataFrame({
        columns["lever"]: [lever_name(lever.key, context.language) for lever in rows],
        columns["now"]: [lever_value(lever.key, lever.now, currency, context.language)
                         for lever in rows],
        columns["point"]: [value(lever, lever.point) for lever in rows],
        columns["point_gain"]: [gain(lever.point) for lever in rows],
        columns["tenth"]: [value(lever, lever.tenth) for lever in rows],
        columns["tenth_gain"]: [gain(lever.tenth) for lever in rows],
    })
    _table(frame, right=[columns[name] for name in
                         ("now", "point", "point_gain", "tenth", "tenth_gain")])
    st.caption(context.t("funnel.levers.note", suspects=_count(context, plan.counts["suspect"]),
                         period=context.t(f"funnel.period_phrase.{plan.inputs.period}")))


# --- scenarios side by side --------------------------------------------------------------------


def show_comparison(context: PageContext, scenarios: Sequence[Scenario]) -> None:
    """Every saved scenario's needs and inputs in one table, and their counts in one chart."""
    names = _stage_names(context)
    if not scenarios:
        st.info(context.t("funnel.compare.none"))
        return
    name, situation, first, reached, note = (
        context.t("funnel.compare.scenario"), context.t("funnel.compare.situation"),
        context.t("funnel.compare.first_customers"), context.t("funnel.compare.reached"),
        context.t("funnel.compare.note"))
    target = context.t("funnel.compare.target")
    per_customer = context.t("funnel.compare.per_customer")
    rates = [rate_label(key, context.language) for key in RATE_KEYS]
    counts = [names[stage] for stage in STAGES]
    numeric = (*counts, first, reached, target, per_customer, *rates)
    table: dict[str, list[str]] = {column: [] for column in (
        name, situation, *counts, first, reached, target, per_customer, *rates, note)}
    chart_rows = []
    for scenario in scenarios:
        row = {name: scenario.name, note: "",
               situation: context.t(f"funnel.situation.{scenario.situation}"),
               target: _money(context, scenario.target_revenue, scenario.currency)}
        row |= {label: _percent(context, getattr(scenario.rates, key))
                for label, key in zip(rates, RATE_KEYS, strict=True)}
        try:
            plan = make_plan(inputs_of(scenario))
        except FunnelInputError as error:
            row[note] = (f"{field_label(context, error.field)}: "
                         f"{message(error, context.language, with_field=False)}")
        else:
            row[first] = str(plan.first_customer_month)
            row[reached] = str(plan.reached_month or "–")
            row[per_customer] = _money(context, plan.value_per_customer, scenario.currency)
            row |= {names[stage]: _count(context, plan.counts[stage]) for stage in STAGES}
            chart_rows += [{"scenario": scenario.name, "stage": stage, "count": plan.counts[stage],
                            "label": _count(context, plan.counts[stage])} for stage in STAGES]
        for column, values in table.items():
            values.append(row.get(column, "–"))
    if not any(table[note]):
        del table[note]
    config = {column: st.column_config.TextColumn(alignment=RIGHT) for column in numeric}
    config[name] = st.column_config.TextColumn(pinned=True)
    config[per_customer] = st.column_config.TextColumn(alignment=RIGHT,
                                                       help=context.t("funnel.compare.per_customer_help"))
    st.dataframe(pd.DataFrame(table), hide_index=True, column_config=config)
    if chart_rows:
        spec = draw(comparison_chart, chart_rows, names, context.language, width="content")
        chart_downloads(context, spec, "scenarios")


# --- forward -----------------------------------------------------------------------------------


def show_forward(context: PageContext, plan: Plan) -> None:
    """Given a number of suspects and the plan's inputs: how many customers, how much money."""
    # Keyed by the plan's suspects (a new plan starts from its own number again) and the
    # language (its separators).
    entered = st.text_input(context.t("funnel.forward.suspects"),
                            shown(plan.counts["suspect"], context.language),
                            key=state.key("funnel_forward", plan.counts["suspect"],
                                          context.language),
                            help=context.t("funnel.forward.suspects_help"), width=260)
    inputs = plan.inputs
    try:
        counts, revenue = forward_of(plan, typed(entered, context.language))
    except FunnelInputError as error:
        st.error(escape_markdown(message(error, context.language, with_field=False)),
                 icon=":material/error:")
        return
    key = "funnel.forward.seed" if plan.seed is not None else "funnel.forward.sentence"
    _say(context.t(key, revenue=_money(context, revenue, inputs.currency),
                   target=_money(context, inputs.target_revenue, inputs.currency),
                   **{stage: _count(context, counts[stage]) for stage in STAGES}),
         icon=":material/east:")
    st.caption(context.t("funnel.forward.model"))
