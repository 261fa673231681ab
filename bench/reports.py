"""The tables and lines bench/load.py and bench/all.py print, one function a phase."""

from __future__ import annotations

from bench import room, single_click
from bench.common import BARE, SHELL, Stats, Target, ratio, table
from bench.latency import Latency, Propagation

GOAL_RATIO = 2.0
GOAL_SESSIONS = 30
GOAL_PROPAGATION_SECONDS = 2.0


def report_latency(results: list[Latency], title: str) -> None:
    by_target = {result.target: result for result in results}
    print(title)
    print(table(("page@items", "tabs", "reruns", "p50 ms", "p95 ms", "p95 × bare",
                 "p95 × shell", "server CPU ms/rerun", "CPU × bare", "CPU × shell",
                 "elements/rerun", "KB/rerun", "live ticks/s", "CPU pressure %",
                 "client CPU % (busiest)"),
                (_latency_row(result, by_target) for result in results)))
    lost = sum(result.lost_finishes for result in results)
    if lost:
        print(f"({lost} reruns ended without their script_finished, which Streamlit drops when "
              "a live tick lands as a run ends; their end was taken at the tick's start)")
    misses = sum(result.cache_misses for result in results)
    if misses:
        print(f"({misses} references to a cached message the tab had just dropped: the "
              "frontend reports these as 'Cached ForwardMsg MISS')")


def _latency_row(result: Latency, by_target: dict[Target, Latency]) -> tuple:
    if result.stats is None:
        return (str(result.target), result.sessions, f"FAILED: {result.failure}", *[""] * 12)
    references = [by_target.get(result.target.bare), by_target.get(result.target.shell)]
    p95s = [ratio(result.stats.p95, reference.stats.p95)
            if reference and reference.stats and reference is not result else "-"
            for reference in references]
    cpus = [ratio(result.cpu_ms_per_rerun, reference.cpu_ms_per_rerun)
            if reference and reference is not result else "-" for reference in references]
    return (str(result.target), result.sessions, len(result.timings), result.stats.median,
            result.stats.p95, *p95s,
            "-" if result.cpu_ms_per_rerun is None else result.cpu_ms_per_rerun, *cpus,
            result.elements_per_rerun, result.kb_per_rerun, result.live_runs_per_second,
            one_decimal(result.pressure), str(result.client))


def latency_goals(results: list[Latency], sessions: int) -> list[str]:
    """The earlier goal: p95 of a page within 2× the shell's at 30 sessions."""
    by_target = {result.target: result for result in results}
    lines = []
    for result in results:
        if result.target.page in (BARE, SHELL):
            continue
        shell = by_target[result.target.shell]
        goal = (f"p95 {result.target} redraw within {GOAL_RATIO:g}× the shell at "
                f"{GOAL_SESSIONS} sessions: ")
        if result.stats is None or shell.stats is None:
            failed = result if result.stats is None else shell
            lines.append(f"{goal}{failed.target}: {failed.failure} → MISSED"
                         f"{_sessions_note(sessions)}")
            continue
        p95, reference = result.stats.p95, shell.stats.p95
        lines.append(f"{goal}{p95:.0f} ms vs shell {reference:.0f} ms = "
                     f"{ratio(p95, reference)} → "
                     f"{'MET' if p95 <= GOAL_RATIO * reference else 'MISSED'}"
                     f"{_sessions_note(sessions)}")
    return lines


def _sessions_note(sessions: int) -> str:
    return "" if sessions == GOAL_SESSIONS else \
        f" (the goal is stated at {GOAL_SESSIONS} sessions; this run had {sessions})"


def report_propagation(result: Propagation, sessions: int) -> list[str]:
    """The propagation lines; returns the goal line."""
    print(f"\nPropagation on {result.target}: {result.writes} writes by the bench through "
          f"store.apply (one revision each), {result.viewers} other sessions have the page open")
    if result.write_ms:
        print(f"  write (store.apply): median {Stats.of(result.write_ms).median:.0f} ms")
    goal = f"change visible to all others within {GOAL_PROPAGATION_SECONDS:g} s p95: "
    if result.live_intervals is None:
        print(f"  FAILED while the viewers opened the page: {result.failure}")
        return [(f"{goal}the viewers could not even open the page → MISSED"
                 f"{_sessions_note(sessions)}")]
    if result.live_intervals:
        intervals = ", ".join(f"{interval:g} s" for interval in result.live_intervals)
        print(f"  live update: the page registers st.fragment(run_every={intervals}); the "
              "viewers did nothing but what a browser's timer does")
    else:
        print("  NO LIVE UPDATE: the page registered no auto-rerunning fragment, so a change "
              "shows only on the viewer's next rerun; measured instead: change visible on next "
              "rerun (each viewer reruns right after the write)")
    expected = result.viewers * result.writes
    for label, seconds in (("seen without rerunning", result.live),
                           ("seen on the next rerun", result.on_rerun)):
        if seconds:
            stats = Stats.of(seconds)
            print(f"  {label}: {len(seconds)}/{expected}, p50 {stats.median:.2f} s, p95 "
                  f"{stats.p95:.2f} s, max {stats.maximum:.2f} s (from the start of the write)")
    if result.never:
        print(f"  NOT VISIBLE even after a rerun: {result.never}/{expected} (the page draws "
              "neither the new solution nor the board title)")
    if result.failure:
        print(f"  FAILED: {result.failure}")
    measured = result.live if result.live_intervals else result.on_rerun
    how = "live" if result.live_intervals else "on next rerun (no live update)"
    if len(measured) < expected:
        return [(f"{goal}only {len(measured)}/{expected} saw it {how} → MISSED"
                 f"{_sessions_note(sessions)}")]
    p95 = Stats.of(measured).p95
    verdict = "MET" if p95 <= GOAL_PROPAGATION_SECONDS else "MISSED"
    return [f"{goal}{p95:.2f} s {how} → {verdict}{_sessions_note(sessions)}"]


def report_idle(results: list[room.Idle]) -> None:
    print("\nIdle tabs: open, nobody clicking; the live panel's timer runs in each (server CPU "
          "over the window)")
    print(table(("page@items", "tabs", "seconds", "server CPU % of a core", "live checks/s",
                 "CPU ms/check", "KB/s", "full reruns", "CPU pressure %",
                 "client CPU % (busiest)"),
                ((str(r.target), r.tabs, r.seconds, f"FAILED: {r.failure}", *[""] * 6)
                 if r.failure else
                 (str(r.target), r.tabs, r.seconds, one_decimal(r.server_percent),
                  r.checks_per_second, one_decimal(r.ms_per_check), r.kb_per_second, r.full_runs,
                  one_decimal(r.pressure), str(r.client)) for r in results)))


def report_brainstorm(result: room.Brainstorm) -> None:
    print(f"\nBrainstorm on {result.target}: {result.participants} participants, each adding a "
          f"card every {result.every:g} s for {result.seconds:g} s (written through store.apply "
          "in the participant's name)")
    if result.failure:
        print(f"  FAILED: {result.failure}")
    if not result.delays:
        return
    seen = [delay for delay in result.delays if delay != float("inf")]
    stats = Stats.of(seen) if seen else None
    print(f"  {result.changes} cards, {len(result.delays)} (card, other tab) pairs, "
          f"{len(seen)} seen" + (f": p50 {stats.median:.2f} s, max {stats.maximum:.2f} s"
                                 if stats else ""))
    print(f"  p95 time to be seen (a card never seen counts as endless): "
          f"{seconds_text(result.p95)}")
    if result.unseen_by_tab:
        tabs = ", ".join(f"tab {tab}: {missed}" for tab, missed in
                         sorted(result.unseen_by_tab.items()))
        print(f"  never seen: {result.unseen} (card, tab) pairs, by "
              f"{len(result.unseen_by_tab)} tabs ({tabs} cards)")
    if result.timerless:
        print(f"  {result.timerless} tabs were left without a live timer: a full run started "
              "(which stops the browser's timers) and never registered the live panel again; "
              "such a tab shows no change until its viewer clicks")
    if result.lost_finishes:
        print(f"  {result.lost_finishes} full runs ended without their script_finished (a live "
              "tick's fragment run took over as the run ended)")
    print(f"  server CPU {one_decimal(result.server_percent)} % of a core (CPU pressure "
          f"{one_decimal(result.pressure)} %); "
          f"{result.full_runs_per_second:.1f} page reruns/s, {result.checks_per_second:.1f} "
          f"live checks/s; write median {Stats.of(result.write_ms).median:.0f} ms; "
          f"client CPU % {result.client}")


def report_capacity(result: room.Capacity) -> None:
    print(f"\nSessions one process holds on {result.target}: think time 0-{2 * result.think:g} "
          f"s, {result.seconds:g} s per step, p95 ≤ {result.limit_ms:g} ms")
    if result.failure:
        print(f"  FAILED: {result.failure}")
    print(table(("sessions", "reruns", "p50 ms", "p95 ms", "unfinished",
                 "server CPU % of a core", "CPU pressure %", "client CPU % (busiest)", "holds"),
                ((step.sessions, len(step.timings),
                  step.stats.median if step.stats else "-",
                  step.stats.p95 if step.stats else "-", step.unfinished,
                  one_decimal(step.server_percent), one_decimal(step.pressure), str(step.client),
                  "yes" if step.holds(result.limit_ms) else "NO") for step in result.steps)))
    print(f"  holds: {held_text(result)}")


def report_clicks(results: list[single_click.Click]) -> None:
    print(f"\nOne click on an idle server (one tab alone): ms until script_finished, each "
          f"click {single_click.PAUSE_SECONDS:g} s after the last answer, and back to back "
          f"({single_click.BACK_TO_BACK_SECONDS * 1000:g} ms after it)")
    rows = []
    for r in results:
        if r.failure:
            rows.append((str(r.target), r.launch, f"FAILED: {r.failure}", *[""] * 4))
            continue
        paused, quick = r.pause_stats, r.back_to_back_stats
        rows.append((str(r.target), r.launch,
                     {True: "on", False: "OFF", None: "unknown"}[r.nodelay],
                     paused.median, paused.p95, quick.median, quick.p95))
    print(table(("page@items", "server", "TCP_NODELAY", "after pause p50", "p95",
                 "back to back p50", "p95"), rows))


def held_text(result: room.Capacity) -> str:
    if not result.steps:
        return "not measured"
    if result.searched_to_the_end:
        return f"≥ {result.held} sessions (every step held)"
    return f"{result.held} sessions" if result.held else \
        f"fewer than {result.steps[0].sessions} sessions"


def one_decimal(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def seconds_text(value: float | None) -> str:
    if value is None:
        return "-"
    return "not seen by all" if value == float("inf") else f"{value:.2f} s"
