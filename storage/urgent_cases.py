"""Urgent cases: open one when a child who should be at school is not, pass further messages on, resolve once.

Opening a case about a registered absence turns that absence `urgent` and closes its same-day
questions in the same transaction, so the escalation job (which follows only unexplained
absences with open questions) never tells the office "no guardian answered" about it.
Resolving is one conditional update, so two staff members pressing the button resolve it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, rowcount
from storage.domain import AbsenceStatus
from storage.models import Absence, AbsenceFollowup, Guardianship
from storage.models_urgent import UrgentCase


@dataclass(frozen=True)
class UrgentCaseRecord:
    id: int
    student_id: str
    absence_id: int | None
    raised_by: str
    channel: str
    signal: str
    additions: int
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    resolved_by: str | None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything here is stored as UTC."""
    return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)


def _record(c: UrgentCase) -> UrgentCaseRecord:
    opened = _aware(c.opened_at)
    assert opened is not None
    return UrgentCaseRecord(
        c.id,
        c.student_id,
        c.absence_id,
        c.reported_by,
        c.channel,
        c.signal,
        c.additions,
        opened,
        _aware(c.resolved_at),
        c.decided_by,
    )


class UrgentCases:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self._db = db
        self._clock = clock

    async def open(
        self,
        *,
        student_id: str,
        absence_id: int | None,
        day: dt.date,
        raised_by: str,
        channel: str,
        signal: str,
    ) -> tuple[UrgentCaseRecord, bool]:
        """Open a case (its absence turns urgent, its questions close), or join the child's open one: (case, new)."""
        now = self._clock()
        async with self._db.transaction() as s:
            existing = await self._open_for_child(s, student_id)
            if existing is not None:
                existing.additions += 1
                existing.updated_at = now
                return _record(existing), False
            absence = await self._absence(s, absence_id, student_id, day)
            case = UrgentCase(
                student_id=student_id,
                absence_id=absence.id if absence is not None else None,
                reported_by=raised_by,
                channel=channel,
                signal=signal,
                additions=0,
                opened_at=now,
                updated_at=now,
            )
            s.add(case)
            if absence is not None:
                if absence.status == AbsenceStatus.UNEXPLAINED:
                    absence.status, absence.updated_at = AbsenceStatus.URGENT, now
                await s.execute(
                    update(AbsenceFollowup)
                    .where(AbsenceFollowup.absence_id == absence.id, AbsenceFollowup.answered_at.is_(None))
                    .values(answered_at=now)
                )
            await s.flush()
            return _record(case), True

    @staticmethod
    async def _open_for_child(s: AsyncSession, student_id: str) -> UrgentCase | None:
        return (
            await s.execute(
                select(UrgentCase)
                .where(UrgentCase.student_id == student_id, UrgentCase.resolved_at.is_(None))
                .order_by(UrgentCase.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    @staticmethod
    async def _absence(s: AsyncSession, absence_id: int | None, student_id: str, day: dt.date) -> Absence | None:
        """The absence the case is about: the one asked about, else the child's unexplained absence that day."""
        if absence_id is not None:
            return await s.get(Absence, absence_id)
        return (
            await s.execute(
                select(Absence).where(
                    Absence.student_id == student_id,
                    Absence.date == day,
                    Absence.status == AbsenceStatus.UNEXPLAINED,
                )
            )
        ).scalar_one_or_none()

    async def add(self, case_id: int) -> UrgentCaseRecord | None:
        """One more message passed on about an open case."""
        async with self._db.transaction() as s:
            case = await s.get(UrgentCase, case_id)
            if case is None or case.resolved_at is not None:
                return None
            case.additions += 1
            case.updated_at = self._clock()
            return _record(case)

    async def get(self, case_id: int) -> UrgentCaseRecord | None:
        async with self._db.read() as s:
            case = await s.get(UrgentCase, case_id)
            return _record(case) if case is not None else None

    async def open_raised_by(self, person_id: str, since: dt.datetime) -> list[UrgentCaseRecord]:
        """The open cases this person raised since `since`, newest first."""
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(UrgentCase)
                        .where(
                            UrgentCase.reported_by == person_id,
                            UrgentCase.resolved_at.is_(None),
                            UrgentCase.opened_at >= since,
                        )
                        .order_by(UrgentCase.id.desc())
                    )
                )
                .scalars()
                .all()
            )
        return [_record(r) for r in rows]

    async def open_cases(self) -> list[UrgentCaseRecord]:
        """Every open case, oldest first."""
        async with self._db.read() as s:
            rows = (
                (await s.execute(select(UrgentCase).where(UrgentCase.resolved_at.is_(None)).order_by(UrgentCase.id)))
                .scalars()
                .all()
            )
        return [_record(r) for r in rows]

    async def resolve(self, case_id: int, by: str) -> UrgentCaseRecord | None:
        """Close the case once (None when it was already closed); its absence becomes `resolved`."""
        now = self._clock()
        async with self._db.transaction() as s:
            result = await s.execute(
                update(UrgentCase)
                .where(UrgentCase.id == case_id, UrgentCase.resolved_at.is_(None))
                .values(resolved_at=now, decided_by=by, updated_at=now)
            )
            if rowcount(result) != 1:
                return None
            case = await s.get(UrgentCase, case_id)
            assert case is not None
            await s.refresh(case)
            if case.absence_id is not None:
                await s.execute(
                    update(Absence)
                    .where(Absence.id == case.absence_id, Absence.status == AbsenceStatus.URGENT)
                    .values(status=AbsenceStatus.RESOLVED, updated_at=now)
                )
            return _record(case)

    async def asked_guardians(self, absence_id: int) -> list[tuple[str, str | None]]:
        """The guardians the school's same-day question about this absence went to: (id, channel), first asked first."""
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(AbsenceFollowup.guardian_id, AbsenceFollowup.channel)
                    .where(AbsenceFollowup.absence_id == absence_id, AbsenceFollowup.guardian_id.is_not(None))
                    .order_by(AbsenceFollowup.stage, AbsenceFollowup.id)
                )
            ).all()
        return [(str(gid), channel) for gid, channel in rows]

    async def linked_children(self, person_id: str) -> list[str]:
        """The pupils a guardian or relative is linked to in the roster (any agent role), in roster order."""
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(Guardianship.student_id)
                        .where(Guardianship.guardian_id == person_id, Guardianship.active.is_(True))
                        .order_by(Guardianship.student_id)
                    )
                )
                .scalars()
                .all()
            )
        return list(rows)
