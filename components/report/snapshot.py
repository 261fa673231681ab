"""HTML drawn by the system's headless Chromium: the canvas as PNG, the report as PDF.

The canvas and the report are HTML and CSS, so the faithful way to turn them into a picture or
a printable file is a browser.  The server uses Chromium's own ``--screenshot`` and
``--print-to-pdf`` modes when a ``chromium`` binary is on the PATH (the test set-up installs
it; ``PROGRESS_CANVAS_CHROMIUM`` points elsewhere); without one, :func:`html_to_png` and
:func:`html_to_pdf` return None and the pages offer the HTML download only.  The shot is
taken in a tall window and the empty space below the picture is trimmed; the PDF is the
document as printed, on the paper its ``@page`` rule asks for.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
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
    shot = _run_chromium(html, "--screenshot", "shot.png",
                         (f"--window-size={width},{height}",), timeout)
    return None if shot is None else _trimmed(shot)


def html_to_pdf(html: str, timeout: float = 90) -> bytes | None:
    """``html`` printed to a PDF by headless Chromium; None without a browser or on failure.

    Chromium honours the document's ``@page`` size and print stylesheet; its own header and
    footer lines (date, file path) are switched off.
    """
    data = _run_chromium(html, "--print-to-pdf", "page.pdf", ("--no-pdf-header-footer",),
                         timeout)
    return data if data is not None and data.startswith(b"%PDF") else None


def _run_chromium(html: str, mode: str, output: str, options: Sequence[str],
                  timeout: float) -> bytes | None:
    """The file ``output`` that Chromium's ``mode`` (``--screenshot`` …) writes of ``html``.

    The page, the output and a throw-away browser profile live in a temporary folder that is
    removed afterwards.  None without a browser, when Chromium fails or times out, or when it
    writes nothing.
    """
    binary = browser()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pc-chromium-") as folder:
        page, out = Path(folder) / "page.html", Path(folder) / output
        page.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [binary, *FLAGS, f"--user-data-dir={folder}/profile", *options,
                 f"{mode}={out}", page.as_uri()],
                check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.read_bytes() if out.exists() else None


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
