"""The school's development-plan indicators, counted from the records Skolebot already keeps.

Nothing here is stored twice: every figure is a query over sms_outbound, inbound_messages,
people, absences, absence_followups, leave_requests, bookings, broadcasts and their deliveries
and acknowledgements, and conversation_refs. Output is counts only (no names, no ids), and a
figure about people that is below SMALL_CELL is suppressed (value None, suppressed True).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.calendar import SchoolCalendar
from storage.db import Database
from storage.models import (
    Absence,
    AbsenceFollowup,
    AcademicSession,
    ConversationRef,
    InboundMessage,
    LeaveRequest,
    Person,
    Resource,
    SmsOutbound,
)
from storage.models_booking import ACTIVE, Booking
from storage.models_broadcast import Acknowledgement, Broadcast, Delivery
from storage.people import GUARDIAN_ROLES, STAFF_ROLES

__all__ = [
    "SMALL_CELL",
    "Figure",
    "Period",
    "Row",
    "audience_of",
    "compute",
    "figures",
    "last_year",
    "protect_complements",
    "report",
    "school_periods",
    "standard_periods",
    "suppress",
]

SMALL_CELL = 5  # fewer people than this are never shown
DAY_START = dt.time(8, 0)  # booking fullness is measured over school hours 08-16 on school days
DAY_END = dt.time(16, 0)
TERM_TYPES = ("term", "semester")
YEAR_TYPES = ("schoolYear",)
REACHED = ("sent", "delivered")  # a broadcast delivery that got through


@dataclass(frozen=True)
class Period:
    """An inclusive range of the school's local dates; `kind` is month, term, school_year or range."""

    kind: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Figure:
    """One indicator's value in one period; `people` says it counts people (and so may be suppressed)."""

    indicator: str
    value: float | None
    people: bool
    suppressed: bool = False
    subject: str = ""  # a channel or resource name the indicator is about (never a person)


@dataclass(frozen=True)
class Row:
    """One indicator in one period beside the same period last year (None where no data exist)."""

    indicator: str
    subject: str
    period: Period
    value: float | None
    suppressed: bool
    last_year_value: float | None
    last_year_suppressed: bool


def suppress(indicator: str, value: float, *, people: bool, base: float | None = None, subject: str = "") -> Figure:
    """A figure, hidden when it (or, for a share, its base) counts fewer than SMALL_CELL people."""
    small = people and (value if base is None else base) < SMALL_CELL
    return Figure(indicator, None if small else value, people, small, subject)


def last_year(period: Period) -> Period:
    """The same dates one year earlier (29 February becomes the 28th)."""

    def back(d: dt.date) -> dt.date:
        return d.replace(year=d.year - 1) if not (d.month == 2 and d.day == 29) else dt.date(d.year - 1, 2, 28)

    return Period(period.kind, back(period.start), back(period.end))


def _month(today: dt.date) -> Period:
    first = today.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return Period("month", first, nxt - dt.timedelta(days=1))


def standard_periods(today: dt.date, sessions: Iterable[tuple[str, dt.date, dt.date]]) -> list[Period]:
    """This month, this term and this school year around `today`, from (type, start, end) sessions.

    Without an imported term the half-year (Jan-Jul or Aug-Dec) is the term; without a school
    year, 1 August to 31 July.
    """
    sessions = list(sessions)
    terms = [(s, e) for kind, s, e in sessions if kind in TERM_TYPES and s <= today <= e]
    years = [(s, e) for kind, s, e in sessions if kind in YEAR_TYPES and s <= today <= e]
    if terms:
        term = Period("term", *min(terms))
    elif today.month >= 8:
        term = Period("term", dt.date(today.year, 8, 1), dt.date(today.year, 12, 31))
    else:
        term = Period("term", dt.date(today.year, 1, 1), dt.date(today.year, 7, 31))
    if years:
        year = Period("school_year", *min(years))
    else:
        first = today.year if today.month >= 8 else today.year - 1
        year = Period("school_year", dt.date(first, 8, 1), dt.date(first + 1, 7, 31))
    return [_month(today), term, year]


async def school_periods(db: Database, today: dt.date) -> list[Period]:
    """standard_periods from the academic sessions in the database."""
    async with db.read() as s:
        rows = (
            await s.execute(
                select(AcademicSession.type, AcademicSession.start_date, AcademicSession.end_date).where(
                    AcademicSession.active.is_(True)
                )
            )
        ).all()
    return standard_periods(today, [(r[0], r[1], r[2]) for r in rows])


def audience_of(roles: Iterable[str]) -> str | None:
    """pupils, staff or guardians for the roles behind one phone number (staff first, then guardians)."""
    roles = set(roles)
    if roles & STAFF_ROLES:
        return "staff"
    if roles & (GUARDIAN_ROLES | {"relative"}):
        return "guardians"
    if "student" in roles:
        return "pupils"
    return None


def _bounds(period: Period, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of the period's first local midnight and the midnight after its last day."""
    start = dt.datetime.combine(period.start, dt.time(), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
    return start, end


def _utc(value: dt.datetime) -> dt.datetime:
    """Rows read back from SQLite are naive UTC; PostgreSQL's are aware."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


async def figures(
    db: Database, period: Period, *, zone: ZoneInfo, school_start: dt.time, calendar: SchoolCalendar | None = None
) -> list[Figure]:
    """Every indicator for one period, in a stable order."""
    lo, hi = _bounds(period, zone)
    hours_open = _hours_open(period, calendar or SchoolCalendar())
    async with db.read() as s:
        roster = await _roster(s)
        inbound = await _inbound_sms(s, lo, hi)
        out = _sms_figures(await _sms_recipients(s, lo, hi), inbound, roster)
        out += _absence_figures(await _absences(s, period), zone, school_start)
        out += _followup_figures(await _answer_minutes(s, period))
        out += await _leave_figures(s, lo, hi)
        out += _booking_figures(await _booked_hours(s, lo, hi), hours_open)
        out += await _broadcast_figures(s, lo, hi)
        out += _guardian_figures(await _digital_people(s, lo, hi, inbound), roster.guardians_active)
    return protect_complements(out)


@dataclass(frozen=True)
class _Roster:
    """Who is who, for counting: each person's role, the roles behind each number, the active guardians."""

    role_of: dict[str, str]
    roles_by_number: dict[str, set[str]]
    guardians_active: frozenset[str]


class _Absence(NamedTuple):
    """What the figures need of one absence."""

    date: dt.date
    channel: str
    created_at: dt.datetime
    registered_by: str | None
    status: str


async def _roster(s: AsyncSession) -> _Roster:
    """Everyone's role, by person and by phone number (a number can be shared), and the active guardians."""
    role_of: dict[str, str] = {}
    roles_by_number: dict[str, set[str]] = defaultdict(set)
    for sid, role, sms, phone in (
        await s.execute(select(Person.sourced_id, Person.role, Person.sms, Person.phone))
    ).all():
        role_of[sid] = role
        for number in (sms, phone):
            if number:
                roles_by_number[number].add(role)
    guardians_active = frozenset(
        (
            await s.scalars(select(Person.sourced_id).where(Person.role.in_(GUARDIAN_ROLES), Person.active.is_(True)))
        ).all()
    )
    return _Roster(role_of, roles_by_number, guardians_active)


async def _sms_recipients(s: AsyncSession, lo: dt.datetime, hi: dt.datetime) -> Sequence[str]:
    """The number each SMS sent in [lo, hi) went to, one entry per message."""
    return (
        await s.scalars(select(SmsOutbound.to).where(SmsOutbound.created_at >= lo, SmsOutbound.created_at < hi))
    ).all()


async def _inbound_sms(s: AsyncSession, lo: dt.datetime, hi: dt.datetime) -> Sequence[str | None]:
    """Who sent each SMS received in [lo, hi), one entry per message (None: an unknown number)."""
    return (
        await s.scalars(
            select(InboundMessage.person_id).where(
                InboundMessage.channel_id == "sms", InboundMessage.received_at >= lo, InboundMessage.received_at < hi
            )
        )
    ).all()


def _sms_figures(recipients: Iterable[str], inbound: Iterable[str | None], roster: _Roster) -> list[Figure]:
    """SMS out by audience, SMS in from guardians (messages, not people)."""
    sent = Counter(audience_of(roster.roles_by_number.get(to, ())) for to in recipients)
    out = [Figure(f"sms_out_{audience}", sent[audience], people=False) for audience in ("pupils", "staff", "guardians")]
    from_guardians = sum(
        1 for p in inbound if roster.role_of.get(p or "") in GUARDIAN_ROLES or roster.role_of.get(p or "") == "relative"
    )
    out.append(Figure("sms_in_guardians", from_guardians, people=False))
    return out


async def _absences(s: AsyncSession, period: Period) -> list[_Absence]:
    """The absences on the period's days, reported by guardians or registered by teachers."""
    rows = (
        await s.execute(
            select(Absence.date, Absence.channel, Absence.created_at, Absence.registered_by, Absence.status).where(
                Absence.date >= period.start, Absence.date <= period.end
            )
        )
    ).all()
    return [_Absence(*row) for row in rows]


def _absence_figures(absences: Sequence[_Absence], zone: ZoneInfo, school_start: dt.time) -> list[Figure]:
    """Reports by channel, before the school day and by hour; registered absences and those still unexplained."""
    reports = [a for a in absences if a.registered_by is None]
    out = [suppress("absence_reports", len(reports), people=True)]
    by_channel = Counter(a.channel for a in reports)
    out += [suppress("absence_reports_channel", by_channel[c], people=True, subject=c) for c in sorted(by_channel)]
    early = sum(
        1 for a in reports if _utc(a.created_at).astimezone(zone) < dt.datetime.combine(a.date, school_start, zone)
    )
    out.append(suppress("absence_reports_before_start", early, people=True))
    by_hour = Counter(_utc(a.created_at).astimezone(zone).hour for a in reports)
    # When guardians report: e.g. "07" = 07:00-07:59.
    out += [suppress("absence_reports_hour", by_hour[h], people=True, subject=f"{h:02d}") for h in sorted(by_hour)]
    unexplained = [a for a in absences if a.registered_by is not None]
    out.append(suppress("absences_unexplained", len(unexplained), people=True))
    out.append(
        suppress("absences_still_unexplained", sum(1 for a in unexplained if a.status == "unexplained"), people=True)
    )
    return out


async def _answer_minutes(s: AsyncSession, period: Period) -> list[float]:
    """Minutes from asking a guardian about an absence in the period to their answer, per answered question."""
    answers = (
        await s.execute(
            select(AbsenceFollowup.asked_at, AbsenceFollowup.answered_at)
            .join(Absence, Absence.id == AbsenceFollowup.absence_id)
            .where(
                Absence.date >= period.start,
                Absence.date <= period.end,
                AbsenceFollowup.guardian_id.is_not(None),
                AbsenceFollowup.answered_at.is_not(None),
            )
        )
    ).all()
    return [
        (_utc(answered) - _utc(asked)).total_seconds() / 60 for asked, answered in answers if answered is not None
    ]  # never None: the query asks for answered ones


def _followup_figures(minutes: Sequence[float]) -> list[Figure]:
    """The median time guardians took to answer, hidden when few answered."""
    median = round(statistics.median(minutes), 1) if minutes else 0
    return [suppress("followup_answer_minutes_median", median, people=True, base=len(minutes))]


async def _leave_figures(s: AsyncSession, lo: dt.datetime, hi: dt.datetime) -> list[Figure]:
    """Leave applications made in [lo, hi), and decisions taken in it."""
    applied = await s.scalar(
        select(func.count())
        .select_from(LeaveRequest)
        .where(LeaveRequest.created_at >= lo, LeaveRequest.created_at < hi)
    )
    decided = Counter(
        (
            await s.scalars(
                select(LeaveRequest.status).where(LeaveRequest.decided_at >= lo, LeaveRequest.decided_at < hi)
            )
        ).all()
    )
    return [
        suppress("leave_applications", applied or 0, people=True),
        suppress("leave_granted", decided["granted"], people=True),
        suppress("leave_refused", decided["refused"], people=True),
    ]


def _hours_open(period: Period, calendar: SchoolCalendar) -> float:
    """School hours (DAY_START-DAY_END on school days) in the period: what a resource could be booked for."""
    day = dt.datetime.combine(period.start, DAY_END) - dt.datetime.combine(period.start, DAY_START)
    return len(calendar.school_days(period.start, period.end)) * (day.total_seconds() / 3600)


async def _booked_hours(s: AsyncSession, lo: dt.datetime, hi: dt.datetime) -> dict[str, list[float]]:
    """Per resource name, the length in hours of each active booking starting in [lo, hi)."""
    booked: dict[str, list[float]] = defaultdict(list)
    for name, start, end in (
        await s.execute(
            select(Resource.name, Booking.start_at, Booking.end_at)
            .join(Resource, Resource.sourced_id == Booking.resource_id)
            .where(Booking.status == ACTIVE, Booking.start_at >= lo, Booking.start_at < hi)
        )
    ).all():
        booked[name].append((end - start).total_seconds() / 3600)
    return booked


def _booking_figures(booked: dict[str, list[float]], hours_open: float) -> list[Figure]:
    """Bookings per resource and how full each is over school hours on school days."""
    out: list[Figure] = []
    for name in sorted(booked):
        out.append(Figure("bookings", len(booked[name]), people=False, subject=name))
        out.append(Figure("booking_fullness_pct", _pct(sum(booked[name]), hours_open), people=False, subject=name))
    return out


async def _broadcast_figures(s: AsyncSession, lo: dt.datetime, hi: dt.datetime) -> list[Figure]:
    """Broadcasts: how many, the share of their recipients reached, the share of alert recipients who acked."""
    casts = (
        await s.execute(
            select(Broadcast.id, Broadcast.emergency).where(Broadcast.created_at >= lo, Broadcast.created_at < hi)
        )
    ).all()
    emergency = {c.id for c in casts if c.emergency}
    recipients = await _recipients_reached(s, [c.id for c in casts])
    alerted = {key for key in recipients if key[0] in emergency}
    acks = await _acknowledged(s, emergency)
    return [
        Figure("broadcasts", len(casts), people=False),
        suppress(
            "broadcast_delivery_pct", _pct(sum(recipients.values()), len(recipients)), people=True, base=len(recipients)
        ),
        suppress("broadcast_ack_pct", _pct(len(acks & alerted), len(alerted)), people=True, base=len(alerted)),
    ]


async def _recipients_reached(s: AsyncSession, broadcast_ids: Sequence[int]) -> dict[tuple[int, str], bool]:
    """Per (broadcast, person), whether any of their deliveries got through."""
    recipients: dict[tuple[int, str], bool] = {}
    if not broadcast_ids:
        return recipients
    for bid, pid, status in (
        await s.execute(
            select(Delivery.broadcast_id, Delivery.person_id, Delivery.status).where(
                Delivery.broadcast_id.in_(broadcast_ids)
            )
        )
    ).all():
        recipients[(bid, pid)] = recipients.get((bid, pid), False) or status in REACHED
    return recipients


async def _acknowledged(s: AsyncSession, broadcast_ids: set[int]) -> set[tuple[int, str]]:
    """The (broadcast, person) pairs that acknowledged one of the alerts `broadcast_ids`."""
    if not broadcast_ids:
        return set()
    rows = (
        await s.execute(
            select(Acknowledgement.broadcast_id, Acknowledgement.person_id).where(
                Acknowledgement.broadcast_id.in_(broadcast_ids)
            )
        )
    ).all()
    return {(bid, pid) for bid, pid in rows}


async def _digital_people(s: AsyncSession, lo: dt.datetime, hi: dt.datetime, inbound: Iterable[str | None]) -> set[str]:
    """Everyone who reached the school digitally (Teams or SMS) in [lo, hi)."""
    digital = set(
        (
            await s.scalars(
                select(ConversationRef.person_id).where(
                    ConversationRef.updated_at >= lo, ConversationRef.updated_at < hi
                )
            )
        ).all()
    )
    digital |= {p for p in inbound if p}
    digital |= {
        p
        for p in (
            await s.scalars(
                select(InboundMessage.person_id).where(
                    InboundMessage.received_at >= lo,
                    InboundMessage.received_at < hi,
                    InboundMessage.person_id.is_not(None),
                )
            )
        ).all()
        if p is not None
    }
    return digital


def _guardian_figures(digital: set[str], guardians_active: frozenset[str]) -> list[Figure]:
    """How many active guardians reached the school digitally, and their share of all active guardians."""
    reached = digital & guardians_active
    count = suppress("guardians_digital", len(reached), people=True)
    share = _pct(len(reached), len(guardians_active))
    return [count, Figure("guardians_digital_pct", None if count.suppressed else share, True, count.suppressed)]


# A shown total with its parts: hiding one part alone would let anyone subtract it back.
# Each breakdown of a total is its own group: its parts add up to the total.
COMPLEMENTS = (
    ("absence_reports", ("absence_reports_channel",)),
    ("absence_reports", ("absence_reports_hour",)),
    ("leave_applications", ("leave_granted", "leave_refused")),
)


def protect_complements(figures: list[Figure]) -> list[Figure]:
    """Secondary suppression: where exactly one part of a shown total is hidden, hide the smallest
    other part too, so no hidden cell can be worked out by subtraction."""
    out = list(figures)
    for total, part_names in COMPLEMENTS:
        if any(f.indicator == total and f.suppressed for f in out):
            continue
        parts = [i for i, f in enumerate(out) if f.indicator in part_names]
        hidden = [i for i in parts if out[i].suppressed]
        shown = sorted((i for i in parts if not out[i].suppressed), key=lambda i: out[i].value or 0)
        if len(hidden) == 1 and shown:
            f = out[shown[0]]
            out[shown[0]] = Figure(f.indicator, None, f.people, True, f.subject)
    return out


async def first_record(db: Database, zone: ZoneInfo) -> dt.date | None:
    """The local date of the oldest record the figures count; before it there is no data."""
    async with db.read() as s:
        stamps = [
            await s.scalar(select(func.min(column)))
            for column in (
                SmsOutbound.created_at,
                InboundMessage.received_at,
                Absence.created_at,
                Broadcast.created_at,
                LeaveRequest.created_at,
            )
        ]
        booked = await s.scalar(select(func.min(Booking.created_at)))
    days = [_utc(v).astimezone(zone).date() for v in stamps if v is not None]
    if booked is not None:
        days.append(_utc(booked).astimezone(zone).date())
    return min(days) if days else None


def compute(current: Sequence[Figure], previous: Sequence[Figure] | None, period: Period) -> list[Row]:
    """Rows pairing this period's figures with last year's (by indicator and subject)."""
    before = {(f.indicator, f.subject): f for f in previous or ()}
    rows = []
    for f in current:
        old = before.get((f.indicator, f.subject))
        if old is None and previous is not None:  # a channel or resource not seen last year: zero
            old = suppress(f.indicator, 0, people=f.people, subject=f.subject)
        rows.append(
            Row(
                f.indicator,
                f.subject,
                period,
                f.value,
                f.suppressed,
                old.value if old else None,
                old.suppressed if old else False,
            )
        )
    return rows


async def report(
    db: Database,
    periods: Sequence[Period],
    *,
    zone: ZoneInfo,
    school_start: dt.time,
    calendar: SchoolCalendar | None = None,
) -> list[Row]:
    """Every indicator for every period, with last year's value where records reach back that far."""
    oldest = await first_record(db, zone)
    rows: list[Row] = []
    for period in periods:
        current = await figures(db, period, zone=zone, school_start=school_start, calendar=calendar)
        earlier = last_year(period)
        previous = None
        if oldest is not None and oldest <= earlier.end:
            previous = await figures(db, earlier, zone=zone, school_start=school_start, calendar=calendar)
        rows.extend(compute(current, previous, period))
    return rows


async def sms_by_month(db: Database, period: Period, *, zone: ZoneInfo) -> list[tuple[dt.date, int]]:
    """SMS handed to Twilio per local month of `period` (first day of each month, count)."""
    lo, hi = _bounds(period, zone)
    async with db.read() as s:
        stamps = (
            await s.scalars(
                select(SmsOutbound.created_at).where(SmsOutbound.created_at >= lo, SmsOutbound.created_at < hi)
            )
        ).all()
    counts = Counter(_utc(v).astimezone(zone).date().replace(day=1) for v in stamps)
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append((month, counts[month]))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months
