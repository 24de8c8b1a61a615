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


@pytest.mark.parametrize(
    "text",
    [
        "Ola har vært hos legen, det er streptokokker",
        "legen sier hun har kikhoste",
        "doctor says it is chickenpox",
        "har fått brennkopper, legen sa han må være hjemme",
        "legen meiner det er meslingar",
        "har lus",
        "the doctor found head lice",
        "fastlegen sa det var mykoplasma",
        "ho har fått vasskoppar",
        "mormor er syk og Ola har feber",
    ],
)
def test_named_disease_is_illness_even_with_a_doctor(text: str) -> None:
    assert classify_reason(text) == "illness"


@pytest.mark.parametrize(
    "text",
    [
        "Jonas er hjemme i dag fordi mormor er alvorlig syk",
        "bestefar ligger på sykehuset",
        "farmor er sjuk og vi må køyre til Voss",
        "her grandmother is very ill",
        "my father is in hospital",
        "her dad had surgery",
        "farmor er på sjukehuset",
        "morfar har fått slag og ligger på sykehus",
        "mormor e dårli og vi må te ho",
        "han har fått en lillesøster i natt",
        "vi har fått ein liten bror",
        "his baby brother was born last night",
        "mamma skal føde",
        "vi er på besøk hos familien i Syria",
        "vi er fortsatt i Polen da",
        "we fly home from Somalia that day",
        "vi skal på skiferie",
        "we are going to the cabin",
    ],
)
def test_relatives_babies_and_travel_are_family(text: str) -> None:
    assert classify_reason(text) == "family"


@pytest.mark.parametrize(
    "text",
    [
        "hun skal på korturné med barnekoret",
        "she is singing with the children's choir on tour",
        "she is in a swimming competition in Bergen",
        "skal på fotballcup til Danmark",
        "korpset skal på tur",
        "chess tournament",
        "has a piano concert",
    ],
)
def test_events_are_other_even_when_they_mean_travel(text: str) -> None:
    assert classify_reason(text) == "other"


@pytest.mark.parametrize(
    "text", ["Ola har tannl. kl 10", "tannreg. kl 9", "Sofie has a dr. appt tomorrow", "time hos leg. kl 10", "orto"]
)
def test_appointment_abbreviations(text: str) -> None:
    assert classify_reason(text) == "appointment"


@pytest.mark.parametrize(
    "text",
    [
        "Ola kjem att første dagen etter påskeferien",
        "kommer tilbake etter jul",
        "borte resten av veka, og så er det haustferie",
        "week plan for the week after the winter break",
        "she misses the last week before the Easter holidays",
        "so far he is fine",
    ],
)
def test_a_break_named_as_a_time_is_no_reason(text: str) -> None:
    assert classify_reason(text) is None
