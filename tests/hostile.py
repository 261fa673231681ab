"""A board whose every text looks like Markdown, HTML, links and Streamlit shortcodes.

:func:`as_shown` reads Markdown that ``escape_markdown`` made literal the way a browser shows it,
for page tests that compare sentences.

For the tests that check user text is shown as text on every page (unit, AppTest and
browser): each text starts with a short tag naming its place (``title``, ``job`` …) and holds
:data:`HOSTILE`: a link, an image, web and mail addresses (all on ``evil.test``, which a
browser must never be asked for), HTML, an entity, emphasis, code, a Material icon, emoji
and logo shortcodes, coloured text and LaTeX.  Shown literally, none of them is a link, an
image, formatting or an icon, and no backslash of an escape is visible.
"""

from __future__ import annotations

import datetime as dt
import re
import string

from components.board.model import Board
from components.widgets.shell import WORD_JOINER

HOST = "evil.test"
HOSTILE = (f"[link](http://{HOST}/a) ![img](http://{HOST}/b.png) https://{HOST}/c "
           f"www.{HOST} mail@{HOST} <b>bold</b> &lt;i&gt; **star** _under_ ~~gone~~ `code` "
           ":material/rocket_launch: :smile: :streamlit: :red[red] $x^2$")
#: What a person might type as their name in the sidebar.
HOSTILE_NAME = f"Eve ![me](http://{HOST}/face.png) [x](http://{HOST}/n) :smile: **E**"
#: Pieces that appear on a page only where a text was rendered as Markdown: the emoji of
#: ``:smile:`` and KaTeX's italic x of ``$x^2$``.
RENDERED = ("\U0001f604", "\U0001d465")


def as_shown(markdown: str) -> str:
    """What a browser shows of Markdown escaped by ``escape_markdown``: without the backslashes
    of the escapes and the invisible word joiners."""
    return _ESCAPE.sub(r"\1", markdown.replace(WORD_JOINER, ""))


_ESCAPE = re.compile("\\\\([" + re.escape(string.punctuation) + "])")


def text(tag: str) -> str:
    """The hostile text of one place: its tag, then :data:`HOSTILE`."""
    return f"{tag} {HOSTILE}"


def hostile_board(language: str = "en") -> Board:
    """A board with one record in every collection and a hostile text in every text field."""
    evidence = [{"source": "interview", "customers": 3, "quote": text("quote"),
                 "date": dt.date(2026, 9, 1)}]
    return Board.model_validate({
        "title": text("title"), "description": text("description"), "language": language,
        "personas": [{"id": "p1", "name": text("persona"), "description": text("about")}],
        "needs": [{"id": "j1", "text": text("job"), "persona": "p1",
                   "outcomes": [{"id": "o1", "text": text("outcome"), "importance": 8,
                                 "satisfaction": 3, "judged_by": text("judged"),
                                 "evidence": evidence}],
                   "obstacles": [{"id": "b1", "text": text("obstacle"), "evidence": evidence}],
                   "consequences": [{"id": "c1", "text": text("consequence")}]}],
        "solutions": [{"id": "s1", "text": text("solution"), "description": text("sol-about")},
                      {"id": "s2", "text": text("orphan")}],
        "links": [{"id": "l1", "solution": "s1", "target": "o1", "strength": "strong"}],
        "metrics": [{"id": "m1", "name": text("metric"), "persona": "p1", "unit": text("unit"),
                     "baseline": 15, "current": 5, "target": 2, "outcome": "o1",
                     "required_outcome": True}],
        "snapshots": [{"id": "n1", "date": dt.date(2026, 9, 1), "persona": "p1",
                       "functional": 40}],
        "worth": [{"id": "w1", "persona": "p1", "value": 60, "price": 35, "push": 7,
                   "pull": 6, "anxiety": 2, "habit": 5}],
        "desired_outcomes": [{"id": "d1", "persona": "p1", "required": text("required"),
                              "experience": text("experience"),
                              "alternative": text("alternative")}],
        "scenarios": [{"id": "e1", "name": text("scenario"), "description": text("plan"),
                       "target_revenue": 100000, "deal_value": 1000,
                       "start_month": "2026-07",
                       "rates": {"suspect_to_lead": "0.2", "lead_to_prospect": "0.25",
                                 "prospect_to_customer": "0.5",
                                 "customer_to_consumption": "0.6",
                                 "consumption_to_reference": "0.1"}}],
        "stages": [{"id": "g1", "stage": "suspect", "buying_process": text("buying"),
                    "task": text("task"), "response": text("response"),
                    "metric": text("stage-metric"), "discovery": text("discovery")}],
        "actuals": [{"id": "a1", "month": "2026-07", "suspect": 100, "lead": 20}],
        "answers": [{"id": "q1", "prompt": "understand_needs", "text": text("answer")}],
        "votes": [{"id": "v1", "voter": HOSTILE_NAME, "target": "o1"}],
        "experiments": [{"id": "x1", "subject": "o1", "hypothesis": text("hypothesis"),
                         "test": text("test"), "metric": text("measure"),
                         "criterion": text("criterion"), "threshold": 5,
                         "unit": text("x-unit"), "observation": text("observation"),
                         "result": 7, "learning": text("learning"), "decision": "persevere",
                         "action": text("action")}],
    })
