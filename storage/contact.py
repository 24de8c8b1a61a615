"""What the way-to-a-human flow reads and writes: recent broadcasts to answer, acknowledgements,
today's reports (for a fitting "takk" reply) and the school's stored phone number.

No message text is read or written here: an acknowledgement is a row, a report a category.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.domain import AbsenceStatus, DeliveryStatus
from storage.models import Absence, SchoolSetting
from storage.models_broadcast import Acknowledgement, Broadcast, Delivery

ANSWER_WINDOW = dt.timedelta(hours=24)  # a reply this soon after a broadcast may be its acknowledgement
SCHOOL_PHONE_SETTING = "school_phone"
DEMO_SCHOOL_PHONE = "+4722123456"  # the demo school's switchboard ("22 12 34 56"), set by `skolebot demo`
_REACHED = (DeliveryStatus.SENT.value, DeliveryStatus.DELIVERED.value)
# An emergency still going out (SMS at the channel's rate can take minutes): an answer from someone in the
# queue is about it (they heard it from another parent or the other phone), never an absence.
_QUEUED = (DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value)


@dataclass(frozen=True)
class RecentBroadcast:
    """The newest broadcast that reached a person: its id, kind, when it went out and whether they answered it."""

    id: int
    emergency: bool
    created_at: dt.datetime
    acknowledged: bool


@dataclass(frozen=True)
class TodaysReport:
    """An absence a person reported today: the child and the reason category (never words)."""

    student_id: str
    reason: str | None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class ContactStore:
    """Small reads and one write for the contact flow; each call is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def recent_broadcast(self, person_id: str, now: dt.datetime) -> RecentBroadcast | None:
        """The newest broadcast of the last ANSWER_WINDOW that reached this person (sent or delivered), or an
        emergency still queued for them."""
        acked = exists().where(Acknowledgement.broadcast_id == Broadcast.id, Acknowledgement.person_id == person_id)
        query = (
            select(Broadcast.id, Broadcast.emergency, Broadcast.created_at, acked)
            .join(Delivery, Delivery.broadcast_id == Broadcast.id)
            .where(
                Delivery.person_id == person_id,
                or_(Delivery.status.in_(_REACHED), and_(Broadcast.emergency.is_(True), Delivery.status.in_(_QUEUED))),
                Broadcast.created_at >= now.astimezone(dt.UTC) - ANSWER_WINDOW,
                Broadcast.created_at <= now.astimezone(dt.UTC) + dt.timedelta(minutes=1),
            )
            .order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
            .limit(1)
        )
        async with self._db.read() as s:
            row = (await s.execute(query)).first()
        if row is None:
            return None
        return RecentBroadcast(int(row[0]), bool(row[1]), _aware(row[2]), bool(row[3]))

    async def acknowledge(self, broadcast_id: int, person_id: str, channel: str) -> None:
        """Count the person's answer as the broadcast's acknowledgement (once; a second answer changes nothing)."""
        insert = sqlite.insert if self._db.is_sqlite else postgresql.insert
        stmt = (
            insert(Acknowledgement)
            .values(broadcast_id=broadcast_id, person_id=person_id, at=dt.datetime.now(dt.UTC), channel=channel)
            .on_conflict_do_nothing(index_elements=[Acknowledgement.broadcast_id, Acknowledgement.person_id])
        )
        async with self._db.transaction() as s:
            await s.execute(stmt)

    async def todays_reports(self, person_id: str, today: dt.date) -> list[TodaysReport]:
        """The absences this person reported or explained for today, newest change first."""
        query = (
            select(Absence.student_id, Absence.reason)
            .where(
                Absence.reported_by == person_id,
                Absence.date == today,
                Absence.status.in_((AbsenceStatus.REPORTED.value, AbsenceStatus.EXPLAINED.value)),
            )
            .order_by(Absence.updated_at.desc(), Absence.id.desc())
        )
        async with self._db.read() as s:
            rows = (await s.execute(query)).all()
        return [TodaysReport(str(r[0]), r[1]) for r in rows]

    async def school_phone(self) -> str | None:
        """The school's phone number kept in the database (the demo school sets one), or None."""
        async with self._db.read() as s:
            row = await s.get(SchoolSetting, SCHOOL_PHONE_SETTING)
        return row.value if row is not None and row.value else None

    async def set_school_phone(self, phone: str, *, replace: bool = True) -> None:
        """Keep the school's phone number in the database; with replace=False only when none is kept yet."""
        async with self._db.transaction() as s:
            row = await s.get(SchoolSetting, SCHOOL_PHONE_SETTING)
            if row is None:
                s.add(SchoolSetting(key=SCHOOL_PHONE_SETTING, value=phone))
            elif replace:
                row.value = phone
