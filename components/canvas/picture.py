"""The canvas as a picture: the script and style that draw it, and the standalone HTML file.

Pure Python (no streamlit).  The canvas is drawn in the browser by one script and one style
sheet shipped in the repository (``components/canvas/assets/``: ``canvas.js`` and the files
joined after it, ``canvas.css``),
from the data of :func:`components.canvas.payload.payload`.  The page mounts them as its
interactive canvas (:mod:`components.widgets.canvas.interactive`); :func:`document` puts the
very same script, style and data into one HTML file, read-only, for the download, and the PNG
export is that file drawn by Chromium (:mod:`components.report.snapshot`), so the page, the
HTML file and the PNG show the same picture: needs (yin) on the left with their jobs, desired
outcomes, obstacles and consequences, solutions (yang) on the right, the links as lines
between them (strong solid, weak dashed), the fit analysis above.

The file needs no network and no other file.  User text reaches it only inside the JSON data
(with every ``<`` written as ``\\u003c``, so no text can end the script) and, for a reader
without scripts, in a plain outline where every text is escaped with :func:`html.escape`: a
note reading ``<img src=x onerror=alert(1)>`` shows as exactly that text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from pathlib import Path

from components import i18n
from components.canvas.payload import payload
from components.canvas.view import CanvasView

ASSETS = Path(__file__).resolve().parent / "assets"
#: The files of the canvas's script, in the order they are joined (see canvas.js).
SCRIPT_FILES = ("canvas.js", "draw.js", "lines.js", "editor.js", "actions.js", "mount.js")
#: The canvas's style sheet (also the component's css).
STYLE = (ASSETS / "canvas.css").read_text(encoding="utf-8")
#: The canvas's script, one ES module whose default export mounts a canvas (the component's js).
SCRIPT = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPT_FILES)
#: The script's last line; the standalone file calls the function itself instead.
EXPORT = "export default mountCanvas;\n"
#: Colours of the opportunity bands, as the style sheet draws them (``.pcv-band-*``), for the
#: opportunity chart.
BAND_COLOURS = {"extreme": "#b91c1c", "strong": "#c2410c", "worth_considering": "#a16207",
                "unattractive": "#6b7280"}


def document(view: CanvasView, language: str, votes: Mapping[str, int] | None = None) -> str:
    """A standalone HTML file of the canvas (the download), the same picture as on the page."""
    title = escape(view.title)
    data = {"board": payload(view, votes or {}, language), "viewer": {"mode": "static"}}
    script = SCRIPT.removesuffix(EXPORT)
    if script == SCRIPT:
        raise RuntimeError("the canvas script (mount.js) must end with its export line")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        "<style>body{margin:16px;background:#fff}h1{font-family:system-ui,sans-serif;"
        "font-size:22px;margin:0 0 10px;overflow-wrap:break-word}</style>"
        f"<style>{STYLE}</style></head>"
        f'<body><h1>{title}</h1><div id="pcv-host"></div>'
        f"<noscript>{outline(view, language)}</noscript>"
        f'<script type="application/json" id="pcv-data">{_json(data)}</script>'
        f"<script>{script}\nmountCanvas({{data: JSON.parse(document.getElementById("
        "'pcv-data').textContent), parentElement: document.getElementById('pcv-host')});"
        "</script></body></html>\n"
    )


def outline(view: CanvasView, language: str) -> str:
    """The canvas as nested lists of plain text, for a reader without scripts."""
    def text(value: str) -> str:
        return escape(value, quote=True)

    def section(key: str) -> str:
        return text(i18n.t(language, f"canvas.picture.{key}"))

    jobs = []
    for job in view.jobs:
        parts = "".join(f"<li>{text(part.code)} {text(part.text)}</li>" for part in job.parts)
        jobs.append(f"<li>{text(job.code)} {text(job.text)}<ul>{parts}</ul></li>")
    solutions = "".join(f"<li>{text(s.code)} {text(s.text)}</li>" for s in view.solutions)
    return (f'<div class="pcv-outline"><h2>{section("needs_title")}</h2>'
            f'<ul>{"".join(jobs)}</ul><h2>{section("solutions_title")}</h2>'
            f"<ul>{solutions}</ul></div>")


def _json(data: object) -> str:
    """JSON that is safe inside a script element: no ``<`` can start ``</script>``."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
