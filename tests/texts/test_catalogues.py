"""Every message exists in bokmål, nynorsk and English, with the same {fields}."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.texts import LANGUAGES, catalogue, day, placeholders, t


def test_every_language_has_every_key() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    assert keys["nn"] == keys["nb"], keys["nb"] ^ keys["nn"]
    assert keys["en"] == keys["nb"], keys["nb"] ^ keys["en"]


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_placeholders_match_bokmal(lang: str) -> None:
    nb = catalogue("nb")
    for key, template in catalogue(lang).items():
        assert placeholders(template) == placeholders(nb[key]), key


def test_dates_are_written_the_norwegian_way() -> None:
    assert day("nb", dt.date(2026, 11, 30)) == "mandag 30. november"
    assert day("nn", dt.date(2026, 11, 30)) == "måndag 30. november"
    assert day("en", dt.date(2026, 11, 30)) == "Monday 30 November"


def test_unknown_language_falls_back_to_bokmal() -> None:
    assert t("de", "cancelled") == t("nb", "cancelled")
