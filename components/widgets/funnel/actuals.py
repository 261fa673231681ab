"""The funnel page's actuals: counts seen per month, entered in one table and compared with
the paced plan month by month (``components.funnel.actuals``).

The section reads top to bottom like the screen: the editor and its save, then the review in
four small pieces (per stage, per month, the rates, a scenario from the rates seen).  The
editor is an ``editing.open_form`` form, so an edit is based on the revision it was first
drawn at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from components.board.boardfile import BoardFileError
from components.board.model import Actual, new_id
from components.board.operations import Add
from components.board.store import LoadedBoard
from components.errors import message
from components.formatting import format_integer, format_percent
from components.funnel.actuals import (
    ActualsReview,
    actual_operations,
    actual_rows,
    check_actual_rows,
    observed_scenario,
    review_actuals,
)
from components.funnel.calc import RATE_KEYS, STAGES, FunnelInputError
from components.funnel.plan import Plan, fraction_as_decimal, scenario_data
from components.funnel.stages import rate_label, stage_vocabulary
from components.widgets import state
from components.widgets.editing import EditForm, digest, open_form, save
from components.widgets.funnel.inputs import conflict_fields, select_scenario
from components.widgets.shell import PageContext, escape_markdown

RIGHT = "right"


def actuals_section(context: PageContext, loaded: LoadedBoard, plan: Plan | None) -> None:
    """Counts seen in past months: entered in one table, compared with the paced plan."""
    st.caption(context.t("funnel.actuals.intro"))
    actuals = loaded.board.actuals
    edited = _actuals_editor(context, actuals)
    if edited is not None:
        _save_actuals(context, actuals, *edited)
    if not actuals:
        return
    review = review_actuals(actual_rows(actuals), plan)
    if review.problems:
        _show_row_problems(context, review.problems)
    elif plan is None or review.planned is None:
        st.info(context.t("funnel.actuals.no_plan"))
    else:
        st.caption(context.t("funnel.actuals.start", start=review.start,
                             months=context.t("funnel.count.month", count=plan.months)))
        _stage_review(context, review)
        _month_review(context, review)
        _rate_review(context, review, plan)
        _observed_scenario_button(context, review, plan, actuals)


# --- entering ----------------------------------------------------------------------------------


def _actuals_editor(context: PageContext, actuals: Sequence[Actual]
                    ) -> tuple[EditForm, list[dict]] | None:
    """The editable table of months; its form and the edited rows once saved, else None."""
    names = stage_vocabulary(context.language).stage_names
    frame = pd.DataFrame(actual_rows(actuals), columns=["id", "month", *STAGES])
    frame[list(STAGES)] = frame[list(STAGES)].astype("Int64")
    config = {
        "id": None,
        "month": st.column_config.TextColumn(context.t("funnel.actuals.month"), required=True,
                                             validate=r"^\d{4}-(0[1-9]|1[0-2])$",
                                             help=context.t("funnel.actuals.month_help")),
        **{stage: st.column_config.NumberColumn(names[stage], min_value=0, step=1, format="%d")
           for stage in STAGES},
    }
    # rows can be added: Streamlit restarts such an editor on new data (editing.digest)
    form = open_form(context, state.form_id("funnel_actuals", digest(actuals)))
    with st.form(form.key):
        edited = st.data_editor(frame, column_config=config, num_rows="dynamic", hide_index=True,
                                key=f"{form.key}_editor", disabled=not context.can_edit)
        submitted = st.form_submit_button(context.t("funnel.actuals.save"), icon=":material/save:",
                                          disabled=not context.can_edit)
    if not submitted:
        return None
    return form, [_clean_row(row) for row in edited.to_dict("records")]


def _save_actuals(context: PageContext, actuals: Sequence[Actual], form: EditForm,
                  rows: list[dict]) -> None:
    """Check the edited months and save them, or say what is wrong."""
    problems = check_actual_rows(rows)
    if problems:
        _show_row_problems(context, problems)
        return
    operations = actual_operations(actuals, rows, form.base)
    if operations:
        save(context, form, operations, context.t("funnel.actuals.saved"),
             conflict_fields(context))
    else:
        st.info(context.t("funnel.nothing_changed"))


def _clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An editor row with empty cells as None (pandas gives NaN or <NA>)."""
    return {key: None if _is_empty(value) else value for key, value in row.items()}


def _is_empty(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _show_row_problems(context: PageContext, problems: Sequence[FunnelInputError]) -> None:
    names = stage_vocabulary(context.language).stage_names
    for problem in problems:
        where = problem.params["month"] or context.t("funnel.actuals.all_months")
        column = problem.field.partition(".")[2]
        what = (context.t("funnel.actuals.month") if column == "month"
                else names.get(column, column))
        sentence = message(problem, context.language, with_field=False)
        st.error(escape_markdown(f"{where} · {what}: {sentence}"), icon=":material/error:")


# --- the review --------------------------------------------------------------------------------


def _count(context: PageContext, value: int | None) -> str:
    return "–" if value is None else format_integer(value, context.language)


def _table(frame: pd.DataFrame, right: Sequence[str]) -> None:
    config = {name: st.column_config.TextColumn(alignment=RIGHT) for name in right}
    st.dataframe(frame, hide_index=True, column_config=config)


def _stage_review(context: PageContext, review: ActualsReview) -> None:
    """Per stage: actual against planned, over the months of the plan that measured it."""
    names = stage_vocabulary(context.language).stage_names
    columns = {name: context.t(f"funnel.actuals.column.{name}")
               for name in ("stage", "months", "actual", "planned", "difference", "status")}
    statuses, differences = [], []
    for stage in STAGES:
        actual, planned = review.totals[stage], review.planned[stage]
        if actual is None:
            statuses.append("")
            differences.append("–")
            continue
        key = "ahead" if actual > planned else "behind" if actual < planned else "on_plan"
        statuses.append(context.t(f"funnel.actuals.status.{key}"))
        differences.append(("+" if actual > planned else "")
                           + format_integer(actual - planned, context.language))
    _table(pd.DataFrame({
        columns["stage"]: [names[stage] for stage in STAGES],
        columns["months"]: [str(review.measured[stage]) for stage in STAGES],
        columns["actual"]: [_count(context, review.totals[stage]) for stage in STAGES],
        columns["planned"]: [_count(context, review.planned[stage]) if review.measured[stage]
                             else "–" for stage in STAGES],
        columns["difference"]: differences,
        columns["status"]: statuses,
    }), right=[columns[name] for name in ("months", "actual", "planned", "difference")])


def _month_review(context: PageContext, review: ActualsReview) -> None:
    """Per calendar month: each stage as actual / plan, the plan's own month beside it."""
    names = stage_vocabulary(context.language).stage_names
    month, plan_month = context.t("funnel.actuals.month"), context.t("funnel.actuals.plan_month")

    def cell(row, stage: str) -> str:
        actual = _count(context, row.actual[stage])
        return f"{actual} / {_count(context, row.planned[stage])}" if row.planned else actual

    _table(pd.DataFrame({
        month: [row.month for row in review.months],
        plan_month: [str(row.plan_month) if row.plan_month else context.t("funnel.actuals.outside")
                     for row in review.months],
        **{names[stage]: [cell(row, stage) for row in review.months] for stage in STAGES},
    }), right=[plan_month, *(names[stage] for stage in STAGES)])
    st.caption(context.t("funnel.actuals.plan_note"))


def _rate_review(context: PageContext, review: ActualsReview, plan: Plan) -> None:
    """Planned against observed conversion rates."""
    columns = {name: context.t(f"funnel.actuals.rates.{name}")
               for name in ("rate", "planned", "observed")}

    def percent(rate: Any) -> str:
        return "–" if rate is None else format_percent(fraction_as_decimal(rate), context.language)

    _table(pd.DataFrame({
        columns["rate"]: [rate_label(key, context.language) for key in RATE_KEYS],
        columns["planned"]: [percent(plan.inputs.rates[key]) for key in RATE_KEYS],
        columns["observed"]: [percent(review.observed[key]) for key in RATE_KEYS],
    }), right=[columns["planned"], columns["observed"]])


def _observed_scenario_button(context: PageContext, review: ActualsReview, plan: Plan,
                              actuals: Sequence[Actual]) -> None:
    """A new scenario with the rates seen, selected once saved."""
    usable = any(review.observed.values())
    if not st.button(context.t("funnel.actuals.make_scenario"), icon=":material/auto_fix_high:",
                     disabled=not (usable and context.can_edit),
                     key=state.key("funnel_observed_scenario"),
                     help=context.t("funnel.actuals.make_scenario_help")):
        return
    months = sorted(actual.month for actual in actuals)
    name = context.t("funnel.actuals.observed_name", first=months[0], last=months[-1])
    scenario_id = new_id()
    try:
        data = scenario_data(observed_scenario(plan.inputs, review.observed, name))
    except ValueError as error:  # the model refuses it: rates that need too many people …
        st.error(escape_markdown(message(BoardFileError.from_validation(error),
                                         context.language)), icon=":material/error:")
        return
    save(context, None, [Add("scenarios", {**data, "id": scenario_id})],
         context.t("funnel.scenario.saved", name=name), conflict_fields(context),
         on_saved=lambda _revision: select_scenario(scenario_id))
