"""The worked examples shipped in ``data/examples`` as board files.

A file is named ``<key>.<language>.yaml`` (``shelf.de.yaml``); an example is offered in the
viewer's language when a translation exists, else in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from components.board import boardfile
from components.board.model import Board

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "examples"


@dataclass(frozen=True)
class Example:
    """One worked example in one language."""

    key: str
    language: str
    path: Path

    def board(self) -> Board:
        return boardfile.load(self.path.read_text(encoding="utf-8"))


def all_examples() -> list[Example]:
    """Every example file, in name order."""
    return [Example(*path.name.split(".")[:2], path)
            for path in sorted(EXAMPLES_DIR.glob("*.*.yaml"))]


def examples_for(language: str) -> list[Example]:
    """One entry per example: in ``language`` where translated, else English."""
    chosen: dict[str, Example] = {}
    for example in all_examples():
        if example.language == language or (example.language == "en"
                                            and example.key not in chosen):
            chosen[example.key] = example
    return sorted(chosen.values(), key=lambda example: example.key)
