"""The workshop report as one standalone HTML file: readable offline, printable on A4.

Pure Python (no streamlit).  :func:`document` lays out a
:class:`~components.report.content.Report`: the header (title, description, date,
participants, board language), then each section that is switched on with its summary lines,
its charts and its tables.  The charts come in as SVG markup rendered by ``vl_convert`` from
the tools' own Altair charts (see :mod:`components.widgets.report.share`), so the file needs
no script and no network.

The canvas section shows the canvas itself as a picture: the PNG that the server's Chromium
draws of the canvas's own HTML file (:func:`components.canvas.picture.document`), so the
report carries no script; without a browser, the canvas's plain outline instead.

Every user-written text goes through :func:`html.escape`: a title reading
``<img src=x onerror=alert(1)>`` shows as exactly that text.  The SVG markup is Vega's own
output, in which Vega escapes the texts it draws.

Printing: ``@page`` sets A4 with 15 mm margins; headings stay with what follows them, charts
and table rows are never cut in half, backgrounds print, and the "Print / save as PDF" button
(the file's only interactive part, a plain ``window.print()``) is hidden on paper.
:func:`components.report.snapshot.html_to_pdf` prints the same document to a PDF file with the
system's headless Chromium (the browser that draws the canvas PNG), so the PDF looks exactly
like the printed HTML.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from string import Template

from components import i18n
from components.canvas import picture
from components.report.content import (
    Line,
    Report,
    Section,
    Table,
    grouped,
    meta_lines,
    shown_sections,
)

ACCENT = "#253244"

CSS = Template("""
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef0f3;color:#1f2937;
 font:15px/1.45 "Source Sans Pro","Segoe UI",system-ui,-apple-system,Arial,sans-serif}
.rp{max-width:920px;margin:24px auto;background:#fff;padding:32px 44px 24px;border-radius:10px;
 box-shadow:0 1px 4px rgba(0,0,0,.15);border-top:8px solid $accent}
.rp-head{display:flex;gap:16px;align-items:flex-start;justify-content:space-between}
h1{font-size:28px;line-height:1.2;margin:0 0 6px;overflow-wrap:anywhere}
.rp-desc{margin:0 0 10px;color:#4b5563;white-space:pre-line;overflow-wrap:anywhere}
.rp-meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 0;
 font-size:14px}
.rp-meta dt{font-weight:700;color:#374151}
.rp-meta dd{margin:0;overflow-wrap:anywhere}
.rp-print{flex:none;font:inherit;font-size:14px;padding:6px 14px;border-radius:8px;
 border:1px solid $accent;background:$accent;color:#fff;cursor:pointer}
.rp-print:hover{opacity:.9}
section{border-top:2px solid #e5e7eb;margin-top:22px;padding-top:4px}
h2{font-size:21px;color:$accent;margin:12px 0 8px}
h3{font-size:15px;margin:14px 0 6px;color:#374151}
.rp-lines{margin:0 0 8px;padding-left:20px}
.rp-lines li{margin:0 0 5px;overflow-wrap:anywhere;white-space:pre-line}
.rp-empty{color:#6b7280;font-style:italic;margin:4px 0 8px}
figure{margin:10px 0 14px;text-align:center}
figure svg{max-width:100%;height:auto}
figure.rp-canvas img{display:block;width:100%;height:auto;border-radius:8px}
.pcv-outline h2{font-size:15px;margin:10px 0 4px}
figcaption{font-weight:700;font-size:14px;margin:0 0 4px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:0 0 12px}
th,td{border:1px solid #d1d5db;padding:4px 7px;text-align:left;vertical-align:top;
 overflow-wrap:break-word}
th{background:#f3f4f6;font-weight:700}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap;width:1%}
td.main{min-width:14em}
.rp-foot{margin-top:26px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;
 padding-top:8px}
@page{size:A4;margin:15mm}
@media print{
 body{background:#fff;font-size:11pt}
 .rp{max-width:none;margin:0;padding:0;border-radius:0;box-shadow:none;border-top:0}
 .rp-print{display:none}
 h1{font-size:20pt}
 h2{font-size:15pt}
 h2,h3{break-after:avoid;page-break-after:avoid}
 figure,tr,.rp-lines li{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
""").substitute(accent=ACCENT)


def document(report: Report, chosen: Iterable[str],
             charts: Mapping[str, Sequence[tuple[str, str]]] | None = None,
             canvas_png: bytes | None = None) -> str:
    """The report as a complete HTML document, with the sections in ``chosen`` only.

    ``charts`` maps a section key to its charts in order, each as (caption, SVG markup); an
    empty caption is left out (the chart carries its own title).  ``canvas_png`` is the
    canvas as a picture (None: its outline is shown).
    """
    charts = charts or {}
    sections = shown_sections(report, chosen)
    body = "".join(_section(section, charts.get(section.key, ()),
                            _canvas(report, canvas_png) if section.key == "canvas" else "")
                   for section in sections)
    if not sections:
        body = f'<p class="rp-empty">{escape(i18n.t(report.language, "report.none_shown"))}</p>'
    title = escape(report.title)
    return (f'<!DOCTYPE html>\n<html lang="{escape(report.language)}"><head>'
            '<meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{CSS}</style></head><body>"
            f'<main class="rp">{_header(report)}{body}'
            f'<p class="rp-foot">{escape(i18n.t(report.language, "report.made_with"))}</p>'
            "</main></body></html>\n")


def _header(report: Report) -> str:
    description = (f'<p class="rp-desc">{escape(report.description)}</p>'
                   if report.description else "")
    meta = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
                   for label, value in meta_lines(report))
    button = (f'<button class="rp-print" type="button" onclick="window.print()">'
              f'{escape(i18n.t(report.language, "report.share.print"))}</button>')
    return (f'<header><div class="rp-head"><h1>{escape(report.title)}</h1>{button}</div>'
            f'{description}<dl class="rp-meta">{meta}</dl></header>')


def _canvas(report: Report, png: bytes | None) -> str:
    """The canvas as its picture, or as its outline without one."""
    if png is None:
        return picture.outline(report.view, report.language)
    title = escape(i18n.t(report.language, "nav.canvas"))
    return (f'<figure class="rp-canvas"><img alt="{title}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}"></figure>')


def _section(section: Section, svgs: Sequence[tuple[str, str]], canvas: str = "") -> str:
    heading = f'<h2>{escape(section.title)}</h2>'
    if section.empty:
        return (f'<section id="{section.key}">{heading}'
                f'<p class="rp-empty">{escape(section.lines[0].text)}</p></section>')
    lines = "".join((f"<h3>{escape(group)}</h3>" if group else "")
                    + f'<ul class="rp-lines">{"".join(_line(line) for line in items)}</ul>'
                    for group, items in grouped(section.lines))
    figures = "".join(
        "<figure>" + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
        + f"{svg}</figure>" for caption, svg in svgs)
    tables = "".join(_table(table) for table in section.tables)
    return f'<section id="{section.key}">{heading}{lines}{figures}{tables}{canvas}</section>'


def _line(line: Line) -> str:
    label = f"<strong>{escape(line.heading)}</strong> " if line.label else ""
    return f"<li>{label}{escape(line.text)}</li>"


def _table(table: Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        kind = "num" if index in table.numeric else "main" if index == table.main else ""
        attribute = f' class="{kind}"' if kind else ""
        return f"<{tag}{attribute}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, text) for i, text in enumerate(table.columns))
    rows = "".join("<tr>" + "".join(cell("td", i, text) for i, text in enumerate(row))
                   + "</tr>" for row in table.rows)
    return (f"<h3>{escape(table.title)}</h3>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")

