"""How bookings are written to people: days, clock times and lines from the catalogue (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.texts import day, normalise_language, t
from storage.bookings import BookingInfo, ResourceInfo, Slot

__all__ = [
    "booking_line",
    "clock",
    "day_listing",
    "kind_title",
    "slot_values",
    "weekday",
]


def clock(moment: dt.datetime | dt.time, zone: ZoneInfo | None = None) -> str:
    """"10:00", in the school's zone for datetimes."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(zone).time() if zone else moment.time()
    return f"{moment.hour:02d}:{moment.minute:02d}"


def weekday(lang: str | None, date: dt.date) -> str:
    """"fredag", "fredag" (nn), "Friday"."""
    return format_date(date, "EEEE", locale=normalise_language(lang))


def slot_values(lang: str | None, slot: Slot, zone: ZoneInfo) -> dict[str, str]:
    """The {day}, {weekday}, {start} and {end} of a slot, for catalogue templates."""
    local_day = slot.start.astimezone(zone).date()
    return {"day": day(lang, local_day), "weekday": weekday(lang, local_day),
            "start": clock(slot.start, zone), "end": clock(slot.end, zone)}


def booking_line(lang: str | None, booking: BookingInfo, zone: ZoneInfo, key: str = "booking.line") -> str:
    """One booking: "fredag 4. desember 10:00–11:00 Musikkrommet" (or another catalogue line)."""
    return t(lang, key, resource=booking.resource_name, name=booking.booked_by_name,
             **slot_values(lang, booking.slot, zone))


def day_listing(lang: str | None, resource: ResourceInfo, date: dt.date, bookings: Sequence[BookingInfo],
                zone: ZoneInfo) -> str:
    """A resource's day: who has it when, or that it is free all day."""
    if not bookings:
        return t(lang, "booking.day_free", resource=resource.name, day=day(lang, date))
    lines = [t(lang, "booking.day_header", resource=resource.name, day=day(lang, date))]
    lines += [booking_line(lang, b, zone, "booking.day_line") for b in bookings]
    return "\n".join(lines)


def kind_title(kind: str) -> str:
    """A kind from the roster as a choice title: "møterom" → "Møterom"."""
    return kind[:1].upper() + kind[1:]
