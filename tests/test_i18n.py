"""Translations: the same keys in every language, placeholders intact, Babel formats."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from components import i18n
from components.formatting import format_date, format_integer, format_money, format_number
from components.i18n import LANGUAGES


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_key_exists_in_every_language(language):
    english, other = i18n.catalog("en"), i18n.catalog(language)
    assert sorted(set(english) - set(other)) == [], f"missing in {language}"
    assert sorted(set(other) - set(english)) == [], f"only in {language}"


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_placeholders_match_english(language):
    english, other = i18n.catalog("en"), i18n.catalog(language)
    for key, text in english.items():
        if i18n.is_plural(text):  # a counted text: its general form as English's
            assert placeholders(text["other"]) == placeholders(
                i18n.forms(language, key)["other"]), key
        elif isinstance(text, str):
            assert placeholders(text) == placeholders(other[key]), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_counted_texts_have_both_forms_in_every_language(language):
    english, other = i18n.catalog("en"), i18n.catalog(language)
    counted = [key for key, text in english.items() if i18n.is_plural(text)]
    assert len(counted) > 20
    for key in counted:
        forms = other[key]
        assert i18n.is_plural(forms) and set(forms) == {"one", "other"}, key
        # the form for one names no other number than the count
        assert placeholders(forms["one"]) <= placeholders(forms["other"]), key


def test_counts_take_the_plural_form_of_the_language():
    assert i18n.t("en", "canvas.ui.dots", count=1) == "1 dot"
    assert i18n.t("en", "canvas.ui.dots", count=0) == "0 dots"
    assert i18n.t("de", "report.votes.dots", count=1) == "1 Punkt"
    assert i18n.t("de", "report.votes.dots", count=1250) == "1.250 Punkte"
    assert i18n.t("sv", "funnel.count.customer", count=1) == "1 kund"
    assert i18n.t("sv", "funnel.count.customer", count=2) == "2 kunder"
    assert i18n.t("en", "workshop.timer_started", count=1) == "Timer started: 1 minute."
    assert i18n.t("en", "progress.points", count=Decimal("1.0")) == "1 point"
    assert i18n.t("en", "progress.points", count=Decimal("1.5")) == "1.5 points"
    assert i18n.t("en", "workshop.hidden_items") == "{count} ideas of others are hidden."


def test_the_canvas_script_picks_the_plural_form_as_babel_does():
    """canvas.js ``fill`` says ``one`` for exactly 1 and ``other`` otherwise: Babel's rule
    for whole numbers in every language of the interface."""
    for language in LANGUAGES:
        assert all((i18n.plural_form(language, n) == "one") == (n == 1) for n in range(1000))
    assert i18n.forms("de", "canvas.ui.dots") == {"one": "{count} Punkt",
                                                  "other": "{count} Punkte"}


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
