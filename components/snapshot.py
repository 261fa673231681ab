"""Pictures of HTML: the canvas as PNG, drawn by the system's headless Chromium.

The canvas is HTML and CSS, so the faithful way to turn it into a picture is a browser.  The
server uses Chromium's own ``--screenshot`` mode when a ``chromium`` binary is on the PATH
(the test set-up installs it; ``PROGRESS_CANVAS_CHROMIUM`` points elsewhere); without one,
:func:`html_to_png` returns None and the page offers the HTML download only.  The shot is
taken in a tall window and the empty space below the picture is trimmed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         "--disable-sync", "--disable-dev-shm-usage")


def browser() -> str | None:
    """The Chromium binary to draw with, or None."""
    configured = os.environ.get("PROGRESS_CANVAS_CHROMIUM")
    return configured if configured and Path(configured).exists() else shutil.which("chromium")


def html_to_png(html: str, width: int = 1400, height: int = 4000,
                timeout: float = 60) -> bytes | None:
    """The page ``html`` as a PNG ``width`` pixels wide, trimmed below; None without a browser."""
    binary = browser()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pc-shot-") as folder:
        page, shot = Path(folder) / "page.html", Path(folder) / "shot.png"
        page.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [binary, *FLAGS, f"--user-data-dir={folder}/profile", f"--screenshot={shot}",
                 f"--window-size={width},{height}", page.as_uri()],
                check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError):
            return None
        if not shot.exists():
            return None
        return _trimmed(shot.read_bytes())


def _trimmed(png: bytes) -> bytes:
    """Cut the blank (background-coloured) space off the bottom and right."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((image.width - 1,
                                                               image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        image = image.crop((0, 0, min(image.width, box[2] + 16), min(image.height, box[3] + 16)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
