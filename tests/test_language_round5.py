"""Asking in words for another reply language (issue 16, round 5): requests in bokmål, nynorsk,
English and broken Norwegian/English switch; a question that only names a language does not."""

from __future__ import annotations

import pytest

from bot.language import chosen_language

# "kan du skrive/svare/snakke (på) X (igjen) (likevel)": the Norwegian request, with its add-ons.
NORWEGIAN_REQUESTS = [
    ("kan du skrive bokmål igjen likevel", "nb"),
    ("kan du skrive på bokmål igjen", "nb"),
    ("kan du svare på bokmål likevel?", "nb"),
    ("kan du skrive nynorsk til meg?", "nn"),
    ("kan du svare på nynorsk", "nn"),
    ("kan du snakke engelsk", "en"),
    ("kan dere svare på engelsk?", "en"),
    ("Kan du ikke skrive engelsk?", "en"),  # the polite "kan du ikke…?" is a request, not a refusal
    ("skriv på engelsk", "en"),
    ("bytt til engelsk", "en"),
    ("vær så snill skriv engelsk", "en"),
    ("på norsk igjen takk", "nb"),
    ("tilbake til bokmål", "nb"),
    ("Hei! Kan du skrive på engelsk? Takk", "en"),
]
NYNORSK_REQUESTS = [
    ("kan eg få svar på nynorsk", "nn"),
    ("eg vil ha svar på nynorsk frå no", "nn"),
    ("skriv til meg på nynorsk igjen", "nn"),
    ("helst nynorsk", "nn"),
    ("no nynorsk takk", "nn"),  # nynorsk "no" is "now", not a refusal
    ("kan eg få svar på norsk?", "nn"),  # "norsk" asked for in nynorsk is nynorsk
    ("kan du skrive nynorsk att", "nn"),
]
ENGLISH_REQUESTS = [
    ("Can you write to me in English please?", "en"),
    ("Can you reply to me in English", "en"),
    ("Can you text me in English please", "en"),
    ("English please", "en"),
    ("english pls", "en"),
    ("I'd prefer English", "en"),
    ("Could you switch to English?", "en"),
    ("Please write in English from now on", "en"),
    ("Can I get answers in English?", "en"),
    ("back to Norwegian", "nb"),
    ("back to Norwegian please", "nb"),
    ("Can we go back to bokmål?", "nb"),
]
# A language the person does not manage, said in a sentence of its own or beside the request.
REFUSALS = [
    ("Hi! Can you write to me in English please? My Norwegian is not so good", "en"),
    ("My Norwegian is not good, please write in English", "en"),
    ("I only speak a little Norwegian", "en"),
    ("jeg forstår ikke norsk godt", "en"),
    ("jeg ikke forstå norsk", "en"),  # broken Norwegian
    ("jeg snakker dårlig norsk", "en"),
    ("norsk er vanskelig for meg", "en"),
    ("kan du skrive norsk, ikke engelsk", "nb"),
    ("ikke engelsk, takk", "nb"),  # refused in bokmål: bokmål is wanted
    ("eg forstår ikkje engelsk, kan du skrive nynorsk?", "nn"),
]


@pytest.mark.parametrize(("text", "lang"), NORWEGIAN_REQUESTS + NYNORSK_REQUESTS + ENGLISH_REQUESTS + REFUSALS)
def test_a_request_in_words_chooses_the_language(text: str, lang: str) -> None:
    assert chosen_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "har dere ukeplanen på engelsk?",  # a question about a thing in a language, not a request
        "er det på engelsk?",
        "Is the homework in English?",
        "Do you have the week plan in English?",
        "finst vekeplanen på nynorsk?",
        "Ola er syk. Kan du svare på engelsk?",  # a report first, in its own sentence: answered as one
        "Emma er sjuk i dag. Skriv nynorsk",
        "norsk og engelsk",
        "not English",  # refuses English without saying which Norwegian
        "kan du skrive bokmål eller nynorsk",
        "takk",
        "Hi! Thanks",
    ],
)
def test_a_message_that_only_names_a_language_is_no_request(text: str) -> None:
    assert chosen_language(text) is None


def test_a_long_message_is_no_request() -> None:
    assert chosen_language("kan du skrive på engelsk " * 8) is None
