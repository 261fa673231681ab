"""The progress scorer: what progress does each persona pay for, how far did they come
(GAIN first, in their own units; GAP on request), is their desired outcome reached, is it
worth what it costs them (and the test cards on that verdict), and will they switch?"""

import streamlit as st

from components.board.cache import derived
from components.progress.verdict import judge, worth_of
from components.progress.view import (
    ALL,
    desired_record,
    metrics_csv,
    outcome_choices,
    persona_of,
    score_rows,
    scores_of,
    snapshots_csv,
    trend_rows,
    views_in,
)
from components.widgets import state
from components.widgets.experiments import experiment_cards
from components.widgets.progress.charts import forces_chart, scores_chart, show_chart, trend_chart
from components.widgets.progress.display import (
    headline_cards,
    metric_table,
    persona_names,
    progress_lines,
    show_desired,
    show_desired_overview,
    show_headline,
    show_scores,
)
from components.widgets.progress.forms import (
    DESIRED_KEY,
    EDITOR_KEY,
    GAP_KEY,
    WORTH_KEY,
    choose_scope,
    desired_editor,
    metric_editor,
    snapshot_saver,
    undo_delete,
    worth_editor,
)
from components.widgets.progress.worth import (
    TESTS_KEY,
    show_forces_verdict,
    show_verdict,
    show_worth_overview,
    verdict_texts,
)
from components.widgets.shell import escape_markdown, page, require_board
from components.widgets.workshop import vote_strip

context = page()
st.title(context.t("progress.title"))
loaded = require_board(context)
board = loaded.board
st.caption(context.t("progress.intro"))

names = persona_names(context, board)
outcomes = outcome_choices(board)

scope_col, about_col = st.columns([1, 2], vertical_alignment="bottom")
with scope_col:
    scope = choose_scope(context, board)
persona = next((p for p in board.personas if p.id == persona_of(scope)), None)
if persona is not None and persona.description:
    about_col.caption(escape_markdown(persona.description))
views = derived(loaded, "progress.views", (scope,), lambda: tuple(views_in(board, scope)))
everyone = scope == ALL

# --- how far did they come? ----------------------------------------------------------------
st.subheader(context.t("progress.metrics.title"))
vote_strip(context, "progress")
if context.can_edit:
    undo_delete(context)
show_headline(context, derived(loaded, "progress.headline", (scope, context.language),
                               lambda: headline_cards(context, views)))
show_gap = st.toggle(context.t("progress.view.gap_toggle"), key=GAP_KEY, persist_state="session")
st.caption(context.t("progress.view.explain"))
if views:
    shown = (scope, show_gap, context.language)  # the sentences and the table, made once each
    st.markdown(derived(loaded, "progress.lines", shown,
                        lambda: progress_lines(context, views, show_gap, names, everyone)))
    st.dataframe(derived(loaded, "progress.table", shown,
                         lambda: metric_table(context, views, show_gap, names, outcomes,
                                              everyone)), hide_index=True)
    st.download_button(context.t("progress.export.metrics_csv"),
                       lambda: metrics_csv(views, names, outcomes),
                       file_name="progress-metrics.csv", mime="text/csv",
                       icon=":material/download:", on_click="ignore")
else:
    st.info(context.t("progress.metrics.none"))

if context.can_edit:  # the form is drawn only while its expander is open
    editor = st.expander(context.t("progress.edit.title"), expanded=not views,
                         icon=":material/edit:", key=EDITOR_KEY, on_change="rerun")
    if editor.open:
        with editor:
            metric_editor(context, loaded, scope, views)

# --- desired outcome: required outcome + appropriate experience ------------------------------
st.subheader(context.t("progress.desired.title"))
st.caption(context.t("progress.desired.explain"))
if everyone:
    show_desired_overview(context, board, names)
else:
    show_desired(context, desired_record(board, persona_of(scope)), views)
    if context.can_edit:
        desired = st.expander(context.t("progress.desired.edit"), icon=":material/edit_note:",
                              key=DESIRED_KEY, on_change="rerun")
        if desired.open:
            with desired:
                desired_editor(context, loaded, scope)

# --- dimension scores and their trend -------------------------------------------------------
st.subheader(context.t("progress.scores.title"))
st.caption(context.t("progress.scores.explain"))
show_scores(context, scores_of(views))
chart_col, trend_col = st.columns(2, gap="large")
with chart_col:
    rows = derived(loaded, "progress.scores", (), lambda: tuple(score_rows(board)))
    if rows:
        show_chart(context, scores_chart, ([(names[p], d, s) for p, d, s in rows],),
                   "progress-scores", state.key("progress_png", "scores"))
with trend_col:
    trend = derived(loaded, "progress.trend", (scope,), lambda: tuple(trend_rows(board, scope)))
    if trend:
        show_chart(context, trend_chart,
                   ([(day, names[p], d, s) for day, p, d, s in trend], everyone),
                   "progress-trend", state.key("progress_png", "trend"))
    else:
        st.info(context.t("progress.snapshots.none"))
    if context.can_edit:
        snapshot_saver(context, loaded, scope)
    if board.snapshots:
        st.download_button(context.t("progress.export.snapshots_csv"),
                           lambda: snapshots_csv(board.snapshots, names),
                           file_name="progress-snapshots.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore")

# --- worth it? ------------------------------------------------------------------------------
st.subheader(context.t("progress.worth.title"))
st.caption(context.t("progress.worth.explain"))
if everyone:
    show_worth_overview(context, board, names)
else:
    worth = worth_of(board, persona_of(scope))
    if context.can_edit:  # as the metric form: drawn only while its expander is open
        prices = st.expander(context.t("progress.worth.edit"), expanded=worth is None,
                             icon=":material/edit_note:", key=WORTH_KEY, on_change="rerun")
        if prices.open:
            with prices:
                worth_editor(context, loaded, scope)
    if worth is None:
        st.info(context.t("progress.worth.not_saved"))
    else:
        judgement = derived(loaded, "progress.judgement", (scope,), lambda: judge(views, worth))
        verdict_col, forces_col = st.columns(2, gap="large")
        with verdict_col:
            show_verdict(context, derived(loaded, "progress.verdict", (scope, context.language),
                                          lambda: verdict_texts(context.language, judgement)))
        with forces_col:
            show_forces_verdict(context, judgement)
            show_chart(context, forces_chart, (judgement.forces,), "progress-forces",
                       state.key("progress_png", "forces"))
        experiment_cards(context, [(worth.id, None)], TESTS_KEY)
