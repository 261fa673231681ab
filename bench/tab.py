"""One browser tab without a browser: Streamlit's websocket protocol, as the frontend speaks it.

The protocol (streamlit/static, runtime/app_session.py,
web/server/starlette/starlette_websocket.py):

- connect to ``/_stcore/stream`` with the subprotocols ``streamlit`` and
  ``PLACEHOLDER_AUTH_TOKEN`` (the frontend's token when it has no XSRF cookie; the server
  picks the first, the second only matters for signed-in users).  Nothing runs until the
  client asks.
- a run is asked for with ``BackMsg.rerun_script`` (a ``ClientState``): the query string
  ``board=<id>``; the first time the page's URL path as ``page_name`` (``canvas``), later the
  ``page_script_hash`` the ``navigation`` message named; the hashes of the big messages in
  the tab's cache (``cached_message_hashes``: the server then sends a ``ref_hash`` instead,
  as it does to a browser); no widget changes.
- every frame from the server is one binary ``ForwardMsg``; a run starts with ``new_session``
  (``metadata.run.fragment_ids`` empty for a full run) and a full run is over at
  ``script_finished`` FINISHED_SUCCESSFULLY (a fragment run ends with
  FINISHED_FRAGMENT_RUN_SUCCESSFULLY and is not counted as a rerun).  Streamlit sometimes
  drops a full run's ``script_finished`` (see ``Session._run_started``); the next fragment
  run's ``new_session`` then ends it.
- ``auto_rerun`` starts a timer that sends ``rerun_script`` with the fragment id and
  ``is_auto_rerun`` every ``interval`` seconds (the frontend's setInterval), whether or not
  the previous one has finished; ``stop_auto_rerun`` ends it, and so does the start of
  every full run (the frontend's ``cleanupAutoReruns`` at a ``new_session`` without
  fragment ids): the run's own ``auto_rerun`` starts it again, a second later.  A full run
  cut short before it registered the fragment leaves the tab without a timer, as in a
  browser.
- the message cache is the frontend's ``ForwardMessageCache``: a message marked
  ``cacheable`` is kept by hash; at the end of every run (not one stopped early for a rerun)
  the run count goes up and entries not used for more than ``max_cached_message_age`` runs
  (from ``new_session``, 2 by default) are dropped — after a fragment run only that
  fragment's entries.

Times are ``time.perf_counter()``: CLOCK_MONOTONIC on Linux, the same clock in every
process, so tabs in the client processes of bench/crowd.py and the writer in the main one
can be compared.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

SUBPROTOCOLS = ["streamlit", "PLACEHOLDER_AUTH_TOKEN"]
FULL_RUN_ENDS = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
ELEMENT_DELTAS = ("new_element", "add_block")
T = TypeVar("T")


@dataclass
class Traffic:
    """What a tab received so far; subtract two to get a stretch of time."""

    full_runs: int = 0            # full runs finished (ours, or a live rerun of the page)
    full_bytes: int = 0           # frames of full runs (a cached element counts as its ref)
    full_elements: int = 0        # new_element and add_block deltas of full runs
    fragment_runs: int = 0        # fragment runs finished (live-panel ticks)
    fragment_bytes: int = 0
    lost_finishes: int = 0        # full runs whose script_finished Streamlit dropped
    cache_misses: int = 0         # a ref_hash to a message the cache had just dropped

    def __sub__(self, other: Traffic) -> Traffic:
        return Traffic(*(getattr(self, name) - getattr(other, name)
                         for name in self.__dataclass_fields__))

    def __add__(self, other: Traffic) -> Traffic:
        return Traffic(*(getattr(self, name) + getattr(other, name)
                         for name in self.__dataclass_fields__))


@dataclass
class _Cached:
    frame: bytes
    run_count: int
    fragment_id: str


@dataclass
class Session:
    """One browser tab on one page, speaking the websocket protocol (see the module doc)."""

    server_url: str
    page_name: str
    query_string: str
    timeout: float
    page_script_hash: str = ""
    errors: list[str] = field(default_factory=list)
    traffic: Traffic = field(default_factory=Traffic)
    markers: re.Pattern[bytes] | None = None
    seen: dict[str, float] = field(default_factory=dict)   # marker → first arrival
    _socket: ClientConnection | None = None
    _reader: asyncio.Task | None = None
    _finished: asyncio.Future | None = None
    _started: bool = False
    _in_full_run: bool = False
    _run_fragments: list[str] = field(default_factory=list)
    _cache: dict[str, _Cached] = field(default_factory=dict)
    _run_count: int = 0
    _max_cache_age: int = 2
    _timers: dict[str, tuple[float, asyncio.Task]] = field(default_factory=dict)
    _had_timer: bool = False

    async def open(self) -> None:
        url = self.server_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self._socket = await connect(url, subprotocols=SUBPROTOCOLS, max_size=None,
                                     open_timeout=self.timeout)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        self._stop_timers()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await self._reader

    @property
    def client_port(self) -> int | None:
        """The local port of the websocket (to find the server's end of it)."""
        if self._socket is None:
            return None
        return self._socket.transport.get_extra_info("sockname")[1]

    @property
    def live_intervals(self) -> list[float]:
        """The intervals of the auto-rerunning fragments the page registered."""
        return [interval for interval, _ in self._timers.values()]

    @property
    def lost_its_timer(self) -> bool:
        """The page had a live timer and has none now: a full run stopped it (as every
        full run's start does) and did not register the fragment again."""
        return self._had_timer and not self._timers

    async def run(self) -> float:
        """Rerun the page as a browser does; milliseconds until its ``script_finished``."""
        self._finished = asyncio.get_running_loop().create_future()
        self._started = False
        started = time.perf_counter()
        await self._send_rerun()
        await asyncio.wait_for(self._finished, self.timeout)
        return (time.perf_counter() - started) * 1000

    def watch(self, markers: re.Pattern[bytes] | None) -> None:
        """Note when each text matching ``markers`` first arrives (``seen``)."""
        self.markers, self.seen = markers, {}

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
        arrived = time.perf_counter()
        message = ForwardMsg.FromString(frame)
        kind = message.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(message.ref_hash)
            if cached is None:  # the frontend raises "Cached ForwardMsg MISS" here
                self.traffic.cache_misses += 1
                return
            cached.run_count = self._run_count
            message = ForwardMsg.FromString(cached.frame)
            kind = message.WhichOneof("type")
        else:
            self._keep(message, frame)
            self._look_for_markers(frame, arrived)
        if kind == "new_session":
            self._max_cache_age = message.new_session.config.max_cached_message_age or 2
            fragment_ids = list(message.metadata.run.fragment_ids)
            if not fragment_ids:
                self._stop_timers()  # the frontend's cleanupAutoReruns: the run registers again
            self._run_started(fragment_ids)
        self._count(kind, message, len(frame))
        if kind == "navigation":
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

    def _keep(self, message: ForwardMsg, frame: bytes) -> None:
        if not (message.metadata.cacheable and message.hash):
            return
        cached = self._cache.get(message.hash)
        if cached is None:
            self._cache[message.hash] = _Cached(frame, self._run_count,
                                                message.delta.fragment_id)
        else:
            cached.run_count = self._run_count  # used again

    def _look_for_markers(self, frame: bytes, arrived: float) -> None:
        """New frames only: a cached one holds nothing not seen before it was cached."""
        if self.markers is None:
            return
        for found in self.markers.findall(frame):
            self.seen.setdefault(found.decode(), arrived)

    def _count(self, kind: str, message: ForwardMsg, size: int) -> None:
        if self._in_full_run:
            self.traffic.full_bytes += size
            if kind == "delta" and message.delta.WhichOneof("type") in ELEMENT_DELTAS:
                self.traffic.full_elements += 1
        else:
            self.traffic.fragment_bytes += size

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
        """A run began: a full run (ours, or a live rerun of the page), or a fragment run.

        Streamlit may drop a full run's ``script_finished``: when a fragment's auto-rerun
        request lands just as the run ends, the server starts a new ScriptRunner for the
        fragment and ignores the old one's last events (the comment in
        ``AppSession.request_rerun`` describes it).  The browser shrugs (the fragment
        run's own finish ends its "running" state); here the fragment run's start ends ours,
        since all of our run's elements were sent before it.
        """
        if self._in_full_run and fragment_ids:
            self.traffic.lost_finishes += 1
            self.traffic.full_runs += 1
            if self._waiting and self._started:
                self._finished.set_result(None)
        self._in_full_run = not fragment_ids
        self._run_fragments = fragment_ids
        if self._waiting and not fragment_ids:
            self._started = True

    def _script_finished(self, status: int) -> None:
        if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self._age_cache()
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.traffic.fragment_runs += 1
        elif status in FULL_RUN_ENDS:
            self.traffic.full_runs += 1
            self._in_full_run = False
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("the page script did not compile")
            if self._waiting and self._started:
                self._finished.set_result(None)

    def _age_cache(self) -> None:
        """The frontend's ``incrementRunCount``: drop what this run's scope did not use."""
        self._run_count += 1
        for key, cached in list(self._cache.items()):
            if self._run_fragments and cached.fragment_id not in self._run_fragments:
                continue  # a fragment run ages only its own fragment's messages
            if self._run_count - cached.run_count > self._max_cache_age:
                del self._cache[key]

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        """As the frontend: one timer per fragment, restarted only when its interval changes."""
        running = self._timers.get(fragment_id)
        if not fragment_id or (running is not None and running[0] == interval):
            return
        self._stop_timer(fragment_id)
        self._timers[fragment_id] = (interval, asyncio.create_task(
            self._auto_rerun(fragment_id, interval)))
        self._had_timer = True

    def _stop_timer(self, fragment_id: str) -> None:
        _, timer = self._timers.pop(fragment_id, (None, None))
        if timer is not None:
            timer.cancel()

    def _stop_timers(self) -> None:
        for fragment_id in list(self._timers):
            self._stop_timer(fragment_id)

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self._send_rerun(fragment_id)
            except ConnectionClosed:
                return


async def every(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Await them all at once, then raise the first failure (no task is left running)."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def page_errors(sessions: Iterable[Session]) -> list[str]:
    return sorted({error for session in sessions for error in session.errors})
