"""Corrections to guardians' absence reports: the latest reports, moving them, amending them, taking days back.

A correction rewrites the rows of a report in one transaction, so a report is never stored twice
and a withdrawn day is gone (or, when the school registered the pupil missing, unexplained again).
Reasons stay categories and times stay times: no words of the guardian are stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.absences import AbsenceRecord
from storage.db import Database
from storage.domain import AbsenceStatus
from storage.models import Absence, AbsenceFollowup

# A guardian's word stands behind these rows (a report, or an answer to the same-day question).
GUARDIAN_STATUSES = (AbsenceStatus.REPORTED, AbsenceStatus.EXPLAINED)
_LEAVE = (AbsenceStatus.LEAVE_REQUESTED, AbsenceStatus.LEAVE_GRANTED, AbsenceStatus.LEAVE_REFUSED)


@dataclass(frozen=True)
class Reported:
    """A guardian-reported absence day and when a guardian last touched it (the report it belongs to)."""

    record: AbsenceRecord
    at: dt.datetime


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything here is stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


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


class AbsenceCorrections:
    """The storage side of "feil, det var i morgen", "Ola kommer likevel" and merged duplicate reports."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self._db = db
        self._clock = clock

    async def recent(self, student_ids: Sequence[str], since: dt.datetime, from_day: dt.date) -> list[Reported]:
        """Guardian-reported days of these pupils from `from_day` on, touched since `since`, newest first."""
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(Absence)
                        .where(
                            Absence.student_id.in_(list(student_ids)),
                            Absence.status.in_(GUARDIAN_STATUSES),
                            Absence.reported_by.is_not(None),
                            Absence.updated_at >= since,
                            Absence.date >= from_day,
                        )
                        .order_by(Absence.updated_at.desc(), Absence.date, Absence.id)
                    )
                )
                .scalars()
                .all()
            )
        return [Reported(_record(r), _aware(r.updated_at)) for r in rows]

    async def on_days(self, student_ids: Sequence[str], dates: Sequence[dt.date]) -> list[AbsenceRecord]:
        """Every absence row of these pupils on these days, whatever its status."""
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(Absence)
                        .where(Absence.student_id.in_(list(student_ids)), Absence.date.in_(list(dates)))
                        .order_by(Absence.date, Absence.id)
                    )
                )
                .scalars()
                .all()
            )
        return [_record(r) for r in rows]

    async def take_back(self, absence_ids: Sequence[int], student_ids: Sequence[str]) -> list[AbsenceRecord]:
        """Withdraw guardian-reported days of these pupils (the caller's children): gone, or unexplained again
        when the school registered them."""
        async with self._db.transaction() as s:
            return await self._take_back(s, absence_ids, student_ids)

    async def _take_back(
        self, s: AsyncSession, absence_ids: Sequence[int], student_ids: Sequence[str]
    ) -> list[AbsenceRecord]:
        if not absence_ids:
            return []
        rows = (
            (
                await s.execute(
                    select(Absence).where(
                        Absence.id.in_(list(absence_ids)),
                        Absence.student_id.in_(list(student_ids)),
                        Absence.status.in_(GUARDIAN_STATUSES),
                    )
                )
            )
            .scalars()
            .all()
        )
        out = [_record(r) for r in rows]
        for row in rows:
            if row.registered_by:
                row.status, row.reason, row.reported_by = AbsenceStatus.UNEXPLAINED, None, None
                row.start_time = row.end_time = None
                row.updated_at = self._clock()
            else:
                await s.delete(row)
        await s.flush()
        return out

    async def rewrite(
        self,
        *,
        remove: Sequence[int],
        children: Sequence[str],
        student_ids: Sequence[str],
        dates: Sequence[dt.date],
        start_time: dt.time | None,
        end_time: dt.time | None,
        reason: str | None,
        channel: str,
        reported_by: str,
    ) -> list[AbsenceRecord]:
        """Replace a report: take back the `remove` rows (of `children` only) and store the corrected days,
        in one transaction.

        A day with a leave decision is left as it is; an unexplained day becomes explained.
        """
        now = self._clock()
        out: list[AbsenceRecord] = []
        async with self._db.transaction() as s:
            await self._take_back(s, remove, children)

            existing = {
                (r.student_id, r.date): r
                for r in (
                    await s.execute(
                        select(Absence).where(Absence.student_id.in_(list(student_ids)), Absence.date.in_(list(dates)))
                    )
                )
                .scalars()
                .all()
            }
            for student_id in student_ids:
                for day in dates:
                    row = existing.get((student_id, day))
                    if row is not None and row.status in _LEAVE:
                        continue
                    if row is None:
                        row = Absence(student_id=student_id, date=day, status=AbsenceStatus.REPORTED, channel=channel)
                        s.add(row)
                    elif row.status == AbsenceStatus.UNEXPLAINED:
                        row.status, row.explained_at = AbsenceStatus.EXPLAINED, now
                    row.start_time, row.end_time, row.reason = start_time, end_time, reason
                    row.reported_by, row.channel, row.updated_at = reported_by, channel, now
                    await s.flush()
                    out.append(_record(row))
            await self._close_followups(s, [r.id for r in out], now)
        return out

    async def amend(
        self, absence_ids: Sequence[int], *, start_time: dt.time | None, end_time: dt.time | None, reason: str | None
    ) -> list[AbsenceRecord]:
        """Set the times and reason of guardian-reported days (a second guardian adds what the first left out)."""
        async with self._db.transaction() as s:
            rows = (
                (
                    await s.execute(
                        select(Absence).where(Absence.id.in_(list(absence_ids)), Absence.status.in_(GUARDIAN_STATUSES))
                    )
                )
                .scalars()
                .all()
            )
            for row in rows:
                row.start_time, row.end_time, row.reason = start_time, end_time, reason
                row.updated_at = self._clock()
            await s.flush()
            return [_record(r) for r in rows]

    @staticmethod
    async def _close_followups(s: AsyncSession, absence_ids: list[int], at: dt.datetime) -> None:
        if absence_ids:
            await s.execute(
                update(AbsenceFollowup)
                .where(AbsenceFollowup.absence_id.in_(absence_ids), AbsenceFollowup.answered_at.is_(None))
                .values(answered_at=at)
            )


__all__ = ["AbsenceCorrections", "GUARDIAN_STATUSES", "Reported"]
