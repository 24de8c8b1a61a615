"""The night the clocks change, the first school day after a break, and a roster re-import mid-conversation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.demo_school import DEMO_GUARDIAN_PHONE, load_demo, write_demo_bundle
from storage.migrate import upgrade
from storage.models import Absence
from storage.roster import import_roster
from tests.e2e.harness import FixedClock, running_bot


def utc(y: int, m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=dt.UTC)


async def _demo(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    await upgrade(url)
    db = Database(url)
    await load_demo(db)
    await db.dispose()
    return url


async def _absences(url: str) -> list[tuple[str, dt.date]]:
    db = Database(url)
    async with db.transaction() as s:
        rows = [(a.student_id, a.date) for a in (await s.execute(select(Absence).order_by(Absence.date))).scalars()]
    await db.dispose()
    return rows


async def test_the_nights_the_clocks_change(tmp_path: Path) -> None:
    url = await _demo(tmp_path)
    # Spring: Sunday 29 March 2026 02:00 -> 03:00. 23:30 that Sunday in Oslo is 21:30 UTC.
    clock = FixedClock(utc(2026, 3, 29, 21, 30))
    async with running_bot(url, clock=clock) as bot:
        done = await bot.phone.text(DEMO_GUARDIAN_PHONE, "Ola er syk i morgen")
        assert "mandag 30. mars" in done[0]
        # Autumn: Sunday 25 October 2026 03:00 -> 02:00; Monday 07:30 in Oslo is 06:30 UTC.
        clock.now = utc(2026, 10, 26, 6, 30)
        done = await bot.phone.text(DEMO_GUARDIAN_PHONE, "Emma er syk i dag")
        assert "mandag 26. oktober" in done[0]
    assert await _absences(url) == [("s-ola", dt.date(2026, 3, 30)), ("s-emma", dt.date(2026, 10, 26))]


async def test_the_first_school_day_after_the_christmas_break(tmp_path: Path) -> None:
    url = await _demo(tmp_path)
    clock = FixedClock(utc(2026, 12, 30, 18, 0))  # in the break
    async with running_bot(url, clock=clock) as bot:
        done = await bot.phone.text(DEMO_GUARDIAN_PHONE, "Ola er syk")
        assert "mandag 4. januar" in done[0]  # the next school day, not a day of the break
        clock.now = utc(2027, 1, 4, 7, 0)
        done = await bot.phone.text(DEMO_GUARDIAN_PHONE, "Emma er syk i dag og i morgen")
        assert "mandag 4. januar" in done[0] and "tirsdag 5. januar" in done[0]
    assert await _absences(url) == [
        ("s-ola", dt.date(2027, 1, 4)),
        ("s-emma", dt.date(2027, 1, 4)),
        ("s-emma", dt.date(2027, 1, 5)),
    ]


async def test_a_roster_reimport_while_a_question_waits(tmp_path: Path) -> None:
    url = await _demo(tmp_path)
    bundle = write_demo_bundle(tmp_path / "bundle")
    async with running_bot(url, clock=FixedClock(utc(2026, 11, 30, 7, 10))) as bot:
        asked = await bot.phone.text(DEMO_GUARDIAN_PHONE, "er syk i dag")
        assert "Svar 1 for Ola" in asked[0]
        users = bundle / "users.csv"
        users.write_text(users.read_text(encoding="utf-8").replace(",Ola,", ",Ola Jr,", 1), encoding="utf-8")
        summary = await import_roster(bot.services.db, bundle)
        assert summary.changed()
        done = await bot.phone.text(DEMO_GUARDIAN_PHONE, "1")
        assert done[0].startswith("Registrert: Ola")
    assert await _absences(url) == [("s-ola", dt.date(2026, 11, 30))]
