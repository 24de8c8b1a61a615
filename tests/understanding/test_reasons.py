"""Reason categories."""

from __future__ import annotations

import pytest

from bot.understanding import classify_reason


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk",
        "sjuk",
        "har feber",
        "kasta opp i natt",
        "kaster opp",
        "omgangssyke",
        "vondt i magen",
        "hodepine",
        "forkjølet",
        "influensa",
        "covid",
        "sick",
        "fever",
        "vomiting",
        "ikke i form",
        "har fått vannkopper",
        "ørebetennelse",
    ],
)
def test_illness(text: str) -> None:
    assert classify_reason(text) == "illness"


@pytest.mark.parametrize(
    "text",
    [
        "tannlege",
        "skal til legen",
        "legetime",
        "kontroll på sykehuset",
        "fysio",
        "tannregulering",
        "helsesykepleier",
        "time hos BUP",
        "dentist",
        "doctor's appointment",
        "skal opereres",
    ],
)
def test_appointment(text: str) -> None:
    assert classify_reason(text) == "appointment"


@pytest.mark.parametrize(
    "text",
    [
        "begravelse",
        "bryllup",
        "familiebesøk",
        "skal til besteforeldre",
        "dåp",
        "konfirmasjon",
        "vi skal på ferie",
        "vi skal til Spania",
        "funeral",
        "family wedding",
        "hyttetur",
    ],
)
def test_family(text: str) -> None:
    assert classify_reason(text) == "family"


@pytest.mark.parametrize(
    "text", ["fotballcup", "flytting", "skal hente pass", "idrettsstevne", "pga kortreist opptreden"]
)
def test_other(text: str) -> None:
    assert classify_reason(text) == "other"


@pytest.mark.parametrize(
    "text", ["Ola er borte i dag", "Ola går hjem kl 12", "mormor henter Ola", "Ola er ikke syk", "", "🙂"]
)
def test_no_reason(text: str) -> None:
    assert classify_reason(text) is None


def test_illness_beats_appointment() -> None:
    assert classify_reason("Ola er syk og skal til legen") == "illness"
