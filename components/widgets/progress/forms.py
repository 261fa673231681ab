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

from components.board import store
from components.board.boardfile import BoardFileError
from components.board.model import MAX_TEXT, Board, Metric
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
from components.widgets.boards import run_safely
from components.widgets.editing import EditForm, Fields, open_form, plain, save
from components.widgets.progress.display import persona_names
from components.widgets.shell import PageContext, escape_markdown
from components.widgets.state import UNDO

#: Widget keys.
SCOPE_KEY = "pc_progress_scope"
GAP_KEY = "pc_progress_gap"
EDIT_KEY = "pc_progress_edit"
EDITOR_KEY = "pc_progress_editor"  # the expander holding the metric form
DESIRED_KEY = "pc_progress_desired"  # the expander holding the desired-outcome form
#: The "new metric" entry of the metric chooser and the "not linked" outcome (never ids).
NEW = "+"
NOT_LINKED = "-"
#: ``UNDO`` entries of this page: (UNDO_DELETE, board id, revision, metric name).
UNDO_DELETE = "progress_delete"

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

def metric_editor(context: PageContext, loaded: store.LoadedBoard, scope: str,
                  views: Sequence[MetricView]) -> None:
    """Choose a metric (or "new"), edit it in a form, delete it."""
    t = context.t
    names = {view.metric.id: view.metric.name for view in views}
    chosen = st.selectbox(t("progress.edit.choose"), [NEW, *names], key=EDIT_KEY,
                          format_func=lambda i: t("progress.edit.new") if i == NEW else names[i])
    metric = next((view.metric for view in views if view.metric.id == chosen), None)
    editing = open_form(context, f"pc_progress_metric_{chosen}@")
    with st.form(editing.key):
        form, slots = _metric_fields(context, loaded, MetricForm.of(
            metric, context.language, persona_of(scope)), editing.key)
        submitted = st.form_submit_button(
            t("progress.edit.save" if metric else "progress.edit.add"), type="primary",
            icon=":material/save:" if metric else ":material/add:")
    if submitted:
        _submit_metric(context, editing, form, slots, metric)
    if metric is not None and st.button(t("progress.edit.delete"), icon=":material/delete:",
                                        key=f"{editing.key}_delete"):
        def remember(revision: int) -> None:
            st.session_state[UNDO] = (UNDO_DELETE, loaded.id, revision, metric.name)

        save(context, editing, [store.Delete(metric.id, editing.base)],
             t("progress.edit.deleted", name=escape_markdown(metric.name)), _fields(context),
             on_saved=remember)


def _metric_fields(context: PageContext, loaded: store.LoadedBoard, initial: MetricForm,
                   key: str) -> tuple[MetricForm, Slots]:
    """The metric form's widgets, each with an empty slot under it for its error."""
    t, board = context.t, loaded.board
    slots: Slots = {"_form": st.empty()}
    names = persona_names(context, board)
    outcomes = outcome_choices(board)
    date_format = t("progress.form.date_format")
    values: dict[str, Any] = {}

    def text(column, name: str, **extra: Any) -> None:
        values[name] = column.text_input(t(f"progress.field.{name}"), getattr(initial, name),
                                         key=f"{key}_{name}", **extra)

    def under_row(*names: str) -> None:
        """One slot under the row for its fields' errors: a column is too narrow to read."""
        slot = st.empty()
        slots.update(dict.fromkeys(names, slot))

    def choice(column, name: str, options: list, label: Callable[[Any], str],
               current: Any, **extra: Any) -> None:
        values[name] = column.selectbox(
            t(f"progress.field.{name}"), options, key=f"{key}_{name}", format_func=label,
            index=options.index(current) if current in options else 0, **extra)

    row = st.columns([3, 2, 1.5])
    text(row[0], "name", max_chars=MAX_TEXT, help=t("progress.form.name_help"))
    # selectboxes show None as "choose an option": "no persona"/"not linked" get a sentinel
    choice(row[1], "persona", [p.id for p in board.personas] + [NO_PERSONA],
           lambda p: names[persona_of(p)], initial.persona or NO_PERSONA)
    choice(row[2], "dimension", list(DIMENSIONS), lambda d: t(f"progress.dimension.{d}"),
           initial.dimension)
    under_row("name", "persona", "dimension")
    row = st.columns(4)
    choice(row[0], "kind", ["improve", "secure"], lambda k: t(f"progress.kind.{k}"),
           initial.kind)
    choice(row[1], "direction", [1, -1, 0], lambda d: t(f"progress.direction.{d}"),
           initial.direction, help=t("progress.form.direction_help"))
    text(row[2], "unit", max_chars=MAX_TEXT, help=t("progress.form.unit_help"))
    text(row[3], "weight", help=t("progress.form.weight_help"))
    under_row("kind", "direction", "unit", "weight")
    row = st.columns(6)
    text(row[0], "baseline")
    text(row[1], "current")
    text(row[2], "target", help=t("progress.form.target_help"))
    text(row[3], "tolerance", help=t("progress.form.tolerance_help"))
    text(row[4], "scale_min", help=t("progress.form.scale_help"))
    text(row[5], "scale_max", help=t("progress.form.scale_help"))
    under_row("baseline", "current", "target", "tolerance", "scale_min", "scale_max")
    row = st.columns([1, 1, 2])
    for column, name in ((row[0], "baseline_date"), (row[1], "current_date")):
        values[name] = column.date_input(t(f"progress.field.{name}"), getattr(initial, name),
                                         format=date_format, key=f"{key}_{name}")
    choice(row[2], "outcome", [NOT_LINKED, *outcomes],
           lambda o: t("progress.form.no_outcome") if o == NOT_LINKED else outcomes[o],
           initial.outcome or NOT_LINKED)
    under_row("baseline_date", "current_date", "outcome")
    row = st.columns(2)
    for column, name in ((row[0], "required_outcome"), (row[1], "appropriate_experience")):
        values[name] = column.checkbox(t(f"progress.field.{name}"), getattr(initial, name),
                                       key=f"{key}_{name}", help=t(f"progress.form.{name}_help"))
    values["persona"] = persona_of(values["persona"])
    values["outcome"] = None if values["outcome"] == NOT_LINKED else values["outcome"]
    return MetricForm(**values), slots


def _submit_metric(context: PageContext, editing: EditForm, form: MetricForm, slots: Slots,
                   metric: Metric | None) -> None:
    t = context.t
    record = _validated(context, slots,
                        lambda: metric_from_form(form, context.language,
                                                 metric.id if metric else None))
    if record is None:
        return
    data = record.model_dump(exclude={"id"})
    operation = (store.Update(metric.id, data, editing.base) if metric
                 else store.Add("metrics", data))
    success = t("progress.edit.saved" if metric else "progress.edit.added",
                name=escape_markdown(record.name))
    save(context, editing, [operation], success, _fields(context),
         invalid=lambda error: _file_error(context, slots, error))


def undo_delete(context: PageContext) -> None:
    """Offer to bring back the metric this viewer deleted last on this board."""
    undo = st.session_state.get(UNDO)
    if not (undo and undo[0] == UNDO_DELETE and undo[1] == context.board_id):
        return
    _, _, revision, name = undo
    if st.button(context.t("progress.edit.undo", name=escape_markdown(name)),
                 icon=":material/undo:", type="primary"):
        def revert() -> None:
            context.revert(revision)
            st.session_state.pop(UNDO, None)

        run_safely(context, revert, context.t("progress.edit.restored",
                                              name=escape_markdown(name)))


# --- snapshots ------------------------------------------------------------------------------

def snapshot_saver(context: PageContext, loaded: store.LoadedBoard, scope: str) -> None:
    """Save the scope's dimension scores at a date (one snapshot per persona and day)."""
    t = context.t
    with st.form("pc_progress_snapshot", border=False):
        day = st.date_input(t("progress.snapshots.date"), "today",
                            format=t("progress.form.date_format"))
        submitted = st.form_submit_button(t("progress.snapshots.save"),
                                          icon=":material/photo_camera:")
    if not submitted:
        return
    if day is None:
        st.warning(t("progress.snapshots.pick_date"))
        return
    pairs = snapshot_for(loaded.board, scope, day)
    if not pairs:
        st.warning(t("progress.snapshots.nothing"))
        return
    # the scores of the board as this run loaded it replace that day's: its revision is the base
    operations = [
        store.Update(old.id, new.model_dump(exclude={"id"}), loaded.revision) if old
        else store.Add("snapshots", new.model_dump(exclude={"id"}))
        for old, new in pairs]
    run_safely(context, lambda: context.apply(operations),
               t("progress.snapshots.saved", date=format_date(day, context.language)))


# --- worth it -------------------------------------------------------------------------------

#: Currencies offered for the worth-it verdict (a board file may hold any other ISO code).
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK")
PERIODS = ("month", "quarter", "year", "once")
_FORCES = ("push", "pull", "anxiety", "habit")
#: The worth form's rows of money and hours, left: (field, field) per row.
_COST_ROWS = (("value", "price"), ("effort_hours", "hour_value"), ("risk_chance", "risk_loss"))


def worth_editor(context: PageContext, loaded: store.LoadedBoard, scope: str) -> None:
    """Value of the progress and what it costs the customer (left: price, their time, the
    risk, in the verdict's period and currency) and the forces of switching (right)."""
    t, board = context.t, loaded.board
    persona = persona_of(scope)
    worth = worth_of(board, persona)
    editing = open_form(context, f"pc_progress_worth_{scope}_{context.language}@")
    key = editing.key
    initial = WorthForm.of(worth, context.language, default_currency(board))
    currencies = list(dict.fromkeys((*CURRENCIES, initial.currency)))
    values: dict[str, Any] = {}
    with st.form(key):
        slots: Slots = {"_form": st.empty()}
        price_col, forces_col = st.columns(2, gap="large")
        price_col.markdown(f"**{t('progress.worth.price_title')}**")
        forces_col.markdown(f"**{t('progress.worth.forces_title')}**")
        period_col, currency_col = price_col.columns(2)
        values["period"] = period_col.selectbox(
            t("progress.field.period"), PERIODS, index=PERIODS.index(initial.period),
            format_func=lambda p: t(f"progress.period_option.{p}"), key=f"{key}_period")
        values["currency"] = currency_col.selectbox(
            t("progress.field.currency"), currencies, index=currencies.index(initial.currency),
            key=f"{key}_currency")
        for row in _COST_ROWS:
            for column, name in zip(price_col.columns(2), row, strict=True):
                values[name] = column.text_input(t(f"progress.field.{name}"),
                                                 getattr(initial, name), key=f"{key}_{name}",
                                                 help=t(f"progress.form.{name}_help"))
            slots.update(dict.fromkeys(row, price_col.empty()))
        columns = forces_col.columns(2)
        for index, name in enumerate(_FORCES):
            values[name] = columns[index % 2].slider(
                t(f"progress.field.{name}"), 0, 10, getattr(initial, name),
                key=f"{key}_{name}", help=t(f"progress.form.{name}_help"))
        submitted = st.form_submit_button(t("progress.worth.save"), type="primary",
                                          icon=":material/save:")
    if not submitted:
        return
    record = _validated(context, slots,
                        lambda: worth_from_form(WorthForm(**values), context.language, persona,
                                                worth.id if worth else None))
    if record is None:
        return
    data = record.model_dump(exclude={"id"})
    operation = store.Update(worth.id, data, editing.base) if worth else store.Add("worth", data)
    save(context, editing, [operation], t("progress.worth.saved"), _fields(context),
         invalid=lambda error: _file_error(context, slots, error))


# --- the desired outcome in words -----------------------------------------------------------

def desired_editor(context: PageContext, loaded: store.LoadedBoard, scope: str) -> None:
    """Write down the persona's required outcome, appropriate experience and the alternative
    it is chosen over (one record per persona)."""
    t = context.t
    persona = persona_of(scope)
    desired = desired_record(loaded.board, persona)
    editing = open_form(context, f"pc_progress_desired_{scope}_{context.language}@")
    key = editing.key
    initial = DesiredForm.of(desired)
    with st.form(key):
        slots: Slots = {"_form": st.empty()}
        values = {name: st.text_area(t(f"progress.desired.{name}"), getattr(initial, name),
                                     max_chars=MAX_TEXT, height=68, key=f"{key}_{name}",
                                     help=t(f"progress.desired.{name}_help"))
                  for name in ("required", "experience", "alternative")}
        submitted = st.form_submit_button(t("progress.desired.save"), icon=":material/save:")
    if not submitted:
        return
    record = _validated(context, slots, lambda: desired_from_form(
        DesiredForm(**values), persona, desired.id if desired else None))
    if record is None:
        return
    data = record.model_dump(exclude={"id"})
    operation = (store.Update(desired.id, data, editing.base) if desired
                 else store.Add("desired_outcomes", data))
    save(context, editing, [operation], t("progress.desired.saved"), _fields(context),
         invalid=lambda error: _file_error(context, slots, error))
