"""Weekly bookings through the rest of the term: holidays skipped, clashes listed first, all or nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from storage.bookings import Bookings, Slot
from tests.booking.helpers import active, say
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import TEACHER_2A_UPN, TEACHER_UPN

OSLO = ZoneInfo("Europe/Oslo")
KARI, PER = TEACHER_UPN, TEACHER_2A_UPN


def local(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), OSLO)


async def test_weekly_until_the_end_of_term_listing_clashes_before_booking(bot: Running) -> None:
    await Bookings(bot.services.db).book(
        "r-musikk", Slot(local(dt.date(2026, 12, 11), 10, 30), local(dt.date(2026, 12, 11), 11, 30)), "t-per"
    )
    asked = (await say(bot, KARI, "book musikkrommet hver fredag 10–11")).splitlines()
    assert asked[0] == (
        "Musikkrommet hver fredag 10:00–11:00: noen datoer er opptatt. Skal jeg booke de 2 ledige, "
        "fra fredag 4. desember til fredag 18. desember?"
    )
    assert "Opptatt: fredag 11. desember (Per Hansen)." in asked
    assert len(await active(bot, "r-musikk")) == 1  # nothing booked before the answer
    done = await say(bot, KARI, "ja")
    assert done == (
        "Booket: Musikkrommet hver fredag 10:00–11:00, 2 ganger fra fredag 4. desember til fredag 18. desember."
    )
    karis = [b for b in await active(bot, "r-musikk") if b.booked_by == "t-kari"]
    assert [b.start.astimezone(OSLO).date().isoformat() for b in karis] == ["2026-12-04", "2026-12-18"]
    assert len({b.series_id for b in karis}) == 1  # one series: the term ends 18 December, nothing after


async def test_weekly_skips_holidays_in_spring(booking_db_url: str) -> None:
    # Monday 3 May 2027; Thursday 6 May is Ascension Day, the term ends Friday 18 June.
    async with running_bot(booking_db_url, clock=FixedClock(dt.datetime(2027, 5, 3, 6, 0, tzinfo=dt.UTC))) as bot:
        asked = (await say(bot, KARI, "book møterom 1 hver torsdag 2. time")).splitlines()
        assert asked[0] == (
            "Møterom 1 hver torsdag 09:20–10:05: 6 ganger, fra torsdag 13. mai til torsdag 17. juni. Skal jeg booke?"
        )
        assert "Fridager som hoppes over: torsdag 6. mai." in asked
        assert (await say(bot, KARI, "ja")).startswith("Booket: Møterom 1 hver torsdag 09:20–10:05, 6 ganger")
        days = [b.start.astimezone(OSLO).date() for b in await active(bot, "r-moterom-1")]
        assert days == [dt.date(2027, 5, 13) + dt.timedelta(weeks=n) for n in range(6)]


async def test_a_clash_appearing_before_yes_books_nothing_and_asks_again(bot: Running) -> None:
    asked = await say(bot, KARI, "book musikkrommet fast hver uke fredag 10-11")
    assert "3 ganger" in asked
    await say(bot, PER, "book musikkrommet 18. desember 10-11")
    await say(bot, PER, "ja")
    again = (await say(bot, KARI, "ja")).splitlines()
    assert again[0] == "Noen av datoene ble booket av andre i mellomtiden, så ingenting er booket. Jeg sjekker på nytt."
    assert "Opptatt: fredag 18. desember (Per Hansen)." in again
    assert [b.booked_by for b in await active(bot, "r-musikk")] == ["t-per"]  # Kari's series: nothing half-done
    assert (await say(bot, KARI, "ja")).startswith("Booket: Musikkrommet hver fredag 10:00–11:00, 2 ganger")


async def test_weekly_when_every_date_is_taken(bot: Running) -> None:
    bookings = Bookings(bot.services.db)
    for week in range(3):
        day = dt.date(2026, 12, 4) + dt.timedelta(weeks=week)
        await bookings.book("r-musikk", Slot(local(day, 10), local(day, 11)), "t-per")
    answer = await say(bot, KARI, "book musikkrommet hver fredag 10-11")
    assert answer.startswith("Musikkrommet er opptatt alle fredager 10:00–11:00 ut terminen. Ingenting er booket.")


async def test_cancel_a_whole_weekly_series_from_a_date(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet hver fredag 10-11")
    await say(bot, KARI, "ja")
    assert (await say(bot, KARI, "avbestill den faste bookingen min 11. desember")).startswith(
        "Avbestilt 2 bookinger: fredag 11. desember 10:00–11:00 Musikkrommet; fredag 18. desember"
    )
    assert [b.start.astimezone(OSLO).date().isoformat() for b in await active(bot)] == ["2026-12-04"]
