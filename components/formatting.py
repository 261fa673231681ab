"""Numbers, money, percentages and dates for the viewer's locale, by Babel.

``format_number(1234.5, "de")`` -> ``1.234,5``; ``format_money(1200000, "EUR", "en")`` ->
``€1,200,000``.  Money is shown without cents once it reaches a thousand: planning numbers
are estimates, and cents on a revenue target read as false precision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from numbers import Number

from babel import Locale, dates, numbers

LOCALES = {"en": "en_GB", "de": "de_DE", "sv": "sv_SE"}


def locale_of(language: str) -> str:
    """The Babel locale used for a UI language."""
    return LOCALES.get(language, LOCALES["en"])


@lru_cache(maxsize=4096)
def format_number(value: Number, language: str, digits: int = 1) -> str:
    """A number with grouping and at most ``digits`` decimals (remembered: forms format the
    same few values, 0 to 10, on every rerun)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return numbers.format_decimal(value, format=pattern, locale=locale_of(language))


def format_integer(value: Number, language: str) -> str:
    """A count with grouping, e.g. 8.000 suspects in German."""
    return numbers.format_decimal(value, format="#,##0", locale=locale_of(language))


def format_money(value: Number, currency: str, language: str) -> str:
    """An amount of money; whole units from a thousand upwards."""
    locale = locale_of(language)
    if abs(Decimal(str(value))) < 1000:
        return numbers.format_currency(value, currency, locale=locale)
    whole_units = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    return numbers.format_currency(
        value, currency, format=whole_units, locale=locale, currency_digits=False
    )


#: The smallest share one decimal of a percent shows (0.1%, rounded from 0.05%).
_SMALLEST_SHOWN = 0.0005


def format_percent(fraction: Number, language: str) -> str:
    """A fraction as a percentage in the locale's own way: 25%, 25 %, 25 %; one decimal at most,
    except that a rate too small for it is not shown as 0 (up to six decimals).

    >>> format_percent(0.255, "en"), format_percent(0.000001, "en")
    ('25.5%', '0.0001%')
    """
    locale = locale_of(language)
    decimals = "######" if 0 < abs(fraction) < _SMALLEST_SHOWN else "#"
    pattern = Locale.parse(locale).percent_formats[None].pattern.replace("#,##0",
                                                                       f"#,##0.{decimals}")
    return numbers.format_percent(fraction, format=pattern, locale=locale)


def format_date(value: dt.date, language: str) -> str:
    """A date in the locale's medium form (24 Nov 2026, 24.11.2026, 24 nov. 2026)."""
    return dates.format_date(value, format="medium", locale=locale_of(language))


def currency_symbol(currency: str, language: str) -> str:
    """The currency's symbol in the locale, for input labels."""
    return numbers.get_currency_symbol(currency, locale=locale_of(language))
