"""The funnel page's inputs: choosing a scenario, the input form, messages on fields, and how
funnel records are named in a conflict.

The scenario being edited is remembered in the URL (``?scenario=<id>``), so a link can point
at it and a freshly saved scenario can be selected for the next run.  The form is an
``editing.open_form`` form per scenario: switching scenarios shows that scenario's saved
values, what was submitted stays in the fields (and drives the results) until it is saved or
discarded, and a save is based on the revision the form was first drawn at, so someone
else's change to the scenario meanwhile is refused as a conflict instead of overwritten.

Amounts, rates and shares are typed as text in the viewer's own way (``1.250.000`` and
``12,5`` in German) and shown the same way; ``numbers.typed`` reads them exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import streamlit as st
from babel import numbers as babel_numbers

from components.board.cache import derived
from components.board.model import Scenario
from components.errors import message
from components.formatting import (
    currency_symbol,
    format_money,
    format_number,
    format_percent,
    locale_of,
)
from components.funnel.calc import RATE_KEYS, STAGES, FunnelInputError
from components.funnel.cost import COST_STAGES
from components.funnel.pacing import SITUATIONS
from components.funnel.plan import CYCLE_STAGES, PERIOD_MONTHS, PlanInputs
from components.funnel.stages import STAGE_COLUMNS, rate_label, stage_vocabulary
from components.i18n import LANGUAGES
from components.numbers import typed
from components.widgets import state
from components.widgets.editing import EditForm, Fields, open_form, plain
from components.widgets.shell import PageContext, escape_markdown

SCENARIO_PARAM = "scenario"
PICK_KEY = state.key("funnel_scenario")
#: True once the form was drawn for this viewer (they opened it, or there was no scenario
#: yet, or its inputs had a problem): from then on it is drawn on every run.
FORM_KEY = state.key("funnel_form")
#: True once the viewer opened the form's folded part: from then on it is drawn.
MORE_KEY = state.key("funnel_more")
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY")
CALCULATE, SAVE, SAVE_NEW = "calculate", "save", "save_new"
# Fields typed as a percentage and kept as a fraction.
PERCENT_FIELDS = ("churn", "expansion")
# Form labels of the record fields a problem or a conflict can name.
FIELD_LABELS = {
    "name": "funnel.form.name",
    "period": "funnel.form.period",
    "currency": "funnel.form.currency",
    "situation": "funnel.form.situation",
    "start_month": "funnel.form.start_month",
    "target_revenue": "funnel.form.target",
    "deal_value": "funnel.form.deal_value",
    "repeat_orders": "funnel.form.repeat_orders",
    "monthly_fee": "funnel.form.monthly_fee",
    "paying_months": "funnel.form.paying_months",
    "churn": "funnel.form.churn",
    "expansion": "funnel.form.expansion",
    "existing_customers": "funnel.form.existing_customers",
    "revenue_per_customer": "funnel.form.revenue_heading",
    "leads_per_reference": "funnel.form.leads_per_reference",
    "budget": "funnel.form.budget",
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
    """What the form returned: the inputs as typed, the button pressed, a slot per field
    (none when nothing can have a problem: see :func:`scenario_form`), and the session key
    remembering whether the last run's inputs had one."""

    inputs: PlanInputs
    action: str | None
    slots: dict[str, Any] = field(default_factory=dict)
    flagged: str = ""

    @property
    def saving(self) -> bool:
        return self.action in (SAVE, SAVE_NEW)

    def show_problems(self, context: PageContext,
                      problems: Mapping[str, FunnelInputError]) -> None:
        """Each problem as a translated message right under its field.

        Without slots (inputs that were fine the last run, not submitted since) a problem
        can only come from inputs the form started with: the page is run again, with slots.
        """
        st.session_state[self.flagged] = bool(problems)
        if problems and not self.slots:
            st.rerun()
        for name, error in problems.items():
            slot = self.slots.get(name) or self.slots.get(name.partition(".")[0]) \
                or self.slots["form"]
            slot.error(escape_markdown(message(error, context.language, with_field=False)))


def delete_key(scenario_id: str) -> str:
    """The key of the popover that confirms deleting a scenario (its button is drawn while it
    is open): one per scenario, so deleting one never leaves the next one's confirmation
    open under the pointer."""
    return state.key("funnel_delete", scenario_id)


def scenario_editing(context: PageContext, scenario: Scenario | None) -> EditForm:
    """The edit form of ``scenario`` (or of the first one): its key and base revision."""
    return open_form(context, state.form_id("funnel_inputs", scenario.id if scenario else "new"))


def shown(value: Any, language: str, percent: bool = False) -> str:
    """A stored number as a form field shows it: the viewer's separators, no trailing zeros
    (``1250000.00`` -> ``1.250.000`` in German; a rate 0.125 -> ``12,5`` as a percentage)."""
    if value is None:
        return ""
    number = Decimal(str(value)) * (100 if percent else 1)
    return format_number(number, language, 4)


class _Fields:
    """Draws the form's fields, each keyed below the form and followed by its message slot
    when ``slotted`` (an empty slot is an element every rerun sends).

    Fields whose shown text depends on the language (numbers, translated choices) are keyed
    with the viewer's language too: after a switch the field shows what was typed, carried
    over from the other language's field (``1.250.000`` becomes ``1,250,000``), never the
    old text read with the new separators.
    """

    def __init__(self, context: PageContext, key: str, slotted: bool) -> None:
        self.context, self.key, self.slotted = context, key, slotted
        self.slots: dict[str, Any] = {}

    def slot(self, name: str) -> None:
        """The place of ``name``'s message, right here (when the form has slots)."""
        if self.slotted:
            self.slots[name] = st.empty()

    def key_of(self, name: str, start: str) -> tuple[str, dict[str, Any]]:
        """The widget key of ``name`` in the viewer's language and the arguments that give it
        its value: ``start`` when it is new, else what the session (or another language's
        field, converted) holds."""
        language = self.context.language
        key = f"{self.key}_{name}_{language}"
        if key not in st.session_state:
            for other in LANGUAGES:
                carried = st.session_state.get(f"{self.key}_{name}_{other}")
                if other != language and carried is not None:
                    st.session_state[key] = _convert(carried, other, language)
                    break
        return key, {} if key in st.session_state else {"value": start}

    def text(self, name: str, label: str, value: Any, *, percent: bool = False,
             help: str | None = None) -> Any:
        language = self.context.language
        key, start = self.key_of(name, shown(value, language, percent))
        entered = st.text_input(label, key=key, help=help, **start)
        self.slot(name)
        number = typed(entered, language)
        if percent and isinstance(number, Decimal):
            return number / 100
        return number

    def choice(self, widget: Any, name: str, label: str, options: Sequence[str], start: str,
               **arguments: Any) -> str:
        """A select box or radio of codes whose labels follow the viewer's language."""
        key, fresh = self.key_of(name, start)
        index = {"index": list(options).index(fresh["value"])} if fresh else {}
        return widget(label, options, key=key, **index, **arguments)

    def days(self, name: str, label: str, value: Any, help: str) -> Any:
        entered = st.number_input(label, value=None if value is None else int(value),
                                  min_value=0, step=1, key=f"{self.key}_{name}", help=help)
        self.slot(name)
        return entered


def _convert(text: Any, source: str, target: str) -> Any:
    """A field's text typed in ``source``'s way, shown in ``target``'s (choices stay)."""
    if not isinstance(text, str):
        return text
    number = typed(text, source)
    return format_number(number, target, 10) if isinstance(number, Decimal) else text


def scenario_form(context: PageContext, editing: EditForm, start: PlanInputs,
                  scenario: Scenario | None) -> ScenarioForm:
    """The inputs of one scenario in one form, so that typing never interrupts the page.

    A saved scenario's inputs are shown as a summary (one element) with a button that opens
    the form: most of a workshop reads the plan, and the form's thirty widgets are the page's
    largest cost, paid on every rerun by everyone who has it.  Once drawn for a viewer (they
    opened it, the board has no scenario yet, or the inputs had a problem) it stays drawn for
    the session, so what was typed in it is never folded away.

    Messages need a slot under each field; the form has them only when it was submitted
    this run (its buttons are keyed) or the last run's inputs had a problem.  A form's
    inputs change only when it is submitted, so every other rerun (a participant's click,
    a live change) draws no slot at all.
    """
    language = context.language
    names = stage_vocabulary(language).stage_names
    symbol = currency_symbol(start.currency, language)
    key = editing.key
    buttons_keys = {action: f"{key}_{action}" for action in (CALCULATE, SAVE, SAVE_NEW)}
    flagged = f"{key}_problems"
    if scenario is not None and not (st.session_state.get(FORM_KEY)
                                     or st.session_state.get(flagged)):
        # made once per board revision, scenario and language, for everyone who reads it
        st.markdown(derived(context.loaded, "funnel.inputs_summary", (scenario.id, language),
                            lambda: inputs_summary(context, start)))
        st.button(context.t("funnel.form.open" if context.can_edit else "funnel.form.open_try"),
                  icon=":material/edit:", key=state.key("funnel_form_open"),
                  on_click=lambda: st.session_state.update({FORM_KEY: True}))
        return ScenarioForm(start, None, {}, flagged)
    st.session_state[FORM_KEY] = True
    submitted = any(st.session_state.get(name) for name in buttons_keys.values())
    fields = _Fields(context, key, submitted or bool(st.session_state.get(flagged)))

    with st.form(key):
        target_col, revenue_col, rates_col, timing_col = st.columns(4, gap="medium")
        with target_col:
            st.markdown(f"**{context.t('funnel.form.target_heading')}**")
            name = st.text_input(context.t("funnel.form.name"), start.name, max_chars=1000,
                                 key=f"{key}_name")
            fields.slot("name")
            period = fields.choice(st.selectbox, "period", context.t("funnel.form.period"),
                                   list(PERIOD_MONTHS), start.period,
                                   format_func=lambda code: context.t(f"funnel.period.{code}"))
            currencies = list(dict.fromkeys((*CURRENCIES, start.currency)))
            currency = fields.choice(st.selectbox, "currency", context.t("funnel.form.currency"),
                                     currencies, start.currency,
                                     format_func=lambda code: currency_label(code, language))
            target = fields.text("target_revenue", f"{context.t('funnel.form.target')} ({symbol})",
                                 start.target_revenue, help=context.t("funnel.form.target_help"))
            situation = fields.choice(
                st.radio, "situation", context.t("funnel.form.situation"), SITUATIONS,
                start.situation,
                format_func=lambda code: context.t(f"funnel.situation.{code}"),
                captions=[context.t(f"funnel.situation_help.{code}") for code in SITUATIONS])
        with revenue_col:
            st.markdown(f"**{context.t('funnel.form.revenue_heading')}**")
            deal = fields.text("deal_value", f"{context.t('funnel.form.deal_value')} ({symbol})",
                               start.deal_value, help=context.t("funnel.form.deal_value_help"))
            repeat = fields.text("repeat_orders", context.t("funnel.form.repeat_orders"),
                                 start.repeat_orders,
                                 help=context.t("funnel.form.repeat_orders_help"))
            fee = fields.text("monthly_fee", f"{context.t('funnel.form.monthly_fee')} ({symbol})",
                              start.monthly_fee, help=context.t("funnel.form.monthly_fee_help"))
            months = fields.text("paying_months", context.t("funnel.form.paying_months"),
                                 start.paying_months,
                                 help=context.t("funnel.form.paying_months_help"))
            if fields.slotted:
                fields.slots["revenue_per_customer"] = fields.slots["paying_months"]
        with rates_col:
            st.markdown(f"**{context.t('funnel.form.rates_heading')}**")
            rates = {rate: fields.text(f"rates.{rate}", context.t("funnel.form.rate_percent",
                                                                  rate=rate_label(rate, language)),
                                       start.rates.get(rate), percent=True,
                                       help=context.t(f"funnel.hint.{rate}"))
                     for rate in RATE_KEYS}
        with timing_col:
            st.markdown(f"**{context.t('funnel.form.timing_heading')}**")
            per_reference = fields.text("leads_per_reference",
                                        context.t("funnel.form.leads_per_reference"),
                                        start.leads_per_reference,
                                        help=context.t("funnel.hint.leads_per_reference"))
            cycle_days = {
                stage: fields.days(f"cycle_days.{stage}",
                                   context.t("funnel.form.cycle_days", stage=names[stage]),
                                   start.cycle_days.get(stage),
                                   context.t(f"funnel.hint.cycle_days.{stage}"))
                for stage in CYCLE_STAGES}
        # the folded part is drawn once its expander was opened in this session (then on
        # every run: folding it again must not drop what was typed there, unsubmitted); until
        # then its inputs are the start's.  It starts open when they are not the defaults, so
        # a folded part holds defaults only, in which no plan finds a problem.
        more = st.expander(context.t("funnel.form.more_heading"), expanded=_has_more(start),
                           icon=":material/tune:", key=f"{key}_more", on_change="rerun")
        if more.open:
            st.session_state[MORE_KEY] = True
        if st.session_state.get(MORE_KEY):
            with more:
                shares, existing, costs, budget, start_month = _more_fields(
                    context, fields, start, names, symbol)
        else:
            shares = {name: getattr(start, name) for name in PERCENT_FIELDS}
            existing, costs, budget = start.existing_customers, dict(start.costs), start.budget
            start_month = start.start_month or ""
        fields.slot("form")
        buttons = st.container(horizontal=True, vertical_alignment="center")
        calculate = buttons.form_submit_button(context.t("funnel.form.calculate"),
                                               icon=":material/calculate:",
                                               key=buttons_keys[CALCULATE])
        # a read-only viewer (an observer, a participant on a locked board) tries numbers out
        read_only = not context.can_edit
        save = buttons.form_submit_button(
            context.t("funnel.form.save") if scenario else context.t("funnel.form.save_first"),
            type="primary", icon=":material/save:", disabled=read_only,
            key=buttons_keys[SAVE])
        save_new = bool(scenario) and buttons.form_submit_button(
            context.t("funnel.form.save_new"), icon=":material/add:", disabled=read_only,
            key=buttons_keys[SAVE_NEW])
        if read_only:
            buttons.caption(context.t("funnel.form.try_only"))

    inputs = PlanInputs(
        name=name, period=period, currency=currency, situation=situation,
        start_month=start_month.strip() or None, target_revenue=target, deal_value=deal,
        repeat_orders=repeat, monthly_fee=fee, paying_months=months, churn=shares["churn"],
        expansion=shares["expansion"], existing_customers=existing, rates=rates,
        leads_per_reference=per_reference, cycle_days=cycle_days, costs=costs, budget=budget)
    action = SAVE_NEW if save_new else SAVE if save else CALCULATE if calculate else None
    return ScenarioForm(inputs, action, fields.slots, flagged)


def _more_fields(context: PageContext, fields: _Fields, start: PlanInputs,
                 names: Mapping[str, str], symbol: str
                 ) -> tuple[dict[str, Any], Any, dict[str, Any], Any, str]:
    """The folded part of the form: churn and expansion, existing customers, the cost per
    stage, the budget and the start month."""
    after_col, cost_col, budget_col = st.columns(3, gap="medium")
    with after_col:
        st.markdown(f"**{context.t('funnel.form.after_heading')}**")
        shares = {name: fields.text(name, context.t(f"funnel.form.{name}"),
                                    getattr(start, name), percent=True,
                                    help=context.t(f"funnel.form.{name}_help"))
                  for name in PERCENT_FIELDS}
        existing = fields.text("existing_customers", context.t("funnel.form.existing_customers"),
                               start.existing_customers,
                               help=context.t("funnel.form.existing_customers_help"))
    with cost_col:
        st.markdown(f"**{context.t('funnel.form.cost_heading')}**")
        costs = {stage: fields.text(f"costs.{stage}",
                                    f"{context.t('funnel.form.cost', stage=names[stage])} "
                                    f"({symbol})", start.costs.get(stage),
                                    help=context.t(f"funnel.form.cost_help.{stage}"))
                 for stage in COST_STAGES}
    with budget_col:
        st.markdown(f"**{context.t('funnel.form.budget_heading')}**")
        budget = fields.text("budget", f"{context.t('funnel.form.budget')} ({symbol})",
                             start.budget, help=context.t("funnel.form.budget_help"))
        start_month = st.text_input(context.t("funnel.form.start_month"),
                                    start.start_month or "", max_chars=7, placeholder="2026-01",
                                    key=f"{fields.key}_start_month",
                                    help=context.t("funnel.form.start_month_help"))
        fields.slot("start_month")
    return shares, existing, costs, budget, start_month


#: The unit a form label ends with (``Churn a month, %``, ``Plan starts (YYYY-MM)``), left out
#: where the value shows it.
_UNIT = re.compile(r"(, %|\s*\([^()]*\))$")


def inputs_summary(context: PageContext, inputs: PlanInputs) -> str:
    """The inputs as the closed form shows them: a line per group of the form, in Markdown.

    ``**Target** · Period: Year · Currency: EUR · Revenue target for the period: €100,000 · …``
    — only what is set (an empty repeat order or cost is left out).
    """
    language, currency = context.language, inputs.currency

    def money(value: Any) -> str | None:
        return None if value in (None, 0) else format_money(value, currency, language)

    def number(value: Any) -> str | None:
        return None if value in (None, 0) else shown(value, language)

    def percent(value: Any) -> str | None:
        return None if value in (None, 0) else format_percent(value, language)

    groups = {
        "target_heading": [
            ("period", context.t(f"funnel.period.{inputs.period}")), ("currency", currency),
            ("target_revenue", money(inputs.target_revenue)),
            ("situation", context.t(f"funnel.situation.{inputs.situation}"))],
        "revenue_heading": [(name, (money if name in ("deal_value", "monthly_fee") else number)(
            getattr(inputs, name))) for name in ("deal_value", "repeat_orders", "monthly_fee",
                                                 "paying_months")],
        "rates_heading": [(f"rates.{rate}", percent(inputs.rates.get(rate)))
                          for rate in RATE_KEYS],
        "timing_heading": [("leads_per_reference", number(inputs.leads_per_reference)), *[
            (f"cycle_days.{stage}", number(inputs.cycle_days.get(stage)))
            for stage in CYCLE_STAGES]],
        "more_heading": [*[(name, percent(getattr(inputs, name))) for name in PERCENT_FIELDS],
                         ("existing_customers", number(inputs.existing_customers)),
                         *[(f"costs.{stage}", money(inputs.costs.get(stage)))
                           for stage in COST_STAGES],
                         ("budget", money(inputs.budget)), ("start_month", inputs.start_month)],
    }
    lines = []
    for heading, items in groups.items():
        shown_items = [f"{_UNIT.sub('', field_label(context, name))}: {value}"
                       for name, value in items if value is not None]
        if shown_items:
            lines.append(" · ".join([f"**{escape_markdown(context.t(f'funnel.form.{heading}'))}**",
                                     *map(escape_markdown, shown_items)]))
    return "  \n".join(lines)


def _has_more(inputs: PlanInputs) -> bool:
    """Whether any input of the folded-away part differs from its default."""
    values = [inputs.churn, inputs.expansion, inputs.existing_customers, *inputs.costs.values()]
    return any(values) or inputs.budget is not None or bool(inputs.start_month)


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
    if group == "costs" and key:
        return context.t("funnel.form.cost", stage=vocabulary.stage_names[key])
    if field in STAGES:
        return vocabulary.stage_names[field]
    if field in STAGE_COLUMNS:
        return vocabulary.columns[field]
    return context.t(FIELD_LABELS.get(group, "funnel.form.timing_heading"))


def conflict_fields(context: PageContext) -> Fields:
    """Scenario, stage-row and actuals fields as the page shows them, for a conflict's table."""
    names = stage_vocabulary(context.language).stage_names

    def text(name: str, value: Any) -> str:
        if (name.startswith("rates.") or name in PERCENT_FIELDS) and value is not None:
            return format_percent(value, context.language)
        if name == "period":
            return context.t(f"funnel.period.{value}")
        if name == "situation":
            return context.t(f"funnel.situation.{value}")
        if name == "stage":
            return names.get(value, value)
        return plain(context, value)

    return Fields(context.t("funnel.conflict.field"), lambda name: field_label(context, name),
                  text)
