"""Calendar questions from guardians (SMS) and staff (Teams), answered from the demo school's calendar:
the autumn term ends Friday 18 December 2026 and the spring term starts Monday 4 January 2027."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dialogs.calendar.render import answer_text
from dialogs.calendar.service import BreakAnswer, break_around, day_answer
from dialogs.calendar.understand import CalendarQuestion, read_question
from storage.calendar import SchoolCalendar
from storage.demo_school import (
    DEMO_GUARDIAN_PHONE,
    DEMO_SECOND_GUARDIAN_PHONE,
    DEMO_SINGLE_CHILD_GUARDIAN_PHONE,
    DEMO_TEACHER_UPN,
)
from storage.models import Absence, LeaveRequest
from tests.staff.demo import Demo

CALENDAR = SchoolCalendar(
    (
        (dt.date(2026, 8, 17), dt.date(2026, 12, 18)),
        (dt.date(2027, 1, 4), dt.date(2027, 6, 18)),
    )
)
MONDAY = dt.datetime(2026, 12, 7, 8, 45)


# ---------------------------------------------------------------- over the real endpoints


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Er det skole i morgen?", "Ja, det er skole i morgen, tirsdag 8. desember."),
        (
            "når begynner juleferien?",
            "Juleferien begynner lørdag 19. desember. Siste skoledag før juleferien er fredag 18. desember.",
        ),
        ("når er siste skoledag før jul?", "Siste skoledag før juleferien er fredag 18. desember."),
        ("når starter skolen igjen etter jul?", "Skolen starter igjen etter juleferien mandag 4. januar."),
        ("har de fri fredag?", "Nei, det er vanlig skole fredag 11. desember."),
        (
            "er det skole 21. desember",
            "Nei, det er ikke skole mandag 21. desember (juleferien). Neste skoledag er mandag 4. januar.",
        ),
    ],
)
async def test_guardian_asks_by_sms(demo: Demo, text: str, answer: str) -> None:
    assert await demo.sms(DEMO_GUARDIAN_PHONE, text) == answer


async def test_several_guardians_and_languages(demo: Demo) -> None:
    nynorsk = await demo.sms(DEMO_SECOND_GUARDIAN_PHONE, "kva dag startar skulen etter jul?")
    assert "mandag 4. januar" in nynorsk or "måndag 4. januar" in nynorsk
    english = await demo.teams.say(DEMO_TEACHER_UPN, "is there school tomorrow?")
    assert english == "Yes, there is school tomorrow, Tuesday 8 December."
    friday = await demo.sms(DEMO_SINGLE_CHILD_GUARDIAN_PHONE, "Har dei fri på fredag 18. desember?")
    assert "18. desember" in friday and friday.startswith("Nei")  # the last school day: no day off


async def test_staff_ask_in_teams(demo: Demo) -> None:
    reply = await demo.teams.say(DEMO_TEACHER_UPN, "når er juleferien?")
    assert reply == (
        "Juleferien er fra lørdag 19. desember til søndag 3. januar. Skolen starter igjen mandag 4. januar."
    )


async def test_a_question_about_the_calendar_is_no_absence(demo: Demo) -> None:
    await demo.sms(DEMO_GUARDIAN_PHONE, "har de fri fredag?")
    async with demo.bot.services.db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Absence))).scalar() == 0
        assert (await session.execute(select(func.count()).select_from(LeaveRequest))).scalar() == 0


async def test_a_report_with_a_question_in_it_is_still_a_report(demo: Demo) -> None:
    reply = await demo.sms(DEMO_GUARDIAN_PHONE, "Emma er syk i dag, er det skole i morgen?")
    assert reply.startswith("Registrert: Emma (2A) borte")  # the absence flow's own reading of the days


# ---------------------------------------------------------------- reading the question


@pytest.mark.parametrize(
    ("text", "kind", "first", "asks_free", "name"),
    [
        ("er det skole i morgen?", "day", dt.date(2026, 12, 8), False, None),
        ("is there school tomorrow?", "day", dt.date(2026, 12, 8), False, None),
        ("er det skule i morgon", "day", dt.date(2026, 12, 8), False, None),
        ("har de fri fredag?", "day", dt.date(2026, 12, 11), True, None),
        ("har vi fri neste fredag?", "day", dt.date(2026, 12, 18), True, None),
        ("is school closed on friday?", "day", dt.date(2026, 12, 11), True, None),
        ("er det skole i uke 52?", "days", dt.date(2026, 12, 21), False, None),
        ("når begynner juleferien?", "break_start", None, False, "christmas"),
        ("when does the christmas break start?", "break_start", None, False, "christmas"),
        ("når er siste skoledag før jul?", "last_day", None, False, "christmas"),
        ("what is the last day of school before christmas?", "last_day", None, False, "christmas"),
        ("når starter skolen igjen etter jul?", "first_day", None, False, "christmas"),
        ("kva dag startar skulen etter jul?", "first_day", None, False, "christmas"),
        ("hvilken dag slutter juleferien?", "break_end", None, False, "christmas"),
        ("når er påskeferien?", "break_span", None, False, "easter"),
        ("når er neste skoledag?", "first_day", None, False, None),
    ],
)
def test_questions_are_read(text: str, kind: str, first: dt.date | None, asks_free: bool, name: str | None) -> None:
    question = read_question(text, MONDAY, CALENDAR)
    assert question is not None
    assert (question.kind, question.first, question.asks_free, question.break_name) == (kind, first, asks_free, name)


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk i dag",
        "har fri i dag pga begravelse",
        "Ola er syk i dag, er det skole i morgen?",
        "er det ledig på musikkrommet i morgen?",
        "har de lekser i morgen?",
        "når er det foreldremøte på skolen?",
        "Ola må ha fri fredag",
    ],
)
def test_other_messages_are_not_calendar_questions(text: str) -> None:
    assert read_question(text, MONDAY, CALENDAR) is None


# ---------------------------------------------------------------- the calendar's answers


def test_days_off_and_why() -> None:
    christmas_day = day_answer(CALENDAR, dt.date(2026, 12, 25))
    assert (christmas_day.school, christmas_day.why, christmas_day.break_name) == (False, "break", "christmas")
    assert christmas_day.next_school_day == dt.date(2027, 1, 4)
    may_17 = day_answer(CALENDAR, dt.date(2027, 5, 17))
    assert (may_17.why, may_17.next_school_day) == ("holiday", dt.date(2027, 5, 18))
    saturday = day_answer(CALENDAR, dt.date(2026, 12, 12))
    assert (saturday.why, saturday.next_school_day) == ("weekend", dt.date(2026, 12, 14))
    assert day_answer(CALENDAR, dt.date(2026, 12, 18)).school


def test_breaks_from_the_calendar() -> None:
    assert break_around(CALENDAR, "christmas", dt.date(2026, 12, 7)) == BreakAnswer(
        "christmas", dt.date(2026, 12, 18), dt.date(2027, 1, 4)
    )
    during = break_around(CALENDAR, "christmas", dt.date(2026, 12, 28))
    assert during.first_school_day == dt.date(2027, 1, 4)
    easter = break_around(CALENDAR, "easter", dt.date(2026, 12, 7))
    assert (easter.last_school_day, easter.first_school_day) == (dt.date(2027, 3, 24), dt.date(2027, 3, 30))
    summer = break_around(CALENDAR, "summer", dt.date(2026, 12, 7))
    assert (summer.last_school_day, summer.first_school_day) == (dt.date(2027, 6, 18), None)
    assert not break_around(CALENDAR, "winter", dt.date(2026, 12, 7)).found  # no gap in February here
    assert break_around(CALENDAR, None, dt.date(2026, 12, 7)).break_name == "christmas"


def test_answers_in_three_languages() -> None:
    today = dt.date(2026, 12, 7)
    question = CalendarQuestion("first_day", break_name="christmas")
    found = break_around(CALENDAR, "christmas", today)
    assert answer_text("nb", question, found, today) == "Skolen starter igjen etter juleferien mandag 4. januar."
    assert answer_text("nn", question, found, today) == "Skulen startar att etter juleferien måndag 4. januar."
    assert answer_text("en", question, found, today) == (
        "The first school day after the Christmas holidays is Monday 4 January."
    )
    unknown = break_around(CALENDAR, "winter", today)
    assert "vinterferien" in answer_text("nb", CalendarQuestion("break_span", break_name="winter"), unknown, today)
