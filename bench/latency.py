"""Tabs on one page: how long a rerun takes, and how long a change takes to reach the others.

Two phases of bench/load.py (``--phases latency,propagation``); bench/all.py's rerun rows
are the latency phase with one tab.

- :func:`measure_latency`: tabs open the page and rerun it, all at once (closed loop) or
  after a think time; the time until each rerun's ``script_finished``, the server's CPU per
  rerun, the elements and bytes of a rerun.
- :func:`measure_propagation`: idle tabs have the page open while the bench writes one
  revision at a time through ``store.apply``; the time until each tab received it.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench.common import AUTHOR, Stats, Target
from bench.crowd import Crowd, measuring, tabs_for
from bench.room import ClientLoad
from bench.servers import Cluster, CpuWatch
from components.board import store

PROPAGATION_MARKERS = rb"bench-change-\d+-[0-9a-f]{8}"


@dataclass
class Latency:
    target: Target
    sessions: int
    timings: list[float] = field(default_factory=list)
    cpu_ms_per_rerun: float | None = None
    elements_per_rerun: float = 0.0
    kb_per_rerun: float = 0.0
    live_runs_per_second: float = 0.0
    pressure: float | None = None  # the machine's CPU pressure during the timed reruns
    client: ClientLoad = field(default_factory=ClientLoad)
    lost_finishes: int = 0
    cache_misses: int = 0
    errors: list[str] = field(default_factory=list)
    failure: str | None = None  # why nothing was measured: a run timed out, a socket closed

    @property
    def stats(self) -> Stats | None:
        return None if self.failure or not self.timings else Stats.of(self.timings)


async def measure_latency(crowd: Crowd, cluster: Cluster, target: Target, board_id: str,
                          sessions: int, rounds: int, warmup: int, think: float,
                          at_least: float = 0.0) -> Latency:
    """``sessions`` tabs open the page, rerun it ``warmup`` times, then ``rounds`` timed
    (and on until ``at_least`` s have passed)."""
    result = Latency(target, sessions)
    async with measuring(crowd, cluster) as end:
        await crowd.add(tabs_for(cluster, target, board_id, sessions))
        if warmup:
            await crowd.call("rerun", rounds=warmup)
        before, watch = await crowd.state(), CpuWatch(cluster)
        answers = await crowd.call("rerun", rounds=rounds, think=think, at_least=at_least)
        cpu, elapsed, result.pressure = watch.seconds, watch.elapsed, watch.pressure
        after = await crowd.state()
    result.failure, result.errors = end.failure, end.errors
    if result.failure:
        return result
    result.timings = [ms for answer in answers for ms in answer["timings"]]
    if cpu is not None:
        result.cpu_ms_per_rerun = cpu * 1000 / len(result.timings)
    traffic = after.traffic - before.traffic
    if traffic.full_runs:
        result.elements_per_rerun = traffic.full_elements / traffic.full_runs
        result.kb_per_rerun = traffic.full_bytes / 1024 / traffic.full_runs
    result.live_runs_per_second = traffic.fragment_runs / elapsed
    result.client = ClientLoad.between(before, after, elapsed)
    result.lost_finishes, result.cache_misses = traffic.lost_finishes, traffic.cache_misses
    return result


@dataclass
class Propagation:
    target: Target
    viewers: int
    writes: int
    live_intervals: list[float] | None = None            # None: not known (failed first)
    live: list[float] = field(default_factory=list)       # seconds from the write, no rerun
    on_rerun: list[float] = field(default_factory=list)   # seconds from the write, after a rerun
    never: int = 0                                       # not visible even after a rerun
    write_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None


async def measure_propagation(crowd: Crowd, cluster: Cluster, target: Target, board_id: str,
                              engine: sa.Engine, viewers: int, writes: int,
                              live_wait: float) -> Propagation:
    """``viewers`` idle tabs; ``writes`` times one revision; who sees it when."""
    result = Propagation(target, viewers, writes)
    async with measuring(crowd, cluster) as end:
        await crowd.add(tabs_for(cluster, target, board_id, viewers))
        await crowd.call("watch", pattern=PROPAGATION_MARKERS)
        await asyncio.sleep(1.5)  # the auto-rerun messages of the first runs have arrived
        result.live_intervals = (await crowd.state()).intervals
        wait = live_wait if result.live_intervals else 0.0
        title = store.load(engine, board_id).board.title
        for number in range(1, writes + 1):
            await asyncio.sleep(random.uniform(0.5, 1.5))  # a random phase of the ticks
            await _propagate(crowd, engine, board_id, title, number, wait, result)
    result.failure, result.errors = end.failure, end.errors
    return result


async def _propagate(crowd: Crowd, engine: sa.Engine, board_id: str, title: str, number: int,
                     live_wait: float, result: Propagation) -> None:
    """One write; who sees it live within ``live_wait``, who only after rerunning."""
    marker = f"bench-change-{number}-{secrets.token_hex(4)}"
    started = time.perf_counter()
    await asyncio.to_thread(_write_change, engine, board_id, title, marker)
    result.write_ms.append((time.perf_counter() - started) * 1000)
    seen = await _seen(crowd, marker)
    while time.perf_counter() < started + live_wait and len(seen) < result.viewers:
        await asyncio.sleep(0.02)
        seen = await _seen(crowd, marker)
    result.live += [moment - started for moment in seen.values()]
    await crowd.call("rerun_unseen", marker=marker)
    after_rerun = await _seen(crowd, marker)
    result.on_rerun += [moment - started for tab, moment in after_rerun.items()
                        if tab not in seen]
    result.never += result.viewers - len(after_rerun)


async def _seen(crowd: Crowd, marker: str) -> dict[int, float]:
    return {tab: moment for answer in await crowd.call("seen", marker=marker)
            for tab, moment in answer["seen"].items()}


def _write_change(engine: sa.Engine, board_id: str, title: str, marker: str) -> int:
    """One revision carrying ``marker``: a new solution, and the board title.

    The solution is what the canvas draws; the title is drawn on every page (the sidebar's
    board picker), so the change is detectable whichever page the viewers have open.
    """
    revision = store.revision(engine, board_id)
    return store.apply(engine, store.operator(engine, board_id, AUTHOR), [
        store.Add("solutions", {"text": f"Solution {marker}"}),
        store.Meta({"title": f"{title} {marker}"}, revision),
    ])
