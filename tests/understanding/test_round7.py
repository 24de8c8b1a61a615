"""Round 7: a relative taken acutely ill, an arrival "rett etterpå" an appointment, a new sibling in nynorsk, a
late note about a past day when the child is well today, after-school plans, and questions about when the school
day ends.

Sentences written for these tests, not taken from a corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import Understanding
from bot.understanding.reasons import classify_reason

Ask = Callable[..., Understanding]
OSLO = ZoneInfo("Europe/Oslo")
# Tuesday 1 December 2026: "i går" is Monday 30 November, a school day.
TUESDAY = datetime(2026, 12, 1, 8, 0, tzinfo=OSLO)
# Monday 30 November 2026 in the evening: the next school day is Tuesday.
MONDAY_EVENING = datetime(2026, 11, 30, 18, 0, tzinfo=OSLO)


# 1. A relative taken ill suddenly ("akutt", "brått", "uventa") is still the relative's illness: family.
@pytest.mark.parametrize(
    "text",
    [
        "Ola blir hjemme i dag, bestefar er akutt syk",
        "Ola er heime i dag, farmor vart brått sjuk og me må køyre til henne",
        "Ola is staying home today, his grandad is acutely ill and we have to go to him",
        "Ola kommer ikke i dag. Morfar ble akutt innlagt i natt",
        "Ola kjem ikkje, mormor hans er uventa dårleg",
        "ola er borte i dag, farfar akutt syk",
    ],
)
def test_a_relative_taken_acutely_ill_is_family(ask: Ask, text: str) -> None:
    u = ask(text, now=TUESDAY)
    assert u.intent == "absence"
    assert u.students == ("s-ola",)
    assert u.reason == "family"


# 2. "kommer på skolen rett etterpå / like etter / right after": a late arrival after an appointment, not presence.
@pytest.mark.parametrize(
    ("text", "end", "reason"),
    [
        ("Ola skal til legen kl 8 i morgen, kommer på skolen like etter, rundt kl 9.30", "09:30", "appointment"),
        ("Ola har time hos fysio kl 8.30 i morgon, kjem på skulen rett etterpå ca kl 10", "10:00", "appointment"),
        ("Ola has the dentist at 8 tomorrow, coming to school right after around 9.30", "09:30", "appointment"),
        ("Ola må te ortodontisten kl 9 i morra, kjæm på skolen straks etter kl 10", "10:00", "appointment"),
    ],
)
def test_arriving_right_after_an_appointment_is_late(ask: Ask, text: str, end: str, reason: str) -> None:
    u = ask(text, now=MONDAY_EVENING)
    assert u.intent == "absence"
    assert u.students == ("s-ola",)
    assert u.dates == (date(2026, 12, 1),)
    assert u.end_time is not None and u.end_time.strftime("%H:%M") == end
    assert u.reason == reason


# 3. A new sibling, in nynorsk and bokmål ("får ei lita syster", "fått ein bror", "lillebror er født"), is family.
@pytest.mark.parametrize(
    "text",
    [
        "Ola får ei lita syster i dag, så han er hjå farmor og kjem ikkje på skulen",
        "Ola har fått ein bror i natt! Han er heime i dag",
        "Lillesøster er født i natt! Ola blir hjemme i dag",
        "Ola får en lillebror i dag og kommer ikke på skolen",
        "Ola is getting a baby sister today so he won't be at school",
    ],
)
def test_a_new_sibling_is_family(ask: Ask, text: str) -> None:
    u = ask(text, now=TUESDAY)
    assert u.intent == "absence"
    assert u.students == ("s-ola",)
    assert u.dates == (date(2026, 12, 1),)
    assert u.reason == "family"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ho er hjå besteforeldra i dag", "family"),
        ("Han er hjå tannlegen kl 10", "appointment"),
        ("Dei fekk ein liten bror i går", "family"),
    ],
)
def test_nynorsk_hja_and_new_siblings_give_reasons(text: str, reason: str) -> None:
    assert classify_reason(text) == reason


# 4. A late note about yesterday "også" is a report of that past day even when the child is well today.
@pytest.mark.parametrize(
    "text",
    [
        "Ola var sjuk i går og, gløymde å seie ifrå. Han er frisk att i dag",
        "Ola was ill yesterday too, forgot to tell you. He is better today",
        "Ola var syk i går også, beklager sen beskjed. Han er tilbake i dag",
        "Ola var dårlig i går også, glemte å gi beskjed, men han er på skolen i dag",
    ],
)
def test_a_late_note_about_yesterday_when_well_today(ask: Ask, text: str) -> None:
    u = ask(text, now=TUESDAY)
    assert u.intent == "absence"
    assert u.students == ("s-ola",)
    assert u.dates == (date(2026, 11, 30),)
    assert u.reason == "illness"


@pytest.mark.parametrize(
    "text",
    [
        "Ola var syk i går også",
        "Ola var syk i går også, og han er hjemme i dag",
        "Ola var syk i går også. Han er litt bedre, men er fortsatt hjemme i dag",
    ],
)
def test_yesterday_too_still_away_today_keeps_both_days(ask: Ask, text: str) -> None:
    u = ask(text, now=TUESDAY)
    assert u.intent == "absence"
    assert u.dates == (date(2026, 11, 30), date(2026, 12, 1))


# 5. After-school plans and not taking the bus home are no absence.
@pytest.mark.parametrize(
    "text",
    [
        "Ola skal i bursdag etter skolen i dag, så han tar ikke bussen hjem",
        "Ola skal på kino med farmor etter skulen i dag, så han tek ikkje bussen heim",
        "Ola is going to a birthday party after school today, so he won't take the bus home",
        "Ola skal på trening etter skolen i dag, han tar ikke skolebussen",
        "Ola will walk home with Emil after school today",
    ],
)
def test_after_school_plans_are_no_absence(ask: Ask, text: str) -> None:
    assert ask(text, now=TUESDAY).intent == "unknown"


# 6. A question about when the school day ends, and an appointment at or after 16:00, are no absence.
@pytest.mark.parametrize(
    "text",
    [
        "Når slutter skolen på fredag? Vi skal til tannlegen kl 16.30 og lurer på om Ola rekker bussen",
        "Kva tid sluttar skulen torsdag? Ola har time hos legen kl 16",
        "What time does school finish on Friday? Ola has a dentist appointment at 4.30pm",
        "ka tid e skolen ferdig på fredag? vi ska te legen kl 17",
        "Ola skal til tannlegen kl 17 i dag",
    ],
)
def test_school_hours_questions_and_evening_appointments_are_no_absence(ask: Ask, text: str) -> None:
    assert ask(text, now=TUESDAY).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Ola skal til tannlegen kl 13 i dag",
        "Ola slutter kl 12 i dag, han skal til tannlegen",
        "Ola har legetime kl 10 i dag og kommer etterpå",
    ],
)
def test_appointments_in_school_hours_stay_absences(ask: Ask, text: str) -> None:
    u = ask(text, now=TUESDAY)
    assert u.intent == "absence"
    assert u.reason == "appointment"
