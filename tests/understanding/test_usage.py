"""Help, opt-out and opt-in in words, and questions about an absence that report none (issue 17, families 1, 5).

These test the grammar (usage.py and the intent rules around it), so `ask` here is `understand` without the
learned model's second opinion; tests/understanding/test_learned.py tests the model and how it is combined.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from conftest import at

from bot.understanding import Understanding
from bot.understanding.usage import usage_request


@pytest.fixture
def ask(ask: Callable[..., Understanding]) -> Callable[..., Understanding]:
    """The grammar's reading alone (`learned=False`)."""
    return partial(ask, learned=False)


@pytest.mark.parametrize(
    "text",
    [
        "Hva kan jeg bruke denne tjenesten til?",
        "Hvordan virker dette?",
        "hvordan bruker jeg dette?",
        "Korleis brukar eg denne tenesta?",
        "Kva kan eg sende til dette nummeret?",
        "Hva skal jeg skrive?",
        "Er dette en robot?",
        "Hei! Hvem er dette?",
        "Jeg er ny her, hva kan jeg skrive?",
        "What is this number?",
        "How do I use this?",
        "what can you help me with?",
        "Who am I texting?",
    ],
)
def test_questions_about_the_service_are_help(ask, text: str) -> None:
    assert ask(text).intent == "help"


@pytest.mark.parametrize(
    "text",
    [
        "Hva kan jeg gjøre med mobbingen?",
        "Hvordan fungerer SFO i jula?",
        "Hva kan jeg sende med Ola på turen?",
        "Kan du hjelpe meg med å finne foreldremøtet?",
        "hva gjør jeg hvis Ola blir syk på skolen?",
        "Hvordan går det med Ola?",
    ],
)
def test_questions_about_other_things_are_no_help(ask, text: str) -> None:
    assert ask(text).intent == "unknown"


def test_a_report_beside_a_help_question_stays_a_report(ask) -> None:
    assert ask("Ola er syk i dag. Hvordan fungerer dette?").intent == "absence"


@pytest.mark.parametrize(
    "text",
    [
        "Jeg ønsker ikke flere SMS",
        "Send ikke flere meldinger til meg",
        "Vil ikkje ha sms lenger",
        "Stop texting this number",
        "no more texts please",
        "ingen flere meldinger takk",
        "Kan dere ta meg av SMS-lista?",
        "Hvordan melder jeg meg av?",
        "I no longer want messages from the school",
        "I don't want to receive texts anymore",
        "Ikke send meg noe mer",
        "Stopp å sende meg SMS!",
        "Jeg vil ikke ha meldinger igjen",
    ],
)
def test_opt_outs_in_words(ask, text: str) -> None:
    assert ask(text).intent == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Kan jeg få meldinger igjen?",
        "send me messages again",
        "jeg angrer, meld meg på igjen",
        "I want texts again",
    ],
)
def test_opt_ins_in_words(ask, text: str) -> None:
    assert ask(text).intent == "start"


@pytest.mark.parametrize(
    "text",
    [
        "Ikke send ukeplanen til faren",
        "Ikke send melding til læreren om dette",
        "Stopp mobbingen!",
        "Jeg har ikke fått melding om foreldremøtet",
        "Meld Ola av SFO fra januar",
        "Vi vil melde oss på foreldremøtet",
        "Kan jeg få melding når Ola kommer igjen?",
        "Jeg vil ha ukeplanen igjen",
        "Ola starter på skolen igjen i morgen",
    ],
)
def test_requests_about_something_else_are_no_opt_out_or_in(text: str) -> None:
    assert usage_request(text) is None


def test_a_report_beside_an_opt_out_stays_a_report(ask) -> None:
    assert ask("Ola er syk i dag, og ikke send meg flere meldinger").intent == "absence"


@pytest.mark.parametrize(
    "text",
    [
        "Hvorfor er Ola registrert borte i går? Han var på skolen",
        "Ola har fått ugyldig fravær på mandag, det stemmer ikke",
        "Vi fikk SMS om at Ola ikke var på skolen i dag, men han var der hele dagen!",
        "I got a message saying Ola was absent today but I dropped him off myself",
        "Kan dere sjekke fraværet til Ola? Han har ikke vært borte denne uka",
        "Har dere fått meldingen min om at Ola var syk i går?",
        "Hvor mange fraværsdager har Ola?",
        "Må jeg melde fra når Ola skal til tannlegen etter skolen?",
        "Ola kan ikke være med på klasseturen fredag",
    ],
)
def test_questions_and_complaints_about_an_absence_are_no_report(ask, text: str) -> None:
    assert ask(text, now=at(2026, 12, 1)).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Ola var på skolen i dag, men ble dårlig og gikk hjem kl 11",
        "Hvorfor spør dere? Ola er syk i dag",
        "Ola har feber. Hvor mange dager må han være hjemme?",
        "Ola var ikke på skolen i går fordi han var syk",
        "Jeg melder fra om at Ola er syk i dag",
    ],
)
def test_real_reports_beside_such_words_stay_reports(ask, text: str) -> None:
    assert ask(text, now=at(2026, 12, 1)).intent == "absence"
