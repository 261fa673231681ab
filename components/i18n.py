"""Translations: YAML catalogs per language in ``data/i18n/<language>/`` (en, de, sv).

Each tool keeps its texts in a file of its own (``core.yaml``, ``funnel.yaml``, …); the files
of a language are merged, and every language must have the same keys (a test checks).

``t(language, "home.create", **params)`` looks a dotted key up in the language's catalog and
fills ``{placeholders}`` with ``str.format``.  A key missing in German or Swedish falls back
to English (the test suite fails when that happens, so it is only a safety net); a key
missing everywhere shows as the key itself rather than crashing a page.

One way to translate, by where the code runs:

- **Pages and widgets** have a ``PageContext``: ``context.t("home.create", title=…)``, always
  spelled out (no ``t = context.t`` alias, no partial), so every text visibly follows the
  viewer's language.
- **Components** (and the few widget functions that get only a language, such as the cached
  chart builders): ``i18n.t(language, "progress.dimension.functional")``, with the language
  passed in, never a bound translator kept in an object.  A text in another language than the
  viewer's (the language names in the language picker, the new board's welcome) is this call
  too.
- **Errors** are never translated by hand: ``components.errors.message(problem, language)``
  says any :class:`~components.errors.Problem`.

Example: ``t("de", "home.revision", revision=3)`` -> ``"Version 3"``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "i18n"
#: The languages of the interface, of the catalogs and of a board.
LANGUAGES = ("en", "de", "sv")
DEFAULT_LANGUAGE = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    """The flat ``{dotted.key: text}`` catalog of one language (read once per process)."""
    merged: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / language).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            merged.update(flatten(yaml.safe_load(handle) or {}))
    return merged


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """``{"a": {"b": "x"}}`` -> ``{"a.b": "x"}``."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def has(key: str) -> bool:
    """Whether the catalogs hold ``key`` (every language holds the same keys)."""
    return key in catalog(DEFAULT_LANGUAGE)


def t(language: str, key: str, **params: Any) -> str:
    """The text for ``key`` in ``language``, with ``params`` filled in."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    if not params or not isinstance(text, str):
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
