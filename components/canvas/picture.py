"""The canvas as one HTML picture: needs (yin) on the left, solutions (yang) on the right.

Pure Python (no streamlit).  :func:`render` turns a :class:`~components.canvas.view.CanvasView`
into ONE self-contained HTML fragment with its own scoped CSS (class prefix ``pcv``), so the
page draws a 200-item board as a single element, and :func:`document` wraps the same fragment
into a standalone HTML file for download.

Every user-written text goes through :func:`html.escape` (attributes with quotes escaped too):
a note reading ``<img src=x onerror=alert(1)>`` shows as exactly that text.  No script, no
external resource; the yin/yang emblem is drawn with CSS alone.

How it reads: each half has a heading; the need side lists the jobs (grouped by persona, or two
personas side by side when comparing), each job with its desired outcomes (green), obstacles
(red) and consequences (purple); the solution side lists the solutions (amber on dark).  A link
shows on both ends as a badge pointing across the divider: "→ S1 strong" on the outcome,
"← O1 strong" on the solution (strong: filled, weak: dashed).  Outcomes carry their
importance, satisfaction and opportunity badge coloured by band.  Long texts wrap.
"""

from __future__ import annotations

from html import escape
from string import Template

from components.canvas.view import CanvasView, Group, JobView, LinkBadge, Part, SolutionView
from components.formatting import format_number
from components.i18n import t

COLOURS = {
    "job": "#1d4ed8",
    "outcome": "#15803d",
    "obstacle": "#b91c1c",
    "consequence": "#7e22ce",
    "solution": "#b45309",
}
BAND_COLOURS = {
    "extreme": "#b91c1c",
    "strong": "#c2410c",
    "worth_considering": "#a16207",
    "unattractive": "#6b7280",
}
NEED_BACKGROUND = "#f7f1e6"
SOLUTION_BACKGROUND = "#253244"

_CSS = """
.pcv{font-family:"Source Sans Pro","Segoe UI",system-ui,sans-serif;font-size:15px;
 line-height:1.35;color:#1f2937;border-radius:14px;overflow:hidden;border:2px solid #253244;
 position:relative}
.pcv *{box-sizing:border-box}
.pcv-halves{display:grid;grid-template-columns:1fr 1fr}
.pcv-compare .pcv-halves{grid-template-columns:2fr 1fr}
.pcv-half{padding:14px 14px 16px;min-width:0}
.pcv-need{background:$need}
.pcv-sol{background:$sol;color:#f3f4f6}
.pcv-h2{margin:0 0 2px;font-size:19px;font-weight:700;padding-right:30px}
.pcv-sol .pcv-h2{padding:0 0 0 30px}
.pcv-sub{margin:0 0 10px;font-size:13px;opacity:.8}
.pcv-sol .pcv-sub{padding-left:30px}
.pcv-yy{position:absolute;top:10px;left:50%;transform:translateX(-50%);width:44px;height:44px;
 border-radius:50%;background:linear-gradient(90deg,$need 50%,$sol 50%);
 box-shadow:0 0 0 3px $sol,0 0 0 5px $need}
.pcv-yy::before,.pcv-yy::after{content:"";position:absolute;left:11px;width:6px;height:6px;
 border-radius:50%;border:8px solid;box-sizing:content-box}
.pcv-yy::before{top:0;background:$sol;border-color:$need}
.pcv-yy::after{bottom:0;background:$need;border-color:$sol}
.pcv-compare .pcv-yy{left:66.67%}
.pcv-groups{display:grid;gap:12px}
.pcv-compare .pcv-groups{grid-template-columns:1fr 1fr}
.pcv-group{min-width:0}
.pcv-persona{font-weight:700;font-size:14px;text-transform:uppercase;letter-spacing:.04em;
 color:#374151;margin:4px 0 6px;border-bottom:1px solid #d6cbb8;padding-bottom:2px}
.pcv-job{background:#fff;border-radius:10px;border-left:6px solid $job;padding:8px 10px;
 margin:0 0 10px;box-shadow:0 1px 2px rgba(0,0,0,.12)}
.pcv-row{display:flex;gap:6px;align-items:flex-start}
.pcv-t{white-space:pre-line;overflow-wrap:anywhere;min-width:0;flex:1}
.pcv-job>.pcv-row .pcv-t{font-weight:700;font-size:16px}
.pcv-code{flex:none;font-weight:700;font-size:12px;color:#fff;border-radius:6px;
 padding:1px 6px;margin-top:1px}
.pcv-sec{font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;
 margin:8px 0 3px}
.pcv-item{border-left:4px solid;border-radius:6px;padding:5px 8px;margin:0 0 5px;
 background:#f9fafb}
.pcv-sol .pcv-item{background:#fff;color:#1f2937;border-left-width:6px;margin-bottom:8px}
.pcv-meta{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}
.pcv-b{font-size:12px;border-radius:10px;padding:0 7px;background:#e5e7eb;color:#111827;
 white-space:nowrap}
.pcv-opp{color:#fff;font-weight:700}
.pcv-over{background:#dbeafe;color:#1e3a8a}
.pcv-warn{background:#fef3c7;color:#78350f}
.pcv-note{font-size:13px;color:#4b5563;font-style:italic;margin-top:3px;white-space:pre-line;
 overflow-wrap:anywhere}
.pcv-kind{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280}
.pcv-links{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}
.pcv-link{font-size:12px;font-weight:700;border-radius:10px;padding:0 7px;white-space:nowrap;
 border:2px solid $solution}
.pcv-strong{background:$solution;color:#fff}
.pcv-weak{border-style:dashed;color:$solution;background:#fff}
.pcv-sol .pcv-link{border-color:$outcome}
.pcv-sol .pcv-strong{background:$outcome}
.pcv-sol .pcv-weak{color:$outcome}
.pcv-empty{font-style:italic;opacity:.75;margin:6px 0}
.pcv-legend{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;font-size:12px;
 padding:6px 12px;background:#fff;border-top:1px solid #d1d5db}
.pcv-legend .pcv-code{margin:0}
"""

#: The yin/yang emblem in pure CSS (the page's HTML sanitiser drops inline SVG).
YIN_YANG = '<div class="pcv-yy" aria-hidden="true"></div>'


def _themed(text: str) -> str:
    return Template(text).substitute(need=NEED_BACKGROUND, sol=SOLUTION_BACKGROUND, **COLOURS)


CSS = _themed(_CSS)


def render(view: CanvasView, language: str) -> str:
    """The whole canvas as one HTML fragment (scoped CSS included)."""
    painter = _Painter(language)
    classes = "pcv pcv-compare" if view.compare else "pcv"
    return (
        f"<style>{CSS}</style>"
        f'<div class="{classes}" role="figure" aria-label="{painter.attr(view.title)}">'
        f"{YIN_YANG}"
        '<div class="pcv-halves">'
        f'<section class="pcv-half pcv-need">{painter.need_side(view)}</section>'
        f'<section class="pcv-half pcv-sol">{painter.solution_side(view)}</section>'
        f"</div>{painter.legend()}</div>"
    )


def document(view: CanvasView, language: str) -> str:
    """A standalone HTML file of the canvas (the download), same picture as on the page."""
    title = escape(view.title)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        "<style>body{margin:16px;background:#fff}h1{font-family:system-ui,sans-serif;"
        "font-size:22px;margin:0 0 10px;overflow-wrap:anywhere}</style></head>"
        f"<body><h1>{title}</h1>{render(view, language)}</body></html>\n"
    )


class _Painter:
    """Builds the HTML pieces in one language; every user text passes :meth:`text`."""

    def __init__(self, language: str) -> None:
        self.language = language

    def t(self, key: str, **params) -> str:
        return escape(t(self.language, f"canvas.picture.{key}", **params))

    def kind(self, kind: str) -> str:
        return escape(t(self.language, f"canvas.kind.{kind}"))

    @staticmethod
    def text(value: str) -> str:
        return escape(value, quote=True)

    attr = text

    def number(self, value: float) -> str:
        return escape(format_number(value, self.language, 1))

    # need side

    def need_side(self, view: CanvasView) -> str:
        head = (f'<h2 class="pcv-h2">{self.t("needs_title")}</h2>'
                f'<p class="pcv-sub">{self.t("needs_subtitle")}</p>')
        if not view.groups:
            return head + f'<p class="pcv-empty">{self.t("empty_needs")}</p>'
        show_names = view.compare or any(g.persona for g in view.groups)
        groups = "".join(self.group(g, show_names) for g in view.groups)
        return f'{head}<div class="pcv-groups">{groups}</div>'

    def group(self, group: Group, show_name: bool) -> str:
        name = ""
        if show_name:
            label = self.text(group.name) if group.persona else self.t("no_persona")
            name = f'<div class="pcv-persona">{label}</div>'
        jobs = "".join(self.job(job) for job in group.jobs)
        return (f'<div class="pcv-group">{name}'
                f'{jobs or "<p class=pcv-empty>" + self.t("empty_persona") + "</p>"}</div>')

    def job(self, job: JobView) -> str:
        sections = ""
        for kind, parts in (("outcome", job.outcomes), ("obstacle", job.obstacles),
                            ("consequence", job.consequences)):
            if parts:
                sections += (f'<div class="pcv-sec" style="color:{COLOURS[kind]}">'
                             f'{self.t(f"section.{kind}")}</div>')
                sections += "".join(self.part(part) for part in parts)
        disguise = self.disguise(job.disguise)
        return (f'<article class="pcv-job">{self.head(job.code, "job", job.text)}'
                f'{disguise and "<div class=pcv-meta>" + disguise + "</div>"}'
                f"{sections}</article>")

    def head(self, code: str, kind: str, text: str) -> str:
        return (f'<div class="pcv-row"><span class="pcv-code" style="background:{COLOURS[kind]}"'
                f' title="{self.kind(kind)}">{self.text(code)}</span>'
                f'<span class="pcv-t">{self.text(text)}</span></div>')

    def part(self, part: Part) -> str:
        badges = []
        if part.kind == "outcome":
            badges += self.scores(part)
        badges.append(self.disguise(part.disguise))
        meta = "".join(badges)
        note = (f'<div class="pcv-note">{self.t("judged_by")} {self.text(part.note)}</div>'
                if part.note else "")
        return (f'<div class="pcv-item" style="border-color:{COLOURS[part.kind]}">'
                f"{self.head(part.code, part.kind, part.text)}"
                f'{meta and "<div class=pcv-meta>" + meta + "</div>"}{note}'
                f'{self.links(part.links, "→")}</div>')

    def scores(self, part: Part) -> list[str]:
        if part.importance is None and part.satisfaction is None:
            return [f'<span class="pcv-b">{self.t("not_rated")}</span>']
        badges = []
        for name in ("importance", "satisfaction"):
            value = getattr(part, name)
            shown = self.number(value) if value is not None else "–"
            badges.append(f'<span class="pcv-b">{self.t(name)} {shown}</span>')
        if part.opportunity is not None:
            badges.append(
                f'<span class="pcv-b pcv-opp" style="background:{BAND_COLOURS[part.band]}">'
                f'{self.t("opportunity")} {self.number(part.opportunity)} · '
                f'{self.t(f"band.{part.band}")}</span>')
        if part.over_served:
            badges.append(f'<span class="pcv-b pcv-over">{self.t("over_served")}</span>')
        if part.source == "survey":
            badges.append(f'<span class="pcv-b">{self.t("from_survey")}</span>')
        return badges

    def disguise(self, word: str | None) -> str:
        if not word:
            return ""
        return f'<span class="pcv-b pcv-warn">{self.t("disguise", word=word)}</span>'

    def links(self, links: tuple[LinkBadge, ...], arrow: str) -> str:
        if not links:
            return ""
        badges = "".join(
            f'<span class="pcv-link pcv-{link.strength}" title="{self.attr(link.text)}">'
            f'{arrow} {self.text(link.code)} {self.t(f"strength.{link.strength}")}</span>'
            for link in links)
        return f'<div class="pcv-links">{badges}</div>'

    # solution side

    def solution_side(self, view: CanvasView) -> str:
        head = (f'<h2 class="pcv-h2">{self.t("solutions_title")}</h2>'
                f'<p class="pcv-sub">{self.t("solutions_subtitle")}</p>')
        if not view.solutions:
            return head + f'<p class="pcv-empty">{self.t("empty_solutions")}</p>'
        return head + "".join(self.solution(s) for s in view.solutions)

    def solution(self, solution: SolutionView) -> str:
        description = (f'<div class="pcv-note">{self.text(solution.description)}</div>'
                       if solution.description else "")
        orphan = (f'<div class="pcv-meta"><span class="pcv-b pcv-warn">{self.t("orphan")}'
                  "</span></div>" if solution.orphan else "")
        return (f'<div class="pcv-item" style="border-color:{COLOURS["solution"]}">'
                f'{self.head(solution.code, "solution", solution.text)}'
                f'<div class="pcv-kind">{self.t(f"solution_kind.{solution.kind}")}</div>'
                f'{description}{orphan}{self.links(solution.links, "←")}</div>')

    def legend(self) -> str:
        kinds = "".join(
            f'<span><span class="pcv-code" style="background:{colour}">&nbsp;</span> '
            f'{self.kind(kind)}</span>' for kind, colour in COLOURS.items())
        links = "".join(
            f'<span class="pcv-link pcv-{strength}">→ {self.t(f"strength.{strength}")}</span>'
            for strength in ("strong", "weak"))
        return f'<div class="pcv-legend">{kinds}{links}</div>'
