"""The funnel page's result sections: each draws one part of the screen from a ``Plan``.

Numbers are formatted for the viewer's locale; every table is one ``st.dataframe`` and every
chart one element (a cached Vega-Lite spec, see ``widgets/charts.py``).  Sections that edit the
board (stage table, actuals, a scenario from observed rates) write through ``editing.save``;
the stage table and the actuals are ``editing.open_form`` forms, so an edit is based on the
revision they were first drawn at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import streamlit as st

from components.board import boardfile, store
from components.board.model import Actual, Board, Scenario, new_id
from components.errors import message
from components.formatting import format_integer, format_money, format_number, format_percent
from components.funnel import calc
from components.funnel.calc import RATE_KEYS, STAGES, FunnelInputError
from components.funnel.plan import (
    STAGE_COLUMNS,
    ActualsReview,
    Plan,
    actual_operations,
    actual_rows,
    check_actual_rows,
    fraction_as_decimal,
    inputs_of,
    lever_sentence,
    make_plan,
    observed_scenario,
    plan_csv,
    plan_sentence,
    rate_label,
    review_actuals,
    scenario_data,
    stage_operations,
    stage_rows,
    stage_vocabulary,
)
from components.widgets import state
from components.widgets.charts import draw
from components.widgets.editing import digest, open_form, save
from components.widgets.funnel.charts import (
    ROW_PIXELS,
    chart_downloads,
    comparison_chart,
    funnel_chart,
    pacing_chart,
)
from components.widgets.funnel.inputs import (
    conflict_fields,
    field_label,
    select_scenario,
)
from components.widgets.shell import PageContext, escape_markdown

RIGHT = "right"
# Wide enough to read the start of a sentence, narrow enough to show three columns at once.
STAGE_COLUMN_PIXELS = 170


# --- small helpers -----------------------------------------------------------------------------


def _money(context: PageContext, value: Decimal | Fraction | int, currency: str) -> str:
    """An amount in the plan's currency, formatted for the viewer."""
    return format_money(fraction_as_decimal(value), currency, context.language)


def _stage_names(context: PageContext) -> dict[str, str]:
    return stage_vocabulary(context.language).stage_names


def _count(context: PageContext, value: int | None) -> str:
    return "–" if value is None else format_integer(value, context.language)


def _percent(context: PageContext, rate: Any) -> str:
    return "–" if rate is None else format_percent(fraction_as_decimal(rate), context.language)


def _table(frame: pd.DataFrame, right: Sequence[str] = ()) -> None:
    """One read-only table; the named (formatted number) columns aligned right."""
    config = {name: st.column_config.TextColumn(alignment=RIGHT) for name in right}
    st.dataframe(frame, hide_index=True, column_config=config)


def _say(text: str, kind: str = "info", icon: str | None = None) -> None:
    """A message built from catalog text and formatted numbers, shown as plain text."""
    getattr(st, kind)(escape_markdown(text), icon=icon)


# --- the plan ----------------------------------------------------------------------------------


def show_sentence(context: PageContext, plan: Plan) -> None:
    """The sentence a founder can say in a meeting, and how revenue per customer came about."""
    t = context.t
    inputs, counts = plan.inputs, plan.counts
    _say(plan_sentence(plan, context.language), icon=":material/campaign:")
    deal, fee, months = (Decimal(inputs.deal_value or 0), Decimal(inputs.monthly_fee or 0),
                         Decimal(inputs.paying_months or 0))
    parts = {"total": _money(context, plan.revenue_per_customer, inputs.currency),
             "deal": _money(context, deal, inputs.currency),
             "fee": _money(context, fee, inputs.currency),
             "months": format_number(months, context.language)}
    if deal and fee * months:
        how = t("funnel.result.rpc_both", **parts)
    elif deal:
        how = t("funnel.result.rpc_deal", **parts)
    else:
        how = t("funnel.result.rpc_fee", **parts)
    notes = [how]
    if inputs.leads_per_reference and counts["reference"]:
        notes.append(t("funnel.result.referrals", reference=_count(context, counts["reference"]),
                       per_reference=format_number(inputs.leads_per_reference, context.language)))
    st.caption(escape_markdown(" ".join(notes)))


def show_funnel(context: PageContext, plan: Plan) -> None:
    """The funnel chart with its PNG/SVG downloads."""
    spec = draw(funnel_chart, plan, _stage_names(context), context.language)
    chart_downloads(context, spec, "funnel")


def show_counts(context: PageContext, plan: Plan, board: Board) -> None:
    """People per stage for the period and per month, with the plan's downloads."""
    t, names = context.t, _stage_names(context)
    per_period = t(f"funnel.table.per_period.{plan.inputs.period}")
    headers = {"stage": t("funnel.table.stage"), "rate": t("funnel.table.rate"),
               "total": per_period, "per_month": t("funnel.table.per_month")}
    config = {name: st.column_config.TextColumn(alignment=RIGHT) for name in
              (headers["total"], headers["per_month"])}
    config[headers["rate"]] = st.column_config.TextColumn(alignment=RIGHT,
                                                          help=t("funnel.table.rate_help"))
    columns = {
        headers["stage"]: [names[stage] for stage in STAGES],
        headers["total"]: [_count(context, plan.counts[stage]) for stage in STAGES],
    }
    if plan.months > 1:  # a month's plan is its own per-month plan
        columns[headers["per_month"]] = [_count(context, plan.per_month[stage])
                                         for stage in STAGES]
    columns[headers["rate"]] = [_percent(context, plan.rate_into(stage)) for stage in STAGES]
    frame = pd.DataFrame(columns)
    table_col, export_col = st.columns([3, 2], gap="medium")
    export_col = export_col.container(horizontal=True)
    table_col.dataframe(frame, hide_index=True, column_config=config)
    export_col.download_button(
        t("funnel.export.csv"),
        lambda: plan_csv(plan, names, {**headers, "rate": t("funnel.table.rate_percent")},
                         lambda month: t("funnel.table.month_n", month=month)),
        file_name="funnel-plan.csv", mime="text/csv", icon=":material/table:",
        key=state.key("funnel_csv"), on_click="ignore")
    export_col.download_button(
        t("funnel.export.board"), lambda: boardfile.dump(board), file_name="board.yaml",
        mime="application/yaml", icon=":material/download:", key=state.key("funnel_board"),
        on_click="ignore")


# --- pacing ------------------------------------------------------------------------------------


def show_pacing(context: PageContext, plan: Plan) -> None:
    """When to find how many people, month by month, and when the first customers arrive."""
    t, names = context.t, _stage_names(context)
    if plan.monthly is None:
        days = sum(Decimal(plan.inputs.cycle_days[stage] or 0)
                   for stage in calc.STAGES_BEFORE_CUSTOMER)
        _say(t("funnel.pacing.too_long", days=format_number(days, context.language),
               first=plan.first_customer_month,
               period=t(f"funnel.period_length.{plan.inputs.period}")),
             kind="warning", icon=":material/schedule:")
        return
    first = plan.monthly[0].entries["suspect"]
    key = "funnel.pacing.sentence" if plan.entry_months > 1 else "funnel.pacing.sentence_one"
    _say(t(key, suspects=_count(context, first), last=plan.entry_months,
           first=plan.first_customer_month), icon=":material/calendar_month:")
    st.caption(t("funnel.pacing.model"))
    spec = draw(pacing_chart, plan, names, t("funnel.table.month"), context.language,
                width="content")
    chart_downloads(context, spec, "pacing")
    frame = pd.DataFrame({
        t("funnel.table.month"): [str(month.month) for month in plan.monthly],
        **{names[stage]: [_count(context, month.entries[stage]) for month in plan.monthly]
           for stage in STAGES},
    })
    _table(frame, right=[names[stage] for stage in STAGES])


# --- levers ------------------------------------------------------------------------------------


def show_levers(context: PageContext, plan: Plan) -> None:
    """Which rate, made 10 % better, saves the most suspects: the biggest lever first."""
    t = context.t
    biggest = lever_sentence(plan, context.language)
    if biggest is not None:
        _say(biggest, kind="success", icon=":material/trending_up:")
    else:
        _say(t("funnel.levers.none"), icon=":material/info:")
    columns = {name: t(f"funnel.levers.column.{name}")
               for name in ("rate", "now", "new", "after", "saved")}
    frame = pd.DataFrame({
        columns["rate"]: [rate_label(lever.rate_key, context.language) for lever in plan.levers],
        columns["now"]: [_percent(context, plan.inputs.rates[lever.rate_key])
                         for lever in plan.levers],
        columns["new"]: [_percent(context, lever.new_rate) for lever in plan.levers],
        columns["after"]: [_count(context, lever.suspects_after) for lever in plan.levers],
        columns["saved"]: [_count(context, lever.suspects_saved) for lever in plan.levers],
    })
    _table(frame, right=[columns[name] for name in ("now", "new", "after", "saved")])
    st.caption(t("funnel.levers.note"))


# --- scenarios side by side --------------------------------------------------------------------


def show_comparison(context: PageContext, scenarios: Sequence[Scenario]) -> None:
    """Every saved scenario's needs and inputs in one table, and their counts in one chart."""
    t, names = context.t, _stage_names(context)
    if not scenarios:
        st.info(t("funnel.compare.none"))
        return
    name, first, note = (t("funnel.compare.scenario"), t("funnel.compare.first_customers"),
                         t("funnel.compare.note"))
    target, per_customer = t("funnel.compare.target"), t("funnel.compare.per_customer")
    rates = [rate_label(key, context.language) for key in RATE_KEYS]
    counts = [names[stage] for stage in STAGES]
    table: dict[str, list[str]] = {column: [] for column in (
        name, *counts, first, target, per_customer, *rates, note)}
    chart_rows = []
    for scenario in scenarios:
        row = {name: scenario.name, note: "",
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
            row[per_customer] = _money(context, plan.revenue_per_customer, scenario.currency)
            row |= {names[stage]: _count(context, plan.counts[stage]) for stage in STAGES}
            chart_rows += [{"scenario": scenario.name, "stage": stage, "count": plan.counts[stage],
                            "label": _count(context, plan.counts[stage])} for stage in STAGES]
        for column, values in table.items():
            values.append(row.get(column, "–"))
    if not any(table[note]):
        del table[note]
    config = {column: st.column_config.TextColumn(alignment=RIGHT)
              for column in (*counts, first, target, per_customer, *rates)}
    config[name] = st.column_config.TextColumn(pinned=True)
    st.dataframe(pd.DataFrame(table), hide_index=True, column_config=config)
    if chart_rows:
        spec = draw(comparison_chart, chart_rows, names, context.language, width="content")
        chart_downloads(context, spec, "scenarios")


# --- forward -----------------------------------------------------------------------------------


def show_forward(context: PageContext, plan: Plan) -> None:
    """Given a number of suspects and the rates: how many customers, how much revenue."""
    t = context.t
    # Keyed by the plan's suspects: a new plan starts from its own number again.
    suspects = st.number_input(t("funnel.forward.suspects"), value=plan.counts["suspect"],
                               step=100, key=state.key(f"funnel_forward_{plan.counts['suspect']}"),
                               help=t("funnel.forward.suspects_help"), width=260)
    inputs = plan.inputs
    try:
        result = calc.forward(suspects, plan.revenue_per_customer, inputs.rates,
                                inputs.leads_per_reference)
    except FunnelInputError as error:
        st.error(message(error, context.language, with_field=False), icon=":material/error:")
        return
    _say(t("funnel.forward.sentence",
           revenue=_money(context, result.revenue, inputs.currency),
           target=_money(context, inputs.target_revenue, inputs.currency),
           **{stage: _count(context, result.counts[stage]) for stage in STAGES}),
         icon=":material/east:")
    st.caption(t("funnel.forward.cautious"))


# --- the stage table of seed 004 ---------------------------------------------------------------


def pick_stage_template(context: PageContext, board: Board) -> str | None:
    """The worked example that prefills the stage table, while the board has no rows."""
    if board.stages:
        return None
    t = context.t
    templates = list(stage_vocabulary(board.language).templates)
    template_col, note_col = st.columns([1, 2], vertical_alignment="bottom")
    with template_col:
        chosen = st.selectbox(t("funnel.stages.template"), templates,
                              format_func=lambda key: t(f"funnel.stages.templates.{key}"),
                              key=state.key("funnel_stage_template"))
    note_col.caption(t("funnel.stages.prefilled"))
    return chosen


def stage_table(context: PageContext, loaded: store.LoadedBoard, template_key: str | None
                ) -> None:
    """Six stages × five columns, editable, one row beside each bar of the funnel chart.

    Rows not saved yet come from ``template_key``'s example in the board's language (it
    becomes the board's content); titles and questions follow the viewer's language.
    """
    t = context.t
    board = loaded.board
    viewer = stage_vocabulary(context.language)
    template = stage_vocabulary(board.language).templates.get(template_key or "")
    rows = stage_rows(board.stages, template)
    frame = pd.DataFrame([{column: row[column] for column in STAGE_COLUMNS} for row in rows],
                         index=pd.Index([row["stage"] for row in rows]))
    config = {column: st.column_config.TextColumn(viewer.columns[column], max_chars=1000,
                                                  help=viewer.questions.get(column),
                                                  width=STAGE_COLUMN_PIXELS)
              for column in STAGE_COLUMNS}
    # fixed rows: the editor keeps what was typed while others change cells (a conflict then)
    form = open_form(context, state.form_id(f"funnel_stages_{template_key}"))
    with st.form(form.key, border=False):
        edited = st.data_editor(frame, column_config=config, num_rows="fixed", hide_index=True,
                                row_height=ROW_PIXELS, key=f"{form.key}_editor")
        submitted = st.form_submit_button(t("funnel.stages.save"), icon=":material/save:")
    if submitted:
        new_rows = [{"stage": stage, **values} for stage, values in
                    edited.to_dict("index").items()]
        operations = stage_operations(board.stages, new_rows, form.base)
        if operations:
            save(context, form, operations, t("funnel.stages.saved"), conflict_fields(context))
        else:
            st.info(t("funnel.nothing_changed"))


# --- actuals -----------------------------------------------------------------------------------


def actuals_section(context: PageContext, loaded: store.LoadedBoard, plan: Plan | None) -> None:
    """Counts seen in past months: entered in one table, compared with the plan."""
    t, names = context.t, _stage_names(context)
    board = loaded.board
    st.caption(t("funnel.actuals.intro"))
    columns = ["id", "month", *STAGES]
    frame = pd.DataFrame(actual_rows(board.actuals), columns=columns)
    frame[list(STAGES)] = frame[list(STAGES)].astype("Int64")
    config = {
        "id": None,
        "month": st.column_config.TextColumn(t("funnel.actuals.month"), required=True,
                                             validate=r"^\d{4}-(0[1-9]|1[0-2])$",
                                             help=t("funnel.actuals.month_help")),
        **{stage: st.column_config.NumberColumn(names[stage], min_value=0, step=1, format="%d")
           for stage in STAGES},
    }
    # rows can be added: Streamlit restarts such an editor on new data (editing.digest)
    form = open_form(context, state.form_id(f"funnel_actuals_{digest(board.actuals)}"))
    with st.form(form.key):
        edited = st.data_editor(frame, column_config=config, num_rows="dynamic", hide_index=True,
                                key=f"{form.key}_editor")
        submitted = st.form_submit_button(t("funnel.actuals.save"), icon=":material/save:")
    if submitted:
        rows = [_clean_row(row) for row in edited.to_dict("records")]
        problems = check_actual_rows(rows)
        if problems:
            _show_row_problems(context, problems)
        else:
            operations = actual_operations(board.actuals, rows, form.base)
            if operations:
                save(context, form, operations, t("funnel.actuals.saved"),
                     conflict_fields(context))
            else:
                st.info(t("funnel.nothing_changed"))
    if not board.actuals:
        return
    review = review_actuals(actual_rows(board.actuals), plan)
    if review.problems:
        _show_row_problems(context, review.problems)
        return
    _show_actuals_review(context, review, plan, board.actuals)


def _clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An editor row with empty cells as None (pandas gives NaN or <NA>)."""
    return {key: None if _is_empty(value) else value for key, value in row.items()}


def _is_empty(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _show_row_problems(context: PageContext, problems: Sequence[FunnelInputError]) -> None:
    names = _stage_names(context)
    for problem in problems:
        where = problem.params["month"] or context.t("funnel.actuals.all_months")
        column = problem.field.partition(".")[2]
        what = (context.t("funnel.actuals.month") if column == "month"
                else names.get(column, column))
        sentence = message(problem, context.language, with_field=False)
        st.error(escape_markdown(f"{where} · {what}: {sentence}"), icon=":material/error:")


def _show_actuals_review(context: PageContext, review: ActualsReview, plan: Plan | None,
                         actuals: Sequence[Actual]) -> None:
    """Actual against planned people per stage, observed against planned rates."""
    t, names = context.t, _stage_names(context)
    if plan is None or review.planned is None:
        st.info(t("funnel.fix_inputs"))
        return
    columns = {name: t(f"funnel.actuals.column.{name}")
               for name in ("stage", "months", "actual", "planned", "difference", "status")}
    statuses = []
    for stage in STAGES:
        actual, planned = review.totals[stage], review.planned[stage]
        if actual is None:
            statuses.append("")
        else:
            key = "ahead" if actual > planned else "behind" if actual < planned else "on_plan"
            statuses.append(t(f"funnel.actuals.status.{key}"))
    frame = pd.DataFrame({
        columns["stage"]: [names[stage] for stage in STAGES],
        columns["months"]: [str(review.measured[stage]) for stage in STAGES],
        columns["actual"]: [_count(context, review.totals[stage]) for stage in STAGES],
        columns["planned"]: [_count(context, review.planned[stage]) if review.measured[stage]
                             else "–" for stage in STAGES],
        columns["difference"]: [
            "–" if review.totals[stage] is None else _signed(
                context, review.totals[stage] - review.planned[stage]) for stage in STAGES],
        columns["status"]: statuses,
    })
    _table(frame, right=[columns[name] for name in ("months", "actual", "planned", "difference")])
    st.caption(t("funnel.actuals.plan_note"))

    rate_columns = {name: t(f"funnel.actuals.rates.{name}")
                    for name in ("rate", "planned", "observed")}
    _table(pd.DataFrame({
        rate_columns["rate"]: [rate_label(key, context.language) for key in RATE_KEYS],
        rate_columns["planned"]: [_percent(context, plan.inputs.rates[key]) for key in RATE_KEYS],
        rate_columns["observed"]: [_percent(context, review.observed[key]) for key in RATE_KEYS],
    }), right=[rate_columns["planned"], rate_columns["observed"]])
    usable = any(review.observed.values())
    if st.button(t("funnel.actuals.make_scenario"), icon=":material/auto_fix_high:",
                 disabled=not usable, key=state.key("funnel_observed_scenario"),
                 help=t("funnel.actuals.make_scenario_help")):
        months = sorted(actual.month for actual in actuals)
        name = t("funnel.actuals.observed_name", first=months[0], last=months[-1])
        scenario_id = new_id()
        data = scenario_data(observed_scenario(plan.inputs, review.observed, name))
        save(context, None, [store.Add("scenarios", {**data, "id": scenario_id})],
             t("funnel.scenario.saved", name=escape_markdown(name)), conflict_fields(context),
             on_saved=lambda _revision: select_scenario(scenario_id))


def _signed(context: PageContext, number: int) -> str:
    sign = "+" if number > 0 else ""
    return sign + format_integer(number, context.language)
