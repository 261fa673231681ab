"""The canvas editing panel: forms to add, edit, move, delete and link items, with undo.

Every write goes through :func:`commit`, the shared ``editing.save`` as this viewer; on success
the new revision is remembered for the undo button (a ``state.Undo`` of ``CANVAS_CHANGE``:
board id, what was done, revision), on failure the viewer sees a translated message and, for
a conflict, their version beside ours.  Forms keep what was typed when saving fails.

Forms are opened with ``editing.open_form`` (ids ``canvas_edit_<id>@``, ``canvas_add_<kind>@``
…): typing survives the page's live reruns and an edit is checked against the revision its form
was first drawn at, so someone else's change to the same record shows up as a conflict.  A
successful save or an undo draws the forms afresh from the records as they are now.  Below
the form of an outcome or an obstacle its evidence is shown and added
(``components.widgets.evidence.evidence_panel``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components import i18n
from components.board import boardfile, store
from components.board.model import JOB_PARTS, Board, Record
from components.canvas.view import CanvasInputError, CanvasView, clean_item, link_problem
from components.errors import Problem, message
from components.widgets import state
from components.widgets.editing import EditForm, Fields, digest, open_form, plain, reset, save
from components.widgets.evidence import evidence_panel
from components.widgets.shell import PageContext, escape_markdown

#: The editing tabs: collection and the ``canvas.kind`` of its items.
TABS = (("needs", "job"), ("outcomes", "outcome"), ("obstacles", "obstacle"),
        ("consequences", "consequence"), ("solutions", "solution"))
SOLUTION_KINDS = ("product", "service", "feature")
STRENGTHS = ("strong", "weak")
#: The collections whose records carry evidence (shown below their edit form).
EVIDENCED = ("outcomes", "obstacles")
#: Id prefix of every form of the canvas (drawn afresh after an undo).
FORMS = state.key("canvas_")
#: Id of the discussion prompts' form ("~" never occurs in a record id).
PROMPTS_FORM = f"{FORMS}edit_~prompts@"
#: Catalog key prefixes of the fields whose values are choices (a solution's kind …).
CHOICES = {"kind": "canvas.picture.solution_kind.", "source": "canvas.landscape.source_",
           "strength": "canvas.links."}
#: Problems whose message needs the field's name in front ("Importance: must be …").
FIELD_CODES = ("empty", "too_long", "out_of_range", "not_a_number")


# --- saving and undo -------------------------------------------------------------------------

def commit(context: PageContext, form: EditForm | None, operations: Sequence[store.Operation],
           done: str, kind: str | None = None) -> bool:
    """Save ``operations`` as one revision and remember it for undo (see ``editing.save``).

    ``kind`` (``canvas.kind``) names the text field of the records in the conflict table.
    Returns whether the write was refused as a conflict.
    """
    def remember(revision: int) -> None:
        state.remember_undo(state.Undo(state.CANVAS_CHANGE, context.board_id, done, revision))

    return save(context, form, operations, done, _conflict_fields(context, kind),
                invalid=lambda error: show_store_error(context, error), on_saved=remember)


def keep_mine(form: EditForm) -> bool:
    """Whether the viewer clicked "save my version anyway", offered after a conflict.

    The button is drawn in the run that showed the conflict (:func:`offer_keep_mine`); its
    click is read before the form is drawn, and the form's values (still what the viewer
    typed) are saved against the version the conflict showed.
    """
    return bool(st.session_state.get(f"{form.key}_again"))


def offer_keep_mine(context: PageContext, form: EditForm) -> None:
    """The "save my version anyway" button, below the conflict's table."""
    st.button(context.t("canvas.edit.keep_mine"), key=f"{form.key}_again",
              icon=":material/save:")


def show_store_error(context: PageContext, error: Problem) -> None:
    """A failed write in the viewer's language (a link whose end was deleted says so)."""
    st.error(escape_markdown(store_error_sentence(context, error)))


def store_error_sentence(context: PageContext, error: Problem) -> str:
    """Why the store refused a write, as one sentence in the viewer's language (a link to a
    record deleted meanwhile is said as the links form says it)."""
    if isinstance(error, boardfile.BoardFileError) and error.code in ("unknown_target",
                                                                      "unknown_solution"):
        return message(CanvasInputError("link", "link_gone"), context.language,
                       with_field=False)
    return message(error, context.language)


def _conflict_fields(context: PageContext, kind: str | None) -> Fields:
    """Record fields as the forms name them, for the conflict table."""
    names = {p.id: p.name for p in context.loaded.board.personas}
    special = {"text": f"canvas.field.text_{kind}" if kind else "canvas.field.text",
               "kind": "canvas.field.solution_kind", "source": "canvas.landscape.source",
               "description": "canvas.field.persona_description" if kind == "persona"
               else "canvas.field.description"}

    def label(name: str) -> str:
        key = special.get(name, f"canvas.field.{name}")
        return context.t(key) if key in i18n.catalog(context.language) else name

    def text(name: str, value: Any) -> str:
        if name == "persona" and value is not None:
            return names.get(value, value)
        if name in CHOICES:
            return context.t(f"{CHOICES[name]}{value}")
        return plain(context, value)

    return Fields(context.t("canvas.edit.field"), label, text)


def undo_button(context: PageContext) -> None:
    """"Undo: <what>" for this viewer's last canvas change on this board."""
    undo = state.undo_of(state.CANVAS_CHANGE, context.board_id)
    if undo is None or not context.can_edit:
        return
    if st.button(context.t("canvas.undo", done=escape_markdown(undo.label)),
                 icon=":material/undo:", key=state.key("canvas_undo")):
        def forget(_revision: int) -> None:
            state.forget_undo()
            reset(FORMS)

        save(context, None, lambda: context.revert(undo.revision),
             context.t("canvas.undone", done=undo.label),
             invalid=lambda error: show_store_error(context, error), on_saved=forget)


# --- the panel -------------------------------------------------------------------------------

def editing_panel(context: PageContext, view: CanvasView) -> None:
    """Choose a kind of item (or links, personas); its add form left, its edit form right.

    Only the chosen kind's forms are drawn: a rerun of the canvas (every live update, for
    every participant) then draws a few widgets instead of the forms of all seven kinds, and
    a shared screen shows the picture rather than a wall of forms until someone edits.
    """
    kinds = {collection: context.t(f"canvas.tab.{kind}") for collection, kind in TABS}
    kinds |= {"links": context.t("canvas.tab.links"), "personas": context.t("canvas.tab.personas")}
    chosen = st.segmented_control(context.t("canvas.edit.what"), list(kinds), format_func=kinds.get,
                                  key=state.key("canvas_edit_kind"))
    with st.container(key=state.key("canvas_edit_panel")):
        if chosen is None:
            st.caption(context.t("canvas.edit.pick_kind"))
        elif chosen == "links":
            _links_tab(context, view)
        elif chosen == "personas":
            _item_tab(context, view, "personas", "persona")
        else:
            _item_tab(context, view, chosen, dict(TABS)[chosen])


def _item_tab(context: PageContext, view: CanvasView, collection: str, kind: str) -> None:
    board = context.loaded.board
    add_col, edit_col = st.columns(2, gap="large")
    with add_col:
        _add_form(context, view, collection, kind)
    with edit_col:
        items = _items(board, collection)
        if not items:
            st.caption(context.t("canvas.edit.nothing_yet"))
            return
        labels = {record.id: _label(view, record) for record, _ in items}
        chosen = st.selectbox(
            context.t("canvas.edit.choose", kind=context.t(f"canvas.kind.{kind}")),
            list(labels), format_func=labels.get, key=state.key(f"canvas_pick_{collection}"))
        for record, parent in items:
            if record.id == chosen:
                _edit_form(context, view, collection, kind, record, parent, items)
                if collection in EVIDENCED:
                    _evidence(context, record)


def _evidence(context: PageContext, record: Record) -> None:
    """Where the need below the form comes from: its evidence, a form to add a piece."""
    st.markdown(f"**{context.t('evidence.title')}**")
    st.caption(context.t("evidence.explain"))
    evidence_panel(context, record.id, key=state.key("canvas_evidence"))


def _items(board: Board, collection: str) -> list[tuple[Record, str | None]]:
    """Records of a collection with their job (for a job's parts), in canvas order."""
    if collection in JOB_PARTS:
        return [(item, job.id) for job in board.needs for item in getattr(job, collection)]
    return [(record, None) for record in getattr(board, collection)]


def _label(view: CanvasView, record: Record) -> str:
    text = getattr(record, "text", None) or getattr(record, "name", "")
    code = view.codes.get(record.id)
    short = text if len(text) <= 70 else text[:69] + "…"
    return f"{code} · {short}" if code else short


def _add_form(context: PageContext, view: CanvasView, collection: str, kind: str) -> None:
    board = context.loaded.board
    if collection in JOB_PARTS and not board.needs:
        st.info(context.t("canvas.edit.add_job_first"))
        return
    form = open_form(context, f"{FORMS}add_{collection}@")  # empty again after an add
    key = form.key
    with st.form(key):
        st.markdown(f"**{context.t('canvas.edit.add', kind=context.t(f'canvas.kind.{kind}'))}**")
        values = _fields(context, collection, None, key)
        parent = _job_choice(context, view, None, key) if collection in JOB_PARTS else None
        if st.form_submit_button(context.t("canvas.edit.add_button"), type="primary",
                                 icon=":material/add:"):
            data = _checked_item(context, collection, values, parent)
            if data is None:
                return
            if collection == "outcomes":
                data["source"] = "estimate"
            done = context.t("canvas.edit.added", kind=context.t(f"canvas.kind.{kind}"))
            commit(context, form, [store.Add(collection, data, parent=parent)], done)


def _edit_form(context: PageContext, view: CanvasView, collection: str, kind: str,
               record: Record, parent: str | None,
               items: Sequence[tuple[Record, str | None]]) -> None:
    form = open_form(context, f"{FORMS}edit_{record.id}@")
    key = form.key
    again = keep_mine(form)
    siblings = [r.id for r, p in items if p == parent]
    code = view.codes.get(record.id, "")
    with st.form(key):
        values = _fields(context, collection, record, key)
        new_parent = (_job_choice(context, view, parent, key) if collection in JOB_PARTS
                      else None)
        position = st.number_input(context.t("canvas.edit.position"), min_value=1,
                                   max_value=max(len(siblings), 1),
                                   value=siblings.index(record.id) + 1, step=1,
                                   key=f"{key}_position",
                                   help=context.t("canvas.edit.position_help"))
        save_col, delete_col = st.columns(2)
        saving = save_col.form_submit_button(context.t("canvas.edit.save"), type="primary",
                                             icon=":material/save:")
        delete = delete_col.form_submit_button(context.t("canvas.edit.delete"),
                                               icon=":material/delete:")
    name = code or getattr(record, "name", "")
    if delete:
        commit(context, form, [store.Delete(record.id, form.base)],
               context.t("canvas.edit.deleted_item", item=name))
    if saving or again:
        data = _checked_item(context, collection, values, new_parent)
        if data is None:
            return
        full = _record_data(record)
        changed = {**full, **data}
        if collection == "outcomes" and (data["importance"], data["satisfaction"]) != (
                record.importance, record.satisfaction):
            changed["source"] = "estimate"
        operations: list[store.Operation] = []
        if changed != full:
            operations.append(store.Update(record.id, changed, form.base))
        moved_job = collection in JOB_PARTS and new_parent != parent
        if moved_job or position - 1 != siblings.index(record.id):
            operations.append(store.Move(record.id, int(position) - 1, form.base,
                                         parent=new_parent if moved_job else None))
        if not operations:
            st.info(context.t("canvas.edit.unchanged"))
            return
        if commit(context, form, operations, context.t("canvas.edit.saved", item=name), kind):
            offer_keep_mine(context, form)


def _checked_item(context: PageContext, collection: str, values: dict[str, Any],
                  parent: str | None) -> dict[str, Any] | None:
    """The form's values cleaned for the store, or None after showing what is wrong.

    A job's part (outcome, obstacle …) needs its job: ``parent`` None means it is gone.
    """
    data, problems = clean_item(collection, values)
    if collection in JOB_PARTS and parent is None:
        problems.append(CanvasInputError("job", "job_gone"))
    if problems:
        show_problems(context, problems)
        return None
    return data


def _record_data(record: Record) -> dict[str, Any]:
    """All own fields of a record as stored (an Update replaces all of them)."""
    return record.model_dump(mode="json", exclude={"id", *JOB_PARTS})


def _fields(context: PageContext, collection: str, record: Record | None,
            key: str) -> dict[str, Any]:
    """The input widgets of one record (empty when adding); returns their raw values."""
    board = context.loaded.board
    values: dict[str, Any] = {}

    def get(name: str, default: Any = "") -> Any:
        return getattr(record, name) if record else default

    if collection == "personas":
        values["name"] = st.text_input(context.t("canvas.field.name"), get("name"),
                                       key=f"{key}_name")
        values["description"] = st.text_area(context.t("canvas.field.persona_description"),
                                             get("description"),
                                             key=f"{key}_description", height=80)
        return values
    kind = dict(TABS)[collection]
    values["text"] = st.text_area(context.t(f"canvas.field.text_{kind}"), get("text"),
                                  key=f"{key}_text", height=80,
                                  placeholder=context.t(f"canvas.field.placeholder_{kind}"))
    if collection == "needs":
        names = {p.id: p.name for p in board.personas}
        options: list[str | None] = [None, *names]
        current = get("persona", None)
        values["persona"] = st.selectbox(
            context.t("canvas.field.persona"), options,
            index=options.index(current) if current in options else 0,
            format_func=lambda p: names.get(p, context.t("canvas.field.no_persona")),
            key=f"{key}_persona")
    elif collection == "outcomes":
        values["judged_by"] = st.text_input(context.t("canvas.field.judged_by"), get("judged_by"),
                                            key=f"{key}_judged_by",
                                            help=context.t("canvas.field.judged_by_help"))
        left, right = st.columns(2)
        for column, name in ((left, "importance"), (right, "satisfaction")):
            values[name] = column.number_input(
                context.t(f"canvas.field.{name}"), value=get(name, None), step=0.5,
                key=f"{key}_{name}", help=context.t(f"canvas.field.{name}_help"),
                placeholder=context.t("canvas.field.not_rated"))
    elif collection == "solutions":
        values["kind"] = st.selectbox(
            context.t("canvas.field.solution_kind"), SOLUTION_KINDS,
            index=SOLUTION_KINDS.index(get("kind", "product")),
            format_func=lambda k: context.t(f"canvas.picture.solution_kind.{k}"), key=f"{key}_kind")
        values["description"] = st.text_area(context.t("canvas.field.description"),
                                             get("description"),
                                             key=f"{key}_description", height=80)
    return values


def _job_choice(context: PageContext, view: CanvasView, current: str | None,
                key: str) -> str | None:
    """The job a part goes under; None when the job chosen was deleted meanwhile."""
    jobs = {job.id: job.text for job in context.loaded.board.needs}
    options = list(jobs)
    gone = _vanished(f"{key}_job", options)
    chosen = st.selectbox(
        context.t("canvas.field.job"), options,
        index=options.index(current) if current in options else 0,
        format_func=lambda j: f"{view.codes.get(j, '')} · {jobs[j][:70]}", key=f"{key}_job")
    return None if gone else chosen


def _vanished(key: str, options: Sequence[Any]) -> bool:
    """Whether the choice sent for the select box ``key`` is no longer among ``options``.

    Streamlit quietly resets a select box whose chosen option disappeared (someone deleted
    that item meanwhile); reading the sent value before the box is drawn lets the page say so
    instead of saving something the viewer did not choose.
    """
    pending = st.session_state.get(key)
    return pending is not None and pending not in options


def show_problems(context: PageContext, problems: Sequence[CanvasInputError]) -> None:
    """Each form problem as one sentence naming the field, in the viewer's language."""
    for problem in problems:
        st.error(escape_markdown(problem_sentence(context, problem)))


def problem_sentence(context: PageContext, problem: CanvasInputError) -> str:
    """A form problem as one sentence, naming the field where the sentence needs it."""
    sentence = message(problem, context.language, with_field=False)
    if problem.code in FIELD_CODES:
        sentence = f"{context.t(f'canvas.field.{problem.field}')}: {sentence}"
    return sentence


# --- links -----------------------------------------------------------------------------------

def _links_tab(context: PageContext, view: CanvasView) -> None:
    """Link a solution to the jobs, outcomes and obstacles it helps with, from either side."""
    board = context.loaded.board
    needs = {item.id: item for job in board.needs
             for item in (job, *job.outcomes, *job.obstacles)}
    solutions = {s.id: s for s in board.solutions}
    if not needs or not solutions:
        st.info(context.t("canvas.links.need_both"))
        return
    side = st.radio(context.t("canvas.links.side"), ("solution", "need"), horizontal=True,
                    format_func=lambda s: context.t(f"canvas.links.from_{s}"),
                    key=state.key("canvas_link_side"))
    ends = _LinkEnds.of(side, solutions, needs)
    chosen = st.selectbox(context.t(f"canvas.links.choose_{side}"), list(ends.own),
                          format_func=lambda i: _label(view, ends.own[i]),
                          key=state.key(f"canvas_link_pick_{side}"))
    links = [link for link in board.links if getattr(link, ends.own_end) == chosen]
    # one radio per link: the form restarts whenever the links change (editing.digest)
    form = open_form(context, f"{FORMS}links_{chosen}_{digest(links)}@")
    with st.form(form.key):
        changes, new_link = _links_form(context, view, form, ends, links)
        submitted = st.form_submit_button(context.t("canvas.links.save"), type="primary",
                                          icon=":material/link:")
    if submitted:
        _save_links(context, view, form, ends, chosen, links, changes, new_link)


@dataclass(frozen=True)
class _LinkEnds:
    """Which side the links tab starts from: its own items, the other side's, the link ends."""

    side: str
    own: Mapping[str, Record]
    other: Mapping[str, Record]
    own_end: str
    other_end: str

    @classmethod
    def of(cls, side: str, solutions: Mapping[str, Record],
           needs: Mapping[str, Record]) -> _LinkEnds:
        if side == "solution":
            return cls(side, solutions, needs, "solution", "target")
        return cls(side, needs, solutions, "target", "solution")


def _links_form(context: PageContext, view: CanvasView, form: EditForm, ends: _LinkEnds,
                links: Sequence) -> tuple[dict[str, str], tuple[bool, str | None, str]]:
    """The existing links (strong, weak, remove) and one new link; returns what was chosen:
    ``{link id: choice}`` and (whether the new link's choice vanished, its target, strength)."""
    key = form.key
    if links:
        st.markdown(f"**{context.t('canvas.links.existing')}**")
    changes = {}
    for link in links:
        changes[link.id] = st.radio(
            escape_markdown(_label(view, ends.other[getattr(link, ends.other_end)])),
            (*STRENGTHS, "remove"),
            index=STRENGTHS.index(link.strength), horizontal=True,
            format_func=lambda s: context.t(f"canvas.links.{s}"), key=f"{key}_{link.id}")
    linked = {getattr(link, ends.other_end) for link in links}
    candidates: list[str | None] = [None, *(i for i in ends.other if i not in linked)]
    gone = _vanished(f"{key}_new", candidates)
    label = context.t(f"canvas.links.add_{'need' if ends.side == 'solution' else 'solution'}")
    target = st.selectbox(label, candidates, format_func=lambda i: _label(view, ends.other[i])
                          if i else context.t("canvas.links.none"), key=f"{key}_new")
    strength = st.radio(context.t("canvas.links.strength"), STRENGTHS, horizontal=True,
                        format_func=lambda s: context.t(f"canvas.links.{s}"), key=f"{key}_strength")
    return changes, (gone, target, strength)


def _save_links(context: PageContext, view: CanvasView, form: EditForm, ends: _LinkEnds,
                chosen: str, links: Sequence, changes: dict[str, str],
                new_link: tuple[bool, str | None, str]) -> None:
    """Save the changed strengths, the removals and the new link as one revision."""
    gone, target, strength = new_link
    operations: list[store.Operation] = []
    for link in links:
        wanted = changes[link.id]
        if wanted == "remove":
            operations.append(store.Delete(link.id, form.base))
        elif wanted != link.strength:
            operations.append(store.Update(link.id, {"solution": link.solution,
                                                     "target": link.target,
                                                     "strength": wanted}, form.base))
    if gone:
        show_problems(context, [CanvasInputError("link", "link_gone")])
        return
    if target is not None:
        pair = {ends.own_end: chosen, ends.other_end: target}
        problem = link_problem(context.loaded.board, pair["solution"], pair["target"])
        if problem:
            show_problems(context, [problem])
            return
        operations.append(store.Add("links", {**pair, "strength": strength}))
    if not operations:
        st.info(context.t("canvas.edit.unchanged"))
        return
    commit(context, form, operations,
           context.t("canvas.links.saved", item=view.codes.get(chosen, "")))
