"""Opportunity scores of outcome-driven innovation (Ulwick), for the canvas's outcomes.

Pure Python (no streamlit).  Customers rate each desired outcome's importance and their
satisfaction with how they get it today, both 0..10::

    opportunity = importance + max(importance - satisfaction, 0)        # 0..20

Bands (:func:`opportunity_band`): above 15 ``extreme``; 12 to 15 both included ``strong``;
10 up to but excluding 12 ``worth_considering``; below 10 ``unattractive``.  An outcome is
*over-served* (:func:`is_over_served`) when satisfaction exceeds importance.

Worked example: importance 9, satisfaction 3 → 9 + 6 = 15 → ``strong``.

Zones
-----
The landscape plots importance (x) against satisfaction (y).  Below the diagonal
``opportunity = 2 × importance − satisfaction``, so the band limits 15, 12 and 10 are the lines
``satisfaction = 2 × importance − k``; above the diagonal the score is the importance alone and
never exceeds 10.  :func:`opportunity_zones` gives each band as the area between two such
lines, clipped to the 0..10 square.  Example at importance 7: extreme nowhere (2·7−15 < 0),
strong for satisfaction 0..2, worth considering 2..4, unattractive 4..10 — and indeed
``opportunity(7, 1) = 13`` (strong) and ``opportunity(7, 3) = 11`` (worth considering).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from components.numbers import Number, in_range

#: Opportunity bands from best to worst.
OPPORTUNITY_BANDS: tuple[str, ...] = ("extreme", "strong", "worth_considering", "unattractive")

#: (band, highest score, lowest score) of each band; the edges are the lines
#: ``satisfaction = 2 × importance − score``.
_BAND_LIMITS = (("extreme", 20, 15), ("strong", 15, 12), ("worth_considering", 12, 10),
                ("unattractive", 10, None))


def opportunity(importance: Number, satisfaction: Number) -> float:
    """``importance + max(importance - satisfaction, 0)``, both rated 0..10 (result 0..20).

    >>> opportunity(9, 3)
    15.0
    """
    imp = in_range(importance, 0, 10, "importance")
    sat = in_range(satisfaction, 0, 10, "satisfaction")
    return float(imp + max(imp - sat, Fraction(0)))


def opportunity_band(score: Number) -> str:
    """Band of an opportunity score 0..20.

    ``extreme`` above 15; ``strong`` 12..15 (12 and 15 included); ``worth_considering`` from
    10 (included) to below 12; ``unattractive`` below 10.

    >>> opportunity_band(15)
    'strong'
    """
    value = in_range(score, 0, 20, "score")
    if value > 15:
        return "extreme"
    if value >= 12:
        return "strong"
    if value >= 10:
        return "worth_considering"
    return "unattractive"


def is_over_served(importance: Number, satisfaction: Number) -> bool:
    """True when satisfaction exceeds importance (both 0..10): room to simplify or cut price."""
    imp = in_range(importance, 0, 10, "importance")
    sat = in_range(satisfaction, 0, 10, "satisfaction")
    return sat > imp


@dataclass(frozen=True)
class ZonePoint:
    """At ``importance``, the band covers satisfaction ``low`` .. ``high`` (may be empty)."""

    band: str
    importance: float
    low: float
    high: float


def opportunity_zones(step: Fraction = Fraction(1, 2)) -> list[ZonePoint]:
    """The four bands as areas over importance 0..10 (see the module docstring).

    The band edges bend only at importance 5, 6 and 7.5, so the default step 0.5 draws them
    exactly.  ``extreme`` (score > 15) lies below ``satisfaction = 2·importance − 15``,
    ``strong`` between that line and ``2·importance − 12``, ``worth_considering`` up to
    ``2·importance − 10``, ``unattractive`` above.
    """
    points = []
    x = Fraction(0)
    while x <= 10:
        for band, upper_score, lower_score in _BAND_LIMITS:
            low = _clip(2 * x - upper_score)
            high = _clip(2 * x - lower_score) if lower_score is not None else Fraction(10)
            points.append(ZonePoint(band, float(x), float(low), float(max(high, low))))
        x += step
    return points


def _clip(value: Fraction) -> Fraction:
    return min(max(value, Fraction(0)), Fraction(10))
