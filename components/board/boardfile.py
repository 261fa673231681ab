"""Board files: the YAML interchange format of a whole board (``format: progress-canvas/1``).

``load(text) -> Board`` and ``dump(board) -> str`` round-trip: ``load(dump(b)) == b``.
Anything malformed raises :class:`BoardFileError`, whose ``path`` names the place
(``needs[2].outcomes[0].importance``, or ``line 4, column 7`` for what is wrong before there
is a board to name places in); nothing else escapes.

A file is read strictly, as written, never coerced:

- only plain YAML: mappings, sequences, text, numbers, ``true``/``false``, ``null`` and dates.
  Other tags (``!!binary``, ``!!set``, ``!!python/…``), merge keys (``<<``), a key written
  twice in one mapping, and nesting deeper than ``MAX_DEPTH`` levels are refused;
- a number is a YAML number: ``"9"`` (text), ``true`` or ``yes`` (YAML's true) where a number
  belongs are refused, as is a number where text belongs; numbers with a decimal point are
  read exactly as ``Decimal`` (a rate of ``0.7`` is 7/10), whole numbers must be whole where
  the model wants a count (``3.0`` days is refused);
- ``.nan``, ``.inf``, a number literal of more than ``MAX_DIGITS`` characters, an impossible
  date (``2024-02-30``), a date as text (``'2024-02-03'``), a NUL or other control character
  and a lone surrogate are refused;
- the limits hold for the content as the board reads it, every alias written out: at most
  ``MAX_BYTES`` (1 MB) and ``model.MAX_ITEMS`` records, so a small file of nested aliases
  (a "billion laughs") is refused as fast as a big one;
- then every value must lie in its range (see :mod:`components.board.model`).

The store validates what it reads back from the database with :func:`validate` without
``strict`` (the database holds exact numbers as text, dates in ISO form).

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

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from components.board.bounds import CURRENCY_PATTERN, MONTH_PATTERN
from components.board.model import FORMAT, MAX_ITEMS, Board, count_items, referential_errors
from components.errors import Problem

try:  # libyaml reads the events of a 1 MB file in a tenth of a second, five times faster
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

MAX_BYTES = 1_000_000
MAX_DEPTH = 50  # a board file is six levels deep
MAX_DIGITS = 100  # longer than any number in range, short enough to read at once


class BoardFileError(Problem):
    """A board file (or board content) that cannot be used; ``path`` names the place, the
    ``field`` (``needs[2].outcomes[0].importance``) or, in the YAML itself, a ``line`` and
    ``column`` (parameters, said in the viewer's language); sentences under ``file_error``."""

    catalog = "file_error"

    @property
    def path(self) -> str:
        """The field, or ``line L, column C`` for what is wrong before there are fields."""
        if not self.field and "line" in self.params:
            return f"line {self.params['line']}, column {self.params['column']}"
        return self.field

    @classmethod
    def from_validation(cls, error: ValueError) -> BoardFileError:
        """The first problem of a pydantic ``ValidationError`` (e.g. from a form)."""
        if isinstance(error, ValidationError):
            return problems_of(error)[0]
        return cls("", "invalid", detail=str(error))


# --- writing ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Safe YAML writer that writes Decimal as a plain number and tuples as lists."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # PyYAML writes NEL (U+0085) as a line break, which reading folds into a space
    style = '"' if "\x85" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)


def dump(board: Board) -> str:
    """The board as a board file; fields left at their defaults are omitted."""
    content = board.model_dump(mode="python", exclude_defaults=True, exclude={"format"})
    document = {"format": FORMAT, **content}
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --- reading ---------------------------------------------------------------------------------


def read(data: bytes) -> Board:
    """A board file as uploaded or read from disk: UTF-8 bytes (no other encoding), then
    :func:`load`; bytes that are not UTF-8 are refused at the first of them."""
    if len(data) > MAX_BYTES:
        raise BoardFileError("", "too_large", limit=MAX_BYTES // 1_000_000)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start].decode("utf-8")
        raise BoardFileError("", "not_utf8", **_place_in(f"{before}?", len(before))) from None
    return load(text)


def load(text: str) -> Board:
    """Parse and validate a board file; raises :class:`BoardFileError` naming the place."""
    if not isinstance(text, str):
        raise BoardFileError("", "not_text")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:  # a lone surrogate: not text any file can hold
        raise BoardFileError("", "bad_character", **_place_in(text, error.start)) from None
    if size > MAX_BYTES:
        raise BoardFileError("", "too_large", limit=MAX_BYTES // 1_000_000)
    document = _parse_yaml(text)
    if not isinstance(document, dict):
        raise BoardFileError("", "not_a_board")
    if document.get("format") != FORMAT:
        raise BoardFileError("format", "wrong_format", expected=FORMAT)
    return validate(_written_out(document), strict=True)


def validate(document: dict, *, strict: bool = False) -> Board:
    """Build a board from plain data, with the same checks and errors as a board file.

    ``strict`` (board files): no coercion, see the module docstring; sequences must be tuples.
    """
    try:
        board = Board.model_validate(document, strict=strict)
    except ValidationError as error:
        raise problems_of(error)[0] from None
    except (TypeError, ValueError, ArithmeticError) as error:  # exotic values from a caller
        raise BoardFileError("", "not_a_board", detail=str(error)) from None
    if count_items(board) > MAX_ITEMS:
        raise BoardFileError("", "too_many_items", limit=MAX_ITEMS)
    problems = referential_errors(board)
    if problems:
        path, code = problems[0]
        raise BoardFileError(path, code)
    return board


def _parse_yaml(text: str) -> Any:
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise BoardFileError("", "bad_yaml", detail=error.problem or "", **_place(mark)) from None
    except ReaderError as error:  # a control character
        character = error.character
        at = text.find(chr(character)) if isinstance(character, int) else -1
        raise BoardFileError("", "bad_character", **_place_in(text, at)) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise BoardFileError("", "bad_yaml", detail=str(error)) from None
    finally:
        if loader is not None:
            loader.dispose()


def _place(mark: Any) -> dict[str, int]:
    """The line and column (from 1) of a YAML mark, as a problem's parameters."""
    return {"line": mark.line + 1, "column": mark.column + 1} if mark else {}


def _place_in(text: str, index: int) -> dict[str, int]:
    """The line and column of the character at ``index`` (nothing when it is unknown)."""
    if index < 0:
        return {}
    line_start = text.rfind("\n", 0, index) + 1
    return {"line": text.count("\n", 0, index) + 1, "column": index - line_start + 1}


class _Loader(_Parser, SafeConstructor, Resolver):
    """Safe YAML, strictly: the plain types only, each key once, at most ``MAX_DEPTH`` deep.

    libyaml (or PyYAML's parser) turns the text into events; composing them into nodes is
    PyYAML's Python composer, counting the depth: libyaml's own composer recurses in C and
    crashes the process on ``[[[[…`` a hundred thousand deep.
    """

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.anchors: dict = {}
        self.depth = 0

    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        if self.depth >= MAX_DEPTH:
            raise BoardFileError("", "too_deep", limit=MAX_DEPTH,
                                 **_place(self.peek_event().start_mark))
        self.depth += 1
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise BoardFileError("", "merge_key", **_place(key_node.start_mark))
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise BoardFileError("", "duplicate_key", name=key_node.value[:80],
                                         **_place(key_node.start_mark))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

    def _number_text(self, node: yaml.ScalarNode) -> str:
        text = self.construct_scalar(node).replace("_", "")
        if len(text) > MAX_DIGITS:
            raise BoardFileError("", "number_too_long", limit=MAX_DIGITS, **_place(node.start_mark))
        return text

    def construct_board_int(self, node: yaml.ScalarNode) -> int:
        self._number_text(node)
        return self.construct_yaml_int(node)

    def construct_board_decimal(self, node: yaml.ScalarNode) -> Decimal:
        """Floats become exact Decimals (``.nan`` and ``.inf`` too: the model names them)."""
        text = self._number_text(node).lower()
        try:
            return Decimal(_SPECIAL_FLOATS.get(text.lstrip("+"), text))
        except InvalidOperation:  # YAML 1.1's base 60, 1:30.5
            raise BoardFileError("", "not_a_number", **_place(node.start_mark)) from None

    def construct_board_timestamp(self, node: yaml.ScalarNode) -> dt.date:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2024-02-30
            raise BoardFileError("", "not_date", **_place(node.start_mark)) from None

    def construct_refused(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")[:80]
        raise BoardFileError("", "tag_not_allowed", tag=tag, **_place(node.start_mark))


_SPECIAL_FLOATS = {".nan": "NaN", ".inf": "Infinity", "-.inf": "-Infinity"}
_Loader.yaml_constructors = {
    tag: constructor for tag, constructor in SafeConstructor.yaml_constructors.items()
    if tag is not None and tag.rsplit(":", 1)[-1] in ("null", "bool", "str", "seq", "map")
}
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_board_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_board_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_board_timestamp)
_Loader.add_constructor(None, _Loader.construct_refused)  # !!binary, !!set, !foo …


def _written_out(document: dict) -> dict:
    """The document as validation reads it, sequences as tuples, once it is known to fit.

    Its size is measured as if every alias were written out: at most ``MAX_BYTES`` (a
    scalar costs its text and a separator, a collection two brackets) and ``MAX_DEPTH``
    levels, which also refuses an alias that contains itself.  What an alias stands for is
    measured once, so a "billion laughs" costs no more than its file.
    """
    measured: dict[int, tuple[int, int]] = {}  # id -> (size, depth) of a collection
    inside: set[int] = set()  # the collections being measured, to find one inside itself

    def measure(value: Any, level: int) -> tuple[int, int]:
        if not isinstance(value, (dict, list)):
            return len(str(value)) + 2, 0
        if id(value) in measured:
            return measured[id(value)]
        if level >= MAX_DEPTH or id(value) in inside:
            raise BoardFileError("", "too_deep", limit=MAX_DEPTH)
        inside.add(id(value))
        parts = value.items() if isinstance(value, dict) else enumerate(value)
        size, depth = 2, 0
        for key, item in parts:
            item_size, item_depth = measure(item, level + 1)
            size += item_size + (len(str(key)) + 2 if isinstance(value, dict) else 0)
            depth = max(depth, item_depth + 1)
            if size > MAX_BYTES:
                raise BoardFileError("", "too_large_expanded", limit=MAX_BYTES // 1_000_000)
        inside.discard(id(value))
        if level + depth > MAX_DEPTH:
            raise BoardFileError("", "too_deep", limit=MAX_DEPTH)
        measured[id(value)] = size, depth
        return size, depth

    def frozen(value: Any, path: tuple) -> Any:
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):
                raise BoardFileError(path_of(path), "bad_key")
            return {key: frozen(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return tuple(frozen(item, (*path, index)) for index, item in enumerate(value))
        return value

    measure(document, 0)
    return frozen(document, ())


# --- naming the problem ----------------------------------------------------------------------


def path_of(location: tuple) -> str:
    """``('needs', 2, 'outcomes', 0, 'importance')`` -> ``needs[2].outcomes[0].importance``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


#: pydantic error type -> our catalog code
_CODES = {
    "missing": "missing",
    "extra_forbidden": "unknown_key",
    "string_too_short": "empty",
    "string_type": "not_a_text",
    "bool_type": "not_bool",
    "bool_parsing": "not_bool",
    "date_type": "not_date",
    "date_parsing": "not_date",
    "date_from_datetime_parsing": "not_date",
    "date_from_datetime_inexact": "not_date",
    "int_type": "not_a_whole_number",
    "int_parsing": "not_a_whole_number",
    "int_from_float": "not_a_whole_number",
    "is_instance_of": "not_a_number",
    "decimal_type": "not_a_number",
    "decimal_parsing": "not_a_number",
    "float_type": "not_a_number",
    "float_parsing": "not_a_number",
    "finite_number": "not_a_number",
    "list_type": "wrong_type",
    "tuple_type": "wrong_type",
    "model_type": "wrong_type",
    "dict_type": "wrong_type",
    "model_attributes_type": "wrong_type",
    "nul_character": "nul_character",
    "bad_character": "bad_character",
}
#: the model's own checks: the code is the sentence, the context its parameters
_MODEL_CODES = ("out_of_range", "out_of_range_or_zero", "date_out_of_range", "too_precise",
                "too_many_people")
_PATTERN_CODES = {CURRENCY_PATTERN: "bad_currency", MONTH_PATTERN: "bad_month"}


def problems_of(error: ValidationError) -> list[BoardFileError]:
    """Every problem of a pydantic ``ValidationError``, in the model's field order."""
    return [_problem(problem) for problem in error.errors(include_url=False)]


def _problem(problem: dict) -> BoardFileError:
    path = path_of(problem["loc"])
    kind = problem["type"]
    ctx = problem.get("ctx", {})
    if kind in _MODEL_CODES:
        return BoardFileError(path, kind, **{name: _number(value) for name, value in ctx.items()})
    if kind == "string_too_long":
        return BoardFileError(path, "too_long", limit=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return BoardFileError(path, _PATTERN_CODES.get(ctx.get("pattern"), "bad_id"))
    if kind == "literal_error":
        return BoardFileError(path, "not_allowed", allowed=ctx.get("expected", ""))
    if kind in _CODES:
        return BoardFileError(path, _CODES[kind])
    return BoardFileError(path, "invalid", detail=problem.get("msg", ""))


def _number(value: Any) -> Any:
    """A bound as the message shows it: numbers as Decimal, which messages format for the
    viewer's language (1.000.000.000.000 in German); dates as they are."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value
