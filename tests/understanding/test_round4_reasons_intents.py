"""Issue 17, round 4: errands and mishaps are "other", more illness words, a relative's or mother's hospital stay,
religious days and a relative's day are family, trips on days to come are leave, taking a child out of school,
English contracted reports and the week's plan.

Sentences written for these tests, not taken from a corpus. Monday 30 November 2026 08:05 unless a case says
otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import at, days

from bot.understanding import Understanding, classify_reason

Ask = Callable[..., Understanding]

# Monday 30 November 2026 in the evening: the days named are still to come.
EVENING = at(2026, 11, 30, 19, 0)


@pytest.mark.parametrize(
    "text",
    [
        # Errands at an office, even when called an appointment or "time på".
        "Ola kommer etter lunsj, vi har time på passkontoret kl 9",
        "Ola will be late, we have an appointment at the embassy about his visa",
        "Ola er borte i morgen, vi må til konsulatet for å fornye passet",
        "Ola kjem seint, eg har oppkjøring klokka åtte",
        "Ola will be in at 10, I have my driving test first thing",
        # Mishaps at home or on the way.
        "Ola kommer kl 10, bilen starta ikkje i dag",
        "Our car broke down, Ola will be in later",
        "Ola is late, the car wouldn't start",
        "Vannlekkasje på badet, Ola kommer litt senere",
        "Strømbrudd hos oss i natt, Ola forsov seg og kommer kl 9",
        # A pet that died is no death in the family.
        "Katten vår døde i natt og Ola er veldig lei seg, han blir hjemme",
        "Our dog had to be put down yesterday, Ola is staying home today",
        # Courses and riding.
        "Kan Ola få fri fredag? Han skal på svømmekurs",
        "Ola slutter kl 12 på fredag, han har ridetime",
    ],
)
def test_errands_mishaps_pets_and_courses_are_other(text: str) -> None:
    assert classify_reason(text) == "other"


@pytest.mark.parametrize(
    "text",
    [
        # A doctor's or dentist's time is still an appointment.
        "Ola har time hos tannlegen kl 9",
        "Ola has an appointment at the clinic at 10",
    ],
)
def test_health_appointments_stay_appointments(text: str) -> None:
    assert classify_reason(text) == "appointment"


@pytest.mark.parametrize(
    "text",
    [
        "Ola ble bitt av en hund på vei hjem og måtte sy tre sting",
        "Ola got bitten by a dog yesterday and needed stitches",
        "Ola har fått fem sting i panna",
        "Ola har hatt brekninger hele natta",
        "Ola has been retching since midnight",
        "Ola has a bad earache",
        "Ola woke up with toothache",
        "Ola is feeling really rough today",
        "Ola reagerte på vaksinen og har vondt i armen",
        "Ola had a reaction to his vaccine and is staying home",
        "Ola har fått ei kjempeforkjølelse",
        "Ola har ein skikkeleg vinterforkjølelse",
        "Ola er kjempedårlig i dag",
        "Ola har fått feberen til søstera si",
        "Ola må hvile etter hjernerystelsen, sier legen",
    ],
)
def test_more_illness_words(text: str) -> None:
    assert classify_reason(text) == "illness"


@pytest.mark.parametrize(
    "text",
    [
        # A relative in hospital or ill, said without a verb.
        "Ola kan ikke komme, his grandma in hospital and we go there",
        "Ola ikke skole i dag, morfar veldig syk, vi er på sykehuset",
        # A mother giving birth: the hospital is hers.
        "Ola er hjemme i dag, mamma skal føde og vi er på sykehuset",
        "Ola is off today, his mum went into labour and we're at the hospital",
        # Religious days and houses of worship.
        "Kan Ola få fri fredag? Det er Eid og vi skal i moskeen",
        "Ola is off on Friday for Rosh Hashanah, we will be at the synagogue",
        "Ola blir borte mandag, vi feirer Diwali i tempelet",
        # A relative's round birthday, a relative's day.
        "Can Ola have Friday off? It's his grandad's 80th in Bergen",
        "Ola går kl 12 i dag, han skal på avslutningen til storesøstera si",
        "Ola leaves at 1 today for his sister's graduation",
    ],
)
def test_relatives_births_religious_days_are_family(text: str) -> None:
    assert classify_reason(text) == "family"


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte torsdag og fredag, vi er på helgetur i Praha",
        "Ola kommer ikke fredag og mandag, vi skal på fjellet",
    ],
)
def test_a_trip_on_days_to_come_is_leave(ask: Ask, text: str) -> None:
    u = ask(text, now=EVENING)
    assert (u.intent, u.reason) == ("leave_request", "family")


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("We would like to take Ola out of school on 3.12 and 4.12 for a family trip", days("12-03", "12-04")),
        ("Taking Ola out 4/12 for his uncle's wedding, hope that's fine", days("12-04")),
        ("Is it ok if we take Ola out of class on Friday? His aunt is getting married", days("12-04")),
    ],
)
def test_taking_a_child_out_of_school_is_leave(ask: Ask, text: str, dates: tuple) -> None:
    u = ask(text, now=EVENING)
    assert (u.intent, u.students, u.dates, u.reason) == ("leave_request", ("s-ola",), dates, "family")


def test_pulling_out_at_a_time_is_no_leave(ask: Ask) -> None:
    u = ask("I'm pulling Ola out at 12 today, dentist")
    assert u.intent == "absence"


def test_leaving_early_every_week_asked_is_leave(ask: Ask) -> None:
    u = ask("Kan Ola få gå kl 13 hver onsdag? Han har fotballtrening", now=EVENING)
    assert u.intent == "leave_request"


@pytest.mark.parametrize(
    ("text", "family", "students"),
    [
        ("Ola's off today with a sore throat", "one", ("s-ola",)),
        ("Emma's off today, tummy ache", "two", ("s-emma",)),
    ],
)
def test_contracted_off_today_is_an_absence(ask: Ask, text: str, family: str, students: tuple[str, ...]) -> None:
    u = ask(text, family)
    assert (u.intent, u.students, u.dates, u.reason) == ("absence", students, days("11-30"), "illness")


def test_it_is_off_is_no_report(ask: Ask) -> None:
    assert ask("The football practice is cancelled, it's off today").intent != "absence"


@pytest.mark.parametrize(
    "text",
    [
        "The car won't start, Ola will be in around ten",
        "Ola won't be in until 10, our car broke down",
    ],
)
def test_english_late_arrival_is_an_absence(ask: Ask, text: str) -> None:
    u = ask(text, now=at(2026, 11, 30, 7, 45))
    assert (u.intent, u.students, u.dates, u.reason) == ("absence", ("s-ola",), days("11-30"), "other")


@pytest.mark.parametrize(
    "text", ["Can I get next week's plan for Ola?", "Could you send this week's plan?", "Kan jeg få neste ukes plan?"]
)
def test_the_weeks_plan_asked_in_words(ask: Ask, text: str) -> None:
    assert ask(text).intent == "weekplan"
