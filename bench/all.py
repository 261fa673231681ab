"""The table of issue 17 in one run, against the bare page and the app's shell.

    python bench/all.py                 # the whole table, ~15 min on the 2-core machine
    python bench/all.py --quick         # shorter windows and fewer steps, ~7 min
    python bench/all.py --clients 3     # more client processes for the tabs

Everything goes over the websocket (bench/load.py's phases, bench/tab.py's tabs in
bench/crowd.py's client processes), with the server's CPU from the kernel; the servers
(app, shell, bare; for the click row also the same started by uvicorn) and a scratch
SQLite database with demo boards of 200, 1000 and 5000 items are made here and removed at
the end.  The rows, each beside the issue's "must reach" and "goal" (bench/README.md says
exactly what each measures):

- reruns: one tab alone rerunning the page back to back (``--cost-rounds`` times and for
  at least ``--cost-seconds``): server CPU ms per rerun, × bare, × shell, elements and KB
  per rerun — canvas at 200, 1000 and 5000 items, the shell at each size, progress,
  funnel and report at 200;
- idle tabs: 30, 60 and 100 tabs open on the canvas (and on the shell, and bare), nobody
  clicking: server CPU in % of one core;
- sessions held: 20, 40, … 120 sessions clicking with 3 s mean think time, the largest
  step whose p95 stays ≤ 500 ms (canvas, shell, bare);
- brainstorm: 30 participants on the canvas, each adding a card every 20 s;
- one click on an idle server, and whether its socket has TCP_NODELAY.

Prints every phase's table, then the summary as Markdown; saves both to bench/results/
(``all-….json`` and ``all-….md``).  Exit status as bench/load.py.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

# the project root instead of bench/ (whose module names must not hide installed packages)
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import latency, load, reports, room, single_click  # noqa: E402
from bench.common import (  # noqa: E402
    BARE,
    ROOT,
    SHELL,
    Target,
    markdown_table,
    save_results,
    with_references,
)
from bench.crowd import Crowd  # noqa: E402
from bench.servers import LAUNCHES, CpuWatch  # noqa: E402

SIZES = (200, 1000, 5000)
RERUNS = [Target("canvas", size) for size in SIZES] + [
    Target(page, 200) for page in ("progress", "funnel", "report")]
IDLE_TABS = (30, 60, 100)
IDLE = [Target("canvas", 200), Target(SHELL, 200), Target(BARE, 0)]
CAPACITY = IDLE
BRAINSTORM = Target("canvas", 200)
FLAT = 1.5  # "flat with size": at 5000 items at most 1.5× the cost at 200
HEADERS = ("measure", "result", "must reach", "goal", "reached")


@dataclass(frozen=True)
class Settings:
    """How long and how big each part is: the full run, ``--quick``, or ``--smoke``."""

    idle_tabs: tuple[int, ...] = IDLE_TABS
    idle_seconds: float = 15
    capacity_steps: str = "20,40,60,80,100,120"
    capacity_seconds: float = 30
    participants: int = 30
    card_every: float = 20
    brainstorm_seconds: float = 60
    clicks: int = 10
    minutes: int = 15

    @classmethod
    def of(cls, args: argparse.Namespace) -> Settings:
        if args.smoke:
            return cls(idle_tabs=(3, 6, 10), idle_seconds=3, capacity_steps="2,4",
                       capacity_seconds=4, participants=4, card_every=4, brainstorm_seconds=8,
                       clicks=2, minutes=3)
        if args.quick:
            return cls(idle_seconds=8, capacity_steps="40,80,120", capacity_seconds=15,
                       brainstorm_seconds=40, clicks=5, minutes=7)
        return cls()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.of(args)
    options = load.parser().parse_args([
        "--clients", str(args.clients), "--timeout", str(args.timeout),
        "--launch", args.launch, "--idle-seconds", str(settings.idle_seconds),
        "--tabs", ",".join(map(str, settings.idle_tabs)),
        "--capacity-steps", settings.capacity_steps,
        "--capacity-seconds", str(settings.capacity_seconds),
        "--participants", str(settings.participants),
        "--card-every", str(settings.card_every),
        "--brainstorm-seconds", str(settings.brainstorm_seconds),
        "--clicks", str(settings.clicks), *(f"--option={o}" for o in args.option)])
    if args.smoke:
        args.cost_rounds, args.cost_seconds = 2, 0.0
    launches = list(dict.fromkeys([args.launch, *LAUNCHES]))
    wanted = [(target, args.launch) for target in with_references(RERUNS + IDLE)]
    wanted += [(target, launch) for launch in launches for target in IDLE]
    whole = CpuWatch(None)
    machine = _machine()
    print(f"{machine}; about {settings.minutes} minutes\n", flush=True)
    try:
        with load.environment(options, wanted) as (boards, servers, engine):
            results = asyncio.run(_measure(options, args, launches, boards, servers, engine))
    except (RuntimeError, OSError) as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    rows = summary_rows(results, args.launch, settings.idle_tabs)
    minutes, pressure = whole.elapsed / 60, whole.pressure
    machine_after = _machine()
    flags = "".join(f" --{name}" for name in ("quick", "smoke") if getattr(args, name))
    header = (f"Measured {dt.date.today():%d %b %Y} with `python bench/all.py{flags}` in "
              f"{minutes:.0f} min: {machine} at the start, {machine_after.split('; ')[-1]} "
              f"at the end; CPU pressure {reports.one_decimal(pressure)} % of the run (some "
              "process waiting for a core: near 0 the machine had room).")
    markdown = header + "\n\n" + markdown_table(HEADERS, rows)
    print("\n" + markdown)
    path = save_results("all", {"arguments": vars(args), "settings": vars(settings),
                                "machine": [machine, machine_after], "minutes": minutes,
                                "cpu_pressure_percent": pressure,
                                "table": [dict(zip(HEADERS, row, strict=True)) for row in rows],
                                **load.raw(results)}, markdown)
    print(f"\nraw numbers: {path.relative_to(ROOT)}, table: {path.with_suffix('.md').name}")
    return load.report_errors(results)


async def _measure(options, args, launches, boards, servers, engine) -> dict:
    results: dict = {"latency": [], "idle": [], "capacity": [], "click": []}
    async with Crowd(options.clients, options.timeout) as crowd:
        bench = load.Bench(options, boards, servers, engine, crowd)
        for target in with_references(RERUNS):
            print(f"  rerun {target} …", flush=True)
            results["latency"].append(await latency.measure_latency(
                crowd, bench.cluster(target), target, bench.board(target), 1, args.cost_rounds,
                2, 0.0, args.cost_seconds))
        for target in IDLE:
            print(f"  idle {target}: {options.tabs} tabs …", flush=True)
            results["idle"] += await room.measure_idle(
                crowd, bench.cluster(target), target, bench.board(target),
                load.parse_counts(options.tabs), options.settle, options.idle_seconds)
        for target in CAPACITY:
            print(f"  sessions held {target}: steps {options.capacity_steps} …", flush=True)
            results["capacity"].append(await room.measure_capacity(
                crowd, bench.cluster(target), target, bench.board(target),
                load.parse_counts(options.capacity_steps), options.capacity_think,
                options.capacity_p95, options.capacity_seconds, options.capacity_grace))
        print(f"  brainstorm {BRAINSTORM} …", flush=True)
        results["brainstorm"] = await room.measure_brainstorm(
            crowd, bench.cluster(BRAINSTORM), BRAINSTORM, bench.board_to_write(BRAINSTORM),
            engine, options.participants, options.card_every, options.brainstorm_seconds,
            options.settle, options.live_wait)
        for launch in launches:
            for target in IDLE:
                print(f"  click {target} ({launch}) …", flush=True)
                results["click"].append(await single_click.measure_click(
                    crowd, bench.cluster(target, launch), target, bench.board(target),
                    options.clicks))
    print()
    reports.report_latency(results["latency"], "Reruns: one tab alone rerunning back to back")
    reports.report_idle(results["idle"])
    for capacity in results["capacity"]:
        reports.report_capacity(capacity)
    reports.report_brainstorm(results["brainstorm"])
    reports.report_clicks(results["click"])
    return results


# --- the summary table ----------------------------------------------------------------------

def summary_rows(results: dict, launch: str,
                 idle_tabs: tuple[int, ...]) -> list[tuple[str, ...]]:
    """The issue's rows (and the Benchmarks section's) from the measurements; the idle rows
    are the issue's 60 and 100 tabs and the room of 30 (``idle_tabs``: 30, 60, 100)."""
    room_tabs, some, many = idle_tabs
    cost = {result.target: result for result in results["latency"]}
    idle = {(result.target, result.tabs): result for result in results["idle"]}
    held = {result.target: result for result in results["capacity"]}
    clicks = {(result.target, result.launch): result for result in results["click"]}
    canvas = Target("canvas", 200)
    rows = [
        _rerun_row("canvas rerun, 200 items", cost, canvas, 4, 3),
        _rerun_row("canvas rerun, 1000 items", cost, Target("canvas", 1000), None, None),
        _rerun_row("canvas rerun, 5000 items", cost, Target("canvas", 5000), 6, 4),
        _shell_row(cost),
        _pair_row(cost),
        _rerun_row("report rerun, 200 items", cost, Target("report", 200), 15, 8),
        _idle_row(f"{some} idle open canvas tabs (one live check a second each)", idle, some,
                  25, 10),
        _idle_row(f"{many} idle tabs", idle, many, 40, 15),
        _capacity_row(held),
        _brainstorm_row(results["brainstorm"]),
        _idle_row(f"idle room of {room_tabs} open canvas tabs", idle, room_tabs, None, None),
        _click_row(clicks, canvas, launch),
    ]
    return rows


def _rerun_row(measure: str, cost: dict, target: Target, must: float | None,
               goal: float | None) -> tuple[str, ...]:
    result = cost[target]
    bare = _times(result, cost[target.bare])
    return (measure, _rerun_cell(result, cost), _limit(must, "× bare"), _limit(goal, "× bare"),
            _verdict(bare, must, goal))


def _rerun_cell(result: latency.Latency, cost: dict) -> str:
    if result.cpu_ms_per_rerun is None:
        return f"FAILED: {result.failure}" if result.failure else "not measured"
    parts = [f"{result.cpu_ms_per_rerun:.1f} ms"]
    for reference in result.target.references:
        times = _times(result, cost[reference])
        if times is not None:
            parts.append(f"{times:.1f}× {reference.page}")
    return (", ".join(parts) + f"; {result.elements_per_rerun:.0f} elements, "
            f"{result.kb_per_rerun:.1f} KB")


def _shell_row(cost: dict) -> tuple[str, ...]:
    shells = [cost[Target(SHELL, size)] for size in SIZES]
    bare = cost[Target(BARE, 0)]
    if any(shell.cpu_ms_per_rerun is None for shell in [*shells, bare]):
        return ("app shell alone (board load, sidebar, live panel)", "FAILED", "", "", "")
    cells = [f"{shell.cpu_ms_per_rerun:.1f} ms at {shell.target.items} "
             f"({_times(shell, bare):.1f}× bare)" for shell in shells]
    growth = shells[-1].cpu_ms_per_rerun / shells[0].cpu_ms_per_rerun
    worst = max(_times(shell, bare) for shell in shells)
    flat = growth <= FLAT
    verdict = "goal" if flat and worst <= 2 else "must reach" if flat else "no"
    return ("app shell alone (board load, sidebar, live panel)",
            ", ".join(cells) + f"; 5000/200 = {growth:.1f}×; bare {bare.cpu_ms_per_rerun:.1f} "
            f"ms; {shells[0].elements_per_rerun:.0f} elements, {shells[0].kb_per_rerun:.1f} KB",
            f"flat with size (5000 items ≤ {FLAT:g}× 200)", "≤ 2× bare", verdict)


def _pair_row(cost: dict) -> tuple[str, ...]:
    progress, funnel = cost[Target("progress", 200)], cost[Target("funnel", 200)]
    worst = max((_times(result, cost[result.target.bare]) or float("inf"))
                for result in (progress, funnel))
    return ("progress / funnel rerun, 200 items",
            f"{_rerun_cell(progress, cost)} / {_rerun_cell(funnel, cost)}",
            "≤ 6× bare", "≤ 4× bare", _verdict(worst, 6, 4))


def _idle_row(measure: str, idle: dict, tabs: int, must: float | None,
              goal: float | None) -> tuple[str, ...]:
    canvas = idle.get((Target("canvas", 200), tabs))
    if canvas is None or canvas.server_percent is None:
        return (measure, f"FAILED: {canvas.failure}" if canvas else "not measured",
                _limit(must, " % of a core"), _limit(goal, " % of a core"), "-")
    references = [f"{name} {idle[key].server_percent:.0f} %"
                  for name, key in ((SHELL, (Target(SHELL, 200), tabs)),
                                    (BARE, (Target(BARE, 0), tabs)))
                  if key in idle and idle[key].server_percent is not None]
    check = f" ({canvas.ms_per_check:.1f} ms per check)" if canvas.ms_per_check else ""
    return (measure, f"{canvas.server_percent:.0f} % of a core{check}; "
            + ", ".join(references) + f"; client {canvas.client.as_text()}",
            _limit(must, " % of a core"), _limit(goal, " % of a core"),
            _verdict(canvas.server_percent, must, goal))


def _capacity_row(held: dict) -> tuple[str, ...]:
    canvas = held[Target("canvas", 200)]
    cells = [f"canvas {reports.held_text(canvas)}{_first_failure(canvas)}"]
    cells += [f"{target.page} {reports.held_text(held[target])}" for target in CAPACITY[1:]]
    sessions = canvas.held
    verdict = "goal" if sessions >= 120 else "must reach" if sessions >= 80 else "no"
    return ("sessions one process holds at 3 s think, p95 ≤ 500 ms", "; ".join(cells),
            "80", "120", verdict)


def _first_failure(capacity: room.Capacity) -> str:
    failed = next((step for step in capacity.steps if not step.holds(capacity.limit_ms)), None)
    if failed is None or failed.stats is None:
        return ""
    return (f" (at {failed.sessions}: p95 {failed.stats.p95:.0f} ms, server "
            f"{reports.one_decimal(failed.server_percent)} % of a core)")


def _brainstorm_row(result: room.Brainstorm) -> tuple[str, ...]:
    measure = (f"brainstorm: {result.participants} on /canvas, a card every "
               f"{result.every:g} s each, p95 time until every other tab shows it")
    if result.failure or result.p95 is None:
        return (measure, f"FAILED: {result.failure}", "-", "≤ 1 s in one process", "no")
    seen = len(result.delays) - result.unseen
    result_text = (f"{reports.seconds_text(result.p95)} ({seen}/{len(result.delays)} seen); "
                   f"server {reports.one_decimal(result.server_percent)} % of a core, "
                   f"{result.full_runs_per_second:.1f} page reruns/s")
    return (measure, result_text, "-", "≤ 1 s in one process",
            "goal" if result.p95 <= 1 else "no")


def _click_row(clicks: dict, target: Target, launch: str) -> tuple[str, ...]:
    cells, nodelay = [], None
    for (clicked, started_by), result in clicks.items():
        if clicked.page not in (target.page, BARE) or result.failure:
            continue
        if clicked == target and started_by == launch:
            nodelay = result.nodelay
        state = {True: "on", False: "off", None: "?"}[result.nodelay]
        cells.append(f"{clicked.page} ({started_by}, TCP_NODELAY {state}): "
                     f"{result.pause_stats.median:.1f} ms after a pause, "
                     f"{result.back_to_back_stats.median:.1f} back to back")
    return ("a single click on an idle server, until the whole answer arrived (p50)",
            "; ".join(cells) or "FAILED", "-",
            "TCP_NODELAY on (issue: 45 ms without, 6.5 ms with)",
            "goal" if nodelay else "no")


def _times(result: latency.Latency, reference: latency.Latency) -> float | None:
    if result.cpu_ms_per_rerun is None or not reference.cpu_ms_per_rerun:
        return None
    return result.cpu_ms_per_rerun / reference.cpu_ms_per_rerun


def _limit(value: float | None, unit: str) -> str:
    return "-" if value is None else f"≤ {value:g}{unit}"


def _verdict(value: float | None, must: float | None, goal: float | None) -> str:
    """"goal", "must reach" or "no" for a value that should be at most the limits."""
    if must is None and goal is None:
        return "-"
    if value is None:
        return "no"
    if goal is not None and value <= goal:
        return "goal"
    return "must reach" if must is not None and value <= must else "no"


def _machine() -> str:
    load1, load5, _ = os.getloadavg()
    return (f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"load average {load1:.1f} / {load5:.1f}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Issue 17's table in one run: every measure against bare and the shell.")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true",
                      help="shorter windows, capacity steps 40,80,120, a 40 s brainstorm")
    size.add_argument("--smoke", action="store_true",
                      help="every part tiny (3-10 tabs, seconds-long windows): only checks "
                           "that the command runs end to end; the numbers mean nothing")
    load.add_run_options(parser)
    parser.add_argument("--cost-rounds", type=int, default=10, metavar="N",
                        help="timed reruns per page at least (default 10)")
    parser.add_argument("--cost-seconds", type=float, default=3.0, metavar="SECONDS",
                        help="and rerunning for at least this long (default 3)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
