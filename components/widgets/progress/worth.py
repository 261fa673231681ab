"""The progress page's worth-it section read out: the verdict with its break-even price and
what would tip it, the forces of switching, and all personas' verdicts side by side.

The sentences come from :mod:`components.progress.verdict`, in the verdict's own currency and
period; every text is escaped (a "$" would start a formula in Streamlit's Markdown).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.board.model import Board
from components.progress.verdict import (
    Judgement,
    break_even_sentence,
    cost_sentence,
    judge,
    lever_sentence,
    money,
    switch_sentence,
    verdict_sentence,
    worth_of,
)
from components.progress.view import NO_PERSONA, views_in
from components.widgets import state
from components.widgets.shell import PageContext, escape_markdown

_VERDICT_BOX = {"clearly_above": st.success, "close": st.warning, "below": st.error}
#: Widget keys of the test cards on a persona's verdict.
TESTS_KEY = state.key("progress_tests")


#: The verdict read out (see :func:`verdict_texts`): its kind, the sentence, what pays off
#: and tips it, how benefit and cost are made up; ``None`` without metrics to judge by.
VerdictTexts = tuple[str, str, str, str] | None


def verdict_texts(language: str, judgement: Judgement) -> VerdictTexts:
    """The sentences :func:`show_verdict` shows, escaped (made once per board, scope and
    language: the page keeps them with ``cache.derived``)."""
    verdict = judgement.verdict
    if verdict is None:
        return None
    return (verdict.verdict, verdict_sentence(judgement, language, escape_markdown),
            "\n\n".join(escape_markdown(sentence(judgement, language))
                         for sentence in (break_even_sentence, lever_sentence)),
            escape_markdown(cost_sentence(judgement, language)))


def show_verdict(context: PageContext, texts: VerdictTexts) -> None:
    """Worth it?  The verdict, the price that still pays off, what else would tip it, and how
    benefit and cost are made up."""
    if texts is None:
        st.info(context.t("progress.worth.no_metrics"))
        return
    kind, verdict, paying, costs = texts
    _VERDICT_BOX[kind](verdict)
    st.markdown(paying)
    st.caption(costs)


def show_forces_verdict(context: PageContext, judgement: Judgement) -> None:
    """Switch likely only when push + pull outweigh anxiety + habit."""
    forces = judgement.forces
    (st.success if forces.likely else st.warning)(switch_sentence(forces, context.language))


def show_worth_overview(context: PageContext, board: Board,
                        names: Mapping[str | None, str]) -> None:
    """All personas' worth-it verdicts and forces in one table (the "all personas" scope),
    each in its own currency and period."""
    language = context.language
    rows = []
    for persona in [*(p.id for p in board.personas), None]:
        worth = worth_of(board, persona)
        if worth is None:
            continue
        judgement = judge(views_in(board, persona or NO_PERSONA), worth)
        verdict = judgement.verdict
        rows.append({
            context.t("progress.scope.label"): names[persona],
            context.t("progress.worth.verdict"): (
                context.t(f"progress.worth.short_{verdict.verdict}") if verdict else "–"),
            context.t("progress.worth.benefit"): (
                money(verdict.benefit, worth, language) if verdict else ""),
            context.t("progress.worth.cost"): (
                money(verdict.cost, worth, language) if verdict else ""),
            context.t("progress.worth.break_even_column"): (
                money(verdict.break_even, worth, language)
                if verdict and verdict.break_even is not None else "–"),
            context.t("progress.worth.switch"): context.t(
                "progress.worth.switch_yes" if judgement.forces.likely
                else "progress.worth.switch_no"),
        })
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.info(context.t("progress.worth.none_saved"))
