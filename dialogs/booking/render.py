"""How bookings are written to people: days, clock times and lines from the catalogue (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from babel.dates import format_date
from icalendar import Calendar, Event

from bot.texts import day, normalise_language, t
from bot.texts.wording import day_span
from dialogs.booking.results import (
    Alternative,
    Booked,
    Cancelled,
    FeedLink,
    FreeResources,
    MyBookings,
    NoWeeklyDates,
    Past,
    ResourceNow,
    SlotFree,
    Taken,
    UnknownResource,
    WeeklyBooked,
    WeeklyCheck,
)
from storage.bookings import BookingInfo, ResourceInfo, Slot

__all__ = [
    "also_free_line",
    "alternative_title",
    "booked_text",
    "booking_line",
    "cancelled_text",
    "clock",
    "confirm_text",
    "day_listing",
    "feed_text",
    "free_text",
    "kind_title",
    "mine_text",
    "outcome_text",
    "render_feed",
    "resource_now_text",
    "slot_values",
    "taken_text",
    "weekday",
    "weekly_all_taken_text",
    "weekly_booked_text",
    "weekly_confirm_text",
    "weekly_details",
]

CANCELLED_LINES = 3  # "Avbestilt 5 bookinger: a; b; c …"


def clock(moment: dt.datetime | dt.time, zone: ZoneInfo | None = None) -> str:
    """ "10:00", in the school's zone for datetimes."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(zone).time() if zone else moment.time()
    return f"{moment.hour:02d}:{moment.minute:02d}"


def weekday(lang: str | None, date: dt.date) -> str:
    """ "fredag", "fredag" (nn), "Friday"."""
    return format_date(date, "EEEE", locale=normalise_language(lang))


def slot_values(lang: str | None, slot: Slot, zone: ZoneInfo) -> dict[str, str]:
    """The {day}, {weekday}, {start} and {end} of a slot, for catalogue templates."""
    local_day = slot.start.astimezone(zone).date()
    return {
        "day": day(lang, local_day),
        "weekday": weekday(lang, local_day),
        "start": clock(slot.start, zone),
        "end": clock(slot.end, zone),
    }


def resource_question(lang: str | None, day_asked: dt.date | None, start: dt.time | None, end: dt.time | None) -> str:
    """ "Hvilken vil du ha onsdag 16. desember kl. 10:00–12:00?": the question names what was already understood."""
    if day_asked is not None and start is not None and end is not None:
        return t(lang, "booking.ask_resource_at", day=day(lang, day_asked), start=clock(start), end=clock(end))
    if day_asked is not None:
        return t(lang, "booking.ask_resource_day", day=day(lang, day_asked))
    return t(lang, "booking.ask_resource")


def booking_line(lang: str | None, booking: BookingInfo, zone: ZoneInfo, key: str = "booking.line") -> str:
    """One booking: "fredag 4. desember 10:00–11:00 Musikkrommet" (or another catalogue line)."""
    return t(
        lang, key, resource=booking.resource_name, name=booking.booked_by_name, **slot_values(lang, booking.slot, zone)
    )


def day_listing(
    lang: str | None, resource: ResourceInfo, date: dt.date, bookings: Sequence[BookingInfo], zone: ZoneInfo
) -> str:
    """A resource's day: who has it when, or that it is free all day."""
    if not bookings:
        return t(lang, "booking.day_free", resource=resource.name, day=day(lang, date))
    lines = [t(lang, "booking.day_header", resource=resource.name, day=day(lang, date))]
    lines += [booking_line(lang, b, zone, "booking.day_line") for b in bookings]
    return "\n".join(lines)


def kind_title(kind: str) -> str:
    """A kind from the roster as a choice title: "møterom" → "Møterom"."""
    return kind[:1].upper() + kind[1:]


def booked_text(lang: str | None, booked: Booked, zone: ZoneInfo) -> str:
    """ "Booket: Musikkrommet fredag … 10:00–11:00"."""
    return t(lang, "booking.booked", resource=booked.resource.name, **slot_values(lang, booked.booking.slot, zone))


def outcome_text(
    lang: str | None, outcome: Booked | WeeklyBooked | Past | NoWeeklyDates | UnknownResource, zone: ZoneInfo
) -> str:
    """The last word of a booking: booked, the series booked, too late, no dates left, or no such resource."""
    if isinstance(outcome, Booked):
        return booked_text(lang, outcome, zone)
    if isinstance(outcome, WeeklyBooked):
        return weekly_booked_text(lang, outcome, zone)
    if isinstance(outcome, Past):
        return t(lang, "booking.past")
    if isinstance(outcome, NoWeeklyDates):
        return t(lang, "booking.weekly_none")
    return t(lang, "booking.unknown_resource")


def confirm_text(lang: str | None, free: SlotFree, zone: ZoneInfo) -> str:
    """The slot is free: shall I book it?"""
    return t(lang, "booking.free_confirm", resource=free.resource.name, **slot_values(lang, free.slot, zone))


def also_free_line(lang: str | None, names: Sequence[str]) -> str:
    """ "Også ledig: Dataskap 2 (16 PC-er).": the others of the kind, under an offer of one of them."""
    return t(lang, "booking.also_free", names=", ".join(names))


def taken_text(lang: str | None, taken: Taken, zone: ZoneInfo) -> str:
    """Who has the slot (or that someone got it meanwhile)."""
    if not taken.clashes:
        return t(lang, "booking.taken_meanwhile", resource=taken.resource.name)
    first = taken.clashes[0]
    return t(
        lang,
        "booking.taken",
        resource=taken.resource.name,
        name=first.booked_by_name,
        **slot_values(lang, first.slot, zone),
    )


def alternative_title(lang: str | None, alternative: Alternative, zone: ZoneInfo) -> str:
    """An alternative as a choice: "Musikkrommet 11:00–12:00"."""
    return t(
        lang,
        "booking.alt_slot",
        resource=alternative.resource_name,
        start=clock(alternative.slot.start, zone),
        end=clock(alternative.slot.end, zone),
    )


def _local_day(lang: str | None, slot: Slot, zone: ZoneInfo) -> str:
    return day(lang, slot.start.astimezone(zone).date())


def _slots_span(lang: str | None, first: Slot, last: Slot, zone: ZoneInfo) -> str:
    """ "fra fredag 4. desember til fredag 18. desember", or the one day when the series has one date."""
    return day_span(lang, first.start.astimezone(zone).date(), last.start.astimezone(zone).date())


def _weekly_values(lang: str | None, check: WeeklyCheck, zone: ZoneInfo) -> dict[str, str]:
    return {"resource": check.resource.name, **slot_values(lang, check.first, zone)}


def weekly_details(lang: str | None, check: WeeklyCheck, zone: ZoneInfo) -> list[str]:
    """The lines under a weekly question: the dates skipped (holidays) and the dates taken, by whom."""
    details: list[str] = []
    if check.skipped:
        details.append(t(lang, "booking.weekly_skipped", dates=", ".join(day(lang, d) for d in check.skipped)))
    if check.taken:
        listed = ", ".join(
            t(lang, "booking.weekly_clash", day=_local_day(lang, s, zone), name=c.booked_by_name)
            for s, c in check.taken
        )
        details.append(t(lang, "booking.weekly_clashes", dates=listed))
    return details


def weekly_all_taken_text(lang: str | None, check: WeeklyCheck, zone: ZoneInfo) -> str:
    """Every date of the series is taken: say so, with the details."""
    return "\n".join(
        [t(lang, "booking.weekly_all_taken", **_weekly_values(lang, check, zone)), *weekly_details(lang, check, zone)]
    )


def weekly_confirm_text(lang: str | None, check: WeeklyCheck, zone: ZoneInfo) -> str:
    """Shall I book the free dates (from the first to the last)?"""
    key = "booking.weekly_confirm_rest" if check.taken else "booking.weekly_confirm"
    return t(
        lang,
        key,
        count=len(check.free),
        span=_slots_span(lang, check.free[0], check.free[-1], zone),
        **_weekly_values(lang, check, zone),
    )


def weekly_booked_text(lang: str | None, booked: WeeklyBooked, zone: ZoneInfo) -> str:
    """The series booked: how many, from the first to the last date."""
    first, last = booked.bookings[0], booked.bookings[-1]
    return t(
        lang,
        "booking.weekly_booked",
        resource=booked.resource.name,
        count=len(booked.bookings),
        span=_slots_span(lang, first.slot, last.slot, zone),
        **slot_values(lang, first.slot, zone),
    )


def cancelled_text(lang: str | None, cancelled: Cancelled, zone: ZoneInfo) -> str:
    """What was cancelled: nothing, one booking, or a few lines of many."""
    rows = cancelled.bookings
    if not rows:
        return t(lang, "booking.cancel_none")
    if len(rows) == 1:
        return t(lang, "booking.cancelled", resource=rows[0].resource_name, **slot_values(lang, rows[0].slot, zone))
    lines = "; ".join(booking_line(lang, b, zone) for b in rows[:CANCELLED_LINES])
    return t(
        lang, "booking.cancelled_many", count=len(rows), lines=lines + (" …" if len(rows) > CANCELLED_LINES else "")
    )


def mine_text(lang: str | None, mine: MyBookings, limit: int, zone: ZoneInfo) -> str:
    """The caller's bookings, at most `limit` lines, and the calendar link when there is one."""
    if not mine.bookings:
        return t(lang, "booking.mine_none")
    lines = [t(lang, "booking.mine_header")]
    lines += [booking_line(lang, b, zone) for b in mine.bookings[:limit]]
    if len(mine.bookings) > limit:
        lines.append(t(lang, "booking.more", count=len(mine.bookings) - limit))
    if mine.feed_url is not None:
        lines.append(t(lang, "booking.feed_hint", url=mine.feed_url))
    return "\n".join(lines)


def feed_text(lang: str | None, link: FeedLink) -> str:
    """The calendar link of a resource or of the caller's own bookings."""
    if link.resource is not None:
        return t(lang, "booking.feed_resource", resource=link.resource.name, url=link.url)
    return t(lang, "booking.feed_person", url=link.url)


def resource_now_text(lang: str | None, status: ResourceNow, zone: ZoneInfo) -> str:
    """Taken (by whom, until when), free until the next booking, or free."""
    name = status.resource.name
    if status.current is not None:
        return t(
            lang,
            "booking.now_taken",
            resource=name,
            name=status.current.booked_by_name,
            time=clock(status.current.end, zone),
        )
    if status.upcoming is not None:
        return t(lang, "booking.now_free_until", resource=name, time=clock(status.upcoming.start, zone))
    return t(lang, "booking.now_free", resource=name)


def free_text(lang: str | None, found: FreeResources, zone: ZoneInfo, *, now: bool, all_day: bool) -> str:
    """What is free now, all day or at a time (the question to pick one is free_pick, asked by the dialog)."""
    names = ", ".join(r.name for r in found.free)
    if now:
        return t(lang, "booking.free_now" if found.free else "booking.free_none_now", names=names)
    if all_day:
        return t(
            lang,
            "booking.free_all_day" if found.free else "booking.free_none_all_day",
            names=names,
            day=day(lang, found.day),
        )
    key = "booking.free_pick" if found.free else "booking.free_none"
    return t(lang, key, names=names, **slot_values(lang, found.slot, zone))


def render_feed(
    title: str, bookings: Sequence[BookingInfo], *, summary: str, lang: str, stamp: dt.datetime, host: str = "skolebot"
) -> bytes:
    """An RFC 5545 calendar; `summary` is a catalogue key filled with resource and name per booking."""
    cal = Calendar()
    cal.add("prodid", "-//Skolebot//Bookings//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    cal.add("x-published-ttl", "PT15M")
    for b in bookings:
        event = Event()
        event.add("uid", f"booking-{b.id}@{host}")
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", b.start.astimezone(dt.UTC))
        event.add("dtend", b.end.astimezone(dt.UTC))
        event.add("summary", t(lang, summary, resource=b.resource_name, name=b.booked_by_name))
        event.add("location", b.resource_name)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
