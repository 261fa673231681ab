"""Where the boards live: the database URL, resolved as the contract says.

First match wins: the environment variable ``PROGRESS_CANVAS_DB``; the ``url`` key of the
``[connections.boards]`` table in ``.streamlit/secrets.toml``; an embedded SQLite file in the
git-ignored ``.data/`` folder of the project, created on first start.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "PROGRESS_CANVAS_DB"
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


def _secrets_url() -> str:
    try:
        with SECRETS_FILE.open("rb") as handle:
            secrets = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return ""
    return str(secrets.get("connections", {}).get("boards", {}).get("url", "")).strip()
