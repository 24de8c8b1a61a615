"""Guessing a person's language from their words; Norwegian "i" is not English."""

from __future__ import annotations

from bot.language import chosen_language, guess_language


def test_norwegian_with_i_is_not_english() -> None:
    assert guess_language("send melding til foresatte i 5B: Husk gymtøy i morgen") != "en"


def test_clear_cases() -> None:
    assert guess_language("my son is sick today") == "en"
    assert guess_language("eg er heime, ho er sjuk i dag") == "nn"
    assert guess_language("jeg er hjemme, hun er syk") == "nb"
    assert guess_language("ok") is None


def test_chosen_language() -> None:
    assert chosen_language("språk nynorsk") == "nn"
    assert chosen_language("language English") == "en"
    assert chosen_language("nynorsk er fint") is None
