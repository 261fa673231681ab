"""Evidence for one need (an outcome or an obstacle): how well-founded it is, each piece
(source, customers, quote, date), a form to add one and a way to remove one.

Self-contained, for any page to place where a need is shown or edited::

    from components.widgets.evidence import evidence_panel
    evidence_panel(context, outcome.id, key=state.key("canvas_evidence"))

The need's record is saved with its whole evidence list through
:mod:`components.widgets.editing`: an edit someone else made to the same need meanwhile is
reported with both versions, never overwritten.  Observers see the evidence, not the forms.
Every user text is shown as text.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from components.board.bounds import MAX_CUSTOMERS, MAX_TEXT
from components.board.model import Evidence, Obstacle, Outcome
from components.board.operations import Update
from components.canvas.evidence import SOURCES, foundation, foundation_sentence
from components.formatting import format_date, format_integer
from components.widgets import state
from components.widgets.editing import EditForm, Fields, open_form, save
from components.widgets.shell import PageContext, escape_markdown


def evidence_panel(context: PageContext, item_id: str, key: str = state.key("evidence")) -> None:
    """The evidence of the outcome or obstacle ``item_id`` on the context's board.

    ``key`` starts every widget key (two panels on one page need two keys).
    """
    item = _need(context, item_id)
    if item is None:
        st.info(context.t("evidence.gone"))
        return
    found = foundation(item.evidence)
    (st.success if found.level == "triangulated" else st.info)(
        escape_markdown(foundation_sentence(found, context.language)),
        icon=":material/fact_check:")
    if item.evidence:
        st.dataframe(_table(context, item.evidence), hide_index=True)
    else:
        st.caption(context.t("evidence.none_yet"))
    if context.can_edit:
        _add_form(context, item, key)
        if item.evidence:
            _remove(context, item, key)


def _need(context: PageContext, item_id: str) -> Outcome | Obstacle | None:
    return next((part for job in context.loaded.board.needs
                 for part in (*job.outcomes, *job.obstacles) if part.id == item_id), None)


def _table(context: PageContext, evidence: tuple[Evidence, ...]) -> pd.DataFrame:
    language = context.language
    return pd.DataFrame([{
        context.t("evidence.field.source"): context.t(f"evidence.source.{piece.source}"),
        context.t("evidence.field.customers"): format_integer(piece.customers, language),
        context.t("evidence.field.quote"): piece.quote,
        context.t("evidence.field.date"): format_date(piece.date, language) if piece.date else "",
    } for piece in evidence])


def _fields(context: PageContext) -> Fields:
    return Fields(context.t("progress.field.field"),
                  lambda name: context.t(f"evidence.field.{name.split('.')[0]}"))


def _save(context: PageContext, editing: EditForm | None, item: Outcome | Obstacle,
          evidence: list[Evidence], success: str) -> None:
    """Save the need with ``evidence`` as its whole list, based on the form's revision (or on
    this run's board when no form was open)."""
    base = editing.base if editing else context.loaded.revision
    data = item.model_dump(mode="json", exclude={"id"}) | {
        "evidence": [piece.model_dump(mode="json") for piece in evidence]}
    save(context, editing, [Update(item.id, data, base)], success, _fields(context))


def _add_form(context: PageContext, item: Outcome | Obstacle, key: str) -> None:
    editing = open_form(context, f"{key}_add_{item.id}_{context.language}@")
    with st.form(editing.key):
        st.markdown(f"**{context.t('evidence.add')}**")
        source_col, customers_col, date_col = st.columns([2, 1, 1.5])
        source = source_col.selectbox(context.t("evidence.field.source"), SOURCES,
                                      format_func=lambda s: context.t(f"evidence.source.{s}"),
                                      key=f"{editing.key}_source")
        customers = customers_col.number_input(context.t("evidence.field.customers"), min_value=0,
                                               max_value=MAX_CUSTOMERS, value=1, step=1,
                                               key=f"{editing.key}_customers",
                                               help=context.t("evidence.help.customers"))
        day = date_col.date_input(context.t("evidence.field.date"), None,
                                  format=context.t("progress.form.date_format"),
                                  key=f"{editing.key}_date")
        quote = st.text_area(context.t("evidence.field.quote"), max_chars=MAX_TEXT, height=68,
                             key=f"{editing.key}_quote")
        submitted = st.form_submit_button(context.t("evidence.add"), icon=":material/add:")
    if submitted:
        piece = Evidence(source=source, customers=0 if source == "estimate" else int(customers),
                         quote=quote.strip(), date=day)
        _save(context, editing, item, [*item.evidence, piece], context.t("evidence.added"))


def _remove(context: PageContext, item: Outcome | Obstacle, key: str) -> None:
    """Remove one piece, chosen by what it says (not by its place, which may have moved)."""
    pieces = {_digest(index, piece): piece for index, piece in enumerate(item.evidence)}
    labels = {digest: " · ".join(part for part in (
        context.t(f"evidence.source.{piece.source}"),
        format_integer(piece.customers, context.language), piece.quote[:60]) if part)
        for digest, piece in pieces.items()}
    pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick_col.selectbox(context.t("evidence.choose"), list(labels), format_func=labels.get,
                                key=f"{key}_pick_{item.id}")
    if button_col.button(context.t("evidence.remove"), icon=":material/delete:",
                         key=f"{key}_remove_{item.id}") and chosen in pieces:
        kept = [piece for digest, piece in pieces.items() if digest != chosen]
        _save(context, None, item, kept, context.t("evidence.removed"))


def _digest(index: int, piece: Evidence) -> str:
    """A piece's choice key: what it says, and which of equal pieces it is."""
    same = hashlib.sha256(piece.model_dump_json().encode()).hexdigest()[:12]
    return f"{same}-{index}"
