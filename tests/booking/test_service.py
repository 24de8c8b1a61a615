"""The booking service without a turn: a person, a time and a request in, result objects out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from dialogs.booking.results import (
    Booked,
    Caller,
    Cancelled,
    MyBookings,
    Past,
    Raced,
    SlotFree,
    Taken,
    WeeklyBooked,
    WeeklyCheck,
    WhichToCancel,
)
from dialogs.booking.service import BookingService
from dialogs.booking.understand import BookingRequest
from storage.bookings import Bookings, local_slot
from storage.calendar import SchoolCalendar
from storage.db import Database
from storage.people import People
from storage.roster import load_calendar
from tests.booking.seed import seed_booking_extras
from tests.e2e.seed import seed_small_school

OSLO = ZoneInfo("Europe/Oslo")
MONDAY_8 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=OSLO)
FRIDAY = dt.date(2026, 12, 4)


# "Musikkrommet fredag 10–11", as the parser reads it.
MUSIC_FRIDAY_10 = BookingRequest(action="book", resource_id="r-musikk", day=FRIDAY, start=dt.time(10), end=dt.time(11))
CANCEL_MINE = BookingRequest(action="cancel")


@pytest.fixture
async def service(db: Database) -> BookingService:
    await seed_small_school(db)
    await seed_booking_extras(db)

    async def links(kind: str, sourced_id: str, *, now: dt.datetime) -> str:
        return f"https://skole.example/calendar/{kind}/{sourced_id}"

    async def calendar() -> SchoolCalendar:
        return await load_calendar(db)

    return BookingService(Bookings(db), zone=OSLO, calendar=calendar, links=links)


async def caller(db: Database, sourced_id: str = "t-kari", channel: str = "msteams") -> Caller:
    person = await People(db).get(sourced_id)
    assert person is not None
    return Caller(person, MONDAY_8, channel)


async def test_a_free_slot_is_confirmed_then_booked_then_taken_for_the_next(
    service: BookingService, db: Database
) -> None:
    kari, per = await caller(db), await caller(db, "t-per")
    checked = await service.check(kari, MUSIC_FRIDAY_10)
    assert isinstance(checked, SlotFree) and checked.resource.name == "Musikkrommet"
    booked = await service.confirm(kari, MUSIC_FRIDAY_10)
    assert isinstance(booked, Booked) and booked.booking.booked_by == "t-kari"
    taken = await service.check(per, MUSIC_FRIDAY_10)
    assert isinstance(taken, Taken)
    assert [c.booked_by for c in taken.clashes] == ["t-kari"]
    assert [(o.resource_id, o.slot.start.astimezone(OSLO).hour) for o in taken.options] == [
        ("r-musikk", 9),
        ("r-musikk", 11),
        ("r-musikk-2", 10),
    ]
    assert isinstance(await service.confirm(per, MUSIC_FRIDAY_10), Raced)


async def test_a_direct_booking_of_a_taken_slot_offers_alternatives_and_a_past_slot_is_refused(
    service: BookingService, db: Database
) -> None:
    kari, per = await caller(db), await caller(db, "t-per")
    assert isinstance(await service.check(kari, MUSIC_FRIDAY_10, direct=True), Booked)
    assert isinstance(await service.check(per, MUSIC_FRIDAY_10, direct=True), Taken)
    assert isinstance(
        await service.check(
            kari, replace(MUSIC_FRIDAY_10, day=dt.date(2026, 11, 30), start=dt.time(6), end=dt.time(7))
        ),
        Past,
    )


async def test_weekly_check_then_book_then_cancel_the_series(service: BookingService, db: Database) -> None:
    kari = await caller(db)
    checked = await service.check(kari, replace(MUSIC_FRIDAY_10, weekly=True))
    assert isinstance(checked, WeeklyCheck) and checked.free and not checked.taken
    booked = await service.book_weekly(kari, "r-musikk", list(checked.free))
    assert isinstance(booked, WeeklyBooked) and len(booked.bookings) == len(checked.free)
    cancelled = await service.cancel(kari, replace(CANCEL_MINE, resource_id="r-musikk", series=True))
    assert isinstance(cancelled, Cancelled) and len(cancelled.bookings) == len(checked.free)


async def test_cancel_asks_which_when_several_match_and_mine_lists_with_a_link(
    service: BookingService, db: Database
) -> None:
    kari = await caller(db)
    for hour in (9, 12):
        slot = local_slot(FRIDAY, dt.time(hour), dt.time(hour + 1), OSLO)
        await service.bookings.book("r-musikk", slot, "t-kari")
    mine = await service.mine(kari)
    assert isinstance(mine, MyBookings) and len(mine.bookings) == 2
    assert mine.feed_url == "https://skole.example/calendar/person/t-kari"
    assert (await service.mine(await caller(db, channel="sms"))).feed_url is None  # no link by SMS
    which = await service.cancel(kari, CANCEL_MINE)
    assert isinstance(which, WhichToCancel) and len(which.candidates) == 2
    one = await service.cancel_one(kari, which.candidates[0].id)
    assert [b.id for b in one.bookings] == [which.candidates[0].id]
