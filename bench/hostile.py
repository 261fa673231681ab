"""Reliability under hostile board files: every one is refused, quickly, with a place named.

    python bench/hostile.py              # the whole corpus, in-process and on the command line
    python bench/hostile.py --no-cli     # in-process only (a few seconds)

The corpus (:func:`corpus`, built here in code, 70-odd files) holds what breaks parsers and
pages: broken YAML, tags that build other objects (``!!binary``, ``!!python/object``), keys
written twice, merge keys, text or yes/no where a number belongs, numbers of 5000 digits,
``.nan``, ``.inf``, impossible dates, control characters, other encodings, values beyond the
model's bounds, plans of more than 10^12 people, nesting a hundred thousand levels deep and
alias bombs ("billion laughs", up to a 1 MB file of aliases).  Each file is

- loaded in-process with ``components.board.boardfile.load`` (``read`` for the bytes of a file
  that is not UTF-8), timed;
- imported with ``python -m components.admin import FILE --db <scratch SQLite>`` in a
  subprocess, which must exit 2 with the place on stderr and no traceback, and write nothing.

A file is *refused* when both do that (``BoardFileError``; exit 2), *escaped* when anything
else happens (another exception, another exit status, a traceback, a crash of the
interpreter, a board written), *accepted* when it loads (a corpus file that is not hostile).
The command line runs first, so a file that crashes the interpreter is reported instead of
ending the benchmark.  Goals: nothing escapes or is accepted; no load over 2 s.  The times
include nothing but the load (in-process) or the whole command with Python's start-up
(command line).  Exit status 1 when a file escaped or was accepted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, save_results, table
from components.board import boardfile, store
from components.board.boardfile import BoardFileError

GOAL_SECONDS = 2.0
CLI_TIMEOUT_SECONDS = 120

BASE = """\
format: progress-canvas/1
title: Put up a shelf
personas:
- {id: p1, name: Home DIYer}
needs:
- id: j1
  text: Put up a shelf on the wall
  persona: p1
  outcomes:
  - {id: o1, text: It hangs straight, importance: 9, satisfaction: 3}
  obstacles:
  - {id: b1, text: The floor is not level}
solutions:
- {id: s1, text: Laser spirit level}
links:
- {id: l1, solution: s1, target: o1}
metrics:
- {id: m1, name: minutes to hang it, baseline: 120, current: 45, target: 30, weight: 1}
snapshots:
- {id: n1, date: 2026-09-01, functional: 50}
worth:
- {id: w1, value: 100, price: 40, effort_hours: 3, hour_value: 20}
scenarios:
- id: x1
  name: Expected
  target_revenue: 100000
  deal_value: 1000
  rates: {suspect_to_lead: 0.1, lead_to_prospect: 0.25, prospect_to_customer: 0.5,
          customer_to_consumption: 0.8, consumption_to_reference: 0.1}
  cycle_days: {suspect: 30, lead: 14, prospect: 45}
actuals:
- {id: a1, month: 2026-09, suspect: 900, lead: 80}
"""


@dataclass(frozen=True)
class Case:
    """One hostile file: a name saying what is wrong with it, and its content."""

    name: str
    content: str | bytes

    @property
    def data(self) -> bytes:
        """The file's bytes (text as UTF-8, a lone surrogate as the bytes Python would write)."""
        if isinstance(self.content, bytes):
            return self.content
        return self.content.encode("utf-8", "surrogatepass")


def _swap(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def _importance(value: str) -> str:
    return _swap("importance: 9", f"importance: {value}")


def _baseline(value: str) -> str:
    return _swap("baseline: 120", f"baseline: {value}")


def _target(value: str) -> str:
    return _swap("target_revenue: 100000", f"target_revenue: {value}")


def _date(value: str) -> str:
    return _swap("date: 2026-09-01", f"date: {value}")


def _title(value: str) -> str:
    return _swap("title: Put up a shelf", f"title: {value}")


def laughs(levels: int, fan_out: int = 10, head: str = BASE) -> str:
    """The "billion laughs": each alias stands for ``fan_out`` of the one before."""
    lines = [head.rstrip("\n"), "x0: &x0 [" + ", ".join(["lol"] * fan_out) + "]"]
    lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * fan_out)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _filled(make: Callable[[int], str], limit: int = boardfile.MAX_BYTES) -> str:
    """The largest ``make(n)`` that stays within ``limit`` bytes (n doubling, then halving)."""
    low, high = 1, 2
    while len(make(high).encode()) <= limit:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if len(make(middle).encode()) <= limit else (low, middle)
    return make(low)


def corpus() -> list[Case]:
    """Every hostile file, each a small change to a valid board (``BASE``) or a file of its own."""
    rates = "rates: {suspect_to_lead: 0.1,"
    cases = [
        # not YAML, or not one mapping
        Case("empty file", ""),
        Case("only a comment", "# nothing here\n"),
        Case("a list, not a board", "- format: progress-canvas/1\n"),
        Case("a plain scalar", "progress-canvas/1"),
        Case("unclosed flow sequence", BASE + "votes: [\n"),
        Case("unclosed quote", _title('"Put up a shelf')),
        Case("tab indentation", BASE.replace("  text: Put up", "\ttext: Put up")),
        Case("two documents", BASE + "---\n" + BASE),
        Case("wrong format", BASE.replace("progress-canvas/1", "progress-canvas/2")),
        Case("no title", BASE.replace("title: Put up a shelf\n", "")),
        Case("unknown key", BASE + "colour: red\n"),
        # tags that make other things than text, numbers and dates
        Case("!!binary title", _title("!!binary aGVsbG8=")),
        Case("!!set of personas", BASE.replace("personas:\n- {id: p1, name: Home DIYer}",
                                               "personas: !!set {a, b}")),
        Case("!!omap", BASE + "answers: !!omap [{a: 1}]\n"),
        Case("!!pairs", BASE + "answers: !!pairs [{a: 1}]\n"),
        Case("!!python/object", BASE + "votes: !!python/object:os.system {}\n"),
        Case("!!python/name", _title("!!python/name:os.system")),
        Case("a local tag", _title("!shell rm -rf /")),
        Case("!!str where a number belongs", _importance("!!str 9")),
        # keys
        Case("title twice", BASE + "title: Again\n"),
        Case("a key twice in a record", BASE.replace("{id: s1, text: Laser spirit level}",
                                                     "{id: s1, text: a, text: b}")),
        Case("merge key", BASE + "base: &base {text: x}\nanswers:\n- {<<: *base}\n"),
        Case("number as a key", BASE + "1: one\n"),
        Case("complex key", BASE + "? [a, b]\n: c\n"),
        # no coercion: text, yes/no or a fraction where something else belongs
        Case("quoted number", _importance("'9'")),
        Case("true for a number", _importance("true")),
        Case("yes for a number", _importance("yes")),
        Case("on for a number", _baseline("on")),
        Case("a number for text", _title("12")),
        Case("a list for text", _title("[a, b]")),
        Case("a mapping for a number", _baseline("{a: 1}")),
        Case("3.0 days", BASE.replace("suspect: 30,", "suspect: 30.0,")),
        Case("'yes' for a yes/no",
             BASE.replace("weight: 1}", "weight: 1, required_outcome: 'yes'}")),
        Case("a number for a date", _date("20260901")),
        Case("a date in quotes", _date("'2026-09-01'")),
        Case("a time for a date", _date("2026-09-01 10:00:00")),
        # numbers no page can show
        Case("5000-digit integer", _importance("9" * 5000)),
        Case("5000-digit decimal", _baseline("0." + "1" * 5000)),
        Case("2000-digit hexadecimal", _baseline("0x" + "f" * 2000)),
        Case("1e400000 (text in YAML)", _target("1e400000")),
        Case("1.0e+400000", _target("1.0e+400000")),
        Case("-1.0e+400000", _baseline("-1.0e+400000")),
        Case("1.0e-400000", _baseline("1.0e-400000")),
        Case(".nan", _importance(".nan")),
        Case(".inf", _baseline(".inf")),
        Case("-.inf", _baseline("-.inf")),
        Case("base 60 float", _baseline("1:30.5")),
        Case("target 1e29", _target("1.0e+29")),
        Case("target above 10^12", _target("1000000000000.01")),
        Case("rate below one in a million",
             BASE.replace(rates, "rates: {suspect_to_lead: 1.0e-7,")),
        Case("rate above 1", BASE.replace(rates, "rates: {suspect_to_lead: 1.5,")),
        Case("11 decimal places", _baseline("0.12345678901")),
        Case("importance 11", _importance("11")),
        Case("negative count", BASE.replace("lead: 80}", "lead: -1}")),
        Case("count above 10^12", BASE.replace("lead: 80}", "lead: 1000000000001}")),
        Case("a plan of 10^13 people", _swap("deal_value: 1000", "deal_value: 0.0000001")),
        Case("cycle of 100 years", BASE.replace("suspect: 30,", "suspect: 36500,")),
        # dates
        Case("30 February", _date("2024-02-30")),
        Case("year 0", _date("0000-01-01")),
        Case("year 9999", _date("9999-12-31")),
        Case("month 13", BASE.replace("month: 2026-09", "month: 2026-13")),
        # characters
        Case("raw NUL", _title("Put up\x00a shelf")),
        Case("escaped NUL", _title('"Put up\\0a shelf"')),
        Case("raw escape character", _title("Put up\x1ba shelf")),
        Case("escaped lone surrogate", _title('"Put up\\ud800a shelf"')),
        Case("raw lone surrogate", _title("Put up\ud800a shelf")),
        Case("1001 characters", _title("x" * 1001)),
        # encodings
        Case("Latin-1", _title("Café").encode("latin-1")),
        Case("UTF-16", BASE.encode("utf-16")),
        Case("UTF-8 cut in a character", BASE.encode() + "é".encode()[:1]),
        Case("CESU-8 surrogate bytes", BASE.encode() + b"\xed\xa0\x80\n"),
        # references
        Case("an id twice", BASE.replace("{id: s1, text: Laser spirit level}",
                                         "{id: s1, text: a}\n- {id: s1, text: b}")),
        Case("a link to nothing", BASE.replace("target: o1}", "target: nowhere}")),
        # size, depth and aliases
        Case("over 1 MB", BASE + "description: " + "x" * boardfile.MAX_BYTES + "\n"),
        Case("5001 items", BASE.replace("solutions:\n", "solutions:\n" + "".join(
            f"- {{id: z{i}, text: s}}\n" for i in range(5001)))),
        Case("100 000 nested flow sequences", BASE + "answers: " + "[" * 100_000
             + "]" * 100_000 + "\n"),
        Case("100 000 nested block sequences", BASE + "answers:\n" + "- " * 100_000 + "x\n"),
        Case("an alias inside itself", BASE + "answers: &a [*a]\n"),
        Case("billion laughs, 1 KB", laughs(9)),
        Case("aliases making 1 MB of text", BASE + "t: &t " + "x" * 999 + "\n" + "u: ["
             + ", ".join(["*t"] * 1100) + "]\n"),
        Case("5001 items by alias", BASE.replace(
            "solutions:\n", "solutions:\n- &s {text: same}\n" + "- *s\n" * 5000)),
        Case("a 1 MB file of aliases", _filled(laughs)),
        Case("a 1 MB chain of aliases", _filled(lambda n: laughs(n, fan_out=2))),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


# --- running -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What loading one file did, in-process and on the command line."""

    case: Case
    load_seconds: float
    load_result: str  # "refused" / "accepted" / "escaped"
    load_message: str
    cli_seconds: float | None
    cli_result: str | None
    cli_message: str | None

    @property
    def result(self) -> str:
        results = {self.load_result, self.cli_result or self.load_result}
        return next(r for r in ("escaped", "accepted", "refused") if r in results)


def load_in_process(case: Case) -> tuple[float, str, str]:
    """``boardfile.load`` (or ``read`` for bytes that are not UTF-8): seconds, result, message."""
    started = time.perf_counter()
    try:
        try:
            text = case.data.decode("utf-8") if isinstance(case.content, bytes) else case.content
        except UnicodeDecodeError:
            boardfile.read(case.data)
        else:
            boardfile.load(text)
    except BoardFileError as error:
        return time.perf_counter() - started, "refused", str(error)
    except BaseException as error:
        return time.perf_counter() - started, "escaped", f"{type(error).__name__}: {error}"
    return time.perf_counter() - started, "accepted", "loaded"


def import_on_the_command_line(case: Case, path: Path, url: str) -> tuple[float, str, str]:
    """``python -m components.admin import``: seconds, result, stderr's first line."""
    path.write_bytes(case.data)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "components.admin", "import", str(path),
                               "--db", url], cwd=ROOT, capture_output=True, text=True,
                              errors="replace", timeout=CLI_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, "escaped", f"no answer in {CLI_TIMEOUT_SECONDS} s"
    seconds = time.perf_counter() - started
    first_line = (done.stderr.strip().splitlines() or [""])[0].replace(str(path), "FILE")
    if done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr:
        return seconds, "refused", first_line
    if done.returncode == 0:
        return seconds, "accepted", done.stdout.strip().splitlines()[0]
    return seconds, "escaped", f"exit {done.returncode}: {first_line or done.stderr[-200:]}"


def run(cases: list[Case], cli: bool) -> tuple[list[Outcome], int]:
    """Every case through both doors; also the number of boards the command line wrote."""
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="progress-canvas-hostile-") as directory:
        url = f"sqlite:///{Path(directory) / 'hostile.sqlite'}"
        path = Path(directory) / "board.yaml"
        for case in cases:
            cli_seconds = cli_result = cli_message = None
            if cli:
                cli_seconds, cli_result, cli_message = import_on_the_command_line(case, path, url)
            if cli_result == "escaped" and cli_message.startswith("exit -"):
                load = (0.0, "escaped", "not loaded in-process: it crashed the command line")
            else:
                load = load_in_process(case)
            outcomes.append(Outcome(case, *load, cli_seconds, cli_result, cli_message))
            print(f"  {outcomes[-1].result:8}  {case.name}", flush=True)
        written = len(store.list_boards(store.connect(url), limit=None)) if cli else 0
    return outcomes, written


def report(outcomes: list[Outcome], written: int, cli: bool) -> int:
    rows = [(o.case.name[:34], f"{len(o.case.data):,}", o.load_seconds * 1000,
             o.cli_seconds * 1000 if o.cli_seconds is not None else "-", o.result,
             o.load_message[:72].replace("\n", " ")) for o in outcomes]
    print(table(["file", "bytes", "load ms", "cli ms", "result", "message (in-process)"], rows))
    counts = {name: sum(o.result == name for o in outcomes)
              for name in ("refused", "accepted", "escaped")}
    slowest = max(outcomes, key=lambda o: o.load_seconds)
    print(f"\ntried {len(outcomes)}, refused {counts['refused']}, accepted {counts['accepted']}, "
          f"escaped {counts['escaped']}; slowest load {slowest.load_seconds:.2f} s "
          f"({slowest.case.name}; goal under {GOAL_SECONDS:.0f} s)")
    if cli:
        slowest_cli = max(outcomes, key=lambda o: o.cli_seconds)
        print(f"slowest command line {slowest_cli.cli_seconds:.2f} s ({slowest_cli.case.name}, "
              f"Python's start-up included); boards written by the command line: {written}")
    too_slow = [o for o in outcomes if o.load_seconds > GOAL_SECONDS]
    for outcome in too_slow:
        print(f"SLOW {outcome.load_seconds:.2f} s: {outcome.case.name}")
    for outcome in outcomes:
        if outcome.result != "refused":
            print(f"{outcome.result.upper()}: {outcome.case.name}\n  in-process: "
                  f"{outcome.load_message}\n  command line: {outcome.cli_message}",
                  file=sys.stderr)
    save_results("hostile", {
        "counts": counts, "written": written,
        "files": [{"name": o.case.name, "bytes": len(o.case.data), "result": o.result,
                   "load_seconds": o.load_seconds, "load_message": o.load_message,
                   "cli_seconds": o.cli_seconds, "cli_message": o.cli_message}
                  for o in outcomes]})
    return 1 if counts["escaped"] or counts["accepted"] or written else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-cli", action="store_true",
                        help="load in-process only, without the command line (quick)")
    args = parser.parse_args(argv)
    os.environ.pop("PROGRESS_CANVAS_DB", None)  # the command line gets --db, never the app's
    cases = corpus()
    print(f"{len(cases)} hostile board files, in-process"
          + ("" if args.no_cli else " and on the command line") + "\n")
    outcomes, written = run(cases, cli=not args.no_cli)
    print()
    return report(outcomes, written, cli=not args.no_cli)


if __name__ == "__main__":
    sys.exit(main())
