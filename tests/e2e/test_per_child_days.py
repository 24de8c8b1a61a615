"""Issue 16, per-child details end to end: each child's own leave days, an answer's times per child,
a report that names only days without school, and a coming absence with no day asks which day."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage.models import Absence
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_TWO_KIDS

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def rows(bot: Running) -> list[tuple[str, dt.date, str, dt.time | None, dt.time | None]]:
    async with bot.services.db.transaction() as s:
        found = (await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars()
        return [(r.student_id, r.date, r.status, r.start_time, r.end_time) for r in found]


async def test_a_leave_application_gives_each_child_its_own_days(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Søknad om fri: Ola 7.-9. des og Emma bare 8. des, bryllup")
    text = " ".join(replies)
    assert "Ola (5B)" in text and "Emma (2A)" in text and "8. desember" in text
    assert [(sid, day) for sid, day, status, *_ in await rows(school) if status == "leave_requested"] == [
        ("s-emma", dt.date(2026, 12, 8)),
        ("s-ola", dt.date(2026, 12, 7)),
        ("s-ola", dt.date(2026, 12, 8)),
        ("s-ola", dt.date(2026, 12, 9)),
    ]


async def test_an_answer_to_which_child_keeps_one_childs_late_arrival_to_that_child(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "syk i dag")
    assert "Ola eller Emma" in asked[0]
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola, og Emma også men hun kommer kl 10")
    assert await rows(school) == [
        ("s-emma", dt.date(2026, 11, 30), "reported", None, dt.time(10, 0)),
        ("s-ola", dt.date(2026, 11, 30), "reported", None, None),
    ]


@pytest.mark.parametrize("text", ["Ola er borte lørdag og søndag", "søknad om fri for Emma lørdag, vi skal på hytta"])
async def test_a_report_of_only_days_without_school_records_nothing_and_says_so(school: Running, text: str) -> None:
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, text)
    assert replies == ["Det er ikke skole de dagene (helg eller ferie), så ingenting er registrert."]
    assert await rows(school) == []


async def test_a_coming_absence_without_a_day_asks_the_day_and_keeps_the_answer(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola blir borte")
    assert "Hvilken dag" in asked[0]
    assert await rows(school) == []
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "onsdag til fredag, han har influensa")
    assert "Ola (5B)" in done[0] and "sykdom" in done[0]
    assert [day for _, day, *_ in await rows(school)] == [
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 4),
    ]
