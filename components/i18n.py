"""Translations: YAML catalogs per language in ``data/i18n/<language>/`` (en, de, sv).

Each tool keeps its texts in a file of its own (``core.yaml``, ``funnel.yaml``, …); the files
of a language are merged, and every language must have the same keys (a test checks).

``t(language, "home.create", **params)`` looks a dotted key up in the language's catalog and
fills ``{placeholders}`` with ``str.format``.  A key missing in German or Swedish falls back
to English (the test suite fails when that happens, so it is only a safety net); a key
missing everywhere shows as the key itself rather than crashing a page.

**Counts** take the language's plural forms (Babel's CLDR rules: English, German and Swedish
say ``one`` for exactly 1 and ``other`` for every other number).  A counted text is written in
the catalog as its forms, and said with ``count=``, which also fills ``{count}`` (grouped the
viewer's way)::

    hidden_items:
      one: "{count} idea of others is hidden."
      other: "{count} ideas of others are hidden."

``t("en", "workshop.hidden_items", count=1)`` -> ``"1 idea of others is hidden."``.  A sentence with
several counts is put together from counted parts, each a key of its own
(``funnel.count.customer``, ``report.votes.people``).

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

from collections.abc import Mapping
from functools import cache
from numbers import Real
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from components.formatting import format_integer, format_number, locale_of

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "i18n"
#: The languages of the interface, of the catalogs and of a board.
LANGUAGES = ("en", "de", "sv")
DEFAULT_LANGUAGE = "en"
#: The plural categories of CLDR; a catalog entry made of them (always with ``other``) is a
#: counted text.
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


@cache
def catalog(language: str) -> dict[str, Any]:
    """The flat ``{dotted.key: text}`` catalog of one language (read once per process)."""
    merged: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / language).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            merged.update(flatten(yaml.safe_load(handle) or {}))
    return merged


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """``{"a": {"b": "x"}}`` -> ``{"a.b": "x"}``; a counted text stays a mapping of its forms."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and not is_plural(value):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def is_plural(value: object) -> bool:
    """Whether a catalog value is a counted text: its plural forms, ``other`` among them."""
    return isinstance(value, Mapping) and "other" in value and set(value) <= PLURAL_FORMS


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(locale_of(language))


def plural_form(language: str, count: Real) -> str:
    """The CLDR plural category of ``count`` in ``language``: ``plural_form("de", 1)`` ->
    ``"one"``, ``plural_form("sv", 2)`` -> ``"other"``.

    A whole number counts as written without decimals (``Decimal("1.0")`` is shown as "1", so
    it is ``one``), as :func:`t` shows it.
    """
    return _locale(language).plural_form(int(count) if count == int(count) else count)


def forms(language: str, key: str) -> dict[str, str]:
    """The plural forms of a counted text, ``{"one": …, "other": …}`` (for the canvas script,
    which picks ``one`` for exactly 1 as :func:`plural_form` does in these languages)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key)
    return dict(text) if is_plural(text) else {"other": text or key}


def has(key: str) -> bool:
    """Whether the catalogs hold ``key`` (every language holds the same keys)."""
    return key in catalog(DEFAULT_LANGUAGE)


def t(language: str, key: str, count: Real | None = None, **params: Any) -> str:
    """The text for ``key`` in ``language``, with ``params`` filled in.

    ``count`` chooses the form of a counted text (``other`` without one) and fills
    ``{count}``: a whole number grouped (``1.250`` in German), else with up to two decimals.
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    if is_plural(text):
        form = "other" if count is None else plural_form(language, count)
        text = text.get(form) or text["other"]
    if count is not None:
        params = {"count": (format_integer(count, language) if count == int(count)
                            else format_number(count, language, 2)), **params}
    if not params or not isinstance(text, str):
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
