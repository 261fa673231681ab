"""One vocabulary for what cannot be done as asked: a bad number, a bad file, a refused write.

Every error that Progress Canvas explains to a person is a :class:`Problem` (a ``ValueError``)
with three parts:

- ``field``: where, as a dotted path (``needs[2].outcomes[0].importance``,
  ``rates.lead_to_prospect``, ``baseline``); empty when it concerns the whole thing;
- ``code``: what, a stable word (``not_a_number``, ``out_of_range``, ``conflict`` …);
- ``params``: what the sentence needs (``low``, ``high``, ``limit`` …).

Each kind of problem names the catalog its sentences live in (``catalog``, a key prefix in
``data/i18n/<language>/``): the sentence of a code is ``<catalog>.<code>``, and a field may
have its own wording, ``<catalog>.<field>.<code>`` ("Give the scenario a name" rather than
"Enter a value").  :func:`message` turns any problem into one sentence in the viewer's
language, and ``str(problem)`` is the English one.  Pages never build these sentences
themselves.

Example::

    >>> problem = Problem("importance", "out_of_range", low=0, high=10)
    >>> message(problem, "en")
    'importance: must be a number from 0 to 10'
    >>> message(problem, "en", with_field=False)
    'must be a number from 0 to 10'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from components import i18n
from components.formatting import format_number


class Problem(ValueError):
    """Something that cannot be done as asked; nothing was changed.

    Subclasses set ``catalog`` to the key prefix of their sentences (``file_error``,
    ``store_error`` …); the base's sentences are under ``error``.
    """

    catalog: ClassVar[str] = "error"

    def __init__(self, field: str, code: str, **params: Any) -> None:
        self.field = field
        self.code = code
        self.params = params
        super().__init__(message(self, "en"))

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and (self.field, self.code, self.params)
                == (other.field, other.code, other.params))

    def __hash__(self) -> int:
        return hash((type(self), self.field, self.code))


def message(problem: Problem, language: str, *, with_field: bool = True) -> str:
    """The problem as one sentence in ``language``, starting with the place unless
    ``with_field`` is False (a form shows it under the field already).

    A place in a file given as ``line`` and ``column`` (and no field) is said in the
    language too, when the catalog has ``<catalog>.place``.  Times in ``params`` show as
    hours, minutes and seconds ("changed by Ann at 14:03:12"), ``Decimal`` numbers as the
    language writes them ("bis 1.000.000.000.000").
    """
    params = {name: _shown(value, language) for name, value in problem.params.items()}
    specific = f"{problem.catalog}.{problem.field}.{problem.code}"
    key = specific if problem.field and i18n.has(specific) else f"{problem.catalog}.{problem.code}"
    detail = i18n.t(language, key, **params)
    where = problem.field or _line_and_column(problem, language)
    return f"{where}: {detail}" if with_field and where else detail


def _line_and_column(problem: Problem, language: str) -> str:
    """A place in a file given as ``line`` and ``column`` (no field): "Zeile 3, Spalte 1"."""
    place = f"{problem.catalog}.place"
    if {"line", "column"} <= problem.params.keys() and i18n.has(place):
        return i18n.t(language, place, line=problem.params["line"],
                      column=problem.params["column"])
    return ""


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M:%S}"
    if isinstance(value, Decimal):
        return format_number(value, language, digits=10)
    return value
