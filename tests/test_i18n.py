"""Translations: the same keys in every language, placeholders intact, Babel formats."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from components import i18n
from components.formatting import format_date, format_integer, format_money, format_number
from components.i18n import LANGUAGES


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_key_exists_in_every_language(language):
    english, other = i18n.catalog("en"), i18n.catalog(language)
    assert sorted(set(english) - set(other)) == [], f"missing in {language}"
    assert sorted(set(other) - set(english)) == [], f"only in {language}"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_placeholders_match_english(language):
    english, other = i18n.catalog("en"), i18n.catalog(language)
    for key, text in english.items():
        if isinstance(text, str):
            assert set(re.findall(r"{(\w+)}", text)) == set(
                re.findall(r"{(\w+)}", other[key])), key


def test_translation_fills_parameters_and_falls_back_to_the_key():
    assert i18n.t("de", "home.created", title="Regal") == "Board „Regal“ angelegt."
    assert i18n.t("sv", "no.such.key") == "no.such.key"


def test_numbers_money_and_dates_follow_the_locale():
    assert format_number(1234.5, "de") == "1.234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_integer(8000, "sv") == "8\xa0000"
    assert format_money(1200000, "EUR", "en") == "€1,200,000"
    assert format_money(1200000, "EUR", "de") == "1.200.000\xa0€"
    assert format_money(12.5, "EUR", "de") == "12,50\xa0€"
    assert format_date(dt.date(2026, 11, 24), "de") == "24.11.2026"
