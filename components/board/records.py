"""Reading a field of a record that may be a mapping or an object.

The calculations in :mod:`components.canvas.fit` and :mod:`components.progress.score` take
plain dicts (from a test, a script or a CSV row) as readily as the board's pydantic models and
their own dataclasses.  :func:`field_of` reads a field from either; a field that is not there
comes back as :data:`MISSING`, so each calculation raises its own error naming the field.

Example::

    field_of({"weight": 2}, "weight")        -> 2
    field_of(metric, "weight")               -> metric.weight
    field_of({}, "weight", 1)                -> 1
    field_of({}, "weight") is MISSING        -> True
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

#: What :func:`field_of` returns for a field that is not there and has no default.
MISSING: Any = object()


def field_of(item: Any, key: str, default: Any = MISSING) -> Any:
    """``item[key]`` for a mapping, ``item.key`` otherwise; ``default`` when it has no such field.

    A mapping never falls back to its attributes (``{}`` has no field ``items``).
    """
    if _is_mapping(type(item)):
        return item.get(key, default)
    return getattr(item, key, default)


@cache
def _is_mapping(kind: type) -> bool:
    """Whether records of this type are mappings (cached: the ABC check is slow per call)."""
    return issubclass(kind, Mapping)
