"""Solutions in disguise: a need whose text names a product, feature or category (seed 002).

"Jag behöver en ny bil, fler megapixlar i kameran, en rejäl semester": we translate needs into
solutions so fast that the need is no longer said.  :func:`disguised` finds the solution such
a text names — ``disguised("We need a CRM", "en") == "CRM"``, ``disguised("Jag behöver en ny
bil", "sv") == "ny bil"`` — and returns ``None`` for a genuine need ("the machine breaks
down", "we need to reduce the waiting time").

How it reads a text
-------------------
Not by a list of product words alone ("machine" in "the machine breaks down" is no solution)
but by the shapes of the sentences people write a need in, from the grammar of each language
in ``data/disguise.yaml`` (word lists only; no language model is downloaded or run):

1. The text is cut into clauses at punctuation.  In a clause the first **need phrase** (need,
   want, are asking for; brauchen, wünschen sich, fehlt; behöver, vill ha, saknar …) that is
   not in a subordinate clause ("when I need a coffee") is followed by what is needed.
   After "to"/"att" or straight after the verb comes an **acquiring verb** (need to *buy*,
   behöver *köpa*) or the need is a job ("we need to reduce …": genuine).  A **modal** (must,
   måste; German müssen … *kaufen* with the verb at the end) counts only with such a verb.
2. What is needed is a **noun phrase**: determiner, modifiers, up to its head (the last word;
   in German the last capitalised word), ended by a preposition, a conjunction or
   punctuation.  It names a solution when

   - it is something new — an indefinite article or "new" (*a* CRM, *en* ny bil, *ein*
     neues Auto) — unless its head is an outcome noun (*a way* to …, *a clear overview*);
   - otherwise (the, our, more, fewer, none) only when its head is a product, feature or
     category from the list (*more megapixels*, Tablets, *appen*) or a name or acronym (AI,
     Excel).  "We need the machine to run all night" asks for a state: genuine.
3. A clause without a need phrase is a solution when it is nothing but such a noun phrase
   with a product head: "A mobile app for booking", "Neues Buchungssystem für die Rezeption".

The solution is returned as written, without its article: "spreadsheet template", "fler
megapixlar", "bessere Bohrmaschine".  A labelled corpus of needs as teams write them
(tests/canvas/disguise_corpus/) measures it in each language.

Worked example: "För bokföringen behöver vi en bättre programvara" — the need phrase
"behöver" is not in a subordinate clause; "vi" is skipped; "en" makes the phrase something
new; its head "programvara" is no outcome noun: the solution is "bättre programvara".
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from components.board.records import field_of
from components.errors import Problem
from components.i18n import LANGUAGES

__all__ = ["GRAMMAR_FILE", "disguised", "solutions_in_disguise"]

#: The grammar of each language (word lists, see the module docstring).
GRAMMAR_FILE = Path(__file__).resolve().parents[2] / "data" / "disguise.yaml"

_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*|[^\w\s]")  # \u2019: the typographic apostrophe
_WOULD = re.compile(r"(\w)['\u2019]d\b")  # "we'd like" is "we would like"
Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Grammar:
    """The word lists of one language, folded, phrases as word tuples (longest first)."""

    need: Phrases
    modal: Phrases
    acquire: Phrases
    to: frozenset[str]
    copula: frozenset[str]
    skip: frozenset[str]
    before: frozenset[str]
    indefinite: Phrases
    new: frozenset[str]
    definite: Phrases
    possessive: Phrases
    quantity: Phrases
    negation: frozenset[str]
    stops: frozenset[str]
    genuine: frozenset[str]
    solution: re.Pattern[str]
    definite_form: re.Pattern[str] | None
    capitalised_nouns: bool  # German: the head is the last capitalised word

    @property
    def determiners(self) -> frozenset[str]:
        words = (*self.indefinite, *self.definite, *self.possessive, *self.quantity)
        return frozenset(phrase[0] for phrase in words) | self.negation


@cache
def _grammar(language: str) -> _Grammar:
    if language not in LANGUAGES:
        raise Problem("language", "not_allowed", allowed=", ".join(LANGUAGES))
    lists = yaml.safe_load(GRAMMAR_FILE.read_text(encoding="utf-8"))[language]

    def phrases(name: str) -> Phrases:
        split = {tuple(str(entry).casefold().split()) for entry in lists.get(name, ())}
        return tuple(sorted(split, key=len, reverse=True))

    def words(name: str) -> frozenset[str]:
        return frozenset(str(entry).casefold() for entry in lists.get(name, ()))

    def alternatives(entries: Iterable[str]) -> str:
        return "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))

    entries = [str(e).casefold() for e in lists["solutions"]]
    plain = alternatives(e for e in entries if not e.startswith("*"))
    compound = alternatives(e[1:] for e in entries if e.startswith("*"))
    endings = alternatives(lists.get("endings", ()))
    solution = re.compile(rf"(?:{plain}|[\w-]*(?:{compound}))(?:{endings})?")
    definite = lists.get("definite_endings")
    definite_form = (re.compile(rf"(?:{plain}|[\w-]*(?:{compound}))(?:{alternatives(definite)})")
                     if definite else None)
    return _Grammar(
        need=phrases("need"), modal=phrases("modal"), acquire=phrases("acquire"),
        to=words("to"), copula=words("copula"), skip=words("skip") | words("copula"),
        before=words("before"),
        indefinite=phrases("indefinite"), new=words("new"), definite=phrases("definite"),
        possessive=phrases("possessive"), quantity=phrases("quantity"),
        negation=words("negation"), stops=words("stops"), genuine=words("genuine"),
        solution=solution, definite_form=definite_form, capitalised_nouns=language == "de")


@lru_cache(maxsize=8192)
def disguised(text: str, language: str) -> str | None:
    """The solution that ``text`` names as if it were the need, or ``None`` for a genuine need.

    ``language`` is the text's language, ``en``, ``de`` or ``sv`` (anything else: a
    :class:`~components.errors.Problem` naming ``language``).  See the module docstring.

    >>> disguised("We need a spreadsheet template for the weekly report", "en")
    'spreadsheet template'
    >>> disguised("Jag behöver fler megapixlar i kameran", "sv")
    'fler megapixlar'
    >>> disguised("The machine breaks down", "en") is None
    True
    """
    grammar = _grammar(language)
    for clause in _clauses(text or "", grammar):
        found = _in_clause(clause, grammar)
        if found:
            return found
    return None


def solutions_in_disguise(texts: Iterable[Any], language: str) -> list[tuple[Hashable, str]]:
    """``(id, solution)`` for every need text that names a solution, in input order.

    ``texts``: ``(id, text)`` pairs, or objects or mappings with ``id`` and ``text``.

    >>> solutions_in_disguise([("o1", "Sie brauchen eine App"), ("o2", "Es hängt gerade")], "de")
    [('o1', 'App')]
    """
    found = []
    for item in texts:
        if isinstance(item, tuple):
            item_id, text = item
        else:
            item_id, text = field_of(item, "id"), field_of(item, "text", "")
        solution = disguised(text or "", language)
        if solution:
            found.append((item_id, solution))
    return found


# --- reading a clause ---------------------------------------------------------------------------

def _clauses(text: str, grammar: _Grammar) -> list[list[str]]:
    """The text's words, cut into clauses at every punctuation mark (but for a comma before
    a copula: "Was wir brauchen, ist …")."""
    clauses: list[list[str]] = [[]]
    tokens = _WORD.findall(_WOULD.sub(r"\1 would", text))
    for at, token in enumerate(tokens):
        if token[0].isalnum() or token[0] == "_":
            clauses[-1].append(token)
        elif clauses[-1] and not (token == "," and at + 1 < len(tokens)
                                  and tokens[at + 1].casefold() in grammar.copula):
            clauses.append([])
    return [clause for clause in clauses if clause]


def _match(phrases: Phrases, folded: Sequence[str], at: int) -> int:
    """Length of the longest of ``phrases`` starting at ``folded[at]`` (0: none)."""
    for phrase in phrases:
        if tuple(folded[at:at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _skip(folded: Sequence[str], at: int, grammar: _Grammar) -> int:
    while at < len(folded) and folded[at] in grammar.skip:
        at += 1
    return at


def _in_clause(words: list[str], grammar: _Grammar) -> str | None:
    folded = [word.casefold() for word in words]
    stated = False  # a need phrase decided the clause: it is no bare noun phrase
    for at in range(len(words)):
        if folded[at] in grammar.before:
            return None  # a subordinate clause: "when I need the coffee"
        length = _match(grammar.need, folded, at)
        if length:
            stated = True
            found = _after_need(words, folded, at + length, grammar)
            if found:
                return found
            continue
        length = _match(grammar.modal, folded, at)
        if length:
            found = _after_modal(words, folded, at + length, grammar)
            if found:
                return found
    return None if stated else _bare(words, folded, grammar)


def _after_need(words: list[str], folded: list[str], at: int, grammar: _Grammar) -> str | None:
    """What follows a need phrase: an acquiring verb and its object, or the object itself."""
    at = _skip(folded, at, grammar)
    infinitive = at < len(folded) and folded[at] in grammar.to
    if infinitive:
        at = _skip(folded, at + 1, grammar)
    verb = _match(grammar.acquire, folded, at)
    if infinitive and not verb:
        return None  # "need to reduce the waiting time": a job
    return _noun_phrase(words, folded, _skip(folded, at + verb, grammar), grammar)


def _after_modal(words: list[str], folded: list[str], at: int, grammar: _Grammar) -> str | None:
    """A modal states a need only with an acquiring verb: after it, or (German) at the end."""
    at = _skip(folded, at, grammar)
    if grammar.capitalised_nouns:
        ends_acquiring = any(_match(grammar.acquire, folded, end) == len(folded) - end
                             for end in range(at, len(folded)))
        return _noun_phrase(words, folded, at, grammar) if ends_acquiring else None
    if at < len(folded) and folded[at] in grammar.to:
        at = _skip(folded, at + 1, grammar)
    verb = _match(grammar.acquire, folded, at)
    return _noun_phrase(words, folded, _skip(folded, at + verb, grammar), grammar) if verb else None


@dataclass(frozen=True)
class _Phrase:
    """A noun phrase: its determiner kind, its words as written, its head, how it ended."""

    kind: str  # "new", "definite", "quantity" or "bare"
    words: tuple[str, ...]
    head: str
    at_start: bool  # the head is the clause's first word
    ends_clause: bool  # ended by a stop word, punctuation or the clause's end
    followed_by: str


def _read_phrase(words: list[str], folded: list[str], at: int,
                 grammar: _Grammar) -> _Phrase | None:
    if at >= len(words) or folded[at] in grammar.negation:
        return None
    kind, quantity = "bare", ()
    for name, phrases in (("quantity", grammar.quantity), ("new", grammar.indefinite),
                          ("definite", grammar.definite), ("definite", grammar.possessive)):
        length = _match(phrases, folded, at)
        if length:
            kind = name
            quantity = tuple(words[at:at + length]) if name == "quantity" else ()
            at += length
            break
    if kind == "bare" and at < len(folded) and folded[at] in grammar.new:
        kind = "new"
    start, end, capital = at, at, None
    determiners = grammar.determiners
    while end < len(words):
        word = folded[end]
        if word in grammar.stops or (end > start and word in determiners):
            break
        if grammar.capitalised_nouns:
            upper = words[end][0].isupper()
            if capital is not None and not upper:
                break
            capital = end if upper else capital
        end += 1
    if end == start:
        return None
    stop = folded[end] if end < len(words) else ""
    ends_clause = not stop or stop in grammar.stops
    head = capital if capital is not None else end - 1
    return _Phrase(kind, (*quantity, *words[start:head + 1]), words[head], head == 0,
                   ends_clause, stop)


def _names_solution(phrase: _Phrase, grammar: _Grammar) -> bool:
    """The head is a product, feature or category, or a name ("Excel") or acronym ("AI")."""
    head = phrase.head
    letters = [c for c in head if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    name = (not grammar.capitalised_nouns and not phrase.at_start and head[0].isupper()
            and any(c.islower() for c in head))
    return acronym or name or bool(grammar.solution.fullmatch(head.casefold()))


def _noun_phrase(words: list[str], folded: list[str], at: int, grammar: _Grammar) -> str | None:
    """The solution the object of a need names, or None (see the module docstring, 2.)."""
    phrase = _read_phrase(words, folded, at, grammar)
    if phrase is None:
        return None
    if phrase.kind == "new":
        found = phrase.head.casefold() not in grammar.genuine
    elif phrase.kind == "definite" and phrase.followed_by in grammar.to:
        found = False  # "we need the machine to run all night": a state
    else:
        found = _names_solution(phrase, grammar)
    return " ".join(phrase.words) if found else None


def _bare(words: list[str], folded: list[str], grammar: _Grammar) -> str | None:
    """A clause that is only a noun phrase with a product head: "A mobile app for booking"."""
    phrase = _read_phrase(words, folded, 0, grammar)
    if (phrase is None or phrase.kind not in ("new", "bare", "quantity")
            or not phrase.ends_clause):
        return None
    definite = grammar.definite_form is not None and grammar.definite_form.fullmatch(
        phrase.head.casefold())
    if definite or not grammar.solution.fullmatch(phrase.head.casefold()):
        return None
    return " ".join(phrase.words)
