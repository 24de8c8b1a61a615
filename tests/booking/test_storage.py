"""Booking storage on SQLite and PostgreSQL: no double booking, ever — also when the check is bypassed."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from storage.bookings import Bookings, Slot, SlotTaken, local_slot
from storage.db import Database
from storage.models_booking import Booking
from tests.booking.seed import TEACHERS, seed_booking_extras
from tests.e2e.seed import seed_small_school

OSLO = ZoneInfo("Europe/Oslo")
FRIDAY = dt.date(2026, 12, 4)


def slot(hh: int, mm: int = 0, minutes: int = 60, day: dt.date = FRIDAY) -> Slot:
    start = dt.datetime.combine(day, dt.time(hh, mm), OSLO)
    return Slot(start, start + dt.timedelta(minutes=minutes))


@pytest.fixture
async def school(db: Database) -> Bookings:
    await seed_small_school(db)
    await seed_booking_extras(db)
    return Bookings(db)


async def active_count(db: Database, resource_id: str = "r-musikk") -> int:
    async with db.transaction() as s:
        return int(
            (
                await s.execute(
                    select(func.count())
                    .select_from(Booking)
                    .where(Booking.resource_id == resource_id, Booking.status == "active")
                )
            ).scalar_one()
        )


async def test_a_taken_slot_is_refused_naming_who_has_it(school: Bookings) -> None:
    booked = await school.book("r-musikk", slot(10), "t-kari")
    assert booked.booked_by_name == "Kari Larsen" and booked.resource_name == "Musikkrommet"
    with pytest.raises(SlotTaken) as taken:
        await school.book("r-musikk", slot(10, 30), "t-per")
    assert [c.booked_by_name for c in taken.value.clashes] == ["Kari Larsen"]


async def test_back_to_back_bookings_and_other_rooms_are_fine(school: Bookings) -> None:
    await school.book("r-musikk", slot(10), "t-kari")
    await school.book("r-musikk", slot(11), "t-per")  # [10, 11) and [11, 12) touch, do not overlap
    await school.book("r-musikk", slot(9), "t-per")
    await school.book("r-musikk-2", slot(10), "t-per")
    assert [b.start.astimezone(OSLO).hour for b in await school.day("r-musikk", FRIDAY, OSLO)] == [9, 10, 11]


async def test_times_are_stored_as_utc_and_read_back_as_the_same_instant(school: Bookings) -> None:
    booked = await school.book("r-musikk", slot(10), "t-kari")
    again = await school.get(booked.id)
    assert again is not None and again.start == slot(10).start and again.start.tzinfo == dt.UTC
    assert again.start.hour == 9  # 10:00 in Oslo in December is 09:00 UTC


async def test_a_cancelled_booking_frees_the_slot(school: Bookings) -> None:
    first = await school.book("r-musikk", slot(10), "t-kari")
    assert await school.cancel(first.id, "t-per") is None  # not Per's to cancel
    cancelled = await school.cancel(first.id, "t-kari")
    assert cancelled is not None and cancelled.status == "cancelled"
    await school.book("r-musikk", slot(10), "t-per")


async def test_the_database_refuses_an_overlap_even_when_the_check_is_skipped(db: Database, school: Bookings) -> None:
    await school.book("r-musikk", slot(10), "t-kari")
    with pytest.raises(IntegrityError, match="ex_bookings_no_overlap"):
        async with db.transaction() as s:
            s.add(
                Booking(
                    resource_id="r-musikk",
                    start_at=slot(10, 30).start,
                    end_at=slot(10, 30).end,
                    booked_by="t-per",
                    status="active",
                )
            )
    later = await school.book("r-musikk", slot(12), "t-per")
    with pytest.raises(IntegrityError, match="ex_bookings_no_overlap"):  # moving a booking onto another
        async with db.transaction() as s:
            await s.execute(update(Booking).where(Booking.id == later.id).values(start_at=slot(10, 45).start))
    cancelled = await school.book("r-musikk", slot(14), "t-per")
    await school.cancel(cancelled.id, "t-per")
    await school.book("r-musikk", slot(14), "t-kari")
    with pytest.raises(IntegrityError, match="ex_bookings_no_overlap"):  # reviving a cancelled one
        async with db.transaction() as s:
            await s.execute(update(Booking).where(Booking.id == cancelled.id).values(status="active"))
    assert await active_count(db) == 3


async def test_the_database_refuses_a_booking_that_ends_before_it_starts(db: Database, school: Bookings) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            await s.execute(
                text(
                    "INSERT INTO bookings (resource_id, start_at, end_at, booked_by, status, created_at) "
                    "VALUES ('r-musikk', :a, :b, 't-kari', 'active', :a)"
                ),
                {"a": slot(11).start, "b": slot(10).start},
            )


async def test_twenty_teachers_at_the_same_moment_exactly_one_gets_it(db: Database, school: Bookings) -> None:
    async def attempt(teacher: str) -> str:
        try:
            await Bookings(db).book("r-musikk", slot(10), teacher)
            return "booked"
        except SlotTaken as taken:
            assert len(taken.clashes) == 1
            return "taken"

    results = await asyncio.gather(*(attempt(sid) for sid, _ in TEACHERS))
    assert results.count("booked") == 1 and results.count("taken") == 19
    assert await active_count(db) == 1


async def test_weekly_series_is_all_or_nothing_and_lists_every_clash(db: Database, school: Bookings) -> None:
    fridays = [slot(10, day=FRIDAY + dt.timedelta(weeks=n)) for n in range(3)]
    await school.book("r-musikk", slot(10, 30, day=FRIDAY + dt.timedelta(weeks=1)), "t-per")
    await school.book("r-musikk", slot(9, 30, day=FRIDAY + dt.timedelta(weeks=2)), "t-per")
    with pytest.raises(SlotTaken) as taken:
        await school.book_recurring("r-musikk", fridays, "t-kari")
    assert len(taken.value.clashes) == 2
    assert await active_count(db) == 2  # nothing of the series was written
    booked = await school.book_recurring("r-musikk", fridays[:1], "t-kari")
    assert len(booked) == 1


async def test_a_series_racing_a_single_booking_never_lands_half(db: Database, school: Bookings) -> None:
    fridays = [slot(10, day=FRIDAY + dt.timedelta(weeks=n)) for n in range(3)]
    for _ in range(5):
        results = await asyncio.gather(
            Bookings(db).book_recurring("r-musikk", fridays, "t-kari"),
            Bookings(db).book("r-musikk", fridays[2], "t-per"),
            return_exceptions=True,
        )
        count = await active_count(db)
        series_won = not isinstance(results[0], BaseException)
        assert count == (3 if series_won else 1)
        assert isinstance(results[1], SlotTaken) == series_won
        async with db.transaction() as s:
            await s.execute(update(Booking).values(status="cancelled"))


async def test_series_cancel_from_a_date_keeps_the_earlier_ones(school: Bookings) -> None:
    fridays = [slot(10, day=FRIDAY + dt.timedelta(weeks=n)) for n in range(3)]
    booked = await school.book_recurring("r-musikk", fridays, "t-kari")
    assert len({b.series_id for b in booked}) == 1 and booked[0].series_id
    cancelled = await school.cancel_series(booked[0].series_id or "", "t-kari", since=booked[1].start)
    assert len(cancelled) == 2
    mine = await school.mine("t-kari", since=fridays[0].start - dt.timedelta(days=1))
    assert [b.id for b in mine] == [booked[0].id]


async def test_mine_lists_upcoming_only(school: Bookings) -> None:
    await school.book("r-musikk", slot(8), "t-kari")
    await school.book("r-moterom-1", slot(12), "t-kari")
    await school.book("r-moterom-2", slot(12), "t-per")
    mine = await school.mine("t-kari", since=slot(9).start)
    assert [b.resource_id for b in mine] == ["r-moterom-1"]


async def test_free_resources_and_alternatives(school: Bookings) -> None:
    await school.book("r-musikk", slot(10), "t-kari")
    await school.book("r-musikk", slot(11), "t-kari")
    free = await school.free_resources(slot(10, 30), kind="musikkrom")
    assert [r.sourced_id for r in free] == ["r-musikk-2"]
    musikk = await school.resource("r-musikk")
    assert musikk is not None
    found = await school.alternatives(musikk, slot(10), zone=OSLO, opens=dt.time(8), closes=dt.time(16))
    assert found.earlier == slot(9) and found.later == slot(12)
    assert [r.sourced_id for r in found.others] == ["r-musikk-2"]


async def test_status_now(school: Bookings) -> None:
    await school.book("r-moterom-1", slot(10), "t-kari")
    await school.book("r-moterom-1", slot(13), "t-per")
    current, upcoming = await school.status_at("r-moterom-1", slot(10, 30).start, OSLO)
    assert current is not None and current.booked_by == "t-kari"
    assert upcoming is not None and upcoming.booked_by == "t-per"


@pytest.mark.parametrize(
    "words, expected",
    [
        ("r-musikk", "r-musikk"),
        ("Musikkrommet", "r-musikk"),
        ("pc-skap", "r-dataskap-1"),
        ("møterom 2", "r-moterom-2"),
        ("nothing like it", None),
    ],
)
async def test_find_resource_by_id_name_or_alias(school: Bookings, words: str, expected: str | None) -> None:
    found = await school.find_resource(words)
    assert (found.sourced_id if found else None) == expected


async def test_a_slot_must_have_aware_times_and_end_after_start() -> None:
    with pytest.raises(ValueError):
        Slot(dt.datetime(2026, 12, 4, 10), dt.datetime(2026, 12, 4, 11))
    with pytest.raises(ValueError):
        local_slot(FRIDAY, dt.time(11), dt.time(10), OSLO)


async def test_when_the_check_misses_a_racing_insert_the_database_refuses_and_names_the_holder(
    db: Database, school: Bookings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two transactions that both passed the check: the constraint (or trigger) turns the second away."""
    await school.book("r-musikk", slot(10), "t-kari")
    late = Bookings(db)
    real = Bookings._clashes
    calls = {"n": 0}

    async def stale_first_check(self, s, resource_id, slots):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return [] if calls["n"] == 1 else await real(self, s, resource_id, slots)

    monkeypatch.setattr(Bookings, "_clashes", stale_first_check)
    with pytest.raises(SlotTaken) as taken:
        await late.book("r-musikk", slot(10, 15), "t-per")
    assert [c.booked_by for c in taken.value.clashes] == ["t-kari"]
    assert await active_count(db) == 1


class _Deadlock(Exception):
    sqlstate = "40P01"


async def test_a_booking_aborted_by_a_deadlock_is_run_again(db: Database, school: Bookings, monkeypatch) -> None:
    """PostgreSQL aborts one of two inserts that wait on each other's exclusion check; the teacher
    still gets the slot (or is told who has it), never an error."""
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.ext.asyncio import AsyncSession

    real_flush = AsyncSession.flush
    aborted: list[bool] = []

    async def flush_aborted_once(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not aborted:
            aborted.append(True)
            raise DBAPIError("INSERT INTO bookings", {}, _Deadlock("deadlock detected"))
        return await real_flush(self, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "flush", flush_aborted_once)
    booked = await school.book("r-musikk", slot(10), TEACHERS[0][0])
    assert aborted == [True] and booked.booked_by == TEACHERS[0][0]
    with pytest.raises(SlotTaken):
        await school.book("r-musikk", slot(10), TEACHERS[1][0])
