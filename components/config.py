"""The server's settings: where the boards live, and the operator's admin key.

Database URL, first match wins: the environment variable ``PROGRESS_CANVAS_DB``; the ``url``
key of the ``[connections.boards]`` table in ``.streamlit/secrets.toml``; an embedded SQLite
file in the git-ignored ``.data/`` folder of the project, created on first start.

Admin key (for the server-wide board list, ``/?admin=<key>``), first match wins: the
environment variable ``PROGRESS_CANVAS_ADMIN_KEY``; the top-level ``admin_key`` of
``.streamlit/secrets.toml``.  Unset (the default), there is no server-wide list.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "PROGRESS_CANVAS_DB"
ADMIN_ENV_VAR = "PROGRESS_CANVAS_ADMIN_KEY"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
DEFAULT_SQLITE = PROJECT_ROOT / ".data" / "progress-canvas.sqlite"


def database_url() -> str:
    """The SQLAlchemy URL of the board database."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return from_env
    from_secrets = _secrets_url()
    if from_secrets:
        return from_secrets
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE}"


def admin_key() -> str:
    """The operator's admin key, or ``""`` when none is set (then nobody is admin)."""
    return (os.environ.get(ADMIN_ENV_VAR, "").strip()
            or str(_secrets().get("admin_key", "")).strip())


def _secrets_url() -> str:
    return str(_secrets().get("connections", {}).get("boards", {}).get("url", "")).strip()


def _secrets() -> dict:
    try:
        with SECRETS_FILE.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
