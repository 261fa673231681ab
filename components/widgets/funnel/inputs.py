"""The funnel page's inputs: choosing a scenario, the input form, messages on fields, and how
funnel records are named in a conflict.

The scenario being edited is remembered in the URL (``?scenario=<id>``), so a link can point
at it and a freshly saved scenario can be selected for the next run.  The form is an
``editing.open_form`` form per scenario: switching scenarios shows that scenario's saved
values, what was submitted stays in the fields (and drives the results) until it is saved or
discarded, and a save is based on the revision the form was first drawn at, so someone
else's change to the scenario meanwhile is refused as a conflict instead of overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from babel import numbers as babel_numbers

from components.board.model import Scenario
from components.errors import Problem, message
from components.formatting import format_percent, locale_of
from components.funnel.calc import RATE_KEYS, STAGES
from components.funnel.plan import (
    CYCLE_STAGES,
    PERIOD_MONTHS,
    STAGE_COLUMNS,
    PlanInputs,
    decimal_of,
    percent_of,
    rate_from_percent,
    rate_label,
    stage_vocabulary,
)
from components.widgets import state
from components.widgets.editing import EditForm, Fields, open_form, plain
from components.widgets.shell import PageContext

SCENARIO_PARAM = "scenario"
PICK_KEY = state.key("funnel_scenario")
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY")
CALCULATE, SAVE, SAVE_NEW = "calculate", "save", "save_new"
# Form labels of the record fields a problem or a conflict can name.
FIELD_LABELS = {
    "name": "funnel.form.name",
    "period": "funnel.form.period",
    "currency": "funnel.form.currency",
    "target_revenue": "funnel.form.target",
    "deal_value": "funnel.form.deal_value",
    "monthly_fee": "funnel.form.monthly_fee",
    "paying_months": "funnel.form.paying_months",
    "revenue_per_customer": "funnel.form.revenue_heading",
    "leads_per_reference": "funnel.form.leads_per_reference",
    "stage": "funnel.actuals.column.stage",
    "month": "funnel.actuals.month",
}


# --- which scenario ----------------------------------------------------------------------------


def pick_scenario(context: PageContext, scenarios: Iterable[Scenario]) -> Scenario | None:
    """The saved scenario to edit, chosen in a select box (None when there is none yet)."""
    by_id = {scenario.id: scenario for scenario in scenarios}
    if not by_id:
        return None
    wanted = st.query_params.get(SCENARIO_PARAM)
    st.session_state[PICK_KEY] = wanted if wanted in by_id else next(iter(by_id))
    chosen = st.selectbox(context.t("funnel.scenario.pick"), list(by_id),
                          format_func=lambda item_id: by_id[item_id].name, key=PICK_KEY,
                          on_change=_remember_pick)
    return by_id[chosen]


def _remember_pick() -> None:
    st.query_params[SCENARIO_PARAM] = st.session_state[PICK_KEY]


def select_scenario(scenario_id: str | None) -> None:
    """Edit ``scenario_id`` from the next run on (None: the first scenario)."""
    if scenario_id:
        st.query_params[SCENARIO_PARAM] = scenario_id
    else:
        st.query_params.pop(SCENARIO_PARAM, None)


# --- the form ----------------------------------------------------------------------------------


@dataclass
class ScenarioForm:
    """What the form returned: the inputs as typed, the button pressed, a slot per field."""

    inputs: PlanInputs
    action: str | None
    slots: dict[str, Any] = field(default_factory=dict)

    @property
    def saving(self) -> bool:
        return self.action in (SAVE, SAVE_NEW)

    def show_problems(self, context: PageContext,
                      problems: Mapping[str, Problem]) -> None:
        """Each problem as a translated message right under its field."""
        for name, error in problems.items():
            slot = self.slots.get(name) or self.slots["form"]
            slot.error(message(error, context.language, with_field=False))


def scenario_editing(context: PageContext, scenario: Scenario | None) -> EditForm:
    """The edit form of ``scenario`` (or of the first one): its key and base revision."""
    return open_form(context, state.form_id(f"funnel_inputs_{scenario.id if scenario else 'new'}"))


def scenario_form(context: PageContext, editing: EditForm, start: PlanInputs,
                  scenario: Scenario | None) -> ScenarioForm:
    """The inputs of one scenario in one form, so that typing never interrupts the page."""
    t = context.t
    key = editing.key
    names = stage_vocabulary(context.language).stage_names
    slots: dict[str, Any] = {}

    def number(name: str, label: str, value: Any, **options: Any) -> Any:
        entered = st.number_input(label, value=value, key=f"{key}_{name}", **options)
        slots[name] = st.empty()
        return entered

    with st.form(key):
        target_col, revenue_col, rates_col, timing_col = st.columns(4, gap="medium")
        with target_col:
            st.markdown(f"**{t('funnel.form.target_heading')}**")
            name = st.text_input(t("funnel.form.name"), start.name, max_chars=1000,
                                 key=f"{key}_name")
            slots["name"] = st.empty()
            period = st.selectbox(t("funnel.form.period"), list(PERIOD_MONTHS),
                                  index=list(PERIOD_MONTHS).index(start.period),
                                  format_func=lambda code: t(f"funnel.period.{code}"),
                                  key=f"{key}_period")
            currencies = list(dict.fromkeys((*CURRENCIES, start.currency)))
            currency = st.selectbox(t("funnel.form.currency"), currencies,
                                    index=currencies.index(start.currency),
                                    format_func=lambda code: currency_label(code, context.language),
                                    key=f"{key}_currency")
            target = number("target_revenue", t("funnel.form.target"),
                            _float(start.target_revenue), step=1000.0, format="%.2f",
                            help=t("funnel.form.target_help"))
        with revenue_col:
            st.markdown(f"**{t('funnel.form.revenue_heading')}**")
            deal = number("deal_value", t("funnel.form.deal_value"), _float(start.deal_value),
                          step=100.0, format="%.2f", help=t("funnel.form.deal_value_help"))
            fee = number("monthly_fee", t("funnel.form.monthly_fee"), _float(start.monthly_fee),
                         step=10.0, format="%.2f", help=t("funnel.form.monthly_fee_help"))
            months = number("paying_months", t("funnel.form.paying_months"),
                            _float(start.paying_months), step=1.0, format="%.1f",
                            help=t("funnel.form.paying_months_help"))
            slots["revenue_per_customer"] = slots["paying_months"]
        with rates_col:
            st.markdown(f"**{t('funnel.form.rates_heading')}**")
            rates = {
                key: rate_from_percent(number(
                    f"rates.{key}", t("funnel.form.rate_percent",
                                      rate=rate_label(key, context.language)),
                    percent_of(start.rates.get(key)), step=1.0, format="%.2f",
                    help=t(f"funnel.hint.{key}")))
                for key in RATE_KEYS
            }
        with timing_col:
            st.markdown(f"**{t('funnel.form.timing_heading')}**")
            per_reference = number("leads_per_reference", t("funnel.form.leads_per_reference"),
                                   _float(start.leads_per_reference), step=0.5, format="%.2f",
                                   help=t("funnel.hint.leads_per_reference"))
            cycle_days = {
                stage: number(f"cycle_days.{stage}",
                              t("funnel.form.cycle_days", stage=names[stage]),
                              _int(start.cycle_days.get(stage)), step=1,
                              help=t(f"funnel.hint.cycle_days.{stage}"))
                for stage in CYCLE_STAGES
            }
        slots["form"] = st.empty()
        buttons = st.container(horizontal=True)
        calculate = buttons.form_submit_button(t("funnel.form.calculate"),
                                               icon=":material/calculate:")
        save = buttons.form_submit_button(
            t("funnel.form.save") if scenario else t("funnel.form.save_first"),
            type="primary", icon=":material/save:")
        save_new = bool(scenario) and buttons.form_submit_button(
            t("funnel.form.save_new"), icon=":material/add:")

    inputs = PlanInputs(
        name=name, period=period, currency=currency, target_revenue=decimal_of(target),
        deal_value=decimal_of(deal), monthly_fee=decimal_of(fee),
        paying_months=decimal_of(months), rates=rates,
        leads_per_reference=decimal_of(per_reference), cycle_days=cycle_days)
    action = SAVE_NEW if save_new else SAVE if save else CALCULATE if calculate else None
    return ScenarioForm(inputs, action, slots)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


# --- words -------------------------------------------------------------------------------------


def currency_label(code: str, language: str) -> str:
    """``EUR · Euro``: the code for the expert, the name for everyone else."""
    return f"{code} · {babel_numbers.get_currency_name(code, locale=locale_of(language))}"


def field_label(context: PageContext, field: str) -> str:
    """The input a funnel field path (``rates.lead_to_prospect``, ``month`` …) stands for, as
    the forms and tables label it."""
    group, _, key = field.partition(".")
    vocabulary = stage_vocabulary(context.language)
    if group == "rates":
        return rate_label(key, context.language)
    if group == "cycle_days" and key:
        return context.t("funnel.form.cycle_days", stage=vocabulary.stage_names[key])
    if field in STAGES:
        return vocabulary.stage_names[field]
    if field in STAGE_COLUMNS:
        return vocabulary.columns[field]
    return context.t(FIELD_LABELS.get(group, "funnel.form.timing_heading"))


def conflict_fields(context: PageContext) -> Fields:
    """Scenario, stage-row and actuals fields as the page shows them, for a conflict's table."""
    names = stage_vocabulary(context.language).stage_names

    def text(name: str, value: Any) -> str:
        if name.startswith("rates.") and value is not None:
            return format_percent(value, context.language)
        if name == "period":
            return context.t(f"funnel.period.{value}")
        if name == "stage":
            return names.get(value, value)
        return plain(context, value)

    return Fields(context.t("funnel.conflict.field"), lambda name: field_label(context, name),
                  text)
