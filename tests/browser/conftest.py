"""Browser tests: the real app under ``streamlit run``, driven by Playwright in system Chromium.

``app_server`` starts the app on a free port with a temporary SQLite database and waits for
``/_stcore/health``; ``open_page`` opens a URL and waits until the script has finished running.
No browser is downloaded: Playwright drives ``/usr/bin/chromium`` (Debian package ``chromium``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import PROJECT_ROOT, STRICT
from tests.postgres import free_port

CHROMIUM = (os.environ.get("PROGRESS_CANVAS_CHROMIUM") or shutil.which("chromium")
            or "/usr/bin/chromium")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright launches the system Chromium (root needs --no-sandbox)."""
    if not Path(CHROMIUM).exists():
        if STRICT:
            pytest.fail(f"Chromium is required here, not found at {CHROMIUM}")
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM}")
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1280, "height": 720}}


@dataclass(frozen=True)
class Server:
    """A running app: its base URL and the database it writes to."""

    url: str
    database_url: str


def start_server(database_url: str, log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on a free port and wait until it is healthy."""
    port = free_port()
    env = {**os.environ, "PROGRESS_CANVAS_DB": database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy: {log_path.read_text()[-2000:]}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """One app server for the browser tests, on its own SQLite database."""
    folder = tmp_path_factory.mktemp("app")
    database_url = f"sqlite:///{folder}/boards.sqlite"
    process, url = start_server(database_url, folder / "streamlit.log")
    yield Server(url, database_url)
    stop_server(process)


RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the run an action started.

    On a busy machine the run may not have started yet when this is called, so first give
    it a moment to start (a run that already finished counts too), then wait for the end.
    """
    with contextlib.suppress(PlaywrightTimeout):  # finished already, or this did not rerun
        page.wait_for_selector(RUNNING, timeout=1_500)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
