"""A throwaway PostgreSQL server for the test session, from the system's binaries.

initdb and the server refuse to run as root, so when the tests run as root the cluster
belongs to the ``postgres`` user (created by the Debian package) and is started through
``runuser``.  The cluster lives in a temporary directory on a free port and is removed at the
end; it can be stopped and started again meanwhile (the outage test does).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.insert(0, str(Path(os.path.realpath(initdb)).parent))
    for directory in candidates:
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One cluster in a temporary directory: ``start()``, ``stop()``, ``remove()``."""

    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.workdir = Path(tempfile.mkdtemp(prefix="pc-pg-"))
        self.data, self.sockets = self.workdir / "data", self.workdir / "sock"
        self.sockets.mkdir()
        if self.as_root:
            shutil.chown(self.workdir, "postgres")
            shutil.chown(self.sockets, "postgres")
            os.chmod(self.workdir, 0o755)
        self.port = free_port()
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E",
                  "UTF8", "--no-sync")

    @property
    def url(self) -> str:
        """Base URL without a database name."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.workdir / "log"), "-w", "-t",
                  "60", "-o", f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
                  " -c fsync=off -c max_connections=300", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A started server, removed afterwards."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()
