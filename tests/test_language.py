"""Guessing a person's language from their words (bokmål, nynorsk, English), and a person asking for one."""

from __future__ import annotations

import pytest

from bot.language import chosen_language, guess_language

NYNORSK = [
    "kva er vekeplanen?",
    "i morgon",
    "Ola er sjuk i dag",
    "eg er heime, ho er sjuk i dag",
    "Emma kjem ikkje på skulen i dag",
    "kva lekser har vi i morgon?",
    "kan eg få snakke med læraren?",
    "Ola er sjuk",
    "ho har feber, er heime i dag",
    "korleis melder eg fråvær?",
    "Nora skal til tannlegen, kjem etter lunsj",
    "vekeplan 5B",
    "ikkje skule på fredag?",
    "dei er heime heile veka",
    "kvifor fekk eg denne meldinga",
    "Guten er sjuk, han blir heime",
]
BOKMAL = [
    "hva er ukeplanen?",
    "Ola er syk i dag",
    "jeg er hjemme, hun er syk",
    "Emma kommer ikke på skolen i dag",
    "lekser i morgen",
    "hvordan melder jeg fravær?",
    "Nora skal til tannlegen, kommer etter lunsj",
    "ukeplan 5B",
    "hun har feber og er hjemme",
    "hvorfor fikk jeg denne meldingen",
    "send melding til foresatte i 5B: Husk gymtøy i morgen",
    "Gutten er syk, han blir hjemme",
]
ENGLISH = [
    "my son is sick today",
    "Hi",
    "Hello, Emma will be late tomorrow",
    "I'm sick",
    "Ola is sick today",
    "what is the week plan?",
    "homework tomorrow",
    "Nora has a dentist appointment at 10",
    "She won't be at school on Friday",
    "thanks, see you",
    "Can I talk to the teacher?",
    "Emma is not feeling well",
]
UNDECIDED = [  # too short or too mixed to say: the person's language stays unset and the next message decides
    "ok",
    "takk",
    "Ola",
    "5B",
    "Ola er borte",
    "Ola er sick",  # one Norwegian, one English word
    "hva er vekeplanen",  # one bokmål, one nynorsk word
    "",
    None,
]


@pytest.mark.parametrize("text", NYNORSK)
def test_nynorsk(text: str) -> None:
    assert guess_language(text) == "nn"


@pytest.mark.parametrize("text", BOKMAL)
def test_bokmal(text: str) -> None:
    assert guess_language(text) == "nb"


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert guess_language(text) == "en"


@pytest.mark.parametrize("text", UNDECIDED)
def test_no_guess_when_the_words_do_not_decide(text: str | None) -> None:
    assert guess_language(text) is None


def test_norwegian_with_i_is_not_english() -> None:
    assert guess_language("send melding til foresatte i 5B: Husk gymtøy i morgen") != "en"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("språk nynorsk", "nn"),
        ("nynorsk", "nn"),
        ("Nynorsk, takk", "nn"),
        ("kan du skrive nynorsk?", "nn"),
        ("bokmål", "nb"),
        ("språk bokmål", "nb"),
        ("norsk", "nb"),
        ("språk engelsk", "en"),
        ("language English", "en"),
        ("English please", "en"),
        ("I'd like English please", "en"),
        ("på engelsk", "en"),
        ("Could you reply in English?", "en"),
        ("Can you answer in English please?", "en"),
        ("Can you write in Norwegian?", "nb"),
        ("kan du svare på bokmål?", "nb"),
        ("Hi, I don't speak Norwegian well, can you write in English?", "en"),
        ("I don't understand Norwegian", "en"),  # the language refused; the message's own is the one wanted
        ("sorry, I do not speak norwegian", "en"),
        ("jeg forstår ikke engelsk", "nb"),
        ("eg forstår ikkje engelsk", "nn"),
    ],
)
def test_chosen_language(text: str, lang: str) -> None:
    assert chosen_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "nynorsk er fint",
        "Ola har engelsk i dag",
        "norsk og engelsk",
        "lekser i engelsk til fredag",
        "",
        "Ola er syk, kan du svare på engelsk",  # a report first: answered as one
        "no english please",  # refuses English and names nothing else in words of its own
        "Emma can't speak English",
    ],
)
def test_a_language_named_in_an_ordinary_message_is_no_choice(text: str) -> None:
    assert chosen_language(text) is None
