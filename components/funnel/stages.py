"""The stage table of seed 004: stage names, the five columns, the worked templates.

For each stage the seed keeps five columns: the customer's buying process, our task, the
response we expect, the metric that measures it, and what we discover.  The words live in
``data/funnel_stages/<language>.yaml`` with two worked templates (the hair salon and the
electronics design service).  A board's table starts empty; a template fills the editor
only when someone picks it, and becomes the board's content once saved.

Example: ``rate_label("lead_to_prospect", "de")`` -> ``Lead → Prospect``;
``stage_rows((), None)`` -> six rows with every column empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from components.board import store
from components.board.model import StageRow
from components.funnel.calc import RATE_KEYS, STAGES

STAGE_COLUMNS = ("buying_process", "task", "response", "metric", "discovery")
STAGE_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "data" / "funnel_stages"


@dataclass(frozen=True)
class StageVocabulary:
    """Stage names and what they mean, column titles and questions, the worked templates."""

    stage_names: dict[str, str]
    stage_meanings: dict[str, str]
    columns: dict[str, str]
    questions: dict[str, str]
    templates: dict[str, dict[str, dict[str, str]]]


@cache
def stage_vocabulary(language: str) -> StageVocabulary:
    """``data/funnel_stages/<language>.yaml``: names, columns and the stage-table templates.

    Every top-level key besides ``stage_names``, ``stage_meanings``, ``columns`` and
    ``column_questions`` is a template (``hair_salon``, ``electronics_service``) mapping each
    stage to its five columns.
    """
    path = STAGE_TEMPLATE_DIR / f"{language}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = document.pop("stage_names")
    meanings = document.pop("stage_meanings")
    columns = document.pop("columns")
    questions = document.pop("column_questions", {})
    return StageVocabulary(names, meanings, columns, questions, document)


def rate_label(key: str, language: str) -> str:
    """``Suspect → Lead``: the two stages the conversion rate ``key`` connects, in ``language``."""
    names = stage_vocabulary(language).stage_names
    index = RATE_KEYS.index(key)
    return f"{names[STAGES[index]]} → {names[STAGES[index + 1]]}"


def stage_rows(stages: Sequence[StageRow], template: Mapping[str, Mapping[str, str]] | None
               ) -> list[dict]:
    """The six rows of the stage table: the board's own where saved, else the template's
    (empty without one)."""
    saved = {row.stage: row for row in stages}
    rows = []
    for stage in STAGES:
        if stage in saved:
            source: Mapping[str, str] = saved[stage].model_dump()
        else:
            source = (template or {}).get(stage, {})
        rows.append({"stage": stage, **{column: str(source.get(column) or "").strip()
                                        for column in STAGE_COLUMNS}})
    return rows


def stage_operations(existing: Sequence[StageRow], rows: Sequence[Mapping],
                     base_revision: int) -> list[store.Operation]:
    """Store operations that save the edited stage table: update changed rows, add new ones
    (a row left empty that was never saved stays unsaved)."""
    saved = {row.stage: row for row in existing}
    operations: list[store.Operation] = []
    for row in rows:
        data = {"stage": row["stage"],
                **{column: str(row.get(column) or "").strip() for column in STAGE_COLUMNS}}
        current = saved.get(row["stage"])
        if current is None:
            if any(data[column] for column in STAGE_COLUMNS):
                operations.append(store.Add("stages", data))
        elif current.model_dump(exclude={"id"}) != data:
            operations.append(store.Update(current.id, data, base_revision))
    return operations
