"""Corrections and merged duplicates at the service level: a person, a time and the words in; records,
the guardian's reply and the teachers' notices out (issue 16). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.understanding import Child, Understanding
from dialogs.absence import correction_render
from dialogs.absence.correction_parse import read_correction
from dialogs.absence.correction_results import AskWithdraw, Corrected, DaysWithdrawn, Merged, Unchanged
from dialogs.absence.corrections import Corrections
from dialogs.absence.results import Caller, Recorded
from dialogs.absence.service import AbsencePolicy, AbsenceService
from storage.absences import Absences
from storage.calendar import SchoolCalendar
from storage.corrections import AbsenceCorrections
from storage.db import Database
from storage.models import Absence
from storage.people import People
from storage.roster import load_calendar
from tests.absence.test_service import Clock, FakeNotifier
from tests.dbs import migrated_database
from tests.e2e.seed import seed_small_school

OSLO = ZoneInfo("Europe/Oslo")
MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
MONDAY, TUESDAY, WEDNESDAY = dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2)


@dataclass
class School:
    corrections: Corrections
    service: AbsenceService
    notifier: FakeNotifier
    clock: Clock
    people: People
    db: Database


@pytest.fixture(params=["sqlite", "postgresql"])
async def school(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[School]:
    async with migrated_database(request.param, tmp_path) as db:
        await seed_small_school(db)
        people = People(db)
        notifier = FakeNotifier()
        clock = Clock(MONDAY_MORNING)
        calendar = await load_calendar(db)

        async def the_calendar() -> SchoolCalendar:
            return calendar

        service = AbsenceService(
            absences=Absences(db, clock),
            people=people,
            notifier=notifier,
            calendar=the_calendar,
            clock=clock,
            policy=AbsencePolicy(zone=OSLO, followup_minutes=30, principal_over_days=3),
        )
        yield School(Corrections(service, AbsenceCorrections(db, clock)), service, notifier, clock, people, db)


async def caller(school: School, sourced_id: str, channel: str = "sms") -> Caller:
    person = await school.people.get(sourced_id)
    assert person is not None
    return Caller(person=person, now=school.clock.now.astimezone(OSLO), channel=channel)


async def report(school: School, who: str, students: tuple[str, ...], dates: tuple[dt.date, ...], **kw: object) -> None:
    c = await caller(school, who)
    kids = await school.service.children(c.person)
    result = await school.corrections.report(c, kids, Understanding("absence", students, dates, **kw))  # type: ignore[arg-type]
    await school.service.deliver(result.notices)


async def correct(school: School, who: str, text: str) -> tuple[str, object]:
    """Route and carry out a message as the flow does; the reply and the outcome."""
    c = await caller(school, who)
    kids = await school.service.children(c.person)
    u = await school.service.understand(text, c.now, kids)
    route = await school.corrections.route(c, kids, text, u)
    assert route is not None, text
    from dialogs.absence.correction_parse import CorrectionRequest

    result = await school.corrections.apply(c, CorrectionRequest.from_json(dict(route.options)["request"]))
    await school.service.deliver(getattr(result, "notices", ()))
    return correction_render.outcome("nb", result, c.today), result


async def records(school: School) -> list[tuple[str, dt.date, str | None, str | None]]:
    async with school.db.read() as s:
        rows = (await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars()
        return [(r.student_id, r.date, r.reason, r.reported_by) for r in rows]


async def test_a_new_day_rewrites_the_report_and_each_teacher_hears_once(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    text, result = await correct(school, "g-lise", "feil, det var i morgen")
    assert isinstance(result, Corrected)
    assert text.startswith("Endret: Ola (5B) er borte i morgen, tirsdag 1. desember, sykdom (ikke mandag 30. november)")
    assert await records(school) == [("s-ola", TUESDAY, "illness", "g-lise")]
    assert len(school.notifier.to("t-kari")) == 2 and school.notifier.to("t-per") == []
    assert "(ikke mandag 30. november), meldt av Lise Nordmann" in school.notifier.to("t-kari")[1]


async def test_a_new_child_moves_the_report_and_both_teachers_are_told(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    _, result = await correct(school, "g-lise", "feil, det var Emma")
    assert isinstance(result, Corrected) and result.changes[0].was_child is not None
    assert await records(school) == [("s-emma", MONDAY, "illness", "g-lise")]
    assert "likevel ikke borte" in school.notifier.to("t-kari")[1]
    assert school.notifier.to("t-per") == [
        "Endret: Emma Nordmann (2A) er borte i dag, mandag 30. november, sykdom (ikke Ola), meldt av Lise Nordmann."
    ]


async def test_reason_and_time(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    text, _ = await correct(school, "g-lise", "feil grunn: familie")
    assert "familiære årsaker (ikke sykdom)" in text
    text, _ = await correct(school, "g-lise", "feil tid, han går hjem kl 12")
    assert text.startswith("Endret: Ola (5B) går hjem kl. 12:00 i dag") and "(ikke hele dagen)" in text
    text, _ = await correct(school, "g-lise", "feil tid, kl 11")  # a bare time keeps its role
    assert text.startswith("Endret: Ola (5B) går hjem kl. 11:00") and "(ikke kl. 12:00)" in text
    async with school.db.read() as s:
        row = (await s.execute(select(Absence))).scalar_one()
    assert (row.reason, row.start_time, row.end_time) == ("family", dt.time(11, 0), None)
    assert len(school.notifier.to("t-kari")) == 4  # the report and three changes


async def test_one_day_back_keeps_the_others(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY, TUESDAY, WEDNESDAY), reason="illness")
    text, result = await correct(school, "g-lise", "Ola kommer likevel i morgen")
    assert isinstance(result, DaysWithdrawn)
    assert "Fortsatt meldt borte: Ola (5B) mandag 30. november til onsdag 2. desember" in text
    assert [d for _, d, _, _ in await records(school)] == [MONDAY, WEDNESDAY]


async def test_slett_never_registers(school: School) -> None:
    c = await caller(school, "g-lise")
    kids = await school.service.children(c.person)
    u = await school.service.understand("slett fraværet", c.now, kids)
    route = await school.corrections.route(c, kids, "slett fraværet", u)
    assert route is not None  # claimed even with nothing to withdraw: never a new report
    text, result = await correct(school, "g-lise", "slett fraværet")
    assert isinstance(result, Unchanged) and result.why == "no_recent"
    assert await records(school) == [] and school.notifier.sent == []


async def test_a_report_that_negates_nothing_in_the_last_one_is_not_a_correction(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    c = await caller(school, "g-lise")
    kids = await school.service.children(c.person)
    text = "Emma er syk i morgen, ikke noe alvorlig"
    u = await school.service.understand(text, c.now, kids)
    assert await school.corrections.route(c, kids, text, u) is None  # it is a report of its own


async def test_ask_then_withdraw_only_own_children(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    lise = await caller(school, "g-lise")
    route = await school.corrections.undo_route(lise)
    assert route is not None
    ask = await school.corrections.asked(lise, dict(route.options))
    assert isinstance(ask, AskWithdraw) and correction_render.confirm_question("nb", ask, lise.today) == (
        "Vil du trekke tilbake fraværet for Ola (5B) i dag, mandag 30. november?"
    )
    anne = await caller(school, "g-berg")  # another family cannot withdraw it
    assert isinstance(await school.corrections.withdraw(anne, ask.ids), Unchanged)
    assert len(await records(school)) == 1
    assert isinstance(await school.corrections.withdraw(lise, ask.ids), DaysWithdrawn)
    assert await records(school) == []


async def test_the_window_and_the_past(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    school.clock.now += dt.timedelta(hours=13)
    lise = await caller(school, "g-lise")
    assert await school.corrections.undo_route(lise) is None  # too long ago, and a day gone by


async def test_duplicates_are_merged_and_additions_told_once(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    tor = await caller(school, "g-tor")
    kids = await school.service.children(tor.person)
    same = await school.corrections.report(tor, kids, Understanding("absence", ("s-ola",), (MONDAY,), reason="illness"))
    assert isinstance(same, Merged) and same.notices == () and same.already[0].by == "Lise Nordmann"
    assert correction_render.reported("nb", same, tor.today) == (
        "Ola (5B) er allerede meldt borte i dag, mandag 30. november av Lise Nordmann."
    )
    more = await school.corrections.report(
        tor, kids, Understanding("absence", ("s-ola",), (MONDAY,), end_time=dt.time(10, 0))
    )
    assert isinstance(more, Merged) and [n.person.sourced_id for n in more.notices] == ["t-kari"]
    assert "kommer kl. 10:00" in more.notices[0].text and "(ikke hele dagen)" in more.notices[0].text
    assert await records(school) == [("s-ola", MONDAY, "illness", "g-lise")]
    fresh = await school.corrections.report(tor, kids, Understanding("absence", ("s-emma",), (MONDAY,)))
    assert isinstance(fresh, Recorded)


async def test_one_child_taken_out_says_who_is_still_away(school: School) -> None:
    await report(school, "g-lise", ("s-ola", "s-emma"), (MONDAY,), reason="illness")
    text, result = await correct(school, "g-lise", "feil, bare Emma")
    assert isinstance(result, Corrected) and [c.person.sourced_id for c, _ in result.dropped] == ["s-ola"]
    assert "Trukket tilbake: fraværet for Ola (5B)" in text and "Fortsatt meldt borte: Emma (2A)" in text
    assert await records(school) == [("s-emma", MONDAY, "illness", "g-lise")]
    assert len(school.notifier.to("t-per")) == 1  # Emma's teacher: only the report itself


async def test_also_repeats_the_last_report_for_another_child_or_day(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    school.clock.now += dt.timedelta(seconds=30)
    text, result = await correct(school, "g-lise", "Emma også")
    assert isinstance(result, Recorded) and text.startswith("Registrert: Emma (2A) borte i dag")
    school.clock.now += dt.timedelta(seconds=30)
    text, _ = await correct(school, "g-lise", "og i morgen")
    assert text.startswith("Registrert: Emma (2A) borte i morgen")
    assert await records(school) == [
        ("s-emma", MONDAY, "illness", "g-lise"),
        ("s-emma", TUESDAY, "illness", "g-lise"),
        ("s-ola", MONDAY, "illness", "g-lise"),
    ]


async def test_a_named_child_with_a_new_time_leaves_the_other_child_alone(school: School) -> None:
    await report(school, "g-lise", ("s-ola", "s-emma"), (MONDAY,), start_time=dt.time(12, 0), reason="appointment")
    text, _ = await correct(school, "g-lise", "Emma går heller hjem kl 13")
    assert text.startswith("Endret: Emma (2A) går hjem kl. 13:00") and "Ola" not in text
    async with school.db.read() as s:
        rows = (await s.execute(select(Absence).order_by(Absence.student_id))).scalars().all()
    assert [(r.student_id, r.start_time) for r in rows] == [("s-emma", dt.time(13, 0)), ("s-ola", dt.time(12, 0))]
    assert school.notifier.to("t-kari") == [school.notifier.to("t-kari")[0]]  # Ola's teacher: nothing new


async def test_coming_after_all_at_a_time_is_a_late_arrival(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (MONDAY,), reason="illness")
    text, _ = await correct(school, "g-lise", "han er bedre, han kommer likevel kl 11")
    assert text.startswith("Endret: Ola (5B) kommer kl. 11:00 i dag") and "(ikke hele dagen)" in text
    async with school.db.read() as s:
        row = (await s.execute(select(Absence))).scalar_one()
    assert (row.start_time, row.end_time, row.reason) == (None, dt.time(11, 0), "illness")


async def test_details_right_after_a_report_complete_it(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (TUESDAY,))
    text, result = await correct(school, "g-lise", "han har omgangssyke")
    assert isinstance(result, Corrected)
    assert text.startswith("Endret: Ola (5B) er borte i morgen, tirsdag 1. desember, sykdom")
    assert await records(school) == [("s-ola", TUESDAY, "illness", "g-lise")]  # tomorrow's report, no new day
    assert len(school.notifier.to("t-kari")) == 2  # reported, then what changed: once each


async def test_a_time_given_after_a_report_is_its_arrival(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (TUESDAY,), reason="appointment", end_time=dt.time(10, 0))
    text, _ = await correct(school, "g-lise", "han kommer nok rundt kl 11")
    assert "kl. 11:00" in text and "(ikke kl. 10:00" in text
    async with school.db.read() as s:
        row = (await s.execute(select(Absence))).scalar_one()
    assert (row.date, row.end_time, row.reason) == (TUESDAY, dt.time(11, 0), "appointment")


async def test_details_reach_only_a_report_just_made_and_never_replace_a_reason(school: School) -> None:
    await report(school, "g-lise", ("s-ola",), (TUESDAY,), reason="appointment")
    c = await caller(school, "g-lise")
    kids = await school.service.children(c.person)
    text = "han har feber"
    assert await school.corrections.route(c, kids, text, await school.service.understand(text, c.now, kids)) is None
    school.clock.now += dt.timedelta(hours=3)
    text = "han kommer kl 11"
    later = await caller(school, "g-lise")
    u = await school.service.understand(text, later.now, kids)
    assert await school.corrections.route(later, kids, text, u) is None  # too late: a report of its own


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("han har omgangssyke", "details"),
        ("ho har feber", "details"),
        ("she has a fever", "details"),
        ("han kommer nok rundt kl 11", "details"),
        ("Ola har feber", None),  # a child by name: a report of its own
        ("han er syk i morgen", None),  # a day: a report of its own
        ("han gleder seg", None),
        ("feil, det var i morgen", "change"),
        ("nei, det gjelder fredag", "change"),
        ("wrong day, it's tomorrow", "change"),
        ("feil, det var i morgon", "change"),
        ("sorry, I meant Emma", "change"),
        ("det gjeld fredag, ikkje i dag", "change"),
        ("Ola kommer likevel i morgen", "withdraw_day"),
        ("ho kjem likevel i morgon", "withdraw_day"),
        ("Emma er på skolen likevel", "withdraw_day"),
        ("Ola comes to school after all tomorrow", "withdraw_day"),
        ("slett fraværet", "withdraw_all"),
        ("trekk tilbake meldingen", "withdraw_all"),
        ("gløym det", "ask_withdraw"),
        ("nei, glem det", "ask_withdraw"),
        ("never mind", "ask_withdraw"),
        ("cancel that", "withdraw_all"),
        ("angre", "ask_withdraw"),
        ("sorry, 1 pm not 12", "change"),
        ("han kjem kl 11 ikkje 10", "change"),
        ("næ, feil, d va i mårra", "change"),
        ("æ mente i mårra", "change"),
        ("uff, feil dag, skulle vore fredag", "change"),
        ("han kommer heller halv elleve", "change"),
        ("hun går hjem kl 13 i stedet", "change"),
        ("Sagal will leave at 12:30 instead", "change"),
        ("han er bedre, han kommer likevel kl 11", "change"),
        ("Emma også", "add"),
        ("og i morgen", "add"),
        ("Emma er heller ikke i form", None),
        ("Ola kommer ikke likevel i morgen", None),
        ("beklager, Ola er syk i dag", None),
        ("Ola er syk i dag, men kommer i morgen", None),
    ],
)
def test_what_a_message_corrects(text: str, kind: str | None) -> None:
    now = dt.datetime(2026, 11, 30, 8, 10, tzinfo=OSLO)
    kids = [
        Child("s-ola", "Ola", "Nordmann", "5B", 5, "male", dt.date(2016, 3, 1)),
        Child("s-emma", "Emma", "Nordmann", "2A", 2, "female", dt.date(2019, 5, 2)),
    ]
    found = read_correction(text, now=now, calendar=SchoolCalendar(), children=kids)
    assert (found.kind if found else None) == kind
