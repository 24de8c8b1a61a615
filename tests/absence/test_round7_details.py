"""What a guardian adds right after a report changes that report (the "details" kind of correction): a reason
in a sentence, a new arrival time (on the report's own day), or the day of a report whose day was only
assumed. In bokmål, nynorsk and English; the teacher is told once, about the change only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.understanding import Child
from dialogs.absence.correction_parse import CorrectionRequest, read_correction
from dialogs.absence.correction_results import Corrected, Merged
from storage.calendar import SchoolCalendar
from storage.models import Absence
from tests.absence import test_corrections
from tests.absence.test_corrections import MONDAY, OSLO, TUESDAY, School, caller, correct, report

school = test_corrections.school  # the fixture: a small school on SQLite and PostgreSQL

Row = tuple[str, dt.date, dt.time | None, dt.time | None, str | None, str | None]


async def rows(school: School) -> list[Row]:
    async with school.db.read() as s:
        found = (await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars()
        return [(r.student_id, r.date, r.start_time, r.end_time, r.reason, r.reported_by) for r in found]


async def route_of(school: School, who: str, text: str) -> object:
    c = await caller(school, who)
    kids = await school.service.children(c.person)
    return await school.corrections.route(c, kids, text, await school.service.understand(text, c.now, kids))


async def as_report(school: School, who: str, text: str) -> None:
    """A first message as the flow records it: understood, then recorded (merged with what is known)."""
    c = await caller(school, who)
    kids = await school.service.children(c.person)
    u = await school.service.understand(text, c.now, kids)
    assert u.intent == "absence" and u.students and u.dates, text
    result = await school.corrections.report(c, kids, u)
    await school.service.deliver(result.notices)


# ------------------------------------------------------------ reading


KIDS = [
    Child("s-ola", "Ola", "Nordmann", "5B", 5, "male", dt.date(2016, 3, 1)),
    Child("s-emma", "Emma", "Nordmann", "2A", 2, "female", dt.date(2019, 5, 2)),
]
NOW = dt.datetime(2026, 11, 30, 8, 10, tzinfo=OSLO)  # Monday


@pytest.mark.parametrize(
    ("text", "reason", "end", "dates"),
    [
        ("vi skal i begravelse til bestefaren hans", "family", None, None),
        ("me skal i gravferd til bestefaren hans i Polen", "family", None, None),
        ("we're going to his grandfather's funeral", "family", None, None),
        ("pga bryllup i familien", "family", None, None),
        ("tannlegetime", "appointment", None, None),
        ("beklager, han kommer nok ikke før halv tolv", None, dt.time(11, 30), None),
        ("orsak, ho kjem ikkje før kl 10", None, dt.time(10, 0), None),
        ("sorry, he won't be in before 11:30", None, dt.time(11, 30), None),
        ("ho er betre no, kjem på skulen kl 11", None, dt.time(11, 0), None),
        ("i morgen kl 10, han kommer på skolen igjen ca kl 11", None, dt.time(11, 0), (TUESDAY,)),
        ("i morgon kl 9, ho kjem att rundt kl 10", None, dt.time(10, 0), (TUESDAY,)),
        ("tomorrow at 10, he'll be back at school around 11", None, dt.time(11, 0), (TUESDAY,)),
    ],
)
def test_details_are_read_in_all_three_languages(
    text: str, reason: str | None, end: dt.time | None, dates: tuple[dt.date, ...] | None
) -> None:
    req = read_correction(text, now=NOW, calendar=_calendar(), children=KIDS)
    assert req is not None and req.kind == "details", text
    assert (req.reason, req.end_time, req.start_time, req.dates) == (reason, end, None, dates)


@pytest.mark.parametrize(
    "text",
    [
        "Ola skal i begravelse til bestefaren",  # a child by name: a report of its own
        "skal vi ta med matpakke på turen?",  # a question
        "vi har time hos BUP, kan læreren ringe meg",  # for a person
        "han er syk i morgen",  # a day and no time: a report of its own
        "hun gleder seg",  # no reason, no time
        "takk for hjelpen",
        "det var en fin tur",  # a story of what happened, not a reason for the report
    ],
)
def test_other_messages_are_no_details(text: str) -> None:
    req = read_correction(text, now=NOW, calendar=_calendar(), children=KIDS)
    assert req is None or req.kind != "details", text


def test_better_and_coming_at_a_time_is_an_arrival() -> None:
    req = read_correction("hun er bedre nå, kommer på skolen kl 11", now=NOW, calendar=_calendar(), children=KIDS)
    assert req is not None and (req.start_time, req.end_time, req.clock) == (None, dt.time(11, 0), None)


def _calendar() -> SchoolCalendar:
    return SchoolCalendar(((dt.date(2026, 8, 17), dt.date(2026, 12, 18)),))


# ------------------------------------------------------------ 1. a reason in a sentence


@pytest.mark.parametrize(
    "text",
    [
        "vi skal i begravelse til bestefaren hennes",
        "me skal i gravferd til bestefar i Polen",
        "we are going to a funeral in Poland",
        "begravelse",
    ],
)
async def test_a_reason_sentence_sets_the_reason_of_the_report_just_made(school: School, text: str) -> None:
    await report(school, "g-berg", ("s-nora",), (TUESDAY,))
    school.clock.now += dt.timedelta(minutes=3)
    reply, result = await correct(school, "g-berg", text)
    assert isinstance(result, Corrected)
    assert reply.startswith("Endret: Nora (5B) er borte i morgen, tirsdag 1. desember, familiære årsaker")
    assert "ikke" not in reply  # nothing was there before: no "(ikke …)"
    assert [(r[0], r[1], r[4]) for r in await rows(school)] == [("s-nora", TUESDAY, "family")]  # no day added
    told = school.notifier.to("t-kari")
    assert len(told) == 2 and told[1].startswith("Endret: Nora Berg (5B)") and "familiære årsaker" in told[1]


async def test_a_reason_sentence_never_replaces_a_reason_given(school: School) -> None:
    await report(school, "g-berg", ("s-nora",), (MONDAY,), reason="illness")
    assert await route_of(school, "g-berg", "vi skal i begravelse til bestefaren hennes") is None


async def test_the_second_guardian_may_give_the_reason_of_the_first_ones_report(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,))
    school.clock.now += dt.timedelta(minutes=20)
    reply, result = await correct(school, "g-tor", "vi skal i gravferd til bestefaren hans")
    assert isinstance(result, Corrected) and "familiære årsaker" in reply
    assert [(r[1], r[4]) for r in await rows(school)] == [(MONDAY, "family")]


async def test_a_reason_long_after_the_report_is_not_a_detail(school: School) -> None:
    await report(school, "g-berg", ("s-nora",), (TUESDAY,))
    school.clock.now += dt.timedelta(hours=3)
    assert await route_of(school, "g-berg", "vi skal i begravelse til bestefaren hennes") is None


# ------------------------------------------------------------ 2. a new arrival time, on the report's day


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("beklager, hun kommer nok ikke før halv tolv", dt.time(11, 30)),
        ("orsak, ho kjem nok ikkje før kl 12", dt.time(12, 0)),
        ("sorry, she won't be in before 11:45", dt.time(11, 45)),
    ],
)
async def test_a_new_arrival_time_changes_the_reported_day_not_today(school: School, text: str, end: dt.time) -> None:
    await report(school, "g-berg", ("s-nora",), (TUESDAY,), reason="appointment", end_time=dt.time(11, 0))
    reply, result = await correct(school, "g-berg", text)
    assert isinstance(result, Corrected)
    assert reply.startswith(f"Endret: Nora (5B) kommer kl. {end:%H:%M} i morgen, tirsdag 1. desember")
    assert "(ikke kl. 11:00)" in reply
    assert await rows(school) == [("s-nora", TUESDAY, None, end, "appointment", "g-berg")]  # nothing for Monday
    assert "(ikke kl. 11:00)" in school.notifier.to("t-kari")[-1]


async def test_better_and_coming_later_after_a_merged_second_report(school: School) -> None:
    await as_report(school, "g-lise", "Ola er syk i dag")
    school.clock.now += dt.timedelta(minutes=15)
    await as_report(school, "g-tor", "Hei, Ola er dårlig i dag og blir hjemme")  # merged, nobody told
    assert len(school.notifier.to("t-kari")) == 1
    school.clock.now += dt.timedelta(minutes=20)
    reply, result = await correct(school, "g-lise", "han er bedre nå, kommer på skolen kl 11")
    assert isinstance(result, Corrected)
    assert reply.startswith("Endret: Ola (5B) kommer kl. 11:00 i dag, mandag 30. november, sykdom (ikke hele dagen)")
    assert "allerede" not in reply
    assert [(r[1], r[2], r[3]) for r in await rows(school)] == [(MONDAY, None, dt.time(11, 0))]
    told = school.notifier.to("t-kari")
    assert len(told) == 2 and "11:00" in told[1] and "går hjem" not in told[1]


async def test_a_bare_time_for_a_whole_day_report_is_never_already_so(school: School) -> None:
    await report(school, "g-berg", ("s-nora",), (MONDAY,), reason="illness")
    reply, _ = await correct(school, "g-berg", "feil, kl 11")
    assert "allerede" not in reply and "Hva skal rettes?" in reply


# ------------------------------------------------------------ 3. the day of a report whose day was assumed


@pytest.mark.parametrize(
    "text",
    [
        "i morgen kl 10, han kommer på skolen igjen ca kl 11",
        "i morgon kl 10, han kjem på skulen att rundt kl 11",
        "tomorrow at 10, he'll be back at school around 11",
    ],
)
async def test_the_day_given_minutes_later_moves_a_report_whose_day_was_assumed(school: School, text: str) -> None:
    await as_report(school, "g-lise", "Ola må til tannlegen")  # no day words: today
    assert [(r[1], r[4]) for r in await rows(school)] == [(MONDAY, "appointment")]
    school.clock.now += dt.timedelta(minutes=4)
    reply, result = await correct(school, "g-lise", text)
    assert isinstance(result, Corrected)
    assert reply.startswith("Endret: Ola (5B) kommer kl. 11:00 i morgen, tirsdag 1. desember, time hos lege")
    assert "ikke mandag 30. november" in reply
    assert await rows(school) == [("s-ola", TUESDAY, None, dt.time(11, 0), "appointment", "g-lise")]
    told = school.notifier.to("t-kari")
    assert len(told) == 2 and "tirsdag 1. desember" in told[1] and "ikke mandag 30. november" in told[1]


async def test_an_illness_or_an_old_report_is_not_moved(school: School) -> None:
    text = "i morgen kl 10, han kommer på skolen igjen ca kl 11"
    await as_report(school, "g-lise", "Ola er syk")  # ill today: the day is not an assumption
    school.clock.now += dt.timedelta(minutes=4)
    assert await route_of(school, "g-lise", text) is None  # a report of its own for tomorrow
    await as_report(school, "g-berg", "Nora må til legen")
    school.clock.now += dt.timedelta(minutes=30)
    assert await route_of(school, "g-berg", "i morgen kl 10, hun kommer på skolen igjen ca kl 11") is None


async def test_a_report_with_its_own_times_or_another_reason_is_not_moved(school: School) -> None:
    await report(school, "g-berg", ("s-nora",), (MONDAY,), reason="appointment", end_time=dt.time(10, 0))
    school.clock.now += dt.timedelta(minutes=2)
    assert await route_of(school, "g-berg", "i morgen kl 12, hun kommer igjen kl 13") is None
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="appointment")
    assert await route_of(school, "g-lise", "i morgen kl 9, han skal i begravelse og kommer kl 12") is None


async def test_a_detail_is_no_second_report(school: School) -> None:
    """A detail changes the report: the reply states the change, never "allerede meldt", and no day is added."""
    await report(school, "g-lise", ("s-ola",), (TUESDAY,))
    c = await caller(school, "g-lise")
    result = await school.corrections.apply(c, CorrectionRequest("details", reason="family", marked=False))
    assert isinstance(result, Corrected) and not isinstance(result, Merged)
    await school.service.deliver(result.notices)
    assert len(school.notifier.to("t-kari")) == 2
    assert [(r[1], r[4]) for r in await rows(school)] == [(TUESDAY, "family")]
