"""Exact numbers from floats, as the person typed them.

A float such as 0.7 is stored in binary as 0.6999999999999999555910790149937…; read through
its shortest decimal text it becomes exactly 7/10, the number the person meant.  Every
calculation module (:mod:`components.progress`, :mod:`components.fit`,
:mod:`components.funnel`) turns floats into fractions this way, so that ``0.1 + 0.2`` problems
never decide a boundary (is 15 an "extreme" opportunity or a "strong" one?).

Boards hold few distinct numbers (ratings 0–10 in halves, a few rates and prices), and a canvas
rerun reads each of them many times, so the conversion is cached; a ``Fraction`` is immutable
and safe to share.

>>> typed_fraction(0.7)
Fraction(7, 10)
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache


@lru_cache(maxsize=4096)
def typed_fraction(value: float) -> Fraction:
    """``value`` (a finite float) as the exact fraction of its shortest decimal text."""
    return Fraction(str(value))
