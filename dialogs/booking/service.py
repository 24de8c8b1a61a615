"""The booking flow's operations, with no turn: each takes who asks (a person, a time, a channel) and the
request, does the storage work and returns a result (dialogs.booking.results) the dialog renders and sends.

Book one slot (or say who has it and offer the nearest free alternatives), check and book a weekly
series through the end of term, cancel, list the caller's bookings, a resource now or on a day, what
is free, and calendar links. The CLI and tests can use it without a TurnContext.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.periods import SCHOOL_CLOSE, SCHOOL_OPEN
from dialogs.booking.results import (
    Alternative,
    Booked,
    Caller,
    Cancelled,
    DayListing,
    FeedLink,
    FreeResources,
    MyBookings,
    NoWeeklyDates,
    Past,
    Raced,
    ResourceNow,
    SlotFree,
    Taken,
    UnknownResource,
    WeeklyBooked,
    WeeklyCheck,
    WhichToCancel,
)
from dialogs.booking.understand import BookingRequest
from storage.bookings import (
    BookingInfo,
    Bookings,
    ResourceInfo,
    Slot,
    SlotTaken,
    local_slot,
    overlaps,
    weekly_plan,
)
from storage.calendar import SchoolCalendar

__all__ = ["BookingService", "CheckResult", "FeedLinks", "matching_bookings"]

CheckResult = UnknownResource | Past | SlotFree | Taken | Booked | NoWeeklyDates | WeeklyCheck


class FeedLinks(Protocol):
    """Makes a new calendar subscription link of a resource's or a person's bookings (bot.web_calendar.feed_url)."""

    async def __call__(self, kind: str, sourced_id: str, *, now: dt.datetime) -> str: ...


def matching_bookings(rows: Sequence[BookingInfo], request: BookingRequest, zone: ZoneInfo) -> list[BookingInfo]:
    """The bookings a cancel request names: by day, resource or kind, and time (ignored when it matches none)."""
    found = list(rows)
    if request.day is not None:
        found = [b for b in found if b.start.astimezone(zone).date() == request.day]
    if request.resource_id is not None:
        found = [b for b in found if b.resource_id == request.resource_id]
    elif request.kind is not None:
        found = [b for b in found if b.resource_kind == request.kind]
    if request.start is not None:
        start = request.start
        found = [b for b in found if b.start.astimezone(zone).time() <= start < b.end.astimezone(zone).time()] or found
    return found


def _request_slot(request: BookingRequest, zone: ZoneInfo) -> Slot | None:
    """The request's day and clock times as a slot, or None when any is missing."""
    if request.day is None or request.start is None or request.end is None:
        return None
    return local_slot(request.day, request.start, request.end, zone)


class BookingService:
    """Bookings of rooms and equipment for staff; one per app."""

    def __init__(
        self, bookings: Bookings, *, zone: ZoneInfo, calendar: Callable[[], Awaitable[SchoolCalendar]], links: FeedLinks
    ) -> None:
        self.bookings = bookings
        self._zone = zone
        self._calendar = calendar
        self._links = links

    # ------------------------------------------------------------------ choosing what to book

    async def kinds(self) -> list[str]:
        """The kinds of bookable things, sorted."""
        return sorted({r.kind for r in await self.bookings.resources()})

    async def candidates(self, request: BookingRequest) -> list[ResourceInfo]:
        """The resources of the request's kind: only the free ones when the time is known and any is free."""
        candidates = await self.bookings.of_kind(request.kind or "")
        slot = None if request.weekly else _request_slot(request, self._zone)
        if slot is not None:
            free = await self.bookings.free_resources(slot, request.kind)
            candidates = free or candidates
        return candidates

    async def pool(self, request: BookingRequest) -> list[tuple[ResourceInfo, bool]]:
        """Every resource of the request's kind, each with whether it is free at the request's time, the free
        ones first ("PC-vogna i morgen 10-12": the first is offered, the others may be picked instead)."""
        every = await self.bookings.of_kind(request.kind or "")
        slot = None if request.weekly else _request_slot(request, self._zone)
        free = {r.sourced_id for r in await self.bookings.free_resources(slot, request.kind)} if slot else set()
        return sorted(((r, r.sourced_id in free) for r in every), key=lambda pair: not pair[1])

    # ------------------------------------------------------------------ booking

    async def check(self, caller: Caller, request: BookingRequest, *, direct: bool = False) -> CheckResult:
        """Whether the request's slot (or weekly series) is free; with `direct`, book it at once when it is."""
        resource = await self.bookings.resource(request.resource_id or "")
        if resource is None or request.day is None or request.start is None or request.end is None:
            return UnknownResource()
        if request.weekly:
            return await self.check_weekly(caller, resource, request.day, request.start, request.end)
        slot = local_slot(request.day, request.start, request.end, self._zone)
        if slot.end <= caller.now:
            return Past()
        if direct:
            return await self.book(caller, resource, slot)
        clashes = await self.bookings.conflicts(resource.sourced_id, slot)
        if clashes:
            return await self.taken(caller, resource, slot, clashes)
        return SlotFree(resource, slot)

    async def book(self, caller: Caller, resource: ResourceInfo, slot: Slot) -> Booked | Taken:
        """Book the slot; when it is taken, who has it and the alternatives."""
        try:
            booked = await self.bookings.book(
                resource.sourced_id, slot, caller.person.sourced_id, channel=caller.channel
            )
        except SlotTaken as taken:
            return await self.taken(caller, resource, slot, taken.clashes)
        return Booked(resource, booked)

    async def taken(self, caller: Caller, resource: ResourceInfo, slot: Slot, clashes: Sequence[BookingInfo]) -> Taken:
        """A taken slot with its nearest free alternatives: the resource earlier or later, then others of its kind."""
        found = await self.bookings.alternatives(
            resource, slot, zone=self._zone, opens=SCHOOL_OPEN, closes=SCHOOL_CLOSE, not_before=caller.now
        )
        options = [
            Alternative(resource.sourced_id, resource.name, nearby)
            for nearby in (found.earlier, found.later)
            if nearby is not None
        ]
        options += [Alternative(other.sourced_id, other.name, slot) for other in found.others]
        return Taken(resource, slot, tuple(clashes), tuple(options))

    async def confirm(self, caller: Caller, request: BookingRequest) -> Booked | Raced | UnknownResource:
        """Book the slot the caller said "Ja" to; Raced when someone else got it since we asked."""
        resource = await self.bookings.resource(request.resource_id or "")
        slot = _request_slot(request, self._zone)
        if resource is None or slot is None:
            return UnknownResource()
        try:
            booked = await self.bookings.book(
                resource.sourced_id, slot, caller.person.sourced_id, channel=caller.channel
            )
        except SlotTaken:
            return Raced()
        return Booked(resource, booked)

    # ------------------------------------------------------------------ weekly

    async def check_weekly(
        self, caller: Caller, resource: ResourceInfo, first: dt.date, start: dt.time, end: dt.time
    ) -> NoWeeklyDates | WeeklyCheck:
        """The weekly series from `first` through the end of term: free and taken dates, holidays skipped."""
        plan = weekly_plan(first, start, end, self._zone, await self._calendar(), not_before=caller.now)
        if not plan.slots:
            return NoWeeklyDates()
        clashes = await self.bookings.clashes(resource.sourced_id, list(plan.slots))
        free = [s for s in plan.slots if not any(overlaps(s, c) for c in clashes)]
        taken = [(s, next(c for c in clashes if overlaps(s, c))) for s in plan.slots if s not in free]
        return WeeklyCheck(resource, plan.slots[0], tuple(free), tuple(taken), tuple(plan.skipped))

    async def book_weekly(
        self, caller: Caller, resource_id: str, slots: Sequence[Slot]
    ) -> WeeklyBooked | Raced | UnknownResource:
        """Book the series' free dates in one transaction, or none when one was taken since we asked."""
        resource = await self.bookings.resource(resource_id)
        if resource is None:
            return UnknownResource()
        try:
            booked = await self.bookings.book_recurring(
                resource.sourced_id, slots, caller.person.sourced_id, channel=caller.channel
            )
        except SlotTaken:
            return Raced()
        return WeeklyBooked(resource, tuple(booked))

    # ------------------------------------------------------------------ cancelling

    async def cancel(self, caller: Caller, request: BookingRequest) -> Cancelled | WhichToCancel:
        """Cancel the caller's matching booking(s): one, all asked for, or a whole series; else ask which."""
        person_id = caller.person.sourced_id
        rows = matching_bookings(await self.bookings.mine(person_id, since=caller.now), request, self._zone)
        if not rows:
            return Cancelled(())
        series = {b.series_id for b in rows}
        if request.series and len(series) == 1 and None not in series:
            cancelled = await self.bookings.cancel_series(rows[0].series_id or "", person_id, since=rows[0].start)
            return Cancelled(tuple(cancelled))
        if len(rows) == 1 or request.every:
            done = [await self.bookings.cancel(b.id, person_id) for b in rows]
            return Cancelled(tuple(c for c in done if c))
        return WhichToCancel(tuple(rows))

    async def cancel_one(self, caller: Caller, booking_id: int) -> Cancelled:
        """Cancel one of the caller's bookings (none when it is not theirs or no longer active)."""
        cancelled = await self.bookings.cancel(booking_id, caller.person.sourced_id)
        return Cancelled((cancelled,) if cancelled else ())

    # ------------------------------------------------------------------ answers

    async def mine(self, caller: Caller) -> MyBookings:
        """The caller's coming bookings, with a calendar link outside SMS."""
        rows = await self.bookings.mine(caller.person.sourced_id, since=caller.now)
        if not rows or caller.is_sms:
            return MyBookings(tuple(rows), None)
        return MyBookings(tuple(rows), await self._links("person", caller.person.sourced_id, now=caller.now))

    async def feed(self, caller: Caller, resource_id: str | None) -> FeedLink:
        """A calendar link of the named resource, or of the caller's own bookings."""
        resource = await self.bookings.resource(resource_id) if resource_id else None
        if resource is not None:
            return FeedLink(await self._links("resource", resource.sourced_id, now=caller.now), resource)
        return FeedLink(await self._links("person", caller.person.sourced_id, now=caller.now), None)

    async def right_now(self, resource_id: str, at: dt.datetime) -> ResourceNow | UnknownResource:
        """Who has the resource at `at`, or when its next booking that day starts."""
        resource = await self.bookings.resource(resource_id)
        if resource is None:
            return UnknownResource()
        current, upcoming = await self.bookings.status_at(resource_id, at, self._zone)
        return ResourceNow(resource, current, upcoming)

    async def day(self, request: BookingRequest, today: dt.date) -> list[DayListing]:
        """The day (default today) of the named resource, or of every resource of the named kind."""
        date = request.day or today
        if request.resource_id:
            chosen = [await self.bookings.resource(request.resource_id)]
        else:
            chosen = list(await self.bookings.of_kind(request.kind)) if request.kind else []
        return [
            DayListing(r, date, tuple(await self.bookings.day(r.sourced_id, date, self._zone)))
            for r in chosen
            if r is not None
        ]

    async def free(self, request: BookingRequest, now: dt.datetime) -> FreeResources:
        """The resources (of the kind, if named) free now, at the request's times, or all school day."""
        date = request.day or now.date()
        if request.now:
            moment = now.replace(second=0, microsecond=0)
            slot = Slot(moment, moment + dt.timedelta(minutes=1))
        elif request.start is not None and request.end is not None:
            slot = local_slot(date, request.start, request.end, self._zone)
        else:
            slot = local_slot(date, SCHOOL_OPEN, SCHOOL_CLOSE, self._zone)
        return FreeResources(date, slot, tuple(await self.bookings.free_resources(slot, request.kind)))
