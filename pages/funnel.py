"""Funnel calculator: how many suspects, leads, prospects … a revenue target needs (seed 004)."""

from dataclasses import replace

import streamlit as st

from components.board.model import new_id
from components.board.operations import Add, Delete, Update
from components.funnel.plan import (
    DEFAULT_INPUTS,
    inputs_of,
    name_problem,
    scenario_data,
)
from components.funnel.planned import planned
from components.widgets import state
from components.widgets.editing import save
from components.widgets.funnel.actuals import actuals_section
from components.widgets.funnel.inputs import (
    SAVE_NEW,
    conflict_fields,
    delete_key,
    pick_scenario,
    scenario_editing,
    scenario_form,
    select_scenario,
)
from components.widgets.funnel.sections import (
    show_comparison,
    show_cost,
    show_counts,
    show_forward,
    show_funnel,
    show_levers,
    show_pacing,
    show_sentence,
)
from components.widgets.funnel.stage_table import pick_stage_template, stage_table
from components.widgets.shell import escape_markdown, page, require_board
from components.widgets.tabs import open_tabs
from components.widgets.workshop import vote_strip

context = page()
st.title(context.t("nav.funnel"))
loaded = require_board(context)
board = loaded.board
st.caption(context.t("funnel.intro"))

# Which scenario to edit; with none saved yet, the contract example fills the form.  Saving
# or deleting it is based on the revision its form was first drawn at (live reruns).
fields = conflict_fields(context)
pick_col, delete_col = st.columns([4, 1], vertical_alignment="bottom")
with pick_col:
    scenario = pick_scenario(context, board.scenarios)
editing = scenario_editing(context, scenario)
if scenario is None:
    pick_col.info(context.t("funnel.scenario.none_yet"), icon=":material/lightbulb:")
elif context.can_edit:  # the confirmation is drawn only while the popover is open
    confirm = delete_col.popover(context.t("funnel.scenario.delete"), icon=":material/delete:",
                                 width="stretch", key=delete_key(scenario.id),
                                 on_change="rerun")
    if confirm.open and confirm.button(context.t("funnel.scenario.delete_confirm",
                                                 name=escape_markdown(scenario.name)),
                                       type="primary"):
        save(context, editing, [Delete(scenario.id, editing.base)],
             context.t("funnel.scenario.deleted", name=scenario.name), fields,
             on_saved=lambda _revision: select_scenario(None))
vote_strip(context, "funnel")
start = inputs_of(scenario) if scenario else replace(
    DEFAULT_INPUTS, name=context.t("funnel.scenario.default_name"))

# The sentence for the meeting first; it is filled in once the inputs below are read.
headline = st.empty()

# The inputs; results follow what was submitted, bad fields get a message where they are.
form = scenario_form(context, editing, start, scenario)
problems, plan = planned(form.inputs)
if form.saving and (missing_name := name_problem(form.inputs)):
    problems["name"] = missing_name
form.show_problems(context, problems)
if form.saving and not problems:
    data = scenario_data(form.inputs)
    saved_name = context.t("funnel.scenario.saved", name=data["name"])
    if scenario and form.action != SAVE_NEW:  # the form does not show the description: kept
        save(context, editing, [Update(scenario.id, {
            **data, "description": scenario.description}, editing.base)], saved_name, fields)
    else:
        scenario_id = new_id()
        save(context, editing, [Add("scenarios", {**data, "id": scenario_id})], saved_name,
             fields, on_saved=lambda _revision: select_scenario(scenario_id))
with headline.container():
    if plan:
        show_sentence(context, plan)
    else:
        st.warning(context.t("funnel.fix_inputs"), icon=":material/edit_note:")

# The tabs below: only the open one is drawn (a switch reruns the page), so a participant's
# rerun pays for the plan or the pacing, not for every table and chart at once.
tabs = open_tabs(state.key("funnel_section"), {name: context.t(f"funnel.tab.{name}") for name in
                                    ("plan", "pacing", "levers", "scenarios", "actuals",
                                     "forward")}, context.language)
if tabs["plan"].open:
    with tabs["plan"]:
        st.caption(context.t("funnel.stages.intro"))
        template = pick_stage_template(context, board)
        funnel_col, stages_col = st.columns([1, 2], gap="medium")
        with funnel_col:
            if plan:
                show_funnel(context, plan)
        with stages_col:
            stage_table(context, loaded, template)
        if plan:
            show_counts(context, plan, board)
            show_cost(context, plan)
if tabs["pacing"].open and plan:
    with tabs["pacing"]:
        show_pacing(context, plan)
if tabs["levers"].open and plan:
    with tabs["levers"]:
        show_levers(context, plan)
if tabs["scenarios"].open:
    with tabs["scenarios"]:
        show_comparison(context, board.scenarios)
if tabs["actuals"].open:
    with tabs["actuals"]:
        actuals_section(context, loaded, plan)
if tabs["forward"].open and plan:
    with tabs["forward"]:
        show_forward(context, plan)
