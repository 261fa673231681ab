"""The funnel page's inputs: choosing a scenario, the input form, messages on fields, saving.

The scenario being edited is remembered in the URL (``?scenario=<id>``), so a link can point
at it and a freshly saved scenario can be selected for the next run.  The form's widgets are
keyed by the scenario's id: switching scenarios shows that scenario's saved values, and what
was submitted stays in the fields (and drives the results) until it is saved or discarded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st
from babel import numbers as babel_numbers

from components import i18n, store
from components.formatting import locale_of
from components.funnel import RATE_KEYS, STAGES, FunnelInputError
from components.funnel_plan import (
    CYCLE_STAGES,
    PERIOD_MONTHS,
    PlanInputs,
    decimal_of,
    percent_of,
    rate_from_percent,
    stage_vocabulary,
)
from components.model import Scenario
from components.widgets.boards import run_safely
from components.widgets.shell import PageContext

SCENARIO_PARAM = "scenario"
PICK_KEY = "funnel_scenario"
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY")
CALCULATE, SAVE, SAVE_NEW = "calculate", "save", "save_new"


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
                      problems: Mapping[str, FunnelInputError]) -> None:
        """Each problem as a translated message right under its field."""
        for name, error in problems.items():
            slot = self.slots.get(name) or self.slots["form"]
            slot.error(problem_text(context, name, error.reason))


def scenario_form(context: PageContext, start: PlanInputs, scenario: Scenario | None
                  ) -> ScenarioForm:
    """The inputs of one scenario in one form, so that typing never interrupts the page."""
    t = context.t
    suffix = scenario.id if scenario else "new"
    names = stage_vocabulary(context.language).stage_names
    slots: dict[str, Any] = {}

    def number(name: str, label: str, value: Any, **options: Any) -> Any:
        entered = st.number_input(label, value=value, key=f"funnel_{name}_{suffix}", **options)
        slots[name] = st.empty()
        return entered

    with st.form(f"funnel_inputs_{suffix}"):
        target_col, revenue_col, rates_col, timing_col = st.columns(4, gap="medium")
        with target_col:
            st.markdown(f"**{t('funnel.form.target_heading')}**")
            name = st.text_input(t("funnel.form.name"), start.name, max_chars=1000,
                                 key=f"funnel_name_{suffix}")
            slots["name"] = st.empty()
            period = st.selectbox(t("funnel.form.period"), list(PERIOD_MONTHS),
                                  index=list(PERIOD_MONTHS).index(start.period),
                                  format_func=lambda code: t(f"funnel.period.{code}"),
                                  key=f"funnel_period_{suffix}")
            currencies = list(dict.fromkeys((*CURRENCIES, start.currency)))
            currency = st.selectbox(t("funnel.form.currency"), currencies,
                                    index=currencies.index(start.currency),
                                    format_func=lambda code: currency_label(code, context.language),
                                    key=f"funnel_currency_{suffix}")
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
                    f"rates.{key}", rate_label(context, key, percent=True),
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


def rate_label(context: PageContext, key: str, percent: bool = False) -> str:
    """``Suspect → Lead`` (with ``, %`` for an input field), in the viewer's language."""
    names = stage_vocabulary(context.language).stage_names
    upper, lower = STAGES[RATE_KEYS.index(key)], STAGES[RATE_KEYS.index(key) + 1]
    label = f"{names[upper]} → {names[lower]}"
    return context.t("funnel.form.rate_percent", rate=label) if percent else label


def currency_label(code: str, language: str) -> str:
    """``EUR · Euro``: the code for the expert, the name for everyone else."""
    return f"{code} · {babel_numbers.get_currency_name(code, locale=locale_of(language))}"


def problem_text(context: PageContext, field: str, reason: str) -> str:
    """A funnel input problem (``FunnelInputError.field``/``.reason``) in the viewer's language.

    A field may have its own wording (``funnel.problem_for.<field>.<reason>``); otherwise the
    reason's general one (``funnel.problem.<reason>``) is used.
    """
    specific = f"funnel.problem_for.{field}.{reason}"
    if specific in i18n.catalog(context.language):
        return context.t(specific)
    return context.t(f"funnel.problem.{reason}")


# --- saving ------------------------------------------------------------------------------------


def save(context: PageContext, operations: list[store.Operation], success: str,
         yours: Mapping[str, Any] | None = None, then: Callable[[], None] | None = None) -> None:
    """Apply ``operations`` as one revision; on success run ``then``, flash and rerun.

    A failure shows a translated message and changes nothing; a conflict also shows the
    record as it is now beside ``yours``, so nothing typed is lost.
    """
    conflicts: list[store.Conflict] = []

    def write() -> None:
        try:
            context.apply(operations)
        except store.Conflict as error:
            conflicts.append(error)
            raise
        if then:
            then()

    if not run_safely(context, write, success) and conflicts and yours is not None:
        show_versions(context, conflicts[0].theirs, yours)


def show_versions(context: PageContext, theirs: Mapping[str, Any] | None,
                  yours: Mapping[str, Any]) -> None:
    """Their version (as stored now) beside the viewer's, field by field, in one table."""
    theirs_flat, yours_flat = _flatten(theirs or {}), _flatten(yours)
    fields = list(dict.fromkeys([*yours_flat, *theirs_flat]))
    table = pd.DataFrame({
        context.t("funnel.conflict.field"): fields,
        context.t("store_error.theirs"): [theirs_flat.get(name, "") for name in fields],
        context.t("store_error.yours"): [yours_flat.get(name, "") for name in fields],
    })
    st.dataframe(table, hide_index=True)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat |= _flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = "" if value is None else str(value)
    return flat

