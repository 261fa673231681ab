"""Many browser tabs, driven by several client processes so the client is not the bottleneck.

One Python process can only use one core; the tabs of bench/tab.py parse every frame the
server sends, so a hundred live tabs, or thirty during a brainstorm, keep a client busy.
:class:`Crowd` deals the tabs out over ``--clients`` worker processes (``spawn``ed, each
with its own asyncio loop), round robin by tab number, and tells them what to do; the main
process only coordinates, writes to the board and reads the server's CPU.  Every answer
carries the worker's own CPU time, so a report can show how busy the busiest client was.

Commands (a name and keyword arguments; each worker answers with a dict):

- ``add(tabs)``: open these tabs (number → (server URL, URL path, query string)) and run
  each page once, as a browser does when the link is opened.
- ``rerun(rounds, think, at_least)``: every tab reruns its page ``rounds`` times (and on
  until ``at_least`` s have passed), after a random pause of 0–2·``think`` s each time;
  answers the times until ``script_finished`` in ms.
- ``click_for(seconds, think, grace)``: the same until ``seconds`` have passed; a rerun
  still running ``grace`` s after that (or one that timed out) counts with the time it had
  taken when it was cut off.
- ``clicks(count, pause)``: every tab, one at a time, reruns ``count`` times, each
  ``pause`` s after the last answer; answers the times and the tabs' local ports.
- ``state()``: traffic, live intervals, page errors, CPU time of the worker.
- ``watch(pattern)``, ``seen(marker)``, ``seen_all()``, ``rerun_unseen(marker)``: note when
  texts matching ``pattern`` arrive; who has seen ``marker`` (and when); let those who
  have not rerun their page.
- ``clear()``: close every tab.

A command that fails (a run over ``timeout``, a closed websocket) answers ``failure``; the
coordinator raises it as :class:`PhaseFailed`.  Any other exception in a worker is a bug of
the bench: it answers the traceback, which the coordinator raises as RuntimeError.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import re
import time
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict, dataclass, field
from typing import Any, Self

from bench.common import Target
from bench.servers import Cluster, CpuWatch, until_quiet
from bench.tab import Session, Traffic, every, page_errors

Tab = tuple[str, str, str]  # server URL, URL path, query string


def tabs_for(cluster: Cluster, target: Target, board_id: str, count: int,
             first: int = 0) -> list[Tab]:
    """``count`` tabs on ``target`` (numbers from ``first``), dealt over the cluster's
    processes as a load balancer with sticky sessions would."""
    query = f"board={board_id}" if board_id else ""
    return [(cluster.url_of_session(number), target.url_path, query)
            for number in range(first, first + count)]


class PhaseFailed(Exception):
    """A run took longer than the timeout, or the server closed a websocket."""


class Crowd:
    """``clients`` worker processes holding tabs; use ``async with Crowd(…) as crowd``."""

    def __init__(self, clients: int, timeout: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipes, self._workers = [], []
        for _ in range(max(1, clients)):
            mine, theirs = context.Pipe()
            worker = context.Process(target=_work, args=(theirs, timeout), daemon=True)
            worker.start()
            self._pipes.append(mine)
            self._workers.append(worker)
        self.size = 0  # tabs open

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for pipe in self._pipes:
            with suppress(OSError):  # that worker is gone already
                pipe.send(("stop", {}))
        for worker in self._workers:
            await asyncio.to_thread(worker.join, 15)
            if worker.is_alive():
                worker.kill()

    async def add(self, tabs: list[Tab]) -> None:
        """Open more tabs (numbered after the ones open) and run each page once."""
        shares: list[dict[int, Tab]] = [{} for _ in self._pipes]
        for number, tab in enumerate(tabs, start=self.size):
            shares[number % len(self._pipes)][number] = tab
        self.size += len(tabs)
        await self._each([("add", {"tabs": share}) for share in shares])

    async def call(self, name: str, **arguments: Any) -> list[dict]:
        """The same command to every worker; their answers."""
        return await self._each([(name, arguments)] * len(self._pipes))

    async def clear(self) -> None:
        await self.call("clear")
        self.size = 0

    async def state(self) -> CrowdState:
        return CrowdState.of(await self.call("state"))

    async def _each(self, commands: list[tuple[str, dict]]) -> list[dict]:
        for pipe, command in zip(self._pipes, commands, strict=True):
            pipe.send(command)
        answers = await asyncio.gather(*(asyncio.to_thread(pipe.recv) for pipe in self._pipes))
        crashes = [answer["crash"] for answer in answers if answer.get("crash")]
        if crashes:
            raise RuntimeError(f"a client process failed:\n{crashes[0]}")
        failures = [answer["failure"] for answer in answers if answer.get("failure")]
        if failures:
            raise PhaseFailed(failures[0])
        return answers


@dataclass
class PhaseEnd:
    """How a phase ended: why it stopped short (None: it did not), what the pages showed."""

    failure: str | None = None
    errors: list[str] = field(default_factory=list)


@asynccontextmanager
async def measuring(crowd: Crowd, cluster: Cluster) -> AsyncIterator[PhaseEnd]:
    """One phase's tabs on ``cluster``: first wait until the server is quiet; a
    :class:`PhaseFailed` inside ends the phase (noted with how busy the server was: near
    100 % of a core it is saturated, as one Streamlit process runs Python code on one core
    at a time); at the end the pages' errors are noted and every tab is closed."""
    end = PhaseEnd()
    await until_quiet(cluster)
    watch = CpuWatch(cluster)
    try:
        yield end
    except PhaseFailed as failure:
        busy = watch.percent
        end.failure = str(failure) + ("" if busy is None else
                                      f"; server busy {busy:.0f} % of a core meanwhile")
    finally:
        end.errors = (await crowd.state()).errors
        await crowd.clear()


class CrowdState:
    """All workers' ``state()`` answers together."""

    def __init__(self, traffic: Traffic, cpu: list[float], intervals: list[float],
                 timerless: int, errors: list[str]) -> None:
        self.traffic, self.cpu, self.intervals = traffic, cpu, intervals
        self.timerless, self.errors = timerless, errors  # tabs that lost their live timer

    @classmethod
    def of(cls, answers: list[dict]) -> CrowdState:
        traffic = sum((Traffic(**answer["traffic"]) for answer in answers), Traffic())
        return cls(traffic, [answer["cpu"] for answer in answers],
                   sorted({i for answer in answers for i in answer["intervals"]}),
                   sum(answer["timerless"] for answer in answers),
                   sorted({e for answer in answers for e in answer["errors"]}))

    def client_cpu(self, since: CrowdState, seconds: float) -> tuple[float, float]:
        """The client processes' CPU since ``since``: all together and the busiest one,
        in % of one core."""
        used = [now - before for now, before in zip(self.cpu, since.cpu, strict=True)]
        return sum(used) / seconds * 100, max(used) / seconds * 100


# --- the worker process ---------------------------------------------------------------------

def _work(pipe, timeout: float) -> None:
    asyncio.run(_Worker(pipe, timeout).serve())


class _Worker:
    def __init__(self, pipe, timeout: float) -> None:
        self.pipe, self.timeout = pipe, timeout
        self.tabs: dict[int, Session] = {}

    async def serve(self) -> None:
        while True:
            name, arguments = await asyncio.to_thread(self.pipe.recv)
            if name == "stop":
                await self.clear()
                return
            try:
                answer = await getattr(self, name)(**arguments) or {}
            except (TimeoutError, ConnectionError, OSError) as error:
                answer = {"failure": ("a run took longer than the timeout"
                                      if isinstance(error, TimeoutError)
                                      else f"{type(error).__name__}: {error}")}
            except Exception:  # deliberate: a bug here, the coordinator shows it and stops
                answer = {"crash": traceback.format_exc()}
            self.pipe.send(answer)

    async def add(self, tabs: dict[int, Tab]) -> None:
        new = {number: Session(url, path, query, self.timeout)
               for number, (url, path, query) in tabs.items()}
        self.tabs |= new
        await every(tab.open() for tab in new.values())
        await every(tab.run() for tab in new.values())

    async def rerun(self, rounds: int, think: float = 0.0, at_least: float = 0.0) -> dict:
        until = time.perf_counter() + at_least

        async def one(tab: Session) -> list[float]:
            timings = []
            while len(timings) < rounds or time.perf_counter() < until:
                if think:
                    await asyncio.sleep(random.uniform(0, 2 * think))
                timings.append(await tab.run())
            return timings

        return {"timings": [ms for timings in await every(map(one, self.tabs.values()))
                            for ms in timings]}

    async def click_for(self, seconds: float, think: float, grace: float) -> dict:
        deadline = time.perf_counter() + seconds
        timings: list[float] = []
        running: dict[int, float] = {}  # tab → start of its rerun still running

        async def one(number: int, tab: Session) -> None:
            while True:
                await asyncio.sleep(random.uniform(0, 2 * think))
                if time.perf_counter() >= deadline:
                    return
                running[number] = time.perf_counter()
                timings.append(await tab.run())
                del running[number]

        tasks = [asyncio.create_task(one(*item)) for item in self.tabs.items()]
        done, pending = await asyncio.wait(tasks, timeout=seconds + grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        cut = time.perf_counter()
        for task in done:
            if isinstance(task.exception(), ConnectionError):
                raise task.exception()
        unfinished = [(cut - started) * 1000 for started in running.values()]
        return {"timings": timings + unfinished, "unfinished": len(unfinished)}

    async def clicks(self, count: int, pause: float) -> dict:
        timings, ports = [], []
        for tab in self.tabs.values():
            ports.append(tab.client_port)
            for _ in range(count):
                await asyncio.sleep(pause)
                timings.append(await tab.run())
        return {"timings": timings, "ports": ports}

    async def state(self) -> dict:
        traffic = sum((tab.traffic for tab in self.tabs.values()), Traffic())
        return {"traffic": asdict(traffic), "cpu": time.process_time(),
                "intervals": sorted({i for tab in self.tabs.values()
                                     for i in tab.live_intervals}),
                "timerless": sum(tab.lost_its_timer for tab in self.tabs.values()),
                "errors": page_errors(self.tabs.values())}

    async def watch(self, pattern: bytes) -> None:
        markers = re.compile(pattern)
        for tab in self.tabs.values():
            tab.watch(markers)

    async def seen(self, marker: str) -> dict:
        return {"seen": {number: tab.seen[marker] for number, tab in self.tabs.items()
                         if marker in tab.seen}}

    async def seen_all(self) -> dict:
        return {"seen": {number: tab.seen for number, tab in self.tabs.items()}}

    async def rerun_unseen(self, marker: str) -> None:
        await every(tab.run() for tab in self.tabs.values() if marker not in tab.seen)

    async def clear(self) -> None:
        await asyncio.gather(*(tab.close() for tab in self.tabs.values()))
        self.tabs = {}
