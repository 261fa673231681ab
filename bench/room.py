"""A room of people on one server: idle tabs, a brainstorm, how many sessions one process holds.

Three phases of bench/load.py (``--phases idle,brainstorm,capacity``), each measured with
the tabs of bench/crowd.py and the server's CPU from /proc:

- :func:`measure_idle`: N tabs open on a page, nobody clicking; the browser's timers run
  the live panel once a second in each.  Server CPU in % of one core, per live check.
- :func:`measure_brainstorm`: P participants on the canvas, each adding a card every S
  seconds (random phase); every other tab must show every card.  Time from the start of
  each write until each other tab received it (p95), server CPU meanwhile.
- :func:`measure_capacity`: growing steps of sessions, each clicking (rerunning its page)
  after a random think time (mean T s); the largest step whose p95 stays within the limit.

How a participant adds a card: the bench writes it through ``store.apply`` with the
participant's name and role (what the canvas's save does), from the main process; the
participant's own tab then sees it like everyone else's.  Not through the page's widgets
over the websocket: the canvas page is being rebuilt as a custom component (issue 14).
"""

from __future__ import annotations

import asyncio
import math
import random
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench.common import Stats, Target, percentile
from bench.crowd import Crowd, CrowdState, measuring, tabs_for
from bench.servers import Cluster, CpuWatch
from components.board import store

BRAINSTORM_MARKERS = rb"card-\d+-[0-9a-f]{6}"
STEP_SETTLE_SECONDS = 2.0


@dataclass
class ClientLoad:
    """The client processes' CPU over a stretch, in % of one core: all, and the busiest."""

    total: float = 0.0
    busiest: float = 0.0

    @classmethod
    def between(cls, before: CrowdState, after: CrowdState, seconds: float) -> ClientLoad:
        return cls(*after.client_cpu(before, seconds))

    def __str__(self) -> str:
        """As a table cell under "client CPU % (busiest)"."""
        return f"{self.total:.0f} ({self.busiest:.0f})"

    def as_text(self) -> str:
        return f"{self.total:.0f} % of a core (the busiest process {self.busiest:.0f} %)"


# --- idle tabs ------------------------------------------------------------------------------

@dataclass(kw_only=True)
class Outcome:
    """What a room phase's result holds besides its own numbers."""

    server_percent: float | None = None   # the server's CPU in % of one core
    pressure: float | None = None         # the machine's CPU pressure, % of the time
    client: ClientLoad = field(default_factory=ClientLoad)
    errors: list[str] = field(default_factory=list)   # what the pages showed as errors
    failure: str | None = None            # why the phase stopped short


@dataclass
class Idle(Outcome):
    target: Target
    tabs: int
    seconds: float
    checks_per_second: float = 0.0
    ms_per_check: float | None = None
    kb_per_second: float = 0.0
    full_runs: int = 0


async def measure_idle(crowd: Crowd, cluster: Cluster, target: Target, board_id: str,
                       counts: list[int], settle: float, seconds: float) -> list[Idle]:
    """``counts`` tabs (growing: the tabs of one count stay open for the next), idle;
    after ``settle`` s, the server's CPU over ``seconds``."""
    results = []
    async with measuring(crowd, cluster) as end:
        for count in sorted(counts):
            result = Idle(target, count, seconds)
            results.append(result)
            await crowd.add(tabs_for(cluster, target, board_id, count - crowd.size,
                                     first=crowd.size))
            await asyncio.sleep(settle)
            before, watch = await crowd.state(), CpuWatch(cluster)
            await asyncio.sleep(seconds)
            after, elapsed, cpu = await crowd.state(), watch.elapsed, watch.seconds
            traffic = after.traffic - before.traffic
            result.server_percent, result.pressure = watch.percent, watch.pressure
            result.checks_per_second = traffic.fragment_runs / elapsed
            if cpu is not None and traffic.fragment_runs:
                result.ms_per_check = cpu * 1000 / traffic.fragment_runs
            result.kb_per_second = (traffic.fragment_bytes + traffic.full_bytes) / 1024 / elapsed
            result.full_runs = traffic.full_runs
            result.client = ClientLoad.between(before, after, elapsed)
    if results:
        results[-1].failure = end.failure
    for result in results:
        result.errors = end.errors
    return results


# --- brainstorm -----------------------------------------------------------------------------

@dataclass
class Brainstorm(Outcome):
    target: Target
    participants: int
    every: float
    seconds: float
    changes: int = 0
    delays: list[float] = field(default_factory=list)  # s from write to seen; inf: never
    write_ms: list[float] = field(default_factory=list)
    unseen_by_tab: dict[int, int] = field(default_factory=dict)  # tab → cards it never saw
    timerless: int = 0  # tabs left without a live timer at the end
    lost_finishes: int = 0  # full runs whose script_finished never came
    full_runs_per_second: float = 0.0
    checks_per_second: float = 0.0

    @property
    def unseen(self) -> int:
        return sum(1 for delay in self.delays if math.isinf(delay))

    @property
    def p95(self) -> float | None:
        return percentile(self.delays, 95) if self.delays else None


async def measure_brainstorm(crowd: Crowd, cluster: Cluster, target: Target, board_id: str,
                             engine: sa.Engine, participants: int, every: float,
                             seconds: float, settle: float, live_wait: float) -> Brainstorm:
    """Each participant adds a card every ``every`` s for ``seconds``; who saw which when.

    The active window (server CPU, reruns) is the ``seconds``; afterwards the bench waits
    up to ``live_wait`` s for the last cards to reach everyone.
    """
    result = Brainstorm(target, participants, every, seconds)
    writes: dict[str, tuple[int, float]] = {}  # marker → (writer's tab, start of the write)
    async with measuring(crowd, cluster) as end:
        await crowd.add(tabs_for(cluster, target, board_id, participants))
        await crowd.call("watch", pattern=BRAINSTORM_MARKERS)
        await asyncio.sleep(settle)
        schedule = sorted((moment, writer) for writer in range(participants)
                          for moment in _moments(every, seconds))
        with ThreadPoolExecutor(1, thread_name_prefix="writer") as writer_thread:
            before, watch = await crowd.state(), CpuWatch(cluster)
            pending = []
            for moment, writer in schedule:
                await asyncio.sleep(max(0.0, watch.started + moment - time.perf_counter()))
                marker = f"card-{len(writes) + 1}-{secrets.token_hex(3)}"
                pending.append(asyncio.get_running_loop().run_in_executor(
                    writer_thread, _add_card, engine, board_id, writer, marker, writes,
                    result.write_ms))
            await asyncio.sleep(max(0.0, watch.started + seconds - time.perf_counter()))
            after, elapsed = await crowd.state(), watch.elapsed
            result.server_percent, result.pressure = watch.percent, watch.pressure
            await asyncio.gather(*pending)
        traffic = after.traffic - before.traffic
        result.full_runs_per_second = traffic.full_runs / elapsed
        result.checks_per_second = traffic.fragment_runs / elapsed
        result.client = ClientLoad.between(before, after, elapsed)
        seen = await _wait_until_seen(crowd, writes, live_wait)
        final = await crowd.state()
        result.timerless = final.timerless
        result.lost_finishes = (final.traffic - before.traffic).lost_finishes
        result.changes = len(writes)
        result.delays = [seen[tab].get(marker, math.inf) - started
                         for marker, (writer, started) in writes.items()
                         for tab in seen if tab != writer]
        result.unseen_by_tab = {tab: missed for tab in seen if (missed := sum(
            1 for marker, (writer, _) in writes.items()
            if writer != tab and marker not in seen[tab]))}
    result.failure, result.errors = end.failure, end.errors
    return result


def _moments(every: float, seconds: float) -> list[float]:
    """One participant's writes: a random first moment within ``every``, then every ``every``."""
    first = random.uniform(0, every)
    return [first + number * every for number in range(math.ceil((seconds - first) / every))]


def _add_card(engine: sa.Engine, board_id: str, writer: int, marker: str,
              writes: dict[str, tuple[int, float]], write_ms: list[float]) -> None:
    """What a participant's save does: one new card, in the participant's name and role."""
    started = time.perf_counter()
    writes[marker] = (writer, started)
    participant = store.Access(board_id, store.PARTICIPANT, store.Person(
        f"bench-participant-{writer + 1}", f"Participant {writer + 1}"))  # as a page holds it
    store.apply(engine, participant, [store.Add("solutions", {"text": f"Card {marker}"})])
    write_ms.append((time.perf_counter() - started) * 1000)


async def _wait_until_seen(crowd: Crowd, writes: dict[str, tuple[int, float]],
                           live_wait: float) -> dict[int, dict[str, float]]:
    """Every tab's first sight of every card, after waiting (up to ``live_wait`` s from the
    last write) until each card reached every other tab."""
    deadline = max(started for _, started in writes.values()) + live_wait if writes else 0
    while True:
        seen = {tab: marks for answer in await crowd.call("seen_all")
                for tab, marks in answer["seen"].items()}
        complete = all(marker in marks for marker, (writer, _) in writes.items()
                       for tab, marks in seen.items() if tab != writer)
        if complete or time.perf_counter() >= deadline:
            return seen
        await asyncio.sleep(0.25)


# --- sessions one process holds -------------------------------------------------------------

@dataclass
class Step:
    sessions: int
    timings: list[float] = field(default_factory=list)
    unfinished: int = 0
    server_percent: float | None = None
    pressure: float | None = None
    client: ClientLoad = field(default_factory=ClientLoad)

    @property
    def stats(self) -> Stats | None:
        return Stats.of(self.timings) if self.timings else None

    def holds(self, limit_ms: float) -> bool:
        """p95 within the limit and no rerun cut off (a step too short for any click holds:
        nothing was slow)."""
        return not self.unfinished and (self.stats is None or self.stats.p95 <= limit_ms)


@dataclass
class Capacity:
    target: Target
    think: float
    limit_ms: float
    seconds: float
    steps: list[Step] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def held(self) -> int:
        """The most sessions of a step that held, all smaller steps holding too (0: none)."""
        held = 0
        for step in self.steps:
            if not step.holds(self.limit_ms):
                break
            held = step.sessions
        return held

    @property
    def searched_to_the_end(self) -> bool:
        """Every step held: the answer is "at least" the last one."""
        return bool(self.steps) and all(step.holds(self.limit_ms) for step in self.steps)


async def measure_capacity(crowd: Crowd, cluster: Cluster, target: Target, board_id: str,
                           steps: list[int], think: float, limit_ms: float, seconds: float,
                           grace: float) -> Capacity:
    """Step by step more sessions clicking with think time; stops at the first step whose
    p95 exceeds ``limit_ms`` (or whose reruns did not finish within ``grace`` s)."""
    result = Capacity(target, think, limit_ms, seconds)
    async with measuring(crowd, cluster) as end:
        for sessions in sorted(steps):
            await crowd.add(tabs_for(cluster, target, board_id, sessions - crowd.size,
                                     first=crowd.size))
            await asyncio.sleep(STEP_SETTLE_SECONDS)
            step = Step(sessions)
            result.steps.append(step)
            before, watch = await crowd.state(), CpuWatch(cluster)
            answers = await crowd.call("click_for", seconds=seconds, think=think, grace=grace)
            after = await crowd.state()
            step.timings = [ms for answer in answers for ms in answer["timings"]]
            step.unfinished = sum(answer["unfinished"] for answer in answers)
            step.server_percent, step.pressure = watch.percent, watch.pressure
            step.client = ClientLoad.between(before, after, watch.elapsed)
            if not step.holds(limit_ms):
                break
    result.failure, result.errors = end.failure, end.errors
    return result
