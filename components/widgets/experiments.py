"""Test cards and learning cards (Strategyzer's *Testing Business Ideas*) on what a page shows:
list them, add one, fill in its learning card, delete it.

Self-contained, for any page to place beside what its cards test; ``on`` names the subjects
as (record id, rate) pairs::

    experiment_cards(context, [(worth.id, None)], state.key("progress_tests"))  # a verdict
    experiment_cards(context, [(outcome.id, None) for outcome in ...], state.key("canvas_tests"))
    experiment_cards(context, [(scenario.id, rate) for rate in RATES], state.key("funnel_tests"))

Each card is an expander drawn only while open (a page with many cards pays for the open
one); a new card starts from the assumption the board makes about its subject
(:func:`components.experiments.words.suggestion`).  Saving goes through
:mod:`components.widgets.editing`: a change someone else made meanwhile is reported with both
versions.  Observers see the cards, not the forms.  Every user text is shown as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import streamlit as st

from components.board.boardfile import BoardFileError
from components.board.bounds import MAX_TEXT
from components.board.cache import derived
from components.board.model import Experiment
from components.board.operations import Add, Delete, Update
from components.errors import message
from components.experiments.cards import (
    DECISIONS,
    Card,
    cards,
    discovery,
    experiments_csv,
    observed_rate,
    subjects,
)
from components.experiments.forms import ExperimentForm, ExperimentInputError, experiment_from_form
from components.experiments.words import learning_lines, planned_lines, subject_text, suggestion
from components.formatting import format_percent
from components.widgets.editing import EditForm, Fields, open_form, save
from components.widgets.shell import PageContext, escape_markdown

_ICONS = {"overdue": ":material/alarm:", "to_decide": ":material/rule:",
          "running": ":material/science:", "draft": ":material/edit_note:",
          "decided": ":material/task_alt:"}
Subject = tuple[str, str | None]


def experiment_cards(context: PageContext, on: Sequence[Subject], key: str) -> None:
    """The cards on the subjects ``on`` (most urgent first) and a way to add one.

    ``key`` starts every widget key of this block (one block per key on a page).
    """
    board = context.loaded.board
    today = dt.date.today()
    # made once per board revision, language, day and subjects, for everyone
    shown = derived(context.loaded, "experiments.cards", (context.language, today, tuple(on)),
                    lambda: tuple(cards(board, context.language, today, on)))
    st.markdown(f"**{context.t('experiments.title')}**")
    st.caption(context.t("experiments.explain"))
    if not shown:
        st.caption(context.t("experiments.none"))
    for card in shown:
        _card(context, card, key)
    if context.can_edit and on:
        _new_card(context, on, key)
    if shown:
        st.download_button(context.t("experiments.csv"), lambda: experiments_csv(shown),
                           file_name="test-cards.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore", key=f"{key}_csv")


def _card(context: PageContext, card: Card, key: str) -> None:
    language = context.language
    experiment = card.experiment
    title = f"{context.t(f'experiments.status.{card.status}')} · {experiment.hypothesis}"
    box = st.expander(escape_markdown(title if len(title) < 110 else title[:109] + "…"),
                      icon=_ICONS[card.status], key=f"{key}_card_{experiment.id}",
                      on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(escape_markdown(subject_text(card.subject, language)))
        if card.subject.rate:
            _rate_facts(context, card.subject.id, card.subject.rate)
        test_col, learning_col = st.columns(2, gap="large")
        test_col.markdown(_lines(context.t("experiments.test_title"),
                                 planned_lines(experiment, language)))
        learned = learning_lines(card, language)
        if learned:
            learning_col.markdown(_lines(context.t("experiments.learning_title"), learned))
        if context.can_edit:
            _edit_form(context, card, key)


def _lines(title: str, lines: list[tuple[str, str]]) -> str:
    """A card as one Markdown block: its title, then each label in bold and its text."""
    return "\n".join([f"**{escape_markdown(title)}**", ""] + [
        f"- **{escape_markdown(label)}:** {escape_markdown(text)}" for label, text in lines])


def _rate_facts(context: PageContext, scenario_id: str, rate: str) -> None:
    """What the funnel already knows about a rate: its actuals and the stage's discovery."""
    board, language = context.loaded.board, context.language
    seen = observed_rate(board, rate)
    if seen is not None:
        share, months = seen
        st.caption(context.t("experiments.actuals", count=months,
                             rate=format_percent(float(share), language)))
    found = discovery(board, rate)
    if found:
        st.caption(escape_markdown(context.t("experiments.discovery", text=found)))


def _fields(context: PageContext) -> Fields:
    return Fields(context.t("progress.field.field"),
                  lambda name: context.t(f"experiments.field.{name}"))


def _form_widgets(context: PageContext, initial: ExperimentForm, form_key: str,
                  learning: bool) -> dict[str, Any]:
    """The card's inputs (the test card, and the learning card when ``learning``)."""
    values: dict[str, Any] = {}

    def text(column: Any, name: str, area: bool = False) -> None:
        widget = column.text_area if area else column.text_input
        extra = {"height": 68} if area else {}
        values[name] = widget(context.t(f"experiments.field.{name}"), getattr(initial, name),
                              max_chars=MAX_TEXT, key=f"{form_key}_{name}",
                              help=context.t(f"experiments.help.{name}") if name in _HELP else None,
                              **extra)

    text(st, "hypothesis", area=True)
    row = st.columns(2)
    text(row[0], "test", area=True)
    text(row[1], "metric", area=True)
    text(st, "criterion")
    row = st.columns([1, 1, 1.4, 1.2])
    text(row[0], "threshold")
    text(row[1], "unit")
    values["direction"] = row[2].selectbox(
        context.t("experiments.field.direction"), [1, -1], index=0 if initial.direction == 1 else 1,
        format_func=lambda d: context.t(f"experiments.direction.{d}"), key=f"{form_key}_direction")
    values["due"] = row[3].date_input(context.t("experiments.field.due"), initial.due,
                                      format=context.t("progress.form.date_format"),
                                      key=f"{form_key}_due")
    if learning:
        st.markdown(f"**{context.t('experiments.learning_title')}**")
        row = st.columns([3, 1])
        text(row[0], "observation", area=True)
        text(row[1], "result")
        text(st, "learning", area=True)
        row = st.columns([1, 2, 1])
        values["decision"] = row[0].selectbox(
            context.t("experiments.field.decision"), ["", *DECISIONS],
            index=["", *DECISIONS].index(initial.decision),
            format_func=lambda d: context.t(f"experiments.decision.{d or 'none'}"),
            key=f"{form_key}_decision")
        text(row[1], "action")
        values["learned_on"] = row[2].date_input(context.t("experiments.field.learned_on"),
                                                 initial.learned_on,
                                                 format=context.t("progress.form.date_format"),
                                                 key=f"{form_key}_learned_on")
    return values


_HELP = ("hypothesis", "test", "metric", "criterion", "threshold", "result")


def _record(context: PageContext, values: dict[str, Any], subject: Subject,
            experiment: Experiment | None) -> Experiment | None:
    """The card the form makes, or None after saying what is wrong."""
    form = ExperimentForm(**values)
    try:
        return experiment_from_form(form, context.language, *subject,
                                    experiment.id if experiment else None)
    except ExperimentInputError as error:
        st.error(escape_markdown(f"{context.t(f'experiments.field.{error.field}')}: "
                                 f"{message(error, context.language, with_field=False)}"))
    except BoardFileError as error:
        field = error.path.rsplit(".", 1)[-1]
        st.error(escape_markdown(f"{context.t(f'experiments.field.{field}')}: "
                                 f"{message(error, context.language, with_field=False)}"))
    return None


def _edit_form(context: PageContext, card: Card, key: str) -> None:
    experiment = card.experiment
    editing: EditForm = open_form(context, f"{key}_edit_{experiment.id}_{context.language}@")
    with st.form(editing.key):
        values = _form_widgets(context, ExperimentForm.of(experiment, context.language),
                               editing.key, learning=True)
        save_col, delete_col = st.columns(2)
        saving = save_col.form_submit_button(context.t("experiments.save"), type="primary",
                                             icon=":material/save:")
        deleting = delete_col.form_submit_button(context.t("experiments.delete"),
                                                 icon=":material/delete:")
    if deleting:
        save(context, editing, [Delete(experiment.id, editing.base)],
             context.t("experiments.deleted"), _fields(context))
    elif saving:
        record = _record(context, values, (experiment.subject, experiment.rate), experiment)
        if record is not None:
            save(context, editing,
                 [Update(experiment.id, record.model_dump(exclude={"id"}),
                               editing.base)], context.t("experiments.saved"), _fields(context))


def _new_card(context: PageContext, on: Sequence[Subject], key: str) -> None:
    board, language = context.loaded.board, context.language
    box = st.expander(context.t("experiments.new"), icon=":material/add:", key=f"{key}_new",
                      on_change="rerun")
    if not box.open:
        return
    with box:
        known = subjects(board, language)
        options = [subject for subject in on if subject in known]
        if not options:
            return
        chosen = options[0]
        if len(options) > 1:
            chosen = st.selectbox(context.t("experiments.subject_label"), options,
                                  format_func=lambda s: subject_text(known[s], language),
                                  key=f"{key}_new_subject")
        subject = known[chosen]
        form_id = f"{key}_new_{chosen[0]}_{chosen[1] or ''}_{language}@"
        editing = open_form(context, form_id)  # empty again after an add
        with st.form(editing.key):
            values = _form_widgets(context, ExperimentForm.of(
                None, language, suggestion(board, subject, language)), editing.key,
                learning=False)
            submitted = st.form_submit_button(context.t("experiments.add"), type="primary",
                                              icon=":material/add:")
        if submitted:
            record = _record(context, values, chosen, None)
            if record is not None:
                save(context, editing, [Add("experiments",
                                                  record.model_dump(exclude={"id"}))],
                     context.t("experiments.added"), _fields(context))
