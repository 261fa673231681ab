"""Exact numbers from whatever a person, a file or a table gave: the one coercion.

Every calculation (progress, fit, opportunity, funnel) reads its inputs through
:func:`exact`, so the same value means the same number everywhere:

- ``int``, ``Fraction`` and ``Decimal`` are taken as they are (a ``Decimal`` must be finite);
- a ``float`` is read through its shortest decimal text: 0.7 is stored in binary as
  0.6999999999999999555910790149937…, but the person meant exactly 7/10, and ``0.1 + 0.2``
  problems must never decide a boundary (is 15 an "extreme" opportunity or a "strong" one?);
- a string is read as a decimal number (``"2.5"``, ``" 12 "``, ``"1e3"``);
- ``None`` is ``missing``; ``bool``, NaN, infinities and anything else are ``not_a_number``,
  and so is a decimal beyond 10^±1000 (``"1e10000000"``, typed into a form, would take the
  server seconds to make exact; no range of the board comes near it).

Each refusal is a :class:`~components.errors.Problem` naming the field; a calculation passes
its own kind of problem (``error=``) so that its callers catch one type.

Boards hold few distinct numbers (ratings 0–10 in halves, a few rates and prices) and a
canvas rerun reads each of them many times, so reading a float is cached; a ``Fraction`` is
immutable and safe to share.

>>> exact(0.7, "rate")
Fraction(7, 10)
>>> in_range("12", 0, 10, "importance")
Traceback (most recent call last):
...
components.errors.Problem: importance: must be a number from 0 to 10
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

from babel import numbers as babel_numbers

from components.errors import Problem
from components.formatting import locale_of

Number = int | float | Decimal | Fraction | str


@lru_cache(maxsize=4096)
def typed_fraction(value: float) -> Fraction:
    """``value`` (a finite float) as the exact fraction of its shortest decimal text."""
    return Fraction(str(value))


def exact(value: object, field: str, error: type[Problem] = Problem) -> Fraction:
    """The exact value of a number (see the module docstring), or ``error(field, …)``."""
    if type(value) is float:  # the common case first: board ratings and metrics are floats
        if math.isfinite(value):
            return typed_fraction(value)
    elif value is None:
        raise error(field, "missing")
    elif isinstance(value, bool):
        pass
    elif isinstance(value, Fraction):
        return value
    elif isinstance(value, numbers.Integral):
        return Fraction(int(value))
    elif isinstance(value, Decimal):
        if _sane(value):
            return Fraction(value)
    elif isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            parsed = None
        if parsed is not None and _sane(parsed):
            return Fraction(parsed)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)):  # numpy floats
        return typed_fraction(float(value))
    raise error(field, "not_a_number", value=str(value))


def typed(text: str | None, language: str) -> Decimal | str | None:
    """A number as a person typed it in the viewer's locale, exactly: ``"1.250.000,5"`` in
    German and ``"1,250,000.5"`` in English are ``Decimal("1250000.5")``; plain ``"2.5"`` is
    read too.  Spaces are ignored (Swedish groups thousands with them).

    Empty text is ``None`` (nothing entered); text that is no number comes back stripped, so
    that :func:`exact` names it (``not_a_number``) with the rest of the inputs.

    >>> typed("1.250.000", "de"), typed(" ", "en"), typed("lots", "en")
    (Decimal('1250000'), None, 'lots')
    """
    cleaned = "".join((text or "").split()).replace("\u2212", "-")
    if not cleaned:
        return None
    try:
        value = Decimal(str(babel_numbers.parse_decimal(cleaned, locale=locale_of(language),
                                                        strict=True)))
    except babel_numbers.NumberFormatError:
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return cleaned
    return value if value.is_finite() else cleaned


#: The largest power of ten a decimal may have to be read (see the module docstring).
MAX_EXPONENT = 1000


def _sane(value: Decimal) -> bool:
    """Finite, and within 10^±MAX_EXPONENT (cheap to make exact)."""
    return value.is_finite() and (value.is_zero() or abs(value.adjusted()) <= MAX_EXPONENT)


def in_range(value: object, low: Fraction | int, high: Fraction | int, field: str,
             error: type[Problem] = Problem) -> Fraction:
    """``exact(value)`` if it lies in ``low..high`` (both included), else ``out_of_range``."""
    number = exact(value, field, error)
    if not low <= number <= high:
        raise error(field, "out_of_range", low=_show(low), high=_show(high), value=str(value))
    return number


def non_negative(value: object, field: str, error: type[Problem] = Problem) -> Fraction:
    """``exact(value)`` if it is 0 or more, else ``negative``."""
    number = exact(value, field, error)
    if number < 0:
        raise error(field, "negative", value=str(value))
    return number


def positive(value: object, field: str, error: type[Problem] = Problem) -> Fraction:
    """``exact(value)`` if it is above 0, else ``not_positive``."""
    number = exact(value, field, error)
    if number <= 0:
        raise error(field, "not_positive", value=str(value))
    return number


def whole(value: object, field: str, error: type[Problem] = Problem) -> int:
    """A non-negative whole number (8000 or 8000.0, never 7999.5), else ``not_a_whole_number``."""
    number = non_negative(value, field, error)
    if number.denominator != 1:
        raise error(field, "not_a_whole_number", value=str(value))
    return int(number)


def _show(bound: Fraction | int) -> int | float:
    """A range bound as a person writes it: 10, 0.5."""
    bound = Fraction(bound)
    return bound.numerator if bound.denominator == 1 else float(bound)
