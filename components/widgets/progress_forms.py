"""Forms of the progress page: persona scope, metrics (add, edit, delete with undo), snapshots
and the worth-it record.

Every form is an ``st.form`` so typing never reruns the page.  A bad value leaves the form as
typed and puts a translated message right under the field; nothing is written then.

Edits carry the board revision the viewer saw when the form was first drawn (kept per form in
session state under :data:`FORMS`), so a change someone else made to the same record in the
meantime is refused as a conflict and shown beside the viewer's version instead of being
overwritten.  Submitting again after seeing both versions saves the viewer's version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from components import store
from components.boardfile import BoardFileError
from components.formatting import currency_symbol, format_date
from components.model import MAX_TEXT, Metric, Worth
from components.progress import DIMENSIONS, ProgressInputError
from components.progress_view import (
    ALL,
    MetricForm,
    MetricView,
    WorthForm,
    currency_of,
    metric_from_form,
    outcome_choices,
    persona_of,
    scope_options,
    snapshot_for,
    worth_from_form,
    worth_of,
)
from components.widgets.boards import run_safely
from components.widgets.progress_display import persona_names, problem_message
from components.widgets.shell import PageContext, escape_markdown, flash, store_error_message
from components.widgets.state import UNDO

#: Session state: form id -> (generation of its widgets, board revision its values were seen at).
FORMS = "pc_progress_forms"
#: Widget keys.
SCOPE_KEY = "pc_progress_scope"
GAP_KEY = "pc_progress_gap"
EDIT_KEY = "pc_progress_edit"
#: The "new metric" entry of the metric chooser (never a record id).
NEW = "+"
#: ``UNDO`` entries of this page: (UNDO_DELETE, board id, revision, metric name).
UNDO_DELETE = "progress_delete"

Slots = dict[str, Any]


# --- scope ----------------------------------------------------------------------------------

def choose_scope(context: PageContext, board) -> str:
    """The persona to work on, "no persona", or "all personas" (kept across pages)."""
    names = persona_names(context, board)

    def label(scope: str) -> str:
        return context.t("progress.scope.all") if scope == ALL else names[persona_of(scope)]

    return st.selectbox(context.t("progress.scope.label"), scope_options(board),
                        format_func=label, key=SCOPE_KEY, persist_state="session")


# --- form bookkeeping -----------------------------------------------------------------------

def _form_state(form_id: str, revision: int) -> tuple[int, int]:
    """(generation, seen revision) of a form; both start at the revision it is first drawn at."""
    return st.session_state.setdefault(FORMS, {}).setdefault(form_id, (revision, revision))


def _mark_seen(form_id: str, revision: int) -> None:
    generation, _ = st.session_state[FORMS][form_id]
    st.session_state[FORMS][form_id] = (generation, revision)


def _reset(form_id: str) -> None:
    """After a save: the next run draws the form afresh from the saved record."""
    st.session_state.get(FORMS, {}).pop(form_id, None)


def _field_error(slots: Slots, field: str, message: str) -> None:
    slot = slots.get(field) or slots.get("_form")
    (slot or st).error(message, icon=":material/error:")


def _field_of(path: str) -> str:
    """``metrics[3].weight`` -> ``weight``."""
    return path.rsplit(".", 1)[-1]


def _save(context: PageContext, form_id: str, operations: Sequence[store.Operation],
          success: str, *, slots: Slots | None = None,
          conflict: tuple[type[BaseModel], Mapping[str, Any]] | None = None,
          on_saved: Callable[[int], None] | None = None) -> None:
    """Apply the operations; on success flash and rerun, else explain where it failed."""
    try:
        revision = context.apply(list(operations))
    except store.Conflict as error:
        _mark_seen(form_id, context.loaded.revision)
        show_conflict(context, error, *(conflict or (None, {})))
    except BoardFileError as error:
        _field_error(slots or {}, _field_of(error.path),
                     context.t(f"file_error.{error.code}", **error.params))
    except store.StoreError as error:
        st.error(store_error_message(context, error))
    else:
        _reset(form_id)
        if on_saved:
            on_saved(revision)
        flash("success", success)
        st.rerun()


def show_conflict(context: PageContext, error: store.Conflict, record_type: type[BaseModel] | None,
                  yours: Mapping[str, Any]) -> None:
    """Who changed it when, and their version beside the viewer's, field by field."""
    st.error(store_error_message(context, error))
    theirs = dict(error.theirs or {})
    if record_type is not None:
        try:
            theirs = record_type.model_validate(theirs).model_dump(mode="json")
        except ValueError:
            pass
    board = context.loaded.board
    names = {**persona_names(context, board), **outcome_choices(board)}

    def text(value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return context.t("progress.answer_yes" if value else "progress.answer_no")
        return names.get(value, str(value)) if isinstance(value, str) else str(value)

    fields = [name for name in yours if name != "id"]
    st.dataframe(pd.DataFrame({
        context.t("store_error.theirs"): [text(theirs.get(name)) for name in fields],
        context.t("store_error.yours"): [text(yours.get(name)) for name in fields],
    }, index=[context.t(f"progress.field.{name}") for name in fields]))


# --- metrics --------------------------------------------------------------------------------

def metric_editor(context: PageContext, loaded: store.LoadedBoard, scope: str,
                  views: Sequence[MetricView]) -> None:
    """Choose a metric (or "new"), edit it in a form, delete it."""
    t = context.t
    names = {view.metric.id: view.metric.name for view in views}
    chosen = st.selectbox(t("progress.edit.choose"), [NEW, *names], key=EDIT_KEY,
                          format_func=lambda i: t("progress.edit.new") if i == NEW else names[i])
    metric = next((view.metric for view in views if view.metric.id == chosen), None)
    form_id = f"{loaded.id}/metric/{chosen}"
    generation, seen = _form_state(form_id, loaded.revision)
    key = f"pc_progress_metric_{chosen}_{generation}"
    with st.form(key):
        form, slots = _metric_fields(context, loaded, MetricForm.of(
            metric, context.language, persona_of(scope)), key)
        submitted = st.form_submit_button(
            t("progress.edit.save" if metric else "progress.edit.add"), type="primary",
            icon=":material/save:" if metric else ":material/add:")
    if submitted:
        _submit_metric(context, form_id, form, slots, metric, seen)
    if metric is not None and st.button(t("progress.edit.delete"), icon=":material/delete:",
                                        key=f"{key}_delete"):
        def remember(revision: int) -> None:
            st.session_state[UNDO] = (UNDO_DELETE, loaded.id, revision, metric.name)

        _save(context, form_id, [store.Delete(metric.id, seen)],
              t("progress.edit.deleted", name=escape_markdown(metric.name)), on_saved=remember)


def _metric_fields(context: PageContext, loaded: store.LoadedBoard, initial: MetricForm,
                   key: str) -> tuple[MetricForm, Slots]:
    """The metric form's widgets, each with an empty slot under it for its error."""
    t, board = context.t, loaded.board
    slots: Slots = {"_form": st.empty()}
    personas = [p.id for p in board.personas] + [None]
    names = persona_names(context, board)
    outcomes = outcome_choices(board)
    date_format = t("progress.form.date_format")
    values: dict[str, Any] = {}

    def text(column, name: str, **extra: Any) -> None:
        values[name] = column.text_input(t(f"progress.field.{name}"), getattr(initial, name),
                                         key=f"{key}_{name}", **extra)
        slots[name] = column.empty()

    def choice(column, name: str, options: list, label: Callable[[Any], str]) -> None:
        current = getattr(initial, name)
        values[name] = column.selectbox(
            t(f"progress.field.{name}"), options, key=f"{key}_{name}", format_func=label,
            index=options.index(current) if current in options else 0)
        slots[name] = column.empty()

    row = st.columns([3, 2, 2, 2])
    text(row[0], "name", max_chars=MAX_TEXT, help=t("progress.form.name_help"))
    choice(row[1], "persona", personas, lambda p: names[p])
    choice(row[2], "dimension", list(DIMENSIONS), lambda d: t(f"progress.dimension.{d}"))
    choice(row[3], "kind", ["improve", "secure"], lambda k: t(f"progress.kind.{k}"))
    row = st.columns(6)
    text(row[0], "unit", max_chars=MAX_TEXT, help=t("progress.form.unit_help"))
    text(row[1], "baseline", help=t("progress.form.baseline_help"))
    text(row[2], "current", help=t("progress.form.current_help"))
    text(row[3], "target", help=t("progress.form.target_help"))
    text(row[4], "tolerance", help=t("progress.form.tolerance_help"))
    text(row[5], "weight", help=t("progress.form.weight_help"))
    row = st.columns([1, 1, 1.3, 1.3, 3.4])
    text(row[0], "scale_min", help=t("progress.form.scale_help"))
    text(row[1], "scale_max", help=t("progress.form.scale_help"))
    for column, name in ((row[2], "baseline_date"), (row[3], "current_date")):
        values[name] = column.date_input(t(f"progress.field.{name}"), getattr(initial, name),
                                         format=date_format, key=f"{key}_{name}")
        slots[name] = column.empty()
    choice(row[4], "outcome", [None, *outcomes],
           lambda o: t("progress.form.no_outcome") if o is None else outcomes[o])
    row = st.columns(2)
    for column, name in ((row[0], "required_outcome"), (row[1], "appropriate_experience")):
        values[name] = column.checkbox(t(f"progress.field.{name}"), getattr(initial, name),
                                       key=f"{key}_{name}", help=t(f"progress.form.{name}_help"))
    return MetricForm(**values), slots


def _submit_metric(context: PageContext, form_id: str, form: MetricForm, slots: Slots,
                   metric: Metric | None, seen: int) -> None:
    t = context.t
    try:
        record = metric_from_form(form, context.language, metric.id if metric else None)
    except ProgressInputError as error:
        _field_error(slots, error.field, input_message(context, error, form))
        return
    except BoardFileError as error:
        _field_error(slots, _field_of(error.path),
                     t(f"file_error.{error.code}", **error.params))
        return
    data = record.model_dump(exclude={"id"})
    operation = (store.Update(metric.id, data, seen) if metric
                 else store.Add("metrics", data))
    success = t("progress.edit.saved" if metric else "progress.edit.added",
                name=escape_markdown(record.name))
    _save(context, form_id, [operation], success, slots=slots,
          conflict=(Metric, record.model_dump(mode="json")))


def input_message(context: PageContext, error: ProgressInputError, form: MetricForm) -> str:
    """The message for a bad metric field; a value off the rating scale names the scale."""
    if error.reason == "out_of_range" and error.field == "scale_max":
        return context.t("progress.error.scale_order")
    return problem_message(context, error, {"low": form.scale_min, "high": form.scale_max})


def undo_delete(context: PageContext) -> None:
    """Offer to bring back the metric this viewer deleted last on this board."""
    undo = st.session_state.get(UNDO)
    if not (undo and undo[0] == UNDO_DELETE and undo[1] == context.board_id):
        return
    _, board_id, revision, name = undo
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
        date_col, button_col = st.columns([2, 3], vertical_alignment="bottom")
        day = date_col.date_input(t("progress.snapshots.date"), "today",
                                  format=t("progress.form.date_format"))
        submitted = button_col.form_submit_button(t("progress.snapshots.save"),
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
    operations = [
        store.Update(old.id, new.model_dump(exclude={"id"}), loaded.revision) if old
        else store.Add("snapshots", new.model_dump(exclude={"id"}))
        for old, new in pairs]
    run_safely(context, lambda: context.apply(operations),
               t("progress.snapshots.saved", date=format_date(day, context.language)))


# --- worth it -------------------------------------------------------------------------------

_RATINGS = (("effort", "risk"), ("push", "pull", "anxiety", "habit"))


def worth_editor(context: PageContext, loaded: store.LoadedBoard, scope: str) -> None:
    """Value and price of the progress (left) and the forces of switching (right)."""
    t, board = context.t, loaded.board
    persona = persona_of(scope)
    worth = worth_of(board, persona)
    form_id = f"{loaded.id}/worth/{scope}"
    generation, seen = _form_state(form_id, loaded.revision)
    key = f"pc_progress_worth_{scope}_{generation}"
    initial = WorthForm.of(worth, context.language)
    currency = currency_of(board)
    symbol = f" ({currency_symbol(currency, context.language)})" if currency else ""
    values: dict[str, Any] = {}
    with st.form(key):
        slots: Slots = {"_form": st.empty()}
        price_col, forces_col = st.columns(2, gap="large")
        price_col.markdown(f"**{t('progress.worth.price_title')}**")
        forces_col.markdown(f"**{t('progress.worth.forces_title')}**")
        money_cols = price_col.columns(2)
        for column, name in zip(money_cols, ("value", "price"), strict=True):
            values[name] = column.text_input(t(f"progress.field.{name}") + symbol,
                                             getattr(initial, name), key=f"{key}_{name}",
                                             help=t(f"progress.form.{name}_help"))
            slots[name] = column.empty()
        for container, names in ((price_col, _RATINGS[0]), (forces_col, _RATINGS[1])):
            columns = container.columns(2)
            for index, name in enumerate(names):
                values[name] = columns[index % 2].slider(
                    t(f"progress.field.{name}"), 0, 10, getattr(initial, name),
                    key=f"{key}_{name}", help=t(f"progress.form.{name}_help"))
        submitted = st.form_submit_button(t("progress.worth.save"), type="primary",
                                          icon=":material/save:")
    if not submitted:
        return
    form = WorthForm(**values)
    try:
        record = worth_from_form(form, context.language, persona, worth.id if worth else None)
    except ProgressInputError as error:
        _field_error(slots, error.field, problem_message(context, error))
        return
    except BoardFileError as error:
        _field_error(slots, _field_of(error.path),
                     t(f"file_error.{error.code}", **error.params))
        return
    data = record.model_dump(exclude={"id"})
    operation = store.Update(worth.id, data, seen) if worth else store.Add("worth", data)
    _save(context, form_id, [operation], t("progress.worth.saved"), slots=slots,
          conflict=(Worth, record.model_dump(mode="json")))
