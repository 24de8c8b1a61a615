"""Reasons, round 2 (issue 17): a relative's illness or death is family, named illnesses and injuries are
illness even beside a doctor, family events and moving house, and when a planned family matter is a
leave request rather than a notice of absence. Sentences written for these tests, not taken from a corpus."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import at, days

from bot.understanding import Understanding, classify_reason
from bot.understanding.normalise import canonical, clean
from bot.understanding.reasons import is_trip

Ask = Callable[..., Understanding]

# Monday 30 November 2026 in the evening: Friday 4 December is a day still to come.
EVENING = at(2026, 11, 30, 19, 0)


@pytest.mark.parametrize(
    "text",
    [
        # A grown-up relative in hospital, operated on, after a stroke: the hospital words are theirs.
        "Jonas er hjemme i dag, farmor er innlagt på Haukeland",
        "Mina blir heime, farfar hennar vart lagd inn på sjukehuset i natt",
        "Emma er borte i dag, morfar har hatt et slag og vi er på sykehuset",
        "Liam won't be in today, his grandma had a stroke last night and we're at the hospital",
        "Ola blir hjemme, pappa skal opereres i dag og vi er på sykehuset",
        "Ola is home today, his dad is having surgery and he wants to be there",
        "Sofie blir hjemme, mamma er syk og jeg må på jobb",
        "Dag e heime, bestemor hass e dårli og vi ska på sjukhuset",
        # A sibling of the child (definite or with a possessive) who is ill.
        "Sofie is home today, her little brother has a high fever and I can't drop her off",
        "Henrik blir hjemme, søstera hans er innlagt",
        "Jonas er heime, veslebroren har 39 i feber og eg kjem meg ikkje ut",
        # Deaths in every form.
        "Nora is off today, her grandpa died yesterday",
        "Nora won't be in, her nan passed away on Sunday",
        "Aksel er heime, oldemor døydde i går",
        "Aksel er hjemme, bestemor gikk bort i helgen",
    ],
)
def test_a_relatives_illness_or_death_is_family(text: str) -> None:
    assert classify_reason(text) == "family"


@pytest.mark.parametrize(
    "text",
    [
        # The child's own illness, also beside a relative's or a sibling's.
        "Lillebror er syk i dag",  # the child, called by its place in the family
        "Ola og lillebroren er syke i dag",
        "Ola and his little brother are both sick today",
        "Ola er syk, og mormor er også syk",
        "Ola er innlagt på sykehuset",
        # Named illnesses, even when a doctor or the GP is mentioned.
        "Emma has a high temperature",
        "Emma's running a temp, keeping her home",
        "Emma is feeling poorly today",
        "Emma is a bit under the weather",
        "Emma has a stinking cold, the GP says stay in",
        "Ola har migrene i dag",
        "Ola has a migraine",
        "Ola har omgangssjuka",
        "Ola has got hand, foot and mouth, the doctor confirmed it",
        "Ola har fått utslett, vi skal til legen i ettermiddag",
        "Ola has tonsillitis, the doctor gave him antibiotics",
        "Ola har betente mandler",
        "Ola fikk hjernerystelse på skøytebanen, legen sa hvile",
        # Injuries.
        "Ola brakk armen i går, vi var på legevakta, han er hjemme i dag",
        "Ola brekte foten på trening",
        "Ola has broken his wrist, GP says rest today",
        "Ola sprained his ankle at football",
        "Ola har et beinbrudd og går med gips",
    ],
)
def test_the_childs_own_illness_or_injury_is_illness(text: str) -> None:
    assert classify_reason(text) == "illness"


@pytest.mark.parametrize(
    "text",
    [
        "Ola skal operere bort mandlene på torsdag",
        "Ola skal ta mandlane neste veke",
        "Ola is having his tonsils out on Thursday",
        "Ola har time på sykehuset kl 10",
        "Ola has a check-up at the hospital at 11",
    ],
)
def test_a_planned_operation_or_check_up_is_an_appointment(text: str) -> None:
    assert classify_reason(text) == "appointment"


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte fredag, kusina hans gifter seg",
        "Ola is off Friday, my brother is getting married",
        "Ola er borte fredag, farmor fyller 90",
        "Ola is off Friday, grandad turns 80",
        "Ola is off Friday for his grandma's 90th birthday",
        "Ola er borte fredag, vi skal i 70-årsdagen til morfar",
        "Ola is off Friday, we celebrate Diwali",
    ],
)
def test_weddings_round_birthdays_and_feasts_are_family(text: str) -> None:
    assert classify_reason(text) == "family"


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte fredag, vi flytter",
        "Ola er borte fredag, vi flyttar til Bergen",
        "Ola is off Friday, we're moving house",
        "Ola is off Friday, we are moving to Oslo",
        "Ola is off Friday for a swimming gala",
        "Ola is off Friday, swim meet in Skien",
        "Ola går kl 12, han har pianoeksamen",
        "Ola leaves at 12 for his grade 3 violin exam",
    ],
)
def test_moving_house_meets_and_music_exams_are_other(text: str) -> None:
    assert classify_reason(text) == "other"


@pytest.mark.parametrize(
    "text",
    [
        "Ola er hjemme i dag",
        "Ola is off today, it is a cold day",
        "Ola var borte i går, telefonen died",
        "Ola blir hjemme, bilen brakk sammen",
        "we are going to pick him up at 12",
        "vi kjører Ola til skolen kl 10",
        "we go swimming on Friday",
    ],
)
def test_no_reason_is_read_into_these(text: str) -> None:
    assert classify_reason(text) is None


@pytest.mark.parametrize(
    ("text", "trip"),
    [
        ("we go Oslo on Friday", True),
        ("vi drar til Hamar på fredag", True),
        ("we're driving up to Tromsø", True),
        ("vi reiser fra Polen sent søndag", True),
        ("vi drar i begravelse", False),
        ("we go to the doctor", False),
        ("første dag etter vinterferien", False),
    ],
)
def test_is_trip(text: str, trip: bool) -> None:
    assert is_trip(canonical(clean(text))) is trip


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte fredag, vi reiser til Bergen",
        "Ola is off on Friday, we're flying to Krakow",
        "Ola no school Friday, we go Oslo see family",
        "Ola is away Friday, we're driving to Gothenburg",
        "Can Ola have Friday off? We celebrate Diwali",
        "Could Ola have Thursday and Friday off, we visit grandma",
    ],
)
def test_a_planned_family_trip_or_asked_for_day_is_a_leave_request(ask: Ask, text: str) -> None:
    u = ask(text, "one", EVENING)
    assert u.intent == "leave_request"
    assert u.reason == "family"
    assert u.missing == ()
    assert u.dates[-1] == days("12-04")[0]


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte fredag, vi skal i begravelse",
        "Ola will miss school on Friday, his uncle's funeral",
        "Ola er borte fredag, vi drar i bryllup",
        "Ola går kl 12 på fredag, vi reiser på hytta",  # part of a day
    ],
)
def test_a_one_day_family_event_nearby_or_part_of_a_day_stays_an_absence(ask: Ask, text: str) -> None:
    u = ask(text, "one", EVENING)
    assert u.intent == "absence"
    assert u.reason == "family"


@pytest.mark.parametrize(
    "text",
    [
        "Please excuse Ola from 10 today, dentist",
        "Kan Ola få fri i dag fra kl 12? Han skal til tannlegen",
    ],
)
def test_todays_own_appointment_is_an_absence_not_leave(ask: Ask, text: str) -> None:
    u = ask(text, "one")
    assert u.intent == "absence"
    assert u.reason == "appointment"
    assert u.dates == days("11-30")


def test_an_appointment_asked_for_in_advance_stays_a_leave_request(ask: Ask) -> None:
    u = ask("Kan Ola få fri fredag? Han skal til tannlegen", "one", EVENING)
    assert (u.intent, u.reason, u.dates) == ("leave_request", "appointment", days("12-04"))


def test_an_injury_over_the_holidays_is_an_absence(ask: Ask) -> None:
    u = ask("Ola broke his leg skiing, he won't be at school the first week after the Christmas holidays", "one")
    assert (u.intent, u.reason, u.missing) == ("absence", "illness", ())
