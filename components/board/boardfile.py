"""Board files: the YAML interchange format of a whole board (``format: progress-canvas/1``).

``load(text) -> Board`` and ``dump(board) -> str`` round-trip: ``load(dump(b)) == b``.
Only safe YAML is read, and numbers with a decimal point are read as ``Decimal`` so that a
rate of ``0.7`` stays exactly 7/10.  Anything malformed raises :class:`BoardFileError`, whose
``path`` names the place (``needs[2].outcomes[0].importance``); nothing else escapes.

Example::

    format: progress-canvas/1
    title: Put up a shelf
    needs:
    - id: j1
      text: Put up a shelf on the wall
      outcomes:
      - {id: o1, text: It hangs straight, importance: 9, satisfaction: 3}
    solutions:
    - {id: s1, text: Laser spirit level}
    links:
    - {id: l1, solution: s1, target: o1, strength: strong}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from pydantic import ValidationError

from components.board.model import FORMAT, MAX_ITEMS, Board, count_items, referential_errors
from components.errors import Problem

MAX_BYTES = 1_000_000


class BoardFileError(Problem):
    """A board file (or board content) that cannot be used; ``path`` (its ``field``) names the
    place, e.g. ``needs[2].outcomes[0].importance``; sentences under ``file_error``."""

    catalog = "file_error"

    @property
    def path(self) -> str:
        return self.field

    @classmethod
    def from_validation(cls, error: ValueError) -> BoardFileError:
        """The first problem of a pydantic ``ValidationError`` (e.g. from a form)."""
        if isinstance(error, ValidationError):
            return _first_problem(error)
        return cls("", "invalid", detail=str(error))


class _DecimalSafeLoader(yaml.SafeLoader):
    """Safe YAML, but floats become Decimal: exact rates and money."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _Dumper(yaml.SafeDumper):
    """Safe YAML writer that writes Decimal as a plain number and tuples as lists."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)


def dump(board: Board) -> str:
    """The board as a board file; fields left at their defaults are omitted."""
    content = board.model_dump(mode="python", exclude_defaults=True, exclude={"format"})
    document = {"format": FORMAT, **content}
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def load(text: str) -> Board:
    """Parse and validate a board file; raises :class:`BoardFileError` naming the place."""
    if not isinstance(text, str):
        raise BoardFileError("", "not_text")
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise BoardFileError("", "too_large", limit=MAX_BYTES // 1_000_000)
    document = _parse_yaml(text)
    if not isinstance(document, dict):
        raise BoardFileError("", "not_a_board")
    if document.get("format") != FORMAT:
        raise BoardFileError("format", "wrong_format", expected=FORMAT)
    return validate(document)


def validate(document: dict) -> Board:
    """Build a board from plain data, with the same checks and errors as a board file."""
    try:
        board = Board.model_validate(document)
    except ValidationError as error:
        raise _first_problem(error) from None
    except (TypeError, ValueError, ArithmeticError) as error:  # exotic YAML values
        raise BoardFileError("", "not_a_board", detail=str(error)) from None
    if count_items(board) > MAX_ITEMS:
        raise BoardFileError("", "too_many_items", limit=MAX_ITEMS)
    problems = referential_errors(board)
    if problems:
        path, code = problems[0]
        raise BoardFileError(path, code)
    return board


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_DecimalSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise BoardFileError(place, "bad_yaml", detail=error.problem or "") from None
    except (yaml.YAMLError, ArithmeticError, RecursionError) as error:
        raise BoardFileError("", "bad_yaml", detail=str(error)) from None


def path_of(location: tuple) -> str:
    """``('needs', 2, 'outcomes', 0, 'importance')`` -> ``needs[2].outcomes[0].importance``.

    Pydantic adds the name of a union member to the location (``importance.float``);
    those parts are not places in the file and are left out.
    """
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in _UNION_MEMBERS or "[" in str(part):
            continue
        else:
            path += f".{part}" if path else str(part)
    return path


_UNION_MEMBERS = {"float", "int", "str", "decimal", "date", "bool", "none", "function-after"}

#: pydantic error type -> our catalog code
_CODES = {
    "missing": "missing",
    "extra_forbidden": "unknown_key",
    "string_too_short": "empty",
    "string_pattern_mismatch": "bad_id",
    "bool_type": "not_bool",
    "bool_parsing": "not_bool",
    "date_from_datetime_parsing": "not_date",
    "date_parsing": "not_date",
    "date_type": "not_date",
}


def _first_problem(error: ValidationError) -> BoardFileError:
    problem = error.errors(include_url=False)[0]
    path = path_of(problem["loc"])
    kind = problem["type"]
    ctx = problem.get("ctx", {})
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds_of(path)
        if low is not None and high is not None:
            return BoardFileError(path, "out_of_range", low=low, high=high)
        return BoardFileError(path, "too_small", limit=ctx.get("ge", ctx.get("gt", 0)))
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "int_parsing",
                "int_type", "int_from_float", "decimal_max_places", "finite_number"):
        return BoardFileError(path, "not_a_number")
    if kind in ("list_type", "tuple_type", "model_type", "dict_type", "string_type",
                "model_attributes_type"):
        return BoardFileError(path, "wrong_type")
    if kind == "string_too_long":
        return BoardFileError(path, "too_long", limit=ctx.get("max_length"))
    if kind == "literal_error":
        return BoardFileError(path, "not_allowed", allowed=ctx.get("expected", ""))
    return BoardFileError(path, _CODES.get(kind, "invalid"), detail=problem.get("msg", ""))


def _bounds_of(path: str) -> tuple[Any, Any]:
    """The allowed range of a bounded number field, for a message like "from 0 to 10"."""
    field = path.rsplit(".", 1)[-1]
    if field in ("importance", "satisfaction", "effort", "risk", "push", "pull", "anxiety",
                 "habit"):
        return 0, 10
    if field in ("functional", "emotional", "social"):
        return 0, 100
    if path.split(".")[-2:-1] == ["rates"] or ".rates." in path:
        return 0, 1
    return None, None
