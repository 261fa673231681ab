"""Many viewers at once without a browser: Streamlit's websocket protocol under load.

    python bench/load.py                               # 30 sessions: bare@200, canvas@200
    python bench/load.py --sessions 5 --rounds 5       # a quick run
    python bench/load.py --url http://host:8501 --db URL   # against a running server
    python bench/load.py --processes 2                 # two server processes per app

By default it starts its own servers on free ports (8700-8799) with a scratch SQLite
database: ``streamlit run app.py`` and ``streamlit run bench/bare_app.py`` (the bare reference
page), and stops them at the end.  With ``--processes N`` each of the two is N processes on
the one database, and the sessions are dealt out over them in turn, as a load balancer with
sticky sessions would (the server CPU columns add the processes up).  Then:

1. **Rerun latency.**  Per page, ``--sessions`` sessions open the page and each reruns it
   ``--rounds`` times, all at once (closed loop: the next rerun as soon as the last one ended,
   after an optional ``--think`` pause); the table gives p50/p95 of the time from sending the
   rerun to its ``script_finished``, the page's p95 against the bare page's, and the server's
   CPU time per rerun.
2. **Propagation.**  ``--sessions`` − 1 viewers have the page open, idle, as browser tabs
   would; the bench writes ``--writes`` times to the board through ``store.apply`` (the save
   of the one session that edits) and times, for every viewer, from the start of the write
   until a message carrying the change arrives.  With a live update (the page registered
   ``st.fragment(run_every=…)``, which this client honours like the browser) the viewers do
   nothing; without one, or for viewers that had not seen it after ``--live-wait`` seconds,
   the viewer reruns and the output says so ("change visible on next rerun").

The protocol, as the frontend speaks it (streamlit/static, runtime/app_session.py,
web/server/starlette/starlette_websocket.py):

- connect to ``/_stcore/stream`` with the subprotocols ``streamlit`` and
  ``PLACEHOLDER_AUTH_TOKEN`` (the frontend's token when it has no XSRF cookie; the server
  picks the first, the second only matters for signed-in users).  Nothing runs until the
  client asks.
- a run is asked for with ``BackMsg.rerun_script`` (a ``ClientState``): the query string
  ``board=<id>``; the first time the page's URL path as ``page_name`` (``canvas``), later the
  ``page_script_hash`` the ``navigation`` message named; the hashes of the big messages
  already received (``cached_message_hashes``: the server then sends a ``ref_hash`` instead,
  as it does to a browser); no widget changes.
- every frame from the server is one binary ``ForwardMsg``; a run starts with ``new_session``
  (``metadata.run.fragment_ids`` empty for a full run) and a full run is over at
  ``script_finished`` FINISHED_SUCCESSFULLY (a fragment run ends with
  FINISHED_FRAGMENT_RUN_SUCCESSFULLY and is not counted as a rerun).  Streamlit sometimes
  drops a full run's ``script_finished`` (see ``Session._run_started``); the next fragment
  run's ``new_session`` then ends it.
- ``auto_rerun`` starts a timer that sends ``rerun_script`` with the fragment id and
  ``is_auto_rerun`` every ``interval`` seconds (the frontend's setInterval), whether or not
  the previous one has finished; ``stop_auto_rerun`` ends it.

A phase in which a run takes longer than ``--timeout`` or the server closes a websocket is
reported as FAILED, with the server's CPU use meanwhile (near 100 % of one core: saturated).
Exit status 0, missed goals and failed phases included; 1 when a page showed an exception or
a server did not start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Iterable
from contextlib import ExitStack, asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.common import (
    APP,
    AUTHOR,
    BARE,
    BARE_APP,
    ROOT,
    Stats,
    Target,
    demo_boards,
    parse_targets,
    ratio,
    save_results,
    scratch_database_url,
    scratch_directory,
    table,
)
from components.board import store
from components.config import ENV_VAR

SUBPROTOCOLS = ["streamlit", "PLACEHOLDER_AUTH_TOKEN"]
PORTS = range(8700, 8800)
DEFAULT_TIMEOUT_SECONDS = 120
START_TIMEOUT_SECONDS = 120
GOAL_RATIO = 2.0
GOAL_SESSIONS = 30
GOAL_PROPAGATION_SECONDS = 2.0
T = TypeVar("T")
FULL_RUN_ENDS = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


# --- servers --------------------------------------------------------------------------------

@dataclass
class Server:
    """A Streamlit server: one this bench started (``process``) or one given by ``--url``."""

    url: str
    process: subprocess.Popen | None = None
    log: Path | None = None

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the server process so far (Linux), None if not ours."""
        if self.process is None:
            return None
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Cluster:
    """One app served by one or more processes on one database; sessions take turns."""

    members: list[Server]

    @property
    def url(self) -> str:
        return ", ".join(member.url for member in self.members)

    def url_of_session(self, number: int) -> str:
        """The server of the ``number``-th session: round robin, sticky per session."""
        return self.members[number % len(self.members)].url

    def cpu_seconds(self) -> float | None:
        """CPU time of all processes so far, None if any is not ours."""
        times = [member.cpu_seconds() for member in self.members]
        return None if None in times else sum(times)

    def busy_percent(self, cpu_since: float | None, since: float) -> float | None:
        """CPU time used since ``(cpu_since, since)`` in % of one core (all processes)."""
        cpu = self.cpu_seconds()
        if cpu is None or cpu_since is None:
            return None
        return (cpu - cpu_since) / (time.perf_counter() - since) * 100


def free_port(taken: set[int]) -> int:
    """A port of 8700-8799 nobody listens on (the project's range for local servers)."""
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise RuntimeError("no free port in 8700-8799")


def start_server(script: Path, port: int, database_url: str, log: Path,
                 options: list[str]) -> Server:
    """``streamlit run script`` on 127.0.0.1:port with the database; ``options`` as
    ``section.name=value`` (``runner.postScriptGC=false``) override .streamlit/config.toml."""
    env = {**os.environ, ENV_VAR: database_url,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false", "--logger.level", "error"]
    for option in options:
        name, _, value = option.partition("=")
        command += [f"--{name}", value]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return Server(f"http://127.0.0.1:{port}", process, log)


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server at {server.url} did not answer /_stcore/health")


# --- one browser tab ------------------------------------------------------------------------

@dataclass
class Session:
    """One browser tab on one page, speaking the websocket protocol (see the module doc)."""

    server_url: str
    page_name: str
    query_string: str
    timeout: float
    page_script_hash: str = ""
    errors: list[str] = field(default_factory=list)
    received_bytes: int = 0
    fragment_runs: int = 0
    marker: bytes | None = None
    marker_seen: float | None = None
    lost_finishes: int = 0
    _socket: ClientConnection | None = None
    _reader: asyncio.Task | None = None
    _finished: asyncio.Future | None = None
    _started: bool = False
    _cache: dict[str, bytes] = field(default_factory=dict)
    _timers: dict[str, tuple[float, asyncio.Task]] = field(default_factory=dict)

    async def open(self) -> None:
        url = self.server_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self._socket = await connect(url, subprotocols=SUBPROTOCOLS, max_size=None,
                                     open_timeout=self.timeout)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        for _, timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await self._reader

    @property
    def live_intervals(self) -> list[float]:
        """The intervals of the auto-rerunning fragments the page registered."""
        return [interval for interval, _ in self._timers.values()]

    async def run(self) -> float:
        """Rerun the page as a browser does; milliseconds until its ``script_finished``."""
        self._finished = asyncio.get_running_loop().create_future()
        self._started = False
        started = time.perf_counter()
        await self._send_rerun()
        await asyncio.wait_for(self._finished, self.timeout)
        return (time.perf_counter() - started) * 1000

    def watch(self, marker: str) -> None:
        """Note the moment a message carrying ``marker`` arrives (``marker_seen``)."""
        self.marker, self.marker_seen = marker.encode(), None

    async def _send_rerun(self, fragment_id: str = "") -> None:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = bool(fragment_id)
        state.cached_message_hashes.extend(self._cache)
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.server_url}/{self.page_name}?{self.query_string}"
        await self._socket.send(message.SerializeToString())

    async def _read(self) -> None:
        try:
            async for frame in self._socket:
                self._handle(frame)
        except ConnectionClosed:
            pass
        finally:
            if self._finished is not None and not self._finished.done():
                self._finished.set_exception(ConnectionError("the server closed the websocket"))

    def _handle(self, frame: bytes) -> None:
        message = ForwardMsg.FromString(frame)
        kind = message.WhichOneof("type")
        self.received_bytes += len(frame)
        content = frame
        if kind == "ref_hash":
            content = self._cache.get(message.ref_hash, b"")
        elif message.metadata.cacheable:
            self._cache[message.hash] = frame
        if self.marker and self.marker_seen is None and self.marker in content:
            self.marker_seen = time.perf_counter()
        if kind == "new_session":
            self._run_started(list(message.metadata.run.fragment_ids))
        elif kind == "navigation":
            self.page_script_hash = message.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {self.page_name!r}")
        elif kind == "delta":
            self._check_exception(message)
        elif kind == "auto_rerun":
            self._start_timer(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                self._stop_timer(fragment_id)
        elif kind == "script_finished":
            self._script_finished(message.script_finished)

    def _check_exception(self, message: ForwardMsg) -> None:
        delta = message.delta
        if delta.WhichOneof("type") == "new_element" \
                and delta.new_element.WhichOneof("type") == "exception" \
                and not delta.new_element.exception.is_warning:
            error = delta.new_element.exception
            self.errors.append(f"{error.type}: {error.message}")

    @property
    def _waiting(self) -> bool:
        return self._finished is not None and not self._finished.done()

    def _run_started(self, fragment_ids: list[str]) -> None:
        """A run began: ours (a full run), or a fragment run, which starts only after ours.

        Streamlit may drop a full run's ``script_finished``: when a fragment's auto-rerun
        request lands just as the run ends, the server starts a new ScriptRunner for the
        fragment and ignores the old one's last events (the comment in
        ``AppSession.request_rerun`` describes it).  The browser shrugs (the fragment
        run's own finish ends its "running" state); here the fragment run's start ends ours,
        since all of our run's elements were sent before it.
        """
        if not self._waiting:
            return
        if not fragment_ids:
            self._started = True
        elif self._started:
            self.lost_finishes += 1
            self._finished.set_result(None)

    def _script_finished(self, status: int) -> None:
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.fragment_runs += 1
        elif status in FULL_RUN_ENDS and self._waiting and self._started:
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("the page script did not compile")
            self._finished.set_result(None)

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        """As the frontend: one timer per fragment, restarted only when its interval changes."""
        running = self._timers.get(fragment_id)
        if not fragment_id or (running is not None and running[0] == interval):
            return
        self._stop_timer(fragment_id)
        self._timers[fragment_id] = (interval, asyncio.create_task(
            self._auto_rerun(fragment_id, interval)))

    def _stop_timer(self, fragment_id: str) -> None:
        _, timer = self._timers.pop(fragment_id, (None, None))
        if timer is not None:
            timer.cancel()

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self._send_rerun(fragment_id)
            except ConnectionClosed:
                return


def new_sessions(server: Cluster, target: Target, board_id: str, count: int,
                 timeout: float) -> list[Session]:
    return [Session(server.url_of_session(number), target.url_path, f"board={board_id}",
                    timeout) for number in range(count)]


@asynccontextmanager
async def opened(sessions: list[Session]) -> AsyncIterator[None]:
    """The tabs connected and through their first run; closed afterwards."""
    try:
        await every(session.open() for session in sessions)
        await every(session.run() for session in sessions)
        yield
    finally:
        await asyncio.gather(*(session.close() for session in sessions))


async def every(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Await them all at once, then raise the first failure (no task is left running)."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def page_errors(sessions: list[Session]) -> list[str]:
    return sorted({error for session in sessions for error in session.errors})


# --- 1. rerun latency -----------------------------------------------------------------------

@dataclass
class Latency:
    target: Target
    timings: list[float] = field(default_factory=list)
    cpu_ms_per_rerun: float | None = None
    kb_per_rerun: float = 0.0
    live_runs_per_second: float = 0.0
    client_cpu_percent: float = 0.0
    lost_finishes: int = 0
    errors: list[str] = field(default_factory=list)
    failure: str | None = None  # why nothing was measured: a run timed out, a socket closed

    @property
    def stats(self) -> Stats | None:
        return None if self.failure else Stats.of(self.timings)


async def measure_latency(server: Cluster, target: Target, board_id: str,
                          args: argparse.Namespace) -> Latency:
    result = Latency(target)
    sessions = new_sessions(server, target, board_id, args.sessions, args.timeout)
    phase = server.cpu_seconds(), time.perf_counter()
    try:
        async with opened(sessions):
            for _ in range(args.warmup):
                await every(session.run() for session in sessions)
            received, ticks = _traffic(sessions)
            cpu, started = server.cpu_seconds(), time.perf_counter()
            client_cpu = time.process_time()
            per_session = await every(_rerun_repeatedly(session, args.rounds, args.think)
                                      for session in sessions)
            elapsed, cpu_after = time.perf_counter() - started, server.cpu_seconds()
            result.client_cpu_percent = (time.process_time() - client_cpu) / elapsed * 100
    except (TimeoutError, ConnectionError) as error:
        result.failure = _failure(error, server, phase, args)
    result.errors = page_errors(sessions)
    if result.failure:
        return result
    result.timings = [ms for timings in per_session for ms in timings]
    if cpu is not None and cpu_after is not None:
        result.cpu_ms_per_rerun = (cpu_after - cpu) * 1000 / len(result.timings)
    received_after, ticks_after = _traffic(sessions)
    result.kb_per_rerun = (received_after - received) / 1024 / len(result.timings)
    result.live_runs_per_second = (ticks_after - ticks) / elapsed
    result.lost_finishes = sum(session.lost_finishes for session in sessions)
    return result


def _traffic(sessions: list[Session]) -> tuple[int, int]:
    """Bytes received and fragment runs finished so far, over all sessions."""
    return (sum(session.received_bytes for session in sessions),
            sum(session.fragment_runs for session in sessions))


async def _rerun_repeatedly(session: Session, rounds: int, think: float) -> list[float]:
    timings = []
    for _ in range(rounds):
        if think:
            await asyncio.sleep(random.uniform(0, 2 * think))
        timings.append(await session.run())
    return timings


# --- 2. propagation -------------------------------------------------------------------------

@dataclass
class Propagation:
    target: Target
    viewers: int
    writes: int
    live_intervals: list[float] | None = None            # None: not known (timed out first)
    live: list[float] = field(default_factory=list)       # seconds from the write, no rerun
    on_rerun: list[float] = field(default_factory=list)   # seconds from the write, after a rerun
    never: int = 0                                       # not visible even after a rerun
    write_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None


async def measure_propagation(server: Cluster, target: Target, board_id: str, engine: sa.Engine,
                              args: argparse.Namespace) -> Propagation:
    viewers = new_sessions(server, target, board_id, max(1, args.sessions - 1), args.timeout)
    result = Propagation(target, len(viewers), args.writes)
    phase = server.cpu_seconds(), time.perf_counter()
    try:
        async with opened(viewers):
            await asyncio.sleep(1.5)  # the auto-rerun messages of the first runs have arrived
            result.live_intervals = sorted({i for v in viewers for i in v.live_intervals})
            live_wait = args.live_wait if result.live_intervals else 0.0
            title = store.load(engine, board_id).board.title
            for number in range(1, args.writes + 1):
                await asyncio.sleep(random.uniform(0.5, 1.5))  # a random phase of the ticks
                await _propagate(viewers, engine, board_id, title, number, live_wait, result)
    except (TimeoutError, ConnectionError) as error:
        result.failure = _failure(error, server, phase, args)
    result.errors = page_errors(viewers)
    return result


def _failure(error: Exception, server: Cluster, phase: tuple[float | None, float],
             args: argparse.Namespace) -> str:
    """Why a phase stopped, and how busy the server was: near 100 % of a core it is saturated
    (one Streamlit process runs Python code on one core at a time)."""
    what = (f"a run took over {args.timeout:g} s" if isinstance(error, TimeoutError)
            else "the server closed a session's websocket")
    busy = server.busy_percent(*phase)
    return what + ("" if busy is None else f"; server busy {busy:.0f} % of a core meanwhile")


async def _propagate(viewers: list[Session], engine: sa.Engine, board_id: str, title: str,
                     number: int, live_wait: float, result: Propagation) -> None:
    """One write; who sees it live within ``live_wait``, who only after rerunning."""
    marker = f"bench-change-{number}-{secrets.token_hex(4)}"
    for viewer in viewers:
        viewer.watch(marker)
    started = time.perf_counter()
    await asyncio.to_thread(_write_change, engine, board_id, title, marker)
    result.write_ms.append((time.perf_counter() - started) * 1000)
    while time.perf_counter() < started + live_wait \
            and any(viewer.marker_seen is None for viewer in viewers):
        await asyncio.sleep(0.01)
    late = [viewer for viewer in viewers if viewer.marker_seen is None]
    result.live += [viewer.marker_seen - started for viewer in viewers if viewer not in late]
    await every(viewer.run() for viewer in late)
    result.on_rerun += [viewer.marker_seen - started for viewer in late
                        if viewer.marker_seen is not None]
    result.never += sum(viewer.marker_seen is None for viewer in late)


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


# --- report ---------------------------------------------------------------------------------

def report_latency(results: list[Latency], args: argparse.Namespace) -> list[str]:
    """The latency table; returns the goal lines."""
    bare = {result.target: result for result in results if result.target.page == BARE}
    print(f"Rerun latency over the websocket: {args.sessions} sessions rerunning at once, "
          f"{args.rounds} timed reruns each"
          + (f", think time 0-{2 * args.think:g} s" if args.think else ", no think time"))
    print(table(("page@items", "reruns", "p50 ms", "p95 ms", "p95 × bare",
                 "server CPU ms/rerun", "CPU × bare", "KB/rerun", "live ticks/s",
                 "client CPU %"),
                (_latency_row(result, bare[result.target.reference], args)
                 for result in results)))
    lost = sum(result.lost_finishes for result in results)
    if lost:
        print(f"({lost} reruns ended without their script_finished, which Streamlit drops when "
              "a live tick lands as a run ends; their end was taken at the tick's start)")
    return [_latency_goal(result, bare[result.target.reference], args)
            for result in results if result.target.page != BARE]


def _latency_row(result: Latency, bare: Latency, args: argparse.Namespace) -> tuple:
    if result.stats is None:
        return (str(result.target), f"FAILED: {result.failure}", *[""] * 8)
    cpu, bare_cpu = result.cpu_ms_per_rerun, bare.cpu_ms_per_rerun
    return (str(result.target), len(result.timings), result.stats.median, result.stats.p95,
            ratio(result.stats.p95, bare.stats.p95) if bare.stats else "-",
            "-" if cpu is None else cpu, ratio(cpu, bare_cpu) if cpu and bare_cpu else "-",
            result.kb_per_rerun, result.live_runs_per_second, result.client_cpu_percent)


def _latency_goal(result: Latency, bare: Latency, args: argparse.Namespace) -> str:
    goal = (f"p95 {result.target} redraw within {GOAL_RATIO:g}× the bare page at "
            f"{GOAL_SESSIONS} sessions: ")
    if result.stats is None or bare.stats is None:
        failed = result if result.stats is None else bare
        return f"{goal}{failed.target}: {failed.failure} → MISSED{_sessions_note(args)}"
    p95, reference = result.stats.p95, bare.stats.p95
    return (f"{goal}{p95:.0f} ms vs bare {reference:.0f} ms = {ratio(p95, reference)} → "
            f"{'MET' if p95 <= GOAL_RATIO * reference else 'MISSED'}{_sessions_note(args)}")


def report_propagation(result: Propagation, args: argparse.Namespace) -> list[str]:
    """The propagation lines; returns the goal line."""
    print(f"\nPropagation on {result.target}: {result.writes} writes by the bench through "
          f"store.apply (one revision each), {result.viewers} other sessions have the page open")
    if result.write_ms:
        print(f"  write (store.apply): median {Stats.of(result.write_ms).median:.0f} ms")
    if result.live_intervals is None:
        print(f"  FAILED while the viewers opened the page: {result.failure}")
        return [f"change visible to all others within {GOAL_PROPAGATION_SECONDS:g} s p95: "
                f"the viewers could not even open the page → MISSED{_sessions_note(args)}"]
    if result.live_intervals:
        intervals = ", ".join(f"{interval:g} s" for interval in result.live_intervals)
        print(f"  live update: the page registers st.fragment(run_every={intervals}); the "
              "viewers did nothing but what a browser's timer does")
    else:
        print("  NO LIVE UPDATE: the page registered no auto-rerunning fragment, so a change "
              "shows only on the viewer's next rerun; measured instead: change visible on next "
              "rerun (each viewer reruns right after the write)")
    expected = result.viewers * result.writes
    waited = f" after waiting {args.live_wait:g} s" if result.live_intervals else ""
    for label, seconds in (("seen without rerunning", result.live),
                           (f"seen on the next rerun{waited}", result.on_rerun)):
        if seconds:
            stats = Stats.of(seconds)
            print(f"  {label}: {len(seconds)}/{expected}, p50 {stats.median:.2f} s, p95 "
                  f"{stats.p95:.2f} s, max {stats.maximum:.2f} s (from the start of the write)")
    if result.never:
        print(f"  NOT VISIBLE even after a rerun: {result.never}/{expected} (the page draws "
              "neither the new solution nor the board title)")
    if result.failure:
        print(f"  FAILED: {result.failure}")
    goal = f"change visible to all others within {GOAL_PROPAGATION_SECONDS:g} s p95: "
    measured = result.live if result.live_intervals else result.on_rerun
    how = "live" if result.live_intervals else "on next rerun (no live update)"
    if len(measured) < expected:
        return [f"{goal}only {len(measured)}/{expected} saw it {how} → MISSED"
                f"{_sessions_note(args)}"]
    p95 = Stats.of(measured).p95
    return [f"{goal}{p95:.2f} s {how} → "
            f"{'MET' if p95 <= GOAL_PROPAGATION_SECONDS else 'MISSED'}{_sessions_note(args)}"]


def _sessions_note(args: argparse.Namespace) -> str:
    return "" if args.sessions == GOAL_SESSIONS else \
        f" (the goal is stated at {GOAL_SESSIONS} sessions; this run had {args.sessions})"


# --- main -----------------------------------------------------------------------------------

async def bench(args: argparse.Namespace, targets: list[Target], watched: Target,
                boards: dict[int, str], servers: dict[str, Cluster], engine: sa.Engine) -> int:
    """Latency per target, then propagation on ``watched``; prints, saves, returns the status."""
    latencies = []
    for target in targets:
        server = servers[BARE if target.page == BARE else "app"]
        print(f"  latency {target} ({server.url}) …", flush=True)
        latencies.append(await measure_latency(server, target, boards[target.items], args))
    print(f"  propagation {watched} …\n", flush=True)
    propagation = await measure_propagation(servers["app"], watched, boards[watched.items],
                                            engine, args)
    goals = report_latency(latencies, args) + report_propagation(propagation, args)
    print("\nGoals:")
    for line in goals:
        print(f"  {line}")
    errors = {str(r.target): r.errors for r in latencies if r.errors}
    if propagation.errors:
        errors[f"propagation {propagation.target}"] = propagation.errors
    path = save_results("load", {
        "arguments": vars(args),
        "latency": [{**asdict(r), "target": str(r.target),
                     "stats": r.stats and asdict(r.stats)} for r in latencies],
        "propagation": {**asdict(propagation), "target": str(propagation.target)},
        "goals": goals,
    })
    print(f"\nraw numbers: {path.relative_to(ROOT)}")
    for name, messages in errors.items():
        print(f"\n{name}: the page showed errors:\n  " + "\n  ".join(messages), file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.url and not args.db:
        print("error: --url needs --db, the server's database URL (the bench creates its board "
              "there and writes to it)", file=sys.stderr)
        return 2
    try:
        targets = parse_targets(args.pages, args.items)
        watched = Target.parse(args.propagation_page, args.items)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        directory = Path(stack.enter_context(scratch_directory()))
        url = args.db or scratch_database_url(str(directory))
        sizes = {target.items for target in (*targets, watched)}
        boards = demo_boards(url, sizes) if not args.board else dict.fromkeys(sizes, args.board)
        engine = store.connect(url)
        stack.callback(engine.dispose)
        try:
            servers = _servers(args, url, directory, stack)
            print(f"servers: app {servers['app'].url}, bare {servers[BARE].url}; "
                  f"database {sa.make_url(url).render_as_string(hide_password=True)}")
            return asyncio.run(bench(args, targets, watched, boards, servers, engine))
        except (RuntimeError, ConnectionError, OSError) as error:
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
            for log in directory.glob("*.log"):
                print(f"--- {log.name} (tail) ---\n{log.read_text(errors='replace')[-3000:]}",
                      file=sys.stderr)
            return 1


def _servers(args: argparse.Namespace, database_url: str, directory: Path,
             stack: ExitStack) -> dict[str, Cluster]:
    """The app and bare servers: given by --url/--bare-url (comma-separated for several
    processes), else ``--processes`` of each started here (and stopped)."""
    taken: set[int] = set()
    servers: dict[str, Cluster] = {}
    for name, given, script in (("app", args.url, APP), (BARE, args.bare_url, BARE_APP)):
        if given:
            servers[name] = Cluster([Server(url.strip().rstrip("/"))
                                     for url in given.split(",") if url.strip()])
            continue
        members = []
        for number in range(args.processes):
            member = start_server(script, free_port(taken), database_url,
                                  directory / f"{name}-{number + 1}.log", args.option)
            stack.callback(member.stop)
            members.append(member)
        servers[name] = Cluster(members)
    for cluster in servers.values():
        for member in cluster.members:
            wait_until_healthy(member)
    return servers


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Websocket load client: rerun latency against the bare page, propagation.")
    parser.add_argument("--sessions", type=int, default=30, metavar="N",
                        help="concurrent sessions (default 30)")
    parser.add_argument("--rounds", type=int, default=10, metavar="N",
                        help="timed reruns per session and page (default 10)")
    parser.add_argument("--warmup", type=int, default=1, metavar="N",
                        help="untimed reruns per session first, after the first load (default 1)")
    parser.add_argument("--think", type=float, default=0.0, metavar="SECONDS",
                        help="mean pause before each rerun, uniform 0..2×; 0 = every session "
                             "reruns again at once, the worst case (default 0)")
    parser.add_argument("--items", type=int, default=200, metavar="N",
                        help="board size for pages given without @ITEMS (default 200)")
    parser.add_argument("--pages", default="canvas", metavar="PAGE@ITEMS,...",
                        help="pages to time; the bare page at each size is added (default canvas)")
    parser.add_argument("--propagation-page", default="canvas", metavar="PAGE@ITEMS",
                        help="the page the viewers have open while the bench writes (default "
                             "canvas)")
    parser.add_argument("--writes", type=int, default=5, metavar="N",
                        help="writes in the propagation test (default 5)")
    parser.add_argument("--live-wait", type=float, default=10.0, metavar="SECONDS",
                        help="with a live update, how long viewers wait before rerunning "
                             "themselves (default 10)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS,
                        metavar="SECONDS", help="give up on a run after this long; the page is "
                        f"then reported as timed out (default {DEFAULT_TIMEOUT_SECONDS})")
    parser.add_argument("--processes", type=int, default=1, metavar="N",
                        help="server processes per app started here, on one database; the "
                             "sessions take turns among them (default 1)")
    parser.add_argument("--url", help="a running app server instead of starting one (needs --db); "
                                      "several processes of one app comma-separated")
    parser.add_argument("--bare-url",
                        help="a running bench/bare_app.py server (default: start one); "
                             "comma-separated for several")
    parser.add_argument("--db", metavar="URL",
                        help="database URL (default: a scratch SQLite file)")
    parser.add_argument("--board", metavar="ID", help="use this board instead of demo boards")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="a Streamlit config option for the servers started here, e.g. "
                             "runner.postScriptGC=false (repeatable)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
