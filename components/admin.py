"""Command line for the board database: ``python -m components.admin``.

For moving boards in and out as board files, seeing what is stored, and filling a database
with demo boards (trying the app, benchmarks).  Uses the same database as the app unless
``--db URL`` says otherwise (before or after the command's own arguments)::

    python -m components.admin import shelf.yaml            # facilitator link, then the id
    python -m components.admin import shelf.yaml --into ID  # replace ID's content: one revision
    python -m components.admin export ID > shelf.yaml
    python -m components.admin list                          # id<TAB>title, one board a line
    python -m components.admin demo --items 1000             # facilitator link, then the id

The command line is the server operator: it acts with the operator's access
(``store.operator``), a facilitator's without the key.  A board it creates gets a new
facilitator key, printed once as the facilitator link ``/?board=<id>&key=<key>`` (put the
app's address before it) on a line of its own: only the key's digest is stored, so the link
cannot be shown again.  The board's id stays alone on the last line.

Exit status: 0 done; 2 refused (bad board file, unknown board id, bad arguments) and nothing
was written; 1 the database could not be used.  Errors go to stderr, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from components import config, demo
from components.board import boardfile, store
from components.board.model import MAX_ITEMS, Board, count_items
from components.errors import Problem, message
from components.numbers import in_range, whole

#: Who the command line's changes are by, in the boards' history.
OPERATOR = store.Person("", "command line")
REFUSED = 2
DATABASE_FAILED = 1


class Refused(Problem):
    """A request that cannot be done as asked; nothing was written.

    Said in English on stderr (``str(refused)``); ``field`` is the file or is empty.
    """

    catalog = "admin_error"


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    url = args.db or ""
    try:
        url = url or config.database_url()
        return args.command(args, url)
    except Refused as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
    except (sa.exc.SQLAlchemyError, OSError, ImportError) as error:
        print(f"error: cannot use the database {_shown(url)}: {_first_line(error)}",
              file=sys.stderr)
        return DATABASE_FAILED


def import_board(args: argparse.Namespace, url: str) -> int:
    """Create a board from a file, or replace an existing board's content with it."""
    board = _read_board(args.file)
    engine = store.connect(url)
    if args.into is None:
        return _created(engine, board)
    access = store.operator(engine, args.into, OPERATOR)
    if access is None:
        raise Refused("", "no_board", board=args.into)
    try:
        revision = store.replace(engine, access, board)
    except store.BoardNotFound:  # deleted meanwhile
        raise Refused("", "no_board", board=args.into) from None
    print(f"replaced the content with {args.file}'s as revision {revision}")
    print(args.into)
    return 0


def _created(engine: sa.Engine, board: Board) -> int:
    """Store a new board; print what it holds, its facilitator link, and its id last."""
    key = store.new_key()
    board_id = store.create(engine, board, OPERATOR, key)
    print(f"created {board.title!r} with {count_items(board)} items; its facilitator link "
          "(shown only now; put the app's address before it):")
    print(f"/?{urlencode({'board': board_id, 'key': key})}")
    print(board_id)
    return 0


def export_board(args: argparse.Namespace, url: str) -> int:
    """Write the board as a board file to stdout."""
    try:
        loaded = store.load(store.connect(url), args.board_id)
    except store.BoardNotFound:
        raise Refused("", "no_board", board=args.board_id) from None
    sys.stdout.write(boardfile.dump(loaded.board))
    return 0


def list_boards(args: argparse.Namespace, url: str) -> int:
    """``id<TAB>title`` per board, most recently changed first."""
    for summary in store.list_boards(store.connect(url), limit=None):
        print(f"{summary.id}\t{' '.join(summary.title.split())}")
    return 0


def create_demo(args: argparse.Namespace, url: str) -> int:
    """Create a demo board of about ``--items`` records."""
    return _created(store.connect(url), demo.demo_board(args.items, args.seed))


def _read_board(path: str) -> Board:
    """The board in the file at ``path``; :class:`Refused` names the file and the place."""
    try:
        with Path(path).open("rb") as file:
            data = file.read(boardfile.MAX_BYTES + 1)  # enough to know it is too large
    except OSError as error:
        raise Refused(path, "unreadable", reason=error.strerror or str(error)) from None
    try:
        return boardfile.read(data)
    except boardfile.BoardFileError as error:
        raise Refused(path, "bad_file", problem=message(error, "en")) from None


def _item_count(text: str) -> int:
    """``--items``: a whole number from 1 to the item limit of a board."""
    try:
        in_range(text, 1, MAX_ITEMS, "items")
        return whole(text, "items")
    except Problem as problem:
        raise argparse.ArgumentTypeError(message(problem, "en", with_field=False)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m components.admin",
                                     description="Import, export, list and create boards.")
    parser.add_argument("--db", metavar="URL", default=None,
                        help="SQLAlchemy database URL (default: the one the app uses)")
    commands = parser.add_subparsers(dest="name", required=True, metavar="COMMAND")
    # --db also after the command's arguments; SUPPRESS keeps a --db given before the command
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                    help="SQLAlchemy database URL (default: the one the app uses)")

    importing = commands.add_parser("import", parents=[db], help="create a board from a file")
    importing.add_argument("file", metavar="FILE", help="board file (progress-canvas/1 YAML)")
    importing.add_argument("--into", metavar="BOARD_ID",
                           help="replace this board's content instead, as one new revision")
    importing.set_defaults(command=import_board)

    exporting = commands.add_parser("export", parents=[db], help="print a board as a file")
    exporting.add_argument("board_id", metavar="BOARD_ID")
    exporting.set_defaults(command=export_board)

    listing = commands.add_parser("list", parents=[db], help="list the boards: id, title")
    listing.set_defaults(command=list_boards)

    demoing = commands.add_parser("demo", parents=[db], help="create a demo board")
    demoing.add_argument("--items", type=_item_count, required=True, metavar="N",
                         help=f"about how many records (1 to {MAX_ITEMS})")
    demoing.add_argument("--seed", type=int, default=0,
                         help="another seed gives other texts and numbers (default 0)")
    demoing.set_defaults(command=create_demo)
    return parser


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return repr(url)


def _first_line(error: BaseException) -> str:
    """SQLAlchemy messages run on with SQL and links; the first line says what went wrong."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


if __name__ == "__main__":
    sys.exit(main())
