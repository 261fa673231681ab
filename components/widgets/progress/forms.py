"""Forms of the progress page: persona scope, metrics (add, edit, delete with undo), snapshots,
the desired outcome in words and the worth-it record.

Every form is an ``st.form`` so typing never reruns the page.  A bad value leaves the form as
typed and puts a translated message right under the field; nothing is written then.

Edit forms are opened and saved through ``components/widgets/editing.py``: an edit is based on
the revision its form was first drawn at, so a change someone else made to the same record in
the meantime is refused as a conflict and shown beside the viewer's version instead of being
overwritten.  Submitting again after seeing both versions saves the viewer's version.

The worth and desired-outcome forms carry the viewer's language in their id: a selectbox in
an open form keeps the labels it was first drawn with, so switching the language draws
them afresh, in the new words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import streamlit as st
from pydantic import BaseModel

from components.board.boardfile import BoardFileError
from components.board.bounds import MAX_TEXT
from components.board.model import Board, Metric
from components.board.operations import Add, Delete, Update
from components.board.store import LoadedBoard
from components.errors import message
from components.formatting import format_date
from components.progress.forms import (
    DesiredForm,
    MetricForm,
    WorthForm,
    desired_from_form,
    metric_from_form,
    number_text,
    worth_from_form,
)
from components.progress.score import DIMENSIONS, ProgressInputError
from components.progress.verdict import default_currency, worth_of
from components.progress.view import (
    ALL,
    NO_PERSONA,
    MetricView,
    desired_record,
    outcome_choices,
    persona_of,
    scope_options,
    snapshot_for,
)
from components.widgets import state
from components.widgets.editing import EditForm, Fields, open_form, plain, save
from components.widgets.progress.display import persona_names
from components.widgets.shell import PageContext, escape_markdown

#: Widget keys.
SCOPE_KEY = state.key("progress_scope")
GAP_KEY = state.key("progress_gap")
EDIT_KEY = state.key("progress_edit")
EDITOR_KEY = state.key("progress_editor")  # the expander holding the metric form
DESIRED_KEY = state.key("progress_desired")  # the expander holding the desired-outcome form
WORTH_KEY = state.key("progress_worth")  # the expander holding the value, price and forces form
#: The popover that saves a snapshot of the scores (its form is drawn while it is open).
SNAPSHOT_KEY = state.key("progress_snapshot_menu")
#: The "new metric" entry of the metric chooser and the "not linked" outcome (never ids).
NEW = "+"
NOT_LINKED = "-"

Slots = dict[str, Any]


# --- scope ----------------------------------------------------------------------------------

def choose_scope(context: PageContext, board: Board) -> str:
    """The persona to work on, "no persona", or "all personas" (kept across pages)."""
    names = persona_names(context, board)

    def label(scope: str) -> str:
        return context.t("progress.scope.all") if scope == ALL else names[persona_of(scope)]

    return st.selectbox(context.t("progress.scope.label"), scope_options(board),
                        format_func=label, key=SCOPE_KEY, persist_state="session")


# --- errors and conflicts ------------------------------------------------------------------

def _field_error(context: PageContext, slots: Slots, field: str, sentence: str) -> None:
    """Show ``sentence`` under the field's row, naming the field (escaped: it may quote input)."""
    label = context.t(f"progress.field.{field}")
    text = sentence if label == f"progress.field.{field}" else f"{label}: {sentence}"
    (slots.get(field) or slots.get("_form") or st).error(escape_markdown(text),
                                                          icon=":material/error:")


def _file_error(context: PageContext, slots: Slots, error: BoardFileError) -> None:
    """A record the model refuses (``metrics[3].name``: empty …), shown at that field."""
    _field_error(context, slots, error.path.rsplit(".", 1)[-1],
                 message(error, context.language, with_field=False))


def _validated(context: PageContext, slots: Slots,
               build: Callable[[], BaseModel]) -> BaseModel | None:
    """The record ``build`` makes of a form, or None after showing what is wrong where."""
    try:
        return build()
    except ProgressInputError as error:
        _field_error(context, slots, error.field,
                     message(error, context.language, with_field=False))
    except BoardFileError as error:
        _file_error(context, slots, error)
    return None


def _fields(context: PageContext) -> Fields:
    """Metric and worth fields as the forms name and show them, for the conflict table."""
    return Fields(context.t("progress.field.field"),
                  lambda name: context.t(f"progress.field.{name}"),
                  lambda name, value: _value_text(context, name, value))


def _value_text(context: PageContext, name: str, value: Any) -> str:
    """A record field's value as the form shows it, in the viewer's language."""
    board = context.loaded.board
    if value is None or value == "":
        return ""
    if name in ("dimension", "kind", "direction"):
        return context.t(f"progress.{name}.{value}")
    if name == "period":
        return context.t(f"progress.period_option.{value}")
    if name == "persona":
        return persona_names(context, board).get(value, value)
    if name == "outcome":
        return outcome_choices(board).get(value, value)
    if isinstance(value, bool):
        return context.t("progress.answer_yes" if value else "progress.answer_no")
    if isinstance(value, Decimal | int | float):
        return number_text(Decimal(str(value)), context.language)
    return plain(context, value)


# --- metrics --------------------------------------------------------------------------------

def metric_editor(context: PageContext, loaded: LoadedBoard, scope: str,
                  views: Sequence[MetricView]) -> None:
    """Choose a metric (or "new"), edit it in a form, delete it."""
    names = {view.metric.id: view.metric.name for view in views}
    new = context.t("progress.edit.new")
    chosen = st.selectbox(context.t("progress.edit.choose"), [NEW, *names], key=EDIT_KEY,
                          format_func=lambda i: new if i == NEW else names[i])
    metric = next((view.metric for view in views if view.metric.id == chosen), None)
    editing = open_form(context, state.form_id("progress_metric", chosen))
    with st.form(editing.key):
        form, slots = _metric_fields(context, loaded, MetricForm.of(
            metric, context.language, persona_of(scope)), editing.key)
        submitted = st.form_submit_button(
            context.t("progress.edit.save" if metric else "progress.edit.add"), type="primary",
            icon=":material/save:" if metric else ":material/add:")
    if submitted:
        _submit_metric(context, editing, form, slots, metric)
    if metric is not None and st.button(context.t("progress.edit.delete"), icon=":material/delete:",
                                        key=f"{editing.key}_delete"):
        def remember(revision: int) -> None:
            state.remember_undo(state.Undo(state.DELETED_METRIC, loaded.id, metric.name,
                                           revision))

        save(context, editing, [Delete(metric.id, editing.base)],
             context.t("progress.edit.deleted", name=metric.name),
             _fields(context), on_saved=remember)


def _metric_fields(context: PageContext, loaded: LoadedBoard, initial: MetricForm,
                   key: str) -> tuple[MetricForm, Slots]:
    """The metric form's widgets, each with an empty slot under it for its error."""
    board = loaded.board
    slots: Slots = {"_form": st.empty()}
    names = persona_names(context, board)
    outcomes = outcome_choices(board)
    date_format = context.t("progress.form.date_format")
    values: dict[str, Any] = {}

    def text(column, name: str, **extra: Any) -> None:
        values[name] = column.text_input(context.t(f"progress.field.{name}"),
                                         getattr(initial, name), key=f"{key}_{name}", **extra)

    def under_row(*names: str) -> None:
        """One slot under the row for its fields' errors: a column is too narrow to read."""
        slot = st.empty()
        slots.update(dict.fromkeys(names, slot))

    def choice(column, name: str, options: list, label: Callable[[Any], str],
               current: Any, **extra: Any) -> None:
        values[name] = column.selectbox(
            context.t(f"progress.field.{name}"), options, key=f"{key}_{name}", format_func=label,
            index=options.index(current) if current in options else 0, **extra)

    row = st.columns([3, 2, 1.5])
    text(row[0], "name", max_chars=MAX_TEXT, help=context.t("progress.form.name_help"))
    # selectboxes show None as "choose an option": "no persona"/"not linked" get a sentinel
    choice(row[1], "persona", [p.id for p in board.personas] + [NO_PERSONA],
           lambda p: names[persona_of(p)], initial.persona or NO_PERSONA)
    choice(row[2], "dimension", list(DIMENSIONS), lambda d: context.t(f"progress.dimension.{d}"),
           initial.dimension)
    under_row("name", "persona", "dimension")
    row = st.columns(5)
    choice(row[0], "kind", ["improve", "secure"], lambda k: context.t(f"progress.kind.{k}"),
           initial.kind)
    choice(row[1], "direction", [1, -1, 0], lambda d: context.t(f"progress.direction.{d}"),
           initial.direction, help=context.t("progress.form.direction_help"))
    text(row[2], "unit", max_chars=MAX_TEXT, help=context.t("progress.form.unit_help"))
    text(row[3], "unit_one", max_chars=MAX_TEXT, help=context.t("progress.form.unit_one_help"))
    text(row[4], "weight", help=context.t("progress.form.weight_help"))
    under_row("kind", "direction", "unit", "unit_one", "weight")
    row = st.columns(6)
    text(row[0], "baseline")
    text(row[1], "current")
    text(row[2], "target", help=context.t("progress.form.target_help"))
    text(row[3], "tolerance", help=context.t("progress.form.tolerance_help"))
    text(row[4], "scale_min", help=context.t("progress.form.scale_help"))
    text(row[5], "scale_max", help=context.t("progress.form.scale_help"))
    under_row("baseline", "current", "target", "tolerance", "scale_min", "scale_max")
    row = st.columns([1, 1, 2])
    for column, name in ((row[0], "baseline_date"), (row[1], "current_date")):
        values[name] = column.date_input(context.t(f"progress.field.{name}"),
                                         getattr(initial, name), format=date_format,
                                         key=f"{key}_{name}")
    choice(row[2], "outcome", [NOT_LINKED, *outcomes],
           lambda o: context.t("progress.form.no_outcome") if o == NOT_LINKED else outcomes[o],
           initial.outcome or NOT_LINKED)
    under_row("baseline_date", "current_date", "outcome")
    row = st.columns(2)
    for column, name in ((row[0], "required_outcome"), (row[1], "appropriate_experience")):
        values[name] = column.checkbox(context.t(f"progress.field.{name}"),
                                       getattr(initial, name), key=f"{key}_{name}",
                                       help=context.t(f"progress.form.{name}_help"))
    values["persona"] = persona_of(values["persona"])
    values["outcome"] = None if values["outcome"] == NOT_LINKED else values["outcome"]
    return MetricForm(**values), slots


def _submit_metric(context: PageContext, editing: EditForm, form: MetricForm, slots: Slots,
                   metric: Metric | None) -> None:
    record = _validated(context, slots,
                        lambda: metric_from_form(form, context.language,
                                                 metric.id if metric else None))
    if record is None:
        return
    data = record.model_dump(exclude={"id"})
    operation = Update(metric.id, data, editing.base) if metric else Add("metrics", data)
    success = context.t("progress.edit.saved" if metric else "progress.edit.added",
                        name=record.name)
    save(context, editing, [operation], success, _fields(context),
         invalid=lambda error: _file_error(context, slots, error))


def undo_delete(context: PageContext) -> None:
    """Offer to bring back the metric this viewer deleted last on this board."""
    undo = state.undo_of(state.DELETED_METRIC, context.board_id)
    if undo is None:
        return
    if st.button(context.t("progress.edit.undo", name=escape_markdown(undo.label)),
                 icon=":material/undo:", type="primary"):
        save(context, None, lambda: context.revert(undo.revision),
             context.t("progress.edit.restored", name=undo.label),
             on_saved=lambda _revision: state.forget_undo())


# --- snapshots ------------------------------------------------------------------------------

def snapshot_saver(context: PageContext, loaded: LoadedBoard, scope: str) -> None:
    """Save the scope's dimension scores at a date (one snapshot per persona and day), in a
    popover whose form is drawn only while it is open (every other rerun: one element)."""
    menu = st.popover(context.t("progress.snapshots.save"), icon=":material/photo_camera:",
                      key=SNAPSHOT_KEY, on_change="rerun")
    if not menu.open:
        return
    with menu, st.form(state.key("progress_snapshot"), border=False):
        day = st.date_input(context.t("progress.snapshots.date"), "today",
                            format=context.t("progress.form.date_format"))
        submitted = st.form_submit_button(context.t("progress.snapshots.save"),
                                          icon=":material/photo_camera:")
    if not submitted:
        return
    if day is None:
        st.warning(context.t("progress.snapshots.pick_date"))
        return
    pairs = snapshot_for(loaded.board, scope, day)
    if not pairs:
        st.warning(context.t("progress.snapshots.nothing"))
        return
    # the scores of the board as this run loaded it replace that day's: its revision is the base
    operations = [
        Update(old.id, new.model_dump(exclude={"id"}), loaded.revision) if old
        else Add("snapshots", new.model_dump(exclude={"id"}))
        for old, new in pairs]
    save(context, None, operations,
         context.t("progress.snapshots.saved", date=format_date(day, context.language)))


# --- worth it -------------------------------------------------------------------------------

#: Currencies offered for the worth-it verdict (a board file may hold any other ISO code).
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK")
PERIODS = ("month", "quarter", "year", "once")
_FORCES = ("push", "pull", "anxiety", "habit")
#: The worth form's rows of money and hours, left: (field, field) per row.
_COST_ROWS = (("value", "price"), ("effort_hours", "hour_value"), ("risk_chance", "risk_loss"))


def worth_editor(context: PageContext, loaded: LoadedBoard, scope: str) -> None:
    """Value of the progress and what it costs the customer (left: price, their time, the
    risk, in the verdict's period and currency) and the forces of switching (right)."""
    board = loaded.board
    persona = persona_of(scope)
    worth = worth_of(board, persona)
    editing = open_form(context, state.form_id("progress_worth", scope, context.language))
    key = editing.key
    initial = WorthForm.of(worth, context.language, default_currency(board))
    currencies = list(dict.fromkeys((*CURRENCIES, initial.currency)))
    values: dict[str, Any] = {}
    with st.form(key):
        slots: Slots = {"_form": st.empty()}
        price_col, forces_col = st.columns(2, gap="large")
        price_col.markdown(f"**{context.t('progress.worth.price_title')}**")
        forces_col.markdown(f"**{context.t('progress.worth.forces_title')}**")
        period_col, currency_col = price_col.columns(2)
        values["period"] = period_col.selectbox(
            context.t("progress.field.period"), PERIODS, index=PERIODS.index(initial.period),
            format_func=lambda p: context.t(f"progress.period_option.{p}"),
            key=f"{key}_period")
        values["currency"] = currency_col.selectbox(
            context.t("progress.field.currency"), currencies,
            index=currencies.index(initial.currency), key=f"{key}_currency")
        for row in _COST_ROWS:
            for column, name in zip(price_col.columns(2), row, strict=True):
                values[name] = column.text_input(context.t(f"progress.field.{name}"),
                                                 getattr(initial, name), key=f"{key}_{name}",
                                                 help=context.t(f"progress.form.{name}_help"))
            slots.update(dict.fromkeys(row, price_col.empty()))
        columns = forces_col.columns(2)
        for index, name in enumerate(_FORCES):
            values[name] = columns[index % 2].slider(
                context.t(f"progress.field.{name}"), 0, 10, getattr(initial, name),
                key=f"{key}_{name}", help=context.t(f"progress.form.{name}_help"))
        submitted = st.form_submit_button(context.t("progress.worth.save"), type="primary",
                                          icon=":material/save:")
    if not submitted:
        return
    record = _validated(context, slots,
                        lambda: worth_from_form(WorthForm(**values), context.language, persona,
                                                worth.id if worth else None))
    if record is None:
        return
    data = record.model_dump(exclude={"id"})
    operation = Update(worth.id, data, editing.base) if worth else Add("worth", data)
    save(context, editing, [operation], context.t("progress.worth.saved"), _fields(context),
         invalid=lambda error: _file_error(context, slots, error))


# --- the desired outcome in words -----------------------------------------------------------

def desired_editor(context: PageContext, loaded: LoadedBoard, scope: str) -> None:
    """Write down the persona's required outcome, appropriate experience and the alternative
    it is chosen over (one record per persona)."""
    persona = persona_of(scope)
    desired = desired_record(loaded.board, persona)
    editing = open_form(context, state.form_id("progress_desired", scope, context.language))
    key = editing.key
    initial = DesiredForm.of(desired)
    with st.form(key):
        slots: Slots = {"_form": st.empty()}
        values = {name: st.text_area(context.t(f"progress.desired.{name}"),
                                     getattr(initial, name), max_chars=MAX_TEXT, height=68,
                                     key=f"{key}_{name}",
                                     help=context.t(f"progress.desired.{name}_help"))
                  for name in ("required", "experience", "alternative")}
        submitted = st.form_submit_button(context.t("progress.desired.save"),
                                          icon=":material/save:")
    if not submitted:
        return
    record = _validated(context, slots, lambda: desired_from_form(
        DesiredForm(**values), persona, desired.id if desired else None))
    if record is None:
        return
    data = record.model_dump(exclude={"id"})
    operation = (Update(desired.id, data, editing.base) if desired
                 else Add("desired_outcomes", data))
    save(context, editing, [operation], context.t("progress.desired.saved"), _fields(context),
         invalid=lambda error: _file_error(context, slots, error))
