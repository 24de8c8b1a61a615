"""iCalendar feeds per resource and per teacher behind secret links, parsed back with `icalendar`."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.web_calendar import feed_token
from storage.bookings import Bookings, Slot
from storage.models import SchoolSetting
from tests.booking.conftest import MONDAY_8
from tests.booking.helpers import say
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import TEACHER_2A_UPN, TEACHER_UPN

OSLO = ZoneInfo("Europe/Oslo")
FRIDAY = dt.date(2026, 12, 4)


def local(hh: int, day: dt.date = FRIDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh), OSLO)


async def fetch(bot: Running, url: str) -> tuple[int, bytes, str]:
    async with bot.session.get(url) as resp:
        return resp.status, await resp.read(), resp.headers.get("Content-Type", "")


async def link_from_bot(bot: Running, upn: str, text: str) -> str:
    answer = await say(bot, upn, text)
    match = re.search(r"(http://\S+\.ics)", answer)
    assert match, answer
    return match.group(1)


async def test_a_teacher_subscribes_to_her_own_bookings(bot: Running) -> None:
    bookings = Bookings(bot.services.db)
    mine = await bookings.book("r-musikk", Slot(local(10), local(11)), "t-kari")
    await bookings.book("r-moterom-1", Slot(local(12), local(13)), "t-kari")
    await bookings.book("r-musikk", Slot(local(11), local(12)), "t-per")
    url = await link_from_bot(bot, TEACHER_UPN, "kalenderlenke")
    status, body, content_type = await fetch(bot, url)
    assert status == 200 and content_type.startswith("text/calendar")
    cal = Calendar.from_ical(body)
    assert str(cal["X-WR-CALNAME"]) == "Mine bookinger (Kari Larsen)"
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == ["Musikkrommet", "Møterom 1"]
    first = events[0]
    assert first.decoded("dtstart") == mine.start and first.decoded("dtend") == mine.end
    assert first.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert str(first["uid"]) == f"booking-{mine.id}@skolebot"


async def test_a_resource_feed_shows_who_has_it_and_drops_cancelled_bookings(bot: Running) -> None:
    await say(bot, TEACHER_UPN, "book musikkrommet fredag 10-11")
    await say(bot, TEACHER_UPN, "ja")
    await say(bot, TEACHER_2A_UPN, "book musikkrommet fredag 12-13")
    await say(bot, TEACHER_2A_UPN, "ja")
    url = await link_from_bot(bot, TEACHER_2A_UPN, "kalenderlenke musikkrommet")
    assert "/calendar/resource/r-musikk/" in url
    cal = Calendar.from_ical((await fetch(bot, url))[1])
    assert str(cal["X-WR-CALNAME"]) == "Bookinger: Musikkrommet"
    assert sorted(str(e["summary"]) for e in cal.walk("VEVENT")) == [
        "Musikkrommet: Kari Larsen",
        "Musikkrommet: Per Hansen",
    ]
    await say(bot, TEACHER_UPN, "avbestill bookingen min på fredag")
    cal = Calendar.from_ical((await fetch(bot, url))[1])
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Musikkrommet: Per Hansen"]


async def test_a_wrong_or_borrowed_token_is_not_found(bot: Running) -> None:
    url = await link_from_bot(bot, TEACHER_UPN, "kalenderlenke")
    token = url.rsplit("/", 1)[1]
    assert (await fetch(bot, url.replace(token, "0" * 32 + ".ics")))[0] == 404
    assert (await fetch(bot, url.replace("/person/t-kari/", "/person/t-per/")))[0] == 404  # Kari's token, Per's id
    assert (await fetch(bot, url.replace("/person/", "/resource/")))[0] == 404
    assert (await fetch(bot, f"{bot.url}/calendar/person/t-kari/x.ics"))[0] == 404


async def test_the_secret_is_made_once_kept_in_the_database_and_links_survive_restarts(booking_db_url: str) -> None:
    async with running_bot(booking_db_url, clock=FixedClock(MONDAY_8)) as bot:
        first = await link_from_bot(bot, TEACHER_UPN, "min kalender")
        async with bot.services.db.transaction() as s:
            stored = await s.get(SchoolSetting, "secret_key")
        assert stored is not None and len(stored.value) >= 32
    async with running_bot(booking_db_url, clock=FixedClock(MONDAY_8)) as bot:
        again = await link_from_bot(bot, TEACHER_UPN, "min kalender")
        assert again.split("/calendar/")[1] == first.split("/calendar/")[1]
        assert (await fetch(bot, again))[0] == 200


async def test_skolebot_secret_key_decides_the_links(booking_db_url: str) -> None:
    async with running_bot(booking_db_url, clock=FixedClock(MONDAY_8), SKOLEBOT_SECRET_KEY="s3cret") as bot:
        url = await link_from_bot(bot, TEACHER_UPN, "kalenderlenke")
        expires = MONDAY_8 + dt.timedelta(days=365)  # SKOLEBOT_FEED_LINK_DAYS' default
        assert url.endswith(f"/calendar/person/t-kari/{feed_token(b's3cret', 'person', 't-kari', expires)}.ics")
        assert (await fetch(bot, url))[0] == 200
