"""Round 4 of the date, clock and sibling grammar: two weeks named at once, "fra X og over jul", counted days
before a break, a weekday in every week of a month, "ikke før over helga"/"ikke før neste uke", weekday and
day number together, English "until Monday", days left to confirm later, a past day that is only the story,
a day asked about, arrival times read after an appointment, whole days with an appointment time, and a
sibling named at school.

The sentences are written for these tests (bokmål, nynorsk, dialect, English); the calendar is the corpus
school year with its four breaks.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.understanding import understand
from bot.understanding.corpus import FAMILIES, SCHOOL_FIRST_NAMES
from bot.understanding.types import Understanding
from tests.understanding.conftest import SCHOOL_YEAR, at, span

TERMS = SCHOOL_YEAR


def read(text: str, now: datetime, family: str = "one") -> Understanding:
    return understand(text, children=FAMILIES[family], now=now, calendar=TERMS, school_first_names=SCHOOL_FIRST_NAMES)


def days(text: str, now: datetime, family: str = "one") -> list[str]:
    return [d.isoformat() for d in read(text, now, family).dates]


def window(text: str, now: datetime) -> tuple[str | None, str | None]:
    u = read(text, now)
    j = u.to_json()
    return j["start_time"], j["end_time"]


WEDNESDAY = at(2026, 11, 4, 7, 30)  # Wednesday 4 November 2026


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte denne og neste uke, vi er i Tyrkia",
        "Ola er borte denne og neste veke",
        "Ola will be away this and next week, family visit",
    ],
)
def test_this_and_next_week_run_from_today_to_the_end_of_next_week(text: str) -> None:
    assert days(text, WEDNESDAY) == span("2026-11-04", "2026-11-13")


@pytest.mark.parametrize(
    "text",
    [
        "Vi søker fri for Ola fra 15.12 og over jul, skal til Marokko",
        "Ola er borte fra tirsdag og over jula",
        "Ola will be off from 15.12 and through Christmas",
    ],
)
def test_from_a_day_and_over_christmas_runs_to_the_break(text: str) -> None:
    assert days(text, at(2026, 12, 10, 19, 0)) == span("2026-12-15", "2026-12-18")


@pytest.mark.parametrize(
    "text",
    [
        "Can Ola have the 2 days before the autumn break off? We are going to Rome",
        "Kan Ola få fri de to dagene før høstferien?",
        "Ola treng fri dei 2 dagane før haustferien",
    ],
)
def test_counted_days_before_a_break(text: str) -> None:
    assert days(text, at(2026, 9, 10, 19, 0)) == ["2026-10-01", "2026-10-02"]


@pytest.mark.parametrize(
    "text",
    [
        "Kan Ola få fri alle torsdagene i januar? Han skal på svømmekurs",
        "Ola må gå kl 13 hver torsdag i januar",
        "Ola treng fri kvar torsdag i januar",
        "Could Ola leave at 1 every Thursday in January for swimming?",
    ],
)
def test_a_weekday_in_every_week_of_a_month(text: str) -> None:
    assert days(text, at(2026, 12, 10, 19, 0)) == ["2027-01-07", "2027-01-14", "2027-01-21", "2027-01-28"]


def test_every_weekday_of_a_month_skips_the_break() -> None:
    assert days("Ola må gå tidlig alle tirsdager i mars", at(2027, 2, 1, 19, 0)) == [
        "2027-03-02",
        "2027-03-09",
        "2027-03-16",
        "2027-03-30",
    ]


THURSDAY = at(2026, 10, 22, 7, 20)


@pytest.mark.parametrize(
    "text",
    [
        "ola e sjuk, kjæm ikkje før over helga",
        "Ola er syk og kommer nok ikke før over helgen",
        "Ola er sjuk, han kjem itte på skulen før neste veke",
        "Ola is ill, he won't be back until after the weekend",
    ],
)
def test_not_before_the_weekend_or_next_week_is_the_rest_of_this_week(text: str) -> None:
    assert days(text, THURSDAY) == ["2026-10-22", "2026-10-23"]


@pytest.mark.parametrize(
    "text",
    [
        "Kan Ola få fri torsdag 19. og fredag 20. november? Vi skal i bryllup",
        "Ola er borte mandag 16. og tirsdag 17. november",
    ],
)
def test_a_weekday_beside_a_day_number_names_no_extra_day(text: str) -> None:
    assert len(days(text, WEDNESDAY)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Ola has a fever, he'll be home until Monday",
        "Ola's got a tummy bug and is off till Monday",
    ],
)
def test_english_until_a_weekday_is_the_day_back(text: str) -> None:
    assert days(text, at(2026, 12, 2, 7, 10)) == ["2026-12-02", "2026-12-03", "2026-12-04"]


def test_english_from_today_until_a_weekday_keeps_that_day() -> None:
    assert days("Ola is sick from today until Friday", at(2026, 12, 2, 7, 10)) == span("2026-12-02", "2026-12-04")


def test_norwegian_til_a_weekday_keeps_that_day() -> None:
    assert days("Ola er syk og blir hjemme til fredag", at(2026, 12, 2, 7, 10)) == span("2026-12-02", "2026-12-04")


@pytest.mark.parametrize(
    "text",
    [
        "Ola is off sick today, I'll let you know about tomorrow",
        "Ola er syk i dag, jeg gir beskjed om i morgen",
        "Ola er sjuk i dag, eg sender melding om i morgon",
        "Ola er syk i dag, vi ser an i morgen",
        "Ola er syk i dag og kanskje i morgen",
    ],
)
def test_a_day_to_be_confirmed_later_is_not_yet_a_day_away(text: str) -> None:
    assert days(text, WEDNESDAY) == ["2026-11-04"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola is off sick today and probably tomorrow too",
        "Ola er syk i dag og sannsynligvis i morgen også",
    ],
)
def test_a_likely_day_counts(text: str) -> None:
    assert days(text, WEDNESDAY) == ["2026-11-04", "2026-11-05"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola is a bit poorly after his booster yesterday, keeping him home",
        "Ola er dårlig etter vaksinen i går, vi holder han hjemme",
    ],
)
def test_a_past_day_that_is_only_the_story_leaves_today(text: str) -> None:
    assert days(text, WEDNESDAY) == ["2026-11-04"]


def test_a_past_stay_at_home_is_still_reported() -> None:
    assert days("About yesterday: Ola stayed home with a cold, sorry I forgot to tell you", WEDNESDAY) == ["2026-11-03"]


def test_a_past_weekday_after_lay_at_home_is_that_day() -> None:
    # Tuesday 5 January 2027: "hele mandagen" is yesterday, not next Monday.
    assert days("Beklager sent svar – Ola lå hjemme med feber hele mandagen", at(2027, 1, 5, 9, 0)) == ["2027-01-04"]


def test_a_day_asked_about_is_no_day_away() -> None:
    assert days("Hva må Ola ha med til skidagen torsdag? Han er forresten syk i dag", WEDNESDAY) == ["2026-11-04"]


# --- clock times ------------------------------------------------------------------------------------

MORNING = at(2027, 1, 28, 7, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ola skal til tannlegen kl 8.15 og kommer på skolen rundt ti", (None, "10:00")),
        ("Ola har time hos legen kl 8 og kjem på skulen omkring ni", (None, "09:00")),
        ("Ola ska te legen klokka åtte og kjæm etterpå, rundt ellevå", (None, "11:00")),
        ("Ola won't be in till after lunch, around 12:15, he is at the orthodontist", (None, "12:15")),
        ("Ola kommer sent, jeg har eksamen kl 8 og kan ikke kjøre ham før etterpå, ca kl 9.30", (None, "09:30")),
    ],
)
def test_the_arrival_time_after_an_appointment_is_the_end(text: str, expected: tuple[str | None, str | None]) -> None:
    assert window(text, MORNING) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ola i dag ikke kommer skole, han har lege time kl 11 og etter vi går hjem",
        "Kan Ola få fri fredag? Vi har time på skattekontoret kl 11",
    ],
)
def test_an_appointment_time_on_a_day_away_is_no_window(text: str) -> None:
    assert window(text, MORNING) == (None, None)


def test_a_time_to_leave_is_still_read() -> None:
    assert window("Ola har tannlege kl 11 og må gå fra skolen da", MORNING)[0] == "11:00"


# --- students ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family", "expected"),
    [
        ("Liam and Nora have a stomach bug, Ella is fine and will be at school", "three", ("s-nora", "s-liam")),
        ("Henrik har kasta opp i natt, han blir heime. Filip e på skolen", "twins", ("s-henrik",)),
        ("Henrik er syk i dag. Filip er på skolen som vanlig", "twins", ("s-henrik",)),
    ],
)
def test_a_sibling_named_at_school_is_not_away(text: str, family: str, expected: tuple[str, ...]) -> None:
    assert read(text, WEDNESDAY, family).students == expected


def test_a_return_day_without_a_name_keeps_the_report() -> None:
    u = read("Ola er syk i dag, er på skolen igjen fredag", WEDNESDAY)
    assert u.intent == "absence" and u.students == ("s-ola",)
