"""What the booking service answers: plain values the dialog renders (render.py, cards.py) and sends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.bookings import BookingInfo, ResourceInfo, Slot
from storage.people import PersonInfo

__all__ = [
    "Alternative",
    "Booked",
    "Caller",
    "Cancelled",
    "DayListing",
    "FeedLink",
    "FreeResources",
    "MyBookings",
    "NoWeeklyDates",
    "Past",
    "Raced",
    "ResourceNow",
    "SlotFree",
    "Taken",
    "UnknownResource",
    "WeeklyBooked",
    "WeeklyCheck",
    "WhichToCancel",
]


@dataclass(frozen=True)
class Caller:
    """Who asks, when (aware, in the school's zone) and over which channel: all a turn tells the service."""

    person: PersonInfo
    now: dt.datetime
    channel: str

    @property
    def is_sms(self) -> bool:
        return self.channel == "sms"


@dataclass(frozen=True)
class UnknownResource:
    """The resource asked about is not (or no longer) bookable, or the request lacks a day and times."""


@dataclass(frozen=True)
class Past:
    """The slot asked for has already ended."""


@dataclass(frozen=True)
class SlotFree:
    """The slot is free: ask once before booking it."""

    resource: ResourceInfo
    slot: Slot


@dataclass(frozen=True)
class Alternative:
    """A free slot offered instead: the same resource earlier or later, or another resource then."""

    resource_id: str
    resource_name: str
    slot: Slot


@dataclass(frozen=True)
class Taken:
    """The slot is taken (`clashes` says by whom; empty when it went meanwhile) and the nearest free options."""

    resource: ResourceInfo
    slot: Slot
    clashes: tuple[BookingInfo, ...]
    options: tuple[Alternative, ...]


@dataclass(frozen=True)
class Booked:
    """One slot booked."""

    resource: ResourceInfo
    booking: BookingInfo


@dataclass(frozen=True)
class Raced:
    """Someone else booked the slot (or one of the series' slots) after we asked; nothing was booked."""


@dataclass(frozen=True)
class NoWeeklyDates:
    """A weekly booking with no school day left in the term."""


@dataclass(frozen=True)
class WeeklyCheck:
    """A weekly booking's dates through the end of term: the free ones, the taken ones (and by whom), the skipped."""

    resource: ResourceInfo
    first: Slot
    free: tuple[Slot, ...]
    taken: tuple[tuple[Slot, BookingInfo], ...]
    skipped: tuple[dt.date, ...]


@dataclass(frozen=True)
class WeeklyBooked:
    """A weekly series booked in one transaction."""

    resource: ResourceInfo
    bookings: tuple[BookingInfo, ...]


@dataclass(frozen=True)
class WhichToCancel:
    """More than one of the caller's bookings matches: ask which."""

    candidates: tuple[BookingInfo, ...]


@dataclass(frozen=True)
class Cancelled:
    """The bookings cancelled (none when nothing matched)."""

    bookings: tuple[BookingInfo, ...]


@dataclass(frozen=True)
class MyBookings:
    """The caller's coming bookings, and their calendar link (not by SMS, and not when there are none)."""

    bookings: tuple[BookingInfo, ...]
    feed_url: str | None


@dataclass(frozen=True)
class FeedLink:
    """A calendar subscription link: of the resource when one was named and found, else of the caller."""

    url: str
    resource: ResourceInfo | None


@dataclass(frozen=True)
class ResourceNow:
    """A resource right now: who has it (until when), or when the next booking today starts."""

    resource: ResourceInfo
    current: BookingInfo | None
    upcoming: BookingInfo | None


@dataclass(frozen=True)
class DayListing:
    """A resource's bookings on one day."""

    resource: ResourceInfo
    day: dt.date
    bookings: tuple[BookingInfo, ...]


@dataclass(frozen=True)
class FreeResources:
    """The resources free in a slot (now, at a time, or all school day) on a day."""

    day: dt.date
    slot: Slot
    free: tuple[ResourceInfo, ...]
