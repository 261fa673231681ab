"""Streamlit servers for the benchmarks: started, watched (CPU from /proc), stopped.

Two ways to start one (``launch``):

- ``streamlit``: ``streamlit run SCRIPT`` on 127.0.0.1:PORT, as the app is run today.
  Streamlit 1.67 binds the listening socket itself with ``socket.socket(family=…)``, whose
  ``proto`` is 0; asyncio sets TCP_NODELAY on accepted connections only when ``proto`` is
  ``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``), so every websocket keeps Nagle's
  algorithm on.
- ``uvicorn``: the same script as an ``st.App`` (bench/asgi.py) served by ``uvicorn``
  directly, with the websocket settings Streamlit gives uvicorn itself.  uvicorn binds with
  ``loop.create_server(host=…, port=…)``, whose sockets carry ``IPPROTO_TCP``, so asyncio
  sets TCP_NODELAY.  Streamlit options go in as ``STREAMLIT_…`` environment variables.

:func:`tcp_nodelay` reads the option off the server's end of a connection.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from bench.common import APP, BARE_APP, ROOT, SHELL_APP
from components.config import ENV_VAR

PORTS = range(8700, 8800)
START_TIMEOUT_SECONDS = 120
LAUNCHES = ("streamlit", "uvicorn")
#: What Streamlit passes to uvicorn (starlette_server._get_uvicorn_config_kwargs, defaults)
UVICORN_OPTIONS = ["--ws", "websockets-sansio", "--ws-ping-interval", "30",
                   "--ws-ping-timeout", "30", "--ws-max-size", str(200 * 10**6),
                   "--ws-per-message-deflate", "false", "--no-access-log"]
SYS_PIDFD_GETFD = 438  # Linux ≥ 5.6, the same number on every architecture


@dataclass
class Server:
    """A Streamlit server: one this bench started (``process``) or one given by ``--url``."""

    url: str
    process: subprocess.Popen | None = None
    log: Path | None = None
    launch: str = "streamlit"

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the server process so far, all its threads (those that
        ended included), None if not ours.

        The kernel's own count in nanoseconds, read through the process's CPU-time clock
        (``clock_getcpuclockid``); /proc/PID/stat gives the same count rounded to clock
        ticks (10 ms), too coarse for a few reruns of a page that costs 3 ms, and is the
        fallback.
        """
        if self.process is None or self.process.poll() is not None:
            return None
        clock = ctypes.c_int()
        if _libc().clock_getcpuclockid(self.process.pid, ctypes.byref(clock)) == 0:
            try:
                return time.clock_gettime_ns(clock.value) / 1e9
            except OSError:
                pass
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


class CpuWatch:
    """Server CPU time over a stretch of wall time (``percent`` of one core, ``seconds``),
    and how contended the machine was meanwhile (``pressure``)."""

    def __init__(self, cluster: Cluster | None) -> None:
        self.cluster = cluster
        self.cpu = cluster.cpu_seconds() if cluster else None
        self.waiting, self.started = cpu_pressure_seconds(), time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def seconds(self) -> float | None:
        """CPU seconds used since the start, all processes; None if not ours."""
        now = self.cluster.cpu_seconds() if self.cluster else None
        return None if now is None or self.cpu is None else now - self.cpu

    @property
    def percent(self) -> float | None:
        used = self.seconds
        return None if used is None else used / self.elapsed * 100

    @property
    def pressure(self) -> float | None:
        """In % of the time since the start, how long some process on the machine was
        ready to run but found every core busy (the kernel's CPU pressure, "some").  Near
        0 the machine had room; well above 0 other work took cores the server wanted, and
        latencies say more about the machine than about the page."""
        now = cpu_pressure_seconds()
        if now is None or self.waiting is None:
            return None
        return (now - self.waiting) / self.elapsed * 100


def cpu_pressure_seconds() -> float | None:
    """The machine's total CPU stall time so far (``/proc/pressure/cpu``, "some"), or None."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(line.rsplit("total=", 1)[1]) / 1e6


async def until_quiet(cluster: Cluster, limit_percent: float = 10.0,
                      longest: float = 15.0) -> None:
    """Wait (up to ``longest`` s) until the server has done with the last phase: a
    half-second in which it used less than ``limit_percent`` of a core.  Reruns of tabs
    closed a moment ago may still be running, and they would count in the next phase."""
    deadline = time.perf_counter() + longest
    while time.perf_counter() < deadline:
        watch = CpuWatch(cluster)
        await asyncio.sleep(0.5)
        busy = watch.percent
        if busy is None or busy < limit_percent:
            return


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
                 options: list[str], launch: str = "streamlit") -> Server:
    """``script`` served on 127.0.0.1:port with the database (see the module doc for
    ``launch``); ``options`` as ``section.name=value`` (``runner.postScriptGC=false``)
    override .streamlit/config.toml."""
    settings = {"server.headless": "true", "server.fileWatcherType": "none",
                "browser.gatherUsageStats": "false", "logger.level": "error",
                **dict(option.partition("=")[::2] for option in options)}
    env = {**os.environ, ENV_VAR: database_url,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    if launch == "uvicorn":
        env |= {"PROGRESS_CANVAS_BENCH_SCRIPT": str(script),
                **{_env_name(name): value for name, value in settings.items()}}
        command = [sys.executable, "-m", "uvicorn", "bench.asgi:app", "--host", "127.0.0.1",
                   "--port", str(port), "--log-level", "warning", *UVICORN_OPTIONS]
    else:
        command = [sys.executable, "-m", "streamlit", "run", str(script),
                   "--server.port", str(port), "--server.address", "127.0.0.1"]
        for name, value in settings.items():
            command += [f"--{name}", value]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return Server(f"http://127.0.0.1:{port}", process, log, launch)


def _env_name(option: str) -> str:
    """``server.fileWatcherType`` → ``STREAMLIT_SERVER_FILE_WATCHER_TYPE`` (Streamlit's rule)."""
    from streamlit.string_util import to_snake_case

    return f"STREAMLIT_{to_snake_case(option.replace('.', '_')).upper()}"


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


def tcp_nodelay(server: Server, client_port: int) -> bool | None:
    """Whether the server's end of the connection from ``client_port`` has TCP_NODELAY.

    The socket is found as the server process's file descriptor whose inode /proc/net/tcp
    lists for (server port, client port); a duplicate of it is taken with
    ``pidfd_getfd`` (Linux ≥ 5.6; allowed for a child process of ours) and asked with
    ``getsockopt``.  None when that is not possible (not our server, not Linux, no
    permission).
    """
    if server.process is None:
        return None
    inodes = _connection_inodes(server.port, client_port)
    try:
        descriptors = os.listdir(f"/proc/{server.process.pid}/fd")
    except OSError:
        return None
    for descriptor in descriptors:
        try:
            link = os.readlink(f"/proc/{server.process.pid}/fd/{descriptor}")
        except OSError:
            continue
        if link.startswith("socket:[") and link[8:-1] in inodes:
            return _nodelay_of(server.process.pid, int(descriptor))
    return None


def _connection_inodes(local_port: int, remote_port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote = (int(address.rsplit(":", 1)[1], 16) for address in fields[1:3])
            if (local, remote) == (local_port, remote_port):
                inodes.add(fields[9])
    return inodes


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _nodelay_of(pid: int, descriptor: int) -> bool | None:
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None
    try:
        duplicate = _libc().syscall(SYS_PIDFD_GETFD, pidfd, descriptor, 0)
    finally:
        os.close(pidfd)
    if duplicate < 0:
        return None
    connection = socket.socket(fileno=duplicate)
    try:
        return bool(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
    finally:
        connection.close()  # closes our duplicate only; the server's socket stays open


class ServerSet:
    """The servers of one run by (name, launch), ``name`` one of app, shell, bare: started
    here (``processes`` each, on the one database) and stopped with ``stack``, or given
    by URL (``given[name]``, comma-separated for several processes; used for any launch)."""

    SCRIPTS: ClassVar[dict[str, Path]] = {"app": APP, "shell": SHELL_APP, "bare": BARE_APP}

    def __init__(self, stack: ExitStack, database_url: str, directory: Path, processes: int,
                 options: list[str], given: dict[str, str | None]) -> None:
        self._stack, self._database_url, self._directory = stack, database_url, directory
        self._processes, self._options = processes, options
        self._given = {name: urls for name, urls in given.items() if urls}
        self._clusters: dict[tuple[str, str], Cluster] = {}
        self._ports: set[int] = set()

    def start(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Start what is not running yet, all at once, and wait until each answers."""
        started = []
        for name, launch in dict.fromkeys(wanted):
            if (name, launch) in self._clusters:
                continue
            if name in self._given:
                members = [Server(url.strip().rstrip("/"), launch="given")
                           for url in self._given[name].split(",") if url.strip()]
            else:
                members = [self._start_one(name, launch, number)
                           for number in range(self._processes)]
                started += members
            self._clusters[name, launch] = Cluster(members)
        for member in started:
            wait_until_healthy(member)

    def _start_one(self, name: str, launch: str, number: int) -> Server:
        log = self._directory / f"{name}-{launch}-{number + 1}.log"
        member = start_server(self.SCRIPTS[name], free_port(self._ports), self._database_url,
                              log, self._options, launch)
        self._stack.callback(member.stop)
        return member

    def __getitem__(self, key: tuple[str, str]) -> Cluster:
        return self._clusters[key]

    def logs(self) -> list[Path]:
        return sorted(self._directory.glob("*.log"))

    def describe(self) -> str:
        return "; ".join(f"{name} ({launch}) {cluster.url}"
                         for (name, launch), cluster in self._clusters.items())
