"""A weekly booking with one free date left is written as that date, once: not "de 1 ledige … fra X til X"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from storage.bookings import Bookings, Slot
from tests.booking.helpers import active, say
from tests.e2e.harness import Running
from tests.e2e.seed import TEACHER_UPN

OSLO = ZoneInfo("Europe/Oslo")
FRIDAYS = [dt.date(2026, 12, 4) + dt.timedelta(weeks=n) for n in range(3)]  # the term ends Friday 18 December


def local(day: dt.date, hh: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh), OSLO)


async def test_one_free_date_is_offered_and_booked_as_that_date(bot: Running) -> None:
    for day in FRIDAYS[:2]:
        await Bookings(bot.services.db).book("r-musikk", Slot(local(day, 10), local(day, 11)), "t-per")
    asked = (await say(bot, TEACHER_UPN, "book musikkrommet hver fredag 10-11")).splitlines()
    assert asked[0] == (
        "Musikkrommet hver fredag 10:00–11:00: noen datoer er opptatt. "
        "Skal jeg booke den ene ledige datoen, fredag 18. desember?"
    )
    done = await say(bot, TEACHER_UPN, "ja")
    assert done == "Booket: Musikkrommet hver fredag 10:00–11:00, 1 gang fredag 18. desember."
    assert len([b for b in await active(bot, "r-musikk") if b.booked_by == "t-kari"]) == 1
