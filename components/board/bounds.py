"""The range of every number and the length of every text a board holds.

Every number has a range, so that neither a form nor a board file can save a value
that breaks a page (a revenue target of 1e29 once crashed the funnel and the report for
everyone on the board).  Each range is wider than anything a real business types, and
narrow enough that every page can count, format and chart the result:

=====================================================  ===================================
field                                                  allowed
=====================================================  ===================================
outcome importance, satisfaction                       0 to 10
worth push, pull, anxiety, habit                       whole numbers 0 to 10
snapshot functional, emotional, social                 0 to 100
money: target revenue, deal value, monthly fee,        0 to 10^12 (a trillion)
budget, cost per stage; worth value, price, hour
value and risk loss
worth effort hours                                     0 to 8784 (the hours of a leap year)
worth risk chance; funnel churn and expansion a month  0 to 1
funnel repeat orders a year                            0 to 10,000
funnel existing customers                              whole numbers 0 to 10^12
evidence customers                                     whole numbers 0 to 10^6
paying months                                          0 to 600 (fifty years)
conversion rates                                       10^-6 (one in a million) to 1;
                                                       consumption → reference may be 0
leads per reference                                    0 to 1000
cycle days per stage                                   whole numbers 0 to 3650 (ten years)
actual counts per stage                                whole numbers 0 to 10^12
metric baseline, current, target, scale ends;          -10^12 to 10^12
experiment threshold and result
metric tolerance                                       0 to 10^12
metric weight                                          0 to 1000
dates (snapshots, metric dates, evidence, experiments)  1900-01-01 to 2199-12-31
months of actuals, a plan's start month                YYYY-MM, month 01 to 12
=====================================================  ===================================

Exact numbers (``Decimal``) have at most 10 decimal places (what the progress form shows),
and no funnel scenario may need more than 10^12 people in a stage (``MAX_PEOPLE``: a hundred
times the world's population; its target divided by what the first customer won brings in
the period and by the rates up to the sale, before referrals).  Texts hold no NUL character
and no lone surrogate (a database cannot store them).  A value outside its range is refused
with the place and the range: ``scenarios[0].target_revenue: must be a number from 0 to
1,000,000,000,000``.

Each bounded kind of value is an annotated type (``Money``, ``Rate``, ``Date`` …) that the
board model (:mod:`components.board.model`) gives its fields; the error's code names the
sentence (``file_error.<code>``) and its context the range.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

MAX_TEXT = 1000
MAX_MONEY = Decimal(10) ** 12
MAX_PEOPLE = 10**12
MIN_RATE = Decimal("0.000001")
MAX_HOURS = 8784  # the hours of a leap year
MAX_CUSTOMERS = 1_000_000
MAX_ORDERS = 10_000  # orders a year: more than one an hour
MAX_PLACES = 10
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
CURRENCY_PATTERN = r"^[A-Z]{3}$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _storable(text: str) -> str:
    """Refuse what no database stores: NUL, and lone surrogates (no UTF-8 for them)."""
    if "\x00" in text:
        raise PydanticCustomError("nul_character", "must not contain a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("bad_character", "must be valid Unicode text") from None
    return text


def _exact(value: Any) -> Any:
    """A whole number (a board file writes 5, not 5.0) as the Decimal an exact field holds;
    anything else is left for the field's own check (a bool is no number, nor, in a board
    file, is a text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _decimal_places(value: Decimal) -> int:
    """Places after the point, trailing zeros not counted: 2.50 has 1, 1E+3 has 0."""
    _, digits, exponent = value.as_tuple()
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0") or "0")
    return max(0, -(exponent + zeros))


def _within(low: Any, high: Any, code: str = "out_of_range", *,
            or_zero: bool = False) -> AfterValidator:
    """The range check of one kind of value: ``low..high`` (or exactly 0 with ``or_zero``),
    and at most ``MAX_PLACES`` decimal places for an exact number.  The error's ``code``
    names the sentence (``file_error.<code>``), its context the range."""
    def check(value: Any) -> Any:
        if isinstance(value, Decimal) and not value.is_finite():
            raise PydanticCustomError("finite_number", "must be a finite number")
        if not (low <= value <= high or (or_zero and value == 0)):
            raise PydanticCustomError(code, "must be from {low} to {high}",
                                      {"low": low, "high": high})
        if isinstance(value, Decimal) and _decimal_places(value) > MAX_PLACES:
            raise PydanticCustomError("too_precise", "at most {places} decimal places",
                                      {"places": MAX_PLACES})
        return value
    return AfterValidator(check)


def _exact_number(low: Decimal | int, high: Decimal | int, code: str = "out_of_range", *,
                  or_zero: bool = False) -> Any:
    """An exact number field (money, rates, metric values) from ``low`` to ``high``."""
    # NaN and infinities are refused by the range check: pydantic's own check would take
    # 1E+400000 for one of them and say "a number" where "from 0 to 10^12" helps
    return Annotated[Decimal, Field(allow_inf_nan=True), BeforeValidator(_exact),
                     _within(Decimal(low), Decimal(high), code, or_zero=or_zero)]


def _whole_number(low: int, high: int) -> Any:
    """A whole-number field (ratings, days, counts of people) from ``low`` to ``high``."""
    return Annotated[int, _within(low, high)]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
                 AfterValidator(_storable)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT),
                         AfterValidator(_storable)]
Score = Annotated[float, Field(allow_inf_nan=False), _within(0, 10)]
Percentage = Annotated[float, Field(allow_inf_nan=False), _within(0, 100)]
Rating = _whole_number(0, 10)
Days = _whole_number(0, 3650)
Count = _whole_number(0, MAX_PEOPLE)
Money = _exact_number(0, MAX_MONEY)
Months = _exact_number(0, 600)
Rate = _exact_number(MIN_RATE, 1)
RateOrZero = _exact_number(MIN_RATE, 1, "out_of_range_or_zero", or_zero=True)
PerReference = _exact_number(0, 1000)
MetricValue = _exact_number(-MAX_MONEY, MAX_MONEY)
Tolerance = _exact_number(0, MAX_MONEY)
Weight = _exact_number(0, 1000)
Hours = _exact_number(0, MAX_HOURS)
Share = _exact_number(0, 1)
Orders = _exact_number(0, MAX_ORDERS)
Customers = _whole_number(0, MAX_CUSTOMERS)
Date = Annotated[dt.date, _within(FIRST_DATE, LAST_DATE, "date_out_of_range")]
Currency = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
