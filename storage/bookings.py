"""Booking rooms and equipment: book, book weekly, cancel, list, and find free alternatives.

Every operation is one transaction. A booking is inserted only after the overlap check in the
same transaction (serialised on SQLite by BEGIN IMMEDIATE); on PostgreSQL two racing inserts
pass the check together and the exclusion constraint refuses the second. Either way the caller
gets SlotTaken with whoever holds the slot, never a double booking.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, and_, or_, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.calendar import SchoolCalendar
from storage.db import Database
from storage.models import Person, Resource
from storage.models_booking import ACTIVE, CANCELLED, OVERLAP_CONSTRAINT, Booking

__all__ = [
    "Alternatives",
    "BookingInfo",
    "Bookings",
    "ResourceInfo",
    "Slot",
    "SlotTaken",
    "WeeklyPlan",
    "local_slot",
    "nearest_free",
    "overlaps",
    "weekly_plan",
]

# With no terms in the calendar, a weekly booking runs this many weeks.
WEEKS_WITHOUT_TERMS = 12


@dataclass(frozen=True)
class ResourceInfo:
    sourced_id: str
    name: str
    kind: str
    capacity: int | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, order=True)
class Slot:
    """A half-open time range [start, end) of aware datetimes."""

    start: dt.datetime
    end: dt.datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a slot needs aware datetimes")
        if self.end <= self.start:
            raise ValueError("a slot must end after it starts")

    @property
    def length(self) -> dt.timedelta:
        return self.end - self.start

    def overlaps(self, other: Slot) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class BookingInfo:
    id: int
    resource_id: str
    resource_name: str
    resource_kind: str
    start: dt.datetime  # aware, UTC
    end: dt.datetime
    booked_by: str
    booked_by_name: str
    series_id: str | None
    status: str

    @property
    def slot(self) -> Slot:
        return Slot(self.start, self.end)


class SlotTaken(Exception):
    """The slot (or some of a weekly series' slots) is booked; `clashes` says by whom."""

    def __init__(self, clashes: Sequence[BookingInfo]) -> None:
        super().__init__(f"{len(clashes)} clashing booking(s)")
        self.clashes = tuple(clashes)


@dataclass(frozen=True)
class Alternatives:
    """Nearest free slots of the same length on the same resource that day, and other free resources."""

    earlier: Slot | None
    later: Slot | None
    others: tuple[ResourceInfo, ...]


@dataclass(frozen=True)
class WeeklyPlan:
    """The school days a weekly booking covers through the end of the term, and the days skipped."""

    slots: tuple[Slot, ...]
    skipped: tuple[dt.date, ...]  # holidays and breaks on the booking's weekday
    last_day: dt.date | None  # the end of the term the series runs through


# ---------------------------------------------------------------------- pure helpers


def local_slot(day: dt.date, start: dt.time, end: dt.time, zone: ZoneInfo) -> Slot:
    """The school-local day and clock times as an aware slot."""
    return Slot(dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone))


def overlaps(slot: Slot, booking: BookingInfo) -> bool:
    return slot.overlaps(booking.slot)


def nearest_free(
    busy: Iterable[Slot], wanted: Slot, window: Slot, not_before: dt.datetime | None = None
) -> tuple[Slot | None, Slot | None]:
    """The free slots of `wanted`'s length nearest before and after it, inside `window`.

    Candidates start where a busy slot ends or end where one starts (and at the window's
    edges), so the answer is the tightest free slot on each side.
    """
    busy = sorted(busy)
    length = wanted.length
    starts = {window.start, window.end - length}
    for b in busy:
        starts.add(b.end)
        starts.add(b.start - length)

    def free(start: dt.datetime) -> bool:
        candidate = Slot(start, start + length)
        return (
            window.start <= candidate.start
            and candidate.end <= window.end
            and (not_before is None or candidate.start >= not_before)
            and not any(candidate.overlaps(b) for b in busy)
        )

    earlier = [s for s in starts if s < wanted.start and free(s)]
    later = [s for s in starts if s > wanted.start and free(s)]
    before = Slot(max(earlier), max(earlier) + length) if earlier else None
    after = Slot(min(later), min(later) + length) if later else None
    return before, after


def _term_of(calendar: SchoolCalendar, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The term holding `day`, else the next one to start (a request made in a break)."""
    for start, end in calendar.terms:
        if end >= day:
            return start, end
    return None


def weekly_plan(
    first: dt.date,
    start: dt.time,
    end: dt.time,
    zone: ZoneInfo,
    calendar: SchoolCalendar,
    not_before: dt.datetime | None = None,
) -> WeeklyPlan:
    """The weekly slots from `first` (same weekday) through the end of the current term.

    Non-school days (public holidays, breaks) are skipped and reported; a first occurrence
    already begun (`not_before`) moves to the next week.
    """
    if calendar.terms:
        term = _term_of(calendar, first)
        if term is None:
            return WeeklyPlan((), (), None)
        term_start, last = term
        while first < term_start:
            first += dt.timedelta(weeks=1)
    else:
        last = first + dt.timedelta(weeks=WEEKS_WITHOUT_TERMS - 1)
    slots: list[Slot] = []
    skipped: list[dt.date] = []
    day = first
    while day <= last:
        slot = local_slot(day, start, end, zone)
        day += dt.timedelta(weeks=1)
        if not_before is not None and slot.start < not_before:
            continue
        if calendar.is_school_day(slot.start.date()):
            slots.append(slot)
        else:
            skipped.append(slot.start.date())
    return WeeklyPlan(tuple(slots), tuple(skipped), last)


# ---------------------------------------------------------------------- database


def _resource_info(r: Resource) -> ResourceInfo:
    aliases = tuple(a.strip() for a in (r.aliases or "").split("|") if a.strip())
    return ResourceInfo(sourced_id=r.sourced_id, name=r.name, kind=r.kind, capacity=r.capacity, aliases=aliases)


def _with_names() -> Select[Booking, str, str, str, str]:
    return (
        select(Booking, Resource.name, Resource.kind, Person.given_name, Person.family_name)
        .join(Resource, Resource.sourced_id == Booking.resource_id)
        .join(Person, Person.sourced_id == Booking.booked_by)
    )


def _info(row: Row[Booking, str, str, str, str]) -> BookingInfo:
    b, resource_name, kind, given, family = row
    return BookingInfo(
        id=b.id,
        resource_id=b.resource_id,
        resource_name=resource_name,
        resource_kind=kind,
        start=b.start_at,
        end=b.end_at,
        booked_by=b.booked_by,
        booked_by_name=f"{given} {family}".strip(),
        series_id=b.series_id,
        status=b.status,
    )


DEADLOCK_DETECTED = "40P01"
DEADLOCK_RETRIES = 3


def _is_overlap(exc: IntegrityError) -> bool:
    return OVERLAP_CONSTRAINT in str(exc.orig)


class Bookings:
    """The school's booking operations; each method is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ resources

    async def resources(self) -> list[ResourceInfo]:
        """Active resources, by kind and name."""
        async with self._db.transaction() as s:
            rows = (
                (
                    await s.execute(
                        select(Resource).where(Resource.active.is_(True)).order_by(Resource.kind, Resource.name)
                    )
                )
                .scalars()
                .all()
            )
        return [_resource_info(r) for r in rows]

    async def resource(self, sourced_id: str) -> ResourceInfo | None:
        async with self._db.transaction() as s:
            r = await s.get(Resource, sourced_id)
        return _resource_info(r) if r is not None and r.active else None

    async def find_resource(self, words: str) -> ResourceInfo | None:
        """A resource by sourcedId, name or alias (case-insensitive); None when none or unclear."""
        wanted = " ".join(words.lower().split())
        matches = [r for r in await self.resources() if wanted in (r.sourced_id.lower(), r.name.lower(), *r.aliases)]
        return matches[0] if len(matches) == 1 else None

    async def of_kind(self, kind: str) -> list[ResourceInfo]:
        return [r for r in await self.resources() if r.kind == kind]

    # ------------------------------------------------------------------ reading

    async def conflicts(self, resource_id: str, slot: Slot) -> list[BookingInfo]:
        """Active bookings of the resource overlapping the slot."""
        async with self._db.transaction() as s:
            return await self._conflicts(s, resource_id, [slot])

    @staticmethod
    async def _conflicts(s: AsyncSession, resource_id: str, slots: Sequence[Slot]) -> list[BookingInfo]:
        if not slots:
            return []
        window = or_(*(and_(Booking.start_at < slot.end, Booking.end_at > slot.start) for slot in slots))
        rows = (
            await s.execute(
                _with_names()
                .where(Booking.resource_id == resource_id, Booking.status == ACTIVE, window)
                .order_by(Booking.start_at)
            )
        ).all()
        return [_info(r) for r in rows]

    async def clashes(self, resource_id: str, slots: Sequence[Slot]) -> list[BookingInfo]:
        """Every active booking in the way of any of the slots (for a weekly series)."""
        async with self._db.transaction() as s:
            return await self._clashes(s, resource_id, slots)

    async def _clashes(self, s: AsyncSession, resource_id: str, slots: Sequence[Slot]) -> list[BookingInfo]:
        found: dict[int, BookingInfo] = {}
        for chunk in range(0, len(slots), 50):  # keep the OR list short
            for b in await self._conflicts(s, resource_id, slots[chunk : chunk + 50]):
                found[b.id] = b
        return sorted(found.values(), key=lambda b: b.start)

    async def between(
        self, start: dt.datetime, end: dt.datetime, *, resource_id: str | None = None, person_id: str | None = None
    ) -> list[BookingInfo]:
        """Active bookings overlapping [start, end), optionally of one resource or one person."""
        query = _with_names().where(Booking.status == ACTIVE, Booking.start_at < end, Booking.end_at > start)
        if resource_id is not None:
            query = query.where(Booking.resource_id == resource_id)
        if person_id is not None:
            query = query.where(Booking.booked_by == person_id)
        async with self._db.transaction() as s:
            rows = (await s.execute(query.order_by(Booking.start_at, Booking.resource_id))).all()
        return [_info(r) for r in rows]

    async def get(self, booking_id: int) -> BookingInfo | None:
        async with self._db.transaction() as s:
            row = (await s.execute(_with_names().where(Booking.id == booking_id))).first()
        return _info(row) if row is not None else None

    async def mine(self, person_id: str, since: dt.datetime, until: dt.datetime | None = None) -> list[BookingInfo]:
        """The person's active bookings that have not ended by `since` (and start before `until`)."""
        far = until or since + dt.timedelta(days=400)
        return await self.between(since, far, person_id=person_id)

    async def day(self, resource_id: str, day: dt.date, zone: ZoneInfo) -> list[BookingInfo]:
        """The resource's bookings on one school-local day."""
        start = dt.datetime.combine(day, dt.time(0), zone)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
        return await self.between(start, end, resource_id=resource_id)

    async def free_resources(self, slot: Slot, kind: str | None = None) -> list[ResourceInfo]:
        """Active resources (of `kind`) with no booking overlapping the slot."""
        async with self._db.transaction() as s:
            busy = select(Booking.resource_id).where(
                Booking.status == ACTIVE, Booking.start_at < slot.end, Booking.end_at > slot.start
            )
            query = select(Resource).where(Resource.active.is_(True), Resource.sourced_id.not_in(busy))
            if kind is not None:
                query = query.where(Resource.kind == kind)
            rows = (await s.execute(query.order_by(Resource.kind, Resource.name))).scalars().all()
        return [_resource_info(r) for r in rows]

    async def alternatives(
        self,
        resource: ResourceInfo,
        slot: Slot,
        *,
        zone: ZoneInfo,
        opens: dt.time,
        closes: dt.time,
        not_before: dt.datetime | None = None,
    ) -> Alternatives:
        """The same resource nearest earlier/later that day, and free resources of its kind then."""
        day = slot.start.astimezone(zone).date()
        window = local_slot(day, opens, closes, zone)
        busy = [b.slot for b in await self.day(resource.sourced_id, day, zone)]
        earlier, later = (None, None)
        if slot.length <= window.length:
            earlier, later = nearest_free(busy, slot, window, not_before)
        others = [r for r in await self.free_resources(slot, resource.kind) if r.sourced_id != resource.sourced_id]
        if not_before is not None and slot.start < not_before:
            others = []
        return Alternatives(earlier=earlier, later=later, others=tuple(others))

    async def status_at(
        self, resource_id: str, at: dt.datetime, zone: ZoneInfo
    ) -> tuple[BookingInfo | None, BookingInfo | None]:
        """(the booking holding the resource at `at`, the next one later that day)."""
        today = await self.day(resource_id, at.astimezone(zone).date(), zone)
        current = next((b for b in today if b.start <= at < b.end), None)
        upcoming = next((b for b in today if b.start > at), None)
        return current, upcoming

    # ------------------------------------------------------------------ writing

    async def book(self, resource_id: str, slot: Slot, booked_by: str, *, channel: str | None = None) -> BookingInfo:
        """Book one slot, or raise SlotTaken naming the booking in the way."""
        return (await self.book_recurring(resource_id, [slot], booked_by, channel=channel, series=False))[0]

    async def book_recurring(
        self,
        resource_id: str,
        slots: Sequence[Slot],
        booked_by: str,
        *,
        channel: str | None = None,
        series: bool = True,
    ) -> list[BookingInfo]:
        """Book every slot in one transaction, or none: SlotTaken lists every clash."""
        if not slots:
            return []
        series_id = str(uuid.uuid4()) if series and len(slots) > 1 else None
        for attempt in range(DEADLOCK_RETRIES + 1):
            try:
                async with self._db.transaction() as s:
                    if not self._db.is_sqlite:
                        # One writer per resource at a time: without it, twenty inserts into one slot wait on
                        # each other's uncommitted rows in the exclusion check and PostgreSQL aborts them as
                        # deadlocks. Behind this lock each clash check sees the winner's committed row.
                        await s.execute(
                            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"booking:{resource_id}"}
                        )
                    clashes = await self._clashes(s, resource_id, slots)
                    if clashes:
                        raise SlotTaken(clashes)
                    rows = [
                        Booking(
                            resource_id=resource_id,
                            start_at=slot.start,
                            end_at=slot.end,
                            booked_by=booked_by,
                            status=ACTIVE,
                            series_id=series_id,
                            channel=channel,
                        )
                        for slot in sorted(slots)
                    ]
                    s.add_all(rows)
                    await s.flush()
                    ids = [row.id for row in rows]
                    found = (await s.execute(_with_names().where(Booking.id.in_(ids)).order_by(Booking.start_at))).all()
                    return [_info(r) for r in found]
            except IntegrityError as exc:
                if not _is_overlap(exc):
                    raise
                break  # someone else's insert won the race between our check and our insert
            except DBAPIError as exc:
                # PostgreSQL checks an exclusion constraint against rows not yet committed, so two
                # inserts into one slot can wait on each other; it aborts one. Run it again: the
                # clash check then sees the winner.
                if getattr(exc.orig, "sqlstate", None) != DEADLOCK_DETECTED or attempt == DEADLOCK_RETRIES:
                    raise
        raise SlotTaken(await self.clashes(resource_id, slots))

    async def cancel(self, booking_id: int, person_id: str, *, now: dt.datetime | None = None) -> BookingInfo | None:
        """Cancel one of the person's own active bookings; None when there is no such booking."""
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    _with_names().where(
                        Booking.id == booking_id, Booking.booked_by == person_id, Booking.status == ACTIVE
                    )
                )
            ).first()
            if row is None:
                return None
            await s.execute(
                update(Booking)
                .where(Booking.id == booking_id)
                .values(status=CANCELLED, cancelled_at=now or dt.datetime.now(dt.UTC))
            )
        return replace(_info(row), status=CANCELLED)

    async def cancel_series(self, series_id: str, person_id: str, *, since: dt.datetime) -> list[BookingInfo]:
        """Cancel the person's bookings of a weekly series that start at or after `since`."""
        async with self._db.transaction() as s:
            rows = (
                await s.execute(
                    _with_names()
                    .where(
                        Booking.series_id == series_id,
                        Booking.booked_by == person_id,
                        Booking.status == ACTIVE,
                        Booking.start_at >= since,
                    )
                    .order_by(Booking.start_at)
                )
            ).all()
            ids = [r[0].id for r in rows]
            if ids:
                await s.execute(
                    update(Booking)
                    .where(Booking.id.in_(ids))
                    .values(status=CANCELLED, cancelled_at=dt.datetime.now(dt.UTC))
                )
        return [replace(_info(r), status=CANCELLED) for r in rows]
