"""Absences, same-day follow-up of unexplained absence, and leave applications.

Reasons are stored as categories (illness, appointment, family, other) with the structured dates
and times, never as free text: the guardian's own words are used for the turn and not stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, rowcount
from storage.domain import AbsenceStatus, LeaveRoute, LeaveStatus, Reason
from storage.models import Absence, AbsenceFollowup, Enrollment, LeaveRequest, Person, SchoolClass

REASONS = tuple(Reason)
LEAVE_STATUS = {LeaveStatus.GRANTED: AbsenceStatus.LEAVE_GRANTED, LeaveStatus.REFUSED: AbsenceStatus.LEAVE_REFUSED}
_LEAVE = frozenset({AbsenceStatus.LEAVE_REQUESTED, *LEAVE_STATUS.values()})  # a leave decision (or request) stands


@dataclass(frozen=True)
class AbsenceRecord:
    id: int
    student_id: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    reason: str | None
    status: str
    channel: str
    reported_by: str | None
    registered_by: str | None


@dataclass(frozen=True)
class AbsenceRow:
    """An absence with the pupil's name and class, for lists."""

    record: AbsenceRecord
    given_name: str
    family_name: str
    class_name: str | None


@dataclass(frozen=True)
class LeaveRecord:
    id: int
    student_id: str
    requested_by: str
    channel: str
    first_date: dt.date
    last_date: dt.date
    school_days: int
    reason: str | None
    route: str
    status: str
    decided_by: str | None


@dataclass(frozen=True)
class Followup:
    id: int
    absence: AbsenceRecord
    guardian_id: str | None
    stage: int
    channel: str | None
    asked_at: dt.datetime


def _record(a: Absence) -> AbsenceRecord:
    return AbsenceRecord(
        a.id,
        a.student_id,
        a.date,
        a.start_time,
        a.end_time,
        a.reason,
        a.status,
        a.channel,
        a.reported_by,
        a.registered_by,
    )


def _leave(r: LeaveRequest) -> LeaveRecord:
    return LeaveRecord(
        r.id,
        r.student_id,
        r.requested_by,
        r.channel,
        r.first_date,
        r.last_date,
        r.school_days,
        r.reason,
        r.route,
        r.status,
        r.decided_by,
    )


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything here is stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Absences:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self._db = db
        self._clock = clock

    # ------------------------------------------------------------ guardians report

    async def report(
        self,
        *,
        student_ids: Sequence[str],
        dates: Sequence[dt.date],
        start_time: dt.time | None,
        end_time: dt.time | None,
        reason: str | None,
        channel: str,
        reported_by: str,
    ) -> list[AbsenceRecord]:
        """Record a guardian's report; an unexplained absence that day becomes explained."""
        out: list[AbsenceRecord] = []
        async with self._db.transaction() as s:
            existing = await self._existing(s, student_ids, dates)
            for student_id in student_ids:
                for day in dates:
                    row = existing.get((student_id, day))
                    if row is None:
                        row = Absence(student_id=student_id, date=day, status=AbsenceStatus.REPORTED, channel=channel)
                        s.add(row)
                    elif row.status == AbsenceStatus.UNEXPLAINED:
                        row.status = AbsenceStatus.EXPLAINED
                        row.explained_at = self._clock()
                    elif row.status in _LEAVE:
                        out.append(_record(row))
                        continue  # a leave decision stands; the report changes nothing
                    row.start_time, row.end_time = start_time, end_time
                    row.reason = reason or row.reason
                    row.reported_by, row.channel = reported_by, channel
                    row.updated_at = self._clock()
                    await s.flush()
                    out.append(_record(row))
            await self._close_followups(s, [r.id for r in out], self._clock())
        return out

    @staticmethod
    async def _existing(s: AsyncSession, student_ids: Iterable[str], dates: Iterable[dt.date]) -> dict:
        rows = (
            (
                await s.execute(
                    select(Absence).where(Absence.student_id.in_(list(student_ids)), Absence.date.in_(list(dates)))
                )
            )
            .scalars()
            .all()
        )
        return {(r.student_id, r.date): r for r in rows}

    @staticmethod
    async def _close_followups(s: AsyncSession, absence_ids: list[int], at: dt.datetime) -> None:
        if absence_ids:
            await s.execute(
                update(AbsenceFollowup)
                .where(AbsenceFollowup.absence_id.in_(absence_ids), AbsenceFollowup.answered_at.is_(None))
                .values(answered_at=at)
            )

    async def recent_reports_by(self, guardian_id: str, since: dt.datetime) -> list[AbsenceRecord]:
        """What this guardian reported lately (for "feil, det var Emma" and withdrawals)."""
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(Absence)
                        .where(
                            Absence.reported_by == guardian_id,
                            Absence.updated_at >= since,
                            Absence.status.in_((AbsenceStatus.REPORTED, AbsenceStatus.EXPLAINED)),
                        )
                        .order_by(Absence.updated_at.desc(), Absence.id)
                    )
                )
                .scalars()
                .all()
            )
        if not rows:
            return []
        newest = _aware(rows[0].updated_at)
        return [_record(r) for r in rows if abs((newest - _aware(r.updated_at)).total_seconds()) < 5]

    async def withdraw(self, absence_ids: Sequence[int], guardian_id: str) -> int:
        """Remove a guardian's own reports; an absence the school registered stays, unexplained again."""
        async with self._db.transaction() as s:
            rows = (
                (
                    await s.execute(
                        select(Absence).where(Absence.id.in_(list(absence_ids)), Absence.reported_by == guardian_id)
                    )
                )
                .scalars()
                .all()
            )
            for row in rows:
                if row.registered_by:
                    row.status, row.reason, row.reported_by = AbsenceStatus.UNEXPLAINED, None, None
                else:
                    await s.delete(row)
            return len(rows)

    # ------------------------------------------------------------ the school's view

    async def for_day(self, day: dt.date, class_ids: Sequence[str] | None = None) -> list[AbsenceRow]:
        async with self._db.read() as s:
            stmt = (
                select(Absence, Person.given_name, Person.family_name, SchoolClass.title)
                .join(Person, Person.sourced_id == Absence.student_id)
                .outerjoin(
                    Enrollment,
                    and_(
                        Enrollment.person_id == Absence.student_id,
                        Enrollment.active.is_(True),
                        Enrollment.role == "student",
                    ),
                )
                .outerjoin(
                    SchoolClass,
                    and_(SchoolClass.sourced_id == Enrollment.class_id, SchoolClass.class_type == "homeroom"),
                )
                .where(Absence.date == day)
                .order_by(SchoolClass.title, Person.given_name)
            )
            if class_ids is not None:
                stmt = stmt.where(Enrollment.class_id.in_(list(class_ids)))
            rows = (await s.execute(stmt)).all()
        seen: set[int] = set()
        out = []
        for absence, given, family, klass in rows:
            if absence.id in seen:
                continue
            seen.add(absence.id)
            out.append(AbsenceRow(_record(absence), given, family, klass))
        return out

    async def register_missing(
        self, *, teacher_id: str, student_ids: Sequence[str], day: dt.date
    ) -> tuple[list[AbsenceRecord], list[AbsenceRecord]]:
        """The teacher's register: (already reported, newly unexplained)."""
        known: list[AbsenceRecord] = []
        new: list[AbsenceRecord] = []
        async with self._db.transaction() as s:
            existing = await self._existing(s, student_ids, [day])
            for student_id in student_ids:
                row = existing.get((student_id, day))
                if row is not None:
                    row.registered_by = teacher_id
                    known.append(_record(row))
                    continue
                row = Absence(
                    student_id=student_id,
                    date=day,
                    status=AbsenceStatus.UNEXPLAINED,
                    channel="register",
                    registered_by=teacher_id,
                )
                s.add(row)
                await s.flush()
                new.append(_record(row))
        return known, new

    # ------------------------------------------------------------ same-day follow-up

    async def ask(self, absence_id: int, guardian_id: str | None, stage: int, channel: str | None) -> None:
        async with self._db.transaction() as s:
            s.add(
                AbsenceFollowup(
                    absence_id=absence_id, guardian_id=guardian_id, stage=stage, channel=channel, asked_at=self._clock()
                )
            )

    async def open_followup(self, guardian_id: str, student_ids: Sequence[str], since: dt.datetime) -> Followup | None:
        """The newest unanswered same-day question to this guardian about one of their children (also one
        already passed on to the office: a late answer still explains the absence or opens an urgent case)."""
        async with self._db.read() as s:
            row = (
                await s.execute(
                    select(AbsenceFollowup, Absence)
                    .join(Absence, Absence.id == AbsenceFollowup.absence_id)
                    .where(
                        Absence.student_id.in_(list(student_ids)),
                        Absence.status == AbsenceStatus.UNEXPLAINED,
                        # passed on to the office, still answerable: a parent who answers late is heard
                        or_(AbsenceFollowup.answered_at.is_(None), AbsenceFollowup.channel == "passed"),
                        AbsenceFollowup.asked_at >= since,
                        AbsenceFollowup.guardian_id.is_not(None),
                    )
                    .order_by(AbsenceFollowup.asked_at.desc())
                    .limit(1)
                )
            ).first()
        if row is None:
            return None
        f, a = row
        return Followup(f.id, _record(a), f.guardian_id, f.stage, f.channel, _aware(f.asked_at))

    async def explain(
        self, absence_id: int, *, reason: str, guardian_id: str, channel: str, end_time: dt.time | None = None
    ) -> AbsenceRecord | None:
        """A guardian's answer to the same-day question: the category, never their words; `end_time` when
        the answer says when the child comes ("kommer kl 11"), which makes it a late arrival."""
        async with self._db.transaction() as s:
            row = await s.get(Absence, absence_id)
            if row is None or row.status != AbsenceStatus.UNEXPLAINED:
                return None
            row.status, row.reason, row.reported_by = AbsenceStatus.EXPLAINED, reason, guardian_id
            if end_time is not None:
                row.start_time, row.end_time = None, end_time
            row.channel, row.explained_at, row.updated_at = channel, self._clock(), self._clock()
            await self._close_followups(s, [absence_id], self._clock())
            return _record(row)

    async def due_followups(self, older_than: dt.datetime, day: dt.date) -> list[Followup]:
        """Unanswered questions asked before `older_than` about today's still-unexplained absences,
        and not yet passed on (only the newest question of each absence counts)."""
        async with self._db.transaction() as s:
            rows = (
                await s.execute(
                    select(AbsenceFollowup, Absence)
                    .join(Absence, Absence.id == AbsenceFollowup.absence_id)
                    .where(
                        Absence.status == AbsenceStatus.UNEXPLAINED,
                        Absence.date == day,
                        AbsenceFollowup.answered_at.is_(None),
                    )
                    .order_by(AbsenceFollowup.absence_id, AbsenceFollowup.stage.desc())
                )
            ).all()
        newest: dict[int, Followup] = {}
        for f, a in rows:
            if a.id not in newest:
                newest[a.id] = Followup(f.id, _record(a), f.guardian_id, f.stage, f.channel, _aware(f.asked_at))
        return [f for f in newest.values() if f.guardian_id is not None and f.asked_at < older_than]

    async def mark_passed_on(self, absence_id: int) -> bool:
        """Close an absence's unanswered questions (every guardian asked at once), once: True for the
        caller that closed them, so two workers never escalate the same absence twice."""
        async with self._db.transaction() as s:
            result = await s.execute(
                update(AbsenceFollowup)
                .where(AbsenceFollowup.absence_id == absence_id, AbsenceFollowup.answered_at.is_(None))
                .values(answered_at=self._clock(), channel="passed")
            )
            return rowcount(result) >= 1

    async def asked_guardians(self, absence_id: int) -> set[str]:
        async with self._db.read() as s:
            rows = (
                (await s.execute(select(AbsenceFollowup.guardian_id).where(AbsenceFollowup.absence_id == absence_id)))
                .scalars()
                .all()
            )
        return {r for r in rows if r}

    # ------------------------------------------------------------ leave

    async def apply_leave(
        self,
        *,
        student_id: str,
        dates: Sequence[dt.date],
        reason: str | None,
        requested_by: str,
        channel: str,
        principal_over_days: int,
    ) -> LeaveRecord:
        route = LeaveRoute.PRINCIPAL if len(dates) > principal_over_days else LeaveRoute.OFFICE
        async with self._db.transaction() as s:
            req = LeaveRequest(
                student_id=student_id,
                requested_by=requested_by,
                channel=channel,
                first_date=min(dates),
                last_date=max(dates),
                school_days=len(dates),
                reason=reason,
                route=route,
                status=LeaveStatus.REQUESTED,
                created_at=self._clock(),
            )
            s.add(req)
            await s.flush()
            existing = await self._existing(s, [student_id], dates)
            for day in dates:
                row = existing.get((student_id, day))
                if row is None:
                    row = Absence(student_id=student_id, date=day, channel=channel)
                    s.add(row)
                row.status, row.reason, row.reported_by = AbsenceStatus.LEAVE_REQUESTED, reason, requested_by
                row.request_id = req.id
            return _leave(req)

    async def leave(self, request_id: int) -> LeaveRecord | None:
        async with self._db.read() as s:
            row = await s.get(LeaveRequest, request_id)
            return _leave(row) if row else None

    async def open_leaves(self) -> list[LeaveRecord]:
        """Applications still waiting for a decision, oldest first (to decide one by the child's name)."""
        async with self._db.read() as s:
            rows = await s.scalars(
                select(LeaveRequest).where(LeaveRequest.status == LeaveStatus.REQUESTED).order_by(LeaveRequest.id)
            )
            return [_leave(r) for r in rows]

    async def decide_leave(self, request_id: int, *, granted: bool, decided_by: str) -> LeaveRecord | None:
        """Grant or refuse once; a second decision changes nothing and returns None."""
        status = LeaveStatus.GRANTED if granted else LeaveStatus.REFUSED
        async with self._db.transaction() as s:
            result = await s.execute(
                update(LeaveRequest)
                .where(LeaveRequest.id == request_id, LeaveRequest.status == LeaveStatus.REQUESTED)
                .values(status=status, decided_by=decided_by, decided_at=self._clock())
            )
            if rowcount(result) != 1:
                return None
            await s.execute(
                update(Absence)
                .where(Absence.request_id == request_id)
                .values(status=LEAVE_STATUS[status], updated_at=self._clock())
            )
            decided = await s.get(LeaveRequest, request_id)  # there: the update above just matched it
            return _leave(decided) if decided is not None else None


__all__ = ["Absences", "AbsenceRecord", "AbsenceRow", "LeaveRecord", "Followup", "REASONS"]
