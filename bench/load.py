"""Many viewers at once without a browser: Streamlit's websocket protocol under load.

    python bench/load.py                               # latency and propagation, 30 sessions
    python bench/load.py --sessions 5 --rounds 5       # a quick run
    python bench/load.py --phases idle,brainstorm,capacity,click   # the room (bench/room.py)
    python bench/load.py --phases all --sessions 5 --tabs 5 --participants 5 \
        --capacity-steps 5,10 --capacity-seconds 5 --idle-seconds 5   # every phase, small
    python bench/load.py --url http://host:8501 --db URL   # against a running server
    python bench/load.py --processes 2                 # two server processes per app

It starts its own servers on free ports (8700-8799) with a scratch SQLite database — the
app (app.py) and the two references, ``shell`` (bench/shell_app.py, the app's frame) and
``bare`` (bench/bare_app.py, navigation and one line of text) — and stops them at the end.
With ``--processes N`` each is N processes on the one database, and the sessions are dealt
out over them in turn, as a load balancer with sticky sessions would (the server CPU
columns add the processes up).  The tabs are bench/tab.py's, in ``--clients`` client
processes (bench/crowd.py).  Phases (``--phases``):

- **latency** (bench/latency.py): per page (``--pages``; the references of each are
  added) ``--sessions`` tabs each rerun the page ``--rounds`` times, all at once (closed
  loop, or with ``--think``): p50/p95 until ``script_finished``, server CPU, elements and
  bytes per rerun.
- **propagation** (bench/latency.py): ``--sessions`` − 1 tabs have the page open, idle; the
  bench writes ``--writes`` times through ``store.apply``; time until each tab received it.
- **idle**, **brainstorm**, **capacity**: bench/room.py.  **click**: bench/single_click.py.

Every phase's table is printed by bench/reports.py; bench/README.md explains the columns.

A phase in which a run takes longer than ``--timeout`` or the server closes a websocket is
reported as FAILED, with the server's CPU use meanwhile (near 100 % of one core: saturated).
Exit status 0, missed goals and failed phases included; 1 when a page showed an exception or
a server did not start.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

# the project root instead of bench/ (whose module names must not hide installed packages)
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import sqlalchemy as sa  # noqa: E402

from bench import reports, room, single_click  # noqa: E402
from bench.common import (  # noqa: E402
    BARE,
    ROOT,
    SHELL,
    Target,
    demo_boards,
    new_demo_board,
    parse_targets,
    save_results,
    scratch_database_url,
    scratch_directory,
)
from bench.crowd import Crowd  # noqa: E402
from bench.latency import measure_latency, measure_propagation  # noqa: E402
from bench.servers import LAUNCHES, Cluster, ServerSet  # noqa: E402
from components.board import store  # noqa: E402

PHASES = ("latency", "propagation", "idle", "brainstorm", "capacity", "click")
DEFAULT_PHASES = "latency,propagation"
DEFAULT_TIMEOUT_SECONDS = 120


@dataclass
class Bench:
    """What every phase works with: the boards by size, servers, the database, the tabs."""

    args: argparse.Namespace
    boards: dict[int, str]
    servers: ServerSet
    engine: sa.Engine
    crowd: Crowd

    def cluster(self, target: Target, launch: str | None = None) -> Cluster:
        return self.servers[target.server, launch or self.args.launch]

    def board(self, target: Target) -> str:
        return self.boards[target.items]

    def board_to_write(self, target: Target) -> str:
        """A demo board of its own for a phase that writes to it (propagation, brainstorm),
        so the phases after it see the board as made; with ``--board``, that board."""
        return self.args.board or new_demo_board(self.engine, target.items)


# --- main -----------------------------------------------------------------------------------

@dataclass
class Plan:
    """The targets of each phase, with their references."""

    latency: list[Target]
    propagation: Target
    idle: list[Target]
    brainstorm: Target
    capacity: list[Target]
    click: list[Target]

    @classmethod
    def of(cls, args: argparse.Namespace) -> Plan:
        items = args.items
        return cls(parse_targets(args.pages, items),
                   Target.parse(args.propagation_page, items),
                   parse_targets(args.idle_pages, items),
                   Target.parse(args.brainstorm_page, items),
                   _targets(args.capacity_pages, items, args.capacity_references),
                   parse_targets(args.click_pages, items))

    def servers(self, phases: list[str], launch: str,
                click_launches: list[str]) -> list[tuple[Target, str]]:
        """Every target of the chosen phases with the launch of its server."""
        chosen = {"latency": self.latency, "propagation": [self.propagation],
                  "idle": self.idle, "brainstorm": [self.brainstorm],
                  "capacity": self.capacity, "click": self.click}
        wanted = [(target, launch) for phase in phases if phase != "click"
                  for target in chosen[phase]]
        if "click" in phases:
            wanted += [(target, other) for other in click_launches for target in self.click]
        return list(dict.fromkeys(wanted))


def _targets(text: str, items: int, references: bool) -> list[Target]:
    if references:
        return parse_targets(text, items)
    return [Target.parse(part, items) for part in text.split(",") if part.strip()]


async def run_phases(bench: Bench, plan: Plan, phases: list[str]) -> dict:
    """Each chosen phase in turn; prints its report, returns the raw results."""
    args, results, goals = bench.args, {}, []
    if "latency" in phases:
        latency = []
        for target in plan.latency:
            print(f"  latency {target} …", flush=True)
            latency.append(await measure_latency(
                bench.crowd, bench.cluster(target), target, bench.board(target), args.sessions,
                args.rounds, args.warmup, args.think))
        results["latency"] = latency
    if "propagation" in phases:
        print(f"  propagation {plan.propagation} …", flush=True)
        target = plan.propagation
        results["propagation"] = await measure_propagation(
            bench.crowd, bench.cluster(target), target, bench.board_to_write(target),
            bench.engine, max(1, args.sessions - 1), args.writes, args.live_wait)
    if "idle" in phases:
        results["idle"] = []
        for target in plan.idle:
            print(f"  idle {target}: {args.tabs} tabs …", flush=True)
            results["idle"] += await room.measure_idle(
                bench.crowd, bench.cluster(target), target, bench.board(target),
                parse_counts(args.tabs), args.settle, args.idle_seconds)
    if "brainstorm" in phases:
        print(f"  brainstorm {plan.brainstorm} …", flush=True)
        results["brainstorm"] = await room.measure_brainstorm(
            bench.crowd, bench.cluster(plan.brainstorm), plan.brainstorm,
            bench.board_to_write(plan.brainstorm), bench.engine, args.participants,
            args.card_every, args.brainstorm_seconds, args.settle, args.live_wait)
    if "capacity" in phases:
        results["capacity"] = []
        for target in plan.capacity:
            print(f"  capacity {target}: steps {args.capacity_steps} …", flush=True)
            results["capacity"].append(await room.measure_capacity(
                bench.crowd, bench.cluster(target), target, bench.board(target),
                parse_counts(args.capacity_steps), args.capacity_think, args.capacity_p95,
                args.capacity_seconds, args.capacity_grace))
    if "click" in phases:
        results["click"] = []
        for launch in _launches(args):
            for target in plan.click:
                print(f"  click {target} ({launch}) …", flush=True)
                results["click"].append(await single_click.measure_click(
                    bench.crowd, bench.cluster(target, launch), target, bench.board(target),
                    args.clicks))
    print()
    if "latency" in results:
        reports.report_latency(results["latency"],
                       f"Rerun latency over the websocket: {args.sessions} tabs rerunning at "
                       f"once, {args.rounds} timed reruns each" +
                       (f", think time 0-{2 * args.think:g} s" if args.think
                        else ", no think time"))
        goals += reports.latency_goals(results["latency"], args.sessions)
    if "propagation" in results:
        goals += reports.report_propagation(results["propagation"], args.sessions)
    if "idle" in results:
        reports.report_idle(results["idle"])
    if "brainstorm" in results:
        reports.report_brainstorm(results["brainstorm"])
    for capacity in results.get("capacity", []):
        reports.report_capacity(capacity)
    if "click" in results:
        reports.report_clicks(results["click"])
    if goals:
        print("\nGoals:")
        for line in goals:
            print(f"  {line}")
    results["goals"] = goals
    return results


def parse_counts(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def _launches(args: argparse.Namespace) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in args.click_launches.split(",")
                              if part.strip())) or [args.launch]


def page_errors_of(results: dict) -> dict[str, list[str]]:
    """Errors the pages showed, by phase and target."""
    errors: dict[str, list[str]] = {}
    for phase, value in results.items():
        for result in value if isinstance(value, list) else [value]:
            if getattr(result, "errors", None):
                errors.setdefault(f"{phase} {result.target}", result.errors)
    return errors


def raw(results: dict) -> dict:
    """The results as JSON-able data (dataclasses as dicts, targets as text)."""
    def plain(value):
        if isinstance(value, list):
            return [plain(item) for item in value]
        if hasattr(value, "__dataclass_fields__"):
            data = asdict(value)
            data["target"] = str(value.target)
            return data
        return value

    return {phase: plain(value) for phase, value in results.items()}


@contextmanager
def environment(args: argparse.Namespace, wanted: list[tuple[Target, str]]
                ) -> Iterator[tuple[dict[int, str], ServerSet, sa.Engine]]:
    """Scratch database with a demo board per size, the servers the targets need (each
    started the given way), an engine; all removed or stopped afterwards.  Raises
    RuntimeError (with the servers' logs printed) when a server does not start."""
    with ExitStack() as stack:
        directory = Path(stack.enter_context(scratch_directory()))
        url = args.db or scratch_database_url(str(directory))
        sizes = {target.items for target, _ in wanted}
        boards = demo_boards(url, sizes) if not args.board else \
            {0: "", **dict.fromkeys(sizes - {0}, args.board)}
        engine = store.connect(url)
        stack.callback(engine.dispose)
        servers = ServerSet(stack, url, directory, args.processes, args.option,
                            {"app": args.url, SHELL: args.shell_url, BARE: args.bare_url})
        try:
            servers.start((target.server, launch) for target, launch in wanted)
        except (RuntimeError, OSError):
            for log in servers.logs():
                print(f"--- {log.name} (tail) ---\n{log.read_text(errors='replace')[-3000:]}",
                      file=sys.stderr)
            raise
        print(f"servers: {servers.describe()}; database "
              f"{sa.make_url(url).render_as_string(hide_password=True)}", flush=True)
        yield boards, servers, engine


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    problem = check_arguments(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    phases = list(PHASES) if args.phases == "all" else \
        [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    plan = Plan.of(args)
    try:
        with environment(args, plan.servers(phases, args.launch, _launches(args))) \
                as (boards, servers, engine):
            return asyncio.run(_main(args, plan, phases, boards, servers, engine))
    except (RuntimeError, OSError) as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


async def _main(args, plan, phases, boards, servers, engine) -> int:
    async with Crowd(args.clients, args.timeout) as crowd:
        bench = Bench(args, boards, servers, engine, crowd)
        results = await run_phases(bench, plan, phases)
    path = save_results("load", {"arguments": vars(args), **raw(results)})
    print(f"\nraw numbers: {path.relative_to(ROOT)}")
    return report_errors(results)


def report_errors(results: dict) -> int:
    """Print what the pages showed as errors; the exit status (1 when any)."""
    errors = page_errors_of(results)
    for name, messages in errors.items():
        print(f"\n{name}: the page showed errors:\n  " + "\n  ".join(messages), file=sys.stderr)
    return 1 if errors else 0


def check_arguments(args: argparse.Namespace) -> str | None:
    """What is wrong with the arguments, or None."""
    if args.url and not args.db:
        return ("--url needs --db, the server's database URL (the bench creates its board "
                "there and writes to it)")
    chosen = PHASES if args.phases == "all" else \
        [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    unknown = [phase for phase in chosen if phase not in PHASES]
    if unknown:
        return f"unknown phase {unknown[0]!r}: use {', '.join(PHASES)} or all"
    if any(launch not in LAUNCHES for launch in [args.launch, *_launches(args)]):
        return f"--launch and --click-launches take {', '.join(LAUNCHES)}"
    try:
        Plan.of(args)
        parse_counts(args.tabs), parse_counts(args.capacity_steps)
    except ValueError as error:
        return str(error)
    return None


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options bench/all.py shares: client processes, timeout, servers, Streamlit options."""
    add = parser.add_argument
    add("--clients", type=int, default=2, metavar="N",
        help="client processes driving the tabs (default 2)")
    add("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, metavar="SECONDS",
        help="give up on a run after this long; the phase is then reported as failed "
             f"(default {DEFAULT_TIMEOUT_SECONDS})")
    add("--launch", default="streamlit", choices=LAUNCHES,
        help="how the servers are started: streamlit run (as the app is run today), or "
             "uvicorn serving st.App (TCP_NODELAY on) (default streamlit)")
    add("--option", action="append", default=[], metavar="NAME=VALUE",
        help="a Streamlit config option for the servers started here, e.g. "
             "runner.postScriptGC=true (repeatable)")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Websocket load client: rerun latency against the bare page and the "
                    "shell, propagation, idle tabs, a brainstorm, capacity, one click.")
    add = parser.add_argument
    add("--phases", default=DEFAULT_PHASES, metavar="PHASE,...",
        help=f"phases to run: {', '.join(PHASES)}, or all (default {DEFAULT_PHASES})")
    add("--items", type=int, default=200, metavar="N",
        help="board size for pages given without @ITEMS (default 200)")
    add_run_options(parser)
    add("--settle", type=float, default=3.0, metavar="SECONDS",
        help="wait after opening tabs before measuring idle tabs or a brainstorm (default 3)")
    add("--live-wait", type=float, default=10.0, metavar="SECONDS",
        help="how long a change may take to be seen live before the viewers rerun "
             "(propagation) or it counts as not seen (brainstorm) (default 10)")
    group = parser.add_argument_group("latency")
    group.add_argument("--pages", default="canvas", metavar="PAGE@ITEMS,...",
                       help="pages to time; bare and the shell of each size are added "
                            "(default canvas)")
    group.add_argument("--sessions", type=int, default=30, metavar="N",
                       help="concurrent tabs (default 30; propagation: N-1 viewers)")
    group.add_argument("--rounds", type=int, default=10, metavar="N",
                       help="timed reruns per tab and page (default 10)")
    group.add_argument("--warmup", type=int, default=1, metavar="N",
                       help="untimed reruns per tab first, after the first load (default 1)")
    group.add_argument("--think", type=float, default=0.0, metavar="SECONDS",
                       help="mean pause before each rerun, uniform 0..2×; 0 = every tab "
                            "reruns again at once, the worst case (default 0)")
    group = parser.add_argument_group("propagation")
    group.add_argument("--propagation-page", default="canvas", metavar="PAGE@ITEMS",
                       help="the page the viewers have open while the bench writes "
                            "(default canvas)")
    group.add_argument("--writes", type=int, default=5, metavar="N",
                       help="writes in the propagation test (default 5)")
    group = parser.add_argument_group("idle")
    group.add_argument("--idle-pages", default="canvas", metavar="PAGE@ITEMS,...",
                       help="pages of the idle tabs; the references are added (default canvas)")
    group.add_argument("--tabs", default="30,60,100", metavar="N,...",
                       help="idle tab counts, measured growing (default 30,60,100)")
    group.add_argument("--idle-seconds", type=float, default=15.0, metavar="SECONDS",
                       help="measuring window per count (default 15)")
    group = parser.add_argument_group("brainstorm")
    group.add_argument("--brainstorm-page", default="canvas", metavar="PAGE@ITEMS",
                       help="the participants' page (default canvas)")
    group.add_argument("--participants", type=int, default=30, metavar="N",
                       help="participants, one tab each (default 30)")
    group.add_argument("--card-every", type=float, default=20.0, metavar="SECONDS",
                       help="each participant adds a card this often (default 20)")
    group.add_argument("--brainstorm-seconds", type=float, default=60.0, metavar="SECONDS",
                       help="how long the brainstorm lasts (default 60)")
    group = parser.add_argument_group("capacity")
    group.add_argument("--capacity-pages", default="canvas", metavar="PAGE@ITEMS,...",
                       help="pages to search (default canvas)")
    group.add_argument("--capacity-references", action=argparse.BooleanOptionalAction,
                       default=True, help="search bare and the shell too (default yes)")
    group.add_argument("--capacity-steps", default="20,40,60,80,100,120", metavar="N,...",
                       help="session counts, tried growing until one fails "
                            "(default 20,40,60,80,100,120)")
    group.add_argument("--capacity-think", type=float, default=3.0, metavar="SECONDS",
                       help="mean think time between a session's clicks (default 3)")
    group.add_argument("--capacity-p95", type=float, default=500.0, metavar="MS",
                       help="a step holds when p95 stays within this (default 500)")
    group.add_argument("--capacity-seconds", type=float, default=30.0, metavar="SECONDS",
                       help="how long each step clicks (default 30)")
    group.add_argument("--capacity-grace", type=float, default=10.0, metavar="SECONDS",
                       help="after a step, reruns still running this long are cut off and "
                            "count as unfinished (default 10)")
    group = parser.add_argument_group("click")
    group.add_argument("--click-pages", default="canvas", metavar="PAGE@ITEMS,...",
                       help="pages to click on; the references are added (default canvas)")
    group.add_argument("--clicks", type=int, default=10, metavar="N",
                       help="clicks per rhythm and page (default 10)")
    group.add_argument("--click-launches", default="streamlit,uvicorn", metavar="LAUNCH,...",
                       help="start the click phase's servers these ways (see bench/servers.py; "
                            "default streamlit,uvicorn)")
    group = parser.add_argument_group("servers")
    group.add_argument("--processes", type=int, default=1, metavar="N",
                       help="server processes per app started here, on one database; the "
                            "sessions take turns among them (default 1)")
    group.add_argument("--url", help="a running app server instead of starting one (needs "
                                     "--db); several processes comma-separated")
    group.add_argument("--shell-url", help="a running bench/shell_app.py server")
    group.add_argument("--bare-url", help="a running bench/bare_app.py server")
    group.add_argument("--db", metavar="URL",
                       help="database URL (default: a scratch SQLite file)")
    group.add_argument("--board", metavar="ID", help="use this board instead of demo boards")
    return parser


if __name__ == "__main__":
    sys.exit(main())
