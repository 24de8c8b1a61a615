"""Urgent cases in storage (SQLite and PostgreSQL): opening one turns the absence urgent and closes its
questions, so the escalation job skips it; a second alarm joins the open case; resolving happens once; and
migration 0010 keeps every follow-up row while it copies the absences table, and downgrades cleanly."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import text

from storage.absences import Absences
from storage.db import Database
from storage.migrate import alembic_config
from storage.urgent_cases import UrgentCases
from tests.dbs import fresh_url

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 30)
PEOPLE = (
    "INSERT INTO people (sourced_id, role, given_name, family_name, active, teams_blocked, sms_opted_out) VALUES "
    "('s-ola', 'student', 'Ola', 'Nordmann', true, false, false), "
    "('g-lise', 'guardian', 'Lise', 'Nordmann', true, false, false), "
    "('r-mor', 'relative', 'Solveig', 'Nordmann', true, false, false), "
    "('t-kari', 'teacher', 'Kari', 'Lærer', true, false, false)"
)
LINKS = (
    "INSERT INTO guardianships (student_id, guardian_id, active) VALUES "
    "('s-ola', 'g-lise', true), ('s-ola', 'r-mor', true)"
)


async def _people(db: Database) -> None:
    async with db.transaction() as s:
        await s.execute(text(PEOPLE))
        await s.execute(text(LINKS))


async def test_an_urgent_case_is_never_escalated_and_is_resolved_once(db: Database) -> None:
    await _people(db)
    clock = [NOW]
    absences = Absences(db, clock=lambda: clock[0])
    cases = UrgentCases(db, clock=lambda: clock[0])
    _, new = await absences.register_missing(teacher_id="t-kari", student_ids=["s-ola"], day=MONDAY)
    await absences.ask(new[0].id, "g-lise", 1, "sms")

    case, opened = await cases.open(
        student_id="s-ola", absence_id=new[0].id, day=MONDAY, raised_by="g-lise", channel="sms", signal="on_the_way"
    )
    assert opened and case.is_open and case.absence_id == new[0].id
    clock[0] = NOW + dt.timedelta(hours=3)
    assert await absences.due_followups(clock[0], MONDAY) == []  # the escalation job has nothing to pass on
    assert await absences.explain(new[0].id, reason="other", guardian_id="g-lise", channel="sms") is None
    assert [r.record.status for r in await absences.for_day(MONDAY)] == ["urgent"]

    again, opened = await cases.open(
        student_id="s-ola", absence_id=None, day=MONDAY, raised_by="r-mor", channel="sms", signal="alarm"
    )
    assert not opened and again.id == case.id and again.additions == 1  # joins the open case
    assert [c.id for c in await cases.open_raised_by("g-lise", NOW - dt.timedelta(hours=1))] == [case.id]
    assert await cases.linked_children("r-mor") == ["s-ola"]

    resolved = await cases.resolve(case.id, "t-kari")
    assert resolved is not None and resolved.resolved_by == "t-kari" and not resolved.is_open
    assert await cases.resolve(case.id, "t-kari") is None  # once
    assert [r.record.status for r in await absences.for_day(MONDAY)] == ["resolved"]
    assert await cases.open_cases() == []


async def _migrate(url: str, action: str, revision: str) -> None:
    await asyncio.to_thread(getattr(command, action), alembic_config(url), revision)


async def test_0010_keeps_follow_ups_and_downgrades_urgent_to_unexplained(db_kind: str, tmp_path: Path) -> None:
    async with fresh_url(db_kind, tmp_path) as url:
        await _migrate(url, "upgrade", "0009")
        db = Database(url)
        try:
            await _people(db)
            async with db.transaction() as s:
                await s.execute(
                    text(
                        "INSERT INTO absences (id, student_id, date, status, channel, registered_by, created_at, "
                        "updated_at) VALUES (1, 's-ola', '2026-11-30', 'unexplained', 'register', 't-kari', "
                        "'2026-11-30 07:00:00', '2026-11-30 07:00:00')"
                    )
                )
                await s.execute(
                    text(
                        "INSERT INTO absence_followups (id, absence_id, guardian_id, stage, channel, asked_at) "
                        "VALUES (1, 1, 'g-lise', 1, 'sms', '2026-11-30 07:05:00')"
                    )
                )
        finally:
            await db.dispose()

        await _migrate(url, "upgrade", "heads")
        db = Database(url)
        try:
            async with db.read() as s:
                assert (await s.execute(text("SELECT count(*) FROM absence_followups"))).scalar_one() == 1
            cases = UrgentCases(db, clock=lambda: NOW)
            await cases.open(
                student_id="s-ola", absence_id=1, day=MONDAY, raised_by="g-lise", channel="sms", signal="asks"
            )
        finally:
            await db.dispose()

        await _migrate(url, "downgrade", "0009")
        db = Database(url)
        try:
            async with db.read() as s:
                assert (await s.execute(text("SELECT status FROM absences"))).scalar_one() == "unexplained"
                assert (await s.execute(text("SELECT count(*) FROM absence_followups"))).scalar_one() == 1
        finally:
            await db.dispose()
